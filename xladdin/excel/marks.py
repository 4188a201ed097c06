"""Apply a MarkPlan to an open workbook through its xlwings Book: the twin of xladdin.marks.xlsx.

Same marks as the file writer: fills, notes merged with a person's own note,
verdict cells, and a fresh 问题清单 sheet. Differences forced by Excel's API:
- Fills go out as one colour matrix per sheet. Fill colours cannot be read in
  the remote engine, so every input cell is reset to the template's input fill
  (input cells' fill is ours by template) instead of only our mark colours.
- A note whose text cannot be read (the remote engine) is left as it is: it may
  be a person's, and we would rather miss a note than destroy one.
- 问题清单 has plain-text cell addresses, no hyperlinks.
Typed values are never written; strings we write keep a quote prefix where
Excel would otherwise read them as a formula or an error value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xladdin.core.a1 import row_col
from xladdin.core.owned import generated_by_us, not_ours_error
from xladdin.excel.protect import unprotected
from xladdin.marks.plan import NOTE_SEPARATOR, MarkPlan, issues_sheet, merge_note, own_note_text
from xladdin.spec import form
from xladdin.spec.labels import (
    ISSUE_HEADER_FILL,
    ISSUE_HEADER_ROW,
    ISSUE_HEADERS,
    ISSUE_WIDTHS,
    SEVERITY_FILLS,
    SEVERITY_LABELS,
    VERDICT_FILLS,
)
from xladdin.spec.messages import ERROR
from xladdin.xlsx.text import needs_guard

NO_ISSUES = "未发现问题。"


def as_text(value: object) -> object:
    """A string Excel must keep literally gets Excel's quote prefix; anything else is unchanged."""
    return "'" + value if needs_guard(value) else value


def hex_colour(rgb: str | None) -> str | None:
    return f"#{rgb}" if rgb else None


@dataclass
class MarkStats:
    notes_written: int = 0
    notes_kept: int = 0  # notes we could not read and so left alone


def apply_plan(book, plan: MarkPlan, progress: Callable[[str], None] = lambda _text: None) -> MarkStats:
    stats = MarkStats()
    for sheet_name, inputs in plan.input_cells.items():
        progress(f"正在标记“{sheet_name}”…")
        sheet = book.sheets[sheet_name]
        marks = {m.cell: m for m in plan.cells if m.sheet == sheet_name}
        verdicts = [v for v in plan.verdicts if v.sheet == sheet_name]
        colours = {cell: hex_colour(form.INPUT_FILL) for cell in inputs}
        colours.update({cell: hex_colour(SEVERITY_FILLS[m.severity]) for cell, m in marks.items()})
        colours.update({v.cell: hex_colour(VERDICT_FILLS[v.verdict]) for v in verdicts})
        with unprotected(sheet):
            set_colours(sheet, colours)
            write_notes(sheet, inputs, {cell: m.note for cell, m in marks.items()}, stats)
            for v in verdicts:
                sheet.range(v.cell).value = v.text
    write_issues_sheet(book, plan)
    return stats


def clear_plan(book, input_cells: dict[str, list[str]], verdict_cells: dict[str, list[str]]) -> MarkStats:
    """Undo earlier runs: input fills back to the template's, our notes and verdicts removed."""
    stats = MarkStats()
    for sheet_name, inputs in input_cells.items():
        sheet = book.sheets[sheet_name]
        colours = {cell: hex_colour(form.INPUT_FILL) for cell in inputs}
        colours.update(dict.fromkeys(verdict_cells.get(sheet_name, ())))
        with unprotected(sheet):
            set_colours(sheet, colours)
            write_notes(sheet, inputs, {}, stats)
            for cell in verdict_cells.get(sheet_name, ()):
                sheet.range(cell).clear_contents()
    delete_sheet(book, form.ISSUES_SHEET)
    return stats


