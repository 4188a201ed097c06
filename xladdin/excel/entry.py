"""The Excel entry points: the only module that imports xlwings.

The ribbon button runs ``import xladdin; xladdin.main()`` through RunPython;
each entry point takes the calling book (or a book passed in, as tests and
xlwings' remote engine do) and hands it to a job in xladdin.excel.jobs. A user's mistake
ends in an alert with its Chinese message; anything else is logged with its
traceback and the alert names the log file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import xlwings

from xladdin.errors import UserError
from xladdin.excel import jobs
from xladdin.logs import log_exception

TITLE = "回头看"


def main(book=None) -> None:
    """校验并汇总：标出问题、生成“问题清单”“汇总”表，并在工作簿旁写出汇总工作簿。"""
    _run(book, jobs.main_job)


def validate(book=None) -> None:
    """只校验并标出问题，生成“问题清单”表。"""
    _run(book, jobs.validate_job)


def summarize(book=None) -> None:
    """只生成“汇总”表（统计表和图表）。"""
    _run(book, jobs.summarize_job)


def export(book=None) -> None:
    """只在工作簿旁写出汇总工作簿，不改动本工作簿。"""
    _run(book, jobs.export_job)


def clear_marks(book=None) -> None:
    """清除标记：恢复填写区底色，删除本工具的批注、结论、“问题清单”和“汇总”表。"""
    _run(book, jobs.clear_job)


def _run(book, job: Callable[..., str]) -> None:
    book = book if book is not None else xlwings.Book.caller()
    app = book.app
    try:
        with _busy(app) as progress:
            message = job(book, progress)
    except UserError as exc:
        app.alert(str(exc), title=TITLE, mode="critical")
        return
    except Exception:  # the last line of defence: a bug must end in an alert, not a VBA error box
        log = log_exception()
        app.alert(f"程序出现内部错误，详细信息已记录到：\n{log}\n请把该文件发给维护人员。", title=TITLE, mode="critical")
        return
    app.alert(message, title=TITLE, mode="info")


@contextlib.contextmanager
def _busy(app) -> Iterator[Callable[[str], None]]:
    """Screen updates off and progress on the status bar, both given back to Excel at the end.

    The remote engine can do neither and raises NotImplementedError: then
    the run goes on without them.
    """
    screen = _try_set(app, "screen_updating", False)

    def progress(text: str) -> None:
        _try_set(app, "status_bar", text)

    try:
        yield progress
    finally:
        _try_set(app, "status_bar", False)  # False hands the status bar back to Excel
        if screen:
            _try_set(app, "screen_updating", True)


def _try_set(app, attribute: str, value: object) -> bool:
    try:
        setattr(app, attribute, value)
    except NotImplementedError:
        return False
    return True
