"""The remote-engine harness: xlsx -> Book(json=...) -> actions -> xlsx."""

import datetime as dt

import matplotlib
import openpyxl
import pytest
import xlwings as xw
from openpyxl.workbook.defined_name import DefinedName
from xlwings_harness import apply_actions, load_book, xlsx_to_payload

matplotlib.use("Agg")
import matplotlib.pyplot as plt

DAY = dt.datetime(2024, 3, 1)


@pytest.fixture
def source(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "运一"
    ws["A1"] = "填报日期"
    ws["B1"] = DAY
    ws["B5"] = "待校验"
    ws.defined_names["c1_status"] = DefinedName("c1_status", attr_text="'运一'!$B$5")
    wb.defined_names["report_date"] = DefinedName("report_date", attr_text="'运一'!$B$1")
    wb.create_sheet("运二")
    path = tmp_path / "source.xlsx"
    wb.save(path)
    return path


def test_payload_schema(source):
    payload = xlsx_to_payload(source)
    assert payload["version"] == xw.__version__
    sheet = payload["sheets"][0]
    assert [s["name"] for s in payload["sheets"]] == ["运一", "运二"]
    assert sheet["values"][0] == ["填报日期", "2024-03-01T00:00:00.000Z"]
    assert sheet["values"][1] == ["", ""]
    names = {n["name"]: n for n in payload["names"]}
    assert names["c1_status"]["book_scope"] is False
    assert names["c1_status"]["scope_sheet_index"] == 0
    assert names["report_date"]["book_scope"] is True


def test_round_trip(source, tmp_path):
    book = load_book(source)
    sheet = book.sheets["运一"]
    name = next(n for n in sheet.names if n.name.split("!")[-1] == "c1_status")
    assert name.refers_to_range.value == "待校验"
    assert book.names["report_date"].refers_to_range.value == DAY
    assert sheet["B1"].value == DAY
    assert sheet["A2"].value is None

    name.refers_to_range.value = "已校验"
    sheet["C5"].value = dt.date(2024, 5, 6)
    sheet["B5"].color = (255, 199, 206)
    sheet["B5"].add_note("请核对填报日期")
    summary = book.sheets.add("汇总")
    summary["A1"].value = [["单位", "问题数"], ["运一", 2]]
    fig = plt.figure(figsize=(2, 2))
    plt.plot([1, 2, 3])
    sheet.pictures.add(fig, name="趋势图", update=True, anchor=sheet["D2"])
    sheet.pictures.add(fig, name="趋势图", update=True)
    plt.close(fig)
    book.app.alert("校验完成", title="回头看")

    result = tmp_path / "result.xlsx"
    alerts = apply_actions(book.json()["actions"], source, result)
    assert [(a["title"], a["prompt"]) for a in alerts] == [("回头看", "校验完成")]

    wb = openpyxl.load_workbook(result)
    assert wb.sheetnames == ["运一", "运二", "汇总"]
    ws = wb["运一"]
    assert ws["B5"].value == "已校验"
    assert ws["C5"].value == dt.datetime(2024, 5, 6)
    assert ws["B5"].fill.fgColor.rgb == "FFFFC7CE"
    assert ws["B5"].comment.text == "请核对填报日期"
    assert len(ws._images) == 1
    assert ws._images[0].anchor._from.col == 3 and ws._images[0].anchor._from.row == 1
    assert [[c.value for c in row] for row in wb["汇总"]["A1:B2"]] == [
        ["单位", "问题数"],
        ["运一", 2],
    ]
    assert "c1_status" in wb["运一"].defined_names


def test_unknown_action_is_not_dropped(source, tmp_path):
    with pytest.raises(NotImplementedError, match="rangeMerge"):
        apply_actions([{"func": "rangeMerge"}], source, tmp_path / "out.xlsx")
