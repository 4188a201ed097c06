"""Jobs: one per upload, run file by file in worker processes, kept for download until they expire.

Worker processes, not threads: the checks and charts are CPU work (the GIL would
serialise threads), matplotlib's style context is process-global, and a worker
that dies takes only its own file down. Each job lives in its own folder under
the server's temporary root: ``in/`` holds the upload and is removed as soon as
the last file is done; ``out/`` holds the results until the job expires.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import secrets
import shutil
import tempfile
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from xladdin.web import jobs_adapter
from xladdin.web.outcome import FileOutcome
from xladdin.web.upload import Upload

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
    zip_lock: threading.Lock = field(default_factory=threading.Lock)

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
        if self.expires is not None:
            return FINISHED
        return RUNNING if self.outcomes else QUEUED

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

    def start(self, job: Job, upload: Upload, report_date: datetime | None = None) -> None:
        job.names = [f.display_name for f in upload.files]
        with self._lock:
            self._jobs[job.id] = job
        for n, item in enumerate(upload.files, start=1):
            self._submit(job, n, item.path, item.display_name, report_date)

    def _submit(self, job: Job, index: int, path: Path, name: str, report_date: datetime | None) -> None:
        for _attempt in range(2):
            pool = self._executor()
            try:
                future = pool.submit(jobs_adapter.run_file, path, job.outbox, index, name, job.mode, report_date)
            except (BrokenProcessPool, RuntimeError):
                self._replace_broken_pool(pool)
                continue
            future.add_done_callback(lambda fut, pool=pool: self._finish_file(job, index, name, fut, pool))
            return
        self._record(job, FileOutcome(index, name, refused=WORKER_GONE.format(name=name)))

    def _finish_file(self, job: Job, index: int, name: str, future: Future, pool: ProcessPoolExecutor) -> None:
        try:
            outcome = future.result()
        except BrokenProcessPool:
            self._replace_broken_pool(pool)
            outcome = FileOutcome(index, name, refused=WORKER_GONE.format(name=name))
        except BaseException:  # cancelled at shutdown, or a result that could not come back
            outcome = FileOutcome(index, name, refused=WORKER_GONE.format(name=name))
        self._record(job, outcome)

    def _record(self, job: Job, outcome: FileOutcome) -> None:
        with self._lock:
            job.outcomes[outcome.index] = outcome
            last = job.done == job.total
        if last:
            # The upload is no longer needed once every file is done; only the results stay.
            shutil.rmtree(job.inbox, ignore_errors=True)
            job.expires = time.monotonic() + self.ttl

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
