"""What one file's job hands back to the page: plain, picklable values, no library objects.

The worker process builds these; the page's view is made from them in the server.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Kinds of output file a job writes, and how the page names them to the user.
MARKED = "marked"
SUMMARY = "summary"
REPORT = "report"
OUTPUT_KINDS = (MARKED, SUMMARY, REPORT)
OUTPUT_SUFFIXES = {MARKED: "_标记", SUMMARY: "_回头看汇总", REPORT: "_回头看情况报告"}
OUTPUT_LABELS = {MARKED: "标记副本", SUMMARY: "汇总工作簿", REPORT: "情况报告（Word）"}


@dataclass
class BranchRow:
    sheet: str
    branch: str
    verdicts: dict[int, str]  # criterion id -> form.COMPLETE / REMEDIATING / INCOMPLETE / UNREPORTED
    errors: int
    warnings: int


@dataclass
class FindingRow:
    sheet: str
    cell: str | None
    field: str | None
    criterion: int | None
    severity: str
    code: str
    message: str


@dataclass
class FileOutcome:
    index: int  # 1-based position in the upload
    display_name: str  # the user's file name: shown, never used as a path
    refused: str | None = None  # the Chinese refusal, word for word as the command line prints it
    branches: list[BranchRow] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. what the marked copy leaves out
    outputs: dict[str, str] = field(default_factory=dict)  # kind -> our file name in the result folder
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)


def download_name(display_name: str, kind: str) -> str:
    """回头看填报表.xlsx -> 回头看填报表_标记.xlsx, as `huitoukan run` names its outputs."""
    stem, dot, suffix = display_name.rpartition(".")
    if not dot or suffix.lower() not in ("xlsx", "xlsm"):
        stem, suffix = display_name, "xlsx"
    if kind == SUMMARY:
        suffix = "xlsx"  # the summary is always a plain workbook
    elif kind == REPORT:
        suffix = "docx"
    return f"{stem}{OUTPUT_SUFFIXES[kind]}.{suffix}"
