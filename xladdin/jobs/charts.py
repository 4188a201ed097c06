"""The summary's charts for a job: drawn ahead in a child process where that works (jobs.ahead), else here.

The child imports matplotlib the moment a job starts and draws once the
summary's tables are built. Meanwhile this process goes on: it builds the
workbooks around charts whose size is known (reports.chart_model.LateChart)
and needs their bytes only when it saves. Both paths draw with the same
function from the same plain data (reports.chart_data), so the PNG bytes are
the same.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from xladdin.jobs.ahead import Ahead

if TYPE_CHECKING:
    from reports.chart_model import Chart, ChartData, LateChart
    from reports.gongwen.model import Gongwen
    from reports.tables import Summary
    from xladdin.core.findings import Report


def charts_ahead() -> Ahead:
    """Start the drawing child now. A context manager: keep it open until the outputs are written."""
    return Ahead(_load_drawing, _serve, idle=_load_rendering)


def draw(data: ChartData, ahead: Ahead | None) -> list[Chart] | list[LateChart]:
    """Both charts: drawn by ahead's child if it has one (LateCharts, their bytes on first use), else here."""
    if ahead is None or not ahead.forked:
        return _draw(data)
    from reports.chart_model import LateChart, chart_sizes

    drawn = ahead.submit(("draw", ahead.serial, data))
    return [LateChart(name, width, height, lambda i=i: drawn.result()[i], data)
            for i, (name, width, height) in enumerate(chart_sizes(data))]


def report_docx(summary: Summary, report: Report, chart: Chart | LateChart | None,
                ahead: Ahead | None) -> Callable[[], bytes]:
    """The 情况报告 as .docx bytes, rendered when the returned function is called, or meanwhile by ahead's child.

    The child renders it right after drawing (its figure is the criterion chart the child has just
    drawn), while this process writes the workbooks; python-docx then never loads here.
    """
    from reports.chart_model import Chart, LateChart
    from reports.word_report import report_content

    if ahead is None or not ahead.forked or not isinstance(chart, LateChart):
        content = report_content(summary, report, chart)
        return lambda: _render(content)
    # The figure is placed by its known size; the child puts the picture in.
    content = report_content(summary, report, Chart(chart.name, b"", chart.width_in, chart.height_in))
    return ahead.submit(("docx", ahead.serial, content, chart.data)).result


def _serve(request: tuple) -> object:
    kind, job, *args = request
    if kind == "draw":
        (data,) = args
        _drawn.clear()
        _drawn[job] = charts = _draw(data)
        return charts
    if kind == "docx":
        content, data = args
        # The criterion chart this job drew just before (the "draw" request), or drawn now.
        picture = (_drawn.get(job) or _draw(data))[0].png
        figures = tuple(replace(f, png=picture) if not f.png else f for f in content.figures)
        return _render(replace(content, figures=figures))
    raise ValueError(f"unknown request {kind!r}")


def _load_drawing() -> None:
    import reports.charts  # noqa: F401 - matplotlib, the import the child takes off the job's hands
    from reports.fonts import find_cjk_font
    from xladdin.errors import UserError

    # The font's file is loaded before the data comes; drawing asks again and, lacking a font, says so then.
    with contextlib.suppress(UserError):
        find_cjk_font()


def _load_rendering() -> None:
    import reports.gongwen.writer  # noqa: F401 - python-docx, while the child waits for the charts' data


_drawn: dict[int, list[Chart]] = {}  # the last job's charts (Ahead.serial -> charts), for its report's figure


def _draw(data: ChartData) -> list[Chart]:
    from reports.charts import draw_charts

    return draw_charts(data)


def _render(content: Gongwen) -> bytes:
    from reports.gongwen import render_docx

    return render_docx(content)
