"""Charts draw every label in a CJK font; a missing glyph or a missing font fails loudly."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import warnings
from datetime import datetime

import matplotlib
import pandas as pd
import pytest
from conftest import SAMPLE
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from reports import fonts
from reports.chart_data import bars, render_charts
from reports.chart_model import MAX_HEIGHT_IN
from reports.charts import DPI, branch_chart
from reports.files import summarize
from reports.tables import CRITERION_SHORT
from xladdin.errors import UserError
from xladdin.jobs import check_file, summarize_file
from xladdin.spec import form


@pytest.fixture(scope="module")
def summary():
    _, report = check_file(SAMPLE)
    return summarize(report, SAMPLE, datetime(2010, 9, 12))


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)


def test_a_cjk_font_with_the_glyphs_is_installed(no_env):
    family = fonts.find_cjk_font()
    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    charmap = font_manager.get_font(path).get_charmap()
    labels = "".join(CRITERION_SHORT.values()) + "各支部完成情况五个方面项数共支部数个合格补课中不合格第一二三四五项运电气化学除灰汽机党"
    assert [ch for ch in labels if ord(ch) not in charmap] == []


@pytest.mark.skipif(sys.platform != "linux", reason="fontconfig check for Linux and CI")
def test_fontconfig_lists_a_chinese_font():
    assert shutil.which("fc-list"), "fontconfig missing"
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True).stdout
    assert listed.strip(), "no CJK font: apt-get install fonts-noto-cjk"


def test_charts_render_without_a_missing_glyph(summary, no_env):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" would raise here
        charts = render_charts(summary)
    assert [c.name for c in charts] == ["五个方面完成情况", "各支部完成情况"]
    for chart in charts:
        assert chart.png.startswith(b"\x89PNG")
        width = int.from_bytes(chart.png[16:20], "big")
        assert width == round(chart.width_in * DPI)


def test_the_strict_mode_does_catch_a_missing_glyph(no_env):
    fig = Figure(figsize=(2, 1))
    FigureCanvasAgg(fig)
    fig.text(0.1, 0.5, "汇总\U000f0000", family=fonts.find_cjk_font())
    with warnings.catch_warnings(), pytest.raises(UserWarning, match="missing from font"):
        warnings.simplefilter("error")
        fig.canvas.draw()


def test_lookup_order_parameter_then_env_then_defaults(monkeypatch):
    monkeypatch.setenv(fonts.ENV_VAR, "Env Font A，Env Font B")
    order = fonts.font_order(["Param Font"])
    assert order[:3] == ["Param Font", "Env Font A", "Env Font B"]
    assert order[3:] == list(fonts.DEFAULT_FONTS)


def test_env_var_picks_an_installed_font(monkeypatch):
    family = fonts.find_cjk_font()
    monkeypatch.setenv(fonts.ENV_VAR, f"No Such Font,{family}")
    monkeypatch.setattr(fonts, "DEFAULT_FONTS", ())
    assert fonts.find_cjk_font() == family


def test_a_font_file_path_is_accepted(monkeypatch, no_env):
    path = font_manager.findfont(font_manager.FontProperties(family=fonts.find_cjk_font()), fallback_to_default=False)
    monkeypatch.setattr(fonts, "DEFAULT_FONTS", ())
    family = fonts.find_cjk_font([str(path)])
    assert fonts._draws_chinese(family)


def test_no_cjk_font_is_a_chinese_user_error(monkeypatch, tmp_path):
    monkeypatch.setenv(fonts.ENV_VAR, "No Such Font")
    monkeypatch.setattr(fonts, "DEFAULT_FONTS", ("DejaVu Sans",))  # installed, but draws no Chinese
    with pytest.raises(UserError, match="fonts-noto-cjk") as caught:
        fonts.find_cjk_font()
    assert "HUITOUKAN_FONTS" in str(caught.value) and "No Such Font" in str(caught.value)
    target = tmp_path / "汇总.xlsx"
    with pytest.raises(UserError):
        summarize_file(SAMPLE, target)
    assert not target.exists()


def _ink_at_edges(png: bytes) -> bool:
    """Whether anything is drawn on the image's outermost pixels: a clipped label leaves ink there."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    edges = [image.crop(box) for box in ((0, 0, 2, height), (width - 2, 0, width, height),
                                         (0, 0, width, 2), (0, height - 2, width, height))]
    return any(edge.getextrema()[0] < 250 for edge in edges)


@pytest.mark.parametrize("names", [
    ["运一党支部", "电气党支部", "化学党支部"],
    ["中共某某市某某区某某街道某某社区第一党支部委员会", "短", "电气党支部"],
    ["中共某某集团有限公司某某发电厂发电运行部运行一值党支部委员会（临时）", "化学党支部"],
    [f"第{n}党支部" for n in range(1, 41)],
])
def test_branch_names_are_never_clipped(names, no_env):
    verdicts = pd.DataFrame([[form.VERDICTS[n % 3]] * 5 for n in range(len(names))],
                            columns=[c.id for c in form.CRITERIA])
    with matplotlib.rc_context({"font.family": [fonts.find_cjk_font()], "font.size": 9}):
        chart = branch_chart(bars(verdicts, names, axis=1))
    assert not _ink_at_edges(chart.png)
    assert chart.height_in <= MAX_HEIGHT_IN


def test_the_criterion_chart_keeps_inside_its_frame(summary, no_env):
    assert not _ink_at_edges(render_charts(summary)[0].png)
