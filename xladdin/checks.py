"""The completeness check: every rule of the brief, lazily collected into a Report.

Works on plain data (model.WorkbookData) only; never stops at the first finding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from . import catalogue, spec
from .catalogue import ERROR
from .checks_text import text_findings
from .model import Settings, SheetData, WorkbookData
from .normalize import clean_text, display, is_blank, parse_date, parse_int
from .report import BranchResult, Finding, Report
from .textcheck import echoes_notice


def check_workbook(data: WorkbookData, text_checks: bool = True) -> Report:
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
    if text_checks:  # off only for the benchmark's same-run baseline
        report.findings.extend(text_findings(data, report))
    _count(report)
    return report


def _renamed_sheets(data: WorkbookData, report: Report) -> dict[str, spec.Branch]:
    """Unlisted sheets whose 党支部 cell names a listed branch that has no sheet: renamed sheets."""
    settings = data.settings
    if not settings.from_workbook:
        return {}
    listed = {b.short for b in settings.branches}
    orphans = [b for b in settings.branches if b.short not in data.sheet_names]
    out: dict[str, spec.Branch] = {}
    for result in report.branches:
        claimed = str(result.values.get("branch_name") or "")
        if result.sheet in listed or not claimed:
            continue
        match = next((b for b in orphans if claimed in (b.full, b.short) and b not in out.values()), None)
        if match:
            out[result.sheet] = match
    return out


def _count(report: Report) -> None:
    per_sheet: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        per_sheet[f.sheet].append(f)
    for b in report.branches:
        found = per_sheet.get(b.sheet, [])
        b.errors = sum(f.severity == ERROR for f in found)
        b.warnings = len(found) - b.errors


class _Sheet:
    """Helpers bound to one sheet, so rules read like the brief."""

    def __init__(self, data: SheetData, settings: Settings, epoch1904: bool) -> None:
        self.data = data
        self.settings = settings
        self.epoch1904 = epoch1904
        self.findings: list[Finding] = []
        # "8月29日" carries no year: the stage's year is the only sensible one.
        window = settings.window_start or settings.window_end or spec.DEFAULT_WINDOW[0]
        fill = parse_date(data.raw.get("fill_date"), window.year, epoch1904)
        self.fill_date: date | None = fill
        self.year = fill.year if fill else window.year
        # Every rule asks "is it blank?" and "what does it say?" many times:
        # answer once per field (this dominates check time on big workbooks).
        self._text: dict[str, str] = {}
        for name, raw in data.raw.items():
            text = "" if raw is None else clean_text(raw)
            self._text[name] = "" if text == "" or is_blank(text) else text
        self._dates: dict[str, date | None] = {}
        # A formula without a saved result is one finding, not also "missing".
        self._no_cache = {f for f in data.formulas if data.raw.get(f) is None}

    def where(self, fname: str | None) -> str:
        cell = self.data.cells.get(fname) if fname else None
        return f"【{self.data.sheet}】{cell}" if cell else f"【{self.data.sheet}】"

    def add(self, code: str, fname: str | None, criterion: int | None = None, **kw: object) -> None:
        if fname in self._no_cache and code != "formula-no-cache":
            return
        field = spec.FIELDS_BY_NAME.get(fname) if fname else None
        if field:
            kw.setdefault("label", field.label)
        if criterion:
            kw.setdefault("ordinal", spec.criterion(criterion).ordinal)
            kw.setdefault("criterion", spec.criterion(criterion).title)
        message = catalogue.render(code, where=self.where(fname), sheet=self.data.sheet, **kw)
        cell = self.data.cells.get(fname) if fname else None
        self.findings.append(
            Finding(self.data.sheet, cell, fname, criterion, catalogue.severity(code), code, message)
        )

    def present(self, fname: str) -> bool:
        return fname in self.data.cells

    def blank(self, fname: str) -> bool:
        return not self._text.get(fname)

    def text(self, fname: str) -> str:
        return self._text.get(fname, "")

    def date(self, fname: str) -> date | None:
        if fname not in self._dates:
            self._dates[fname] = parse_date(self.data.raw.get(fname), self.year, self.epoch1904)
        return self._dates[fname]


def check_sheet(data: SheetData, settings: Settings, epoch1904: bool = False) -> tuple[BranchResult, list[Finding]]:
    s = _Sheet(data, settings, epoch1904)
    if data.missing:
        labels = [spec.field_title(n) for n in data.missing]
        s.add("names-missing", None, count=len(labels), names="、".join(labels[:8]) + ("…" if len(labels) > 8 else ""))
    if data.state != "visible":
        s.add("sheet-hidden", None)
    for fname, rng in data.merged.items():
        s.add("input-merged", fname, spec.FIELDS_BY_NAME[fname].criterion, range=rng, cell=data.cells[fname])
    for rule in (_formula_rules, _header_rules, _criterion_rules, _honesty_rules):
        rule(s)
    verdicts = {c.id: _verdict(s, c.id) for c in spec.CRITERIA}
    full = settings.full_name(data.sheet)
    result = BranchResult(data.sheet, full, verdicts, _normalised(s))
    return result, s.findings


def _formula_rules(s: _Sheet) -> None:
    for fname, formula in s.data.formulas.items():
        if s.data.raw.get(fname) is None:
            s.add("formula-no-cache", fname, spec.FIELDS_BY_NAME[fname].criterion, formula=formula)
        else:
            s.add("formula-input", fname, spec.FIELDS_BY_NAME[fname].criterion, formula=formula, value=display(s.data.raw[fname]))


def _header_rules(s: _Sheet) -> None:
    for fname in spec.REQUIRED_HEADER:
        if not s.present(fname):
            continue
        if s.blank(fname):
            s.add("header-missing", fname)
        elif fname == "member_count":
            count = parse_int(s.data.raw[fname])
            if count is None or count < 1:
                s.add("member-count-invalid", fname, value=display(s.data.raw[fname]))
        elif fname == "fill_date" and s.fill_date is None:
            s.add("date-invalid", fname, value=display(s.data.raw[fname]))
    name = s.text("branch_name")
    short = s.data.sheet
    expected = s.settings.full_name(short)
    # An unlisted sheet has no expected name to compare with: the workbook checks handle it.
    listed = not s.settings.from_workbook or short in s.settings.branch_cells
    if listed and name and short not in name and name != expected:
        s.add("branch-name-mismatch", "branch_name", value=name, expected=expected)


def _criterion_rules(s: _Sheet) -> None:
    for c in spec.CRITERIA:
        k = c.id
        status_name = f"c{k}_status"
        for part in ("date", "deadline"):
            fname = f"c{k}_{part}"
            if s.present(fname) and not s.blank(fname) and s.date(fname) is None:
                s.add("date-invalid", fname, k, value=display(s.data.raw[fname]))
        if not s.present(status_name):
            continue
        status = s.text(status_name)
        if not status:
            s.add("status-missing", status_name, k)
        elif status not in spec.STATUSES:
            s.add("status-invalid", status_name, k, value=display(s.data.raw.get(status_name)))
        elif status == spec.STATUS_DONE:
            for part in spec.DONE_REQUIRES:
                if s.present(f"c{k}_{part}") and s.blank(f"c{k}_{part}"):
                    s.add("done-field-missing", f"c{k}_{part}", k)
        else:
            for part in spec.REMEDY_REQUIRES:
                if s.present(f"c{k}_{part}") and s.blank(f"c{k}_{part}"):
                    s.add("remedy-field-missing", f"c{k}_{part}", k, status=status)
        _date_order(s, k)


def _date_order(s: _Sheet, k: int) -> None:
    held, deadline = s.date(f"c{k}_date"), s.date(f"c{k}_deadline")
    fill = s.fill_date
    if held and fill and held > fill:
        s.add("date-after-fill", f"c{k}_date", k, value=held.isoformat(), fill_date=fill.isoformat())
    if deadline and fill and deadline < fill:
        s.add("deadline-before-fill", f"c{k}_deadline", k, value=deadline.isoformat(), fill_date=fill.isoformat())
    start, end = s.settings.window_start, s.settings.window_end
    if held and ((start and held < start) or (end and held > end)):
        s.add(
            "date-outside-window", f"c{k}_date", k, value=held.isoformat(), round=s.settings.round_name,
            start=start.isoformat() if start else "—", end=end.isoformat() if end else "—",
        )


def _honesty_rules(s: _Sheet) -> None:
    statuses = [s.text(f"c{c.id}_status") for c in spec.CRITERIA]
    shortcomings = [s.text(f"c{c.id}_shortcomings") for c in spec.CRITERIA] + [s.text("problems")]
    if all(st == spec.STATUS_DONE for st in statuses) and not any(shortcomings):
        s.add("no-shortcomings", "problems" if s.present("problems") else None)
    c4 = spec.criterion(4)
    # Evidence lists documents, not the discussion, so only what was done or is planned counts.
    c4_parts = [s.text(f"c4_{p}") for p in ("actions", "shortcomings", "remedy")]
    c4_text = "".join(c4_parts)
    on_topic = any(word in c4_text for word in c4.keywords)
    if on_topic:
        # Restating the criterion's three questions is not holding the discussion.
        names = (s.data.sheet, s.settings.full_name(s.data.sheet), s.settings.campaign)
        own = "".join(t for t in c4_parts if t and not echoes_notice(t, names))
        on_topic = any(word in own for word in c4.keywords)
    if c4_text and not on_topic:
        s.add("c4-off-topic", "c4_actions", 4)


def _verdict(s: _Sheet, k: int) -> str:
    if any(f.criterion == k and f.severity == ERROR for f in s.findings):
        return spec.INCOMPLETE
    if not s.present(f"c{k}_status"):
        return spec.INCOMPLETE
    status = s.text(f"c{k}_status")
    if status == spec.STATUS_DONE:
        return spec.COMPLETE
    if status in spec.STATUSES:
        return spec.REMEDIATING
    return spec.INCOMPLETE


def _normalised(s: _Sheet) -> dict[str, object]:
    out: dict[str, object] = {}
    for f in spec.FIELDS:
        if s.blank(f.name):
            out[f.name] = None
        elif f.kind == spec.DATE:
            out[f.name] = s.date(f.name) or s.text(f.name)
        elif f.kind == spec.INT:
            out[f.name] = parse_int(s.data.raw[f.name])
        else:
            out[f.name] = s.text(f.name)
    return out


def _workbook_findings(data: WorkbookData, report: Report, renamed: dict[str, spec.Branch]) -> Iterator[Finding]:
    settings = data.settings
    name_cells = {sd.sheet: sd.cells.get("branch_name") for sd in data.sheets}
    for sheet, branch in renamed.items():
        yield _finding(sheet, name_cells.get(sheet), "branch_name", "sheet-renamed", branch=branch.full, short=branch.short)
    renamed_from = {b.short for b in renamed.values()}
    sheets = {sd.sheet for sd in data.sheets}
    for name, raw in settings.problems:
        field = spec.SETTINGS_BY_NAME[name]
        yield _finding(spec.SETTINGS_SHEET, field.cell, name, "setting-invalid", label=field.label, value=display(raw))
    for code, cell, name in data.branch_list_problems:
        yield _finding(spec.SETTINGS_SHEET, cell.split("!")[-1], spec.BRANCHES_NAME, code, name=name)
    for b in settings.branches:
        if b.short not in data.sheet_names and b.short not in renamed_from:
            cell = settings.branch_cells.get(b.short, f"{spec.SETTINGS_SHEET}!").split("!")[-1] or None
            yield _finding(spec.SETTINGS_SHEET, cell, spec.BRANCHES_NAME, "branch-sheet-missing", branch=b.short)
    if settings.from_workbook:
        listed = {b.short for b in settings.branches}
        for name in sorted(sheets - listed - set(renamed), key=data.sheet_names.index):
            yield _finding(name, None, None, "branch-not-listed")
    claims: dict[str, list[BranchResult]] = defaultdict(list)
    for b in report.branches:
        claimed = b.values.get("branch_name")
        if claimed:
            claims[str(claimed)].append(b)
    for name, results in claims.items():
        for dup in results[1:]:
            sheets_text = "、".join(f"“{r.sheet}”" for r in results)
            yield _finding(dup.sheet, name_cells.get(dup.sheet), "branch_name", "branch-duplicate",
                           branch=name, sheets=sheets_text)


def _finding(sheet: str, cell: str | None, field: str | None, code: str, **kw: object) -> Finding:
    """A workbook-level finding: where it is, and the catalogue's message for it."""
    message = catalogue.render(code, where=f"【{sheet}】{cell or ''}", sheet=sheet, **kw)
    return Finding(sheet, cell, field, None, catalogue.severity(code), code, message)
