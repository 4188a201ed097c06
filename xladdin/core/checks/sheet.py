"""The rules of one branch sheet, in the order the brief lists them, collected lazily."""

from __future__ import annotations

import functools
from datetime import date

from xladdin.core.checks.finding import make_finding
from xladdin.core.findings import BranchResult, Finding
from xladdin.core.model import Settings, SheetData
from xladdin.core.normalize import (
    clean_text,
    date_trouble,
    display,
    excel_error,
    is_blank_text,
    parse_date,
    parse_int,
    preview,
)
from xladdin.core.remedy import OPEN, done_in_words
from xladdin.core.textcheck import echoes_notice
from xladdin.spec import form
from xladdin.spec.ledger import COMPLETION_FIELDS
from xladdin.spec.messages import ERROR, ERROR_VALUE_FORMULA, ERROR_VALUE_ONLY

# The rules spell ~80,000 criterion field names at 1,000 branches: each is made once.
_cname = functools.cache(form.cname)


def _clean(raw: object) -> tuple[str, str | None]:
    """(the field's text, "" when blank; its Excel error value or None)."""
    text = clean_text(raw)
    # An error value's clean text starts with "#": only those cells are asked.
    err = excel_error(raw) if text[:1] == "#" else None
    return ("" if text == "" or is_blank_text(text) else text), err


# Branches answer alike ("已完成", the secretary's name, 无): each distinct text is cleaned once.
# Bounded in entries and in their length, so a long-running web worker holds a few MB at most.
_cleaned_short = functools.lru_cache(maxsize=4096)(_clean)


def _cleaned(raw: str) -> tuple[str, str | None]:
    return _cleaned_short(raw) if len(raw) <= 500 else _clean(raw)


class _Sheet:
    """Helpers bound to one sheet, so rules read like the brief."""

    def __init__(self, data: SheetData, settings: Settings, epoch1904: bool) -> None:
        self.data = data
        self.settings = settings
        self.epoch1904 = epoch1904
        self.findings: list[Finding] = []
        # "8月29日" carries no year: the stage's year is the only sensible one.
        window = settings.window_start or settings.window_end or form.DEFAULT_WINDOW[0]
        fill = parse_date(data.raw.get("fill_date"), window.year, epoch1904)
        self.fill_date: date | None = fill
        self.year = fill.year if fill else window.year
        # Every rule asks "is it blank?" and "what does it say?" many times:
        # answer once per field (this dominates check time on big workbooks).
        self._text: dict[str, str] = {}
        # #N/A and its kin count as empty, and are one finding of their own, not also "missing".
        self.errors: dict[str, str] = {}
        for name, raw in data.raw.items():
            if raw is None:
                self._text[name] = ""
                continue
            text, err = _cleaned(raw) if raw.__class__ is str else _clean(raw)
            if err:
                self.errors[name] = err
            self._text[name] = text
        self._dates: dict[str, date | None] = {}
        # A formula without a saved result is one finding, not also "missing".
        self._no_cache = {f for f in data.formulas if data.raw.get(f) is None}

    def add(self, code: str, fname: str | None, criterion: int | None = None, **kw: object) -> None:
        if fname in self._no_cache and code != "formula-no-cache":
            return
        if fname in self.errors and code != "cell-error-value":
            return
        cell = self.data.cells.get(fname) if fname else None
        self.findings.append(make_finding(code, self.data.sheet, cell, fname, criterion, **kw))

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
    full = settings.full_name(data.sheet)
    # A sheet whose names are lost may hold answers we cannot find: that is damage, not 未报送.
    if not data.missing and not _typed_anything(s):
        # Nothing typed: the branch has not reported. One finding says so; judging
        # its empty fields would bury the office in "missing" errors.
        s.add("branch-empty", None, branch=full)
        unreported = dict.fromkeys(form.CRITERION_IDS, form.UNREPORTED)
        return BranchResult(data.sheet, full, unreported, _normalised(s), reported=False), s.findings
    if data.missing:
        labels = [form.field_title(n) for n in data.missing]
        s.add("names-missing", None, count=len(labels), names="、".join(labels[:8]) + ("…" if len(labels) > 8 else ""))
    if data.state != "visible":
        s.add("sheet-hidden", None)
    for fname, rng in data.merged.items():
        s.add("input-merged", fname, form.FIELDS_BY_NAME[fname].criterion, range=rng, cell=data.cells[fname])
    for rule in (_formula_rules, _header_rules, _criterion_rules, _honesty_rules):
        rule(s)
    verdicts = {c.id: _verdict(s, c.id) for c in form.CRITERIA}
    result = BranchResult(data.sheet, full, verdicts, _normalised(s))
    return result, s.findings


