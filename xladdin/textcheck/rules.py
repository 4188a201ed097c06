"""The four 实事求是 warnings over plain answers: copied, echoes the notice, repeated, vague.

Pure: standard library, rapidfuzz and the spec only. The caller turns hits
into findings; this module knows nothing of workbooks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .. import spec, spec_text
from ..spec_text import THRESHOLDS, TextThresholds
from .facts import has_fact
from .pairs import Distinct, linked_pairs, self_linked
from .words import Vocabulary, flags, normalise, notice_share, own_segments, residual_share, vocabulary

COPIED = "text-copied"
ECHOES = "text-echoes-notice"
REPEATED = "text-repeated"
VAGUE = "text-vague"
CODES = (COPIED, REPEATED, ECHOES, VAGUE)  # the order of hits on one answer


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


@dataclass(frozen=True)
class TextHit:
    code: str
    sheet: str
    field: str
    cell: str | None
    criterion: int | None
    related: tuple[str, ...] = ()  # "sheet!cell" of the other cells, at most related_max
    params: dict[str, object] = field(default_factory=dict, compare=False)  # for the message template


def compared(field_name: str) -> bool:
    """Long-text answers only: never 佐证材料, 先进典型 or short fields."""
    f = spec.FIELDS_BY_NAME.get(field_name)
    if f is None:
        return False
    if f.criterion:
        return field_name.split("_", 1)[1] in spec_text.COMPARED_CRITERION_PARTS
    return field_name in spec_text.COMPARED_OVERALL_FIELDS


def find_text_issues(answers: Sequence[Answer], thresholds: TextThresholds = THRESHOLDS,
                     names: Iterable[str] = ()) -> list[TextHit]:
    """Every hit of the four rules, answer by answer in the order given.

    names: phrases everyone may quote besides the notice (branch and campaign names).
    """
    vocab = vocabulary(names, thresholds.notice_gram)
    answers = [a for a in answers if compared(a.field)]
    texts, of_answer = _distinct(answers, vocab)
    linked = _links(texts, thresholds, vocab)
    per_answer: list[list[TextHit]] = [[] for _ in answers]
    for i, a in enumerate(answers):
        t = texts[of_answer[i]] if of_answer[i] is not None else None
        norm = t.norm if t else normalise(a.text)
        marks = t.marks if t else flags(norm, vocab)
        if t is not None:
            per_answer[i] += _copy_hits(i, a, answers, texts, linked[of_answer[i]], thresholds)
        echo = len(norm) >= thresholds.echo_min_chars and notice_share(marks) >= thresholds.echo_share
        if echo:
            per_answer[i].append(_hit(ECHOES, a, share=round(notice_share(marks) * 100)))
        elif _is_vague(a, norm, marks, vocab, thresholds):
            per_answer[i].append(_hit(VAGUE, a))
    return [h for hits in per_answer for h in sorted(hits, key=lambda h: CODES.index(h.code))]


def _distinct(answers: list[Answer], vocab: Vocabulary) -> tuple[list[Distinct], list[int | None]]:
    """Group answers by their normalised text; short ones are never compared (None)."""
    by_norm: dict[str, int] = {}
    texts: list[Distinct] = []
    of_answer: list[int | None] = []
    for i, a in enumerate(answers):
        norm = normalise(a.text)
        if len(norm) < THRESHOLDS.min_chars:
            of_answer.append(None)
            continue
        u = by_norm.get(norm)
        if u is None:
            marks = flags(norm, vocab)
            u = by_norm[norm] = len(texts)
            texts.append(Distinct(norm, a.text, marks, own_segments(norm, marks)))
        texts[u].members.append(i)
        texts[u].authors[a.author] += 1
        of_answer.append(u)
    return texts, of_answer


def _links(texts: list[Distinct], th: TextThresholds, vocab: Vocabulary) -> list[list[int]]:
    """For each distinct text, the distinct texts it is a copy of (itself included when shared)."""
    linked: list[list[int]] = [[u] if self_linked(t, th) else [] for u, t in enumerate(texts)]
    for u, v in linked_pairs(texts, th, vocab):
        linked[u].append(v)
        linked[v].append(u)
    return [sorted(set(ls), key=lambda u: texts[u].members[0]) for ls in linked]


def _copy_hits(i: int, a: Answer, answers: list[Answer], texts: list[Distinct], linked: list[int],
               th: TextThresholds) -> list[TextHit]:
    hits = []
    # Other branches: count them all, name the first few.
    count = sum(len(texts[u].members) - texts[u].authors[a.author] for u in linked)
    if count:
        others = []
        for u in linked:
            for j in texts[u].members:
                if answers[j].author != a.author:
                    others.append(answers[j])
                    if len(others) == th.related_max:
                        break
            if len(others) == th.related_max:
                break
        shown = others[:2]
        hits.append(_hit(
            COPIED, a, _refs(others),
            others="、".join(f"【{o.sheet}】{_title(o)}{_at(o)}" for o in shown),
            more=f"等 {count} 处" if count > len(shown) else "",
        ))
    # The same branch, under other criteria.
    mine = spec.FIELDS_BY_NAME[a.field].criterion
    if mine:
        same = [answers[j] for u in linked for j in texts[u].members
                if j != i and answers[j].sheet == a.sheet and _criterion(answers[j]) not in (None, mine)]
        if same:
            ordinals = sorted({_criterion(o) for o in same})
            hits.append(_hit(
                REPEATED, a, _refs(same[: th.related_max]),
                criteria="、".join(f"第{spec.criterion(c).ordinal}项" for c in ordinals),
                cells="、".join(o.cell for o in same[: th.related_max] if o.cell),
            ))
    return hits


def _is_vague(a: Answer, norm: str, marks: bytearray, vocab: Vocabulary, th: TextThresholds) -> bool:
    f = spec.FIELDS_BY_NAME[a.field]
    if not (a.done and f.criterion and a.field == f"c{f.criterion}_{spec_text.VAGUE_PART}"):
        return False
    if not norm or has_fact(a.text, vocab, norm, marks):
        return False
    return residual_share(norm, marks) <= th.vague_residual


def _criterion(a: Answer) -> int | None:
    return spec.FIELDS_BY_NAME[a.field].criterion


def _title(a: Answer) -> str:
    return spec.field_title(a.field)


def _at(a: Answer) -> str:
    return f"（{a.cell}）" if a.cell else ""


def _refs(answers: list[Answer]) -> tuple[str, ...]:
    return tuple(f"{o.sheet}!{o.cell}" for o in answers if o.cell)


def _hit(code: str, a: Answer, related: tuple[str, ...] = (), **params: object) -> TextHit:
    return TextHit(code, a.sheet, a.field, a.cell, _criterion(a), related, params)
