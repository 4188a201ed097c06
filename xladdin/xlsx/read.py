"""Read a filled workbook into plain data, through the template's defined names.

The package structure (sheets, names, date system) comes from xladdin.xlsx.parts;
cell values come from a CellSource, so every engine yields the same data.
"""

from __future__ import annotations

import contextlib
import functools
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from defusedxml import DefusedXmlException

from xladdin.core.a1 import column_index, column_letter, split_cell
from xladdin.core.model import SheetData, WorkbookData
from xladdin.core.normalize import clean_text, is_blank
from xladdin.core.settings_sheet import settings_from_cells
from xladdin.errors import UserError
from xladdin.spec import form
from xladdin.xlsx.cells import CellSource
from xladdin.xlsx.package import ZIP_ERRORS, open_package, read_part
from xladdin.xlsx.parts import WorkbookInfo, merges_in, read_workbook_info, scan_merges, split_ref
from xladdin.xlsx.sources import open_cell_source

FIELD_NAMES = frozenset(form.FIELDS_BY_NAME)
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


def read_workbook(path: str | Path, engine: str = "auto") -> WorkbookData:
    path = Path(path)
    with open_package(path) as archive:
        info = read_workbook_info(archive)
        merges, calamine_ok = _scan_field_sheets(archive, info)
        _check_other_sheets(archive, info)
    with library_errors(path), open_cell_source(path, info, engine, calamine_ok) as source:
        return read_parts(path, info, source, merges)


@contextlib.contextmanager
def library_errors(path: Path) -> Iterator[None]:
    """A damaged file makes openpyxl or calamine fail deep inside; that is the user's file, not our bug.

    Only exceptions raised inside those libraries (or zip/XML) become a UserError;
    a failure in our own code still surfaces as a bug.
    """
    try:
        yield
    except UserError:
        raise
    except MemoryError as exc:
        raise UserError("out-of-memory", name=path.name) from exc
    except Exception as exc:
        if not _raised_in_library(exc):
            raise
        if any(isinstance(e, DefusedXmlException) for e in _chain(exc)):
            raise UserError("xml-entities", what=f"“{path.name}”") from exc
        raise UserError("damaged", name=path.name, why=type(exc).__name__) from exc


_LIBRARIES = ("openpyxl", "python_calamine", "defusedxml", "zipfile", "xml", "zlib", "et_xmlfile", "PIL")


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    # openpyxl re-raises parser errors as ValueError; the cause says what really happened.
    for _ in range(10):
        if exc is None:
            return
        yield exc
        exc = exc.__cause__ or exc.__context__


def _raised_in_library(exc: BaseException) -> bool:
    if type(exc).__module__.split(".")[0] in _LIBRARIES:
        return True
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last, tb = tb.tb_frame, tb.tb_next
    module = (last.f_globals.get("__name__", "") if last else "").split(".")[0]
    return module in _LIBRARIES


def _scan_field_sheets(archive: zipfile.ZipFile, info: WorkbookInfo) -> tuple[dict[str, list[str]], set[str]]:
    """One pass over each sheet that holds field names: its merged ranges (a merge
    can swallow an input cell) and whether calamine may load it whole.

    Inflating every sheet once instead of twice matters at thousands of branches.
    """
    from xladdin.xlsx.calamine import MAX_SHEET_XML, sheet_is_safe

    local = {n.local_sheet for n in info.names if n.local_sheet and n.name in FIELD_NAMES}
    merges: dict[str, list[str]] = {}
    calamine_ok: set[str] = set()
    for s in info.sheets:
        if s.kind != "worksheet" or s.name not in local:
            continue
        try:
            size = archive.getinfo(s.part).file_size
        except KeyError:
            merges[s.name] = []
            continue
        if size > MAX_SHEET_XML:
            merges[s.name] = scan_merges(archive, s.part)  # streamed; calamine stays away
            continue
        xml = _read_sheet(archive, s.part)
        merges[s.name] = merges_in(xml, s.part)
        if sheet_is_safe(xml):
            calamine_ok.add(s.name)
    return merges, calamine_ok


def _check_other_sheets(archive: zipfile.ZipFile, info: WorkbookInfo) -> None:
    """The sheets we do not read (填写说明, the office's own) must still be well-formed XML.

    Excel would ask to repair such a file, and the marked copy could not be written from it:
    check refuses it with the same words as check --mark, instead of passing it.
    """
    import xml.parsers.expat

    local = {n.local_sheet for n in info.names if n.local_sheet and n.name in FIELD_NAMES}
    for s in info.sheets:
        if s.name in local or s.part not in archive.NameToInfo:
            continue
        parser = xml.parsers.expat.ParserCreate()
        try:
            parser.Parse(_read_sheet(archive, s.part), True)
        except xml.parsers.expat.ExpatError as exc:
            raise UserError("part-broken", part=s.part[:80], why=f"XML 格式错误：{exc}") from exc


def _read_sheet(archive: zipfile.ZipFile, part: str) -> bytes:
    from xladdin.xlsx.calamine import MAX_SHEET_XML

    try:
        return read_part(archive, part, MAX_SHEET_XML)
    except ZIP_ERRORS as exc:
        raise UserError("part-broken", part=part[:80], why=type(exc).__name__) from exc


