"""Build the blank branch-reporting workbook from the spec.

Sheets: 填写说明, 设置, then one form per branch. Every address, label, kind
and hint comes from xladdin.spec; this module only decides how things look.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from xladdin import rules_doc, spec

FONT_NAME = "宋体"
BODY_SIZE = 11
LABEL_FILL = "F2F2F2"
BLOCK_FILL = "DDEBF7"
VERDICT_FILL = "F7F7F7"
HEADER_FILL = "D9D9D9"
BORDER_COLOR = "808080"
NOTE_COLOR = "595959"
DATE_FORMAT = "yyyy-mm-dd"
INT_FORMAT = "0"

# Row heights in points.
TITLE_HEIGHT = 40
NOTE_HEIGHT = 32
SHORT_HEIGHT = 28
SPACER_HEIGHT = 8
BLOCK_TITLE_HEIGHT = 36
LONG_HEIGHT = 60
# Usable height of an A4 page in points at our margins, with the row scale of
# fit-to-width (the four columns are a little wider than the paper allows).
PAGE_BUDGET = 740

NUMERALS = "一二三四五六七八九十"
OVERALL_TITLE = f"{NUMERALS[len(spec.CRITERIA)]}、总体情况"
FORM_NOTE = (
    "请在浅黄色单元格内填写，灰色标签已锁定。完成情况请从下拉框选择；日期可写作 2010-8-16 或 "
    "2010年8月16日。各方面标题右侧的方框是检查结论，由工具填写，请勿改动。"
)
STATUS_ERROR = "请从下拉框选择：" + " / ".join(spec.STATUSES)
COUNT_ERROR = "党员人数应为不小于 1 的整数，如 28。"

_thin = Side(style="thin", color=BORDER_COLOR)
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)


def _font(size: float = BODY_SIZE, bold: bool = False, color: str | None = None) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, color=color)


def _fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


def _split(addr: str) -> tuple[str, int]:
    col, row = coordinate_from_string(addr)
    return col, row


def _shift(col: str, by: int) -> str:
    return get_column_letter(column_index_from_string(col) + by)


def beside(addr: str, by: int) -> str:
    col, row = _split(addr)
    return f"{_shift(col, by)}{row}"


def label_cell(field: spec.Field) -> str:
    """The label sits in the column left of the field's value cell."""
    return beside(field.cell, -1)


def abs_ref(sheet: str, addr: str) -> str:
    col, row = _split(addr)
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!${col}${row}"


def _cells(ws: Worksheet, rng: str) -> list:
    if ":" not in rng:
        return [ws[rng]]
    return [cell for row in ws[rng] for cell in row]


def _style(ws: Worksheet, rng: str, *, font: Font, fill: str | None, locked: bool,
           align: Alignment, border: bool = True, number_format: str | None = None) -> None:
    for cell in _cells(ws, rng):
        cell.font = font
        if fill:
            cell.fill = _fill(fill)
        cell.protection = LOCKED if locked else UNLOCKED
        cell.alignment = align
        if border:
            cell.border = BORDER
        if number_format:
            cell.number_format = number_format


def _merge_put(ws: Worksheet, rng: str, value: object, **style: object) -> None:
    first = rng.split(":")[0]
    ws[first] = value
    _style(ws, rng, **style)  # type: ignore[arg-type]
    if ":" in rng:
        ws.merge_cells(rng)


_LABEL = dict(font=_font(bold=True), fill=LABEL_FILL, locked=True,
              align=Alignment(horizontal="center", vertical="center", wrap_text=True))
_BLANK = dict(font=_font(), fill=None, locked=True, align=Alignment(vertical="center", wrap_text=True))


def _input_style(kind: str) -> dict[str, object]:
    vertical = "top" if kind in spec.WIDE_KINDS else "center"
    fmt = {spec.DATE: DATE_FORMAT, spec.INT: INT_FORMAT}.get(kind)
    centred = kind in (spec.STATUS, spec.DATE, spec.INT)
    align = Alignment(horizontal="center" if centred else "left", vertical=vertical, wrap_text=True,
                      indent=0 if centred else 1)
    return dict(font=_font(), fill=spec.INPUT_FILL, locked=False, number_format=fmt, align=align)


