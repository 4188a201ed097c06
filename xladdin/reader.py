"""Read a filled workbook into plain data, through the template's defined names.

The package structure (sheets, names, date system) comes from xlsx_parts;
cell values come from a CellSource, so every engine yields the same data.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

from . import spec
from .cells import CellSource, open_cell_source
from .errors import UserError
from .guard import open_package
from .model import SheetData, WorkbookData
from .settings import settings_from_cells
from .xlsx_parts import WorkbookInfo, read_workbook_info, split_ref

FIELD_NAMES = frozenset(spec.FIELDS_BY_NAME)


def read_workbook(path: str | Path, engine: str = "auto") -> WorkbookData:
    path = Path(path)
    with open_package(path) as archive:
        info = read_workbook_info(archive)
    with open_cell_source(path, info, engine) as source:
        return _read(path, info, source)


def _read(path: Path, info: WorkbookInfo, source: CellSource) -> WorkbookData:
    sheet_names = info.sheet_names()
    states = {s.name: s.state for s in info.sheets}
    worksheets = {s.name for s in info.sheets if s.kind == "worksheet"}

    field_refs: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    setting_refs: dict[str, tuple[str, str]] = {}
    for n in info.names:
        target = split_ref(n.refers_to)
        if target is None or target[0] not in worksheets:
            continue  # #REF! or a name into a sheet that is gone: counts as missing
        if n.local_sheet is not None and n.name in FIELD_NAMES:
            field_refs[n.local_sheet][n.name] = target
        elif n.local_sheet is None and (n.name in spec.SETTINGS_BY_NAME or n.name == spec.BRANCHES_NAME):
            setting_refs[n.name] = target

    wanted: dict[str, set[str]] = defaultdict(set)
    for refs in field_refs.values():
        for sheet, cell in refs.values():
            wanted[sheet].add(cell)
    for name, (sheet, cell) in setting_refs.items():
        if name != spec.BRANCHES_NAME:
            wanted[sheet].add(cell)
    branch_cells = _branch_table_cells(info, setting_refs)
    for sheet, cell in branch_cells:
        wanted[sheet].add(cell)

    values = {sheet: source.read(sheet, cells) for sheet, cells in wanted.items()}

    def value_at(target: tuple[str, str]) -> object:
        return values.get(target[0], {}).get(target[1])

    named = {name: value_at(t) for name, t in setting_refs.items() if name != spec.BRANCHES_NAME}
    rows = [
        (f"{spec.SETTINGS_SHEET}!{short_cell[1]}", value_at(short_cell), value_at(full_cell))
        for short_cell, full_cell in zip(branch_cells[0::2], branch_cells[1::2], strict=True)
    ]
    settings = settings_from_cells(named, rows)

    listed = [b.short for b in settings.branches]
    branch_sheets = [s for s in sheet_names if s in field_refs or (s in listed and s in worksheets)]
    branch_sheets = [s for s in branch_sheets if s not in spec.RESERVED_SHEETS]
    if not branch_sheets and not field_refs:
        raise UserError(
            f"“{path.name}”中没有找到任何支部填报表（缺少模板的定义名称）。"
            "请使用 huitoukan template 生成的模板填写，或运行 huitoukan repair 迁移旧表。"
        )

    sheets = []
    for name in branch_sheets:
        refs = field_refs.get(name, {})
        data = SheetData(sheet=name, state=states.get(name, "visible"))
        for fname in spec.FIELDS_BY_NAME:
            if fname in refs:
                data.cells[fname] = refs[fname][1]
                data.raw[fname] = value_at(refs[fname])
                if formula := source.formula(*refs[fname]):
                    data.formulas[fname] = formula
            else:
                data.missing.append(fname)
        sheets.append(data)
    return WorkbookData(str(path), sheet_names, sheets, settings, info.epoch1904)


def _branch_table_cells(info: WorkbookInfo, setting_refs: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """Short and full name cells of the branch table, row by row (flattened pairs)."""
    raw = next((n.refers_to for n in info.names if n.name == spec.BRANCHES_NAME and n.local_sheet is None), None)
    if raw is None or spec.BRANCHES_NAME not in setting_refs:
        return []
    sheet, top_left = setting_refs[spec.BRANCHES_NAME]
    bottom = raw.rsplit(":", 1)[-1].replace("$", "") if ":" in raw else top_left
    col0, row0 = coordinate_from_string(top_left)
    _, row1 = coordinate_from_string(bottom)
    c0 = column_index_from_string(col0)
    out = []
    for row in range(row0, min(row1, row0 + 999) + 1):  # bounded: the office may stretch it
        out.append((sheet, f"{col0}{row}"))
        out.append((sheet, f"{get_column_letter(c0 + 1)}{row}"))
    return out
