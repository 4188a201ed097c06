"""Collect the files the branches sent back into one workbook of the current template.

find -> read (hardened) -> decide whose answers are whose (forms.ownership) ->
move the values through the defined names into a fresh template (or, with
--into, into the office's master) -> the 回收情况 sheet. Nothing is guessed
silently: every file not used is listed with its reason, and every judgement
the office should check is a warning with the file and the sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from xladdin.core.model import SheetData, WorkbookData
from xladdin.core.normalize import display, excel_error
from xladdin.errors import UserError
from xladdin.forms.collect_write import write_fresh, write_into
from xladdin.forms.into_master import fill_date_text, guard_master, keep_last_round, keep_pending, replace_branches
from xladdin.forms.ownership import Notice, Outcome, branch_named_in, decide
from xladdin.forms.returned import Returned, Skipped, find_files, read_returned
from xladdin.forms.round_settings import against_master, agree, check_sheet_names
from xladdin.spec import form
from xladdin.spec.loop_text import (
    COLLECTED_AT_FORMAT,
    CONFLICT,
    FACT_CODES,
    KEPT,
    MISSING,
    RECEIVED,
    STATUS_LABELS,
    UNREADABLE,
    UNREADABLE_ADVICE,
    notice,
    skip_reason,
    tally,
)
from xladdin.xlsx.read import read_workbook
from xladdin.xlsx.write import check_target, open_elsewhere

MAX_NAMES_LISTED = 6


@dataclass
class BranchRow:
    branch: form.Branch
    status: str
    file: str | None = None  # where the answers came from, as messages name it
    fill_date: str | None = None
    files: list[str] = field(default_factory=list)  # the files that disagree
    notes: list[str] = field(default_factory=list)
    collected_at: str | None = None  # 收集时间: when file was taken in (this run, or an earlier one for 保留上轮)

    def as_dict(self) -> dict:
        return {"sheet": self.branch.short, "branch": self.branch.full, "status": self.status, "file": self.file,
                "fill_date": self.fill_date, "collected_at": self.collected_at, "files": self.files}


@dataclass
class Collection:
    target: Path
    into: bool
    rows: list[BranchRow]
    skipped: list[Skipped]
    notices: list[Notice]
    version: str = form.template_label()
    backup: Path | None = None
    unchanged: bool = False  # --into that took nothing: the master was neither rewritten nor backed up

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)

    def tally(self) -> str:
        """应报 … 个党支部：已收到 …, in the words of the 回收情况 sheet and the screen."""
        return tally([r.status for r in self.rows])

    def pending(self) -> dict[str, str]:
        """Branches whose file came back but was not used, with why: 待核实, not 未报送 (xladdin.core.checks.pending)."""
        out = {}
        for r in self.rows:
            if r.status == CONFLICT:
                out[r.branch.short] = f"{len(r.files)} 个文件填写不同，均未采用"
            elif r.status == UNREADABLE:
                out[r.branch.short] = f"“{r.file}”未能读取，见回收情况"
        return out

    def unreadable_own(self) -> dict[str, Skipped]:
        """未报送 branches whose name is on a file that could not be used (a .xls, a damaged file): the first such file."""
        missing = [r.branch for r in self.rows if r.status == MISSING]
        out: dict[str, Skipped] = {}
        for s in self.skipped:
            named = branch_named_in(Path(s.file).stem, missing) if s.workbook else None
            if named is not None:
                out.setdefault(named, s)
        return out

    @property
    def complete(self) -> bool:
        """Every branch received (or kept from the master), nothing to look at: exit code 0."""
        return (all(r.status in (RECEIVED, KEPT) for r in self.rows)
                and not [n for n in self.notices if n.code not in FACT_CODES]
                and not any(s.workbook for s in self.skipped))

    def as_dict(self) -> dict:
        return {
            "output": str(self.target),
            "template": self.version,
            "backup": str(self.backup) if self.backup else None,
            "unchanged": self.unchanged,
            "branches": [r.as_dict() for r in self.rows],
            "skipped": [s.as_dict() for s in self.skipped],
            "warnings": [{"file": n.file, "sheet": n.sheet, "branch": n.branch, "code": n.code, "message": n.message}
                         for n in self.notices],
            "summary": {"branches": len(self.rows), RECEIVED: self.count(RECEIVED), KEPT: self.count(KEPT),
                        MISSING: self.count(MISSING), UNREADABLE: self.count(UNREADABLE), CONFLICT: self.count(CONFLICT)},
        }


def collect(inputs: Sequence[Path], output: Path | None = None, into: Path | None = None, replace: bool = False,
            now: datetime | None = None, labels: Mapping[Path, str] | None = None,
            progress: Callable[[int, int], None] | None = None, replace_older: Sequence[str] = ()) -> Collection:
    """Collect the returned files under inputs into output (fresh) or into the master `into`.

    replace: output may exist (the caller made room for it: xlsx.write.make_room).
    labels: how the user knows an input file stored under another name (see returned.find_files).
    progress: told (files read, files to read) after each file, for a long round's progress bar.
    replace_older: with into, branches (short or full names) whose file replaces the master's answers
    even when it is older than them (forms.into_master).
    """
    if (output is None) == (into is None):
        raise UserError("collect-output-choice")
    if replace_older and into is None:
        raise UserError("collect-replace-needs-into")
    if not inputs:
        raise UserError("collect-no-input")
    target = Path(output if output is not None else into)  # type: ignore[arg-type]
    now = now or datetime.now()
    master = _read_master(target) if into is not None else None
    forced = replace_branches(replace_older, master.settings.branches) if master is not None else set()
    returned, skipped = _read_all(inputs, target, labels, progress)
    returned, copies = _prefer_replies(returned)
    skipped += copies
    settings = [(r.found.label, r.data.settings) for r in returned]
    if master is not None:
        values = None
        notices = against_master(master.settings, settings)
        # The master's list, then any branch only a returned file lists (it will be said it has no sheet).
        branches = _union([master.settings.branches, *(s.branches for _, s in settings)])
    else:
        values, agreed, notices = agree(settings)
        branches = list(agreed)
    branches = _usable_branches(branches, notices)
    decision = decide([r.file for r in returned], branches)
    notices += decision.notices
    for r in returned:
        for sheet in r.unlisted:
            notices.append(Notice("sheet-unlisted", notice("sheet-unlisted", file=r.found.label, sheet=sheet),
                                  r.found.label, sheet))
    notices += _open_files(returned, decision.owners)
    notices += _unchanged_feedback(returned, decision.owners, notices)
    skipped += _unused_empty(returned, decision.outcomes, decision.owners, branches)
    skipped += _unused_same(returned, decision.outcomes, skipped)
    moves: dict[str, dict[str, object]] = {}
    rows = [_row(b, o, returned, moves, notices, now) for b, o in zip(branches, decision.outcomes, strict=True)]
    # Before the master's answers are kept for branches not in this batch: a branch whose own file came
    # this round but could not be read is 未能读取 (待核实), not 本轮未报回.
    own_unreadable = Collection(target, master is not None, rows, skipped, notices).unreadable_own()
    for short, s in own_unreadable.items():  # said on the branch's own row, not only in the list
        row = next(r for r in rows if r.branch.short == short)
        row.status, row.file, full = UNREADABLE, s.file, row.branch.full
        row.collected_at = now.strftime(COLLECTED_AT_FORMAT)  # received then, though not read
        # A cut-off attachment needs the original sent again; saving it as .xlsx is for another format.
        advice = notice(UNREADABLE_ADVICE.get(s.code, "unreadable-save-as"), branch=full)
        notices.append(Notice("own-file-unreadable", notice("own-file-unreadable", branch=full, file=s.file,
                                                            advice=advice), s.file, None, short))
    if master is not None:
        keep_last_round(rows, master, notices)
        guard_master(rows, decision.outcomes, returned, master, moves, notices, forced)
    result = Collection(target, master is not None, rows, skipped, notices)
    if master is not None:
        skipped += keep_pending(rows, master, notices)  # after this round's own 未能读取: the newer state
    if master is not None and _changes_nothing(rows, moves, master):
        result.unchanged = True  # rewriting would only add one more backup of the same master
    elif master is not None:
        result.backup = write_into(target, master, moves, result, now)
    else:
        write_fresh(target, branches, values or {}, moves, result, now, replace)
    return result


def _changes_nothing(rows: list[BranchRow], moves: dict[str, dict[str, object]], master: WorkbookData) -> bool:
    """--into with no answers to write, and every other branch's 回收情况 status as the master already has it.

    A branch received (the same answers as the master's) or kept (nothing new, or only an older file) keeps
    the master's answers; a 未报送, 冲突 or 未能读取 that the master does not yet say is a change.
    """
    if moves:
        return False
    for row in rows:
        if row.status in (RECEIVED, KEPT):
            continue
        earlier = master.collection.get(row.branch.short)
        if earlier is None or earlier.status != STATUS_LABELS[row.status]:
            return False
    return True


def _read_all(inputs: Sequence[Path], target: Path, labels: Mapping[Path, str] | None = None,
              progress: Callable[[int, int], None] | None = None) -> tuple[list[Returned], list[Skipped]]:
    """Every usable returned file, and every other file with the reason it is not used."""
    found, skipped = find_files([Path(p) for p in inputs], exclude=[target], labels=labels)
    returned: list[Returned] = []
    for n, f in enumerate(found, start=1):
        got = read_returned(f)
        if isinstance(got, Skipped):
            skipped.append(got)
        elif _nothing_in(got):
            skipped.append(Skipped(f.label, "nothing-filled", skip_reason("nothing-filled"), str(f.path)))
        else:
            returned.append(got)
        if progress is not None:
            progress(n, len(found))
    if not returned:
        if not skipped:
            raise UserError("collect-empty")
        first = skipped[0]
        error = UserError("collect-nothing", count=len(skipped), file=first.file, reason=first.reason)
        error.skipped = skipped  # every file with its reason, for a caller that can show them all (the web page)
        raise error
    return returned, skipped


def _prefer_replies(returned: list[Returned]) -> tuple[list[Returned], list[Skipped]]:
    """A file we sent out, unchanged, gives way to a real reply from the same branch.

    The office's own copies land in the inbox (feedback -o 收件/退回); beside the branch's
    reply they would be a second, older answer. Alone, an unchanged file may be a branch
    forwarding what it was sent, and is read like any reply.
    """
    replied = {a.branch for r in returned if not r.file.outgoing for a in r.file.answers if a.reported}
    kept, copies = [], []
    for r in returned:
        answers = [a.branch for a in r.file.answers if a.reported]
        if r.file.outgoing and answers and set(answers) <= replied:
            names = dict.fromkeys(r.data.settings.full_name(short) for short in answers)
            code = f"{r.file.outgoing}-untouched"
            copies.append(Skipped(r.found.label, code, skip_reason(code, branches="、".join(names)), str(r.found.path)))
        else:
            kept.append(r)
    return kept, copies


def _unchanged_feedback(returned: list[Returned], owners: list[str | None], notices: list[Notice]) -> list[Notice]:
    """A 退回修改意见 collected as it was sent: nothing on it was corrected, or it is the office's own copy.

    Not said of a blank 催报 form already named as the office's copy (own-feedback-unopened): it was not collected.
    """
    blank = {n.file for n in notices if n.code == "own-feedback-unopened"}
    return [Notice("feedback-unchanged", notice("feedback-unchanged", file=r.found.label), r.found.label, None, owner)
            for r, owner in zip(returned, owners, strict=True)
            if r.file.outgoing == "feedback" and r.found.label not in blank]


def _open_files(returned: list[Returned], owners: list[str | None]) -> list[Notice]:
    """A returned file with an owner file beside it is still open somewhere: what was read is its last save."""
    out = []
    for r, owner in zip(returned, owners, strict=True):
        lock = open_elsewhere(r.found.path)
        if lock is not None:
            out.append(Notice("file-open", notice("file-open", file=r.found.label, lock=lock.name), r.found.label,
                              None, owner))
    return out


def _unused_empty(returned: list[Returned], outcomes: Sequence[Outcome], owners: list[str | None],
                  branches: Sequence[form.Branch]) -> list[Skipped]:
    """A branch's own file with nothing typed, beside the one its answers came from: listed as not used."""
    used = _used_files(outcomes)
    received = {o.branch for o in outcomes if o.status != MISSING}
    full = {b.short: b.full for b in branches}
    out = []
    for i, (r, owner) in enumerate(zip(returned, owners, strict=True)):
        if i not in used and owner in received and not any(a.reported for a in r.file.answers):
            out.append(Skipped(r.found.label, "own-file-empty", skip_reason("own-file-empty", branch=full[owner]),
                               str(r.found.path), workbook=False))
    return out


def _unused_same(returned: list[Returned], outcomes: Sequence[Outcome], skipped: list[Skipped]) -> list[Skipped]:
    """A file none of whose answers was taken because the same answers came in the file that was: a duplicate.

    Said in 未采用的文件, so every file the office dropped in is accounted for.
    """
    used = _used_files(outcomes)
    taken = {o.branch: o.source for o in outcomes if o.source is not None}
    listed = {s.path for s in skipped}
    out = []
    for i, r in enumerate(returned):
        answers = [a for a in r.file.answers if a.reported]
        if i in used or not answers or str(r.found.path) in listed:
            continue
        sources = {taken.get(a.branch) for a in answers}
        if None in sources or any(a.content != _answer_at(returned, taken[a.branch]).content for a in answers):
            continue  # not the same as what was taken: the warnings above say why it was not used
        names = "、".join(dict.fromkeys(f"“{returned[j].found.label}”" for j, _ in sources))
        out.append(Skipped(r.found.label, "same-as-taken", skip_reason("same-as-taken", files=names), str(r.found.path),
                           workbook=False))
    return out


def _used_files(outcomes: Sequence[Outcome]) -> set[int]:
    """The files an outcome took its answers from, or named in a conflict."""
    return {o.source[0] for o in outcomes if o.source is not None} | {i for o in outcomes for i in o.files}


def _answer_at(returned: list[Returned], source: tuple[int, str]):
    i, sheet = source
    return next(a for a in returned[i].file.answers if a.sheet == sheet)


def _union(lists: Sequence[Sequence[form.Branch]]) -> list[form.Branch]:
    out: dict[str, form.Branch] = {}
    for branches in lists:
        for b in branches:
            out.setdefault(b.short, b)
    return list(out.values())


def _usable_branches(branches: list[form.Branch], notices: list[Notice]) -> list[form.Branch]:
    """Branches that can have a sheet; a name typed into some file's 设置 that cannot is said, not fatal."""
    usable = []
    for b in branches:
        try:
            check_sheet_names([b])
        except UserError:
            notices.append(Notice("branch-name-unusable", notice("branch-name-unusable", name=b.short)))
            continue
        usable.append(b)
    return usable


def _read_master(path: Path) -> WorkbookData:
    """The master for --into: one of ours, of the current template, before any work is done."""
    check_target(path)  # open in Excel: say so now, not after the work
    data = read_workbook(path)
    version = data.settings.template_version
    if version != form.TEMPLATE_VERSION:
        found = "版本无法识别的" if not version else f"v{version} "
        raise UserError("collect-into-version", name=path.name, found=found, current=form.TEMPLATE_VERSION)
    return data


def _nothing_in(r: Returned) -> bool:
    """A returned file with nothing typed that names no branch: a blank template, not an answer."""
    f = r.file
    return (not any(a.reported for a in f.answers) and not r.unlisted and not f.scope
            and branch_named_in(f.stem, f.branches) is None)


def _row(branch: form.Branch, outcome: Outcome, returned: list[Returned], moves: dict[str, dict[str, object]],
         notices: list[Notice], now: datetime) -> BranchRow:
    row = BranchRow(branch, outcome.status, files=[returned[i].found.label for i in outcome.files])
    if outcome.source is not None:
        i, sheet = outcome.source
        r = returned[i]
        sd = r.sheets[sheet]
        row.file = r.found.label
        row.fill_date = fill_date_text(sd, outcome.fill_date)
        row.collected_at = now.strftime(COLLECTED_AT_FORMAT)
        moves[branch.short] = dict(sd.raw)
        notices += _moving_notices(r.found.label, sd, branch.short, branch.full)
    elif outcome.status == CONFLICT:
        row.collected_at = now.strftime(COLLECTED_AT_FORMAT)  # received then, though not taken
    return row


def _moving_notices(label: str, sd: SheetData, short: str, full: str) -> list[Notice]:
    """What of a taken sheet does not move as typed: fields whose names are lost, formulas, error values."""
    out = []
    if sd.missing:
        names = "、".join(form.field_title(n) for n in sd.missing[:MAX_NAMES_LISTED])
        names += "…" if len(sd.missing) > MAX_NAMES_LISTED else ""
        out.append(Notice("names-lost", notice("names-lost", file=label, sheet=sd.sheet, count=len(sd.missing),
                                               names=names), label, sd.sheet, short))
    errors = {n: err for n, v in sd.raw.items() if (err := excel_error(v))}
    for n, err in errors.items():
        formula = f"（公式 {display(sd.formulas[n])}）" if n in sd.formulas else ""
        out.append(Notice("error-value", notice("error-value", file=label, sheet=sd.sheet, cell=sd.cells.get(n, ""),
                                                field=form.field_title(n), value=err, formula=formula,
                                                branch=full),
                          label, sd.sheet, short))
    cached = [n for n in sd.formulas if sd.raw.get(n) is not None and n not in errors]
    if cached:
        out.append(Notice("formula-value", notice("formula-value", file=label, sheet=sd.sheet, count=len(cached)),
                          label, sd.sheet, short))
    lost = [n for n in sd.formulas if sd.raw.get(n) is None]
    if lost:
        out.append(Notice("formula-lost", notice("formula-lost", file=label, sheet=sd.sheet, count=len(lost)),
                          label, sd.sheet, short))
    return out
