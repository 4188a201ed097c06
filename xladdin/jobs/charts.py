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
from typing import TYPE_CHECKING

from xladdin.jobs.ahead import Ahead

if TYPE_CHECKING:
    from reports.chart_model import Chart, ChartData, LateChart


def charts_ahead() -> Ahead:
    """Start the drawing child now. A context manager: keep it open until the outputs are written."""
    return Ahead(_load_drawing, _draw)


def draw(data: ChartData, ahead: Ahead | None) -> list[Chart] | list[LateChart]:
    """Both charts: drawn by ahead's child if it has one (LateCharts, their bytes on first use), else here."""
    if ahead is None or not ahead.forked:
        return _draw(data)
    from reports.chart_model import LateChart, chart_sizes

    ahead.submit(data)
    return [LateChart(name, width, height, lambda i=i: ahead.result()[i])
            for i, (name, width, height) in enumerate(chart_sizes(data))]


def _load_drawing() -> None:
    import reports.charts  # noqa: F401 - matplotlib, the import the child takes off the job's hands
    from reports.fonts import find_cjk_font
    from xladdin.errors import UserError

    # The font's file is loaded before the data comes; drawing asks again and, lacking a font, says so then.
    with contextlib.suppress(UserError):
        find_cjk_font()


def _draw(data: ChartData) -> list[Chart]:
    from reports.charts import draw_charts

    return draw_charts(data)
