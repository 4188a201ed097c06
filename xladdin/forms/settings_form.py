"""The 设置 sheet: the settings the office changes without code, and the branch list."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from xladdin.forms.sheet_style import (
    HEADER_FILL,
    LABEL_STYLE,
    NOTE_COLOR,
    NOTE_HEIGHT,
    SHORT_HEIGHT,
    TITLE_HEIGHT,
    abs_range,
    abs_ref,
    beside,
    cell_font,
    input_style,
    page_setup,
    protect,
    put_merged,
    split_addr,
    style_range,
)
from xladdin.spec import form


def _setting_value(name: str) -> object:
    start, end = form.DEFAULT_WINDOW
    return {
        "hk_campaign": form.DEFAULT_CAMPAIGN,
        "hk_round": form.DEFAULT_ROUND,
        "hk_window_start": start,
        "hk_window_end": end,
        "hk_recipients": "，".join(form.DEFAULT_RECIPIENTS),
        "hk_org": form.DEFAULT_ORG,
        form.SCOPE_NAME: None,
        form.TEMPLATE_NAME: form.template_label(),
    }[name]


SETTINGS_COLUMNS = {"A": 20, "B": 56, "C": 34}


def build_settings_sheet(wb: Workbook, branches: Sequence[form.Branch]) -> Worksheet:
    ws = wb.create_sheet(form.SETTINGS_SHEET)
    for col, width in SETTINGS_COLUMNS.items():
        ws.column_dimensions[col].width = width
    put_merged(ws, "A1:C1", "设置", font=cell_font(16, bold=True), fill=None, locked=True, border=False,
               align=Alignment(horizontal="center", vertical="center"))
    ws.row_dimensions[1].height = TITLE_HEIGHT
    put_merged(ws, "A2:C2", "办公室可直接修改浅黄色单元格，无需改代码。日期写作 2010-05-01；"
               "新增党支部时在下方名单中添加一行，并新建同名工作表。",
               font=cell_font(10, color=NOTE_COLOR), fill=None, locked=True, border=False,
               align=Alignment(vertical="center", wrap_text=True))
    ws.row_dimensions[2].height = NOTE_HEIGHT
    for s in form.SETTING_FIELDS:
        put_merged(ws, beside(s.cell, -1), s.label, **LABEL_STYLE)
        ws[s.cell] = _setting_value(s.name)
        if s.by_tool:
            style_range(ws, s.cell, **{**LABEL_STYLE, "font": cell_font()})  # type: ignore[arg-type]
        else:
            style_range(ws, s.cell, **input_style(s.kind))  # type: ignore[arg-type]
        ws[s.cell].alignment = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)
        hint = beside(s.cell, 1)
        ws[hint] = s.hint or None
        style_range(ws, hint, font=cell_font(10, color=NOTE_COLOR), fill=None, locked=True,
               align=Alignment(vertical="center", wrap_text=True))
        ws.row_dimensions[split_addr(s.cell)[1]].height = 48 if s.kind in form.WIDE_KINDS else SHORT_HEIGHT
        wb.defined_names[s.name] = DefinedName(s.name, attr_text=abs_ref(ws.title, s.cell))

    head = form.BRANCH_TABLE_HEADER_ROW
    put_merged(ws, f"A{head - 1}:C{head - 1}", "党支部名单（每个党支部一张工作表，工作表名即简称）",
               font=cell_font(bold=True), fill=None, locked=True, border=False,
               align=Alignment(vertical="center"))
    ws.row_dimensions[head - 1].height = SHORT_HEIGHT
    for col, text in (("A", "简称（工作表名）"), ("B", "全称")):
        put_merged(ws, f"{col}{head}", text, **{**LABEL_STYLE, "fill": HEADER_FILL})
    first = form.BRANCH_TABLE_FIRST_ROW
    last = first + form.BRANCH_TABLE_ROWS - 1
    for i, row in enumerate(range(first, last + 1)):
        if i < len(branches):
            ws[f"A{row}"], ws[f"B{row}"] = branches[i].short, branches[i].full
        style_range(ws, f"A{row}:B{row}", **input_style(form.TEXT))  # type: ignore[arg-type]
    wb.defined_names[form.BRANCHES_NAME] = DefinedName(
        form.BRANCHES_NAME, attr_text=abs_range(ws.title, form.BRANCHES_RANGE))
    page_setup(ws, last, title_rows=None, pages_tall=1)
    protect(ws)
    return ws