def _typed_anything(s: _Sheet) -> bool:
    """Whether a person typed anything on the sheet (the prefilled 党支部 cell does not count)."""
    if s.data.formulas or s.errors:
        return True
    return any(not s.blank(name) for name in s.data.cells if name != "branch_name")


def _formula_rules(s: _Sheet) -> None:
    for fname, err in s.errors.items():
        formula = s.data.formulas.get(fname)
        cause = ERROR_VALUE_FORMULA.format(formula=display(formula)) if formula else ERROR_VALUE_ONLY
        s.add("cell-error-value", fname, form.FIELDS_BY_NAME[fname].criterion, value=err, cause=cause)
    for fname, formula in s.data.formulas.items():
        if s.data.raw.get(fname) is None:
            s.add("formula-no-cache", fname, form.FIELDS_BY_NAME[fname].criterion, formula=formula)
        else:
            s.add("formula-input", fname, form.FIELDS_BY_NAME[fname].criterion, formula=formula, value=display(s.data.raw[fname]))
    # Text kept as text that starts like a formula (typed with Excel's ' prefix, or collected that way)
    # prints literally in what goes up the line: worth a look by the branch.
    for fname, text in s._text.items():
        if text[:1] not in ("=", "＝"):
            continue
        field = form.FIELDS_BY_NAME.get(fname)
        if field and field.kind in (form.TEXT, form.LONGTEXT) and fname not in s.data.formulas:
            s.add("text-like-formula", fname, field.criterion, start=text[0], preview=preview(text))


def _header_rules(s: _Sheet) -> None:
    for fname in form.REQUIRED_HEADER:
        if not s.present(fname):
            continue
        if s.blank(fname):
            s.add("header-missing", fname)
        elif fname == "member_count":
            count = parse_int(s.data.raw[fname])
            if count is None or count < 1:
                s.add("member-count-invalid", fname, value=display(s.data.raw[fname]))
        elif fname == "fill_date" and s.fill_date is None:
            s.add("date-invalid", fname, value=display(s.data.raw[fname]), why=date_trouble(s.data.raw[fname]))
    name = s.text("branch_name")
    short = s.data.sheet
    expected = s.settings.full_name(short)
    # An unlisted sheet has no expected name to compare with: the workbook checks handle it.
    listed = not s.settings.from_workbook or short in s.settings.branch_cells
    if listed and name and short not in name and name != expected:
        s.add("branch-name-mismatch", "branch_name", value=name, expected=expected)


def _criterion_rules(s: _Sheet) -> None:
    for c in form.CRITERIA:
        k = c.id
        status_name = _cname(k, "status")
        for part in ("date", "deadline"):
            fname = _cname(k, part)
            if s.present(fname) and not s.blank(fname) and s.date(fname) is None:
                s.add("date-invalid", fname, k, value=display(s.data.raw[fname]), why=date_trouble(s.data.raw[fname]))
        if not s.present(status_name):
            continue
        status = s.text(status_name)
        if not status:
            s.add("status-missing", status_name, k)
        elif status not in form.STATUSES:
            s.add("status-invalid", status_name, k, value=display(s.data.raw.get(status_name)))
        elif status == form.STATUS_DONE:
            for part in form.DONE_REQUIRES:
                if s.present(fname := _cname(k, part)) and s.blank(fname):
                    s.add("done-field-missing", fname, k)
        else:
            for part in form.REMEDY_REQUIRES:
                if s.present(fname := _cname(k, part)) and s.blank(fname):
                    s.add("remedy-field-missing", fname, k, status=status)
        _date_order(s, k)


