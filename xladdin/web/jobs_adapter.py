"""The one place where the page calls the jobs; it runs inside a worker process.

One uploaded file: what `huitoukan run` does, through xladdin.jobs, with a RunTarget that
writes under our own generated names and names the user's file in the summary; a merged
workbook (with its 回收情况 sheet) also gets its 退回修改意见, as `run 合并.xlsx` does. Several
files: a round, what `huitoukan run 收件/` does (collect, run on the merged workbook,
feedback files), with the user's names given to collect and any 整改台账 among the files
passed as the ledger. The page only reads the FileOutcome and RoundOutcome values returned.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from xladdin.errors import UserError
from xladdin.jobs import FileRun
from xladdin.spec import web_text as words
from xladdin.web.outcome import FEEDBACK, MARKED, MERGED, REPORT, SUMMARY, FileOutcome, unique_names
from xladdin.web.round_outcome import CollectionOutcome, RoundOutcome, UnusedFile

OFFICE = "office"  # check, marked copy with the 汇总 sheet, summary workbook, 情况报告
SELF_CHECK = "self"  # one branch checks its own file: check and marked copy only
MODES = (OFFICE, SELF_CHECK)
Progress = Callable[[str], None]


@dataclass
class UploadRun(FileRun):
    """A run over one uploaded file: outputs under generated names, the trace naming the user's file."""

    index: int = 0
    display_name: str = ""
    marked_path: Path = field(init=False)
    summary_path: Path = field(init=False)
    report_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.marked_path = self.output_dir / f"{MARKED}-{self.index:03d}{self.source.suffix}"
        self.summary_path = self.output_dir / f"{SUMMARY}-{self.index:03d}.xlsx"
        self.report_path = self.output_dir / f"{REPORT}-{self.index:03d}.docx"

    def trace(self, checked):
        _, digest, label = super().trace(checked)
        return self.display_name, digest, label


def run_file(source: Path, outdir: Path, index: int, display_name: str, mode: str = OFFICE,
             report_date: datetime | None = None, reply_by: date | None = None) -> FileOutcome:
    """Check source (our generated name) and write its outputs into outdir; never raises.

    A user's mistake comes back as the same Chinese refusal the command line prints, naming
    the file as the user knows it; a bug is logged with its traceback, as the command line does.
    reply_by: the 报回期限 of the feedback files a merged workbook gets.
    """
    return _run_file(Path(source), Path(outdir), index, display_name, mode, report_date, reply_by=reply_by)[0]


def _run_file(source: Path, outdir: Path, index: int, display_name: str, mode: str, report_date: datetime | None,
              ledger: Path | None = None, progress: Progress | None = None, reply_by: date | None = None):
    """run_file's work; also the jobs' RunResult (None for a self-check or a refusal), for the ledger it used.

    ledger: a 整改台账 (only read) for the summary's 整改进展; progress: told each stage's line.
    """
    from xladdin.spec.audience import WEB, audience

    started = time.perf_counter()
    outcome = FileOutcome(index, display_name)
    result = None
    try:
        with audience(WEB):  # shared messages in the page's words: no commands, options or folders
            refuse_lock_file(display_name)
            target = UploadRun(source, outdir, ledger_path=ledger, index=index, display_name=display_name)
            result = _run(target, outcome, mode, report_date, progress, reply_by)
    except UserError as exc:
        outcome.refused = str(exc).replace(source.name, display_name)
    except Exception:  # the page's last line of defence, like the command line's
        outcome.refused = bug_line(words.BUG_FILE.format(name=display_name))
    if outcome.refused:
        outcome.branches, outcome.findings, outcome.outputs, result = [], [], {}, None
    outcome.seconds = time.perf_counter() - started
    return outcome, result


def bug_line(what: str) -> str:
    """A bug: its traceback to the log, and one line for the page naming the time, never the log's path."""
    from xladdin.logs import log_exception

    log_exception()
    return words.BUG.format(what=what, time=datetime.now().strftime("%Y-%m-%d %H:%M"))


def refuse_lock_file(name: str) -> None:
    # The stored copy has our own name, so the reader cannot see the user's lock-file prefix.
    from xladdin.xlsx.write import lock_prefix

    if prefix := lock_prefix(name):
        raise UserError("lock-file", name=name, prefix=prefix)


