"""The charts drawn ahead in a child process (xladdin.jobs.ahead / jobs.charts): same bytes, and nothing lost when
the child fails."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLE

from reports import fonts
from xladdin.errors import UserError
from xladdin.jobs import ahead as ahead_mod
from xladdin.jobs.ahead import NO_FORK_VAR, Ahead, can_fork

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the drawing child is forked on Linux only")


def _run(out: Path, fork: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != NO_FORK_VAR}
    if not fork:
        env[NO_FORK_VAR] = "1"
    return subprocess.run([sys.executable, "-m", "xladdin", "run", str(SAMPLE), "-o", str(out), "--date", "2010-09-12"],
                          capture_output=True, text=True, env=env, cwd=ROOT, check=False, timeout=300)


def _pictures(folder: Path) -> dict[str, list[bytes]]:
    """Every picture of every output in folder, by output kind."""
    out = {}
    for path in sorted(folder.iterdir()):
        with zipfile.ZipFile(path) as z:
            media = sorted(n for n in z.namelist() if "/media/" in n)
            out[path.name.rsplit("_", 1)[-1]] = [z.read(n) for n in media]
    return out


def test_run_with_the_drawing_child_writes_the_same_pictures_as_without(tmp_path):
    forked, alone = _run(tmp_path / "forked", fork=True), _run(tmp_path / "alone", fork=False)
    assert forked.returncode == alone.returncode == 1, forked.stderr + alone.stderr  # the sample has findings
    assert forked.stdout.replace("forked", "alone") == alone.stdout
    pictures = _pictures(tmp_path / "forked")
    assert set(pictures) == {"标记.xlsx", "回头看汇总.xlsx", "回头看情况报告.docx"}
    assert {k: len(p) for k, p in pictures.items()} == {"标记.xlsx": 2, "回头看汇总.xlsx": 2, "回头看情况报告.docx": 1}
    assert all(png.startswith(b"\x89PNG") for pngs in pictures.values() for png in pngs)
    assert pictures == _pictures(tmp_path / "alone")


def test_the_run_process_itself_loads_neither_matplotlib_nor_python_docx(tmp_path):
    """The child draws the charts and renders the Word report; the parent only lays out and saves."""
    code = ("import sys; from pathlib import Path; from xladdin.jobs.running import run, FileRun\n"
            "result = run(FileRun(Path(sys.argv[1]), Path(sys.argv[2])))\n"
            "print(result.report.stat().st_size > 0, 'matplotlib' in sys.modules, 'docx' in sys.modules)")
    env = {k: v for k, v in os.environ.items() if k != NO_FORK_VAR}
    proc = subprocess.run([sys.executable, "-c", code, str(SAMPLE), str(tmp_path)], capture_output=True, text=True,
                          cwd=ROOT, env=env, check=True, timeout=300)
    assert proc.stdout.split() == ["True", "False", "False"], proc.stderr


def test_the_drawing_child_loads_matplotlib_without_pandas():
    code = "import sys, reports.charts; print('pandas' in sys.modules, 'matplotlib' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert proc.stdout.split() == ["False", "True"]


def _square(n):
    return n * n, os.getpid()


def _fail_in_child(n):
    if os.getpid() != PARENT:
        raise RuntimeError("a bug in the child")
    return n + 1


def _die_in_child(n):
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return n + 2


def _font_missing(n):
    raise UserError("no-cjk-font", tried="No Such Font")


PARENT = os.getpid()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture(autouse=True)
def forking(monkeypatch):
    monkeypatch.delenv(NO_FORK_VAR, raising=False)
    if not can_fork():
        pytest.fail("the test process must be able to fork (one thread, Linux)")


def test_the_work_is_done_in_the_child():
    with Ahead(lambda: None, _square) as early:
        assert early.forked
        value, pid = early.call(7)
    assert value == 49 and pid != os.getpid()


def test_a_bug_in_the_child_is_done_again_here():
    with Ahead(lambda: None, _fail_in_child) as early:
        assert early.call(1) == 2  # the parent's own call succeeds; in the parent a bug would raise here


def test_a_child_that_dies_is_done_again_here():
    with Ahead(lambda: None, _die_in_child) as early:
        assert early.call(1) == 3


def _die_on_second(n):
    if os.getpid() != PARENT and n == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return n * 10, os.getpid()


def test_requests_are_answered_in_order_and_a_death_midway_is_redone_here():
    with Ahead(lambda: None, _die_on_second) as early:
        first, second, third = (early.submit(n) for n in (1, 2, 3))
        assert third.result()[0] == 30 and third.result()[1] == os.getpid()  # asked first, answered after the death
        assert first.result() == (10, first.result()[1]) and first.result()[1] != os.getpid()
        assert second.result() == (20, os.getpid())


_IDLED = []


def _idled(_request):
    return bool(_IDLED), os.getpid()


def test_the_child_uses_its_wait_for_idle_work_but_never_delays_a_waiting_request():
    import time

    with Ahead(lambda: None, _idled, idle=lambda: _IDLED.append(1)) as early:
        time.sleep(0.3)  # nothing asked yet: the child loads what later requests need
        idled, pid = early.call(None)
    assert idled and pid != os.getpid()
    with Ahead(lambda: time.sleep(0.3), _idled, idle=lambda: _IDLED.append(1)) as early:
        idled, pid = early.call(None)  # waiting before prepare() ends: served at once
    assert not idled and pid != os.getpid()


def test_a_users_mistake_in_the_child_is_raised_here_with_its_line():
    with Ahead(lambda: None, _font_missing) as early, pytest.raises(UserError, match="No Such Font") as caught:
        early.call(1)
    assert caught.value.code == "no-cjk-font"


def test_an_unused_child_is_stopped_when_the_job_ends():
    early = Ahead(lambda: __import__("time").sleep(30), _square)
    pid = early._pid
    assert pid and not _gone(pid)
    early.close()
    assert _gone(pid)  # stopped and reaped: no zombie left behind


def test_no_fork_with_threads_or_when_told(monkeypatch):
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not can_fork()
        with Ahead(lambda: None, _square) as early:
            assert not early.forked
            assert early.call(3) == (9, os.getpid())
    finally:
        stop.set()
        worker.join()
    monkeypatch.setenv(NO_FORK_VAR, "1")
    assert not can_fork()


def test_no_chinese_font_writes_nothing_when_the_child_draws(tmp_path, monkeypatch):
    from xladdin.jobs import summarize_file

    monkeypatch.setenv(fonts.ENV_VAR, "No Such Font")
    monkeypatch.setattr(fonts, "DEFAULT_FONTS", ("DejaVu Sans",))  # the child inherits both at the fork
    spawned = []
    real = ahead_mod.Ahead._start
    monkeypatch.setattr(ahead_mod.Ahead, "_start", lambda self: (real(self), spawned.append(self._pid)))
    target = tmp_path / "汇总.xlsx"
    with pytest.raises(UserError, match="HUITOUKAN_FONTS"):
        summarize_file(SAMPLE, target)
    assert spawned and not target.exists() and list(tmp_path.iterdir()) == []


def test_a_child_that_dies_before_the_report_leaves_run_whole(tmp_path, monkeypatch):
    """Killed after drawing (out of memory, say): the parent renders the report itself, picture and all."""
    from xladdin.jobs import charts
    from xladdin.jobs.running import FileRun, run

    serve = charts._serve

    def dies_on_the_report(request):
        if request[0] == "docx" and os.getpid() != PARENT:
            os.kill(os.getpid(), signal.SIGKILL)
        return serve(request)

    monkeypatch.setattr(charts, "_serve", dies_on_the_report)
    (tmp_path / "out").mkdir()
    result = run(FileRun(SAMPLE, tmp_path / "out"))
    pictures = _pictures(tmp_path / "out")
    assert result.report.is_file() and pictures["回头看情况报告.docx"] == pictures["回头看汇总.xlsx"][:1]


def test_a_fork_that_fails_does_the_work_here(monkeypatch):
    def no_more_processes():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_more_processes)
    before = len(os.listdir("/proc/self/fd"))
    with Ahead(lambda: None, _square) as early:
        assert not early.forked
        assert early.call(4) == (16, os.getpid())
    assert len(os.listdir("/proc/self/fd")) == before  # no pipe left open
