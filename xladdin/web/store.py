"""Jobs: one per upload, run file by file in worker processes, kept for download until they expire.

Worker processes, not threads: the checks and charts are CPU work (the GIL would
serialise threads), matplotlib's style context is process-global, and a worker
that dies takes only its own file down. Each job lives in its own folder under
the server's temporary root: ``in/`` holds the upload and is removed as soon as
the last file is done (kept, until the job expires, by a round that refused a branch's
older file: the page's 以此文件为准 runs it again, JobStore.rerun); ``out/`` holds the
results until the job expires.

Several files in the office's form are one round: a single task in one worker
(collect, check, write), which reports its stages through ``progress.json`` in the
job's folder (xladdin.web.progress).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from xladdin.web import jobs_adapter
from xladdin.web.outcome import FileOutcome
from xladdin.web.progress import read_progress
from xladdin.web.round_outcome import RoundOutcome
from xladdin.web.upload import Upload, UploadedFile

QUEUED, RUNNING, FINISHED = "queued", "running", "finished"
LONGEST_JOB = 3600.0  # seconds; 300 files take minutes, so a job still running after this is stuck


@dataclass
class Job:
    id: str
    mode: str
    folder: Path
    names: list[str] = field(default_factory=list)  # display names, in upload order
    outcomes: dict[int, FileOutcome] = field(default_factory=dict)
    created: float = field(default_factory=time.monotonic)
    expires: float | None = None  # set when the last file is done
    branch: str = ""  # the self-check's chosen branch, as the form sent it
    report_date: date | None = None  # the office's 报告日期 (None: the day it ran)
    reply_by: date | None = None  # the office's 报回期限 for a round's feedback files
    zip_lock: threading.Lock = field(default_factory=threading.Lock)
    is_round: bool = False  # several files in the office's form: one task that collects them
    round: RoundOutcome | None = None  # the round's outcome, once done
    work: int = 0  # a finished round: the steps its progress bar counted, so the bar ends full, never shorter
    asked_date: datetime | None = None  # the 报告日期 as the form gave it, for a round run again
    uploads: list = field(default_factory=list)  # the UploadedFile values, for a round run again
    replace: tuple[str, ...] = ()  # branches (short names) whose file this round takes even when older

    def offers(self) -> set[str]:
        """The branches whose file a finished round refused as older than the base: the page may take them."""
        c = self.round.collection if self.round is not None else None
        return {b.short for b in c.branches if b.older} if c is not None and self.round.run is not None else set()

    @property
    def progress_file(self) -> Path:
        return self.folder / "progress.json"

    @property
    def inbox(self) -> Path:
        return self.folder / "in"

    @property
    def outbox(self) -> Path:
        return self.folder / "out"

    @property
    def total(self) -> int:
        return len(self.names)

    @property
    def done(self) -> int:
        return len(self.outcomes)

    @property
    def state(self) -> str:
        return self.status()[0]

    def progress(self) -> tuple[int, int, str]:
        """(done, total, what is happening), for the page's progress bar and line."""
        return self.status()[1:]

    def status(self) -> tuple[str, int, int, str]:
        """(state, done, total, what is happening), read at one moment: what the page answers in one reply.

        The job finishes in another thread (JobStore._finish) while the page asks, so the state and the
        counts must come from one reading, or a reply could say 已完成 beside a bar that is not full. A
        round's progress file is read before the end is looked at: _finish marks the job finished before it
        removes the file, so a missing file is either not yet written (排队) or the job is finished, never a
        running round sent back to the queue with its bar at zero.
        """
        told = read_progress(self.progress_file) if self.is_round else None
        done = self.done
        if self.expires is not None:
            last = max(self.work, self.total)
            return FINISHED, last, last, "已完成"
        if not self.is_round:
            return (RUNNING if done else QUEUED), done, self.total, f"正在校验：已完成 {done} / {self.total} 个文件"
        if told is None:
            return QUEUED, 0, 1, f"已收到 {self.total} 个文件，正在排队等待处理…"
        return RUNNING, told["done"], told["total"], told["stage"]

    def ordered(self) -> list[FileOutcome]:
        return [self.outcomes[i] for i in sorted(self.outcomes)]


