"""The summary's charts as PNG bytes, drawn with matplotlib's Agg canvas in a CJK font.

Figures are built without pyplot, so no GUI backend or global figure state is
touched inside Excel's Python process. Sizes are chosen so two charts sit side
by side on A4 landscape; 200 dpi prints sharply.

Margins are set in inches from what the labels need, not by matplotlib's
constrained layout: that solver measures every text twice per draw and was half
of the charts' time. Label widths come from the same width rule the cells use.

The input is plain data (reports.chart_data), and this module imports no pandas:
`run` draws here in a child process that loads only matplotlib (xladdin.jobs.ahead).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from reports.chart_model import (
    BRANCH_CHART,
    CRITERION_CHART,
    HEIGHT_IN,
    WIDTH_IN,
    Bars,
    Chart,
    ChartData,
    branch_chart_height,
)
from reports.fonts import find_cjk_font
from xladdin.core.textwidth import display_width, wrap_lines
from xladdin.spec import form
from xladdin.spec.labels import PENDING, PENDING_CHART_COLOUR, PENDING_LABEL, VERDICT_CHART_COLOURS, VERDICT_LABELS

DPI = 200
CHART_COLOURS = {**VERDICT_CHART_COLOURS, PENDING: PENDING_CHART_COLOUR}
CHART_LABELS = {**VERDICT_LABELS, PENDING: PENDING_LABEL}


def draw_charts(data: ChartData, fonts: Sequence[str] | None = None) -> list[Chart]:
    family = find_cjk_font(fonts)
    style = {"font.family": [family], "axes.unicode_minus": False, "font.size": 9}
    with matplotlib.rc_context(style):
        return [criterion_chart(data.by_criterion, data.branches), branch_chart(data.by_branch)]


def _stacked(ax, labels: list[str], stacks: Bars, horizontal: bool, size: float = 8) -> None:
    start = [0] * len(labels)
    positions = range(len(labels))
    for verdict, values in stacks.stacks:
        draw = ax.barh if horizontal else ax.bar
        extent = {"left": start} if horizontal else {"bottom": start}
        bars = draw(positions, values, 0.6, color=CHART_COLOURS[verdict], label=CHART_LABELS[verdict], **extent)
        ax.bar_label(bars, labels=[str(n) if n else "" for n in values], label_type="center", color="white",
                     fontsize=size, fontweight="bold")
        start = [a + b for a, b in zip(start, values, strict=True)]
    (ax.set_yticks if horizontal else ax.set_xticks)(list(positions), labels)
    ax.spines[["top", "right"]].set_visible(False)


# Fixed parts of the frame, in inches: the title above, the legend's row below.
TITLE_IN = 0.38
LEGEND_IN = 0.30
RIGHT_IN = 0.12
TICK_PAD_IN = 0.16  # tick mark, padding and a little air beside a tick label
LINE_IN = 1.25 / 72  # a line of text is 1.25 times its size in points


def _columns_in(columns: int, size: float) -> float:
    """Inches that `columns` display columns take at `size` points: a CJK character (two columns) is one em."""
    return columns * size / 2 / 72


def _frame(fig: Figure, left_in: float, bottom_in: float):
    """One axes whose margins are given in inches, the legend's row kept clear under it."""
    width, height = fig.get_size_inches()
    return fig.add_axes((left_in / width, bottom_in / height,
                         1 - (left_in + RIGHT_IN) / width, 1 - (bottom_in + TITLE_IN) / height))


def _legend(fig: Figure, ax) -> None:
    # Below the plot, so it never covers a bar or the title.
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, ncols=3, loc="lower center", bbox_to_anchor=(0.5, 0.0), frameon=False,
               fontsize=8, borderaxespad=0.2)


def _save(fig: Figure, name: str) -> Chart:
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    # Flat colours compress well even at zlib level 1, which is several times faster than the default 6.
    fig.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    width, height = fig.get_size_inches()
    return Chart(name, buffer.getvalue(), float(width), float(height))


def criterion_chart(counts: Bars, branches: int) -> Chart:
    """branches: how many branches the sheet lists, the height of a full bar."""
    labels = list(counts.labels)
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN))
    # Left: the axis title and the count labels. Below: two lines of tick labels, the legend under them.
    ax = _frame(fig, left_in=0.55, bottom_in=LEGEND_IN + TICK_PAD_IN + 2 * 9 * LINE_IN)
    _stacked(ax, labels, counts, horizontal=False)
    ax.set_ylim(0, max(branches, 1))
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel("支部数（个）")
    ax.set_title("五个方面完成情况", fontsize=11, fontweight="bold")
    _legend(fig, ax)
    return _save(fig, CRITERION_CHART)


def _fit_names(labels: list[str], size: float) -> tuple[list[str], float]:
    """Branch names that fit half the chart's width: long ones wrap onto two lines, then get smaller (to 5 pt).

    The names' column then takes at most half the width, so the bars keep room and no name is clipped.
    """
    room = (WIDTH_IN / 2 - TICK_PAD_IN) * 72 * 2  # in half-points: display columns at one point
    widest = max((display_width(label) for label in labels), default=0)
    if widest * size <= room:
        return labels, size
    size = max(5.0, min(size, room / math.ceil(widest / 2 + 1)))  # two lines, a column's slack for the break
    columns = room / size
    return ["\n".join(wrap_lines(label, columns)) for label in labels], size


def branch_chart(counts: Bars) -> Chart:
    """counts.labels: the branches' full names, one bar each."""
    labels = list(counts.labels)
    height = branch_chart_height(len(labels))
    fig = Figure(figsize=(WIDTH_IN, height))
    # Many branches share the page's height: shrink their names rather than let the image split across pages.
    per_bar_pt = 72 * (height - 1.4) / max(len(labels), 1)
    size = min(9, max(5, per_bar_pt * 0.7))
    labels, size = _fit_names(labels, size)
    widest = max((display_width(line) for label in labels for line in label.split("\n")), default=0)
    left = _columns_in(widest, size) + TICK_PAD_IN
    ax = _frame(fig, left_in=left, bottom_in=LEGEND_IN + TICK_PAD_IN + 2 * 9 * LINE_IN)
    _stacked(ax, labels, counts, horizontal=True, size=min(8, size))
    ax.tick_params(axis="y", labelsize=size)
    ax.invert_yaxis()  # the first branch on top, as in the matrix
    ax.set_xlim(0, len(form.CRITERIA))
    ax.set_xticks(range(len(form.CRITERIA) + 1))
    ax.set_xlabel("项数（共五项）")
    ax.set_title("各支部完成情况", fontsize=11, fontweight="bold")
    _legend(fig, ax)
    return _save(fig, BRANCH_CHART)
