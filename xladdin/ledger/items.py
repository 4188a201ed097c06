"""The ledger as plain data: items, their ids, the rounds, and each item's status on a date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from xladdin.core.normalize import clean_text, is_blank, parse_date
from xladdin.spec import form
from xladdin.spec import ledger as spec

# The grey text columns taken from the branch's sheet; the record remembers what each last said.
TEXT_PARTS = ("shortcomings", "remedy", "owner", "deadline")
_ID = re.compile(r"^(?P<sheet>.+)-(?P<cid>[1-9])-(?P<seq>[1-9]\d{0,5})$")
# Where a 历次内容 entry starts: a line that opens as spec.HISTORY_LINE does, with a round's label (第2轮 2010-09-25).
_ROUND = re.escape(spec.round_label(1234, "DAY")).replace("1234", r"\d+").replace("DAY", r"\d{4}-\d{2}-\d{2}")
_HISTORY_ENTRY = re.compile(r"\n(?=" + re.escape(spec.HISTORY_LINE.format(round="ROUND", parts="")).replace(
    "ROUND", _ROUND) + ")")


def item_id(sheet: str, criterion: int, seq: int) -> str:
    """运一-4-1: the branch's sheet, the criterion, and the item's number under that criterion."""
    return f"{sheet}-{criterion}-{seq}"


def parse_id(text: object) -> tuple[str, int, int] | None:
    """(sheet, criterion, seq) of an id this tool gave, or None for anything else."""
    if not isinstance(text, str):
        return None
    m = _ID.fullmatch(text.strip())
    if not m or int(m["cid"]) not in form.CRITERION_IDS:
        return None
    return m["sheet"], int(m["cid"]), int(m["seq"])


def criterion_label(cid: int) -> str:
    """第四项: how the ledger names a criterion, as the summary's 补课清单 does."""
    return f"第{form.criterion(cid).ordinal}项"


@dataclass(frozen=True)
class Source:
    """Where the item was last read: the round's workbook (as the link should name it), sheet and cell."""

    file: str
    sheet: str
    cell: str


@dataclass(frozen=True)
class Round:
    number: int
    day: date
    source: str  # the round workbook's file name
    contents: str = ""  # each branch's content fingerprint (ledger.rounds.encode); "" in ledgers from before

    @property
    def name(self) -> str:
        return spec.round_name(self.number)

    @property
    def label(self) -> str:
        return spec.round_label(self.number, self.day.isoformat())


@dataclass
class Item:
    sheet: str
    criterion: int
    seq: int
    branch: str = ""  # the branch's full name, as the round's settings give it
    shortcomings: str | None = None
    remedy: str | None = None
    owner: str | None = None
    deadline: date | str | None = None  # a date, or the text typed when it is not one
    reported: str | None = None  # 完成情况: the branch's latest 已完成 / 部分完成 / 未开展
    evidence: str | None = None
    first_round: str = ""
    last_round: str = ""
    claimed: bool = False  # a later round reported it done (待销号 until the office closes it)
    progress: str = ""
    history: str = ""  # 历次内容: the earlier wordings, one line per change (spec.HISTORY_LINE)
    status: str = spec.NOT_DUE
    # The office's columns, as read; the tool never writes them.
    closed_by: object = None
    closed_on: object = None
    source: Source | None = None  # set when this round read the item: its link is rewritten
    row: int | None = None  # its row in the ledger file it was read from
    restored: bool = False
    # part -> the branch's text last taken into the item (kept in the hidden record), so an office edit
    # in a grey column is told from the branch's text; typed: the grey cells that differ from it.
    taken: dict[str, str] = field(default_factory=dict)
    typed: dict[str, str] = field(default_factory=dict)
    overwritten: list[str] = field(default_factory=list)  # this round: office edits the branch's new text replaced
    # this round: the branch changed the item's deadline (old, new, whether the old one had passed), as ledger_text
    moved: tuple[str, str, bool] | None = None
    # The day the ledger is judged on (its --date): a 销号日期 written as a month and day (9月21日) takes its year.
    judged_on: date | None = None

    @property
    def id(self) -> str:
        return item_id(self.sheet, self.criterion, self.seq)

    @property
    def key(self) -> tuple[str, int]:
        return self.sheet, self.criterion

    def sign_off(self) -> tuple[bool, str]:
        """(closed, why not when the office started but did not finish): 销号人 and a real 销号日期."""
        closed, why, _ = self._sign_off()
        return closed, why

    def sign_off_failure(self) -> str | None:
        """What the office must do when it started a 销号 that did not take (said on screen), else None."""
        return self._sign_off()[2]

    def _sign_off(self) -> tuple[bool, str, str | None]:
        who = not is_blank(self.closed_by)
        when = self.closed_on
        typed_when = when is not None and not (isinstance(when, str) and is_blank(when))
        if not who and not typed_when:
            return False, "", None
        if who and typed_when:
            if closed_date(when, self.judged_on) is not None:
                return True, "", None
            value = str(when).strip()
            return False, spec.SIGN_OFF_BAD_DATE.format(value=value), spec.SIGN_OFF_BAD_DATE_SCREEN.format(value=value)
        if who:
            return False, spec.SIGN_OFF_PARTIAL, spec.SIGN_OFF_NO_DATE.format(who=str(self.closed_by).strip())
        return False, spec.SIGN_OFF_PARTIAL, spec.SIGN_OFF_NO_PERSON

    def as_dict(self) -> dict:
        deadline = self.deadline.isoformat() if isinstance(self.deadline, date) else self.deadline
        closed_on = closed_date(self.closed_on, self.judged_on)
        return {
            "id": self.id, "sheet": self.sheet, "branch": self.branch or None, "criterion": self.criterion,
            "status": self.status, "progress": self.progress, "owner": self.owner, "deadline": deadline,
            "first_round": self.first_round, "last_round": self.last_round,
            "closed_by": None if is_blank(self.closed_by) else str(self.closed_by).strip(),
            "closed_on": closed_on.isoformat() if closed_on else None,
            "deadline_moved": None if self.moved is None else {
                "from": self.moved[0], "to": self.moved[1], "was_overdue": self.moved[2]},
            "history": history_entries(self.history),
        }


