"""The office's e-mail round: split the template out, collect what comes back, return feedback, keep the ledger."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for annotations: importing them here would load pandas and matplotlib
    from xladdin.forms.collect import Collection
    from xladdin.forms.split import SplitResult
    from xladdin.ledger.files import LedgerResult

from xladdin.jobs.files import Checked, Progress, _quiet, check_file, ledger_beside, ledger_view
from xladdin.jobs.running import FileRun, RunResult, run

# collect never reads a 备份 subfolder (forms.returned), so old files cannot come back in
from xladdin.xlsx.write import BACKUP_FOLDER

# ---- 退回修改: one file per branch ------------------------------------------------


def feedback_files(source: Path, output_dir: Path, by: date | None = None, everyone: bool = False,
                   force: bool = False, checked: Checked | None = None, ledger_path: Path | None = None,
                   as_of: date | None = None) -> list:
    """A 退回修改意见 file for each branch with an error (everyone: every branch) in output_dir.

    An existing file of that name is refused unless force, and then backed up first, into output_dir/备份/.
    ledger_path: a 整改台账 (only read); each file then lists the branch's items not yet signed off,
    their status (未到期 / 已逾期) judged on as_of (default today).
    by: the 报回期限; one before as_of (default today) is refused first (refuse_past_deadline).
    Returns the FeedbackFile records, in the workbook's order.
    """
    from xladdin.errors import UserError
    from xladdin.marks.feedback import branches_to_return, feedback_name, write_feedback
    from xladdin.xlsx.stamp import untouched_output
    from xladdin.xlsx.write import check_target, make_room

    refuse_past_deadline(by, as_of)  # for every caller; the command line says it earlier, in its own words
    source, output_dir = Path(source), Path(output_dir)
    checked = checked or check_file(source)
    sheets = branches_to_return(checked.report, everyone)
    targets = {sheet: output_dir / feedback_name(sheet) for sheet in sheets}
    # Files there saved since we wrote them (or never ours): most likely the branches' corrected replies.
    replies = {t for t in targets.values() if t.exists() and untouched_output(t) != "feedback"}
    for target in targets.values():  # all refusals before the first file is written
        if target.exists() and not force:
            check_target(target)  # open in Excel: that message, not this one
            if target in replies:
                raise UserError("feedback-over-reply", path=target)
            # The file names are ours: the folder is what the office can choose.
            raise UserError("feedback-exists", path=target)
    from xladdin.spec.ledger import CLOSED

    ledger = ledger_view(ledger_path, checked, source, as_of)
    written = []
    for sheet, target in targets.items():
        saved = make_room(target, force, backup_folder=output_dir / BACKUP_FOLDER)  # not beside what is mailed out
        items = None if ledger is None else [i for i in ledger.items if i.sheet == sheet and i.status != CLOSED]
        written.append(write_feedback(source, target, checked.data, checked.report, sheet, by, replace=True,
                                      items=items))
        if target in replies:
            written[-1] = replace(written[-1], replaced_reply=saved)
    return written


def refuse_past_deadline(by: date | None, issued: date | None, what: str | None = None) -> None:
    """A 报回期限 before the day the files go out is a deadline already passed: refused before anything is written.

    issued: the day the files go out (None: today); what: which day that is (spec.loop_text.ISSUED_*).
    The one rule: feedback_files, run_round and round_feedback apply it to every caller; the command
    line calls it before any work with its own `what`, and the web page checks its fields first in its
    own words (spec.web_text.REPLY_BY_TOO_EARLY).
    """
    from datetime import timedelta

    from xladdin.errors import UserError
    from xladdin.spec.loop_text import ISSUED_GIVEN, ISSUED_TODAY

    if by is None:
        return
    if issued is None:
        issued, what = date.today(), ISSUED_TODAY
    if by < issued:
        raise UserError("feedback-by-past", by=by.isoformat(), what=what or ISSUED_GIVEN, day=issued.isoformat(),
                        suggest=(issued + timedelta(days=7)).isoformat())


# ---- the office's loop: send out, collect ------------------------------------


def split_file(source: Path, output_dir: Path, force: bool = False) -> SplitResult:
    """One file per listed branch into output_dir (huitoukan split)."""
    from xladdin.forms.split import split_workbook

    return split_workbook(Path(source), Path(output_dir), force)


def collect_files(inputs: list[Path], output: Path | None = None, into: Path | None = None, replace: bool = False,
                  now: datetime | None = None, labels: Mapping[Path, str] | None = None,
                  progress: Callable[[int, int], None] | None = None, replace_older: Sequence[str] = ()) -> Collection:
    """The returned files under inputs, merged into output or into the master `into` (huitoukan collect).

    replace: output may exist (the caller made room for it: xlsx.write.make_room).
    labels: how the user knows a file stored under another name (the web page's uploads).
    progress: told (files read, files to read) after each file.
    replace_older: with into, branches whose file replaces the master's answers even when older (--replace).
    """
    from xladdin.forms.collect import collect

    refuse_missing(inputs)  # 找不到文件夹“收伴”, said the same way for every caller
    return collect([Path(p) for p in inputs], output, into, replace, now, labels, progress, replace_older)


# ---- the round: collect what came back, then run, then return feedback --------------

MERGED_NAME = "回头看填报表_合并.xlsx"
FEEDBACK_FOLDER = "退回修改"


@dataclass
class RoundFeedback:
    """The round's 退回修改 files in output_dir/退回修改, and what was moved out of the way for them."""

    files: list = field(default_factory=list)  # marks.feedback.FeedbackFile, this round's
    folder: Path | None = None  # where they are; None when no branch needed one
    retired: list[Path] = field(default_factory=list)  # earlier rounds' files, now in 退回修改/备份
    retired_replies: list[Path] = field(default_factory=list)  # of those, ones saved since we wrote them


@dataclass
class RoundResult:
    collection: object  # forms.collect.Collection
    run: RunResult
    returned: RoundFeedback  # this round's 退回修改 files, and the earlier ones moved aside for them
    kept_master: Path | None = None  # an earlier merged workbook left in place, this one then dated

    @property
    def feedback(self) -> list:
        """This round's 退回修改 files (marks.feedback.FeedbackFile)."""
        return self.returned.files


def run_round(inputs: list[Path], output_dir: Path, now: datetime | None = None,
              generated_at: datetime | None = None, progress: Progress = _quiet, ledger_path: Path | None = None,
              labels: Mapping[Path, str] | None = None,
              file_progress: Callable[[int, int], None] | None = None, base: Path | None = None,
              by: date | None = None, replace_older: Sequence[str] = ()) -> RoundResult:
    """`run 收件/ -o 输出/`: collect the returned files into one workbook in output_dir, run on it
    (marked copy, summary workbook, 情况报告), and write each branch with an error its feedback file.

    An earlier merged workbook in output_dir is kept: this one then gets the date and time added. The
    earlier results (marked copy, summary, 情况报告) move into output_dir/备份 (jobs.earlier), nothing replaced.
    ledger_path: a 整改台账 (only read) for the 整改进展 and the feedback files; without it, the one
    beside the merged workbook, as `run` finds it. labels and file_progress: as collect_files.
    base: the previous round's merged workbook (never changed): a copy of it in output_dir is the
    merged workbook, collected into as `collect --into` does, so a branch that did not send again
    keeps its answers (保留上轮) instead of becoming 未报送.
    by: the 报回期限 written into each feedback file; one before now's day (default today) is refused
    before anything is collected or written (refuse_past_deadline).
    Earlier 退回修改 files in output_dir/退回修改 move into its 备份 subfolder (round_feedback).
    replace_older: with base, branches whose file replaces base's answers even when older (collect --replace).
    """
    import shutil

    from xladdin.jobs.earlier import earlier_results, refuse_open
    from xladdin.xlsx.write import free_name

    output_dir = Path(output_dir)
    refuse_missing(inputs)
    refuse_output_in_inbox(inputs, output_dir)
    refuse_past_deadline(by, now.date() if now else None)
    # A base with macros (.xlsm) keeps them, and its suffix with them.
    plain = (output_dir / MERGED_NAME).with_suffix(Path(base).suffix.lower() if base else ".xlsx")
    # An earlier merged workbook is the office's master: kept where it is, so this one may get a dated name.
    merged = free_name(plain)
    # But the results that go out are this round's alone: the earlier ones move into 备份/ (FileRun.mark).
    earlier = earlier_results(output_dir, plain.stem, plain.suffix, keep=(base, ledger_path), dated_stems=True)
    refuse_open(earlier)  # before collecting: nothing is written when one is open
    progress("回头看：正在收集各支部报回的文件…")
    if base is None:
        collection = collect_files(list(inputs), merged, labels=labels, progress=file_progress)
    else:
        shutil.copyfile(base, merged)
        collection = collect_files(list(inputs), into=merged, labels=labels, progress=file_progress,
                                   replace_older=replace_older)
        # --into backs the master up before rewriting it; here the master is our copy of base, which stays as it was.
        if collection.backup is not None:
            collection.backup.unlink(missing_ok=True)
            collection.backup = None
    target = FileRun(merged, output_dir, ledger_path=ledger_path, pending=collection.pending())
    target.earlier = earlier  # found before collecting: the new merged workbook's own results are among them
    result = run(target, now, generated_at, progress)
    progress("回头看：正在生成退回修改意见…")
    returned = round_feedback(merged, output_dir, result.checked, by, now, ledger_path)
    return RoundResult(collection, result, returned, plain if merged != plain else None)


def is_round_master(checked: Checked) -> bool:
    """A workbook collect merged (it has the 回收情况 sheet): `run` on it is a round, with its 退回修改 files."""
    from xladdin.spec import form

    return form.COLLECTION_SHEET in checked.data.sheet_names


def round_feedback(merged: Path, output_dir: Path, checked: Checked, by: date | None = None,
                   now: datetime | None = None, ledger_path: Path | None = None) -> RoundFeedback:
    """This round's 退回修改 files in output_dir/退回修改, and only them.

    The files an earlier round left there are moved into its 备份 subfolder first (all of them, also
    those of branches that need none now), so the office cannot send out a stale one; nothing is deleted.
    by before now's day (default today) is refused before anything is moved (refuse_past_deadline).
    """
    from xladdin.marks.feedback import branches_to_return
    from xladdin.xlsx.stamp import untouched_output

    refuse_past_deadline(by, now.date() if now else None)
    folder = Path(output_dir) / FEEDBACK_FOLDER
    out = RoundFeedback()
    old = retire_feedback(folder)
    out.retired = [new for _, new in old]
    out.retired_replies = [new for _, new in old if untouched_output(new) != "feedback"]
    if branches_to_return(checked.report):
        folder.mkdir(parents=True, exist_ok=True)
        # The 整改台账 the summary read (given, or the one beside the merged workbook) also goes into each file.
        out.files = feedback_files(merged, folder, by, checked=checked,
                                   ledger_path=ledger_path or ledger_beside(merged), as_of=now.date() if now else None)
        out.folder = folder
    return out


def retire_feedback(folder: Path, now: datetime | None = None) -> list[tuple[Path, Path]]:
    """Move the 退回修改 files in folder into folder/备份, named as xlsx.write names backups: (was, now) for each.

    now: when they are moved (default: now), not the report's date. Only files named as feedback
    names them; whatever else the office keeps there stays. Any of them open in Excel, WPS or
    LibreOffice stops it before one is moved. Lock files (~$…, .~lock.…#) are no 退回修改 files: left where they are.
    """
    from xladdin.marks.feedback import FILE_SUFFIX
    from xladdin.xlsx.write import check_target, is_lock_file, retire

    if not folder.is_dir():
        return []
    old = sorted(p for p in folder.iterdir()
                 if p.is_file() and p.name.endswith(FILE_SUFFIX) and not is_lock_file(p))
    for path in old:
        check_target(path)  # open elsewhere: say so, and move nothing
    return [(path, retire(path, folder / BACKUP_FOLDER, now)) for path in old]  # named by when moved, not the report's date


def refuse_missing(inputs: list[Path]) -> None:
    """A file or inbox folder that is not there, said before any folder is made: 找不到文件夹“收伴”, with a near name.

    The entry points call it before they make anything; collect_files and run_round call it too.
    """
    from xladdin.xlsx.package import missing_path

    for given in map(Path, inputs):
        if not given.exists():
            raise missing_path(given)


def refuse_output_in_inbox(inputs: list[Path], output_dir: Path) -> None:
    """Outputs written into the inbox would be collected next time as if a branch had sent them."""
    from xladdin.errors import UserError

    out = output_dir.resolve()
    for given in map(Path, inputs):
        if given.is_dir() and out.is_relative_to(given.resolve()):
            raise UserError("run-output-in-inbox", output=output_dir, inbox=given)


def ledger_file(source: Path, target: Path, old: Path | None = None, as_of: date | None = None,
                force: bool = False, same_round: bool | None = None) -> LedgerResult:
    """Check the round's workbook at source and write the 整改台账 to target, built new or carried on from old.

    Without old, an existing ledger at target is the old one: it is updated in place. Updating in
    place always backs the old file up first; another existing ledger at target needs force (and is
    backed up too). An existing file that is no ledger is never written over, even with force.
    same_round: --same-round (True) or --new-round (False); None lets the ledger tell a re-run from a new round.
    """
    from xladdin.errors import UserError
    from xladdin.ledger.files import is_ledger, open_ledger, write_ledger_file
    from xladdin.xlsx.write import backup, check_target, make_room, refuse_same_file, same_file

    source, target = Path(source), Path(target)
    refuse_same_file(source, target)
    check_target(target)
    target_is_ledger = target.exists() and is_ledger(target)
    if target.exists() and not target_is_ledger:  # a summary or a form named by mistake: --force does not help
        from xladdin.spec.ledger import KEY_HEADERS

        raise UserError("ledger-target-not-ledger", name=target.name, headers="、".join(KEY_HEADERS))
    if old is None and target_is_ledger:
        old = target
    if same_round and old is None:
        raise UserError("ledger-same-round-new", name=target.name)
    in_place = old is not None and same_file(Path(old), target)
    saved = None if in_place else make_room(target, force)
    if old is not None:
        open_ledger(Path(old))  # a file that is no ledger is refused before anything is written
    checked = check_file(source)
    if in_place:
        saved = backup(target)
    result = write_ledger_file(checked.data, checked.report, source, target, old, as_of or date.today(), same_round)
    result.backup = saved
    return result