def _date_order(s: _Sheet, k: int) -> None:
    held, deadline = s.date(_cname(k, "date")), s.date(_cname(k, "deadline"))
    fill = s.fill_date
    if held and fill and held > fill:
        s.add("date-after-fill", _cname(k, "date"), k, value=held.isoformat(), fill_date=fill.isoformat())
    # A deadline binds only while the item is open: a criterion now 已完成 (a later round's
    # answer) keeps its old 补课 deadline as history, not as an error. A make-up the branch reports
    # done in words ("已整改", as the README allows) while the status still says 部分完成 is not
    # late either: the status is what to correct, and the ledger takes the words as 待销号.
    status = s.text(_cname(k, "status"))
    still_open = status != form.STATUS_DONE
    # done_in_words answers only for an open status: the fields are gathered only then.
    said = status in OPEN and done_in_words({_cname(k, p): s.text(_cname(k, p)) for p in ("status", *COMPLETION_FIELDS)}, k)
    if said:
        part, phrase = said
        s.add("remedy-says-done", _cname(k, "status"), k, status=status,
              part=form.cfield(k, part).label, phrase=phrase)
    elif deadline and fill and deadline < fill and still_open:
        s.add("deadline-before-fill", _cname(k, "deadline"), k, value=deadline.isoformat(), fill_date=fill.isoformat())
    start, end = s.settings.window_start, s.settings.window_end
    # A make-up (补课) is done after the stage by design: a criterion with 存在不足 or 补课措施 may
    # carry a later date; only one that was never a make-up is said to fall outside the stage.
    make_up = any(not s.blank(_cname(k, part)) for part in ("shortcomings", "remedy") if s.present(_cname(k, part)))
    if held and ((start and held < start) or (end and held > end and not make_up)):
        s.add(
            "date-outside-window", _cname(k, "date"), k, value=held.isoformat(), round=s.settings.round_name,
            start=start.isoformat() if start else "—", end=end.isoformat() if end else "—",
        )


def _honesty_rules(s: _Sheet) -> None:
    statuses = [s.text(_cname(c.id, "status")) for c in form.CRITERIA]
    shortcomings = [s.text(_cname(c.id, "shortcomings")) for c in form.CRITERIA] + [s.text("problems")]
    if all(st == form.STATUS_DONE for st in statuses) and not any(shortcomings):
        s.add("no-shortcomings", "problems" if s.present("problems") else None)
    c4 = form.criterion(4)
    # Evidence lists documents, not the discussion, so only what was done or is planned counts.
    c4_parts = [s.text(_cname(4, p)) for p in ("actions", "shortcomings", "remedy")]
    c4_text = "".join(c4_parts)
    on_topic = any(word in c4_text for word in c4.keywords)
    if on_topic:
        # Restating the criterion's three questions is not holding the discussion.
        names = (s.data.sheet, s.settings.full_name(s.data.sheet), s.settings.campaign)
        own = "".join(t for t in c4_parts if t and not echoes_notice(t, names))
        on_topic = any(word in own for word in c4.keywords)
    if c4_text and not on_topic:
        s.add("c4-off-topic", _cname(4, "actions"), 4)


def _verdict(s: _Sheet, k: int) -> str:
    if any(f.criterion == k and f.severity == ERROR for f in s.findings):
        return form.INCOMPLETE
    if not s.present(_cname(k, "status")):
        return form.INCOMPLETE
    status = s.text(_cname(k, "status"))
    if status == form.STATUS_DONE:
        return form.COMPLETE
    if status in form.STATUSES:
        return form.REMEDIATING
    return form.INCOMPLETE


def _normalised(s: _Sheet) -> dict[str, object]:
    out: dict[str, object] = {}
    for f in form.FIELDS:
        if s.blank(f.name):
            out[f.name] = None
        elif f.kind == form.DATE:
            out[f.name] = s.date(f.name) or s.text(f.name)
        elif f.kind == form.INT:
            out[f.name] = parse_int(s.data.raw[f.name])
        else:
            out[f.name] = s.text(f.name)
    return out