def history_entries(history: str) -> list[str]:
    """历次内容 as a list, one entry per change (spec.HISTORY_LINE), oldest first; [] when the item has none.

    A line break inside a branch's text stays inside its entry: a new entry starts only at a line that
    opens with a round's label. What the office typed in the cell is kept, with the entry it follows.
    """
    return [entry.strip() for entry in _HISTORY_ENTRY.split(history or "") if entry.strip()]


def ledger_text(value: object) -> str | None:
    """A text column's value as compared between the ledger and a branch's sheet: dates as 2010-10-31."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return clean_text(value) or None


def closed_date(value: object, judged_on: date | None = None) -> date | None:
    """The 销号日期 as a date. A month and day (9月21日) is in the year of judged_on (the ledger's --date),
    as month-day dates are read everywhere else; the year before when that day would come after judged_on
    (12月28日 written and judged on 2011-01-05 is 2010-12-28)."""
    if isinstance(value, datetime):
        return value.date()
    if value is None:
        return None
    day = parse_date(value)
    if day is None and judged_on is not None and (day := parse_date(value, judged_on.year)) and day > judged_on:
        day = parse_date(value, judged_on.year - 1)
    return day


@dataclass
class Ledger:
    items: list[Item] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    # id -> the round it was first given in (第1轮); every id ever issued, rows or not.
    issued: dict[str, str] = field(default_factory=dict)
    phrases: tuple[str, ...] = spec.COMPLETION_PHRASES
    as_of: date | None = None
    # How this update took its round (ledger.rounds): "" added a new one, else why it refreshed the last one;
    # late: the branches (full names) first reported in that refresh; same_name: a new round from the last round's file name.
    rerun: str = ""
    late: tuple[str, ...] = ()
    same_name: bool = False

    @property
    def current(self) -> Round | None:
        return self.rounds[-1] if self.rounds else None

    def next_seq(self, sheet: str, criterion: int) -> int:
        used = [p[2] for i in self.issued if (p := parse_id(i)) and p[:2] == (sheet, criterion)]
        used += [i.seq for i in self.items if i.key == (sheet, criterion)]
        return max(used, default=0) + 1

    def counts(self, sheet: str | None = None) -> dict[str, int]:
        """Items per status, for one branch or all."""
        chosen = [i for i in self.items if sheet is None or i.sheet == sheet]
        return {s: sum(i.status == s for i in chosen) for s in spec.STATUSES}

    def sheets(self) -> list[str]:
        return list(dict.fromkeys(i.sheet for i in self.items))

    def latest(self) -> dict[tuple[str, int], Item]:
        """The newest item (highest number) of each branch and criterion."""
        out: dict[tuple[str, int], Item] = {}
        for item in self.items:
            if item.key not in out or item.seq > out[item.key].seq:
                out[item.key] = item
        return out

    def as_dict(self) -> dict:
        current = self.current
        return {"items": [i.as_dict() for i in self.items], "summary": self.counts(),
                "round": {"number": current.number if current else None, "rerun": self.rerun or None,
                          "late": list(self.late)}}


def status_on(item: Item, day: date) -> str:
    """An item's status on a date: closed by the office, reported done, or open: due, overdue or without a deadline."""
    if item.sign_off()[0]:
        return spec.CLOSED
    if item.claimed:
        return spec.PENDING
    if not isinstance(item.deadline, date):
        return spec.NO_DEADLINE  # none given, or text that is no date: never late, and not "due" either
    return spec.OVERDUE if item.deadline < day else spec.NOT_DUE