def _run(target: UploadRun, outcome: FileOutcome, mode: str, report_date: datetime | None,
         progress: Progress | None = None, reply_by: date | None = None):
    """Fill outcome; returns the jobs' RunResult (None for a self-check).

    A merged workbook (a round's master, with its 回收情况 sheet) also gets this round's 退回修改意见,
    as `run 合并.xlsx` writes them (jobs.round.round_feedback), with reply_by as their 报回期限.
    """
    from xladdin import jobs
    from xladdin.jobs.round import is_round_master, round_feedback
    from xladdin.marks.xlsx import marked_copy_warnings

    def record(checked) -> None:
        record_check(outcome, checked)
        outcome.notes = [note.replace(target.source.name, outcome.display_name)
                         for note in (*checked.data.notes, *marked_copy_warnings(target.source, target.marked_path))]

    if mode == SELF_CHECK:
        checked = jobs.check_file(target.source)
        record(checked)
        jobs.mark_file(target.source, target.marked_path, *checked)
        outcome.outputs = {MARKED: target.marked_path.name}
        return None
    result = jobs.run(target, now=report_date, progress=progress or _quiet)
    record(result.checked)
    outcome.notes += jobs.default_org_notes(result.checked.report)  # the summary and report it wrote are signed so
    outcome.outputs = {MARKED: target.marked_path.name, SUMMARY: result.exported.name, REPORT: result.report.name}
    if is_round_master(result.checked):
        outcome.round_master = True
        (progress or _quiet)("回头看：正在生成退回修改意见…")
        returned = round_feedback(target.source, target.output_dir, result.checked, reply_by, report_date,
                                  target.ledger_path)
        _feedback_outputs(outcome, returned.files, target.output_dir)
    return result


def _feedback_outputs(outcome: FileOutcome, files: list, outdir: Path) -> None:
    """The feedback files written under outdir: listed on outcome, and zipped for its download."""
    if files:
        outcome.feedback = [(f.path.name, f.path.relative_to(outdir).as_posix()) for f in files]
        outcome.outputs[FEEDBACK] = _zip(outdir / "feedback.zip", [(outdir / stored, name)
                                                                   for name, stored in outcome.feedback])


def record_check(outcome: FileOutcome, checked) -> None:
    from xladdin.web.collected import branch_rows, finding_rows

    outcome.branches = branch_rows(checked.report)
    outcome.findings = finding_rows(checked.report, checked.data)


def _quiet(_line: str) -> None:
    pass


# ---- several files: a round ---------------------------------------------------------------

ONLY_LEDGERS = "只收到整改台账“{name}”，没有支部报回的填报表。请把各支部报回的文件（或合并后的工作簿）与台账一起拖入。"
SECOND_LEDGER = "收到 {count} 个整改台账，只采用了“{used}”；{others}未使用。请一次只拖入一个整改台账。"
MANY_BASES = ("收到 {count} 个合并工作簿（含“回收情况”表）：{names}。只能以一个上轮合并工作簿为底稿："
              "请只拖入最近一次的合并工作簿，连同本轮报回的文件重新上传。")
BASE_USED = "以上轮合并工作簿“{name}”为底稿：本轮未报回的支部保留上轮内容。"
ONE_BOOK_STAGES = 5  # check, charts, marked copy, summary workbook, 情况报告


def run_round_files(sources: list[Path], names: list[str], outdir: Path, progress_path: Path,
                    report_date: datetime | None = None, reply_by: date | None = None,
                    replace: Sequence[str] = ()) -> RoundOutcome:
    """Several uploads (our stored names, and the user's names in the same order): a round; never raises.

    Any 整改台账 among them is the round's ledger (read only, never an output). A previous round's
    merged workbook (with its 回收情况 sheet) is the base the others are collected into, as
    `collect --into` does; only one may come. One workbook besides the ledger is checked on its own,
    as a single upload is; several are collected (jobs.run_round) into one merged workbook first.
    Stages go to progress_path as they pass. reply_by: the 报回期限 written into each feedback file,
    as `feedback --by` writes it. replace: short names of branches whose file this round replaces the
    base's answers even when older (the result page's 以此文件为准 button; collect --replace).
    """
    from xladdin.spec.audience import WEB, audience

    with audience(WEB):  # shared messages in the page's words: no commands, options or folders
        return _round_files(sources, names, outdir, progress_path, report_date, reply_by, replace)


