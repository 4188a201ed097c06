"""The document writer on its own: plain content in, GB/T 9704 layout out."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import pytest
from docx.oxml.ns import qn
from docx_read import all_text, blocks, indent, open_docx, paragraph_by_start

from reports.gongwen import Gongwen, Section, Subsection, Table, verify_docx, write_gongwen
from reports.gongwen.writer import TYPE_WIDTH_PT, chinese_number, table_layout, text_width, title_lines
from xladdin.errors import UserError


def minimal(**changes) -> Gongwen:
    fields = dict(
        title="关于测试的报告", main_to="市委办公室", sections=(Section("基本情况", ("正文。",)),),
        signature="厂党委", date=date(2010, 9, 5), printer="厂党委办公室", print_date=date(2010, 9, 6),
    )
    return Gongwen(**(fields | changes))


def written(tmp_path, doc: Gongwen):
    path = tmp_path / "doc.docx"
    write_gongwen(doc, path)
    verify_docx(path)
    return open_docx(path)


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三")])
def test_chinese_ordinals(n, text):
    assert chinese_number(n) == text


def test_text_width_counts_halfwidth_digits_as_half():
    assert text_width("2010年9月12日") == 6.5
    assert text_width("厂党委") == 3


def test_long_title_breaks_where_a_phrase_ends_into_balanced_lines():
    assert title_lines("关于测试的报告") == ["关于测试的报告"]
    lines = title_lines("关于创先争优活动动员部署阶段“回头看”情况的报告")
    assert lines == ["关于创先争优活动动员部署阶段", "“回头看”情况的报告"]
    assert all(text_width(line) <= 20 for line in lines)


def test_table_uses_the_largest_size_that_fits():
    narrow = Table("表1", ("支部", "合格"), (("运一", "是"),))
    size, widths = table_layout(narrow)
    assert size == 16 and sum(widths) == pytest.approx(TYPE_WIDTH_PT)
    wide = Table("表1", tuple(f"第{i}列很长的表头" for i in range(8)), (tuple("合格" for _ in range(8)),))
    size, widths = table_layout(wide)
    assert size < 16 and sum(widths) == pytest.approx(TYPE_WIDTH_PT)


def test_headings_are_numbered_by_the_writer(tmp_path):
    doc = written(tmp_path, minimal(sections=(
        Section("甲", ("一段。",), (Subsection("子甲", ("二段。",)), Subsection("子乙", ("三段。",)))),
        Section("乙", ("四段。",)),
    )))
    texts = [p.text for p in doc.paragraphs]
    assert [t for t in texts if re.match(r"[一二]、|（[一二]）", t)] == ["一、甲", "（一）子甲", "（二）子乙", "二、乙"]


def test_a_date_longer_than_the_signature_keeps_two_characters_from_the_right(tmp_path):
    doc = written(tmp_path, minimal())
    sig, day = paragraph_by_start(doc, "厂党委"), paragraph_by_start(doc, "2010年9月5日")
    # 2010年9月5日 is 6 characters wide: it ends 2 from the right, the signature starts 2 before it.
    assert indent(day, "leftChars") == (28 - 2 - 6) * 100
    assert indent(day, "leftChars") - indent(sig, "leftChars") == 200


def test_no_copy_to_means_one_colophon_row(tmp_path):
    doc = written(tmp_path, minimal())
    colophon = blocks(doc)[-1]
    assert [[c.text for c in row.cells] for row in colophon.rows] == [["厂党委办公室", "2010年9月6日印发"]]


def test_several_attachments_are_numbered(tmp_path):
    doc = written(tmp_path, minimal(attachments=("汇总表", "补课清单")))
    texts = [p.text for p in doc.paragraphs]
    assert "附件：1.汇总表" in texts and "2.补课清单" in texts


def test_control_characters_are_dropped_and_formulas_stay_text(tmp_path):
    doc = written(tmp_path, minimal(sections=(Section("基本情况", ("=cmd|' /C calc'!A0\x07\x1b 正文",)),)))
    assert "=cmd|' /C calc'!A0 正文" in all_text(doc)
    with zipfile.ZipFile(tmp_path / "doc.docx") as archive:
        assert b"instrText" not in archive.read("word/document.xml"), "branch text never becomes a field"


def test_the_main_part_names_no_theme_fonts(tmp_path):
    doc = written(tmp_path, minimal())
    for fonts in doc.element.body.iter(qn("w:rFonts")):
        assert fonts.get(qn("w:eastAsiaTheme")) is None and fonts.get(qn("w:eastAsia"))


def test_font_table_tells_word_what_to_use_where_the_font_is_missing(tmp_path):
    write_gongwen(minimal(), tmp_path / "doc.docx")
    with zipfile.ZipFile(tmp_path / "doc.docx") as archive:
        table = archive.read("word/fontTable.xml").decode("utf-8")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in table
    assert '<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>' in table


def test_verify_refuses_a_broken_file(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(UserError, match="校验失败"):
        verify_docx(broken)
    write_gongwen(minimal(), tmp_path / "doc.docx")
    with zipfile.ZipFile(tmp_path / "doc.docx") as src, zipfile.ZipFile(tmp_path / "part.docx", "w") as dst:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                dst.writestr(item, src.read(item))
    with pytest.raises(UserError, match=re.escape("word/document.xml")):
        verify_docx(tmp_path / "part.docx")


def test_properties_are_written_in_schema_order(tmp_path):
    """Word refuses (as "unreadable content") a pPr, rPr, tblPr or tcPr whose children are out of order."""
    from reports.gongwen.ooxml import _ORDER

    table = Table("表1　测试", ("支部", "合格"), (("运一党支部", "是"),), "注：测试。")
    doc = written(tmp_path, minimal(tables=(table,), copy_to=("甲单位", "乙单位"), attachments=("甲", "乙")))
    parts = [doc.element, doc.styles.element, *(s.footer._element for s in doc.sections),
             *(s.even_page_footer._element for s in doc.sections)]
    checked = 0
    for part in parts:
        for element in part.iter():
            tag = "w:" + element.tag.split("}")[1] if "}" in element.tag else element.tag
            order = _ORDER.get(tag)
            if not order:
                continue
            children = ["w:" + c.tag.split("}")[1] for c in element if isinstance(c.tag, str)]
            positions = [order.index(c) for c in children if c in order]
            assert positions == sorted(positions), (tag, children)
            checked += 1
    assert checked > 50
