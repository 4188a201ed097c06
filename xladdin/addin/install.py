"""Install, remove and diagnose the 回头看 Excel add-in on Windows.

``install()`` builds ``xladdin.xlam`` straight into the user's XLSTART folder
from the xlwings package of this interpreter, so the add-in's VBA runtime and
the Python package always share one version. The interpreter setting goes
into the add-in's own ``myaddin.conf`` sheet, which the VBA reads before any
file (see ``xladdin.addin.build``): the file ``%USERPROFILE%\\.xladdin\\xladdin.conf``
would never be read, because the VBA constant ``PROJECT_NAME`` is
``myaddin``. A sheet also keeps non-ASCII paths intact, whereas VBA reads
conf files in the ANSI code page. The folder is Excel's own startup path
(xladdin.addin.location); the checks live in xladdin.addin.doctor.
"""

import sys
from pathlib import Path

from xladdin.addin.build import ADDIN_FILENAME, build_addin
from xladdin.addin.location import forget, installed_addin, remember, startup_folder
from xladdin.errors import UserError


def is_windows() -> bool:
    return sys.platform.startswith("win")


def _require_windows() -> None:
    if not is_windows():
        raise UserError("addin-needs-windows", platform=sys.platform)


def installed_path() -> Path:
    return installed_addin()[0]


def windowless_interpreter() -> Path:
    """``pythonw.exe`` beside the running interpreter (no console window per click)."""
    exe = Path(sys.executable)
    pythonw = exe.with_name("pythonw.exe")
    return pythonw if pythonw.is_file() else exe


def require_excel(registry=None) -> None:
    """Refuse to install where the registry shows no Microsoft Excel (a PC with WPS only, say)."""
    from xladdin.addin.doctor import ALTERNATIVES
    from xladdin.addin.office import find_excel

    if registry is None:
        from xladdin.addin.registry import WindowsRegistry

        registry = WindowsRegistry()
    facts = find_excel(registry)
    if facts.excel is None:
        found = "只找到了 WPS，" if facts.wps else ""
        raise UserError("no-excel", found=found, alternatives=ALTERNATIVES)


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
        raise UserError("addin-busy", action="写入", path=target) from err
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
        raise UserError("addin-busy", action="删除", path=target) from err
    forget()
    return target


def doctor() -> list[str]:
    """Plain-language Chinese findings, one per line (see xladdin.addin.doctor)."""
    from xladdin.addin.doctor import diagnose

    return diagnose()
