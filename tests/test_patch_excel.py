"""The parts the patching writer writes have the structure Excel gives them (issue 17).

Excel repairs a workbook silently where LibreOffice forgives, so every part is
compared with one Excel itself saved (tests/excel_made/, from XlsxWriter's
BSD test suite): notes and their VML drawing, the sheet's relationships and
element order, content types, cell formats, defined names, protection. And
marks applied to Excel's own files keep what Excel wrote.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from conftest import remediating_values, valid_values
from openpyxl import load_workbook

from xladdin.marks.patch.sheet import ORDER
from xladdin.marks.patch.writer import OPENPYXL, PATCH
from xladdin.marks.plan import NOTE_AUTHOR, NOTE_SEPARATOR, CellMark, MarkPlan
from xladdin.marks.xlsx import write_marked

EXCEL = Path(__file__).parent / "excel_made"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
V, OFFICE, X = ("{urn:schemas-microsoft-com:vml}", "{urn:schemas-microsoft-com:office:office}",
           "{urn:schemas-microsoft-com:office:excel}")


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def excel(name: str, tmp_path: Path) -> Path:
    dst = tmp_path / name
    shutil.copy(EXCEL / name, dst)
    dst.chmod(0o644)
    return dst


def _tags(el: ET.Element) -> list[str]:
    return [c.tag for c in el]


def _broken(make_book) -> Path:
    values = valid_values()
    values["c1_evidence"] = None
    remediating_values(values, 4)
    values["c4_owner"] = "无"
    return make_book({"运一": values, "电气": values | {"branch_name": "电气党支部"}})


def _marked(make_book, tmp_path) -> dict[str, bytes]:
    from xladdin.jobs import check_file, plan_for

    src = _broken(make_book)
    result = write_marked(src, tmp_path / "m.xlsx", plan_for(check_file(src)))
    assert result.writer == PATCH
    return parts(result.path)


def test_notes_are_written_as_excel_writes_them(make_book, tmp_path):
    ours, theirs = _marked(make_book, tmp_path), parts(EXCEL / "comment01.xlsx")
    comments = [n for n in ours if re.fullmatch(r"xl/comments\d+\.xml", n)]
    assert len(comments) == 2
    ref = ET.fromstring(theirs["xl/comments1.xml"])
    for name in comments:
        root = ET.fromstring(ours[name])
        assert root.tag == ref.tag and _tags(root) == _tags(ref)  # authors, then commentList
        assert [a.text for a in root.find(f"{MAIN}authors")] == [NOTE_AUTHOR]
        for comment in root.find(f"{MAIN}commentList"):
            assert set(comment.attrib) == {"ref", "authorId"}
            run = comment.find(f"{MAIN}text/{MAIN}r")
            assert _tags(run) == [f"{MAIN}rPr", f"{MAIN}t"]
            assert {c.tag for c in run.find(f"{MAIN}rPr")} <= {f"{MAIN}{t}" for t in
                                                                ("sz", "color", "rFont", "family", "charset", "b")}


def test_the_vml_drawing_is_excels(make_book, tmp_path):
    ours, theirs = _marked(make_book, tmp_path), parts(EXCEL / "comment01.xlsx")
    ref = ET.fromstring(theirs["xl/drawings/vmlDrawing1.vml"])
    ref_shape = ref.find(f"{V}shape")
    blocks = []
    for name in [n for n in ours if n.endswith(".vml")]:
        root = ET.fromstring(ours[name])
        assert _tags(root)[:2] == _tags(ref)[:2] == [f"{OFFICE}shapelayout", f"{V}shapetype"]
        assert root.find(f"{V}shapetype").attrib == ref.find(f"{V}shapetype").attrib
        block = int(root.find(f"{OFFICE}shapelayout/{OFFICE}idmap").get("data"))
        blocks.append(block)
        for shape in root.findall(f"{V}shape"):
            assert set(shape.attrib) == set(ref_shape.attrib)
            assert block * 1024 < int(shape.get("id").removeprefix("_x0000_s")) < (block + 1) * 1024
            client = shape.find(f"{X}ClientData")
            assert client.get("ObjectType") == "Note"
            assert _tags(client) == _tags(ref_shape.find(f"{X}ClientData"))
            assert len(client.findtext(f"{X}Anchor").split(",")) == 8
            assert [c.tag for c in shape][:5] == [c.tag for c in ref_shape][:5]
    assert len(blocks) == 2 and len(set(blocks)) == 2  # each drawing its own block of shape ids


def test_rels_content_types_and_element_order(make_book, tmp_path):
    ours, theirs = _marked(make_book, tmp_path), parts(EXCEL / "comment01.xlsx")
    types = ET.fromstring(ours["[Content_Types].xml"])
    ref_types = ET.fromstring(theirs["[Content_Types].xml"])
    vml = lambda root: {e.get("ContentType") for e in root if e.get("Extension") == "vml"}  # noqa: E731
    assert vml(types) == vml(ref_types)
    comment_type = {e.get("ContentType") for e in ref_types if "comments" in e.get("PartName", "")}
    for name in [n for n in ours if re.fullmatch(r"xl/comments\d+\.xml", n)]:
        assert {e.get("ContentType") for e in types if e.get("PartName") == f"/{name}"} == comment_type
    for name in [n for n in ours if n.startswith("xl/worksheets/_rels/")]:
        rels = ET.fromstring(ours[name])
        kinds = sorted(e.get("Type").rsplit("/", 1)[1] for e in rels)
        assert kinds == ["comments", "vmlDrawing"]
        sheet = ET.fromstring(ours[name.replace("_rels/", "").removesuffix(".rels")])
        drawing = sheet.find(f"{MAIN}legacyDrawing").get(
            "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        assert next(e for e in rels if e.get("Id") == drawing).get("Type").endswith("/vmlDrawing")
        assert sheet.find(f"{MAIN}pageSetup").get("cellComments") == "atEnd"
    for name in [n for n in ours if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]:
        order = [ORDER.index(c.tag.removeprefix(MAIN)) for c in ET.fromstring(ours[name])]
        assert order == sorted(order), name  # the schema's order, or Excel repairs the sheet
    # The list's links jump inside the workbook as Excel writes them: a location, no relationship.
    issues = next(ET.fromstring(v) for k, v in ours.items() if k.startswith("xl/worksheets/sheet") and b"<hyperlinks>" in v)
    links = issues.find(f"{MAIN}hyperlinks")
    assert links and all(h.get("location") and not h.attrib.keys() & {"{http://schemas.openxmlformats.org/"
                                                                       "officeDocument/2006/relationships}id"}
                         for h in links)


def test_a_note_excel_wrote_keeps_its_text_author_and_formatting(tmp_path):
    src = excel("comment01.xlsx", tmp_path)
    plan = MarkPlan(cells=[CellMark("Sheet1", "B2", "error", "错误：请补充。"), CellMark("Sheet1", "C3", "warning", "提示")],
                    input_cells={"Sheet1": ["B2", "C3"]})
    first = write_marked(src, tmp_path / "m1.xlsx", plan)
    assert first.writer == PATCH
    ws = load_workbook(first.path)["Sheet1"]
    assert ws["B2"].comment.text == f"Some text\n{NOTE_SEPARATOR}\n错误：请补充。"
    assert ws["B2"].comment.author == "John" and ws["C3"].comment.author == NOTE_AUTHOR
    comments = parts(first.path)["xl/comments1.xml"]
    assert b'<rFont val="Tahoma"/>' in comments and b"<t>Some text</t>" in comments  # John's run, as he wrote it
    # Again with another finding: John's part once, ours replaced.
    again = write_marked(first.path, tmp_path / "m2.xlsx", MarkPlan(
        cells=[CellMark("Sheet1", "B2", "warning", "提示：另一条。")], input_cells={"Sheet1": ["B2", "C3"]}))
    ws = load_workbook(again.path)["Sheet1"]
    assert ws["B2"].comment.text == f"Some text\n{NOTE_SEPARATOR}\n提示：另一条。" and ws["C3"].comment is None
    assert b'<rFont val="Tahoma"/>' in parts(again.path)["xl/comments1.xml"]
    # Nothing to mark: John's note as it was, and our drawing shapes gone with our notes.
    clear = write_marked(again.path, tmp_path / "m3.xlsx", MarkPlan(input_cells={"Sheet1": ["B2", "C3"]}))
    ws = load_workbook(clear.path)["Sheet1"]
    assert (ws["B2"].comment.text, ws["B2"].comment.author) == ("Some text", "John") and ws["C3"].comment is None
    assert parts(clear.path)["xl/drawings/vmlDrawing1.vml"].count(b"<v:shape ") == 1


def test_drawings_on_other_sheets_keep_their_blocks(tmp_path):
    src = excel("comment04.xlsx", tmp_path)
    plan = MarkPlan(cells=[CellMark("Sheet2", "A1", "error", "错误"), CellMark("Sheet1", "D4", "error", "错误")],
                    input_cells={"Sheet1": ["D4"], "Sheet2": ["A1"]})
    out = write_marked(src, tmp_path / "m.xlsx", plan)
    assert out.writer == PATCH
    written = parts(out.path)
    blocks = [re.search(rb'data="([\d,]+)"', written[n])[1] for n in written if n.endswith(".vml")]
    assert len(blocks) == 3 and len(set(blocks)) == 3
    wb = load_workbook(out.path)
    assert wb["Sheet3"]["C7"].comment.text == "More text"  # untouched sheet, untouched note


def test_defined_names_follow_their_sheets_when_the_list_goes_first(tmp_path):
    src = excel("defined_name01.xlsx", tmp_path)
    before = load_workbook(src)
    out = write_marked(src, tmp_path / "m.xlsx", MarkPlan())
    assert out.writer == PATCH
    after = load_workbook(out.path)
    assert after.sheetnames == ["问题清单", *before.sheetnames]
    assert {k: v.attr_text for k, v in after.defined_names.items()} == \
        {k: v.attr_text for k, v in before.defined_names.items()}
    for ws in before.worksheets:
        assert {k: v.attr_text for k, v in after[ws.title].defined_names.items()} == \
            {k: v.attr_text for k, v in ws.defined_names.items()}, ws.title
    assert after["Sheet1"].print_area == before["Sheet1"].print_area
    assert after["问题清单"].print_title_rows == "$3:$3"


def test_protection_and_formats_excel_wrote_are_kept(tmp_path):
    src = excel("protect02.xlsx", tmp_path)
    plan = MarkPlan(cells=[CellMark("Sheet1", "A3", "error", "错误")], input_cells={"Sheet1": ["A1", "A2", "A3"]})
    out = write_marked(src, tmp_path / "m.xlsx", plan)
    sheet = next(v for k, v in parts(out.path).items() if k.startswith("xl/worksheets/sheet1"))
    assert b'<sheetProtection sheet="1" objects="1" scenarios="1"/>' in sheet
    ws = load_workbook(out.path)["Sheet1"]
    assert ws["A3"].fill.fgColor.rgb.endswith("FFC7CE")
    assert (ws["A3"].protection.locked, ws["A3"].protection.hidden) == (False, True)  # as Excel had it
    assert ws["A2"].protection.locked is False and ws["A1"].value == 1


def test_cell_formats_are_cloned_once(tmp_path):
    src = excel("format01.xlsx", tmp_path)
    plan = MarkPlan(cells=[CellMark("Sheet1", "A1", "error", "错误"), CellMark("Sheet1", "A2", "error", "错误")],
                    input_cells={"Sheet1": ["A1", "A2"]})
    first = write_marked(src, tmp_path / "m1.xlsx", plan)
    again = write_marked(first.path, tmp_path / "m2.xlsx", plan)
    counts = [int(re.search(rb'<cellXfs count="(\d+)"', parts(p)["xl/styles.xml"])[1]) for p in (first.path, again.path)]
    assert counts[0] == counts[1]  # a re-run reuses the formats it made
    styles = ET.fromstring(parts(again.path)["xl/styles.xml"])
    for name, child in (("fonts", "font"), ("fills", "fill"), ("borders", "border"), ("cellXfs", "xf")):
        lst = styles.find(f"{MAIN}{name}")
        assert int(lst.get("count")) == len(lst.findall(f"{MAIN}{child}"))
    sizes = {k: len(styles.find(f"{MAIN}{k}")) for k in ("fonts", "fills", "borders")}
    for xf in styles.find(f"{MAIN}cellXfs"):
        assert int(xf.get("fontId")) < sizes["fonts"] and int(xf.get("fillId")) < sizes["fills"]
        assert int(xf.get("borderId")) < sizes["borders"]
    wb = load_workbook(again.path)["Sheet1"]
    assert wb["A1"].fill.fgColor.rgb.endswith("FFC7CE") and wb["A1"].value == "Foo"


def test_a_form_control_in_the_drawing_goes_to_openpyxl(tmp_path):
    src = excel("button01.xlsx", tmp_path)
    out = write_marked(src, tmp_path / "m.xlsx", MarkPlan(cells=[CellMark("Sheet1", "A1", "error", "错误")],
                                                          input_cells={"Sheet1": ["A1"]}))
    assert out.writer == OPENPYXL and "form controls" in out.reason and "表单控件" in out.describe()
    assert load_workbook(out.path)["Sheet1"]["A1"].comment is not None


@pytest.mark.parametrize("name", ["comment01.xlsx", "defined_name01.xlsx", "format01.xlsx", "protect02.xlsx"])
def test_parts_we_do_not_change_are_copied_byte_for_byte(tmp_path, name):
    src = excel(name, tmp_path)
    out = write_marked(src, tmp_path / "m.xlsx", MarkPlan())
    before, after = parts(src), parts(out.path)
    for part in ("xl/theme/theme1.xml", "docProps/core.xml"):
        assert after[part] == before[part]
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out.path) as b:
        assert a.getinfo("xl/theme/theme1.xml").compress_size == b.getinfo("xl/theme/theme1.xml").compress_size
