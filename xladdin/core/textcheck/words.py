"""Whose words a text is made of: the notice's, quotable names, stock phrases, or the branch's own.

Texts are compared character by character after removing spaces and
punctuation (no word segmentation: the 查重 rule counts characters). Each
character of a normalised text gets flags saying which vocabulary covers it.

Thousands of answers pass through here on the `check` path, so the work is
done with set operations, str.find and byte tables (C loops) rather than a
Python loop per character.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from xladdin.core.textcheck.notice import NOTICE_PARAGRAPHS
from xladdin.spec import text_rules

# Flags per character.
NOTICE = 1  # part of a substring of the notice
NAME = 2  # a branch's or the campaign's name
STOCK = 4  # a stock phrase (套话)
GENERIC = 8  # a word of the register that names nothing particular (only the vague rule reads it)
QUOTABLE = NOTICE | NAME | STOCK

_NOT_WORD = re.compile(r"[\W_]+")
_ZERO_RUNS = re.compile(rb"\x00+")
# Byte tables over the flags: 0 where the character is the branch's own, 1 where it is quotable; and
# 1 where it is the notice's or a name.
_OWN_TABLE = bytes(0 if not v & QUOTABLE else 1 for v in range(256))
_NOTICE_TABLE = bytes(1 if v & (NOTICE | NAME) else 0 for v in range(256))


def normalise(text: str) -> str:
    """Letters, digits and Han characters only: full-width forms folded, case folded."""
    text = _NOT_WORD.sub("", text)
    if not unicodedata.is_normalized("NFKC", text):  # a quick C check: most answers are already
        text = _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))
    return text.lower()


@dataclass(frozen=True)
class Vocabulary:
    notice_grams: frozenset[str]
    gram: int
    # Phrases by their first two characters, then by length: {prefix: ((length, {phrase: flag}), ...)}.
    # Looked up by slicing at each place the prefix occurs, so a thousand branch names that
    # share a prefix (运行0001 … 运行0999) cost no more than one.
    phrases: dict[str, tuple[tuple[int, dict[str, int]], ...]]
    prefixes: frozenset[str]


@lru_cache(maxsize=1)
def notice_text() -> str:
    """The notice's paragraphs, normalised and joined."""
    return normalise("".join(NOTICE_PARAGRAPHS))


@lru_cache(maxsize=8)
def _notice_grams(gram: int) -> frozenset[str]:
    text = notice_text()
    return frozenset(text[i:i + gram] for i in range(len(text) - gram + 1))


def _bare(phrase: str) -> str:
    return "".join(ch for ch in normalise(phrase) if ch not in text_rules.PHRASE_SKIP_CHARS)


def vocabulary(names: Iterable[str] = (), gram: int = text_rules.THRESHOLDS.notice_gram,
               stock: Iterable[str] = text_rules.STOCK_PHRASES,
               generic: Iterable[str] = text_rules.GENERIC_WORDS) -> Vocabulary:
    """The notice's words, the stock phrases, the generic words and the given names (branches, campaign)."""
    flagged: dict[str, int] = {}
    for phrases, flag in ((generic, GENERIC), (stock, STOCK), (names, NAME)):
        for phrase in phrases:
            p = _bare(phrase)
            if len(p) >= 2:
                flagged[p] = flagged.get(p, 0) | flag
    by_prefix: dict[str, dict[int, dict[str, int]]] = {}
    for p, flag in flagged.items():
        by_prefix.setdefault(p[:2], {}).setdefault(len(p), {})[p] = flag
    phrases = {k: tuple(sorted(v.items())) for k, v in by_prefix.items()}
    return Vocabulary(_notice_grams(gram), gram, phrases, frozenset(phrases))


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    return vocabulary()


def flags(text: str, vocab: Vocabulary) -> bytearray:
    """One byte per character of a normalised text: which vocabularies cover it (every occurrence of each)."""
    out = bytearray(len(text))
    k = vocab.gram
    found = vocab.notice_grams.intersection([text[i:i + k] for i in range(len(text) - k + 1)])
    run = bytes([NOTICE]) * k
    for gram in found:
        i = text.find(gram)
        while i >= 0:
            out[i:i + k] = run
            i = text.find(gram, i + 1)
    # Phrases are matched on the text without 了 and 的 (统一了思想 is 统一思想); `at` maps back.
    skip = text_rules.PHRASE_SKIP_CHARS
    at: list[int] | None = None
    bare = text
    if any(ch in text for ch in skip):
        at = [i for i, ch in enumerate(text) if ch not in skip]
        bare = "".join(text[i] for i in at)
    if not vocab.prefixes:
        return out
    for prefix in vocab.prefixes.intersection([bare[i:i + 2] for i in range(len(bare) - 1)]):
        by_length = vocab.phrases[prefix]
        j = bare.find(prefix)
        while j >= 0:
            for length, table in by_length:
                flag = table.get(bare[j:j + length])
                if flag:
                    end = j + length
                    lo, hi = (j, end) if at is None else (at[j], at[end - 1] + 1)
                    for i in range(lo, hi):
                        out[i] |= flag
            j = bare.find(prefix, j + 1)
    return out


def own_segments(text: str, marks: bytearray) -> list[str]:
    """The runs of the branch's own words: characters that nobody owns (generic words are anyone's own)."""
    quotable = marks.translate(_OWN_TABLE)
    if 1 not in quotable:
        return [text] if text else []  # the common case for a branch's own account: one run
    return [text[m.start():m.end()] for m in _ZERO_RUNS.finditer(quotable)]


def notice_share(marks: bytearray) -> float:
    """Share of characters that are the notice's words or names everyone may quote."""
    return marks.translate(_NOTICE_TABLE).count(1) / len(marks) if marks else 0.0


def residual(text: str, marks: bytearray) -> list[bool]:
    """Per character: left after the notice, names, stock phrases, generic words and filler."""
    filler = text_rules.FILLER_CHARS
    return [not m and ch not in filler for ch, m in zip(text, marks, strict=True)]


def residual_share(text: str, marks: bytearray) -> float:
    if not text:
        return 0.0
    filler = text_rules.FILLER_CHARS
    left = sum(1 for m in _ZERO_RUNS.finditer(marks) for ch in text[m.start():m.end()] if ch not in filler)
    return left / len(text)


def echoes_notice(text: str, names: Iterable[str] = (),
                  thresholds: text_rules.TextThresholds = text_rules.THRESHOLDS) -> bool:
    """Whether most of a text is the notice's own wording (with the given names quotable too)."""
    norm = normalise(text)
    if len(norm) < thresholds.echo_min_chars:
        return False
    marks = flags(norm, _notice_only(thresholds.notice_gram))
    # A handful of names: found directly, without building a vocabulary for each sheet.
    for name in names:
        p = _bare(name)
        i = norm.find(p) if len(p) >= 2 else -1
        while i >= 0:
            for j in range(i, i + len(p)):
                marks[j] |= NAME
            i = norm.find(p, i + 1)
    return notice_share(marks) >= thresholds.echo_share


@lru_cache(maxsize=8)
def _notice_only(gram: int) -> Vocabulary:
    return vocabulary((), gram, stock=(), generic=())
