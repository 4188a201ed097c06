"""Write the ledger into a workbook: a new one, or the office's own, changing only our cells.

Our cells are the grey columns of the item rows, the line under the title, the
table's extent and the hidden 台账记录 sheet. The office's columns, rows, other
sheets and formatting are left exactly as they were. The table is a real Excel
table (sortable, filterable) with frozen headers; it prints on A4 landscape with
the header row on every page.
"""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from xladdin.core.textwidth import lines_needed
from xladdin.ledger.book import (
    CONTENTS_HEADER,
    ID_KIND,
    RECORD_COLUMNS,
    RECORD_HEADER_ROW,
    ROUND_KIND,
    TAKEN_HEADERS,
    LedgerBook,
    plain,
)
from xladdin.ledger.items import TEXT_PARTS, Item, Ledger, criterion_label, ledger_text
from xladdin.ledger.rows import make_column_room, make_room, used_from
from xladdin.spec import form
from xladdin.spec import ledger as spec
from xladdin.spec.labels import VERDICT_FILLS, VERDICT_TEXT_COLOURS
from xladdin.xlsx.text import set_text

FONT = "宋体"
SIZE = 10
LINE_POINTS = 13.5  # one wrapped line of 10-pt 宋体
HEADER_ROW = 3
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOOL_HEAD = "D9D9D9"  # grey: the tool rewrites these columns
OFFICE_HEAD = "FFE699"  # yellow: the office's columns
OFFICE_FILL = form.INPUT_FILL  # the input colour of the branch forms
STATUS_LOOK = {
    spec.OVERDUE: (VERDICT_FILLS[form.INCOMPLETE], VERDICT_TEXT_COLOURS[form.INCOMPLETE]),
    spec.PENDING: (VERDICT_FILLS[form.REMEDIATING], VERDICT_TEXT_COLOURS[form.REMEDIATING]),
    spec.CLOSED: (VERDICT_FILLS[form.COMPLETE], VERDICT_TEXT_COLOURS[form.COMPLETE]),
}
FLAG_FILL = VERDICT_FILLS[form.REMEDIATING]  # 本轮未报告进展 stands out in the 本轮情况 column
DATE_FORMAT = "yyyy-mm-dd"
WRAPPED = (spec.SHORTCOMINGS, spec.REMEDY, spec.PROGRESS, spec.HISTORY, spec.EVIDENCE, spec.NOTE)


