"""What the summary's two charts show (reports.chart_model.ChartData), counted from the summary's pandas tables.

Drawn by reports.charts, which needs no pandas: `run` draws its charts in a
child process that never imports pandas (xladdin.jobs.charts).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from reports.chart_model import Bars, Chart, ChartData
from reports.tables import CRITERION_SHORT, Summary
from xladdin.spec import form
from xladdin.spec.labels import PENDING


def chart_data(summary: Summary) -> ChartData:
    names = [summary.branch_names.get(sheet, sheet) for sheet in summary.verdicts.index]
    verdicts = summary.verdicts.copy()
    # A branch whose file awaits the office's check gets its own bar, not 未报送's.
    verdicts.loc[summary.pending_sheets] = PENDING
    criteria = [f"第{c.ordinal}项\n{CRITERION_SHORT[c.id]}" for c in form.CRITERIA]
    return ChartData(bars(verdicts, criteria, axis=0), bars(verdicts, names, axis=1), len(verdicts))


def bars(verdicts: pd.DataFrame, labels: Sequence[str], axis: int) -> Bars:
    """Verdict counts per criterion (axis=0) or per branch (axis=1)."""
    table = verdicts if axis == 1 else verdicts.T
    # 未报送 and 待核实 get a grey bar of their own only when some branch has one.
    shown = [*form.VERDICTS, *(v for v in (form.UNREPORTED, PENDING) if (verdicts == v).any().any())]
    stacks = tuple((v, tuple(int(n) for n in (table == v).sum(axis=1))) for v in shown)
    return Bars(tuple(labels), stacks)


def render_charts(summary: Summary, fonts: Sequence[str] | None = None) -> list[Chart]:
    """Both charts, drawn in this process."""
    from reports.charts import draw_charts

    return draw_charts(chart_data(summary), fonts)
