"""Which cell each of our defined names points at: the fields of every branch sheet, the settings, the branch table.

Shared by every reader, so the fast and the openpyxl paths ask for the same cells.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from xladdin.core.a1 import column_index, column_letter, split_cell
from xladdin.spec import form
from xladdin.xlsx.parts import WorkbookInfo

FIELD_NAMES = frozenset(form.FIELDS_BY_NAME)
FIELD_NAMES_IN_ORDER = tuple(form.FIELDS_BY_NAME)
SETTING_NAMES = frozenset((*form.SETTINGS_BY_NAME, form.BRANCHES_NAME))
# The form fills ~50 rows of four columns, the settings' branch table ~70 rows;
# rows inserted by the office stay far below these bounds.
MAX_FORM_ROW = 5_000
MAX_FORM_COL = 52  # AZ


def within_form(cell: str) -> bool:
    try:
        col, row = split_cell(cell)
        return row <= MAX_FORM_ROW and column_index(col) <= MAX_FORM_COL
    except ValueError:
        return False


def form_target(refers_to: str) -> tuple[str, str] | None:
    """split_ref(refers_to) if its cell is within_form, else None.

    A 1,000-branch workbook has ~50,000 names whose cell parts repeat branch
    after branch: the cell part is read once per distinct text (_form_cell),
    and only the sheet name is checked per name.
    """
    sheet_part, bang, cell_part = refers_to.strip().lstrip("=").rpartition("!")
    if not bang or (cell := _form_cell(cell_part)) is None:
        return None
    sheet = _sheet_name(sheet_part)
    return (sheet, cell) if sheet else None


def _sheet_name(sheet_part: str) -> str:
    """The sheet a reference's sheet part names ('' when it is not a sheet name): quoted with '' inside, or plain."""
    if sheet_part[:1] == "'":
        quoted = _QUOTED_SHEET.fullmatch(sheet_part)
        return quoted[1].replace("''", "'") if quoted else ""
    return sheet_part if _PLAIN_SHEET.fullmatch(sheet_part) else ""


_UNSEEN = object()


@functools.lru_cache(maxsize=4096)
def _form_cell(cell_part: str) -> str | None:
    m = _CELL_PART.fullmatch(cell_part)
    if m is None:
        return None
    try:
        row = int(m[2])
    except ValueError:  # more digits than int() takes
        return None
    if not 1 <= row <= MAX_FORM_ROW or column_index(m[1]) > MAX_FORM_COL:
        return None
    return f"{m[1]}{m[2]}"


# parts.split_ref's pattern, split at the last "!" (a cell part has none): the sheet, quoted
# with '' for a quote inside, or plain; then the cell or the top-left cell of a range.
_QUOTED_SHEET = re.compile(r"'([^']*(?:''[^']*)*)'")
_PLAIN_SHEET = re.compile(r"[^'!]+")
_CELL_PART = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)(?::\$?[A-Z]{1,3}\$?\d+)?")


@dataclass
class Targets:
    field_refs: dict[str, dict[str, tuple[str, str]]] = field(default_factory=lambda: defaultdict(dict))
    setting_refs: dict[str, tuple[str, str]] = field(default_factory=dict)
    branch_cells: list[tuple[str, str]] = field(default_factory=list)  # short and full name cells, row by row
    wanted: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # sheet -> cells to read


def resolve_targets(info: WorkbookInfo) -> Targets:
    worksheets = {s.name for s in info.sheets if s.kind == "worksheet"}
    out = Targets()
    field_refs, setting_refs, wanted = out.field_refs, out.setting_refs, out.wanted
    # form_target, split in its two halves and each half remembered: a 1,000-branch workbook has
    # ~50,000 names but only ~1,000 distinct sheet parts and ~50 distinct cell parts.
    sheet_of: dict[str, str] = {}
    cell_of: dict[str, str | None] = {}
    for name, local_sheet, refers_to in info.names:
        # Only our names matter; of those, a #REF!, a name into a sheet that is gone, or
        # one thrown far off the form (reading up to it would mean streaming a million
        # empty rows) counts as missing.
        if local_sheet is not None:
            if name not in FIELD_NAMES:
                continue
            sheet_part, bang, cell_part = refers_to.rpartition("!")
            if not bang:
                continue
            cell = cell_of.get(cell_part, _UNSEEN)
            if cell is _UNSEEN:
                cell = cell_of[cell_part] = _form_cell(cell_part.rstrip())
            if cell is None:
                continue
            sheet = sheet_of.get(sheet_part)
            if sheet is None:
                sheet = sheet_of[sheet_part] = _sheet_name(sheet_part.lstrip().lstrip("="))
            if sheet and sheet in worksheets:
                field_refs[local_sheet][name] = (sheet, cell)
        elif name in SETTING_NAMES and (target := form_target(refers_to)) and target[0] in worksheets:
            setting_refs[name] = target
    for refs in field_refs.values():
        for sheet, cell in refs.values():
            wanted[sheet].add(cell)
    for name, (sheet, cell) in setting_refs.items():
        if name != form.BRANCHES_NAME:
            wanted[sheet].add(cell)
    out.branch_cells = _branch_table_cells(info, setting_refs)
    for sheet, cell in out.branch_cells:
        wanted[sheet].add(cell)
    return out


def _branch_table_cells(info: WorkbookInfo, setting_refs: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """Short and full name cells of the branch table, row by row (flattened pairs)."""
    raw = next((n.refers_to for n in info.names if n.name == form.BRANCHES_NAME and n.local_sheet is None), None)
    if raw is None or form.BRANCHES_NAME not in setting_refs:
        return []
    sheet, top_left = setting_refs[form.BRANCHES_NAME]
    bottom = raw.rsplit(":", 1)[-1].replace("$", "") if ":" in raw else top_left
    col0, row0 = split_cell(top_left)
    _, row1 = split_cell(bottom)
    c0 = column_index(col0)
    out = []
    # Bounded, the office may stretch it; as many rows as a workbook may hold sheets (parts.MAX_SHEETS).
    for row in range(row0, min(row1, row0 + 9999) + 1):
        out.append((sheet, f"{col0}{row}"))
        out.append((sheet, f"{column_letter(c0 + 1)}{row}"))
    return out
