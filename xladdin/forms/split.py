"""Split the office's workbook into one file per branch, to send out: `<简称>_<original name>.xlsx`.

Each file is built fresh from the current template, so drop-downs, defined
names, styles, protection and print setup are the template's: 填写说明 written
for that one branch, 设置 locked with the full branch list (collect knows every
branch from any returned file) and the scope set to that branch, and the
branch's own sheet. From a filled master (round 2) each branch gets its own
answers back, moved through the defined names as repair moves them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import PatternFill, Protection

from xladdin.core.model import SheetData, WorkbookData
from xladdin.core.normalize import clean_text, is_blank
from xladdin.errors import UserError
from xladdin.forms.round_settings import check_sheet_names, setting_values, write_settings
from xladdin.spec import form
from xladdin.xlsx.read import read_workbook
from xladdin.xlsx.write import BACKUP_FOLDER, atomic_write, backup, check_target, refuse_same_file, save_outgoing

# Characters Windows refuses in a file name; a branch's short name comes from the office's 设置 sheet.
_NOT_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
SETTINGS_NOTE = "本表由办公室设置，下发给支部的文件中已锁定，请勿改动。“本文件适用支部”说明本文件下发给哪个支部。"


@dataclass
class SplitFile:
    branch: form.Branch
    path: Path
    filled: bool  # carries answers from the master
    backup: Path | None = None


@dataclass
class SplitResult:
    version: str
    files: list[SplitFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def split_workbook(source: Path, output_dir: Path, force: bool = False) -> SplitResult:
    """Write one file per listed branch into output_dir; existing files are refused unless force (then backed up)."""
    source, output_dir = Path(source), Path(output_dir)
    data = read_workbook(source)
    _refuse(source, data)
    branches = data.settings.branches
    check_sheet_names(branches)
    answers, notes = _answers(data)
    if output_dir.exists() and not output_dir.is_dir():
        raise UserError("split-output-not-folder", path=output_dir)
    targets = _targets(source, output_dir, branches)
    output_dir.mkdir(parents=True, exist_ok=True)
    backups = _make_room(source, list(targets.values()), force)
    values = setting_values(data.settings)
    result = SplitResult(form.template_label(data.settings.template_version or form.TEMPLATE_VERSION), notes=notes)
    for b in branches:
        wb = branch_workbook(b, branches, values, answers.get(b.short, {}))
        path = atomic_write(targets[b.short], lambda tmp, wb=wb: save_outgoing(wb, tmp, "split"), replace=True)
        result.files.append(SplitFile(b, path, _typed(answers.get(b.short, {})), backups.get(path)))
    return result


def _refuse(source: Path, data: WorkbookData) -> None:
    """Only one of our templates, of this version, holding every branch, can be split."""
    settings = data.settings
    if not settings.from_workbook:
        raise UserError("split-not-template", name=source.name)
    version = settings.template_version
    if version != form.TEMPLATE_VERSION:
        if version and version < form.TEMPLATE_VERSION:
            raise UserError("split-version-old", name=source.name, found=version, current=form.TEMPLATE_VERSION)
        raise UserError("split-version-newer", name=source.name, found=f"v{version}" if version else "版本无法识别",
                        current=form.TEMPLATE_VERSION)
    if settings.scope:
        raise UserError("split-scoped", name=source.name, branch=settings.full_name(settings.scope))
    if not settings.branches:
        raise UserError("split-no-branches", name=source.name)


def _answers(data: WorkbookData) -> tuple[dict[str, dict[str, object]], list[str]]:
    """Each listed branch's typed values, by its sheet (or a renamed sheet its 党支部 cell names)."""
    by_sheet = {sd.sheet: sd for sd in data.sheets}
    out: dict[str, dict[str, object]] = {}
    notes = []
    for b in data.settings.branches:
        sd = by_sheet.get(b.short) or _renamed(data, b)
        if sd is None:
            notes.append(f"总表中没有“{b.short}”工作表，下发给{b.full}的文件中是一张空白表。")
            continue
        if sd.missing:
            notes.append(f"“{sd.sheet}”表有 {len(sd.missing)} 个填写位置找不到定义名称，这些内容没有带入下发文件；"
                         "如需带入，请先对总表运行 huitoukan repair，再拆分修复后的文件。")
        if sd.formulas:
            notes.append(f"“{sd.sheet}”表有 {len(sd.formulas)} 个填写单元格是公式，下发文件中按计算结果写为数值。")
        if sd.sheet != b.short:
            notes.append(f"工作表“{sd.sheet}”的党支部一栏是{b.full}，已作为“{b.short}”拆分。")
        out[b.short] = dict(sd.raw)
    return out, notes


def _typed(raw: Mapping[str, object]) -> bool:
    """Whether a branch's sheet carries anything typed (the prefilled 党支部 cell does not count)."""
    return any(not is_blank(v) for name, v in raw.items() if name != "branch_name" and v is not None)


def _renamed(data: WorkbookData, branch: form.Branch) -> SheetData | None:
    listed = {b.short for b in data.settings.branches}
    for sd in data.sheets:
        if sd.sheet not in listed and clean_text(sd.raw.get("branch_name")) in (branch.short, branch.full):
            return sd
    return None


def file_name(short: str, source: Path) -> str:
    return f"{_NOT_IN_FILE_NAMES.sub('_', short).strip(' .') or '支部'}_{source.stem}.xlsx"


def _targets(source: Path, output_dir: Path, branches: Sequence[form.Branch]) -> dict[str, Path]:
    targets: dict[str, Path] = {}
    taken: dict[str, str] = {}
    for b in branches:
        name = file_name(b.short, source)
        if name.casefold() in taken:  # Windows file names ignore case
            raise UserError("split-names-clash", first=taken[name.casefold()], second=b.short, file=name)
        taken[name.casefold()] = b.short
        targets[b.short] = output_dir / name
    return targets


def _make_room(source: Path, targets: list[Path], force: bool) -> dict[Path, Path]:
    """All targets checked before any is written: a refusal leaves the folder as it was.

    With force, each existing file is backed up into the folder's 备份/ first, out of the way of
    the files the office mails out.
    """
    for t in targets:
        refuse_same_file(source, t)
        check_target(t)
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise UserError("split-exists", path=existing[0], count=len(existing))
    return {t: backup(t, folder=t.parent / BACKUP_FOLDER) for t in existing}


def branch_workbook(branch: form.Branch, branches: Sequence[form.Branch], settings: Mapping[str, object],
                    answers: Mapping[str, object]) -> Workbook:
    """One branch's file: 填写说明 for it, 设置 locked and scoped to it, and its sheet with its answers."""
    from xladdin.forms.fill import fill_by_names
    from xladdin.forms.instructions import build_instructions_sheet
    from xladdin.forms.settings_form import build_settings_sheet
    from xladdin.forms.template import build_branch_sheet

    wb = Workbook()
    wb.remove(wb.active)
    build_instructions_sheet(wb, branch=branch)
    settings_ws = build_settings_sheet(wb, branches)
    build_branch_sheet(wb, branch)
    write_settings(wb, dict(settings), scope=branch.short)
    settings_ws["A2"] = SETTINGS_NOTE
    locked, plain = Protection(locked=True), PatternFill(fill_type=None)
    for row in settings_ws.iter_rows():
        for cell in row:
            cell.protection = locked
            if (cell.fill.fgColor.rgb or "")[-6:] == form.INPUT_FILL:
                cell.fill = plain  # yellow says "type here" on these forms; nothing here is the branch's to type
    if answers:
        fill_by_names(wb, branch.short, answers)
    wb.active = 0
    return wb