def new_ledger_workbook() -> LedgerBook:
    """An empty ledger: title, the line under it, the header row; the guide and the record sheets."""
    wb = Workbook()
    ws = wb.active
    ws.title = spec.LEDGER_SHEET
    title = ws.cell(1, 1)
    set_text(title, spec.TITLE)
    title.font = Font(name="黑体", size=16, bold=True)
    ws.row_dimensions[1].height = 28
    set_text(ws.cell(2, 1), spec.LINE_PREFIX)
    ws.cell(2, 1).font = Font(name=FONT, size=SIZE)
    for c, column in enumerate(spec.COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = column.width
    book = LedgerBook(wb, ws, HEADER_ROW, {}, fresh=True)
    ensure_columns(book)
    ws.freeze_panes = f"B{HEADER_ROW + 1}"
    _page_setup(ws)
    _guide_sheet(wb)
    return book


def ensure_columns(book: LedgerBook) -> list[str]:
    """Add any of our columns missing from the header right of its last heading; returns their names.

    Whatever the office typed at or right of there (notes under no heading) moves right with the columns.
    """
    ws, added = book.ws, []
    last = max(book.columns.values(), default=0)
    missing = sum(column.name not in book.columns for column in spec.COLUMNS)
    if missing and not book.fresh and used_from(ws, last + 1):
        make_column_room(ws, last + 1, missing)
        book.moved_right = True
    for column in spec.COLUMNS:
        if column.name in book.columns:
            continue
        last += 1
        book.columns[column.name] = last
        cell = ws.cell(book.header_row, last)
        set_text(cell, column.name)
        _header_style(cell, column.owner)
        ws.column_dimensions[get_column_letter(last)].width = column.width
        added.append(column.name)
    ws.row_dimensions[book.header_row].height = 20
    return added


def _header_style(cell, owner: str) -> None:
    cell.font = Font(name=FONT, size=SIZE, bold=True)
    cell.fill = PatternFill("solid", fgColor=OFFICE_HEAD if owner == spec.OFFICE else TOOL_HEAD)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cell.border = BOX


def write_ledger(book: LedgerBook, ledger: Ledger, line: str) -> list[str]:
    """Write every item into its row (new items into free rows below), then the table, the line and the record;
    returns the names of the columns added to an older ledger."""
    added = ensure_columns(book)
    free = _free_rows(book)
    extra = sum(i.row is None for i in ledger.items) - len(free)
    if extra > 0:  # directly under the last item, inside the table: the office's rows below move down
        at = max([_table_bottom(book), *(i.row for i in ledger.items if i.row)]) + 1
        if not all(_row_empty(book, r) for r in range(at, at + extra)):
            make_room(book.ws, at, extra)
        free += range(at, at + extra)
    for item in ledger.items:
        new = item.row is None
        if new:
            item.row = free.pop(0)
        _write_item(book, item, new)
    last_row = max([book.header_row + 1, *(i.row for i in ledger.items if i.row)])
    _extend_table(book, max(last_row, _table_bottom(book)))
    _set_line(book, line)
    _freeze_header(book)
    _guide_fits(book.wb)
    write_record(book.wb, ledger)
    return added


# ---- rows ----------------------------------------------------------------------------------

def _last_column(book: LedgerBook) -> int:
    return max(book.columns.values())


def _row_empty(book: LedgerBook, row: int) -> bool:
    return all(book.ws.cell(row, c).value is None for c in range(1, _last_column(book) + 1))


def _table_bottom(book: LedgerBook) -> int:
    table = _table(book)
    if table is None:
        return book.header_row
    return range_boundaries(table.ref)[3]


def _free_rows(book: LedgerBook) -> list[int]:
    """Entirely empty rows inside the table: a new ledger's placeholder row, rows the office cleared."""
    return [r for r in range(book.header_row + 1, _table_bottom(book) + 1) if _row_empty(book, r)]


def _last_used_row(book: LedgerBook, below: int) -> int:
    """The last row at or under `below` with anything in the ledger's columns (the office's notes under the table)."""
    for r in range(book.ws.max_row, below, -1):
        if not _row_empty(book, r):
            return r
    return below


def _write_item(book: LedgerBook, item: Item, new: bool) -> None:
    ws, row = book.ws, item.row
    values = {
        spec.ID: item.id, spec.BRANCH: item.sheet, spec.CRITERION: criterion_label(item.criterion),
        spec.SHORTCOMINGS: item.shortcomings, spec.REMEDY: item.remedy, spec.OWNER: item.owner,
        spec.DEADLINE: item.deadline, spec.STATUS: item.status, spec.PROGRESS: item.progress,
        spec.HISTORY: item.history or None,
        spec.REPORTED: item.reported, spec.EVIDENCE: item.evidence, spec.FIRST_ROUND: item.first_round,
        spec.LAST_ROUND: item.last_round,
    }
    if new:
        for column in spec.COLUMNS:  # every cell of a new row gets the ledger's look, the office's too
            _body_style(ws.cell(row, book.columns[column.name]), column)
    for name, value in values.items():
        cell = ws.cell(row, book.columns[name])
        if isinstance(value, date):
            cell.value = value
            cell.number_format = DATE_FORMAT
        else:
            set_text(cell, value)
    _status_look(ws.cell(row, book.columns[spec.STATUS]), item.status)
    progress = ws.cell(row, book.columns[spec.PROGRESS])
    progress.fill = PatternFill("solid", fgColor=FLAG_FILL) if item.progress.startswith(spec.NO_NEWS) else PatternFill()
    if item.source is not None:
        _link(ws.cell(row, book.columns[spec.SOURCE]), item)
    _fit(book, row)


def _body_style(cell, column: spec.Column) -> None:
    cell.font = Font(name=FONT, size=SIZE)
    cell.border = BOX
    wide = column.name in WRAPPED
    cell.alignment = Alignment(horizontal="left" if wide else "center", vertical="center", wrap_text=True)
    if column.owner == spec.OFFICE:
        cell.fill = PatternFill("solid", fgColor=OFFICE_FILL)
    if column.kind == "date":
        cell.number_format = DATE_FORMAT


def _status_look(cell, status: str) -> None:
    fill, colour = STATUS_LOOK.get(status, (None, None))
    cell.fill = PatternFill("solid", fgColor=fill) if fill else PatternFill()
    cell.font = _font_like(cell.font, color=colour, bold=status == spec.OVERDUE)


def _link(cell, item: Item) -> None:
    """An external link to the item's cell in the round's workbook: Excel opens the file at that cell."""
    src = item.source
    sheet = src.sheet.replace("'", "''")
    cell.hyperlink = Hyperlink(ref=cell.coordinate, target=src.file, location=f"'{sheet}'!{src.cell}",
                               tooltip=f"打开 {src.file}，定位到“{src.sheet}”表 {src.cell}")
    set_text(cell, f"{src.sheet}!{src.cell}")
    cell.font = _font_like(cell.font, color="0563C1", underline="single")


def _font_like(font, **changes) -> Font:
    """The cell's font with a few attributes changed (openpyxl's style objects are shared, never edited)."""
    kept = {"name": font.name, "size": font.sz, "bold": font.b, "italic": font.i, "underline": font.u,
            "color": font.color}
    return Font(**{**kept, **changes})


def _fit(book: LedgerBook, row: int) -> None:
    """Rows do not grow by themselves in every viewer: make room for the longest wrapped text."""
    lines = 1
    for name in WRAPPED:
        col = book.columns[name]
        text = book.ws.cell(row, col).value
        if text is not None:
            width = book.ws.column_dimensions[get_column_letter(col)].width or spec.COLUMNS_BY_NAME[name].width
            lines = max(lines, lines_needed(str(text), width - 1))
    dim = book.ws.row_dimensions[row]
    dim.height = max(dim.height or 0, lines * LINE_POINTS + 4)


# ---- the table, the line and the page -------------------------------------------------------

def _table(book: LedgerBook) -> Table | None:
    tables = list(book.ws.tables.values())
    header = book.header_row
    for table in tables:
        if range_boundaries(table.ref)[1] == header:
            return table
    return None


def _extend_table(book: LedgerBook, last_row: int) -> None:
    ws = book.ws
    first_col = min(book.columns.values())
    last_col = _last_column(book)
    ref = f"{get_column_letter(first_col)}{book.header_row}:{get_column_letter(last_col)}{last_row}"
    table = _table(book)
    if table is None and book.fresh:
        table = Table(displayName=_table_name(book), ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
        ws.add_table(table)
    if table is not None:
        known = {c.name for c in table.tableColumns}
        if table.tableColumns:
            next_id = max(c.id for c in table.tableColumns) + 1
            for c in range(first_col + len(table.tableColumns), last_col + 1):
                name = str(ws.cell(book.header_row, c).value)
                if name not in known:
                    table.tableColumns.append(TableColumn(id=next_id, name=name))
                    next_id += 1
        table.ref = ref
        if table.autoFilter is not None:
            table.autoFilter.ref = ref
    else:  # the office keeps its ledger as a plain range: a filter over the rows, no table forced on it
        ws.auto_filter.ref = ref
    ws.print_area = f"A1:{get_column_letter(last_col)}{_last_used_row(book, last_row)}"  # the office's notes too
    ws.print_title_rows = f"{book.header_row}:{book.header_row}"


def _table_name(book: LedgerBook) -> str:
    taken = {t.displayName for s in book.wb.worksheets for t in s.tables.values()} | set(book.wb.defined_names)
    name, n = spec.TABLE_NAME, 1
    while name in taken:
        n += 1
        name = f"{spec.TABLE_NAME}{n}"
    return name


def _set_line(book: LedgerBook, line: str) -> None:
    """Rewrite the line under the title, found by how it starts; nothing else above the header changes."""
    for row in range(1, book.header_row):
        cell = book.ws.cell(row, 1)
        # plain(): LibreOffice saves this line as rich text, one run per script (截至 / 2010 / 年 ...).
        text = plain(cell.value)
        if isinstance(text, str) and text.strip().startswith(spec.LINE_PREFIX):
            set_text(cell, line)
            return


def _freeze_header(book: LedgerBook) -> None:
    """Freeze the header (and the 编号 column when it comes first) again when our sheet has no pane at all.

    LibreOffice's headless save (soffice --convert-to) drops frozen panes. A pane the office set
    elsewhere, frozen or split, stays; so does a ledger sheet the office made and named itself.
    """
    ws = book.ws
    if ws.sheet_view.pane is not None or ws.title != spec.LEDGER_SHEET:
        return
    first = 2 if book.columns.get(spec.ID) == 1 else 1
    ws.freeze_panes = f"{get_column_letter(first)}{book.header_row + 1}"


def _guide_fits(wb: Workbook) -> None:
    """A guide sheet made before it fitted A4 (column A 100 wide: lines cut off in print) is narrowed and set up
    to fit. LibreOffice ignores fit-to-width here, so the column itself must fit; its wrapped rows grow to match."""
    if spec.GUIDE_SHEET not in wb.sheetnames:
        return
    ws = wb[spec.GUIDE_SHEET]
    if (ws.column_dimensions["A"].width or 0) <= GUIDE_WIDTH:
        return
    ws.column_dimensions["A"].width = GUIDE_WIDTH
    for (cell,) in ws.iter_rows(min_col=1, max_col=1):
        text = plain(cell.value)
        if isinstance(text, str) and cell.alignment.wrap_text:
            ws.row_dimensions[cell.row].height = _guide_height(text)
    guide_page_setup(ws)


def _guide_height(text: str) -> float:
    return lines_needed(text, GUIDE_WIDTH - 2) * LINE_POINTS + 4


def _page_setup(ws) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    ws.oddHeader.left.text = spec.TITLE
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    for part in (ws.oddHeader.left, ws.oddFooter.center):
        part.size = 9


GUIDE_WIDTH = 72  # characters: one column that prints within A4 portrait at full size (Excel and LibreOffice)


def _guide_sheet(wb: Workbook) -> None:
    ws = wb.create_sheet(spec.GUIDE_SHEET)
    ws.column_dimensions["A"].width = GUIDE_WIDTH
    set_text(ws.cell(1, 1), "整改台账说明")
    ws.cell(1, 1).font = Font(name="黑体", size=14, bold=True)
    row = 3
    for n, text in enumerate(spec.GUIDE_LINES, start=1):
        cell = ws.cell(row, 1)
        set_text(cell, f"{n}. {text}")
        cell.font = Font(name=FONT, size=SIZE)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = _guide_height(cell.value)
        row += 1
    row += 1
    head = ws.cell(row, 1)
    set_text(head, spec.PHRASES_HEADING)
    head.font = Font(name=FONT, size=SIZE, bold=True)
    for phrase in spec.COMPLETION_PHRASES:
        row += 1
        set_text(ws.cell(row, 1), phrase)
        ws.cell(row, 1).fill = PatternFill("solid", fgColor=OFFICE_FILL)
        ws.cell(row, 1).font = Font(name=FONT, size=SIZE)
    guide_page_setup(ws)


def guide_page_setup(ws) -> None:
    """A4 portrait, one page wide: the guide's long lines are never cut off at the right edge."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.7


def write_record(wb: Workbook, ledger: Ledger) -> None:
    """The hidden 台账记录: every round and every id ever issued, rewritten whole."""
    if spec.RECORD_SHEET in wb.sheetnames:  # emptied in place: the sheets' order and the active one stay
        ws = wb[spec.RECORD_SHEET]
        ws.delete_rows(1, ws.max_row)
    else:
        ws = wb.create_sheet(spec.RECORD_SHEET)
    ws.sheet_state = "hidden"
    set_text(ws.cell(1, 1), "本表由回头看维护：每轮更新和已使用的编号（编号不再重复使用）。请勿改动。")
    for c, text in enumerate(("类别", "轮次或编号", "日期或首次登记", "来源", *TAKEN_HEADERS, CONTENTS_HEADER), start=1):
        set_text(ws.cell(RECORD_HEADER_ROW, c), text)
    row = RECORD_HEADER_ROW
    for r in ledger.rounds:
        row += 1
        set_text(ws.cell(row, 1), ROUND_KIND)
        ws.cell(row, 2).value = r.number
        ws.cell(row, 3).value = r.day
        ws.cell(row, 3).number_format = DATE_FORMAT
        set_text(ws.cell(row, 4), r.source)
        set_text(ws.cell(row, RECORD_COLUMNS), r.contents or None)
    items = {i.id: i for i in ledger.items}
    for iid, first in ledger.issued.items():
        row += 1
        item = items.get(iid)
        # What the branch last said, so the next update tells the office's edits in grey columns from it;
        # a ledger written before this was recorded takes the cells as they stand.
        taken = {} if item is None else {**{p: ledger_text(getattr(item, p)) or "" for p in TEXT_PARTS}, **item.taken}
        for c, value in enumerate((ID_KIND, iid, first, None, *(taken.get(p) or None for p in TEXT_PARTS)), start=1):
            set_text(ws.cell(row, c), value)

