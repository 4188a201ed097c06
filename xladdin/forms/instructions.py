"""The 填写说明 sheet: how to fill in the form, the five criteria and the rules, in the notice's words."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from xladdin.forms.sheet_style import (
    HEADER_FILL,
    LABEL_STYLE,
    SHORT_HEIGHT,
    TITLE_HEIGHT,
    cell_font,
    est_height,
    page_setup,
    protect,
    put_merged,
)
from xladdin.spec import form, rules_text
from xladdin.spec.labels import VERDICT_LABELS, VERDICT_SYMBOLS

INSTRUCTION_COLUMNS = {"A": 8, "B": 22, "C": 60, "D": 10}
WORKFLOW = (
    "各党支部在本工作簿中找到以本支部简称命名的工作表（如“运一”），只在浅黄色单元格内填写；灰色标签和标题已锁定。",
    "党支部负责人作为第一责任人，对照下列五个方面，实事求是地回顾总结，查找存在的不足或需要改进和提高的地方。",
    "每个方面先在“完成情况”下拉框中选择“已完成”“部分完成”或“未开展”，再按下表规则填写相应内容。",
    "部分完成或未开展的方面，按照缺什么补什么的原则进行“补课”，写明存在不足、补课措施、责任人和完成时限。",
    "填好后交厂创先争优活动领导小组办公室。办公室点击功能区的“回头看”按钮，工具逐表检查，"
    "在有问题的单元格上标出颜色和批注，在各方面标题右侧写出检查结论，并生成汇总表和报送用的汇总工作簿。",
    "收到标注后按批注修改即可；再次检查时，旧的标注会自动清除，填写的内容不会被改动。",
    f"活动名称、阶段时间、报送单位和党支部名单在“{form.SETTINGS_SHEET}”表中修改。",
)


def branch_workflow(branch: form.Branch) -> tuple[str, ...]:
    """The steps for a file sent to one branch (huitoukan split): its one sheet, and sending the file back.

    Spelled out rather than sliced from WORKFLOW, so rewording the whole template's steps cannot
    put the wrong step here.
    """
    return (
        f"本文件是下发给{branch.full}的填报表，只含“{branch.short}”一张填报工作表。请只在该表的浅黄色单元格内填写；"
        "灰色标签和标题已锁定。",
        "党支部负责人作为第一责任人，对照下列五个方面，实事求是地回顾总结，查找存在的不足或需要改进和提高的地方。",
        "每个方面先在“完成情况”下拉框中选择“已完成”“部分完成”或“未开展”，再按下表规则填写相应内容。",
        "部分完成或未开展的方面，按照缺什么补什么的原则进行“补课”，写明存在不足、补课措施、责任人和完成时限。",
        f"填好后保存本文件，报回厂创先争优活动领导小组办公室。文件名可以改，但请保留“{branch.short}”字样；"
        "不要删除工作表，也不要改工作表名。",
        "办公室把各支部报回的文件合并检查后，会把需要修改的地方退回；按批注修改后再次报回即可，已填写的内容不会被改动。",
        f"“{form.SETTINGS_SHEET}”表由办公室设置，已锁定，请勿改动。",
    )


VERDICT_TEXT = {
    form.COMPLETE: "该方面已按要求填写完整。",
    form.REMEDIATING: "该方面部分完成或未开展，但已写明存在不足、补课措施、责任人和完成时限。",
    form.INCOMPLETE: "该方面缺少必填内容或填写有误，请按批注补充修改。",
}


def _section(ws: Worksheet, row: int, text: str) -> int:
    put_merged(ws, f"A{row}:D{row}", text, font=cell_font(12, bold=True), fill=None, locked=True,
               border=False, align=Alignment(vertical="center"))
    ws.row_dimensions[row].height = SHORT_HEIGHT
    return row + 1


def _numbered(ws: Worksheet, row: int, num: str, text: str, width: float) -> int:
    put_merged(ws, f"A{row}", num, **LABEL_STYLE)
    put_merged(ws, f"B{row}:D{row}", text, font=cell_font(), fill=None, locked=True,
               align=Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1))
    ws.row_dimensions[row].height = est_height(text, width)
    return row + 1


def build_instructions_sheet(wb: Workbook, branch: form.Branch | None = None) -> Worksheet:
    """branch: the sheet of a file sent to that one branch (split); None for the whole template."""
    ws = wb.create_sheet(form.INSTRUCTIONS_SHEET)
    for col, width in INSTRUCTION_COLUMNS.items():
        ws.column_dimensions[col].width = width
    wide = sum(INSTRUCTION_COLUMNS[c] for c in "BCD")
    title = f"{branch.full if branch else ''}{form.DEFAULT_CAMPAIGN}{form.DEFAULT_ROUND}情况表填写说明"
    put_merged(ws, "A1:D1", title, font=cell_font(16, bold=True), fill=None, locked=True, border=False,
               align=Alignment(horizontal="center", vertical="center", wrap_text=True))
    ws.row_dimensions[1].height = TITLE_HEIGHT
    row = _section(ws, 2, "一、填写流程")
    for i, text in enumerate(WORKFLOW if branch is None else branch_workflow(branch), 1):
        row = _numbered(ws, row, str(i), text, wide)
    row = _section(ws, row + 1, "二、“回头看”的五个方面（摘自通知）")
    for c in form.CRITERIA:
        row = _numbered(ws, row, c.ordinal, c.title, wide)
    row = _section(ws, row + 1, "三、完整性检查规则")
    for col, text in zip("ABCD", ("序号", "规则", "要求", "级别"), strict=True):
        put_merged(ws, f"{col}{row}", text, **{**LABEL_STYLE, "fill": HEADER_FILL})
    ws.row_dimensions[row].height = SHORT_HEIGHT - 4
    row += 1
    body = dict(font=cell_font(), fill=None, locked=True,
                align=Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1))
    for i, (rule, req, sev) in enumerate(rules_text.rules_rows(), 1):
        put_merged(ws, f"A{row}", i, **LABEL_STYLE)
        put_merged(ws, f"B{row}", rule, **body)  # type: ignore[arg-type]
        put_merged(ws, f"C{row}", req, **body)  # type: ignore[arg-type]
        red = "C00000" if sev == rules_text.SEVERITY_ERROR else "7F6000"
        put_merged(ws, f"D{row}", sev, font=cell_font(bold=True, color=red), fill=None, locked=True,
                   align=Alignment(horizontal="center", vertical="center"))
        ws.row_dimensions[row].height = max(est_height(req, INSTRUCTION_COLUMNS["C"]),
                                            est_height(rule, INSTRUCTION_COLUMNS["B"]))
        row += 1
    row = _section(ws, row + 1, "四、检查结论")
    for key in form.VERDICTS:
        row = _numbered(ws, row, VERDICT_SYMBOLS[key], f"{VERDICT_LABELS[key]}：{VERDICT_TEXT[key]}", wide)
    page_setup(ws, row - 1, title_rows=None, pages_tall=1)
    protect(ws)
    return ws


# ---- Workbook -------------------------------------------------------------------------
