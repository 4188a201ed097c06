"""A round's progress as the page is told it, while the job finishes in another thread.

The worker writes progress.json; the server's pool thread finishes the job (JobStore._finish) while
the page's polls read it. Every answer must be one moment's: never 排队 again with the bar at zero
after the round ran, never 已完成 beside a bar that is not full. (Seen under load: polls of two-file
rounds in a tight loop got `running 8/9` then `queued 0/1`, and `finished 8/9`.)
"""

from __future__ import annotations

import types

import pytest

from xladdin.web import store as store_module
from xladdin.web.progress import ProgressFile, read_progress
from xladdin.web.round_outcome import RoundOutcome
from xladdin.web.store import FINISHED, QUEUED, RUNNING, JobStore

FILES = 3


@pytest.fixture
def round_job(tmp_path):
    """A round of three files whose worker has written its last stage, its outcome handed back."""
    store = JobStore(tmp_path / "root")
    job = store.new_job("office")
    job.names, job.is_round = [f"{n}.xlsx" for n in range(FILES)], True
    assert job.status() == (QUEUED, 0, 1, f"已收到 {FILES} 个文件，正在排队等待处理…")
    written = ProgressFile(job.progress_file, FILES)
    written.stage("回头看：正在收集各支部报回的文件…")
    for n in range(1, FILES + 1):
        written.file_read(n, FILES)
    for line in ("校验", "绘制图表", "写出标记副本", "写出汇总工作簿", "写出情况报告", "生成退回修改意见"):
        written.stage(f"回头看：正在{line}…")
    job.round = RoundOutcome(job.names)
    yield store, job
    assert job.status() == (FINISHED, written.total, written.total, "已完成")
    assert not job.progress_file.exists()


def test_a_poll_while_the_round_finishes_never_sends_it_back_to_the_queue(round_job, monkeypatch):
    store, job = round_job
    before = job.status()
    assert before == (RUNNING, FILES + 6, FILES + 7, "正在生成退回修改意见…")
    polls = []

    def monotonic():  # _finish asks the time for the job's expiry: a poll comes in at that moment
        polls.append(job.status())
        return 0.0

    monkeypatch.setattr(store_module, "time", types.SimpleNamespace(monotonic=monotonic))
    store._finish(job)
    answers = [before, *polls, job.status()]
    assert [a[0] for a in answers] == [RUNNING, RUNNING, FINISHED]
    assert [a[1] for a in answers] == sorted(a[1] for a in answers)


def test_a_round_that_finishes_while_a_poll_reads_it_is_answered_finished_and_full(round_job, monkeypatch):
    store, job = round_job
    finishing = []

    def read_then_finish(path):  # the pool thread finishes the job right after the poll read the file
        told = read_progress(path)
        if not finishing:
            finishing.append(path)
            store._finish(job)
        return told

    monkeypatch.setattr(store_module, "read_progress", read_then_finish)
    state, done, total, stage = job.status()
    assert finishing and not job.progress_file.exists()
    assert (state, done, stage) == (FINISHED, total, "已完成") and total == FILES + 7
