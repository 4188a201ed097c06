"""The 雷同 section: the 实事求是 text warnings of one checked workbook, grouped by kind, each with how to fix it.

Copied answers are shown as pairs (this branch's cell ↔ the other branch's cell), once per
pair although both cells carry the warning; a sentence repeated under several criteria
likewise. Answers that echo the notice and answers of stock phrases are one cell each.
The findings stay in the findings list too; this section only gathers them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xladdin.spec import form as spec
from xladdin.spec.messages import CODES
from xladdin.web.outcome import FileOutcome, RelatedCell

COPIED, ECHOES, REPEATED, VAGUE = "text-copied", "text-echoes-notice", "text-repeated", "text-vague"
TEXT_CODES = (COPIED, ECHOES, REPEATED, VAGUE)
PAIRED = (COPIED, REPEATED)


@dataclass
class Spot:
    """One answer: whose, which field, where."""

    branch: str
    what: str  # 第一项·主要做法及成效
    cell: str

    @property
    def text(self) -> str:
        where = f"（{self.cell}）" if self.cell else ""
        return f"{self.branch} {self.what}{where}" if self.what else f"{self.branch}{where}"


@dataclass
class SimilarityItem:
    spot: Spot
    others: list[Spot] = field(default_factory=list)  # the cells it is the same as (copied, repeated)


@dataclass
class SimilarityGroup:
    code: str
    title: str  # the catalogue's title: 内容与其他支部雷同
    how: str  # how to fix it, in the catalogue's own words
    paired: bool  # items show "↔ others"
    items: list[SimilarityItem] = field(default_factory=list)


def how_to_fix(code: str) -> str:
    """The catalogue message's advice: its sentences after the first, which alone names the cell and the others.

    Taken from spec.messages, so the page and the marks say the same thing.
    """
    sentences = [s for s in CODES[code].template.split("。") if s]
    return "".join(f"{s}。" for s in sentences[1:] if "{" not in s)


def _title(field_name: str | None) -> str:
    return spec.field_title(field_name) if field_name in spec.FIELDS_BY_NAME else ""


def similarity_groups(outcome: FileOutcome) -> list[SimilarityGroup]:
    names = {b.sheet: b.branch for b in outcome.branches}

    def spot(sheet: str, cell: str | None, field_name: str | None) -> Spot:
        return Spot(names.get(sheet, sheet), _title(field_name), cell or "")

    groups = {code: SimilarityGroup(code, CODES[code].title, how_to_fix(code), code in PAIRED) for code in TEXT_CODES}
    shown: set[frozenset] = set()  # pairs already on the page: A ↔ B is B ↔ A
    for f in outcome.findings:
        if f.code not in groups:
            continue
        here = (f.sheet, f.cell)
        others: list[RelatedCell] = []
        if f.code in PAIRED:
            for r in f.related:
                pair = frozenset((here, (r.sheet, r.cell)))
                if pair not in shown:
                    shown.add(pair)
                    others.append(r)
            if f.related and not others:
                continue  # every pair is shown already, from the other side
        groups[f.code].items.append(SimilarityItem(spot(f.sheet, f.cell, f.field),
                                                   [spot(r.sheet, r.cell, r.field) for r in others]))
    return [g for g in groups.values() if g.items]

