"""Work started ahead in a forked child process, so that a heavy import overlaps this process's own work.

`run` draws two charts. Importing matplotlib for them costs about as much as
the check, the summary tables and the imports of pandas and openpyxl together;
drawn in a child forked at the start, the charts are ready by the time this
process has built the tables they show, and both CPU cores work.

The child only computes: it writes no file and prints nothing of its own, and
what it returns comes back pickled through a pipe. Whatever goes wrong in it
(it dies, hangs up, or fails with anything but a user's mistake) makes the
caller do the same work itself, so the results never depend on the child.

Forking is used only where it is safe and cheap: on Linux, in a process with a
single thread (never inside the web server or Excel), and not when the
environment sets HUITOUKAN_NO_FORK.
"""

from __future__ import annotations

import os
import pickle
import signal
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
    """A child that runs prepare() at once, then work(argument) when call() sends one.

    Use as a context manager: leaving it stops a child whose answer was never asked for.
    Without fork (can_fork() false) it is a plain in-process call, made when result() is asked.
    """

    def __init__(self, prepare: Callable[[], object], work: Callable[[Any], Any]) -> None:
        self._prepare, self._work = prepare, work
        self._pid: int | None = None
        self._to_child = self._from_child = -1
        self._writer: threading.Thread | None = None
        self._argument: Any = None
        self._value: Any = None
        self._done = False
        if can_fork():
            self._start()

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def _start(self) -> None:
        down_r, down_w = os.pipe()
        up_r, up_w = os.pipe()
        # Empty buffers at the fork: a warning the child prints comes out alone, not after a copy of ours.
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None under pythonw
                stream.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            status = 1
            try:
                os.close(down_w)
                os.close(up_r)
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the parent, which stops the child
                _child(self._prepare, self._work, down_r, up_w)
                status = 0
            finally:
                os._exit(status)
        os.close(down_r)
        os.close(up_w)
        self._pid, self._to_child, self._from_child = pid, down_w, up_r

    def call(self, argument: Any) -> Any:
        """work(argument): from the child when there is one, else (or when it fails) here."""
        self.submit(argument)
        return self.result()

    def submit(self, argument: Any) -> None:
        """Hand the child its argument and go on; result() waits for the answer."""
        self._argument = argument
        if self._pid is None:
            return
        payload = pickle.dumps(argument, protocol=pickle.HIGHEST_PROTOCOL)
        # The child may still be importing: a writer thread keeps a large argument from stalling us.
        self._writer = threading.Thread(target=_send, args=(self._to_child, payload), daemon=True)
        self._writer.start()
        self._to_child = -1  # _send closes it

    def result(self) -> Any:
        """What work(argument) returned (computed once); a UserError in the child is raised here."""
        if not self._done:
            self._value, self._done = self._answer(), True
        return self._value

    def _answer(self) -> Any:
        if self._pid is None:
            return self._here(self._argument)
        answer = _receive(self._from_child)
        if self._writer is not None:
            self._writer.join()
        self.close()
        try:
            outcome, value = pickle.loads(answer)
        except Exception:  # the child died or sent half an answer
            return self._here(self._argument)
        if outcome == "ok":
            return value
        if isinstance(value, UserError):
            raise value  # the user's mistake (no font that draws Chinese): the same message as here
        return self._here(self._argument)  # our own failure: raised here, with its traceback

    def _here(self, argument: Any) -> Any:
        self._prepare()
        return self._work(argument)

    def close(self) -> None:
        for fd in (self._to_child, self._from_child):
            if fd >= 0:
                os.close(fd)
        self._to_child = self._from_child = -1
        if self._pid is not None:
            pid, self._pid = self._pid, None
            try:
                # Still importing when it was not needed (the check failed): stop it now, not later.
                done, _ = os.waitpid(pid, os.WNOHANG)
                if not done:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
            except ChildProcessError:
                pass

    def __enter__(self) -> Ahead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _child(prepare: Callable[[], object], work: Callable[[Any], Any], down: int, up: int) -> None:
    try:
        prepare()
        request = _receive(down)
        if not request:
            return  # not needed after all
        answer = ("ok", work(pickle.loads(request)))
    except BaseException as exc:  # every failure goes back to the parent, which decides
        answer = ("error", exc)
    try:
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        data = pickle.dumps(("error", None))
    _send(up, data)


def _send(fd: int, data: bytes) -> None:
    try:
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(data)
    except OSError:
        pass  # the other side is gone; it does without


def _receive(fd: int) -> bytes:
    with os.fdopen(fd, "rb", closefd=False) as pipe:
        return pipe.read()