def set_colours(sheet, colours: dict[str, str | None]) -> None:
    """One set_colors call over the cells' bounding box; other cells keep their fill."""
    if not colours:
        return
    pos = {}
    for cell in colours:
        pos[cell] = row_col(cell)
    top, left = min(r for r, _ in pos.values()), min(c for _, c in pos.values())
    bottom, right = max(r for r, _ in pos.values()), max(c for _, c in pos.values())
    matrix: list[list[object]] = [[...] * (right - left + 1) for _ in range(bottom - top + 1)]
    for cell, (r, c) in pos.items():
        matrix[r - top][c - left] = colours[cell]
    sheet.range((top, left), (bottom, right)).set_colors(matrix)


def write_notes(sheet, inputs: list[str], ours: dict[str, str], stats: MarkStats) -> None:
    # Asking every input cell for its note costs a call each in Excel: skip that
    # when the sheet has no notes at all, the usual case on a first run.
    any_notes = len(sheet.notes) > 0
    for cell in sorted(set(inputs) | set(ours)):
        rng = sheet.range(cell)
        note = rng.note if any_notes else None
        text = ours.get(cell)
        if note is None:
            if text:
                rng.add_note(merge_note(None, text))
                stats.notes_written += 1
            continue
        try:
            existing = note.text
        except NotImplementedError:
            stats.notes_kept += text is not None
            continue
        if text:
            note.text = merge_note(existing, text)
            stats.notes_written += 1
        elif existing and NOTE_SEPARATOR in existing:
            own = own_note_text(existing)
            if own:
                note.text = own
            else:
                note.delete()


def delete_sheet(book, name: str) -> None:
    # xlwings' Sheet.delete turns Excel's "delete this sheet?" prompt off itself.
    if name in [s.name for s in book.sheets]:
        refuse_foreign_sheet(book, name)
        book.sheets[name].delete()


def refuse_foreign_sheet(book, name: str) -> None:
    """Raise if `name` exists but is not a sheet we wrote: one read of its top corner."""
    if name not in [s.name for s in book.sheets]:
        return
    rows = book.sheets[name].range((1, 1), (5, 8)).options(ndim=2).value or []
    if not generated_by_us(name, rows):
        raise not_ours_error(name)


def new_first_sheet(book, name: str):
    """Replace the sheet `name` with an empty one in front of the others.

    Position is explicit: Excel inserts before the active sheet, the remote
    engine appends at the end.
    """
    delete_sheet(book, name)
    return book.sheets.add(name, before=book.sheets[0])


def write_issues_sheet(book, plan: MarkPlan):
    """The same 问题清单 as the file writer's: title, a line, the table (its code column hidden)."""
    about = issues_sheet(plan)
    sheet = new_first_sheet(book, about.name)
    empty = [""] * len(ISSUE_HEADERS)
    message = ISSUE_HEADERS.index("问题及修改方法")
    body = [[as_text(v) for v in row[:-1]] for row in plan.issue_rows]
    body = body or [[NO_ISSUES if i == message else "" for i in range(len(empty))]]
    title = [as_text(about.title), *empty[1:]]
    line = [as_text(about.line), *empty[1:]]
    sheet.range((1, 1)).value = [title, line, list(ISSUE_HEADERS), *body]  # one write for the whole sheet
    sheet.range((1, 1)).font.bold = True
    sheet.range((1, 1)).font.size = 16
    head = sheet.range((ISSUE_HEADER_ROW, 1), (ISSUE_HEADER_ROW, len(ISSUE_HEADERS)))
    head.color = hex_colour(ISSUE_HEADER_FILL)
    head.font.bold = True
    head.font.color = "#FFFFFF"
    if plan.issue_rows:
        error, level = SEVERITY_LABELS[ERROR], ISSUE_HEADERS.index("级别")
        first = ISSUE_HEADER_ROW + 1
        sheet.range((first, level + 1), (first + len(body) - 1, level + 1)).set_colors(
            [[hex_colour(SEVERITY_FILLS[ERROR]) if row[level] == error else ...] for row in body]
        )
    for col, width in enumerate(ISSUE_WIDTHS, start=1):
        sheet.range((1, col)).column_width = width
    return sheet