def _round_files(sources: list[Path], names: list[str], outdir: Path, progress_path: Path,
                 report_date: datetime | None, reply_by: date | None, replace: Sequence[str] = ()) -> RoundOutcome:
    from xladdin.web.collected import Unmask, sort_uploads
    from xladdin.web.progress import ProgressFile

    started = time.perf_counter()
    sources = [Path(s) for s in sources]
    named = dict(zip(sources, unique_names(names), strict=True))
    unmask = Unmask({path.name: name for path, name in named.items()})
    outcome = RoundOutcome(list(names), replaced=list(replace))
    base = None
    try:
        ProgressFile(progress_path, len(sources)).show("正在识别整改台账和上轮合并工作簿…")
        ledgers, bases, books = sort_uploads(sources)
        ledger = ledgers[0] if ledgers else None
        if len(ledgers) > 1:
            outcome.notes.append(SECOND_LEDGER.format(count=len(ledgers), used=named[ledgers[0]], others="、".join(
                f"“{named[p]}”" for p in ledgers[1:])))
        if len(bases) == 1 and not books:  # the merged workbook alone (with a ledger): checked as one workbook
            books, bases = bases, []
        if len(bases) > 1:
            outcome.refused = MANY_BASES.format(count=len(bases), names="、".join(f"“{named[p]}”" for p in bases))
        elif not books:
            outcome.refused = ONLY_LEDGERS.format(name=named[ledgers[0]])
        elif len(books) == 1 and not bases:
            progress = ProgressFile(progress_path, 0, ONE_BOOK_STAGES)
            outcome.run, result = _run_file(books[0], outdir, 1, named[books[0]], OFFICE, report_date, ledger,
                                            progress.stage, reply_by)
            _ledger_counts(outcome, result, named.get(ledger))
        else:
            base = bases[0] if bases else None
            if base is not None:
                outcome.notes.append(BASE_USED.format(name=named[base]))
            _collect_and_run(outcome, books, named, unmask, outdir, progress_path, report_date, ledger, base,
                             reply_by, replace)
    except UserError as exc:
        unmask = _with_base(unmask, base, named)
        outcome.refused = unmask(str(exc))
        outcome.collection = _nothing_collected(exc, unmask)
    except Exception:  # the page's last line of defence, like the command line's
        outcome.refused = bug_line(words.BUG_ROUND)
    if outcome.refused:
        outcome.run, outcome.ledger = None, None
    outcome.seconds = time.perf_counter() - started
    return outcome


def _with_base(unmask, base: Path | None, named: dict[Path, str]):
    """What collect says of its master (our copy of the base) is about the file the user gave: named so."""
    from xladdin.jobs import MERGED_NAME
    from xladdin.web.collected import Unmask

    if base is None:
        return unmask
    # jobs.run_round's copy of base, in the job's fresh output folder.
    copy = Path(MERGED_NAME).with_suffix(base.suffix.lower()).name
    return Unmask({**unmask.names, copy: named[base]})


def _collect_and_run(outcome: RoundOutcome, books: list[Path], named: dict[Path, str], unmask, outdir: Path,
                     progress_path: Path, report_date: datetime | None, ledger: Path | None,
                     base: Path | None = None, reply_by: date | None = None, replace: Sequence[str] = ()) -> None:
    from xladdin import jobs
    from xladdin.marks.xlsx import marked_copy_warnings
    from xladdin.web.collected import collection_outcome
    from xladdin.web.progress import ProgressFile

    progress = ProgressFile(progress_path, len(books))
    result = jobs.run_round(books, outdir, now=report_date, progress=progress.stage, ledger_path=ledger,
                            labels={p: named[p] for p in books}, file_progress=progress.file_read, base=base,
                            by=reply_by, replace_older=replace)
    outcome.collection = collection_outcome(result.collection, _with_base(unmask, base, named))
    merged, done = result.collection.target, result.run
    run = FileOutcome(1, merged.name, round_master=True)  # the merged workbook, with its 回收情况
    record_check(run, done.checked)
    # Why a branch is 待核实 names its file as stored here: the page names it as the user did.
    for b in run.branches:
        b.pending = unmask(b.pending) if b.pending else b.pending
    for f in run.findings:
        f.message = unmask(f.message) if f.code == "branch-pending" else f.message
    run.notes = [unmask(n) for n in (*done.checked.data.notes, *marked_copy_warnings(merged, done.marked))]
    run.notes += jobs.default_org_notes(done.checked.report)
    run.outputs = {MERGED: merged.name, MARKED: done.marked.name, SUMMARY: done.exported.name,
                   REPORT: done.report.name}
    _feedback_outputs(run, result.feedback, outdir)
    outcome.run = run
    _ledger_counts(outcome, done, named.get(ledger))


def _nothing_collected(exc: UserError, unmask) -> CollectionOutcome | None:
    """No file could be collected: every file's reason, which the one-line refusal gives for the first only."""
    from xladdin.spec.form import template_label

    skipped = getattr(exc, "skipped", None)
    if not skipped:
        return None
    return CollectionOutcome(template_label(), unused=[UnusedFile(s.file, unmask(s.reason)) for s in skipped])


def _ledger_counts(outcome: RoundOutcome, result, name: str | None) -> None:
    from xladdin.web.collected import ledger_outcome

    if result is not None and result.ledger is not None and name:
        outcome.ledger = ledger_outcome(result.ledger, result.checked.report, name)


def _zip(target: Path, entries: list[tuple[Path, str]]) -> str:
    """entries (file, name in the zip) into target; returns target's name. Workbooks are zips: stored, not deflated."""
    import zipfile

    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        for path, name in entries:
            archive.write(path, name)
    return target.name


def warm_up() -> None:
    """Start a worker: leave Ctrl+C to the server, and import the heavy libraries once, not on the first upload."""
    import signal

    # Ctrl+C reaches the whole process group; the server stops its workers itself, in order.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import reports.charts
    import reports.files
    import reports.word_report  # noqa: F401
    import xladdin.marks.xlsx  # noqa: F401