def _value_range(field: spec.Field) -> str:
    if field.kind not in spec.WIDE_KINDS:
        return field.cell
    _, row = _split(field.cell)
    return f"{field.cell}:{spec.LAST_COL}{row}"


def _page_setup(ws: Worksheet, last_row: int, title_rows: str | None = "1:1", pages_tall: int = 0) -> None:
    """A4 portrait, one page wide; pages_tall=0 lets the form run on as long as it needs."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = pages_tall
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.6, right=0.6, top=0.8, bottom=0.8, header=0.4, footer=0.4)
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.print_area = f"A1:{get_column_letter(ws.max_column)}{last_row}"
    ws.oddHeader.right.text = "&A"
    ws.oddHeader.right.size = 9
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.size = 9
    ws.sheet_view.showGridLines = False


def _protect(ws: Worksheet) -> None:
    """Protection on, no password; people may still resize and format."""
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _add_validations(ws: Worksheet, fields: Sequence[spec.Field]) -> None:
    groups: dict[tuple[str, str], DataValidation] = {}
    for f in fields:
        key = (f.kind, f.hint)
        dv = groups.get(key)
        if dv is None:
            dv = _validation(f)
            if dv is None:
                continue
            groups[key] = dv
            ws.add_data_validation(dv)
        dv.add(f.cell)


def _validation(f: spec.Field) -> DataValidation | None:
    if f.kind == spec.STATUS:
        dv = DataValidation(type="list", formula1='"' + ",".join(spec.STATUSES) + '"',
                            showErrorMessage=True, errorTitle="完成情况", error=STATUS_ERROR)
    elif f.kind == spec.INT:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="1",
                            showErrorMessage=True, errorStyle="warning", errorTitle=f.label,
                            error=COUNT_ERROR)
    elif f.hint:
        dv = DataValidation()  # "any value": only the input prompt
    else:
        return None
    dv.allow_blank = True
    if f.hint:
        dv.showInputMessage = True
        dv.promptTitle = f.label
        dv.prompt = f.hint
    return dv


# ---- Branch form -------------------------------------------------------------


def _put_field(ws: Worksheet, f: spec.Field) -> None:
    _merge_put(ws, label_cell(f), f.label, **_LABEL)
    rng = _value_range(f)
    _style(ws, rng, **_input_style(f.kind))  # type: ignore[arg-type]
    if ":" in rng:
        ws.merge_cells(rng)
    ws.defined_names[f.name] = DefinedName(f.name, attr_text=abs_ref(ws.title, f.cell))
    _, row = _split(f.cell)
    height = LONG_HEIGHT if f.kind in spec.WIDE_KINDS else SHORT_HEIGHT
    ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, height)


def _fill_gaps(ws: Worksheet, rows: range) -> None:
    """Blank, locked, bordered cells where a form row has no field."""
    last = column_index_from_string(spec.LAST_COL)
    for row in rows:
        col = 1
        while col <= last:
            cell = ws.cell(row, col)
            if cell.value is not None or cell.coordinate in ws.merged_cells or cell.has_style:
                col += 1
                continue
            end = col
            while end < last and not ws.cell(row, end + 1).has_style:
                end += 1
            rng = f"{get_column_letter(col)}{row}:{get_column_letter(end)}{row}"
            _merge_put(ws, rng if end > col else cell.coordinate, None, **_BLANK)
            col = end + 1


def _block_title(ws: Worksheet, row: int, text: str, verdict: str | None) -> None:
    end = _shift(spec.LAST_COL, -1) if verdict else spec.LAST_COL
    _merge_put(ws, f"A{row}:{end}{row}", text, font=_font(bold=True), fill=BLOCK_FILL, locked=True,
               align=Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1))
    if verdict:
        _style(ws, verdict, font=_font(12, bold=True), fill=VERDICT_FILL, locked=True,
               align=Alignment(horizontal="center", vertical="center", wrap_text=True))
    ws.row_dimensions[row].height = BLOCK_TITLE_HEIGHT


def _page_breaks(ws: Worksheet) -> None:
    """Keep each criterion block on one page: break before a block that would not fit."""
    def height(first: int, last: int) -> float:
        return sum(ws.row_dimensions[r].height or 15 for r in range(first, last + 1))

    units = [(1, spec.BLOCK_TOP - 1)]
    units += [(spec.block_top(c.id), spec.block_top(c.id) + spec.BLOCK_ROWS - 1) for c in spec.CRITERIA]
    units.append((spec.OVERALL_TOP, spec.LAST_ROW))
    repeat = height(spec.TITLE_ROW, spec.TITLE_ROW)
    used = 0.0
    for first, last in units:
        h = height(first, last)
        if used and used + h > PAGE_BUDGET:
            ws.row_breaks.append(Break(id=first - 1))
            used = repeat
        used += h


def build_branch_sheet(wb: Workbook, branch: spec.Branch) -> Worksheet:
    ws = wb.create_sheet(branch.short)
    for col, width in spec.COLUMNS.items():
        ws.column_dimensions[col].width = width
    last = spec.LAST_COL
    _merge_put(ws, f"A{spec.TITLE_ROW}:{last}{spec.TITLE_ROW}", spec.sheet_title(branch.full),
               font=_font(16, bold=True), fill=None, locked=True, border=False,
               align=Alignment(horizontal="center", vertical="center", wrap_text=True))
    ws.row_dimensions[spec.TITLE_ROW].height = TITLE_HEIGHT
    _merge_put(ws, f"A{spec.NOTE_ROW}:{last}{spec.NOTE_ROW}", FORM_NOTE,
               font=_font(10, color=NOTE_COLOR), fill=None, locked=True, border=False,
               align=Alignment(horizontal="left", vertical="center", wrap_text=True))
    ws.row_dimensions[spec.NOTE_ROW].height = NOTE_HEIGHT

    for f in spec.HEADER_FIELDS:
        _put_field(ws, f)
    header_last = max(_split(f.cell)[1] for f in spec.HEADER_FIELDS)
    _fill_gaps(ws, range(spec.HEADER_TOP, header_last + 1))
    for row in range(header_last + 1, spec.BLOCK_TOP):
        ws.row_dimensions[row].height = SPACER_HEIGHT

    for c in spec.CRITERIA:
        _block_title(ws, spec.block_top(c.id), f"{c.ordinal}、{c.title}", spec.verdict_cell(c.id))
        for f in spec.CRITERION_FIELDS[c.id]:
            _put_field(ws, f)
    _block_title(ws, spec.OVERALL_TOP, OVERALL_TITLE, None)
    for f in spec.OVERALL_FIELDS:
        _put_field(ws, f)
    _fill_gaps(ws, range(spec.BLOCK_TOP, spec.LAST_ROW + 1))

    ws[spec.FIELDS_BY_NAME["branch_name"].cell] = branch.full
    _add_validations(ws, spec.FIELDS)
    _page_setup(ws, spec.LAST_ROW)
    _page_breaks(ws)
    ws.freeze_panes = f"A{spec.NOTE_ROW}"
    first_input = spec.FIELDS_BY_NAME["secretary"].cell
    ws.sheet_view.selection[0].activeCell = first_input
    ws.sheet_view.selection[0].sqref = first_input
    _protect(ws)
    return ws


# ---- Settings sheet -------------------------------------------------------------


def _setting_value(name: str) -> object:
    start, end = spec.DEFAULT_WINDOW
    return {
        "hk_campaign": spec.DEFAULT_CAMPAIGN,
        "hk_round": spec.DEFAULT_ROUND,
        "hk_window_start": start,
        "hk_window_end": end,
        "hk_recipients": "，".join(spec.DEFAULT_RECIPIENTS),
        "hk_org": spec.DEFAULT_ORG,
    }[name]


SETTINGS_COLUMNS = {"A": 20, "B": 56, "C": 34}


def build_settings_sheet(wb: Workbook, branches: Sequence[spec.Branch]) -> Worksheet:
    ws = wb.create_sheet(spec.SETTINGS_SHEET)
    for col, width in SETTINGS_COLUMNS.items():
        ws.column_dimensions[col].width = width
    _merge_put(ws, "A1:C1", "设置", font=_font(16, bold=True), fill=None, locked=True, border=False,
               align=Alignment(horizontal="center", vertical="center"))
    ws.row_dimensions[1].height = TITLE_HEIGHT
    _merge_put(ws, "A2:C2", "办公室可直接修改浅黄色单元格，无需改代码。日期写作 2010-05-01；"
               "新增党支部时在下方名单中添加一行，并新建同名工作表。",
               font=_font(10, color=NOTE_COLOR), fill=None, locked=True, border=False,
               align=Alignment(vertical="center", wrap_text=True))
    ws.row_dimensions[2].height = NOTE_HEIGHT
    for s in spec.SETTING_FIELDS:
        _merge_put(ws, beside(s.cell, -1), s.label, **_LABEL)
        ws[s.cell] = _setting_value(s.name)
        _style(ws, s.cell, **_input_style(s.kind))  # type: ignore[arg-type]
        ws[s.cell].alignment = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)
        hint = beside(s.cell, 1)
        ws[hint] = s.hint or None
        _style(ws, hint, font=_font(10, color=NOTE_COLOR), fill=None, locked=True,
               align=Alignment(vertical="center", wrap_text=True))
        ws.row_dimensions[_split(s.cell)[1]].height = 48 if s.kind in spec.WIDE_KINDS else SHORT_HEIGHT
        wb.defined_names[s.name] = DefinedName(s.name, attr_text=abs_ref(ws.title, s.cell))

    head = spec.BRANCH_TABLE_HEADER_ROW
    _merge_put(ws, f"A{head - 1}:C{head - 1}", "党支部名单（每个党支部一张工作表，工作表名即简称）",
               font=_font(bold=True), fill=None, locked=True, border=False,
               align=Alignment(vertical="center"))
    ws.row_dimensions[head - 1].height = SHORT_HEIGHT
    for col, text in (("A", "简称（工作表名）"), ("B", "全称")):
        _merge_put(ws, f"{col}{head}", text, **{**_LABEL, "fill": HEADER_FILL})
    first = spec.BRANCH_TABLE_FIRST_ROW
    last = first + spec.BRANCH_TABLE_ROWS - 1
    for i, row in enumerate(range(first, last + 1)):
        if i < len(branches):
            ws[f"A{row}"], ws[f"B{row}"] = branches[i].short, branches[i].full
        _style(ws, f"A{row}:B{row}", **_input_style(spec.TEXT))  # type: ignore[arg-type]
    wb.defined_names[spec.BRANCHES_NAME] = DefinedName(
        spec.BRANCHES_NAME, attr_text=_abs_range(ws.title, spec.BRANCHES_RANGE))
    _page_setup(ws, last, title_rows=None, pages_tall=1)
    _protect(ws)
    return ws


def _abs_range(sheet: str, rng: str) -> str:
    a, b = rng.split(":")
    return abs_ref(sheet, a) + ":" + abs_ref(sheet, b).split("!")[1]


# ---- Instructions sheet -----------------------------------------------------------

INSTRUCTION_COLUMNS = {"A": 8, "B": 22, "C": 60, "D": 10}
WORKFLOW = (
    "各党支部在本工作簿中找到以本支部简称命名的工作表（如“运一”），只在浅黄色单元格内填写；灰色标签和标题已锁定。",
    "党支部负责人作为第一责任人，对照下列五个方面，实事求是地回顾总结，查找存在的不足或需要改进和提高的地方。",
    "每个方面先在“完成情况”下拉框中选择“已完成”“部分完成”或“未开展”，再按下表规则填写相应内容。",
    "部分完成或未开展的方面，按照缺什么补什么的原则进行“补课”，写明存在不足、补课措施、责任人和完成时限。",
    "填好后交厂创先争优活动领导小组办公室。办公室点击功能区的“回头看”按钮，工具逐表检查，"
    "在有问题的单元格上标出颜色和批注，在各方面标题右侧写出检查结论，并生成汇总表和报送用的汇总工作簿。",
    "收到标注后按批注修改即可；再次检查时，旧的标注会自动清除，填写的内容不会被改动。",
    f"活动名称、阶段时间、报送单位和党支部名单在“{spec.SETTINGS_SHEET}”表中修改。",
)
VERDICT_TEXT = {
    spec.COMPLETE: "该方面已按要求填写完整。",
    spec.REMEDIATING: "该方面部分完成或未开展，但已写明存在不足、补课措施、责任人和完成时限。",
    spec.INCOMPLETE: "该方面缺少必填内容或填写有误，请按批注补充修改。",
}


def _est_height(text: str, width: float, size: float = BODY_SIZE) -> float:
    """Rough row height for wrapped text: CJK glyphs are about two width units."""
    units = sum(1.0 if ord(ch) < 0x2000 else 2.05 for ch in text) * size / 11
    lines = max(1, -(-int(units) // max(1, int(width - 1))))
    return max(SHORT_HEIGHT - 6, lines * size * 1.45 + 8)


def _section(ws: Worksheet, row: int, text: str) -> int:
    _merge_put(ws, f"A{row}:D{row}", text, font=_font(12, bold=True), fill=None, locked=True,
               border=False, align=Alignment(vertical="center"))
    ws.row_dimensions[row].height = SHORT_HEIGHT
    return row + 1


def _numbered(ws: Worksheet, row: int, num: str, text: str, width: float) -> int:
    _merge_put(ws, f"A{row}", num, **_LABEL)
    _merge_put(ws, f"B{row}:D{row}", text, font=_font(), fill=None, locked=True,
               align=Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1))
    ws.row_dimensions[row].height = _est_height(text, width)
    return row + 1


def build_instructions_sheet(wb: Workbook) -> Worksheet:
    ws = wb.create_sheet(spec.INSTRUCTIONS_SHEET)
    for col, width in INSTRUCTION_COLUMNS.items():
        ws.column_dimensions[col].width = width
    wide = sum(INSTRUCTION_COLUMNS[c] for c in "BCD")
    title = f"{spec.DEFAULT_CAMPAIGN}{spec.DEFAULT_ROUND}情况表填写说明"
    _merge_put(ws, "A1:D1", title, font=_font(16, bold=True), fill=None, locked=True, border=False,
               align=Alignment(horizontal="center", vertical="center", wrap_text=True))
    ws.row_dimensions[1].height = TITLE_HEIGHT
    row = _section(ws, 2, "一、填写流程")
    for i, text in enumerate(WORKFLOW, 1):
        row = _numbered(ws, row, str(i), text, wide)
    row = _section(ws, row + 1, "二、“回头看”的五个方面（摘自通知）")
    for c in spec.CRITERIA:
        row = _numbered(ws, row, c.ordinal, c.title, wide)
    row = _section(ws, row + 1, "三、完整性检查规则")
    for col, text in zip("ABCD", ("序号", "规则", "要求", "级别"), strict=True):
        _merge_put(ws, f"{col}{row}", text, **{**_LABEL, "fill": HEADER_FILL})
    ws.row_dimensions[row].height = SHORT_HEIGHT - 4
    row += 1
    body = dict(font=_font(), fill=None, locked=True,
                align=Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1))
    for i, (rule, req, sev) in enumerate(rules_doc.rules_rows(), 1):
        _merge_put(ws, f"A{row}", i, **_LABEL)
        _merge_put(ws, f"B{row}", rule, **body)  # type: ignore[arg-type]
        _merge_put(ws, f"C{row}", req, **body)  # type: ignore[arg-type]
        red = "C00000" if sev == rules_doc.SEVERITY_ERROR else "7F6000"
        _merge_put(ws, f"D{row}", sev, font=_font(bold=True, color=red), fill=None, locked=True,
                   align=Alignment(horizontal="center", vertical="center"))
        ws.row_dimensions[row].height = max(_est_height(req, INSTRUCTION_COLUMNS["C"]),
                                            _est_height(rule, INSTRUCTION_COLUMNS["B"]))
        row += 1
    row = _section(ws, row + 1, "四、检查结论")
    for key, label in spec.VERDICT_LABELS.items():
        row = _numbered(ws, row, spec.VERDICT_SYMBOLS[key], f"{label}：{VERDICT_TEXT[key]}", wide)
    _page_setup(ws, row - 1, title_rows=None, pages_tall=1)
    _protect(ws)
    return ws


# ---- Workbook -------------------------------------------------------------------------


def build_template(branches: Sequence[spec.Branch] = spec.DEFAULT_BRANCHES) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    build_instructions_sheet(wb)
    build_settings_sheet(wb, branches)
    for b in branches:
        build_branch_sheet(wb, b)
    wb.active = 0
    return wb


def save_template(path: str | PathLike[str], branches: Sequence[spec.Branch] = spec.DEFAULT_BRANCHES) -> None:
    build_template(branches).save(path)
