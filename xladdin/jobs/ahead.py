"""Work started ahead in a forked child process, so that a heavy import overlaps this process's own work.

`run` draws two charts and renders a Word report. Importing matplotlib for the
charts costs about as much as the check, the summary tables and the imports of
pandas and openpyxl together; in a child forked at the start, the charts are
drawn while this process builds the tables and lays the workbooks out, and
both CPU cores work (xladdin.jobs.charts).

The child only computes: it writes no file and prints nothing of its own. It
takes requests one after another and answers each in turn, pickled through a
pipe. Whatever goes wrong in it (it dies, hangs up, or fails with anything but
a user's mistake) makes the caller do the same work itself, so the results
never depend on the child.

Forking is used only where it is safe and cheap: on Linux (so never for Excel on
Windows), in a process that runs a single thread (a threaded server or a web
worker that has started its queue threads does not fork), and not when the
environment sets HUITOUKAN_NO_FORK.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pickle
import select
import signal
import struct
import sys
import threading
from collections.abc import Callable
from typing import Any

from xladdin.errors import UserError

NO_FORK_VAR = "HUITOUKAN_NO_FORK"


def can_fork() -> bool:
    return (sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1
            and not os.environ.get(NO_FORK_VAR))


class Ahead:
    """A child that runs prepare() at once, then work(request) for each request submitted, in order.

    Use as a context manager: leaving it stops the child, answered or not.
    Without fork (can_fork() false) each request is worked here, when its result() is asked.
    """

    _serials = itertools.count(1)

    def __init__(self, prepare: Callable[[], object], work: Callable[[Any], Any],
                 idle: Callable[[], object] | None = None) -> None:
        """idle: what the child does after prepare() if no request is waiting yet (loading what a later
        request will need); never done when a request is already there, and never here."""
        self._prepare, self._work, self._idle = prepare, work, idle
        self.serial = next(self._serials)  # tells this job's requests from an earlier one's, in work's memory
        self._pid: int | None = None
        self._to_child = self._from_child = -1
        self._writer: threading.Thread | None = None
        self._asked: list[Pending] = []  # submitted, in order
        self._answered = 0  # how many of them the child has answered
        self._prepared = False
        if can_fork():
            try:
                self._start()
            except OSError:  # no more processes or file handles, or fork forbidden here: do the work here
                self._pid = None

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def _start(self) -> None:
        down_r, down_w = os.pipe()
        try:
            up_r, up_w = os.pipe()
        except OSError:
            os.close(down_r)
            os.close(down_w)
            raise
        # Empty buffers at the fork: a warning the child prints comes out alone, not after a copy of ours.
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None under pythonw
                stream.flush()
        try:
            pid = os.fork()
        except OSError:
            for fd in (down_r, down_w, up_r, up_w):
                os.close(fd)
            raise
        if pid == 0:  # the child: never returns into the caller's code
            status = 1
            try:
                os.close(down_w)
                os.close(up_r)
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the parent, which stops the child
                _child(self._prepare, self._work, self._idle, down_r, up_w)
                status = 0
            finally:
                os._exit(status)
        os.close(down_r)
        os.close(up_w)
        self._pid, self._to_child, self._from_child = pid, down_w, up_r

    def call(self, request: Any) -> Any:
        """work(request): from the child when there is one, else (or when it fails) here."""
        return self.submit(request).result()

    def submit(self, request: Any) -> Pending:
        """Hand the child a request and go on; the Pending's result() waits for the answer."""
        pending = Pending(self, request)
        self._asked.append(pending)
        if self._pid is not None:
            frame = _frame(pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
            # The child may still be importing: a writer thread keeps a large request from stalling us,
            # and each writer waits for the one before it, so the requests arrive whole and in order.
            self._writer = threading.Thread(target=_send, args=(self._to_child, frame, self._writer), daemon=True)
            self._writer.start()
        return pending

    def _answer(self, pending: Pending) -> Any:
        """The child's answers, read in order up to this one's; any failure of the child is redone here."""
        while self._pid is not None and not pending.done:
            earlier = self._asked[self._answered]
            frame = _receive_frame(self._from_child)
            self._answered += 1
            try:
                earlier.outcome = pickle.loads(frame) if frame is not None else None
            except Exception:  # half an answer
                earlier.outcome = None
            if earlier.outcome is None:
                self.close()  # the child died: what it has not answered is done here
        if not pending.done:
            pending.outcome = ("here", None)
        outcome, value = pending.outcome
        if outcome == "ok":
            return value
        if outcome == "error" and isinstance(value, UserError):
            raise value  # the user's mistake (no font that draws Chinese): the same message as here
        return self._here(pending.request)  # our own failure, or no child: done here, a bug with its traceback

    def _here(self, request: Any) -> Any:
        if not self._prepared:
            self._prepare()
            self._prepared = True
        return self._work(request)

    def close(self) -> None:
        if self._pid is not None:
            pid, self._pid = self._pid, None
            with contextlib.suppress(ChildProcessError):
                # Still importing or working when its answers are no longer wanted (the check failed):
                # stop it now, not when it is done.
                done, _ = os.waitpid(pid, os.WNOHANG)
                if not done:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
        if self._writer is not None:
            self._writer.join()  # the child is gone: a write it blocked ends with EPIPE
            self._writer = None
        for fd in (self._to_child, self._from_child):  # closed last: no writer may hold a reused number
            if fd >= 0:
                os.close(fd)
        self._to_child = self._from_child = -1
        for pending in self._asked[self._answered:]:
            if pending.outcome is None:
                pending.outcome = ("here", None)

    def __enter__(self) -> Ahead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Pending:
    """One submitted request; result() is its answer (asked once, kept)."""

    def __init__(self, ahead: Ahead, request: Any) -> None:
        self._ahead, self.request = ahead, request
        self.outcome: tuple[str, Any] | None = None
        self._value: Any = None
        self._has_value = False

    @property
    def done(self) -> bool:
        return self.outcome is not None

    def result(self) -> Any:
        if not self._has_value:
            self._value, self._has_value = self._ahead._answer(self), True
        return self._value


def _child(prepare: Callable[[], object], work: Callable[[Any], Any], idle: Callable[[], object] | None,
           down: int, up: int) -> None:
    ready: BaseException | None = None
    try:
        prepare()
        if idle is not None and not select.select([down], [], [], 0)[0]:
            idle()
    except BaseException as exc:  # said in answer to the first request
        ready = exc
    while (request := _receive_frame(down)) is not None:
        try:
            if ready is not None:
                raise ready
            answer = ("ok", work(pickle.loads(request)))
        except BaseException as exc:  # every failure goes back to the parent, which decides
            answer = ("error", exc)
        try:
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            data = pickle.dumps(("error", None))
        if not _write_all(up, _frame(data)):
            return  # the parent is gone


def _frame(data: bytes) -> bytes:
    return struct.pack(">Q", len(data)) + data


def _send(fd: int, frame: bytes, before: threading.Thread | None) -> None:
    if before is not None:
        before.join()
    _write_all(fd, frame)


def _write_all(fd: int, data: bytes) -> bool:
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view):]
    except OSError:
        return False  # the other side is gone; it does without
    return True


def _receive_frame(fd: int) -> bytes | None:
    """One frame's bytes, or None at the end of the pipe or on a short read (the writer died)."""
    head = _read_exactly(fd, 8)
    if head is None:
        return None
    return _read_exactly(fd, struct.unpack(">Q", head)[0])


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        try:
            chunk = os.read(fd, min(left, 1 << 20))
        except OSError:
            return None
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
