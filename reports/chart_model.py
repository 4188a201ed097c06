"""The charts as plain data: what each shows (ChartData), and what it became (Chart: PNG bytes and a size).

No pandas and no matplotlib here: the writers take a Chart without loading
matplotlib, and the drawing (reports.charts) takes a ChartData without loading
pandas, so `run` can draw in a child process that loads matplotlib alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

WIDTH_IN = 4.7  # half of A4 landscape's printable width
HEIGHT_IN = 3.6
MAX_HEIGHT_IN = 5.2  # what is left of an A4 landscape page under the repeated title rows
CRITERION_CHART = "五个方面完成情况"
BRANCH_CHART = "各支部完成情况"


@dataclass(frozen=True)
class Bars:
    """Stacked bars: one label per bar, and per verdict (bottom first) its count in each bar."""

    labels: tuple[str, ...]
    stacks: tuple[tuple[str, tuple[int, ...]], ...]


@dataclass(frozen=True)
class ChartData:
    by_criterion: Bars
    by_branch: Bars
    branches: int  # the criterion chart's height: every branch on the sheet, reported or not


@dataclass(frozen=True)
class Chart:
    name: str
    png: bytes
    width_in: float
    height_in: float


def branch_chart_height(bars: int) -> float:
    """Inches: a bar's room per branch, within one A4 landscape page."""
    return min(max(HEIGHT_IN, 0.34 * bars + 1.4), MAX_HEIGHT_IN)


def chart_sizes(data: ChartData) -> list[tuple[str, float, float]]:
    """(name, width, height) of each chart, known before it is drawn."""
    return [(CRITERION_CHART, WIDTH_IN, HEIGHT_IN), (BRANCH_CHART, WIDTH_IN, branch_chart_height(len(data.by_branch.labels)))]


class LateChart:
    """A Chart whose name and size are known now and whose PNG comes when first asked for.

    The charts may still be being drawn in another process (xladdin.jobs.charts) while a
    workbook is built around them; only saving it needs the bytes.
    """

    def __init__(self, name: str, width_in: float, height_in: float, drawn: Callable[[], Chart],
                 data: ChartData) -> None:
        """data: what the chart shows, for whoever must draw it again (the Word report's figure)."""
        self.name, self.width_in, self.height_in, self.data = name, width_in, height_in, data
        self._drawn = drawn

    @property
    def png(self) -> bytes:
        chart = self._drawn()
        if (chart.name, chart.width_in, chart.height_in) != (self.name, self.width_in, self.height_in):
            raise ValueError(f"chart {chart.name} drawn at another size than announced")
        return chart.png
