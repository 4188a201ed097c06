"""Move what branches typed from a damaged or edited workbook into a fresh template.

A field is found through its sheet-scoped defined name (the contract). Where
the names are gone, the spec's address is used only if the label beside it
(and, for a criterion, the block title above) is still the template's: a
sheet with rows inserted and names lost must not pour criterion one into two.
Everything that could not be moved is reported, never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from xladdin.core.normalize import clean_text
from xladdin.errors import UserError
from xladdin.spec import form
from xladdin.xlsx.package import open_package
from xladdin.xlsx.parts import WorkbookInfo, read_workbook_info, scan_merges, split_ref
from xladdin.xlsx.read import library_errors, merge_boxes, merge_hiding
from xladdin.xlsx.sources import open_cell_source
from xladdin.xlsx.targets import FIELD_NAMES, within_form
from xladdin.xlsx.write import atomic_write, refuse_same_file


@dataclass
class RepairResult:
    moved: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def repair_workbook(source: str | Path, target: str | Path, replace: bool = False) -> RepairResult:
    """replace: target may exist (the caller made room for it: xlsx.write.make_room)."""
    source, target = Path(source), Path(target)
    refuse_same_file(source, target)
    with open_package(source) as archive:
        info = read_workbook_info(archive)
        merges = {s.name: scan_merges(archive, s.part) for s in info.sheets if s.kind == "worksheet"}
    result = RepairResult()
    with library_errors(source), open_cell_source(source, info) as cells:
        found = _locate(info, cells, result)
        setting_values = _settings(info, cells)
        values = _values(found, cells, merges, result)
    if not values:
        raise UserError("repair-nothing", name=source.name)
    wb = _fresh(info, values, setting_values)
    atomic_write(target, wb.save, replace=replace)
    return result


def _locate(info: WorkbookInfo, cells, result: RepairResult) -> dict[str, dict[str, tuple[str, str]]]:
    """Sheet -> field -> (sheet, cell) to copy from, by name first, then by verified spec address."""
    worksheets = [s.name for s in info.sheets if s.kind == "worksheet" and s.name not in form.RESERVED_SHEETS]
    by_name: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    for n in info.names:
        target = split_ref(n.refers_to)
        usable = target is not None and target[0] in worksheets and within_form(target[1])
        if usable and n.local_sheet in worksheets and n.name in FIELD_NAMES:
            by_name[n.local_sheet][n.name] = target
    states = {s.name: s.state for s in info.sheets}
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for sheet in worksheets:
        refs = dict(by_name.get(sheet, {}))
        missing = [f for f in form.FIELDS if f.name not in refs]
        if missing:
            verified = _verified_by_label(cells, sheet, missing)
            refs.update({name: (sheet, form.FIELDS_BY_NAME[name].cell) for name in verified})
            lost = [f.label if f.criterion is None else f"第{form.criterion(f.criterion).ordinal}项{f.label}"
                    for f in missing if f.name not in verified]
            if refs and lost:
                result.problems.append(
                    f"【{sheet}】{len(lost)} 项既没有定义名称，模板位置上的标签也对不上，未迁移：{'、'.join(lost[:10])}"
                    f"{'…' if len(lost) > 10 else ''}。请对照原表手工填写。"
                )
            elif missing and verified:
                result.notes.append(f"【{sheet}】{len(verified)} 项的定义名称丢失，已核对标签后按模板位置迁移。")
        if refs:
            out[sheet] = refs
            if states.get(sheet, "visible") != "visible":
                result.notes.append(f"【{sheet}】原为隐藏工作表，新工作簿中已取消隐藏。")
    return out


def _verified_by_label(cells, sheet: str, fields: list[form.Field]) -> set[str]:
    from xladdin.forms.sheet_style import label_cell

    wanted = {label_cell(f) for f in fields} | {f"A{form.block_top(c.id)}" for c in form.CRITERIA}
    seen = {k: clean_text(v) for k, v in cells.read(sheet, wanted).items()}
    ok = set()
    for f in fields:
        if seen.get(label_cell(f)) != f.label:
            continue
        if f.criterion is not None and form.criterion(f.criterion).title not in seen.get(f"A{form.block_top(f.criterion)}", ""):
            continue  # rows moved: this label belongs to another criterion's block
        ok.add(f.name)
    return ok


def _settings(info: WorkbookInfo, cells) -> dict[str, object]:
    refs = {}
    for n in info.names:
        target = split_ref(n.refers_to)
        if n.local_sheet is None and n.name in form.SETTINGS_BY_NAME and target and within_form(target[1]):
            refs[n.name] = target
    by_sheet: dict[str, set[str]] = defaultdict(set)
    for sheet, cell in refs.values():
        by_sheet[sheet].add(cell)
    present = set(info.sheet_names())
    read = {sheet: cells.read(sheet, wanted) for sheet, wanted in by_sheet.items() if sheet in present}
    return {name: read.get(sheet, {}).get(cell) for name, (sheet, cell) in refs.items()}


def _values(found, cells, merges, result: RepairResult) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for sheet, refs in found.items():
        wanted: dict[str, set[str]] = defaultdict(set)
        for src_sheet, cell in refs.values():
            wanted[src_sheet].add(cell)
        read = {s: cells.read(s, c) for s, c in wanted.items()}
        values = {}
        for fname, (src_sheet, cell) in refs.items():
            if hiding := merge_hiding(cell, merge_boxes(merges.get(src_sheet, ()))):
                result.problems.append(f"【{sheet}】{cell}（{form.FIELDS_BY_NAME[fname].label}）被合并进 {hiding}，内容无法读取，未迁移。")
                continue
            value = read.get(src_sheet, {}).get(cell)
            if formula := cells.formula(src_sheet, cell):
                if value is None:
                    # No saved result: nothing to move, and the formula would point at the old layout.
                    result.problems.append(
                        f"【{sheet}】{cell} 是公式 {formula}，文件中没有保存计算结果，未迁移。"
                        "请在 Excel 中打开原文件保存一次后重新修复，或在新表中直接填写。"
                    )
                else:
                    result.notes.append(f"【{sheet}】{cell} 是公式，已按其计算结果迁移为数值。")
            if value is not None:
                values[fname] = value
        out[sheet] = values
        result.moved += len(values)
    return out


def _fresh(info: WorkbookInfo, values: dict[str, dict[str, object]], setting_values: dict[str, object]):
    from xladdin.forms.fill import fill_by_names
    from xladdin.forms.template import build_template
    from xladdin.xlsx.text import set_text

    branches = []
    for sheet in values:
        full = clean_text(values[sheet].get("branch_name")) or f"{sheet}党支部"
        branches.append(form.Branch(sheet, full))
    wb = build_template(branches)
    for sheet, fields in values.items():
        fill_by_names(wb, sheet, fields)
    for name, value in setting_values.items():
        if value is not None and name in wb.defined_names:
            for title, coord in wb.defined_names[name].destinations:
                set_text(wb[title][coord.replace("$", "")], value)
    return wb