class JobStore:
    def __init__(self, root: Path | None = None, workers: int = 2, ttl: float = 2 * 3600,
                 max_active: int = 40) -> None:
        self.root = Path(root) if root else Path(tempfile.mkdtemp(prefix="huitoukan-web-"))
        self.root.mkdir(parents=True, exist_ok=True)
        self.ttl = ttl
        self.max_active = max_active
        self.workers = workers
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    # ---- the worker processes --------------------------------------------------------------

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn, not fork: the server has threads, and a forked copy of their locks can deadlock.
                self._pool = ProcessPoolExecutor(self.workers, multiprocessing.get_context("spawn"),
                                                 initializer=jobs_adapter.warm_up)
            return self._pool

    def _replace_broken_pool(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                self._pool = None
        broken.shutdown(wait=False, cancel_futures=True)

    def warm_up(self) -> None:
        """Start the workers now, so the first user does not wait for them."""
        for _ in range(self.workers):
            self._executor().submit(time.sleep, 0)

    # ---- jobs --------------------------------------------------------------------------------

    def busy(self) -> bool:
        with self._lock:
            return sum(job.expires is None for job in self._jobs.values()) >= self.max_active

    def new_job(self, mode: str) -> Job:
        job_id = secrets.token_urlsafe(18)  # the only key to a job's results: unguessable
        job = Job(job_id, mode, self.root / job_id)
        job.inbox.mkdir(parents=True)
        job.outbox.mkdir()
        return job

    def discard(self, job: Job) -> None:
        """An upload that never became a job: nothing of it stays on disk."""
        shutil.rmtree(job.folder, ignore_errors=True)

    def start(self, job: Job, upload: Upload, report_date: datetime | None = None, reply_by: date | None = None,
              replace: tuple[str, ...] = ()) -> None:
        """reply_by: the 报回期限 in the feedback files of a round, or of one merged workbook (others get none).

        replace: a round's branches whose file replaces the base's answers even when older (rerun).
        """
        job.names = [f.display_name for f in upload.files]
        job.asked_date, job.uploads, job.replace = report_date, list(upload.files), tuple(sorted(set(replace)))
        job.report_date = (report_date or datetime.now()).date() if job.mode == jobs_adapter.OFFICE else None
        job.reply_by = reply_by
        job.is_round = job.mode == jobs_adapter.OFFICE and len(upload.files) > 1
        with self._lock:
            self._jobs[job.id] = job
        if job.is_round:
            paths = [f.path for f in upload.files]
            self._submit(job, (jobs_adapter.run_round_files, paths, job.names, job.outbox, job.progress_file,
                               report_date, reply_by, job.replace),
                         lambda result: self._record_round(job, result),
                         lambda: RoundOutcome(job.names, refused=ROUND_WORKER_GONE))
            return
        for n, item in enumerate(upload.files, start=1):
            self._submit(job, (jobs_adapter.run_file, item.path, job.outbox, n, item.display_name, job.mode,
                               report_date, reply_by),
                         lambda outcome: self._record(job, outcome),
                         lambda n=n, name=item.display_name: FileOutcome(n, name, refused=WORKER_GONE.format(name=name)))

    def _submit(self, job: Job, call: tuple, record: Callable[[object], None], gone: Callable[[], object]) -> None:
        """Run call in a worker; record its result, or what gone() says when the worker could not give one."""
        for _attempt in range(2):
            pool = self._executor()
            try:
                future = pool.submit(*call)
            except (BrokenProcessPool, RuntimeError):
                self._replace_broken_pool(pool)
                continue
            future.add_done_callback(lambda fut, pool=pool: self._finish_task(fut, pool, record, gone))
            return
        record(gone())

    def _finish_task(self, future: Future, pool: ProcessPoolExecutor, record: Callable[[object], None],
                     gone: Callable[[], object]) -> None:
        try:
            result = future.result()
        except BrokenProcessPool:
            self._replace_broken_pool(pool)
            result = gone()
        except BaseException:  # cancelled at shutdown, or a result that could not come back
            result = gone()
        record(result)

    def _record(self, job: Job, outcome: FileOutcome) -> None:
        with self._lock:
            job.outcomes[outcome.index] = outcome
            last = job.done == job.total
        if last:
            self._finish(job)

    def _record_round(self, job: Job, outcome: RoundOutcome) -> None:
        with self._lock:
            job.round = outcome
            if outcome.run is not None:  # its downloads go through the per-file routes
                job.outcomes[outcome.run.index] = outcome.run
        self._finish(job)

    def _finish(self, job: Job) -> None:
        # The upload is no longer needed once every file is done; only the results stay. A round that
        # refused a branch's older file keeps it, until the job expires, for the page's 以此文件为准 (rerun).
        if not job.offers():
            shutil.rmtree(job.inbox, ignore_errors=True)
        told = read_progress(job.progress_file)
        job.work = told["total"] if told else 0
        # Finished before the progress file goes (Job.status): a poll in between must not read 排队.
        job.expires = time.monotonic() + self.ttl
        job.progress_file.unlink(missing_ok=True)

    def rerun(self, job: Job, taken: set[str]) -> Job:
        """The finished round again, from the same uploads, as a new job taking taken's files even when older."""
        again = self.new_job(job.mode)
        try:
            files = [UploadedFile(f.display_name, again.inbox / f.path.name, f.size) for f in job.uploads]
            for old, new in zip(job.uploads, files, strict=True):
                shutil.copyfile(old.path, new.path)  # our generated names: nothing the user named becomes a path
        except OSError:
            self.discard(again)
            raise
        self.start(again, Upload(files), job.asked_date, job.reply_by, (*job.replace, *taken))
        return again

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def sweep(self, now: float | None = None) -> int:
        """Remove the folders of expired (or stuck) jobs; how many went."""
        now = time.monotonic() if now is None else now
        with self._lock:
            # A job that never finishes (a worker stuck on one file) goes too, once results would have expired.
            expired = [j for j in self._jobs.values()
                       if (j.expires if j.expires is not None else j.created + max(self.ttl, LONGEST_JOB)) <= now]
        gone = 0
        for job in expired:
            shutil.rmtree(job.folder, ignore_errors=True)
            if not job.folder.exists():  # a file still open for download is retried next sweep
                with self._lock:
                    self._jobs.pop(job.id, None)
                gone += 1
        return gone

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        with contextlib.suppress(OSError):
            shutil.rmtree(self.root)


WORKER_GONE = "处理“{name}”时工作进程意外退出（可能文件过大或已损坏），未能完成校验。请检查该文件后单独重新上传。"
ROUND_WORKER_GONE = "处理这批文件时工作进程意外退出（可能某个文件过大或已损坏），未能完成。请检查这些文件后重新上传，或分批上传。"
