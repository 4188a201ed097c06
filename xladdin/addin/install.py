"""Install, remove and diagnose the 回头看 Excel add-in on Windows.

``install()`` builds ``xladdin.xlam`` straight into the user's XLSTART folder
from the xlwings package of this interpreter, so the add-in's VBA runtime and
the Python package always share one version. The interpreter setting goes
into the add-in's own ``myaddin.conf`` sheet, which the VBA reads before any
file (see ``addin_build``): the file ``%USERPROFILE%\\.xladdin\\xladdin.conf``
would never be read, because the VBA constant ``PROJECT_NAME`` is
``myaddin``. A sheet also keeps non-ASCII paths intact, whereas VBA reads
conf files in the ANSI code page.
"""

import os
import subprocess
import sys
from pathlib import Path

import xlwings

from xladdin.addin.build import (
    ADDIN_FILENAME,
    INTERPRETER_KEY,
    build_addin,
    config_sheet_settings,
    vba_version,
)
from xladdin.errors import UserError

OK, PROBLEM, TIP = "【正常】", "【问题】", "【提示】"
REINSTALL = "请关闭 Excel，在装有回头看的 Python 环境里运行 huitoukan addin install。"
_PROBE = (
    "import xlwings, xladdin; "
    "print(xlwings.__version__); print(hasattr(xladdin, 'main'))"
)


def is_windows() -> bool:
    return sys.platform.startswith("win")


def _require_windows() -> None:
    if not is_windows():
        raise UserError("addin-needs-windows", platform=sys.platform)


def xlstart_dir() -> Path:
    """The user's Excel startup folder, as ``xlwings addin install`` uses it."""
    return Path(os.environ["APPDATA"]) / "Microsoft" / "Excel" / "XLSTART"


def installed_path() -> Path:
    return xlstart_dir() / ADDIN_FILENAME


def windowless_interpreter() -> Path:
    """``pythonw.exe`` beside the running interpreter (no console window per click)."""
    exe = Path(sys.executable)
    pythonw = exe.with_name("pythonw.exe")
    return pythonw if pythonw.is_file() else exe


def install() -> Path:
    """Build the add-in into XLSTART, pointing at this interpreter."""
    _require_windows()
    target = installed_path()
    try:
        return build_addin(target, interpreter=str(windowless_interpreter()))
    except PermissionError as err:
        raise UserError("addin-busy", action="写入", path=target) from err


def remove() -> Path | None:
    """Delete the add-in from XLSTART; None if it was not there."""
    _require_windows()
    target = installed_path()
    if not target.exists():
        return None
    try:
        target.unlink()
    except PermissionError as err:
        raise UserError("addin-busy", action="删除", path=target) from err
    return target


def doctor() -> list[str]:
    """Plain-language Chinese findings, one per line."""
    if not is_windows():
        return [
            (
                f"{PROBLEM}回头看加载项需要 Windows 版 Excel，当前系统是 {sys.platform}，"
                "这里无法安装或使用加载项。"
            )
        ]
    return [f"{OK}系统是 Windows。", *check_addin(installed_path())]


def check_addin(addin: Path) -> list[str]:
    """Check an installed add-in file, its settings and its interpreter."""
    if not addin.is_file():
        return [f"{PROBLEM}没有找到加载项 {addin}，Excel 里不会出现“回头看”。{REINSTALL}"]
    lines = [f"{OK}加载项已安装：{addin}"]
    addin_version = vba_version(addin)
    lines.append(_compare("加载项", addin_version, "本程序的 xlwings", xlwings.__version__))
    settings = config_sheet_settings(addin) or {}
    interpreter = settings.get(INTERPRETER_KEY, "")
    if not interpreter:
        lines.append(f"{PROBLEM}加载项没有设置 Python 解释器。{REINSTALL}")
        return lines
    if not Path(interpreter).is_file():
        lines.append(f"{PROBLEM}加载项设置的 Python 不存在：{interpreter}。{REINSTALL}")
        return lines
    lines.append(f"{OK}加载项使用的 Python 解释器：{interpreter}")
    if Path(interpreter).parent != Path(sys.executable).parent:
        here = sys.executable
        lines.append(f"{TIP}加载项用的 Python 与运行本命令的 Python（{here}）不是同一个。")
    lines += _probe_interpreter(Path(interpreter), addin_version, addin.parent)
    lines.append(_dll_line(Path(interpreter), addin_version))
    return lines


def _compare(left: str, left_version: str | None, right: str, right_version: str) -> str:
    if left_version is None:
        return f"{PROBLEM}读不出{left}的 xlwings 版本，文件可能已损坏。{REINSTALL}"
    if left_version != right_version:
        return (
            f"{PROBLEM}{left}的 xlwings 版本是 {left_version}，{right} 是 {right_version}，"
            f"两者必须一致，否则按钮会报“找不到文件”。{REINSTALL}"
        )
    return f"{OK}{left}与{right} 版本一致（{left_version}）。"


def _probe_interpreter(interpreter: Path, addin_version: str | None, cwd: Path) -> list[str]:
    console = interpreter.with_name("python.exe")
    windowless = interpreter.name.lower() == "pythonw.exe"
    exe = console if windowless and console.is_file() else interpreter
    try:
        result = subprocess.run(
            [str(exe), "-c", _PROBE],
            capture_output=True,
            check=False,
            text=True,
            timeout=120,
            cwd=cwd,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        return [f"{PROBLEM}无法启动 Python 解释器 {exe}（{err}）。{REINSTALL}"]
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["未知错误"])[-1]
        return [
            (
                f"{PROBLEM}加载项的 Python 里导入回头看失败：{last}。"
                f"请在这个 Python 环境里安装回头看，或者{REINSTALL}"
            )
        ]
    lines = [f"{OK}加载项的 Python 能导入回头看（xladdin）。"]
    version, has_main = [*result.stdout.strip().splitlines(), "", ""][:2]
    if has_main != "True":
        lines.append(f"{PROBLEM}回头看（xladdin）缺少 main()。请重新安装回头看。")
    lines.append(_compare("加载项", addin_version, "其 Python 里的 xlwings", version))
    return lines


def _dll_line(interpreter: Path, version: str | None) -> str:
    names = [f"xlwings64-{version}.dll", f"xlwings32-{version}.dll"]
    folders = [interpreter.parent, interpreter.parent.parent]
    if any((folder / name).is_file() for folder in folders for name in names):
        return f"{OK}找到了 xlwings {version} 的 DLL。"
    return (
        f"{TIP}在 {folders[0]} 及其上一级没有找到 {names[0]}。"
        "“校验并汇总”按钮用不到它；只有启用 UDF 服务器或自定义函数时才需要。"
    )
