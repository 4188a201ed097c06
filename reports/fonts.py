"""Find a font that draws Chinese, for the charts.

Windows has Microsoft YaHei / SimHei / SimSun; Linux and CI get Noto Sans CJK
from fonts-noto-cjk. The order can be changed without code: the environment
variable HUITOUKAN_FONTS="A,B,C" (family names or font file paths), or the
`preferred` argument, which comes first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from matplotlib import font_manager

from xladdin.errors import UserError

ENV_VAR = "HUITOUKAN_FONTS"
DEFAULT_FONTS = (
    "Microsoft YaHei",
    "SimHei",
    "SimSun",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "Noto Serif CJK SC",
)
# Every character class the charts draw: a font lacking any of them is no use.
PROBE_TEXT = "支部项目合格补课中不合格完成率第一二三四五动员部署实施方案学习宣传专题讨论工作结合个项％"


def font_order(preferred: Sequence[str] | None = None) -> list[str]:
    env = [n.strip() for n in os.environ.get(ENV_VAR, "").replace("，", ",").split(",")]
    order: list[str] = []
    for name in [*(preferred or ()), *env, *DEFAULT_FONTS]:
        if name and name not in order:
            order.append(name)
    return order


def find_cjk_font(preferred: Sequence[str] | None = None) -> str:
    """The family name matplotlib should use; raises UserError if none can draw Chinese."""
    order = font_order(preferred)
    for entry in order:
        family = _resolve(entry)
        if family and _draws_chinese(family):
            return family
    raise UserError("no-cjk-font", tried="、".join(order))


def _resolve(entry: str) -> str | None:
    """A family name matplotlib knows for this entry, registering the font file if needed."""
    path = Path(entry)
    if path.suffix.lower() in (".ttf", ".otf", ".ttc") and path.is_file():
        return _register(path, None)
    if _known(entry):
        return _known(entry)
    # matplotlib's font cache is built once; a font installed later is only
    # found through fontconfig.
    found = _fontconfig_file(entry)
    return _register(found, entry) if found else None


def _known(family: str) -> str | None:
    wanted = family.casefold()
    for font in font_manager.fontManager.ttflist:
        if font.name.casefold() == wanted:
            return font.name
    return None


def _register(path: Path, family: str | None) -> str | None:
    try:
        font_manager.fontManager.addfont(str(path))
    except (OSError, RuntimeError, ValueError):
        return None
    if family:
        return _known(family)
    # A collection (.ttc) registers several faces; prefer the Simplified Chinese one.
    names = [f.name for f in font_manager.fontManager.ttflist if Path(f.fname) == path]
    return next((n for n in names if n.endswith(" SC")), names[0] if names else None)


def _fontconfig_file(family: str) -> Path | None:
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "-f", "%{family}\n%{file}", family], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    families, _, file = out.partition("\n")
    # fc-match always answers with something; only an exact family match counts.
    if family.casefold() not in (f.strip().casefold() for f in families.split(",")):
        return None
    return Path(file.strip()) if file.strip() else None


def _draws_chinese(family: str) -> bool:
    try:
        path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        charmap = font_manager.get_font(path).get_charmap()
    except (ValueError, OSError, RuntimeError):
        return False
    return all(ord(ch) in charmap for ch in PROBE_TEXT)
