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


# Marks that may not start a line (closing) or end one (opening), as Chinese is set.
CLOSING_MARKS = frozenset("，。、；：？！）》」』”’】〕…—·,.;:?!)]}>%")
OPENING_MARKS = frozenset("（《「『“‘【〔([{<")


def is_wide(ch: str) -> bool:
    return display_width(ch) == 2


def join_lines(lines: list[str]) -> str:
    """One paragraph from its source lines: a space between Latin words, none beside a Chinese character."""
    text = ""
    for line in (part.strip() for part in lines):
        if not line:
            continue
        if text and not (is_wide(text[-1]) or is_wide(line[0])):
            text += " "
        text += line
    return text


def wrap_lines(text: str, width: float) -> list[str]:
    """Break text into lines of at most `width` columns, the way Chinese is set.

    A line breaks between any two Chinese characters, but a closing mark (，。）”…)
    stays with the character before it and an opening mark (（“) with the one after,
    so no line starts with "。"; Latin words, numbers and paths are not cut unless one
    alone is wider than a line; and the last line keeps at least two characters, so
    nothing is left alone on it. Hard line breaks in text are kept.
    """
    out: list[str] = []
    for part in text.split("\n"):
        out.extend(wrap_paragraph(part, width) or [""])
    return out


def wrap_paragraph(text: str, width: float) -> list[str]:
    """The lines of one paragraph, none wider than `width` columns (unless one unit is)."""
    width = max(width, 2)
    lines: list[list[tuple[str, bool]]] = []
    line: list[tuple[str, bool]] = []
    for unit, spaced in _units(text):
        if display_width(_joined([*line, (unit, spaced)])) <= width:
            line.append((unit, spaced))
            continue
        if line:
            lines.append(line)
            line = []
        if display_width(unit) <= width:
            line = [(unit, spaced)]
        else:
            *full, last = _hard_split(unit, width)
            lines.extend([(piece, False)] for piece in full)
            line = [(last, False)]
    if line:
        lines.append(line)
    if len(lines) > 1 and len(_joined(lines[-1])) < 2 and len(lines[-2]) > 1:
        lines[-1].insert(0, lines[-2].pop())  # no lone last character
    return [_joined(units) for units in lines]


def _joined(units: list[tuple[str, bool]]) -> str:
    return "".join((" " if spaced and i else "") + unit for i, (unit, spaced) in enumerate(units))


def _units(text: str) -> list[tuple[str, bool]]:
    """The pieces a line may break between, each with whether a space came before it."""
    atoms: list[tuple[str, bool]] = []
    word, space = "", False
    for ch in text:
        if not ch.isspace() and not is_wide(ch):
            word += ch
            continue
        if word:
            atoms.append((word, space))
            word, space = "", False
        if ch.isspace():
            space = True
        else:
            atoms.append((ch, space))
            space = False
    if word:
        atoms.append((word, space))
    units: list[tuple[str, bool]] = []
    for atom, spaced in atoms:
        glue = units and not spaced and (atom[0] in CLOSING_MARKS or units[-1][0][-1] in OPENING_MARKS)
        if glue:
            units[-1] = (units[-1][0] + atom, units[-1][1])
        else:
            units.append((atom, spaced))
    return units


def _hard_split(unit: str, width: float) -> list[str]:
    pieces, piece = [], ""
    for ch in unit:
        if piece and display_width(piece + ch) > width:
            pieces.append(piece)
            piece = ""
        piece += ch
    return [*pieces, piece] if piece else pieces
