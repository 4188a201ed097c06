"""The four 实事求是 warnings over plain answers: copied, echoes the notice, repeated, vague.

Pure: standard library, rapidfuzz and the spec only. The caller turns hits
into findings; this module knows nothing of workbooks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from xladdin.core.textcheck.copies import Copies, distinct_texts, links
from xladdin.core.textcheck.facts import has_fact
from xladdin.core.textcheck.model import CODES, COPIED, ECHOES, REPEATED, VAGUE, Answer, TextHit, hit
from xladdin.core.textcheck.words import Vocabulary, flags, normalise, notice_share, residual_share, vocabulary
from xladdin.spec import form, text_rules
from xladdin.spec.text_rules import THRESHOLDS, TextThresholds

__all__ = ["CODES", "COPIED", "ECHOES", "REPEATED", "VAGUE", "Answer", "TextHit", "compared", "find_text_issues"]


def compared(field_name: str) -> bool:
    """Long-text answers only: never 佐证材料, 先进典型 or short fields."""
    f = form.FIELDS_BY_NAME.get(field_name)
    if f is None:
        return False
    if f.criterion:
        return field_name.split("_", 1)[1] in text_rules.COMPARED_CRITERION_PARTS
    return field_name in text_rules.COMPARED_OVERALL_FIELDS


def find_text_issues(answers: Sequence[Answer], thresholds: TextThresholds = THRESHOLDS,
                     names: Iterable[str] = ()) -> list[TextHit]:
    """Every hit of the four rules, answer by answer in the order given.

    names: phrases everyone may quote besides the notice (branch and campaign names).
    """
    vocab = vocabulary(names, thresholds.notice_gram)
    answers = [a for a in answers if compared(a.field)]
    forms = _Forms(vocab, thresholds)
    answer_forms = [forms.of(a.text) for a in answers]
    texts, of_answer = distinct_texts(answers, answer_forms, thresholds.min_chars)
    linked = links(texts, thresholds, vocab)
    copies = Copies(answers, texts, of_answer, linked, thresholds)
    hits: list[TextHit] = []
    for i, (a, shape) in enumerate(zip(answers, answer_forms, strict=True)):
        hits += copies.hits(i)
        if shape.echo:
            hits.append(hit(ECHOES, a, share=round(shape.notice_share * 100)))
        elif a.done and a.field in _VAGUE_FIELDS and shape.vague():
            hits.append(hit(VAGUE, a))
    return hits


_VAGUE_FIELDS = frozenset(form.cname(c.id, text_rules.VAGUE_PART) for c in form.CRITERIA)


class _Form:
    """What one typed text is made of, worked out once however many answers hold it."""

    def __init__(self, text: str, vocab: Vocabulary, th: TextThresholds) -> None:
        self.text = text
        self.norm = normalise(text)
        self.marks = flags(self.norm, vocab)
        self.notice_share = notice_share(self.marks)
        self.echo = len(self.norm) >= th.echo_min_chars and self.notice_share >= th.echo_share
        self._vocab, self._th = vocab, th
        self._vague: bool | None = None

    def vague(self) -> bool:
        """No fact, and (almost) nothing left after stock phrases, the notice's and generic words."""
        if self._vague is None:
            self._vague = bool(self.norm) and not has_fact(self.text, self._vocab, self.norm, self.marks) and (
                residual_share(self.norm, self.marks) <= self._th.vague_residual)
        return self._vague


class _Forms(dict):
    def __init__(self, vocab: Vocabulary, th: TextThresholds) -> None:
        super().__init__()
        self.vocab, self.th = vocab, th

    def of(self, text: str) -> _Form:
        shape = self.get(text)
        if shape is None:
            shape = self[text] = _Form(text, self.vocab, self.th)
        return shape
