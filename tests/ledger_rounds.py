"""Three rounds of the sample, on real files, as the office plays them (issue 14's scenario).

Round 1 (checked 2010-09-12) is the committed sample. Round 2 (2010-09-25): 运一 completes
criterion 4 (已完成 with 开展时间 and 佐证材料), 除灰 writes "已完成，已销号" under its 补课措施,
电气 lets the 2010-09-20 deadline of criterion 3 pass, 化学 clears criterion 5's 补课 fields,
电气 sets a new deadline and an owner for criterion 4, and 运二 registers a new item. Then
the office signs 运一-4-1 off in the ledger, writes a 备注 (formatted), adds a column of its
own and a row of its own. Round 3 (2010-11-05): 电气 completes criterion 3, 运一 finds a new
shortcoming under criterion 4 (a new item), 化学 still says nothing about criterion 5.
"""

from __future__ import annotations

from copy import deepcopy
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import Font, PatternFill

from xladdin.forms.fill import fill_by_names
from xladdin.forms.sample import SAMPLE_VALUES
from xladdin.forms.template import build_template
from xladdin.spec import form
from xladdin.spec import ledger as spec

DATES = {1: date(2010, 9, 12), 2: date(2010, 9, 25), 3: date(2010, 11, 5)}
ROUND_FILES = {n: f"第{n}轮填报表.xlsx" for n in DATES}
CLOSED_BY, CLOSED_ON = "李明", datetime(2010, 10, 20)
NOTE = "已电话核实，待收到报道样稿=再议"
OWN_COLUMN, OWN_VALUE = "督办人", "王主任"
OWN_ROW = "另：厂部督查发现的问题，由办公室单独跟踪"
OWN_SHEET = "督办记录"


def round_values(n: int) -> dict[str, dict[str, object]]:
    values = deepcopy(SAMPLE_VALUES)
    if n == 1:
        return values
    fill = date(2010, 9, 24) if n == 2 else date(2010, 11, 4)
    for branch in values.values():
        branch["fill_date"] = fill
    yunyi, dianqi, huaxue, chuhui, yuner = (values[s] for s in ("运一", "电气", "化学", "除灰", "运二"))
    yunyi.update({"c4_status": "已完成", "c4_date": date(2010, 9, 8), "c4_evidence": "专题讨论会记录、签到表",
                  "c4_actions": "分两批组织全体党员围绕对照一流差什么、立足岗位干什么、学习先进怎么做开展专题讨论。"})
    chuhui["c3_remedy"] = "已完成，已销号。"
    dianqi.update({"c4_owner": "陶煜", "c4_deadline": date(2010, 10, 15)})
    for part in ("shortcomings", "remedy", "owner", "deadline"):
        huaxue.pop(f"c5_{part}")
    yuner.update({"c3_status": "部分完成", "c3_evidence": "学习记录", "c3_shortcomings": "学习记录不全，佐证材料缺失。",
                  "c3_remedy": "补齐学习记录并归档。", "c3_owner": "孙晓燕", "c3_deadline": date(2010, 10, 20)})
    if n == 3:
        dianqi.update({"c3_status": "已完成", "c3_date": date(2010, 10, 12), "c3_evidence": "两次集中学习记录、发言材料"})
        yunyi.update({"c4_status": "部分完成", "c4_shortcomings": "专题讨论记录未归档。",
                      "c4_remedy": "整理两批讨论记录并归档。", "c4_owner": "史泽沛", "c4_deadline": date(2010, 11, 30)})
    return values


def write_round(folder: Path, n: int) -> Path:
    wb = build_template(form.DEFAULT_BRANCHES)
    for sheet, values in round_values(n).items():
        fill_by_names(wb, sheet, {k: v for k, v in values.items() if v not in ("", None)})
    path = folder / ROUND_FILES[n]
    wb.save(path)
    return path


def header_columns(ws, header_row: int = 3) -> dict[str, int]:
    return {c.value: c.column for c in ws[header_row] if c.value}


def row_of(ws, item_id: str, header_row: int = 3) -> int:
    col = header_columns(ws, header_row)[spec.ID]
    return next(r for r in range(header_row + 1, ws.max_row + 1) if ws.cell(r, col).value == item_id)


def office_signs_off(ledger: Path) -> None:
    """What a person does in Excel between rounds 2 and 3, done with openpyxl."""
    wb = load_workbook(ledger)
    ws = wb[spec.LEDGER_SHEET]
    cols = header_columns(ws)
    row = row_of(ws, "运一-4-1")
    ws.cell(row, cols[spec.CLOSED_BY]).value = CLOSED_BY
    ws.cell(row, cols[spec.CLOSED_ON]).value = CLOSED_ON
    note = ws.cell(row_of(ws, "除灰-3-1"), cols[spec.NOTE])
    note.value = NOTE
    note.data_type = "s"  # typed as text: the = is a character here
    note.font = Font(name="楷体", size=11, bold=True, color="FFC00000")
    note.fill = PatternFill("solid", fgColor="FFDDEBF7")
    own = max(cols.values()) + 1
    ws.cell(3, own).value = OWN_COLUMN
    ws.cell(row_of(ws, "电气-3-1"), own).value = OWN_VALUE
    ws.cell(ws.max_row + 1, cols[spec.SHORTCOMINGS]).value = OWN_ROW
    wb.create_sheet(OWN_SHEET)["B2"] = OWN_ROW
    wb.save(ledger)
