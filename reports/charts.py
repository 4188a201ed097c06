"""The summary's charts as PNG bytes, drawn with matplotlib's Agg canvas in a CJK font.

Figures are built without pyplot, so no GUI backend or global figure state is
touched inside Excel's Python process. Sizes are chosen so two charts sit side
by side on A4 landscape; 200 dpi prints sharply.

Margins are set in inches from what the labels need, not by matplotlib's
constrained layout: that solver measures every text twice per draw and was half
of the charts' time. Label widths come from the same width rule the cells use.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from reports.fonts import find_cjk_font
from reports.tables import CRITERION_SHORT, Summary
from xladdin.core.textwidth import display_width, wrap_lines
from xladdin.spec import form
from xladdin.spec.labels import PENDING, PENDING_CHART_COLOUR, PENDING_LABEL, VERDICT_CHART_COLOURS, VERDICT_LABELS

DPI = 200
CHART_COLOURS = {**VERDICT_CHART_COLOURS, PENDING: PENDING_CHART_COLOUR}
CHART_LABELS = {**VERDICT_LABELS, PENDING: PENDING_LABEL}
WIDTH_IN = 4.7  # half of A4 landscape's printable width
HEIGHT_IN = 3.6
MAX_HEIGHT_IN = 5.2  # what is left of an A4 landscape page under the repeated title rows


@dataclass(frozen=True)
class Chart:
    name: str
    png: bytes
    width_in: float
    height_in: float


def render_charts(summary: Summary, fonts: Sequence[str] | None = None) -> list[Chart]:
    family = find_cjk_font(fonts)
    style = {"font.family": [family], "axes.unicode_minus": False, "font.size": 9}
    with matplotlib.rc_context(style):
        names = [summary.branch_names.get(sheet, sheet) for sheet in summary.verdicts.index]
        verdicts = summary.verdicts.copy()
        # A branch whose file awaits the office's check gets its own bar, not 未报送's.
        verdicts.loc[summary.pending_sheets] = PENDING
        return [criterion_chart(verdicts), branch_chart(verdicts, names)]


def _counts(verdicts: pd.DataFrame, axis: int) -> pd.DataFrame:
    """Rows of verdict counts: per criterion (axis=0) or per branch (axis=1)."""
    table = verdicts if axis == 1 else verdicts.T
    # 未报送 gets a grey bar of its own only when a branch has not reported.
    shown = [*form.VERDICTS, *(v for v in (form.UNREPORTED, PENDING) if (verdicts == v).any().any())]
    return pd.DataFrame({v: (table == v).sum(axis=1) for v in shown})


def _stacked(ax, labels: list[str], counts: pd.DataFrame, horizontal: bool, size: float = 8) -> None:
    start = pd.Series(0, index=counts.index)
    positions = range(len(labels))
    for verdict in counts.columns:
        values, colour = counts[verdict], CHART_COLOURS[verdict]
        draw = ax.barh if horizontal else ax.bar
        extent = {"left": start} if horizontal else {"bottom": start}
        bars = draw(positions, values.to_numpy(), 0.6, color=colour, label=CHART_LABELS[verdict],
                    **{k: v.to_numpy() for k, v in extent.items()})
        ax.bar_label(bars, labels=[str(n) if n else "" for n in values], label_type="center", color="white",
                     fontsize=size, fontweight="bold")
        start = start + values
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


def criterion_chart(verdicts: pd.DataFrame) -> Chart:
    counts = _counts(verdicts, axis=0)
    labels = [f"第{c.ordinal}项\n{CRITERION_SHORT[c.id]}" for c in form.CRITERIA]
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN))
    # Left: the axis title and the count labels. Below: two lines of tick labels, the legend under them.
    ax = _frame(fig, left_in=0.55, bottom_in=LEGEND_IN + TICK_PAD_IN + 2 * 9 * LINE_IN)
    _stacked(ax, labels, counts, horizontal=False)
    ax.set_ylim(0, max(len(verdicts), 1))
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel("支部数（个）")
    ax.set_title("五个方面完成情况", fontsize=11, fontweight="bold")
    _legend(fig, ax)
    return _save(fig, "五个方面完成情况")


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


def branch_chart(verdicts: pd.DataFrame, labels: list[str]) -> Chart:
    """labels: what each row of verdicts is called on the axis (the branches' full names)."""
    counts = _counts(verdicts, axis=1)
    height = min(max(HEIGHT_IN, 0.34 * len(labels) + 1.4), MAX_HEIGHT_IN)
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
    return _save(fig, "各支部完成情况")
