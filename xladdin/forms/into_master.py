"""collect --into a master: what the master already holds decides what a returned file may replace.

A branch that sent nothing this round keeps its answers (保留上轮), with the file and the
收集时间 the master's 回收情况 sheet gives them. One whose file the master's 回收情况 says could
not be used (冲突, 未能读取: 待核实) keeps that state, its files, 收集时间 and 说明: it did report. A branch that did send is compared with the
master first, so an old file in the batch (a round-1 reply saved again into the inbox) never
silently replaces answers the branch has since corrected:

 1. the same answers as the master's: nothing changes, and the office is told so;
 2. an earlier 填表日期 than the master's: older, not taken;
 3. the same 填表日期 (or one of them missing or unreadable): the file's last save
    (xlsx.saved) at or before the time the master took the branch's current answers in
    (the row's 收集时间) is older, not taken; with no such time the file is taken, as before;
 4. anything else is newer and replaces the master's answers.

An older file is taken all the same when the office names its branch (--replace); either way
the office reads one line naming the file, what is wrong and how to do otherwise.
"""

from __future__ import annotations

from collections.abc import Collection as Names
from collections.abc import Sequence
from datetime import date, datetime

from xladdin.core.model import CollectedRow, SheetData, WorkbookData
from xladdin.core.normalize import display, parse_date
from xladdin.errors import UserError
from xladdin.forms.ownership import Notice, Outcome
from xladdin.forms.returned import Returned, Skipped, comparable, typed_anything
from xladdin.spec import form
from xladdin.spec.loop_text import (
    COLLECTED_AT_FORMAT,
    CONFLICT,
    KEPT,
    MISSING,
    RECEIVED,
    STATUS_LABELS,
    UNREADABLE,
    notice,
    skip_reason,
)

_TAKEN_IN = (STATUS_LABELS[RECEIVED], STATUS_LABELS[KEPT])  # rows whose file and time are the master's answers'
_PENDING = {STATUS_LABELS[CONFLICT]: CONFLICT, STATUS_LABELS[UNREADABLE]: UNREADABLE}  # 待核实 rows


def fill_date_text(sd: SheetData, parsed: date | None) -> str | None:
    if parsed is not None:
        return parsed.isoformat()
    raw = sd.raw.get("fill_date")
    return display(raw) if raw is not None else None


def replace_branches(names: Sequence[str], branches: Sequence[form.Branch]) -> set[str]:
    """The short names of the branches --replace names (short or full); an unknown name is refused."""
    out = set()
    for name in names:
        hit = next((b.short for b in branches if name.strip() in (b.short, b.full)), None)
        if hit is None:
            raise UserError("collect-replace-unknown", name=name, branches="、".join(b.short for b in branches))
        out.add(hit)
    return out


def _earlier(master: WorkbookData, short: str) -> CollectedRow | None:
    """The master's 回收情况 row of the branch, when it names the file its current answers came from."""
    row = master.collection.get(short)
    return row if row is not None and row.status in _TAKEN_IN else None


def _taken_at(earlier: CollectedRow | None) -> str | None:
    """The 收集时间 of the master's row, written as the 回收情况 sheet writes it; None when it has none."""
    return earlier.collected_at.strftime(COLLECTED_AT_FORMAT) if earlier and earlier.collected_at else None


def keep_last_round(rows, master: WorkbookData, notices: list[Notice]) -> None:
    """A branch that sent nothing this round but has answers in the master keeps them: not 未报送."""
    sheets = {sd.sheet: sd for sd in master.sheets}
    for row in rows:
        sd = sheets.get(row.branch.short)
        if row.status != MISSING or sd is None or not typed_anything(sd):
            continue
        _keep(row, master, sd)
        when = f"填表日期 {row.fill_date}" if row.fill_date else "未填填表日期"
        notices.append(Notice("kept-last-round", notice("kept-last-round", branch=row.branch.full, when=when),
                              None, sd.sheet, row.branch.short))


