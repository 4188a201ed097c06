"""Install, remove and diagnose the 回头看 Excel add-in on Windows.

``install()`` builds ``xladdin.xlam`` straight into the user's XLSTART folder
from the xlwings package of this interpreter, so the add-in's VBA runtime and
the Python package always share one version. The interpreter setting goes
into the add-in's own ``myaddin.conf`` sheet, which the VBA reads before any
file (see ``addin_build``): the file ``%USERPROFILE%\\.xladdin\\xladdin.conf``
would never be read, because the VBA constant ``PROJECT_NAME`` is
``myaddin``. A sheet also keeps non-ASCII paths intact, whereas VBA reads
conf files in the ANSI code page. The folder is Excel's own startup path
(addin_location); the checks live in addin_doctor.
"""

import sys
from pathlib import Path

from xladdin.addin_build import ADDIN_FILENAME, build_addin
from xladdin.addin_location import forget, installed_addin, remember, startup_folder
from xladdin.errors import UserError

BUSY = "Excel 可能正在运行并占用了加载项。请关闭所有 Excel 窗口后再试。"


def is_windows() -> bool:
    return sys.platform.startswith("win")


def _require_windows() -> None:
    if not is_windows():
        raise UserError(
            f"回头看加载项需要 Windows 版 Excel，当前系统是 {sys.platform}。"
            "请在装有 Excel 的 Windows 电脑上运行这个命令。"
        )


def installed_path() -> Path:
    return installed_addin()[0]


def windowless_interpreter() -> Path:
    """``pythonw.exe`` beside the running interpreter (no console window per click)."""
    exe = Path(sys.executable)
    pythonw = exe.with_name("pythonw.exe")
    return pythonw if pythonw.is_file() else exe


def require_excel(registry=None) -> None:
    """Refuse to install where the registry shows no Microsoft Excel (a PC with WPS only, say)."""
    from xladdin.addin_doctor import ALTERNATIVES
    from xladdin.office_facts import find_excel

    if registry is None:
        from xladdin.win_registry import WindowsRegistry

        registry = WindowsRegistry()
    facts = find_excel(registry)
    if facts.excel is None:
        found = "只找到了 WPS，" if facts.wps else ""
        raise UserError(
            f"没有找到 Microsoft Excel，{found}加载项装了也不会出现。{ALTERNATIVES}"
            "如果确实装有 Excel，请加 --skip-excel-check 再运行一次。"
        )


def install(check_excel: bool = True) -> tuple[Path, str]:
    """Build the add-in into Excel's startup folder, pointing at this interpreter; returns where and how found."""
    _require_windows()
    if check_excel:
        require_excel()
    return install_into(*startup_folder())


def install_into(folder: Path, how: str) -> tuple[Path, str]:
    target = folder / ADDIN_FILENAME
    try:
        build_addin(target, interpreter=str(windowless_interpreter()))
    except PermissionError as err:
        raise UserError(f"无法写入 {target}：{BUSY}") from err
    remember(target)
    return target, how


def remove() -> Path | None:
    """Delete the add-in from where install put it; None if it was not there."""
    _require_windows()
    target = installed_path()
    if not target.exists():
        forget()
        return None
    try:
        target.unlink()
    except PermissionError as err:
        raise UserError(f"无法删除 {target}：{BUSY}") from err
    forget()
    return target


def doctor() -> list[str]:
    """Plain-language Chinese findings, one per line (see addin_doctor)."""
    from xladdin.addin_doctor import diagnose

    return diagnose()
