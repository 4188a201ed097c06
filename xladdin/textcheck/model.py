"""The plain data of the text checks: answers in, hits out."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import spec

COPIED = "text-copied"
ECHOES = "text-echoes-notice"
REPEATED = "text-repeated"
VAGUE = "text-vague"
CODES = (COPIED, REPEATED, ECHOES, VAGUE)  # also the order of the hits on one answer


@dataclass(frozen=True)
class Answer:
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
        return spec.FIELDS_BY_NAME[self.field].criterion


@dataclass(frozen=True)
class TextHit:
    code: str
    sheet: str
    field: str
    cell: str | None
    criterion: int | None
    related: tuple[str, ...] = ()  # "sheet!cell" of the other cells, at most related_max
    params: dict[str, object] = field(default_factory=dict, compare=False)  # for the message template


def hit(code: str, a: Answer, related: tuple[str, ...] = (), **params: object) -> TextHit:
    return TextHit(code, a.sheet, a.field, a.cell, a.criterion, related, params)
