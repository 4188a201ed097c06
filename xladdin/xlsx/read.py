"""Read a filled workbook into plain data, through the template's defined names.

The package structure (sheets, names, date system) comes from xladdin.xlsx.parts;
cell values come from a CellSource, so every engine yields the same data.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable, Iterator
from pathlib import Path

from defusedxml import DefusedXmlException

from xladdin.core.a1 import column_index, split_cell
from xladdin.core.model import SheetData, WorkbookData
from xladdin.core.normalize import clean_text, is_blank
from xladdin.core.settings_sheet import settings_from_cells
from xladdin.errors import UserError
from xladdin.spec import form
from xladdin.xlsx.cells import CellSource
from xladdin.xlsx.collected import read_collection
from xladdin.xlsx.package import open_package
from xladdin.xlsx.parts import WorkbookInfo, read_workbook_info
from xladdin.xlsx.sheet_scan import scan_sheets
from xladdin.xlsx.sources import open_cell_source
from xladdin.xlsx.targets import FIELD_NAMES_IN_ORDER, Targets, resolve_targets


def read_workbook(path: str | Path, engine: str = "auto") -> WorkbookData:
    path = Path(path)
    with open_package(path) as archive:
        info = read_workbook_info(archive)
        targets = resolve_targets(info)
        scan = scan_sheets(archive, info, targets.wanted if engine == "auto" else None)
    with library_errors(path), open_cell_source(path, info, engine, scan.calamine_ok, scan.values) as source:
        data = read_parts(path, info, source, scan.merges, targets)
        if form.COLLECTION_SHEET in data.sheet_names:
            data.collection, data.pending = read_collection(source, data.settings)
        return data


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


def read_parts(
    path: Path, info: WorkbookInfo, source: CellSource, merges: dict[str, list[str]] | None = None,
    targets: Targets | None = None,
) -> WorkbookData:
    """WorkbookData from a package's structure and a cell source; shared by the file and Excel readers.

    path only names the workbook (messages, WorkbookData.path); it is never opened here.
    targets: resolve_targets(info), when the caller has it already.
    """
    sheet_names = info.sheet_names()
    states = {s.name: s.state for s in info.sheets}
    worksheets = {s.name for s in info.sheets if s.kind == "worksheet"}

    found = targets if targets is not None else resolve_targets(info)
    field_refs, setting_refs, branch_cells = found.field_refs, found.setting_refs, found.branch_cells
    values = {sheet: source.read(sheet, cells) for sheet, cells in found.wanted.items()}

    def value_at(target: tuple[str, str]) -> object:
        return values.get(target[0], {}).get(target[1])

    named = {name: value_at(t) for name, t in setting_refs.items() if name != form.BRANCHES_NAME}
    rows = [
        (f"{form.SETTINGS_SHEET}!{short_cell[1]}", value_at(short_cell), value_at(full_cell))
        for short_cell, full_cell in zip(branch_cells[0::2], branch_cells[1::2], strict=True)
    ]
    settings = settings_from_cells(named, rows)

    listed = {b.short for b in settings.branches}
    branch_sheets = [s for s in sheet_names if s in field_refs or (s in listed and s in worksheets)]
    branch_sheets = [s for s in branch_sheets if s not in form.RESERVED_SHEETS]
    if not branch_sheets and not field_refs:
        raise UserError("no-branch-sheets", name=path.name)

    sheets = []
    hiding_memo: dict[int, tuple[object, dict[str, str | None]]] = {}
    formula_of = source.formula
    for name in branch_sheets:
        refs = field_refs.get(name, {})
        boxes = merge_boxes((merges or {}).get(name, ()))  # parsed once per sheet, not once per field
        # Sheets from one template share their boxes and their fields' cells: look each cell up once.
        # The memo keeps the boxes alive, so their id is not reused while it stands.
        hiding = hiding_memo.setdefault(id(boxes), (boxes, {}))[1] if boxes[0] or boxes[1] else None
        data = SheetData(sheet=name, state=states.get(name, "visible"))
        for fname in FIELD_NAMES_IN_ORDER:
            target = refs.get(fname)
            if target is None:
                data.missing.append(fname)
                continue
            sheet, cell = target
            data.cells[fname] = cell
            data.raw[fname] = values.get(sheet, {}).get(cell)
            if formula := formula_of(sheet, cell):
                data.formulas[fname] = formula
            if hiding is not None:
                if cell not in hiding:
                    hiding[cell] = merge_hiding(cell, boxes)
                if hidden_by := hiding[cell]:
                    data.merged[fname] = hidden_by
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
