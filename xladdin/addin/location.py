"""Where the add-in goes: Excel's own startup folder, asked the way xlwings asks it.

``xlwings addin install`` (xlwings/cli.py, ``get_addin_dir``) asks a running
Excel for ``Application.StartupPath``, or starts a hidden Excel to ask it. The
folder can differ from ``%APPDATA%\\Microsoft\\Excel\\XLSTART`` (redirected
profiles), so the default is used only when Excel cannot be asked. Install
remembers where it put the file, so that doctor and remove, which must not
start Excel, look in the same place.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from xladdin.addin.build import ADDIN_FILENAME

RECORD_NAME = "addin-location.txt"
ASKED, DEFAULT = "由 Excel 告知", "Excel 未能告知，使用默认位置"


def default_xlstart(environ: Mapping[str, str] = os.environ) -> Path:
    return Path(environ.get("APPDATA", str(Path.home() / "AppData" / "Roaming"))) / "Microsoft" / "Excel" / "XLSTART"


def ask_excel() -> Path | None:
    """Excel's user startup folder from Excel itself, as xlwings does; None when Excel cannot answer.

    A program other than Excel can sit behind ``Excel.Application`` (WPS with
    its compatibility option): its answer is taken only if EXCEL.EXE is in its
    folder.
    """
    try:
        import xlwings

        if xlwings.apps:
            return _startup_path_of(xlwings.apps.active)
        with xlwings.App(visible=False, add_book=False) as app:
            return _startup_path_of(app)
    except Exception:  # no Excel, no COM, Excel refused: all mean "use the default"
        return None


def _startup_path_of(app) -> Path | None:
    if not (Path(app.path) / "EXCEL.EXE").is_file():
        return None
    return Path(app.startup_path)


def startup_folder(ask: Callable[[], Path | None] = ask_excel, environ: Mapping[str, str] = os.environ) -> tuple[Path, str]:
    """The folder to install into, and how it was found (shown to the user)."""
    asked = ask()
    if asked is not None and str(asked).strip():
        return asked, ASKED
    return default_xlstart(environ), DEFAULT


def record_file(environ: Mapping[str, str] = os.environ) -> Path:
    base = environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    return Path(base) / "huitoukan" / RECORD_NAME


def remember(addin: Path, environ: Mapping[str, str] = os.environ) -> None:
    """Note where the add-in was installed; a failure here only costs doctor a guess."""
    record = record_file(environ)
    tmp = record.with_name(record.name + ".tmp")
    with contextlib.suppress(OSError):
        try:
            record.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(str(addin), encoding="utf-8")
            os.replace(tmp, record)
        finally:
            tmp.unlink(missing_ok=True)


def forget(environ: Mapping[str, str] = os.environ) -> None:
    with contextlib.suppress(OSError):
        record_file(environ).unlink(missing_ok=True)


def installed_addin(environ: Mapping[str, str] = os.environ) -> tuple[Path, bool]:
    """Where the add-in should be, and whether that comes from install's record (else the default)."""
    with contextlib.suppress(OSError):
        text = record_file(environ).read_text(encoding="utf-8").strip()
        if text:
            return Path(text), True
    return default_xlstart(environ) / ADDIN_FILENAME, False
