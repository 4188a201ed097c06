"""The ledger's rules: build it from one round's check report, or carry an old one forward.

Pure: plain values in (the old ledger's items, the round's Report and where its
fields sit), plain values out. The rules, in the order they apply to an item:

- Only a person closes an item: 销号人 and a real 销号日期 in the ledger (已销号). A closed
  item is never changed again.
- The branch reports it done (待销号) when a later round has the criterion 已完成 with
  开展时间 and 佐证材料 while the item was registered as not complete, or when its
  补课措施 or 存在不足 newly says so in one of the completion phrases.
- A 待销号 item goes back to open only when the criterion's 完成情况 goes back from
  已完成 to 部分完成 or 未开展.
- Otherwise the round's text updates the item; a field left blank keeps its last text.
- When the item's shortcoming and measure vanished without a completion, it is flagged
  (本轮未报告进展, saying which fields are empty) and keeps its last known text; fields
  that vanished on their own (an owner, a deadline) keep their last text and are named too.
- A criterion with 补课 content and no open item gets a new item with the next number;
  after an item is closed, the same text left on the sheet does not open a new one. A new
  item whose words already report it done (部分完成 with "已整改", core.remedy.done_in_words,
  the check's hint and the summary's 已完成) is registered 待销号, the words quoted.
- Text the office typed over a grey text column stays while the branch's own text for it is
  unchanged; when the branch changes it, the branch's text wins and 本轮情况 quotes the office's.
- A branch that rewords an open item keeps it (same id): the replaced wording, with the round it was
  read in (and marked when the office had typed it), is added to 历次内容; nothing is lost unseen.
- Nothing is deleted; ids are never reused (the ledger remembers every id it gave).
"""

from __future__ import annotations

from collections.abc import Mapping
from copy import deepcopy
from datetime import date

from xladdin.core.findings import BranchResult, Report
from xladdin.core.remedy import OPEN, claimed_phrases, done_in_words, is_remedy_item, says_done
from xladdin.ledger.items import TEXT_PARTS, Item, Ledger, Source, ledger_text, status_on
from xladdin.ledger.rounds import choose, contents
from xladdin.spec import form
from xladdin.spec import ledger as spec

__all__ = ["completion_phrase", "is_remedy_item", "says_done", "update_ledger"]


def completion_phrase(values: Mapping[str, object], cid: int, item: Item,
                      phrases: tuple[str, ...]) -> tuple[str, str] | None:
    """(field part, its text) where the branch newly reports the item done in one of the phrases, or None.

    Only text the branch changed counts (a phrase already there when the item was
    registered was taken then, see update_ledger), and text that also says it is not done does not count.
    """
    for part in spec.COMPLETION_FIELDS:
        text = values.get(form.cname(cid, part))
        old = getattr(item, part) or ""
        if not isinstance(text, str) or text == old:
            continue
        # New is what the old text did not already claim (a phrase may have sat there as "已完成第一次学习").
        if set(claimed_phrases(text, phrases)) - set(claimed_phrases(old, phrases)):
            return part, text
    return None


def update_ledger(old: Ledger | None, report: Report, cells: Mapping[str, Mapping[str, str]], source: str,
                  as_of: date, link: str | None = None, view: bool = False,
                  same_round: bool | None = None) -> Ledger:
    """The ledger after the round in report, with every status as of `as_of`; old is not changed.

    cells: sheet -> field name -> A1, as the reader found the fields (for the links).
    source: the round workbook's file name; link: how the ledger's links name it (default: source).
    Whether this is a new round or the last one again (a re-run) is ledger.rounds.choose's rule;
    same_round (--same-round / --new-round) overrides it, view=True is a summary's or feedback's
    read-only view. A re-run keeps what the round did to each item and adds what is new (a 销号).
    """
    ledger = deepcopy(old) if old is not None else Ledger()
    for item in ledger.items:
        item.judged_on = as_of  # a 销号日期 written as 9月21日 takes this year
    choice = choose(ledger, source, as_of, contents(report), view, same_round)
    names = {b.sheet: b.branch or b.sheet for b in report.branches}
    ledger.rerun, ledger.same_name = choice.rerun, choice.same_name
    ledger.late = tuple(names.get(s, s) for s in choice.late)
    current = choice.round
    where = _Where(cells, link or source, current.label, as_of)
    first = current.name
    branches = {b.sheet: b for b in report.branches}
    for item in ledger.items:
        earlier = item.progress
        _carry(item, branches.get(item.sheet), where, ledger.phrases)
        if choice.rerun:
            item.progress = _again(earlier, item.progress)
    latest = ledger.latest()
    for b in report.branches:
        if not b.reported:
            continue
        for c in form.CRITERIA:
            if not is_remedy_item(b.values, c.id):
                continue
            last = latest.get((b.sheet, c.id))
            if last is not None and (not last.sign_off()[0] or _same_text(last, b.values, c.id)):
                continue  # the open item was carried above; text left on the sheet after 销号 is not news
            item = Item(b.sheet, c.id, ledger.next_seq(b.sheet, c.id), first_round=first, judged_on=as_of)
            _merge(item, b, c.id)
            item.progress, item.last_round, item.source = spec.NEW, current.label, where.source(b.sheet, c.id)
            if said := done_in_words(b.values, c.id, ledger.phrases):
                # Reported done in words when first registered (部分完成, "已整改"): 待销号, as the check's hint,
                # the summary and the report take the same words (core.remedy), quoted for the office to verify.
                item.claimed = True
                text = b.values.get(form.cname(c.id, said[0]))
                item.progress += f"；{spec.DONE_BY_WORDS}（{form.cfield(c.id, said[0]).label}写明：“{text}”）"
            ledger.items.append(item)
            ledger.issued[item.id] = first
    for item in ledger.items:
        item.status = status_on(item, as_of)
        ledger.issued.setdefault(item.id, item.first_round)
    ledger.as_of = as_of
    return ledger


