"""The office's e-mail round: split the template out, collect what comes back, return feedback, keep the ledger."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for annotations: importing them here would load pandas and matplotlib
    from xladdin.forms.collect import Collection
    from xladdin.forms.split import SplitResult
    from xladdin.ledger.files import LedgerResult

from xladdin.jobs.files import Checked, Progress, _quiet, check_file, ledger_beside, ledger_view
from xladdin.jobs.running import FileRun, RunResult, run

# ---- 退回修改: one file per branch ------------------------------------------------


def feedback_files(source: Path, output_dir: Path, by: date | None = None, everyone: bool = False,
                   force: bool = False, checked: Checked | None = None, ledger_path: Path | None = None,
                   as_of: date | None = None) -> list:
    """A 退回修改意见 file for each branch with an error (everyone: every branch) in output_dir.

    An existing file of that name is refused unless force, and then backed up first.
    ledger_path: a 整改台账 (only read); each file then lists the branch's items not yet signed off,
    their status (未到期 / 已逾期) judged on as_of (default today).
    Returns the FeedbackFile records, in the workbook's order.
    """
    from xladdin.errors import UserError
    from xladdin.marks.feedback import branches_to_return, feedback_name, write_feedback
    from xladdin.xlsx.stamp import untouched_output
    from xladdin.xlsx.write import check_target, make_room

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
        saved = make_room(target, force)
        items = None if ledger is None else [i for i in ledger.items if i.sheet == sheet and i.status != CLOSED]
        written.append(write_feedback(source, target, checked.data, checked.report, sheet, by, replace=True,
                                      items=items))
        if target in replies:
            written[-1] = replace(written[-1], replaced_reply=saved)
    return written


# ---- the office's loop: send out, collect ------------------------------------


def split_file(source: Path, output_dir: Path, force: bool = False) -> SplitResult:
    """One file per listed branch into output_dir (huitoukan split)."""
    from xladdin.forms.split import split_workbook

    return split_workbook(Path(source), Path(output_dir), force)


def collect_files(inputs: list[Path], output: Path | None = None, into: Path | None = None, replace: bool = False,
                  now: datetime | None = None, labels: Mapping[Path, str] | None = None,
                  progress: Callable[[int, int], None] | None = None) -> Collection:
    """The returned files under inputs, merged into output or into the master `into` (huitoukan collect).

    replace: output may exist (the caller made room for it: xlsx.write.make_room).
    labels: how the user knows a file stored under another name (the web page's uploads).
    progress: told (files read, files to read) after each file.
    """
    from xladdin.forms.collect import collect

    return collect([Path(p) for p in inputs], output, into, replace, now, labels, progress)


# ---- the round: collect what came back, then run, then return feedback --------------

MERGED_NAME = "回头看填报表_合并.xlsx"
FEEDBACK_FOLDER = "退回修改"


@dataclass
class RoundResult:
    collection: object  # forms.collect.Collection
    run: RunResult
    feedback: list
    feedback_dir: Path | None


def run_round(inputs: list[Path], output_dir: Path, now: datetime | None = None,
              generated_at: datetime | None = None, progress: Progress = _quiet, ledger_path: Path | None = None,
              labels: Mapping[Path, str] | None = None,
              file_progress: Callable[[int, int], None] | None = None, base: Path | None = None) -> RoundResult:
    """`run 收件/ -o 输出/`: collect the returned files into one workbook in output_dir, run on it
    (marked copy, summary workbook, 情况报告), and write each branch with an error its feedback file.

    Nothing in output_dir is replaced: names that are taken get the date and time added.
    ledger_path: a 整改台账 (only read) for the 整改进展 and the feedback files; without it, the one
    beside the merged workbook, as `run` finds it. labels and file_progress: as collect_files.
    base: the previous round's merged workbook (never changed): a copy of it in output_dir is the
    merged workbook, collected into as `collect --into` does, so a branch that did not send again
    keeps its answers (保留上轮) instead of becoming 未报送.
    """
    import shutil

    from xladdin.xlsx.write import free_name

    output_dir = Path(output_dir)
    refuse_output_in_inbox(inputs, output_dir)
    # A base with macros (.xlsm) keeps them, and its suffix with them.
    merged = free_name((output_dir / MERGED_NAME).with_suffix(Path(base).suffix.lower() if base else ".xlsx"))
    progress("回头看：正在收集各支部报回的文件…")
    if base is None:
        collection = collect_files(list(inputs), merged, labels=labels, progress=file_progress)
    else:
        shutil.copyfile(base, merged)
        collection = collect_files(list(inputs), into=merged, labels=labels, progress=file_progress)
        # --into backs the master up before rewriting it; here the master is our copy of base, which stays as it was.
        if collection.backup is not None:
            collection.backup.unlink(missing_ok=True)
            collection.backup = None
    result = run(FileRun(merged, output_dir, ledger_path=ledger_path, pending=collection.pending()), now,
                 generated_at, progress)
    progress("回头看：正在生成退回修改意见…")
    feedback_dir = free_name(output_dir / FEEDBACK_FOLDER) if (output_dir / FEEDBACK_FOLDER).exists() else (
        output_dir / FEEDBACK_FOLDER)
    written = []
    from xladdin.marks.feedback import branches_to_return

    if branches_to_return(result.checked.report):
        feedback_dir.mkdir(parents=True, exist_ok=True)
        # The 整改台账 the summary read (given, or the one beside the merged workbook) also goes into each file.
        written = feedback_files(merged, feedback_dir, checked=result.checked,
                                 ledger_path=ledger_path or ledger_beside(merged), as_of=now.date() if now else None)
    return RoundResult(collection, result, written, feedback_dir if written else None)


def refuse_output_in_inbox(inputs: list[Path], output_dir: Path) -> None:
    """Outputs written into the inbox would be collected next time as if a branch had sent them."""
    from xladdin.errors import UserError

    out = output_dir.resolve()
    for given in map(Path, inputs):
        if given.is_dir() and out.is_relative_to(given.resolve()):
            raise UserError("run-output-in-inbox", output=output_dir, inbox=given)


def ledger_file(source: Path, target: Path, old: Path | None = None, as_of: date | None = None,
                force: bool = False) -> LedgerResult:
    """Check the round's workbook at source and write the 整改台账 to target, built new or carried on from old.

    Without old, an existing ledger at target is the old one: it is updated in place. Updating in
    place always backs the old file up first; another existing ledger at target needs force (and is
    backed up too). An existing file that is no ledger is never written over, even with force.
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
    in_place = old is not None and same_file(Path(old), target)
    saved = None if in_place else make_room(target, force)
    if old is not None:
        open_ledger(Path(old))  # a file that is no ledger is refused before anything is written
    checked = check_file(source)
    if in_place:
        saved = backup(target)
    result = write_ledger_file(checked.data, checked.report, source, target, old, as_of or date.today())
    result.backup = saved
    return result
