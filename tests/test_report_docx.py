"""The Word 情况报告 written from the sample: GB/T 9704 page and fonts, and every figure from the summary."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from conftest import SAMPLE
from docx.oxml.ns import qn
from docx.shared import Length, Mm
from docx_read import all_text, blocks, indent, open_docx, paragraph_by_start, run_fonts, run_size_pt, spacing

from reports.charts import DPI
from reports.files import summarize
from reports.wording import chinese_date, pct
from xladdin.jobs import check_file
from xladdin.jobs import report_file as write_report_file
from xladdin.spec import form as spec
from xladdin.spec import labels
from xladdin.spec import messages as catalogue

NOW = datetime(2010, 9, 12)
TWIPS_PER_MM = 1440 / 25.4
HEADING1 = re.compile(r"^[一二三四五六七八九十]+、")
HEADING2 = re.compile(r"^（[一二三四五六七八九十]+）")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    target = tmp_path_factory.mktemp("report") / "回头看情况报告.docx"
    write_report_file(SAMPLE, target, now=NOW)
    return target


@pytest.fixture(scope="module")
def doc(written):
    return open_docx(written)


@pytest.fixture(scope="module")
def checked():
    """The summary built independently of the report code, to compare figures against."""
    _, report = check_file(SAMPLE)
    return report, summarize(report, SAMPLE, NOW)


def body_paragraphs(doc):
    """The paragraphs between the 主送 line and the tables: body text, not headings."""
    out = []
    for p in doc.paragraphs[3:]:
        if p.text.startswith("表1"):
            break
        if p.text and not HEADING1.match(p.text) and not HEADING2.match(p.text):
            out.append(p)
    return out


# ---- page ------------------------------------------------------------------------

def test_a4_with_the_standard_margins_and_type_area(doc):
    section = doc.sections[0]

    def mm(*lengths):  # stored in twips: equal to 0.1 mm
        return tuple(round(Length(x).mm, 1) for x in lengths)

    assert mm(section.page_width, section.page_height) == (210, 297)
    assert mm(section.top_margin, section.left_margin) == (37, 28)
    type_width = section.page_width - section.left_margin - section.right_margin
    type_height = section.page_height - section.top_margin - section.bottom_margin
    assert mm(type_width, type_height) == (156, 225)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    assert 22 * int(grid.get(qn("w:linePitch"))) <= 225 * TWIPS_PER_MM  # 22 lines fit the type area


def test_body_has_exact_spacing_two_character_indent_and_28_characters_a_line(doc):
    paragraphs = body_paragraphs(doc)
    assert len(paragraphs) > 20
    for p in paragraphs:
        line, rule = spacing(p)
        assert rule == "exact" and 28 * 20 <= line <= 29 * 20, p.text
        assert indent(p, "firstLineChars") == 200, p.text
        for run in p.runs:
            pitch = 16 + int(run._r.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
            assert 28 * pitch <= 156 / 25.4 * 72 < 28 * 16  # 28 characters fit where 16 pt type fits 27


def test_title_body_and_headings_name_their_chinese_fonts(doc):
    title = doc.paragraphs[0]
    assert title.alignment == 1  # centred
    assert {run_fonts(r)["eastAsia"] for r in title.runs if r.text.strip()} == {"方正小标宋简体"}
    assert {run_size_pt(r) for r in title.runs if r.text.strip()} == {22}
    headings1 = [p for p in doc.paragraphs if HEADING1.match(p.text)]
    headings2 = [p for p in doc.paragraphs if HEADING2.match(p.text)]
    assert [p.text[:2] for p in headings1] == ["一、", "二、", "三、", "四、"]
    assert len(headings2) >= 6
    expected = [(headings1, "黑体"), (headings2, "楷体_GB2312"), (body_paragraphs(doc), "仿宋_GB2312")]
    for paragraphs, font in expected:
        for p in paragraphs:
            for run in p.runs:
                fonts = run_fonts(run)
                assert fonts["eastAsia"] == font, p.text
                assert fonts["ascii"] == fonts["hAnsi"] == "Times New Roman", p.text
                assert run_size_pt(run) == 16, p.text
    # The defaults name them too, so text typed later in Word gets the body font.
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and fonts.get(qn("w:eastAsiaTheme")) is None


def test_page_numbers_in_songti_on_the_outer_side(doc):
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align, side in ((section.footer, 2, "rightChars"), (section.even_page_footer, 0, "leftChars")):
        p = footer.paragraphs[0]
        assert p.alignment == align and indent(p, side) == 100  # one character in from the edge
        assert p.text == "— 1 —"  # the field's cached value between the dashes
        assert [i.text for i in p._p.iter(qn("w:instrText"))] == [" PAGE "]
        assert {run_fonts(r)["eastAsia"] for r in p.runs} == {"宋体"}
        assert {run_size_pt(r) for r in p.runs} == {14}


# ---- parts in order ------------------------------------------------------------------

def test_parts_in_the_standard_order(doc):
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "关于创先争优活动动员部署阶段\n“回头看”情况的报告"  # broken where a phrase ends
    assert texts[1] == "" and texts[2] == "淮南市委创先争优活动领导小组办公室："
    order = ["一、基本情况", "二、主要做法和成效", "三、存在的问题", "四、下一步工作", "表1　各党支部五个方面完成情况",
             "图1　五个方面完成情况", "附件：回头看情况汇总表", "创先争优活动领导小组办公室", "2010年9月12日"]
    positions = [texts.index(t) for t in order]
    assert positions == sorted(positions)
    kinds = [type(b).__name__ for b in blocks(doc)]
    assert kinds.count("Table") == 2 and kinds[-1] == "Table", "the 版记 is the last thing in the document"


def test_signature_and_date_are_placed_as_for_a_document_without_seal(doc):
    texts = [p.text for p in doc.paragraphs]
    sig = paragraph_by_start(doc, "创先争优活动领导小组办公室")
    day = paragraph_by_start(doc, "2010年9月12日")
    assert texts[texts.index(sig.text) - 1] == "" and texts[texts.index(sig.text) - 2].startswith("附件：")
    # The signature ends two characters from the right; the date starts two characters right of it.
    assert indent(sig, "leftChars") == (28 - 2 - 13) * 100
    assert indent(day, "leftChars") - indent(sig, "leftChars") == 200


def test_colophon_lines_span_the_type_area(doc):
    colophon = blocks(doc)[-1]
    tbl_pr = colophon._tbl.tblPr
    assert int(tbl_pr.find(qn("w:tblW")).get(qn("w:w"))) == round(156 / 25.4 * 1440)
    borders = {el.tag.split("}")[1]: el for el in tbl_pr.find(qn("w:tblBorders"))}
    size = {edge: int(borders[edge].get(qn("w:sz"))) for edge in ("top", "bottom", "insideH")}
    assert size == {"top": 8, "bottom": 8, "insideH": 6}  # 0.35 mm, 0.35 mm, 0.25 mm in eighths of a point
    assert {borders[e].get(qn("w:val")) for e in ("left", "right", "insideV")} == {"nil"}
    rows = [[c.text for c in row.cells] for row in colophon.rows]
    assert rows[0][0] == "抄送：大唐安徽分公司创先争优活动领导小组办公室，厂创先争优活动领导小组成员。"
    assert rows[1] == ["创先争优活动领导小组办公室", "2010年9月12日印发"]
    for row in colophon.rows:
        for run in row.cells[0].paragraphs[0].runs:
            assert run_fonts(run)["eastAsia"] == "仿宋_GB2312" and run_size_pt(run) == 14


def test_chart_is_printed_at_its_own_size_with_a_caption(doc):
    shapes = doc.inline_shapes
    assert len(shapes) == 1
    from reports.chart_model import WIDTH_IN

    assert abs(shapes[0].width.inches - WIDTH_IN) < 0.01 and shapes[0].width <= Mm(156)
    blip = shapes[0]._inline.graphic.graphicData.pic.blipFill.blip
    image = doc.part.related_parts[blip.embed].image
    assert image.content_type == "image/png" and image.px_width == round(WIDTH_IN * DPI)
    caption = doc.paragraphs[[p._p for p in doc.paragraphs].index(shapes[0]._inline.getparent().getparent().getparent()) + 1]
    assert caption.text == "图1　五个方面完成情况"


def test_matrix_table_fits_the_type_area_in_the_body_font(doc, checked):
    _, summary = checked
    table = blocks(doc)[[type(b).__name__ for b in blocks(doc)].index("Table")]
    widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(widths) - 156 * TWIPS_PER_MM) <= len(widths)
    sizes = set()
    for row in table.rows[1:]:
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                assert run_fonts(run)["eastAsia"] == "仿宋_GB2312"
                sizes.add(run_size_pt(run))
    assert len(sizes) == 1 and 10.5 <= sizes.pop() <= 16
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][1] == "第一项\n动员部署"
    assert [r[0] for r in rows[1:-1]] == [summary.branch_names[s] for s in summary.verdicts.index]


# ---- words -------------------------------------------------------------------------

def test_every_branch_appears(doc, checked):
    report, _ = checked
    text = all_text(doc)
    for b in report.settings.branches:
        assert b.full in text, b.full


def test_figures_in_the_text_equal_the_summary(doc, checked):
    report, s = checked
    text = all_text(doc)
    v = s.verdicts
    counts = [int((v == verdict).sum().sum()) for verdict in spec.VERDICTS]
    m = re.search(r"(\d+)个党支部共(\d+)项，合格(\d+)项、补课中(\d+)项、不合格(\d+)项，总体完成率([\d.]+%)", text)
    assert m.groups() == (str(len(v)), str(v.size), *map(str, counts), pct(counts[0] / v.size))
    assert re.search(r"共涉及(\d+)个党支部", text).group(1) == str(len(report.settings.branches))
    members = sum(b.values["member_count"] for b in report.branches)
    assert re.search(r"共有党员(\d+)名", text).group(1) == str(members)
    fills = sorted(b.values["fill_date"] for b in report.branches)
    assert f"填表日期为{chinese_date(fills[0])}至{chinese_date(fills[-1])}" in text
    # One line per criterion, with the notice's wording and the criteria table's counts.
    for c, (_, row) in zip(spec.CRITERIA, s.criteria.iterrows(), strict=True):
        line = next(p for p in text.splitlines() if p.startswith(f"{c.id}.{c.title}。"))
        found = dict(re.findall(r"(合格|补课中|不合格)(\d+)个", line))
        if row["合格"] == len(v):
            assert f"{len(v)}个党支部均合格" in line
        else:
            assert {k: int(n) for k, n in found.items()} == {k: int(row[k]) for k in ("合格", "补课中", "不合格") if row[k]}
            assert f"完成率{pct(row['完成率'])}" in line
    # The table: each branch's verdicts, count and rate; each criterion's rate in the last row.
    table = blocks(doc)[[type(b).__name__ for b in blocks(doc)].index("Table")]
    rows = [[c.text for c in row.cells] for row in table.rows]
    for cells, sheet, (_, row) in zip(rows[1:-1], v.index, s.matrix.iterrows(), strict=True):
        assert cells[0] == row["支部"]
        assert cells[1:6] == [labels.VERDICT_LABELS[v.loc[sheet, c.id]] for c in spec.CRITERIA]
        assert cells[6:] == [str(row["合格项数"]), pct(row["完成率"])]
    assert rows[-1][1:6] == [pct(r) for r in s.criteria["完成率"]]
    # Problems and deadlines: the remedy list's counts and dates.
    found = s.remedies[s.remedies["存在不足"].notna()]
    assert re.search(r"共查找出存在不足(\d+)项", text).group(1) == str(len(found))
    for _, row in s.remedies.iterrows():
        head = f"{row['支部']}{row['项目']}："
        line = next(p for p in text.splitlines() if p.startswith(head) and "补课" not in p[:len(head)] and "责任人" in p)
        assert chinese_date(row["完成时限"]) in line, line


def test_every_number_in_generated_text_comes_from_the_data(doc, checked):
    """Remove what branches typed; every number left must be a count, rate or date the summary holds."""
    report, s = checked
    text = all_text(doc)
    for b in report.branches:
        for value in b.values.values():
            if isinstance(value, str) and len(value) > 3:
                text = text.replace(value.rstrip("。；;，,"), "")
    v = s.verdicts
    allowed = {str(n) for n in range(0, len(spec.CRITERIA) + 1)}  # 第1–5 items and per-branch counts
    allowed |= {str(v.size), str(len(v)), str(len(s.remedies)), str(sum(b.values["member_count"] for b in report.branches))}
    allowed |= {str(int((v == verdict).sum().sum())) for verdict in labels.VERDICT_LABELS}
    allowed |= {pct(r).rstrip("%") for r in [*s.criteria["完成率"], *s.matrix["完成率"]]}
    allowed |= {pct(int((v == spec.COMPLETE).sum().sum()) / v.size).rstrip("%")}
    days = [s.report_date, report.settings.window_start, report.settings.window_end]
    days += [d for b in report.branches for d in b.values.values() if isinstance(d, date)]
    allowed |= {str(part) for d in days for part in (d.year, d.month, d.day)}
    numbers = re.findall(r"\d+(?:\.\d+)?", text)
    assert numbers and set(numbers) <= allowed, sorted(set(numbers) - allowed)


def test_no_cell_addresses_codes_or_hashes(doc):
    text = all_text(doc)
    for block in doc.sections[0].footer.paragraphs + doc.sections[0].even_page_footer.paragraphs:
        text += "\n" + block.text
    assert not re.search(r"\b[A-Z]{1,3}\$?\d+\b", text), re.search(r"\b[A-Z]{1,3}\$?\d+\b", text)
    assert not re.search(r"[A-Za-z]", text), "no Latin letters at all: no codes, names or file tags"
    assert not re.search(r"[0-9a-f]{8,}", text)
    for code in catalogue.CODES:
        assert code not in text
    assert "sample" not in text and "SHA" not in text


def test_writing_does_not_touch_the_source(tmp_path):
    before = SAMPLE.read_bytes()
    write_report_file(SAMPLE, tmp_path / "r.docx", now=NOW)
    assert SAMPLE.read_bytes() == before
