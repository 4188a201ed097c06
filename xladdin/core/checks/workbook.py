"""The rules over the whole workbook: missing, renamed, unlisted and duplicate branch sheets, and the settings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from xladdin.core.checks.finding import make_finding
from xladdin.core.checks.pending import apply_pending
from xladdin.core.checks.sheet import check_sheet
from xladdin.core.checks.text import text_findings
from xladdin.core.findings import BranchResult, Finding, Report
from xladdin.core.model import WorkbookData
from xladdin.core.normalize import display
from xladdin.spec import form


def check_workbook(data: WorkbookData, text_checks: bool = True) -> Report:
    """Every rule over every sheet, then the workbook's; text_checks off only for the benchmark's baseline."""
    report = Report(file=data.path, settings=data.settings)
    for sheet in data.sheets:
        result, findings = check_sheet(sheet, data.settings, data.epoch1904)
        report.branches.append(result)
        report.findings.extend(findings)
    renamed = _renamed_sheets(data, report)
    for b in report.branches:
        if b.sheet in renamed:
            b.branch = renamed[b.sheet].full  # the summary names the branch, not the sheet's new name
    report.findings.extend(_workbook_findings(data, report, renamed))
    if text_checks:
        report.findings.extend(text_findings(data, report))
    report.count_per_branch()
    apply_pending(report, data.pending)  # a merged workbook's 冲突 / 未能读取 branches: 待核实, not 未报送
    return report


def _renamed_sheets(data: WorkbookData, report: Report) -> dict[str, form.Branch]:
    """Unlisted sheets whose 党支部 cell names a listed branch that has no sheet: renamed sheets."""
    settings = data.settings
    if not settings.from_workbook:
        return {}
    listed = {b.short for b in settings.branches}
    present = set(data.sheet_names)  # a set: the list made this quadratic in the branches
    orphans = [b for b in settings.branches if b.short not in present]
    out: dict[str, form.Branch] = {}
    for result in report.branches:
        claimed = str(result.values.get("branch_name") or "")
        if result.sheet in listed or not claimed:
            continue
        match = next((b for b in orphans if claimed in (b.full, b.short) and b not in out.values()), None)
        if match:
            out[result.sheet] = match
    return out


def _workbook_findings(data: WorkbookData, report: Report, renamed: dict[str, form.Branch]) -> Iterator[Finding]:
    settings = data.settings
    name_cells = {sd.sheet: sd.cells.get("branch_name") for sd in data.sheets}
    for sheet, branch in renamed.items():
        yield make_finding("sheet-renamed", sheet, name_cells.get(sheet), "branch_name", branch=branch.full, short=branch.short)
    renamed_from = {b.short for b in renamed.values()}
    sheets = {sd.sheet for sd in data.sheets}
    for name, raw in settings.problems:
        field = form.SETTINGS_BY_NAME[name]
        yield make_finding("setting-invalid", form.SETTINGS_SHEET, field.cell, name, label=field.label, value=display(raw))
    for code, cell, name in data.branch_list_problems:
        yield make_finding(code, form.SETTINGS_SHEET, cell.split("!")[-1], form.BRANCHES_NAME, name=name)
    yield from _template_findings(settings)
    # A file sent to one branch holds that branch's sheet only; the others are not missing.
    expected = [b for b in settings.branches if not settings.scope or b.short == settings.scope]
    present = set(data.sheet_names)
    for b in expected:
        if b.short not in present and b.short not in renamed_from:
            cell = settings.branch_cells.get(b.short, f"{form.SETTINGS_SHEET}!").split("!")[-1] or None
            yield make_finding("branch-sheet-missing", form.SETTINGS_SHEET, cell, form.BRANCHES_NAME, branch=b.short)
    if settings.from_workbook:
        listed = {b.short for b in settings.branches}
        order = {name: i for i, name in enumerate(data.sheet_names)}
        for name in sorted(sheets - listed - set(renamed), key=order.__getitem__):
            yield make_finding("branch-not-listed", name, None, None)
    claims: dict[str, list[BranchResult]] = defaultdict(list)
    for b in report.branches:
        claimed = b.values.get("branch_name")
        if claimed and b.reported:  # an empty sheet only carries the template's prefilled name
            claims[str(claimed)].append(b)
    for name, results in claims.items():
        for dup in results[1:]:
            sheets_text = "、".join(f"“{r.sheet}”" for r in results)
            yield make_finding("branch-duplicate", dup.sheet, name_cells.get(dup.sheet), "branch_name",
                           branch=name, sheets=sheets_text)


def _template_findings(settings) -> Iterator[Finding]:
    """A workbook from another version of the template: say so, and what to do."""
    found = settings.template_version
    if found is None or found == form.TEMPLATE_VERSION:
        return
    cell = form.SETTINGS_BY_NAME[form.TEMPLATE_NAME].cell if found != 1 else None
    if found and found < form.TEMPLATE_VERSION:
        yield make_finding("template-old", form.SETTINGS_SHEET, cell, form.TEMPLATE_NAME, found=found,
                           current=form.TEMPLATE_VERSION)
    else:
        yield make_finding("template-newer", form.SETTINGS_SHEET, cell, form.TEMPLATE_NAME,
                           found=f"v{found}" if found else "版本无法识别", current=form.TEMPLATE_VERSION)
