"""collect --into keeps what the office typed on the master's 回收情况 sheet.

Round one (tests/pending_round.py): 化学 冲突, 运二 未能读取, the rest received. The office then
types on 回收情况: a line in 运一's and in 化学's 说明, a column of its own (核实人) right of the
table, a note beside the title and memo rows under the table. Round two (`collect 收件2 --into`,
with only 运一's corrected file) rewrites the sheet from its rows: every one of those texts must be
in the new sheet, unchanged, once, and the screen says they were kept.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from openpyxl import load_workbook
from pending_round import NAME, pending_inbox, run
from test_collect_older import saved_on
from test_collect_rounds import collection_table

from xladdin.forms.fill import fill_by_names
from xladdin.spec import form
from xladdin.spec.loop_text import COLLECTED_AT_FORMAT, notice

OFFICE_YUNYI = "办公室：已电话核实"
OFFICE_CHEM = "办公室：以更正版为准，待支部书面确认"
MEMO = ("办公室备忘：9月20日前再催一次", "联系人：张三 1234")


def _office_types(master):
    wb = load_workbook(master)
    ws = wb[form.COLLECTION_SHEET]
    header = [c.value for c in ws[3]]
    notes_col = header.index("说明") + 1
    rows = {ws.cell(r, 2).value: r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value}
    yunyi, chem = rows["运一党支部"], rows["化学党支部"]
    ws.cell(yunyi, notes_col).value = OFFICE_YUNYI  # over an empty 说明
    ws.cell(chem, notes_col).value = f"{ws.cell(chem, notes_col).value}\n{OFFICE_CHEM}"  # after ours
    ws.cell(3, 9).value = "核实人"  # a column of the office's own (I; H left empty)
    ws.cell(yunyi, 9).value = "李四"
    ws.cell(1, 9).value = "打印前请核对"
    ws.cell(ws.max_row + 3, 2).value = MEMO[0]
    ws.cell(ws.max_row + 1, 2).value = MEMO[1]
    memo_gap = ws.max_row - 1
    wb.save(master)
    return memo_gap


def _texts(ws):
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_into_keeps_the_office_s_notes_columns_and_memo_rows_on_the_collection_sheet(tmp_path):
    inbox = pending_inbox(tmp_path)
    master = tmp_path / "合并.xlsx"
    assert run("collect", inbox, "-o", master).exit_code == 1  # 冲突, 未能读取
    _office_types(master)
    inbox2 = tmp_path / "收件2"
    inbox2.mkdir()
    wb = load_workbook(next((tmp_path / "下发").glob("运一_*.xlsx")))
    fill_by_names(wb, "运一", {"secretary": "第二轮书记"})
    wb.save(inbox2 / f"运一_{NAME}.xlsx")
    # 运一 corrects its file after round one took its answers in. Saved now, it could carry round one's
    # 收集时间 to the second, and a file saved at or before that time is older (forms.into_master): not taken.
    taken = datetime.strptime(collection_table(master)["运一党支部"]["收集时间"], COLLECTED_AT_FORMAT)
    saved_on(inbox2 / f"运一_{NAME}.xlsx", taken + timedelta(minutes=5))

    second = run("collect", inbox2, "--into", master)
    assert second.exit_code == 1, second.output  # still 待核实

    table = collection_table(master)
    assert table["运一党支部"]["状态"] == "已收到"
    assert table["运一党支部"]["说明"] == OFFICE_YUNYI
    assert table["运一党支部"]["核实人"] == "李四"
    chem = table["化学党支部"]["说明"].split("\n")
    assert chem.count(OFFICE_CHEM) == 1 and chem[0].startswith("化学党支部本轮没有报回新的文件")
    ws = load_workbook(master)[form.COLLECTION_SHEET]
    assert ws["I1"].value == "打印前请核对" and ws["I3"].value == "核实人"
    texts = _texts(ws)
    assert all(texts.count(m) == 1 for m in MEMO)
    memo = [c for row in ws.iter_rows() for c in row if c.value in MEMO]
    assert [c.column_letter for c in memo] == ["B", "B"] and memo[1].row == memo[0].row + 1
    assert "说明：" + notice("office-notes-kept", what="说明、表外的单元格") in second.output
    assert memo[0].row > max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "未采用的文件")

    # A third round carries them again, and still once: our own lines are never taken for the office's.
    inbox3 = tmp_path / "收件3"
    inbox3.mkdir()
    (inbox3 / f"运一_{NAME}.xlsx").write_bytes((inbox2 / f"运一_{NAME}.xlsx").read_bytes())  # same as the master
    assert run("collect", inbox3, "--into", master).exit_code == 1
    table = collection_table(master)
    assert table["运一党支部"]["说明"] == OFFICE_YUNYI
    chem = table["化学党支部"]["说明"].split("\n")
    assert chem.count(OFFICE_CHEM) == 1 and sum(line.startswith("化学党支部本轮没有报回") for line in chem) == 1
    ws = load_workbook(master)[form.COLLECTION_SHEET]
    assert all(_texts(ws).count(m) == 1 for m in MEMO) and ws["I3"].value == "核实人"