def read_parts(
    path: Path, info: WorkbookInfo, source: CellSource, merges: dict[str, list[str]] | None = None
) -> WorkbookData:
    """WorkbookData from a package's structure and a cell source; shared by the file and Excel readers.

    path only names the workbook (messages, WorkbookData.path); it is never opened here.
    """
    sheet_names = info.sheet_names()
    states = {s.name: s.state for s in info.sheets}
    worksheets = {s.name for s in info.sheets if s.kind == "worksheet"}

    field_refs: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    setting_refs: dict[str, tuple[str, str]] = {}
    for n in info.names:
        target = split_ref(n.refers_to)
        if target is None or target[0] not in worksheets or not within_form(target[1]):
            # #REF!, a name into a sheet that is gone, or one thrown far off the form
            # (reading up to it would mean streaming a million empty rows): counts as missing
            continue
        if n.local_sheet is not None and n.name in FIELD_NAMES:
            field_refs[n.local_sheet][n.name] = target
        elif n.local_sheet is None and (n.name in form.SETTINGS_BY_NAME or n.name == form.BRANCHES_NAME):
            setting_refs[n.name] = target

    wanted: dict[str, set[str]] = defaultdict(set)
    for refs in field_refs.values():
        for sheet, cell in refs.values():
            wanted[sheet].add(cell)
    for name, (sheet, cell) in setting_refs.items():
        if name != form.BRANCHES_NAME:
            wanted[sheet].add(cell)
    branch_cells = _branch_table_cells(info, setting_refs)
    for sheet, cell in branch_cells:
        wanted[sheet].add(cell)

    values = {sheet: source.read(sheet, cells) for sheet, cells in wanted.items()}

    def value_at(target: tuple[str, str]) -> object:
        return values.get(target[0], {}).get(target[1])

    named = {name: value_at(t) for name, t in setting_refs.items() if name != form.BRANCHES_NAME}
    rows = [
        (f"{form.SETTINGS_SHEET}!{short_cell[1]}", value_at(short_cell), value_at(full_cell))
        for short_cell, full_cell in zip(branch_cells[0::2], branch_cells[1::2], strict=True)
    ]
    settings = settings_from_cells(named, rows)

    listed = [b.short for b in settings.branches]
    branch_sheets = [s for s in sheet_names if s in field_refs or (s in listed and s in worksheets)]
    branch_sheets = [s for s in branch_sheets if s not in form.RESERVED_SHEETS]
    if not branch_sheets and not field_refs:
        raise UserError("no-branch-sheets", name=path.name)

    sheets = []
    for name in branch_sheets:
        refs = field_refs.get(name, {})
        boxes = merge_boxes((merges or {}).get(name, ()))  # parsed once per sheet, not once per field
        data = SheetData(sheet=name, state=states.get(name, "visible"))
        for fname in form.FIELDS_BY_NAME:
            if fname in refs:
                data.cells[fname] = refs[fname][1]
                data.raw[fname] = value_at(refs[fname])
                if formula := source.formula(*refs[fname]):
                    data.formulas[fname] = formula
                if (boxes[0] or boxes[1]) and (hiding := merge_hiding(refs[fname][1], boxes)):
                    data.merged[fname] = hiding
            else:
                data.missing.append(fname)
        sheets.append(data)
    out = WorkbookData(str(path), sheet_names, sheets, settings, info.epoch1904)
    out.branch_list_problems = _branch_list_problems(rows)
    return out


def merge_boxes(ranges: Iterable[str]) -> tuple[dict[tuple[int, int], str], list[tuple[int, int, int, int, str]]]:
    """Cells hidden under a merge (not its top-left) -> the merge's ref, plus merges too big to list."""
    return _merge_boxes_cached(tuple(ranges))


@functools.lru_cache(maxsize=64)  # branch sheets cloned from one template share their merges
def _merge_boxes_cached(ranges: tuple[str, ...]) -> tuple[dict[tuple[int, int], str], list[tuple[int, int, int, int, str]]]:
    hidden: dict[tuple[int, int], str] = {}
    big = []
    for ref in ranges:
        if ":" not in ref:
            continue
        try:
            (c0, r0), (c1, r1) = ((column_index(a), b) for a, b in map(split_cell, ref.replace("$", "").split(":", 1)))
        except ValueError:
            continue
        if (c1 - c0 + 1) * (r1 - r0 + 1) > 4096:
            big.append((c0, r0, c1, r1, ref))  # a stretched merge: test it, don't enumerate it
            continue
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (c, r) != (c0, r0):
                    hidden.setdefault((c, r), ref)
    return hidden, big


def merge_hiding(cell: str, boxes) -> str | None:
    """The merged range that covers cell without starting at it: Excel shows only the top-left value."""
    hidden, big = boxes
    col, row = split_cell(cell)
    c = column_index(col)
    if (ref := hidden.get((c, row))) is not None:
        return ref
    for c0, r0, c1, r1, ref in big:
        if c0 <= c <= c1 and r0 <= row <= r1 and (c, row) != (c0, r0):
            return ref
    return None


def _branch_list_problems(rows: list[tuple[str, object, object]]) -> list[tuple[str, str, str]]:
    """(code, cell, short name) for rows of the branch table the settings silently skip."""
    seen: set[str] = set()
    out = []
    for cell, short_raw, full_raw in rows:
        short = clean_text(short_raw)
        if is_blank(short):
            if not is_blank(full_raw):
                out.append(("branch-list-blank", cell, clean_text(full_raw)))
        elif short in seen:
            out.append(("branch-list-duplicate", cell, short))
        else:
            seen.add(short)
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
