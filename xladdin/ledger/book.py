"""Read a ledger workbook through its header names, never by column position.

The office may sort the table, move or add columns, add rows of its own and type
anywhere in its columns; only cells under our header names are read, only rows
whose 编号 is one of ours are items, and the workbook object is kept so that an
update rewrites our cells and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xladdin.core.normalize import clean_text, is_blank, parse_date
from xladdin.errors import UserError
from xladdin.ledger.items import TEXT_PARTS, Item, Ledger, Round, ledger_text, parse_id
from xladdin.spec import ledger as spec


@dataclass
class LedgerBook:
    """An open ledger workbook and where its table sits."""

    wb: Workbook
    ws: Worksheet
    header_row: int
    columns: dict[str, int]  # header text -> column number (the first column so named)
    name: str = spec.LEDGER_FILE
    fresh: bool = False  # made by this run: it gets a real Excel table; the office's own sheet keeps its form
    moved_right: bool = False  # columns added this run moved the office's cells beside the table to the right


def load_ledger_workbook(path: Path) -> Workbook:
    """openpyxl's workbook, after the hostile-file checks; formulas and rich text kept as typed."""
    from xladdin.marks.budget import check_rewritable
    from xladdin.xlsx.package import open_package
    from xladdin.xlsx.parts import read_workbook_info

    with open_package(path) as archive:
        check_rewritable(archive, read_workbook_info(archive), path.name)
    try:
        return load_workbook(path, rich_text=True, keep_links=True)
    except Exception as exc:  # any parse failure means a damaged file
        raise UserError("damaged", name=path.name, why=type(exc).__name__) from exc


def locate(wb: Workbook, name: str) -> LedgerBook:
    """The ledger sheet (by name, else the first sheet whose header row is ours) and its header."""
    sheets = [wb[spec.LEDGER_SHEET]] if spec.LEDGER_SHEET in wb.sheetnames else []
    sheets += [ws for ws in wb.worksheets if ws.title != spec.LEDGER_SHEET]
    for ws in sheets:
        for r in range(1, min(ws.max_row, spec.HEADER_SEARCH_ROWS) + 1):
            columns: dict[str, int] = {}
            for c in range(1, ws.max_column + 1):
                text = plain(ws.cell(r, c).value)
                if isinstance(text, str) and text.strip():
                    columns.setdefault(text.strip(), c)
            if all(h in columns for h in spec.KEY_HEADERS):
                return LedgerBook(wb, ws, r, columns, name)
    raise UserError("ledger-not-found", name=name, headers="、".join(spec.KEY_HEADERS))


def plain(value: object) -> object:
    """A cell's value as plain Python: rich text becomes its characters."""
    if value is not None and type(value).__name__ == "CellRichText":
        return str(value)
    return value


def read_ledger(book: LedgerBook) -> Ledger:
    """The items of the ledger table, the rounds and ids on record, and the office's completion phrases."""
    ledger = Ledger(rounds=_rounds(book.wb), issued=_issued(book.wb), phrases=_phrases(book.wb))
    taken = _taken(book.wb)
    seen: dict[str, int] = {}
    for row in range(book.header_row + 1, book.ws.max_row + 1):
        parsed = parse_id(plain(_cell(book, row, spec.ID)))
        if parsed is None:
            continue  # a row of the office's own, or an empty one: never touched
        item = Item(*parsed, row=row)
        if item.id in seen:
            raise UserError("ledger-id-duplicate", name=book.name, id=item.id, rows=f"{seen[item.id]}、{row}")
        seen[item.id] = row
        _fill(item, book, row)
        _typed(item, taken.get(item.id, {}))
        ledger.items.append(item)
    for iid, first in ledger.issued.items():
        if iid not in seen and (parsed := parse_id(iid)):
            # Issued once, and its row is gone: the item comes back under its own id.
            ledger.items.append(Item(*parsed, first_round=first, restored=True))
    return ledger


def _cell(book: LedgerBook, row: int, header: str) -> object:
    col = book.columns.get(header)
    return book.ws.cell(row, col).value if col else None


def _text(book: LedgerBook, row: int, header: str) -> str | None:
    value = plain(_cell(book, row, header))
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = clean_text(value)
    return None if is_blank(text) else text


