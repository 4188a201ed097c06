"""Help text wraps by display width, keeps every character, and never starts a line with a closing mark."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xladdin.core.textwidth import CLOSING_MARKS, display_width, join_lines, wrap_paragraph

RUN_HELP = "一次完成：校验 FILE、另存标记副本（含“问题清单”和“汇总”表）、生成汇总工作簿和情况报告（与 Excel 中“校验并汇总”按钮相同）。"


def test_lines_fit_and_no_line_starts_with_a_closing_mark():
    for width in range(12, 80):
        lines = wrap_paragraph(RUN_HELP, width)
        assert all(display_width(line) <= width for line in lines), (width, lines)
        assert not any(line[0] in CLOSING_MARKS for line in lines), (width, lines)
        assert not any(line[-1] in "（“" for line in lines), (width, lines)
        assert "".join(lines).replace(" ", "") == RUN_HELP.replace(" ", "")


def test_latin_words_and_paths_are_not_cut():
    lines = wrap_paragraph("把标记直接写回 FILE（先备份为 <文件名>.bak-<时间>.xlsx）。", 30)
    assert "FILE（先备份为" in "".join(lines) and not any(line.startswith((">", "）", "。")) for line in lines)
    assert wrap_paragraph("监听地址（如 0.0.0.0）时须凭口令访问", 16) == ["监听地址（如", "0.0.0.0）时须凭", "口令访问"]


def test_a_word_wider_than_the_line_is_cut_rather_than_overflowing():
    assert wrap_paragraph("workbook/xladdin.xlam", 10) == ["workbook/x", "laddin.xla", "m"]


def test_paragraph_lines_join_without_a_space_beside_chinese():
    assert join_lines(["新文件名加上日期和时间。", "退出码同 check：0 无错误"]) == "新文件名加上日期和时间。退出码同 check：0 无错误"
    assert join_lines(["see the", "README"]) == "see the README"


PIECES = st.sampled_from(["校验", "工作簿", "，", "。", "（", "）", "“", "”", " ", "FILE", "--date", "2010-09-12", "、"])


@given(st.lists(PIECES, max_size=60), st.integers(min_value=8, max_value=90))
def test_wrapping_keeps_every_character_within_the_width(pieces, width):
    text = "".join(pieces)
    lines = wrap_paragraph(text, width)
    assert all(display_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
