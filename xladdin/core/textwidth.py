"""How wide text is on screen, in a cell or on paper: one rule for every writer.

Wide and full-width characters (Chinese, full-width punctuation) take two
columns. So do East Asian "ambiguous" ones such as “”、…, ①: in the CJK fonts
our readers use (宋体, 仿宋, a GBK console) they are drawn full width too.
"""

from __future__ import annotations

import math
import unicodedata


def display_width(text: str) -> int:
    """Columns `text` takes: CJK characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """Lines that `text` wraps to in a box `width` columns wide (one more per hard line break)."""
    usable = max(width, 1)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))