def _fill(item: Item, book: LedgerBook, row: int) -> None:
    for attr, header in (("shortcomings", spec.SHORTCOMINGS), ("remedy", spec.REMEDY), ("owner", spec.OWNER),
                         ("reported", spec.REPORTED), ("evidence", spec.EVIDENCE)):
        setattr(item, attr, _text(book, row, header))
    deadline = plain(_cell(book, row, spec.DEADLINE))
    item.deadline = parse_date(deadline) or _text(book, row, spec.DEADLINE)
    item.first_round = _text(book, row, spec.FIRST_ROUND) or ""
    item.last_round = _text(book, row, spec.LAST_ROUND) or ""
    item.status = _text(book, row, spec.STATUS) or ""
    item.claimed = item.status == spec.PENDING
    item.progress = _text(book, row, spec.PROGRESS) or ""
    item.history = _text(book, row, spec.HISTORY) or ""
    item.closed_by = plain(_cell(book, row, spec.CLOSED_BY))
    item.closed_on = plain(_cell(book, row, spec.CLOSED_ON))


def _typed(item: Item, taken: dict[str, str]) -> None:
    """Note the grey text cells whose text is not what the tool last took from the branch: the office typed them."""
    item.taken = dict(taken)
    for part in TEXT_PARTS:
        text = ledger_text(getattr(item, part))
        if part in taken and text is not None and text != taken[part]:  # a cell cleared by hand is refilled
            item.typed[part] = text


# ---- the hidden record and the office's phrase list ----------------------------------------

ROUND_KIND, ID_KIND = "轮次", "编号"
RECORD_HEADER_ROW = 3
TAKEN_HEADERS = ("支部填报的存在不足", "支部填报的补课措施", "支部填报的责任人", "支部填报的完成时限")
CONTENTS_HEADER = "各支部内容指纹"  # a round's: what each branch reported, to tell a re-run from a new round
# kind, key, day or first round, source; then the id's taken texts; then the round's fingerprints
RECORD_COLUMNS = 4 + len(TEXT_PARTS) + 1


def record_rows(book_wb: Workbook) -> list[tuple]:
    if spec.RECORD_SHEET not in book_wb.sheetnames:
        return []
    ws = book_wb[spec.RECORD_SHEET]
    rows = ws.iter_rows(min_row=RECORD_HEADER_ROW + 1, max_col=RECORD_COLUMNS, values_only=True)
    return [tuple(plain(v) for v in r) + (None,) * (RECORD_COLUMNS - len(r)) for r in rows]


def _taken(wb: Workbook) -> dict[str, dict[str, str]]:
    """id -> part -> the branch's text the tool last wrote ("" for none); empty for ledgers written before
    the record kept it (its header row then lacks TAKEN_HEADERS)."""
    if spec.RECORD_SHEET not in wb.sheetnames:
        return {}
    ws = wb[spec.RECORD_SHEET]
    heads = tuple(plain(ws.cell(RECORD_HEADER_ROW, c).value) for c in range(5, 5 + len(TEXT_PARTS)))
    if heads != TAKEN_HEADERS:
        return {}
    return {str(key): {p: ledger_text(v) or "" for p, v in zip(TEXT_PARTS, texts, strict=False)}
            for kind, key, _, _, *texts in record_rows(wb) if kind == ID_KIND and parse_id(key)}


def _rounds(wb: Workbook) -> list[Round]:
    out = []
    fingerprinted = plain(wb[spec.RECORD_SHEET].cell(RECORD_HEADER_ROW, RECORD_COLUMNS).value) == CONTENTS_HEADER \
        if spec.RECORD_SHEET in wb.sheetnames else False
    for kind, number, day, source, *rest in record_rows(wb):
        when = parse_date(day)
        if kind == ROUND_KIND and isinstance(number, int | float) and when:
            found = rest[-1] if fingerprinted and isinstance(rest[-1], str) else ""
            out.append(Round(int(number), when, str(source or ""), found))
    return out


def _issued(wb: Workbook) -> dict[str, str]:
    return {str(key): str(first or "") for kind, key, first, *_ in record_rows(wb) if kind == ID_KIND and parse_id(key)}


def _phrases(wb: Workbook) -> tuple[str, ...]:
    """The guide sheet's list, as the office left it; the spec's defaults when there is none."""
    if spec.GUIDE_SHEET not in wb.sheetnames:
        return spec.COMPLETION_PHRASES
    ws = wb[spec.GUIDE_SHEET]
    found: list[str] = []
    heading = None
    for row in ws.iter_rows(min_col=1, max_col=1):
        value = plain(row[0].value)
        if heading is None:
            if isinstance(value, str) and value.strip() == spec.PHRASES_HEADING:
                heading = row[0].row
            continue
        text = clean_text(value)
        if not text:
            break
        found.append(text)
    return tuple(found) or spec.COMPLETION_PHRASES