class _Where:
    def __init__(self, cells: Mapping[str, Mapping[str, str]], link: str, label: str, day: date) -> None:
        self.cells, self.link, self.label, self.day = cells, link, label, day

    def source(self, sheet: str, cid: int) -> Source | None:
        names = self.cells.get(sheet, {})
        cell = names.get(form.cname(cid, "shortcomings")) or names.get(form.cname(cid, "status"))
        return Source(self.link, sheet, cell) if cell else None


def _again(earlier: str, now: str) -> str:
    """本轮情况 on a re-run of the round: what the round did, as its first run said, stays said when this run
    finds nothing new for the item; the sign-off notes are this run's (the office may have finished a 销号)."""
    if not earlier:
        return now
    kept = [p for p in earlier.split("；") if not p.startswith(spec.SIGN_OFF_NOTES)]
    if now == spec.SIGNED_OFF:  # the office signed it off since: said after what the round did
        return "；".join([*kept, now] if now not in kept else kept)
    if not now.startswith((spec.UNCHANGED, spec.STILL_PENDING)):
        return now
    return "；".join([*kept, *(p for p in now.split("；")[1:] if p not in kept)])


def _carry(item: Item, branch: BranchResult | None, where: _Where, phrases: tuple[str, ...]) -> None:
    """Apply this round to one item already in the ledger."""
    closed, why = item.sign_off()
    if closed:
        item.progress = spec.SIGNED_OFF
        return
    deadline = item.deadline
    if branch is None:
        item.progress = spec.NOT_IN_ROUND
    elif not branch.reported:
        item.progress = spec.NOT_REPORTED
    else:
        item.progress = _progress(item, branch, where, phrases)
    notes = [why] if why else []
    if (moved := _moved(deadline, item.deadline, where.day)) is not None:
        item.moved = moved
        notes.insert(0, spec.DEADLINE_MOVED.format(old=moved[0], new=moved[1])
                     + (spec.WAS_OVERDUE if moved[2] else ""))
    notes += item.overwritten
    if item.restored:
        notes.append(spec.RESTORED)
    if item.status == spec.CLOSED:  # read as closed, but the office has since cleared its sign-off
        notes.append(spec.SIGN_OFF_CLEARED)
    item.progress = "；".join([item.progress, *notes])


