"""Read an open workbook through an xlwings Book into the same WorkbookData as the file reader.

Every property read on a Book is a cross-process call in desktop Excel, so the
number of calls is fixed: the defined names once for the whole book (name and
definition of each), then per sheet its name and visibility, and for each
sheet that holds a wanted cell one block of values plus one block of formulas,
whatever the number of fields. Which names count, which cells are wanted and
how settings are built is reader.read_parts, shared with the file path.

The book is used only through its public API (duck-typed), so this module
does not import xlwings; xladdin.excel is the one module that does.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from xladdin.core.a1 import row_col
from xladdin.core.model import WorkbookData
from xladdin.xlsx.parts import DefinedNameInfo, SheetInfo, WorkbookInfo
from xladdin.xlsx.read import read_parts


def book_info(book) -> WorkbookInfo:
    """Sheets and defined names as the package reader would list them, parsed from strings."""
    info = WorkbookInfo(epoch1904=_epoch1904(book))
    for sheet in book.sheets:
        info.sheets.append(SheetInfo(sheet.name, "visible" if sheet.visible else "hidden", part=""))
    for name in book.names:
        full, refers_to = name.name, name.refers_to
        # Sheet-scoped names come back as "运一!c1_status" (the remote engine) or
        # "'运 一'!c1_status" (Excel quotes some sheet names); a name has no "!".
        scope, _, bare = full.rpartition("!")
        info.names.append(DefinedNameInfo(bare, unquote_sheet(scope) or None, refers_to or ""))
    return info


def unquote_sheet(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    return text


def _epoch1904(book) -> bool:
    # Only COM exposes the date system; the remote engine's api is a plain dict.
    try:
        return bool(book.api.Date1904)
    except (AttributeError, NotImplementedError, TypeError):
        return False


def cell_positions(cells: Iterable[str]) -> dict[str, tuple[int, int]]:
    """"B8" -> (8, 2), 1-based."""
    out = {}
    for cell in cells:
        out[cell] = row_col(cell)
    return out


def plain_value(value: object) -> object:
    # Excel hands every number over as a float; openpyxl gives 28 for a whole
    # number. Match it, so messages that quote a value read the same on both paths.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class BookSource:
    """A CellSource over an open book: one block read per sheet, kept for later lookups."""

    def __init__(self, book) -> None:
        self._book = book
        self.blocks: dict[str, list[list[object]]] = {}
        self._formulas: dict[tuple[str, str], str] = {}
        self.formulas_readable = True

    def read(self, sheet: str, cells: Iterable[str]) -> dict[str, object]:
        pos = cell_positions(cells)
        if not pos:
            return {}
        bottom = max(r for r, _ in pos.values())
        right = max(c for _, c in pos.values())
        rng = self._book.sheets[sheet].range((1, 1), (bottom, right))
        values = rng.options(ndim=2, err_to_str=True).value
        self.blocks[sheet] = values
        formulas = self._block_formulas(rng)
        out = {}
        for cell, (r, c) in pos.items():
            value = plain_value(values[r - 1][c - 1])
            out[cell] = value
            text = formulas[r - 1][c - 1] if formulas else None
            # Formula returns the constant for plain cells, and for a text cell
            # with a quote prefix ("'=x") the text itself, which equals its value.
            if isinstance(text, str) and text.startswith("=") and text != value:
                self._formulas[(sheet, cell)] = text
        return out

    def _block_formulas(self, rng) -> list[list[object]] | None:
        try:
            formulas = rng.formula
        except NotImplementedError:
            # The remote engine's payload carries values only.
            self.formulas_readable = False
            return None
        if isinstance(formulas, str):  # a single cell
            return [[formulas]]
        return [list(row) for row in formulas]

    def formula(self, sheet: str, cell: str) -> str | None:
        return self._formulas.get((sheet, cell))

    def value(self, sheet: str, cell: str) -> object:
        """A cell inside an already read block, else None (no extra round trip)."""
        row, c = row_col(cell)
        block = self.blocks.get(sheet) or []
        if row <= len(block) and c <= len(block[row - 1]):
            return block[row - 1][c - 1]
        return None


def read_book(book) -> tuple[WorkbookData, BookSource]:
    source = BookSource(book)
    data = read_parts(Path(book.fullname), book_info(book), source)
    return data, source

