"""Wrapping Chinese help text for a terminal: by display width, never a closing mark at a line's start.

click wraps by character count and joins a paragraph's lines with spaces, both
right for English only: a Chinese character takes two columns, so its lines
came out twice as wide as the terminal, and “时间。 退出码” gained a space.
Here a line breaks between any two characters, but a closing mark (，。）”…)
stays with the character before it and an opening mark (（“) with the one
after, so no line starts with “。”. Latin words, paths and options are never
cut unless one alone is wider than the line.
"""

from __future__ import annotations

from xladdin.core.textwidth import display_width

CLOSING_MARKS = frozenset("，。、；：？！）》」』”’】〕…—,.;:?!)]}>%")
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


def _hard_split(unit: str, width: int) -> list[str]:
    pieces, piece = [], ""
    for ch in unit:
        if piece and display_width(piece + ch) > width:
            pieces.append(piece)
            piece = ""
        piece += ch
    return [*pieces, piece] if piece else pieces


def wrap_paragraph(text: str, width: int) -> list[str]:
    """The lines of one paragraph, none wider than `width` columns (unless one character is)."""
    width = max(width, 2)
    lines: list[str] = []
    line = ""
    for unit, spaced in _units(text):
        gap = " " if spaced and line else ""
        if display_width(line + gap + unit) <= width:
            line += gap + unit
            continue
        if line:
            lines.append(line)
            line = ""
        if display_width(unit) <= width:
            line = unit
        else:
            *full, line = _hard_split(unit, width)
            lines.extend(full)
    if line:
        lines.append(line)
    return lines
