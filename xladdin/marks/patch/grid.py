"""A sheet's column widths and row heights in pixels, to place a note's shape beside its cell.

Excel places a note by its x:Anchor (cells and offsets); the margins are a
fallback for other readers. Approximate is enough: the note still belongs to
its cell, only where it pops up moves a little.
"""

from __future__ import annotations

import re

from xladdin.marks.patch.sheet import COL, SheetXml
from xladdin.marks.patch.xmltext import attrs

_HT = re.compile(rb"""\sht\s*=\s*["']([0-9.]+)["']""")
_HIDDEN = re.compile(rb"""\shidden\s*=\s*["'](?:1|true)["']""")
DEFAULT_COLUMN_PX = 64.0  # Excel's 8.43 characters of Calibri 11
DEFAULT_ROW_PX = 20.0  # 15 points


class Grid:
    def __init__(self, sheet: SheetXml) -> None:
        self.sheet = sheet
        self._widths: dict[int, float] | None = None
        self._heights: dict[int, float] | None = None
        self._tops: list[float] = [0.0]

    def column_px(self, col0: int) -> float:
        """A column's width in pixels (0-based)."""
        if self._widths is None:
            self._widths = {}
            cols = self.sheet.element("cols")
            for m in COL.finditer(self.sheet.data, *(cols or (0, 0))):
                a = attrs(m[0])
                try:
                    lo, hi = int(a.get("min", 0)), int(a.get("max", 0))
                    px = 0.0 if a.get("hidden") in ("1", "true") else float(a.get("width", 8.43)) * 7 + 5
                except ValueError:
                    continue
                for c in range(lo, min(hi, lo + 64) + 1):  # a note spans a few columns; 1:16384 is common
                    self._widths[c] = px
        return self._widths.get(col0 + 1, DEFAULT_COLUMN_PX)

    def row_px(self, row0: int) -> float:
        """A row's height in pixels (0-based)."""
        if self._heights is None:
            self._heights = {}
            for row in self.sheet.rows():
                if _HIDDEN.search(row.tag):
                    self._heights[row.number - 1] = 0.0
                elif ht := _HT.search(row.tag):
                    self._heights[row.number - 1] = float(ht[1]) * 4 / 3
        return self._heights.get(row0, DEFAULT_ROW_PX)

    def left_px(self, col0: int) -> float:
        """Pixels from the sheet's left edge to column col0 (0-based)."""
        return sum(self.column_px(c) for c in range(col0))

    def top_px(self, row0: int) -> float:
        """Pixels from the sheet's top edge to row row0 (0-based), summed once per sheet."""
        tops = self._tops
        while len(tops) <= row0:
            tops.append(tops[-1] + self.row_px(len(tops) - 1))
        return tops[row0]
