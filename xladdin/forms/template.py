"""Build the blank branch-reporting workbook from the spec.

Sheets: 填写说明, 设置, then one form per branch. Every address, label, kind
and hint comes from xladdin.spec; this module only decides how things look.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from xladdin.core.a1 import column_index
from xladdin.errors import UserError
from xladdin.forms.instructions import build_instructions_sheet
from xladdin.forms.settings_form import build_settings_sheet
from xladdin.forms.sheet_style import (
    BLANK_STYLE,
    BLOCK_FILL,
    BLOCK_TITLE_HEIGHT,
    LABEL_STYLE,
    LONG_HEIGHT,
    NOTE_COLOR,
    NOTE_HEIGHT,
    SHORT_HEIGHT,
    SPACER_HEIGHT,
    TITLE_HEIGHT,
    VERDICT_FILL,
    abs_ref,
    cell_font,
    input_style,
    label_cell,
    page_setup,
    protect,
    put_merged,
    shift_col,
    split_addr,
    style_range,
    value_range,
)
from xladdin.spec import form

# Usable height of an A4 portrait page in points at our margins (0.8 inch top and bottom,
# with the header and footer inside them).
PAGE_BUDGET = 720
PAGE_WIDTH = (8.27 - 2 * 0.6) * 72  # A4 portrait less the side margins
NUMERALS = "一二三四五六七八九十"
OVERALL_TITLE = f"{NUMERALS[len(form.CRITERIA)]}、总体情况"
FORM_NOTE = (
    "请在浅黄色单元格内填写，灰色标签已锁定。完成情况请从下拉框选择；日期可写作 2010-8-16 或 "
    "2010年8月16日。各方面标题右侧的方框是检查结论，由工具填写，请勿改动。"
)
STATUS_ERROR = "请从下拉框选择：" + " / ".join(form.STATUSES)
COUNT_ERROR = "党员人数应为不小于 1 的整数，如 28。"


def _add_validations(ws: Worksheet, fields: Sequence[form.Field]) -> None:
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


def _validation(f: form.Field) -> DataValidation | None:
    if f.kind == form.STATUS:
        dv = DataValidation(type="list", formula1='"' + ",".join(form.STATUSES) + '"',
                            showErrorMessage=True, errorTitle="完成情况", error=STATUS_ERROR)
    elif f.kind == form.INT:
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


def _put_field(ws: Worksheet, f: form.Field) -> None:
    put_merged(ws, label_cell(f), f.label, **LABEL_STYLE)
    rng = value_range(f)
    style_range(ws, rng, **input_style(f.kind))  # type: ignore[arg-type]
    if ":" in rng:
        ws.merge_cells(rng)
    ws.defined_names[f.name] = DefinedName(f.name, attr_text=abs_ref(ws.title, f.cell))
    _, row = split_addr(f.cell)
    height = LONG_HEIGHT if f.kind in form.WIDE_KINDS else SHORT_HEIGHT
    ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, height)


def _fill_gaps(ws: Worksheet, rows: range) -> None:
    """Blank, locked, bordered cells where a form row has no field."""
    last = column_index(form.LAST_COL)
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
            put_merged(ws, rng if end > col else cell.coordinate, None, **BLANK_STYLE)
            col = end + 1


def _block_title(ws: Worksheet, row: int, text: str, verdict: str | None) -> None:
    end = shift_col(form.LAST_COL, -1) if verdict else form.LAST_COL
    put_merged(ws, f"A{row}:{end}{row}", text, font=cell_font(bold=True), fill=BLOCK_FILL, locked=True,
               align=Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1))
    if verdict:
        style_range(ws, verdict, font=cell_font(12, bold=True), fill=VERDICT_FILL, locked=True,
               align=Alignment(horizontal="center", vertical="center", wrap_text=True))
    ws.row_dimensions[row].height = BLOCK_TITLE_HEIGHT


def _two_pages(ws: Worksheet) -> None:
    """A branch form prints on two A4 pages, no block split: one break between blocks, one scale.

    The break goes where the two pages come out most even; the scale shrinks the
    taller page to fit. Excel and LibreOffice both honour a manual break with a fixed
    scale (fit-to-page would ignore the break).
    """
    def height(first: int, last: int) -> float:
        return sum(ws.row_dimensions[r].height or 15 for r in range(first, last + 1))

    repeat = height(form.TITLE_ROW, form.TITLE_ROW)  # the title row repeats on page two
    tops = [form.block_top(c.id) for c in form.CRITERIA[1:]] + [form.OVERALL_TOP]
    best = min(tops, key=lambda top: max(height(1, top - 1), repeat + height(top, form.LAST_ROW)))
    tallest = max(height(1, best - 1), repeat + height(best, form.LAST_ROW))
    ws.row_breaks.append(Break(id=best - 1))
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = min(100, int(PAGE_BUDGET * 100 / tallest), int(PAGE_WIDTH * 100 / _form_width()))


def _form_width() -> float:
    """The form's width in points as the widest-drawing spreadsheet lays it out.

    A column width counts characters of the default font: Excel draws one in about 7 px,
    LibreOffice (measured here, with its substitute fonts) in about 9.3 px at 96 dpi.
    """
    return sum((w * 9.3 + 5) * 0.75 for w in form.COLUMNS.values())


def build_branch_sheet(wb: Workbook, branch: form.Branch) -> Worksheet:
    ws = wb.create_sheet(branch.short)
    for col, width in form.COLUMNS.items():
        ws.column_dimensions[col].width = width
    last = form.LAST_COL
    put_merged(ws, f"A{form.TITLE_ROW}:{last}{form.TITLE_ROW}", form.sheet_title(branch.full),
               font=cell_font(16, bold=True), fill=None, locked=True, border=False,
               align=Alignment(horizontal="center", vertical="center", wrap_text=True))
    ws.row_dimensions[form.TITLE_ROW].height = TITLE_HEIGHT
    put_merged(ws, f"A{form.NOTE_ROW}:{last}{form.NOTE_ROW}", FORM_NOTE,
               font=cell_font(10, color=NOTE_COLOR), fill=None, locked=True, border=False,
               align=Alignment(horizontal="left", vertical="center", wrap_text=True))
    ws.row_dimensions[form.NOTE_ROW].height = NOTE_HEIGHT

    for f in form.HEADER_FIELDS:
        _put_field(ws, f)
    header_last = max(split_addr(f.cell)[1] for f in form.HEADER_FIELDS)
    _fill_gaps(ws, range(form.HEADER_TOP, header_last + 1))
    for row in range(header_last + 1, form.BLOCK_TOP):
        ws.row_dimensions[row].height = SPACER_HEIGHT

    for c in form.CRITERIA:
        _block_title(ws, form.block_top(c.id), f"{c.ordinal}、{c.title}", form.verdict_cell(c.id))
        for f in form.CRITERION_FIELDS[c.id]:
            _put_field(ws, f)
    _block_title(ws, form.OVERALL_TOP, OVERALL_TITLE, None)
    for f in form.OVERALL_FIELDS:
        _put_field(ws, f)
    _fill_gaps(ws, range(form.BLOCK_TOP, form.LAST_ROW + 1))

    ws[form.FIELDS_BY_NAME["branch_name"].cell] = branch.full
    _add_validations(ws, form.FIELDS)
    page_setup(ws, form.LAST_ROW)
    _two_pages(ws)
    ws.freeze_panes = f"A{form.NOTE_ROW}"
    first_input = form.FIELDS_BY_NAME["secretary"].cell
    ws.sheet_view.selection[0].activeCell = first_input
    ws.sheet_view.selection[0].sqref = first_input
    protect(ws)
    return ws


# ---- Settings sheet -------------------------------------------------------------


def build_template(branches: Sequence[form.Branch] = form.DEFAULT_BRANCHES) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    build_instructions_sheet(wb)
    build_settings_sheet(wb, branches)
    for b in branches:
        build_branch_sheet(wb, b)
    wb.active = 0
    return wb


def save_template(path: str | PathLike[str], branches: Sequence[form.Branch] = form.DEFAULT_BRANCHES) -> None:
    build_template(branches).save(path)


def parse_branches(text: str | None) -> tuple[form.Branch, ...]:
    """Branches from "运一,电气,化学" (commas of either width or 、); the notice's six when empty."""
    if not text:
        return form.DEFAULT_BRANCHES
    names = [n.strip() for n in text.replace("，", ",").replace("、", ",").split(",")]
    names = [n for n in names if n]
    bad = [n for n in names if n in form.RESERVED_SHEETS or any(ch in n for ch in "[]:*?/\\'") or len(n) > 31]
    if bad:
        raise UserError("branch-name-bad", name=bad[0])
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise UserError("branch-name-repeated", name=dupes[0])
    if not names:
        raise UserError("branches-empty")
    if len(names) > form.BRANCH_TABLE_ROWS:
        # The 设置 sheet's branch table has this many rows: a branch beyond it would get a sheet
        # but no place in the list, and split would send it no file.
        raise UserError("branches-too-many", count=len(names), limit=form.BRANCH_TABLE_ROWS)
    return tuple(form.Branch(n, n if n.endswith("支部") else f"{n}党支部") for n in names)
