"""The 回收情况 sheet of a collected workbook: who reported, from which file, and what to look at.

Readable on screen and printable on A4 (landscape, header row repeated). The
header row (spec.loop_text.COLLECTION_HEADERS) also tells a later run that the
sheet is ours to replace. Every text goes in through set_text: file names and
branch text are the senders', not formulas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from xladdin.forms.sheet_style import (
    HEADER_FILL,
    LABEL_STYLE,
    NOTE_COLOR,
    SHORT_HEIGHT,
    TITLE_HEIGHT,
    cell_font,
    est_height,
    page_setup,
    style_range,
)
from xladdin.spec import form
from xladdin.spec.labels import VERDICT_FILLS
from xladdin.spec.loop_text import (
    COLLECTION_HEADERS,
    COLLECTION_SECTIONS,
    COLLECTION_SHEET_HEADER,
    CONFLICT,
    KEPT,
    MISSING,
    RECEIVED,
    STATUS_LABELS,
    UNREADABLE,
)
from xladdin.xlsx.text import set_text

WIDTHS = {"A": 6, "B": 16, "C": 9, "D": 30, "E": 12, "F": 20, "G": 52}
COLS = "ABCDEFG"  # one per COLLECTION_HEADERS
LAST = COLS[-1]
SHEET_COL = "H"  # hidden: COLLECTION_SHEET_HEADER, each row's sheet name
STATUS_FILLS = {RECEIVED: VERDICT_FILLS[form.COMPLETE], KEPT: VERDICT_FILLS[form.COMPLETE], MISSING: VERDICT_FILLS[form.UNREPORTED],
                UNREADABLE: VERDICT_FILLS[form.INCOMPLETE], CONFLICT: VERDICT_FILLS[form.INCOMPLETE]}
HEADER_ROW = 3
BODY = dict(font=cell_font(10), fill=None, locked=False,
            align=Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1))
CENTRED = {**BODY, "align": Alignment(horizontal="center", vertical="center", wrap_text=True)}


@dataclass(frozen=True)
class CollectionLine:
    branch: str  # the full name
    status: str
    file: str
    fill_date: str
    notes: tuple[str, ...] = ()
    collected: str = ""  # 收集时间: when this row's file was taken in (spec.loop_text.COLLECTED_AT_FORMAT)
    sheet: str = ""  # the branch's sheet (short) name, in the hidden column SHEET_COL


def _merged(ws: Worksheet, rng: str, value: object, style: dict) -> None:
    set_text(ws[rng.split(":")[0]], value)
    style_range(ws, rng, **style)  # type: ignore[arg-type]
    if ":" in rng:
        ws.merge_cells(rng)


def _height(*texts_and_widths: tuple[str, float]) -> float:
    return max(est_height(text, width, 10) for text, width in texts_and_widths)


def _section(ws: Worksheet, row: int, text: str) -> int:
    _merged(ws, f"A{row}:{LAST}{row}", text, dict(font=cell_font(12, bold=True), fill=None, locked=False, border=False,
                                             align=Alignment(vertical="center")))
    ws.row_dimensions[row].height = SHORT_HEIGHT
    return row + 1


def _header(ws: Worksheet, row: int, spans: Sequence[tuple[str, str]]) -> int:
    for rng, text in spans:
        _merged(ws, rng, text, {**LABEL_STYLE, "fill": HEADER_FILL, "locked": False})
    ws.row_dimensions[row].height = SHORT_HEIGHT - 6
    return row + 1


def write_collection_sheet(wb: Workbook, title: str, subtitle: str, lines: Sequence[CollectionLine],
                           skipped: Sequence[tuple[str, str]], general: Sequence[str]) -> Worksheet:
    """Put the 回收情况 sheet first in wb (the caller removed an old one of ours)."""
    ws = wb.create_sheet(form.COLLECTION_SHEET, 0)
    for col, width in WIDTHS.items():
        ws.column_dimensions[col].width = width
    _merged(ws, f"A1:{LAST}1", title, dict(font=cell_font(16, bold=True), fill=None, locked=False, border=False,
                                     align=Alignment(horizontal="center", vertical="center", wrap_text=True)))
    ws.row_dimensions[1].height = TITLE_HEIGHT
    _merged(ws, f"A2:{LAST}2", subtitle, dict(font=cell_font(10, color=NOTE_COLOR), fill=None, locked=False, border=False,
                                        align=Alignment(vertical="center", wrap_text=True)))
    ws.row_dimensions[2].height = _height((subtitle, sum(WIDTHS.values())))
    row = _header(ws, HEADER_ROW, [(f"{c}{HEADER_ROW}", t) for c, t in zip(COLS, COLLECTION_HEADERS, strict=True)])
    for n, line in enumerate(lines, 1):
        notes = "\n".join(line.notes)
        values = (n, line.branch, STATUS_LABELS[line.status], line.file, line.fill_date, line.collected, notes)
        for col, value in zip(COLS, values, strict=True):
            _merged(ws, f"{col}{row}", value or None, CENTRED if col in "ACEF" else BODY)
        style_range(ws, f"C{row}", font=cell_font(10, bold=True), fill=STATUS_FILLS[line.status], locked=False,
                    align=CENTRED["align"])
        ws.row_dimensions[row].height = max(SHORT_HEIGHT - 6, _height((notes, WIDTHS[LAST]), (line.file, WIDTHS["D"]),
                                                                  (line.collected, WIDTHS["F"])))
        row += 1
    if skipped:
        row = _section(ws, row + 1, COLLECTION_SECTIONS[0])
        row = _header(ws, row, [(f"A{row}", "序号"), (f"B{row}:D{row}", "文件"), (f"E{row}:{LAST}{row}", "原因")])
        for n, (name, reason) in enumerate(skipped, 1):
            _merged(ws, f"A{row}", n, CENTRED)
            _merged(ws, f"B{row}:D{row}", name, BODY)
            _merged(ws, f"E{row}:{LAST}{row}", reason, BODY)
            ws.row_dimensions[row].height = max(SHORT_HEIGHT - 6, _height(
                (reason, WIDTHS["E"] + WIDTHS["F"] + WIDTHS["G"]), (name, WIDTHS["B"] + WIDTHS["C"] + WIDTHS["D"])))
            row += 1
    if general:
        row = _section(ws, row + 1, COLLECTION_SECTIONS[1])
        for n, text in enumerate(general, 1):
            _merged(ws, f"A{row}", n, CENTRED)
            _merged(ws, f"B{row}:{LAST}{row}", text, BODY)
            ws.row_dimensions[row].height = max(SHORT_HEIGHT - 6, _height((text, sum(WIDTHS.values()) - WIDTHS["A"])))
            row += 1
    page_setup(ws, row - 1, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    ws.page_setup.orientation = "landscape"
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    # After the print area is set: the sheet names are for a later run, not for the page.
    set_text(ws[f"{SHEET_COL}{HEADER_ROW}"], COLLECTION_SHEET_HEADER)
    for n, line in enumerate(lines, 1):
        set_text(ws[f"{SHEET_COL}{HEADER_ROW + n}"], line.sheet or None)
    ws.column_dimensions[SHEET_COL].hidden = True
    return ws
