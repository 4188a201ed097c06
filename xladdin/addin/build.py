"""Build the Excel ribbon add-in ``xladdin.xlam`` from xlwings' ribbon template.

Findings about the template ``xlwings/quickstart_addin_ribbon.xlam`` (0.37.8):

- ``xl/vbaProject.bin`` holds the modules ``xlwings`` (the full RunPython
  runtime, so the add-in is standalone and does not need ``xlwings.xlam``),
  ``RibbonMyAddin``, ``Dictionary``, ``ThisWorkbook`` and ``Sheet2``. The
  runtime states its version in a ``'Version: x.y.z`` comment line.
- The only ribbon callback is ``RibbonMyAddin.RunMain(control As
  IRibbonControl)``. It ignores ``control`` and runs
  ``import <stem>; <stem>.main()`` where ``<stem>`` is the add-in's file stem.
  No other Sub has the callback signature, and the button id or tag never
  reaches Python, so every button would run the same ``main()``. Hence one
  button; more buttons need a rebuilt ``vbaProject.bin``.
- The runtime's settings key is the VBA constant ``PROJECT_NAME = "myaddin"``:
  settings come from a sheet ``myaddin.conf`` inside the add-in (the template
  ships it disabled as ``_myaddin.conf``) or from
  ``%USERPROFILE%\\.myaddin\\myaddin.conf``; the sheet wins. ``xladdin`` in
  those names would need a VBA change too.
"""

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape, unescape

import xlwings
from oletools.olevba import VBA_Parser

ADDIN_FILENAME = "xladdin.xlam"
TEMPLATE_NAME = "quickstart_addin_ribbon.xlam"
CUSTOM_UI_PART = "customUI/customUI.xml"
CUSTOM_UI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
RIBBON_MACRO = "RibbonMyAddin.RunMain"
PROJECT_NAME = "myaddin"
CONFIG_SHEET = f"{PROJECT_NAME}.conf"
INTERPRETER_KEY = "Interpreter_Win"

_VERSION_RE = re.compile(r"^'Version:\s*(\S+)", re.MULTILINE)
CORE_PART = "docProps/core.xml"
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _shared_strings(xml: bytes) -> list[str]:
    return re.findall(r"<si><t>([^<]*)</t></si>", xml.decode("utf-8"))


def template_path() -> Path:
    """The ribbon add-in template inside the installed xlwings package."""
    return Path(xlwings.__file__).parent / TEMPLATE_NAME


def custom_ui_xml() -> bytes:
    """Ribbon XML: tab 回头看 with one button that runs ``xladdin.main()``."""
    ET.register_namespace("", CUSTOM_UI_NS)

    def el(parent, tag, **attrs):
        return ET.SubElement(parent, f"{{{CUSTOM_UI_NS}}}{tag}", attrs)

    root = ET.Element(f"{{{CUSTOM_UI_NS}}}customUI")
    tabs = el(el(root, "ribbon"), "tabs")
    tab = el(tabs, "tab", id="huitoukanTab", label="回头看")
    group = el(tab, "group", id="huitoukanCheckGroup", label="报表校验")
    el(
        group,
        "button",
        id="huitoukanCheckButton",
        label="校验并汇总",
        size="large",
        imageMso="DataValidation",
        screentip="校验并汇总",
        supertip="检查当前工作簿中的报表，标出问题，并生成汇总。",
        onAction=RIBBON_MACRO,
    )
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _enable_config_sheet(files: dict[str, bytes], interpreter: str) -> None:
    """Rename ``_myaddin.conf`` to ``myaddin.conf`` and fill Interpreter_Win."""
    workbook = files["xl/workbook.xml"].decode("utf-8")
    old = f'name="_{CONFIG_SHEET}"'
    if old not in workbook:
        raise RuntimeError(f"template has no sheet _{CONFIG_SHEET}")
    workbook = workbook.replace(old, f'name="{CONFIG_SHEET}"')
    files["xl/workbook.xml"] = workbook.encode("utf-8")

    index = _shared_strings(files["xl/sharedStrings.xml"]).index(INTERPRETER_KEY)
    sheet = files["xl/worksheets/sheet1.xml"].decode("utf-8")
    key_cell = re.search(rf'<c r="A(\d+)"[^>]*t="s"[^>]*><v>{index}</v></c>', sheet)
    if key_cell is None:
        raise RuntimeError(f"template config sheet has no {INTERPRETER_KEY} row")
    row = key_cell.group(1)
    value_cell = (
        f'<c r="B{row}" s="1" t="inlineStr"><is><t>{escape(interpreter)}</t></is></c>'
    )
    sheet = sheet[: key_cell.end()] + value_cell + sheet[key_cell.end() :]
    sheet = sheet.replace(f'<row r="{row}" spans="1:1"', f'<row r="{row}" spans="1:2"')
    files["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")


