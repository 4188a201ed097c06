"""The plain data of the text checks: answers in, hits out."""

from __future__ import annotations

from typing import NamedTuple

from xladdin.spec import form

COPIED = "text-copied"
ECHOES = "text-echoes-notice"
REPEATED = "text-repeated"
VAGUE = "text-vague"
CODES = (COPIED, REPEATED, ECHOES, VAGUE)  # also the order of the hits on one answer


class Answer(NamedTuple):
    """One long-text answer. A named tuple, not a dataclass: a round has tens of thousands of them."""

    sheet: str
    field: str  # the defined name, e.g. c1_actions
    cell: str | None
    text: str
    done: bool = False  # its criterion is marked 已完成 (only the vague rule asks)
    # Who wrote it, when two sheets claim one branch (a duplicate filing is not a copy); default: the sheet.
    branch: str = ""

    @property
    def author(self) -> str:
        return self.branch or self.sheet

    @property
    def criterion(self) -> int | None:
        return form.FIELDS_BY_NAME[self.field].criterion


class TextHit(NamedTuple):
    code: str
    sheet: str
    field: str
    cell: str | None
    criterion: int | None
    related: tuple[str, ...] = ()  # "sheet!cell" of the other cells, at most related_max
    params: dict[str, object] = {}  # for the message template  # noqa: RUF012 - never mutated


def hit(code: str, a: Answer, related: tuple[str, ...] = (), **params: object) -> TextHit:
    return TextHit(code, a.sheet, a.field, a.cell, a.criterion, related, params)