def keep_pending(rows, master: WorkbookData, notices: list[Notice]) -> list[Skipped]:
    """A branch 待核实 in the master (冲突, 未能读取) that sent nothing this round stays so, not 未报送.

    Its row keeps the master's file(s), 收集时间 and 说明; a 未能读取 file is listed again under
    未采用的文件 with the reason the master gave. A branch that sent a blank file of its own this
    round is left 未报送: that is its latest reply. Returns those 未采用的文件 entries.
    """
    replied = {n.branch for n in notices if n.code == "own-file-empty"}
    out = []
    for row in rows:
        earlier = master.collection.get(row.branch.short)
        if row.status != MISSING or row.branch.short in replied or earlier is None or earlier.status not in _PENDING:
            continue
        full, short = row.branch.full, row.branch.short
        files = [f for f in (earlier.file or "").split("\n") if f.strip()]
        row.status = _PENDING[earlier.status]
        if row.status == CONFLICT:
            row.files = files
        else:
            row.file = earlier.file
        row.collected_at = _taken_at(earlier)
        when = f"收集时间 {row.collected_at}" if row.collected_at else "收集时间不详"
        carried = notice("pending-last-round", branch=full, when=when)
        notices.append(Notice("pending-last-round", carried, None, short, short))
        ours = carried.split(when)[0]  # an earlier round's line of ours is not carried twice
        for line in (earlier.note or "").split("\n"):
            if line.strip() and not line.startswith(ours):
                notices.append(Notice("earlier-note", notice("earlier-note", note=line), None, short, short))
        # Said once however many rounds it is carried: the reason the master lists may already be ours.
        said = skip_reason("pending-last-round", reason="")
        out += [Skipped(file, "pending-last-round", skip_reason("pending-last-round", reason=reason.removeprefix(said)),
                        workbook=False) for file, reason in earlier.unused]
    return out


def _keep(row, master: WorkbookData, sd: SheetData) -> None:
    """The row says the master's answers stay: 保留上轮, with their fill date, file and 收集时间 (when known)."""
    row.status = KEPT
    row.fill_date = fill_date_text(sd, parse_date(sd.raw.get("fill_date"), epoch1904=master.epoch1904))
    earlier = _earlier(master, row.branch.short)
    # Where the answers came from, and when, as the master's 回收情况 said: not this run's time.
    row.file = earlier.file if earlier else None
    row.collected_at = _taken_at(earlier)


def guard_master(rows, outcomes: Sequence[Outcome], returned: list[Returned], master: WorkbookData,
                 moves: dict[str, dict[str, object]], notices: list[Notice], replace: Names[str] = ()) -> None:
    """Each branch received this round against the master's answers (the rules above); moves loses what stays."""
    sheets = {sd.sheet: sd for sd in master.sheets}
    for row, outcome in zip(rows, outcomes, strict=True):
        short, full = row.branch.short, row.branch.full
        sd = sheets.get(short)
        if row.status != RECEIVED or outcome.source is None or sd is None or not typed_anything(sd):
            continue
        i, sheet = outcome.source
        r = returned[i]
        label = r.found.label
        if comparable(r.sheets[sheet]) == comparable(sd):
            moves.pop(short, None)  # nothing to write
            earlier = _earlier(master, short)
            if earlier is not None and earlier.collected_at is not None:
                # Nothing is taken: the row keeps the master's file and the time it was taken in, which agree
                # (a later file saved in between is still newer than what the master holds). The note names this one.
                row.file = earlier.file or row.file
                row.collected_at = _taken_at(earlier)
            notices.append(Notice("same-as-master", notice("same-as-master", branch=full, file=label), label, sheet,
                                  short))
            continue
        why = _older(outcome.fill_date, r.saved, master, sd, short, r.made)
        if why is None:
            if r.saved is not None and r.made is not None and r.saved < r.made:  # taken; the PC's clock is off
                notices.append(Notice("saved-before-made", notice(
                    "saved-before-made", branch=full, file=label, saved=r.saved.strftime(COLLECTED_AT_FORMAT),
                    made=r.made.strftime(COLLECTED_AT_FORMAT)), label, sheet, short))
            continue
        if short in replace:
            notices.append(Notice("replaced-on-request", notice("replaced-on-request", branch=full, file=label, why=why),
                                  label, sheet, short))
            continue
        moves.pop(short, None)
        _keep(row, master, sd)
        notices.append(Notice("older-than-master", notice("older-than-master", branch=full, file=label, why=why,
                                                          short=short), label, sheet, short))


def _older(incoming: date | None, saved: datetime | None, master: WorkbookData, sd: SheetData,
           short: str, made: datetime | None = None) -> str | None:
    """Why the incoming answers are older than the master's, or None when they are not (or nothing says).

    made: when feedback generated the file, for a 退回修改 file. One generated after the master took the
    answers in cannot hold older ones, whatever the clock of the PC that saved it says: its save time is not asked.
    """
    held = parse_date(sd.raw.get("fill_date"), epoch1904=master.epoch1904)
    if incoming is not None and held is not None:
        if incoming < held:
            return notice("older-by-fill-date", incoming=incoming.isoformat(), held=held.isoformat())
        if incoming > held:
            return None
    earlier = _earlier(master, short)
    taken = earlier.collected_at if earlier is not None else None
    if saved is None or taken is None or saved > taken or (made is not None and made > taken):
        return None
    dates = notice("same-fill-date", day=held.isoformat()) if incoming is not None and held is not None else (
        notice("fill-date-unclear"))
    return notice("older-by-save", dates=dates, saved=saved.strftime(COLLECTED_AT_FORMAT),
                  taken=taken.strftime(COLLECTED_AT_FORMAT))