def _stamp_version(files: dict[str, bytes]) -> None:
    """Record our package version in the core properties (``cp:version``), for doctor to compare."""
    from xladdin import __version__

    core = files[CORE_PART].decode("utf-8")
    core = re.sub(r"<cp:version>[^<]*</cp:version>", "", core)
    core = core.replace("</cp:coreProperties>", f"<cp:version>{escape(__version__)}</cp:version></cp:coreProperties>")
    files[CORE_PART] = core.encode("utf-8")


def build_addin(out_path: Path, interpreter: str | None = None) -> Path:
    """Write the add-in to ``out_path`` (its name must be ``xladdin.xlam``).

    Every zip entry of the template is copied; the ribbon XML is replaced.
    With ``interpreter`` (an install), the config sheet is enabled and points
    at it, and our version is recorded. A failed write (the target held open
    by Excel) leaves no temp file behind: Excel opens every file in XLSTART.
    """
    out_path = Path(out_path)
    if out_path.name != ADDIN_FILENAME:
        raise ValueError(f"name the add-in {ADDIN_FILENAME}: RunMain imports its stem")
    with zipfile.ZipFile(template_path()) as src:
        infos = src.infolist()
        files = {info.filename: src.read(info) for info in infos}
    files[CUSTOM_UI_PART] = custom_ui_xml()
    if interpreter is not None:
        _enable_config_sheet(files, interpreter)
        _stamp_version(files)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".tmp")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in infos:
                dst.writestr(info, files[info.filename], compress_type=zipfile.ZIP_DEFLATED)
        tmp.replace(out_path)
    finally:
        tmp.unlink(missing_ok=True)
    return out_path


def vba_modules(path: Path) -> dict[str, str]:
    """Module file name (e.g. ``xlwings.bas``) -> VBA source, read with olevba."""
    parser = VBA_Parser(str(path))
    try:
        return {name: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def vba_version(path: Path) -> str | None:
    """The xlwings runtime version from the ``'Version:`` line, if any."""
    for code in vba_modules(path).values():
        match = _VERSION_RE.search(code)
        if match:
            return match.group(1)
    return None


def addin_version(path: Path) -> str | None:
    """Our package version recorded at install (``cp:version``), or None (a plain build, or an old install)."""
    with zipfile.ZipFile(path) as zf:
        core = zf.read(CORE_PART).decode("utf-8") if CORE_PART in zf.namelist() else ""
    match = re.search(r"<cp:version>([^<]*)</cp:version>", core)
    return unescape(match.group(1)) if match else None


def _cell_value(cell, strings: list[str]) -> str | bool:
    """A config-sheet cell as VBA reads it: text, or True/False for a boolean cell."""
    kind = cell.get("t")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{{{SHEET_NS}}}t"))
    raw = cell.findtext(f"{{{SHEET_NS}}}v") or ""
    if kind == "b":
        return raw == "1"
    if kind == "s":
        return unescape(strings[int(raw)])
    return raw


def config_sheet_settings(path: Path) -> dict[str, str | bool] | None:
    """Settings of the enabled ``myaddin.conf`` sheet (text and true/false), or None if it is disabled."""
    from defusedxml import ElementTree as SafeET

    with zipfile.ZipFile(path) as zf:
        workbook = zf.read("xl/workbook.xml").decode("utf-8")
        if f'name="{CONFIG_SHEET}"' not in workbook:
            return None
        strings = _shared_strings(zf.read("xl/sharedStrings.xml"))
        sheet = SafeET.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    cells = {cell.get("r"): _cell_value(cell, strings) for cell in sheet.iter(f"{{{SHEET_NS}}}c")}
    settings: dict[str, str | bool] = {}
    for ref, key in cells.items():
        row = ref[1:]
        if ref.startswith("A") and row.isdigit() and isinstance(key, str) and key:
            settings[key] = cells.get(f"B{row}", "")
    return settings


def default_output() -> Path:
    """``workbook/xladdin.xlam`` in the repository."""
    return Path(__file__).resolve().parent.parent / "workbook" / ADDIN_FILENAME


if __name__ == "__main__":
    print(build_addin(default_output()))
