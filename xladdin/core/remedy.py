"""What a 补课 item is, and when a branch's words report it done: one rule for the check, the summary,
the report and the ledger, so that they never disagree about the same criterion.

Plain values in (a branch's answers by field name), plain answers out.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from xladdin.spec import form
from xladdin.spec import ledger as ledger_spec

OPEN = (form.STATUS_PARTIAL, form.STATUS_NOT_STARTED)


def _written(values: Mapping[str, object], name: str) -> bool:
    value = values.get(name)
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def is_remedy_item(values: Mapping[str, object], cid: int) -> bool:
    """A 补课 item: the branch named a shortcoming or a measure under the criterion.

    A criterion left 部分完成 or 未开展 with neither written is no item (unfilled_remedy): there is
    nothing to make up yet, only a form to complete.
    """
    return _written(values, form.cname(cid, "shortcomings")) or _written(values, form.cname(cid, "remedy"))


def unfilled_remedy(values: Mapping[str, object], cid: int) -> bool:
    """The criterion is 部分完成 or 未开展, and the branch has written neither 存在不足 nor 补课措施."""
    return values.get(form.cname(cid, "status")) in OPEN and not is_remedy_item(values, cid)


def says_done(text: object, phrases: tuple[str, ...] = ledger_spec.COMPLETION_PHRASES) -> bool:
    """Whether text reports a completion in one of the phrases, and does not also say it is not done."""
    return bool(claimed_phrases(text, phrases))


def claimed_phrases(text: object, phrases: tuple[str, ...] = ledger_spec.COMPLETION_PHRASES) -> list[str]:
    """The phrases with which text reports the make-up done; [] when it does not, or also says it is not done.

    A phrase counts where it closes a clause ("已整改。", "已整改，每月报送两篇", "9月20日已补课"),
    not where it goes on to name a part ("已完成第一次学习，9月再组织一次" is one step done, not the item).
    """
    if not isinstance(text, str) or any(word in text for word in ledger_spec.NOT_COMPLETION):
        return []
    return [p for p in phrases if p and _closing(p).search(text)]


@functools.lru_cache(maxsize=256)
def _closing(phrase: str) -> re.Pattern[str]:
    # The phrase may go on with what was done being the make-up itself ("已完成整改", "已整改到位",
    # "已全部完成补课"), then 了; then the end, a mark that ends a clause, a colon before the details
    # ("已整改：9月14日……"), a bracket around an aside ("整改完毕（见会议记录）") or a closing quote.
    return re.compile(re.escape(phrase) + r"(?:整改|补课|到位|完毕|完成|落实)*了?\s*"
                      r"(?:$|[。．.，,；;：:！!？?、…—\-～~（(）)\[\]【】《》「」『』“”‘’\"'\s])")


def done_in_words(values: Mapping[str, object], cid: int,
                  phrases: tuple[str, ...] = ledger_spec.COMPLETION_PHRASES) -> tuple[str, str] | None:
    """(field part, the phrase) where a criterion still 部分完成 or 未开展 is reported done in words, or None."""
    if values.get(form.cname(cid, "status")) not in OPEN:
        return None
    for part in ledger_spec.COMPLETION_FIELDS:
        text = values.get(form.cname(cid, part))
        if said := claimed_phrases(text, phrases):
            return part, said[0]
    return None
