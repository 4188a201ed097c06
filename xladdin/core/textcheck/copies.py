"""text-copied and text-repeated: answers grouped into distinct texts, linked, and reported per answer.

A text pasted into hundreds of sheets is one distinct text with hundreds of
members, so the work per answer is a few lookups: each distinct text keeps the
first few answers it is linked to, enough to name others for any one branch.
"""

from __future__ import annotations

from xladdin.core.textcheck.model import COPIED, REPEATED, Answer, TextHit, hit
from xladdin.core.textcheck.pairs import Distinct, linked_pairs, self_linked
from xladdin.core.textcheck.words import Vocabulary, own_segments
from xladdin.spec import form
from xladdin.spec.text_rules import TextThresholds

_TITLES = {f.name: form.field_title(f.name) for f in form.FIELDS}
_CRITERION = {f.name: f.criterion for f in form.FIELDS}


def distinct_texts(answers: list[Answer], forms: list, min_chars: int) -> tuple[list[Distinct], list[int | None]]:
    """Group answers by normalised text (forms: each answer's norm and marks); short ones are never compared."""
    by_norm: dict[str, int] = {}
    texts: list[Distinct] = []
    of_answer: list[int | None] = []
    for i, (a, shape) in enumerate(zip(answers, forms, strict=True)):
        if len(shape.norm) < min_chars:
            of_answer.append(None)
            continue
        u = by_norm.get(shape.norm)
        if u is None:
            u = by_norm[shape.norm] = len(texts)
            texts.append(Distinct(shape.norm, a.text, shape.marks, own_segments(shape.norm, shape.marks)))
        texts[u].members.append(i)
        of_answer.append(u)
    return texts, of_answer


def links(texts: list[Distinct], th: TextThresholds, vocab: Vocabulary) -> list[tuple[int, ...]]:
    """For each distinct text, the distinct texts it is a copy of (itself too, when two answers share it)."""
    linked: list[list[int]] = [[u] if self_linked(t, th) else [] for u, t in enumerate(texts)]
    for u, v in linked_pairs(texts, th, vocab):
        linked[u].append(v)
        linked[v].append(u)
    return [tuple(sorted(set(ls), key=lambda u: texts[u].members[0])) for ls in linked]


class Copies:
    """Per answer: the other branches that hold a linked text, and its own other criteria."""

    def __init__(self, answers: list[Answer], texts: list[Distinct], of_answer: list[int | None],
                 linked: list[tuple[int, ...]], th: TextThresholds) -> None:
        self.answers, self.texts, self.of_answer, self.linked, self.max = answers, texts, of_answer, linked, th.related_max
        self.authors = [a.branch or a.sheet for a in answers]
        self.criteria = [_CRITERION[a.field] for a in answers]
        self._pools: dict[int, _Pool] = {}
        self._linked_sets: dict[int, frozenset[int]] = {}
        # The answers of each sheet that can repeat one another: compared and under a criterion.
        self._by_sheet: dict[str, list[int]] = {}
        for i, a in enumerate(answers):
            if of_answer[i] is not None and self.criteria[i]:
                self._by_sheet.setdefault(a.sheet, []).append(i)

    def hits(self, i: int) -> list[TextHit]:
        u = self.of_answer[i]
        if u is None:
            return []
        a = self.answers[i]
        out = []
        if self.linked[u]:
            pool = self._pools.get(u)
            if pool is None:
                pool = self._pools[u] = _Pool(self, self.linked[u])
            count = pool.total - pool.per_author.get(a.author, 0)
            if count:
                related, named = pool.others(a.author)
                out.append(hit(COPIED, a, related, others=named, more=f"等 {count} 处" if count > 1 else ""))
        mine = self.criteria[i]
        if mine:
            linked = self._linked_sets.get(u)
            if linked is None:
                # The very same text under two criteria of one sheet is a repeat even when it is all
                # stock phrases: across branches such a text proves nothing, within one sheet it does.
                linked = self._linked_sets[u] = frozenset(self.linked[u]) | {u}
            same = [j for j in self._by_sheet.get(a.sheet, ())
                    if j != i and self.criteria[j] != mine and self.of_answer[j] in linked]
            if same:
                ordinals = sorted({self.criteria[j] for j in same})
                shown = [self.answers[j] for j in same[: self.max]]
                out.append(hit(
                    REPEATED, a, tuple(_ref(o) for o in shown if o.cell),
                    criteria="、".join(f"第{form.criterion(c).ordinal}项" for c in ordinals),
                    cells="、".join(o.cell for o in shown if o.cell),
                ))
        return out


class _Pool:
    """The answers of some linked texts: counted per branch, and the first few, enough to leave
    `max` of them for any one branch to be named (a branch is never its own copy)."""

    def __init__(self, copies: Copies, linked: tuple[int, ...]) -> None:
        self.copies = copies
        self.total = 0
        self.per_author: dict[str, int] = {}
        self.first: list[int] = []
        seen: dict[str, int] = {}
        top = 0
        for u in linked:
            members = copies.texts[u].members
            self.total += len(members)
            for j in members:
                author = copies.authors[j]
                self.per_author[author] = self.per_author.get(author, 0) + 1
            for j in members:
                if len(self.first) - top >= copies.max:
                    break
                self.first.append(j)
                author = copies.authors[j]
                seen[author] = seen.get(author, 0) + 1
                top = max(top, seen[author])
        self._by_author: dict[str | None, tuple[tuple[str, ...], str]] = {}
        self._in_first = set(seen)

    def others(self, author: str) -> tuple[tuple[str, ...], str]:
        """The related cells ("sheet!cell") and the names shown in the message, for one branch."""
        key = author if author in self._in_first else None  # every other branch sees the same list
        cached = self._by_author.get(key)
        if cached is None:
            answers = self.copies.answers
            picked = [answers[j] for j in self.first if self.copies.authors[j] != author][: self.copies.max]
            named = f"【{picked[0].sheet}】{_TITLES[picked[0].field]}{_at(picked[0])}"  # the rest are counted
            cached = self._by_author[key] = (tuple(_ref(o) for o in picked if o.cell), named)
        return cached


def _ref(a: Answer) -> str:
    return f"{a.sheet}!{a.cell}"


def _at(a: Answer) -> str:
    return f"（{a.cell}）" if a.cell else ""
