"""Whose words a text is made of: the notice's, quotable names, stock phrases, or the branch's own.

Texts are compared character by character after removing spaces and
punctuation (no word segmentation: the 查重 rule counts characters). Each
character of a normalised text gets flags saying which vocabulary covers it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .. import spec_text
from .notice import NOTICE_PARAGRAPHS

# Flags per character.
NOTICE = 1  # part of a substring of the notice
NAME = 2  # a branch's or the campaign's name
STOCK = 4  # a stock phrase (套话)
GENERIC = 8  # a word of the register that names nothing particular (only the vague rule reads it)
QUOTABLE = NOTICE | NAME | STOCK

_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Letters, digits and Han characters only: full-width forms folded, case folded."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text)).lower()


@dataclass(frozen=True)
class Vocabulary:
    notice_grams: frozenset[str]
    gram: int
    # Phrases by their first two characters, longest first, with their flag.
    phrases: dict[str, tuple[tuple[str, int], ...]]


@lru_cache(maxsize=1)
def notice_text() -> str:
    """The notice's paragraphs, normalised and joined."""
    return normalise("".join(NOTICE_PARAGRAPHS))


@lru_cache(maxsize=8)
def _notice_grams(gram: int) -> frozenset[str]:
    text = notice_text()
    return frozenset(text[i:i + gram] for i in range(len(text) - gram + 1))


def vocabulary(names: Iterable[str] = (), gram: int = spec_text.THRESHOLDS.notice_gram,
               stock: Iterable[str] = spec_text.STOCK_PHRASES,
               generic: Iterable[str] = spec_text.GENERIC_WORDS) -> Vocabulary:
    """The notice's words, the stock phrases, the generic words and the given names (branches, campaign)."""
    flagged: dict[str, int] = {}
    for phrase in generic:
        p = _bare(phrase)
        if len(p) >= 2:
            flagged[p] = GENERIC
    for phrase in stock:
        p = _bare(phrase)
        if len(p) >= 2:
            flagged[p] = flagged.get(p, 0) | STOCK
    for name in names:
        p = _bare(name)
        if len(p) >= 2:
            flagged[p] = flagged.get(p, 0) | NAME
    by_prefix: dict[str, list[tuple[str, int]]] = {}
    for p, flag in flagged.items():
        by_prefix.setdefault(p[:2], []).append((p, flag))
    phrases = {k: tuple(sorted(v, key=lambda pf: -len(pf[0]))) for k, v in by_prefix.items()}
    return Vocabulary(_notice_grams(gram), gram, phrases)


def _bare(phrase: str) -> str:
    return "".join(ch for ch in normalise(phrase) if ch not in spec_text.PHRASE_SKIP_CHARS)


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    return vocabulary()


def flags(text: str, vocab: Vocabulary) -> bytearray:
    """One byte per character of a normalised text: which vocabularies cover it."""
    n = len(text)
    out = bytearray(n)
    k, grams = vocab.gram, vocab.notice_grams
    run = bytes([NOTICE]) * k
    for i in range(n - k + 1):
        if text[i:i + k] in grams:
            out[i:i + k] = run
    # Phrases are matched on the text without 了 and 的; `at` maps back.
    skip = spec_text.PHRASE_SKIP_CHARS
    at = [i for i, ch in enumerate(text) if ch not in skip]
    bare = "".join(text[i] for i in at)
    phrases = vocab.phrases
    j, m = 0, len(bare)
    while j < m - 1:
        bucket = phrases.get(bare[j:j + 2])
        if bucket:
            for phrase, flag in bucket:
                if bare.startswith(phrase, j):
                    for i in range(at[j], at[j + len(phrase) - 1] + 1):
                        out[i] |= flag
                    # Phrases never overlap in the count: the next starts after this one.
                    j += len(phrase) - 1
                    break
        j += 1
    return out


def own_segments(text: str, marks: bytearray) -> list[str]:
    """The runs of the branch's own words: characters that nobody owns (generic words are anyone's own)."""
    segments: list[str] = []
    start = None
    for i, m in enumerate(marks):
        if not m & QUOTABLE:
            if start is None:
                start = i
        elif start is not None:
            segments.append(text[start:i])
            start = None
    if start is not None:
        segments.append(text[start:])
    return segments


def notice_share(marks: bytearray) -> float:
    """Share of characters that are the notice's words or names everyone may quote."""
    if not marks:
        return 0.0
    return sum(1 for m in marks if m & (NOTICE | NAME)) / len(marks)


def residual(text: str, marks: bytearray) -> list[bool]:
    """Per character: left after the notice, names, stock phrases, generic words and filler."""
    filler = spec_text.FILLER_CHARS
    return [not m and ch not in filler for ch, m in zip(text, marks, strict=True)]


def residual_share(text: str, marks: bytearray) -> float:
    return sum(residual(text, marks)) / len(text) if text else 0.0


def echoes_notice(text: str, names: Iterable[str] = (),
                  thresholds: spec_text.TextThresholds = spec_text.THRESHOLDS) -> bool:
    """Whether most of a text is the notice's own wording (with the given names quotable too)."""
    norm = normalise(text)
    if len(norm) < thresholds.echo_min_chars:
        return False
    marks = flags(norm, _echo_vocabulary(tuple(names), thresholds.notice_gram))
    return notice_share(marks) >= thresholds.echo_share


@lru_cache(maxsize=64)
def _echo_vocabulary(names: tuple[str, ...], gram: int) -> Vocabulary:
    return vocabulary(names, gram, stock=(), generic=())