def _progress(item: Item, branch: BranchResult, where: _Where, phrases: tuple[str, ...]) -> str:
    v, k = branch.values, item.criterion
    # A completion written over a measure or shortcoming is progress, not a new measure: the item keeps its text.
    keep = tuple(p for p in spec.COMPLETION_FIELDS if getattr(item, p) and says_done(v.get(form.cname(k, p)), phrases))
    status = v.get(form.cname(k, "status"))
    held, evidence = v.get(form.cname(k, "date")), v.get(form.cname(k, "evidence"))
    done = status == form.STATUS_DONE
    if item.claimed:
        if status in OPEN and item.reported == form.STATUS_DONE:
            item.claimed = False
            text = spec.REOPENED.format(status=status)
        else:
            text = spec.STILL_PENDING
    elif done and isinstance(held, date) and evidence and item.reported != form.STATUS_DONE:
        item.claimed = True
        text = f"{spec.DONE_BY_STATUS}（开展时间 {held.isoformat()}）"
    elif said := completion_phrase(v, k, item, phrases):
        # The claim is quoted here; the field keeps the measure or shortcoming it replaced.
        part, words = said
        item.claimed = True
        _merge(item, branch, k, keep=keep)
        _seen(item, where, branch.sheet)
        return f"{spec.DONE_BY_WORDS}（{form.cfield(k, part).label}写明：“{words}”）"
    elif done and item.reported != form.STATUS_DONE:
        # Not a completion yet; the old open status stays, so adding the missing parts later counts.
        _merge(item, branch, k, keep_status=True, keep=keep)
        _seen(item, where, branch.sheet)
        return spec.DONE_INCOMPLETE
    elif _gone(item, v, k) or not is_remedy_item(v, k):
        # The shortcoming and the measure vanished (or the whole item did) without a completion:
        # the last known text stays, and 本轮情况 says what is empty so the office can ask.
        cleared = _cleared(item, v, k)
        return f"{spec.NO_NEWS}（{spec.CLEARED.format(fields='、'.join(cleared))}）" if cleared else spec.NO_NEWS
    else:
        cleared, history = _cleared(item, v, k), item.history
        changed = _merge(item, branch, k, keep=keep)
        _seen(item, where, branch.sheet)
        text = spec.UPDATED if changed else spec.UNCHANGED
        if item.history != history:
            text += f"，{spec.HISTORY_KEPT}"
        return f"{text}；{spec.PART_CLEARED.format(fields='、'.join(cleared))}" if cleared else text
    _merge(item, branch, k, keep=keep)
    _seen(item, where, branch.sheet)
    return text


def _moved(before: object, after: object, day: date) -> tuple[str, str, bool] | None:
    """(old, new, whether the old one had passed by `day`) when the round changed a deadline the item had.

    Said as 历次内容 says the old one (ledger_text), so the two columns read alike."""
    old, new = ledger_text(before), ledger_text(after)
    if old is None or new is None or old == new:
        return None
    return old, new, isinstance(before, date) and before < day


def _cleared(item: Item, values: Mapping[str, object], cid: int) -> list[str]:
    """The labels of the item's fields that hold text in the ledger and are blank on the branch's sheet."""
    return [form.cfield(cid, part).label for part in TEXT_PARTS
            if getattr(item, part) is not None and values.get(form.cname(cid, part)) is None]


def _gone(item: Item, values: Mapping[str, object], cid: int) -> bool:
    """The item had a shortcoming or a measure, and the sheet now has neither."""
    had = item.shortcomings is not None or item.remedy is not None
    return had and all(values.get(form.cname(cid, part)) is None for part in ("shortcomings", "remedy"))


def _seen(item: Item, where: _Where, sheet: str) -> None:
    item.last_round = where.label
    item.source = where.source(sheet, item.criterion) or item.source


def _merge(item: Item, branch: BranchResult, cid: int, keep_status: bool = False, keep: tuple[str, ...] = ()) -> bool:
    """Take the round's text into the item; blank fields keep the item's last text. Returns whether it changed."""
    v = branch.values
    before = (item.shortcomings, item.remedy, item.owner, item.deadline, item.reported, item.evidence)
    item.branch = branch.branch
    earlier: list[str] = []  # the wordings this round replaces, for 历次内容
    for part in TEXT_PARTS:
        value = v.get(form.cname(cid, part))
        if value is None or part in keep:
            continue
        text = ledger_text(value) or ""
        typed = item.typed.get(part)
        if typed is not None and text == item.taken.get(part):
            continue  # the branch did not change it: the office's correction in the grey column stays
        label = form.cfield(cid, part).label
        if typed is not None and text != typed:
            item.overwritten.append(spec.OFFICE_TEXT_REPLACED.format(field=label, text=typed))
        old = ledger_text(getattr(item, part))
        if old is not None and old != text:
            wording = spec.HISTORY_OFFICE if typed is not None else spec.HISTORY_PART
            earlier.append(wording.format(field=label, text=old))
        setattr(item, part, value)
        item.taken[part] = text
    if earlier:
        line = spec.HISTORY_LINE.format(round=item.last_round or item.first_round, parts="；".join(earlier))
        item.history = "\n".join(filter(None, (item.history, line)))
    status = v.get(form.cname(cid, "status"))
    if status in form.STATUSES and not keep_status:
        item.reported = status
    evidence = v.get(form.cname(cid, "evidence"))
    if evidence is not None:
        item.evidence = evidence
    return before != (item.shortcomings, item.remedy, item.owner, item.deadline, item.reported, item.evidence)


def _same_text(item: Item, values: Mapping[str, object], cid: int) -> bool:
    return (values.get(form.cname(cid, "shortcomings")), values.get(form.cname(cid, "remedy"))) == (
        item.shortcomings, item.remedy)
