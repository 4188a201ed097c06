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


# Punctuation that may not start a line, and that may not end one (Chinese typesetting rules).
NO_LINE_START = frozenset("，。、；：？！）》」』”’】〕…—·%,.;:?!)]}")
NO_LINE_END = frozenset("（《「『“‘【〔([{")


def wrap_lines(text: str, width: float) -> list[str]:
    """Break text into lines of at most `width` columns the way Chinese is set.

    No line starts with closing punctuation (。，、 …) nor ends with an opening
    bracket, and the last line keeps at least two characters, so nothing is left
    alone on a line. Hard line breaks in text are kept.
    """
    out: list[str] = []
    for part in text.split("\n"):
        out.extend(_wrap_part(part, max(width, 4)))
    return out


def _wrap_part(text: str, width: float) -> list[str]:
    lines: list[str] = []
    start, n = 0, len(text)
    while start < n:
        end, used = start, 0
        while end < n and used + display_width(text[end]) <= width:
            used += display_width(text[end])
            end += 1
        end = max(end, start + 1)
        # Step the break back while the next line would start with closing punctuation, this
        # one would end with an opening bracket, or one character would be left for the last line.
        while end < n and end - start > 1 and (
            text[end] in NO_LINE_START or text[end - 1] in NO_LINE_END or n - end == 1
        ):
            end -= 1
        lines.append(text[start:end])
        start = end
    return lines or [""]
