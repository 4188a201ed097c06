"""Which distinct texts are copies of each other, without comparing every pair.

Identical texts (after normalising) are grouped first, so a text pasted into a
hundred sheets is one text with a hundred members. The distinct texts are then
indexed by short runs of their own words (anchors); only texts that share an
anchor become candidates, and only candidates are verified:

- a shared run of `run_chars` of the branch's own characters (the 查重 rule), or
- near-identical own words (rapidfuzz ratio), as written or with the clauses sorted,
  which catches light edits and reordered clauses.

Each anchor remembers only its first few texts, so the work stays linear even
when hundreds of branches pass one text around: every later text is still
compared with those first ones.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from xladdin.core.textcheck.words import Vocabulary, flags, normalise, own_segments
from xladdin.spec.text_rules import TextThresholds

_CLAUSE_SPLIT = re.compile(r"[，,。.；;：:、！!？?\n\r]+")
_NUMBERS = re.compile(r"\d+")


@dataclass
class Distinct:
    """One normalised text and the answers (indices) that hold it."""

    norm: str
    original: str  # the first member's text, for its clauses
    marks: bytearray
    segments: list[str]
    members: list[int] = field(default_factory=list)
    _runs: frozenset[str] | None = None
    _sorted: str | None = None

    def __post_init__(self) -> None:
        self.own = "".join(self.segments)
        self.numbers = _NUMBERS.findall(self.norm)

    def runs(self, size: int) -> frozenset[str]:
        if self._runs is None:
            self._runs = frozenset(s[i:i + size] for s in self.segments for i in range(len(s) - size + 1))
        return self._runs

    def sorted_clauses(self, vocab: Vocabulary) -> str:
        """Own words clause by clause, clauses sorted: the same text in another order reads the same."""
        if self._sorted is None:
            clauses = [c for c in (normalise(c) for c in _CLAUSE_SPLIT.split(self.original)) if c]
            parts = []
            if sum(map(len, clauses)) == len(self.norm):
                # The clauses are the text cut at its punctuation: reuse the text's flags.
                start = 0
                for clause in clauses:
                    end = start + len(clause)
                    parts.append("".join(own_segments(self.norm[start:end], self.marks[start:end])))
                    start = end
            else:  # NFKC changed a length somewhere: flag each clause afresh
                parts = ["".join(own_segments(c, flags(c, vocab))) for c in clauses]
            self._sorted = "".join(sorted(p for p in parts if p))
        return self._sorted


def linked_pairs(texts: list[Distinct], th: TextThresholds, vocab: Vocabulary) -> list[tuple[int, int]]:
    """Pairs (u, v), u < v, of distinct texts that are copies of each other, in order."""
    k, cap = th.anchor_chars, th.anchor_postings
    # First pass, in set operations: which anchors occur in more than one text at all.
    anchors: list[set[str] | None] = []
    seen: set[str] = set()
    repeated: set[str] = set()
    for text in texts:
        own = text.own
        if len(own) < th.near_min_own_chars:
            anchors.append(None)  # too little of its own to be a copy of anything
            continue
        mine = {own[i:i + k] for i in range(len(own) - k + 1)}
        repeated |= mine & seen
        seen |= mine
        anchors.append(mine)
    # Second pass, over the repeated anchors only: each text against the texts posted before it,
    # counted in C (Counter over the chained postings), never pair by pair in Python.
    index: dict[str, list[int]] = {}
    pairs: list[tuple[int, int]] = []
    for u, mine in enumerate(anchors):
        if not mine:
            continue
        common = mine & repeated
        if not common:
            continue
        postings = [index.setdefault(anchor, []) for anchor in common]
        shared = Counter(chain.from_iterable(postings))
        # One anchor in common is chance; a copy shares many (a 13-character run alone shares nine).
        pairs += [(v, u) for v, n in shared.items() if n >= th.anchor_min]
        for posting in postings:
            if len(posting) < cap:
                posting.append(u)
    return sorted(p for p in pairs if _copies(texts[p[0]], texts[p[1]], th, vocab))


def _copies(a: Distinct, b: Distinct, th: TextThresholds, vocab: Vocabulary) -> bool:
    if not a.runs(th.run_chars).isdisjoint(b.runs(th.run_chars)):
        return True
    if a.numbers != b.numbers:
        return False  # a short plain sentence with other dates or counts is another report
    if not _may_be_near(a.own, b.own, th.near_ratio):
        return False  # too few characters in common for any order of them to be near-identical
    fuzz = _fuzz()
    if fuzz.ratio(a.own, b.own, score_cutoff=th.near_ratio):
        return True
    sa, sb = a.sorted_clauses(vocab), b.sorted_clauses(vocab)
    return bool(sa and sb and fuzz.ratio(sa, sb, score_cutoff=th.near_ratio))


def _may_be_near(a: str, b: str, ratio: float) -> bool:
    """Upper bounds of rapidfuzz's ratio, 200·common / (len a + len b).

    The shorter length bounds `common`; so does the characters both texts hold
    (counted in C), but that one is only worth its cost while rapidfuzz is not
    loaded yet: most rounds then never load it (~25 ms at start-up).
    """
    total = len(a) + len(b)
    if 200 * min(len(a), len(b)) < ratio * total:
        return False
    if _FUZZ:
        return True
    common = sum(min(a.count(ch), b.count(ch)) for ch in set(a).intersection(b))
    return 200 * common >= ratio * total


_FUZZ: list = []


def _fuzz():
    if not _FUZZ:
        from rapidfuzz import fuzz

        _FUZZ.append(fuzz)
    return _FUZZ[0]


def self_linked(text: Distinct, th: TextThresholds) -> bool:
    """Whether the answers that hold one text are copies of each other: two or more, with enough own words."""
    return len(text.members) > 1 and len(text.own) >= th.near_min_own_chars
