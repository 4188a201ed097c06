"""Findings and the report that collects them. Plain values, JSON-ready."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from xladdin.core.model import Settings
from xladdin.spec.messages import ERROR, WARNING


@dataclass(frozen=True)
class Finding:
    sheet: str
    cell: str | None
    field: str | None  # the defined name
    criterion: int | None
    severity: str
    code: str
    message: str  # opens with where it is: "【运一】B9：…"
    # Other cells the finding is about ("电气!B12"), for the text checks; JSON carries it only when given.
    related: tuple[str, ...] = ()

    @property
    def detail(self) -> str:
        """The message without its "【运一】B9：" opening, for places that already show the where."""
        where = f"【{self.sheet}】{self.cell or ''}"
        if self.message.startswith(where):
            return self.message[len(where):].removeprefix("：")
        return self.message

    def as_dict(self) -> dict:
        # By hand, not asdict(): thousands of findings go to JSON, and asdict deep-copies each.
        out = {"sheet": self.sheet, "cell": self.cell, "field": self.field, "criterion": self.criterion,
               "severity": self.severity, "code": self.code, "message": self.message}
        if self.related:
            out["related"] = list(self.related)
        return out


@dataclass
class BranchResult:
    sheet: str
    branch: str
    verdicts: dict[int, str]
    values: dict[str, object]  # normalised: str, date or int; None where blank
    errors: int = 0
    warnings: int = 0
    reported: bool = True  # False: nothing typed on the sheet (未报送)
    # Its file came back but could not be used (xladdin.core.checks.pending): 收到文件，待核实, not 未报送.
    pending: str | None = None

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "branch": self.branch,
            "reported": self.reported,
            "pending": self.pending,
            "criteria": [{"id": cid, "verdict": v} for cid, v in sorted(self.verdicts.items())],
            "errors": self.errors,
            "warnings": self.warnings,
        }


def is_pending(branch: BranchResult) -> bool:
    """Its file came back but could not be used (core.checks.pending): the sheet is empty, yet the branch did report.

    branch: a BranchResult, or anything with its pending and reported (the web page's rows).
    """
    return bool(branch.pending) and not branch.reported


@dataclass
class Report:
    file: str
    branches: list[BranchResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)

    @property
    def valid(self) -> bool:
        return self.errors == 0

    def count_per_branch(self) -> None:
        """Each branch's errors and warnings, from the findings on its sheet (after the findings change)."""
        per_sheet: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            per_sheet[f.sheet].append(f)
        for b in self.branches:
            found = per_sheet.get(b.sheet, [])
            b.errors = sum(f.severity == ERROR for f in found)
            b.warnings = len(found) - b.errors

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "branches": [b.as_dict() for b in self.branches],
            "findings": [f.as_dict() for f in self.findings],
            "summary": {"errors": self.errors, "warnings": self.warnings, "branches": len(self.branches)},
        }

    def flatten(self, keys: list[str]) -> list[list]:
        """Findings as rows of the chosen keys, for compact test assertions."""
        return [[getattr(f, k) for k in keys] for f in self.findings]


def json_default(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)
