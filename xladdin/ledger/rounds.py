"""Which round an update belongs to: a new one, or the last one again (a re-run).

A clerk re-runs `ledger` on the round's workbook to see a 销号 take effect, or after taking
in a branch that reported late (collect --into). That must not add a round that never
happened. The rule, in order:

- The clerk says so: --same-round refreshes the last round, --new-round adds one.
- A view (summary, report, feedback) of the workbook the last round was read from re-judges
  that round on its own date.
- Every branch that had reported in the last round has the same content now (a content
  fingerprint per branch, kept in the hidden record): the last round again, with any
  branch that reported since taken in as a late report. The file's name and the --date
  do not matter (the master workbook keeps its name from round to round).
- A ledger written before the fingerprints were recorded: the same file name on the same
  date is the last round again.
- Otherwise a new round.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date, datetime

from xladdin.core.findings import Report
from xladdin.core.normalize import clean_text
from xladdin.ledger.items import Ledger, Round

# Why an update refreshed the last round instead of adding one (Ledger.rerun).
SAME, LATE, ASKED, SAME_DAY, VIEW = "same", "late", "asked", "same-day", "view"


@dataclass(frozen=True)
class Choice:
    round: Round
    rerun: str = ""  # "" for a new round, else why the last round was refreshed
    late: tuple[str, ...] = ()  # sheets first reported in this refresh of the round
    same_name: bool = False  # a new round read from the file the last round was read from


def contents(report: Report) -> dict[str, str]:
    """sheet -> a short fingerprint of what the branch reported; branches that reported nothing are left out."""
    out = {}
    for b in report.branches:
        if b.reported:
            text = json.dumps({k: _plain(v) for k, v in b.values.items() if v is not None}, ensure_ascii=False,
                              sort_keys=True)
            out[b.sheet] = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return out


def _plain(value: object) -> object:
    """A value as it reads the same after a save through Excel or LibreOffice: dates as days, 26.0 as 26."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | float):
        return value
    return clean_text(value)


def encode(found: dict[str, str]) -> str:
    """The hidden record's form: 运一:1a2b3c4d5e6f;电气:… (an empty round is a lone ';')."""
    return ";".join(f"{sheet}:{mark}" for sheet, mark in found.items()) or ";"


def decode(text: object) -> dict[str, str] | None:
    """The fingerprints of a recorded round; None when the record has none (a ledger from before)."""
    if not isinstance(text, str) or not text.strip():
        return None
    pairs = [p.rpartition(":") for p in text.strip().split(";") if p]
    return {sheet: mark for sheet, _, mark in pairs if sheet}


def choose(ledger: Ledger, source: str, as_of: date, found: dict[str, str], view: bool = False,
           same_round: bool | None = None) -> Choice:
    """The round this update is (see the module's rules); the ledger's rounds are updated to match."""
    last = ledger.current
    mark = encode(found)
    if last is None or same_round is False:
        return _new(ledger, last, source, as_of, mark)
    before = decode(last.contents)
    if same_round:
        why = ASKED
    elif view and last.source == source:
        why = VIEW
    elif before is not None and all(found.get(sheet) == m for sheet, m in before.items()):
        why = SAME if found.keys() == before.keys() else LATE
    elif before is None and last.source == source and last.day == as_of:
        why = SAME_DAY
    else:
        return _new(ledger, last, source, as_of, mark)
    late = tuple(s for s in found if before is not None and s not in before) if why != VIEW else ()
    again = last if why == VIEW else replace(last, day=as_of, source=source, contents=mark)
    ledger.rounds[-1] = again
    return Choice(again, why, late)


def _new(ledger: Ledger, last: Round | None, source: str, as_of: date, mark: str) -> Choice:
    new = Round((last.number if last else 0) + 1, as_of, source, mark)
    ledger.rounds.append(new)
    return Choice(new, same_name=last is not None and last.source == source)
