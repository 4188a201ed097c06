"""What one file's job hands back to the page: plain, picklable values, no library objects.

The worker process builds these; the page's view is made from them in the server.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Kinds of output file a job writes, and how the page names them to the user.
MERGED = "merged"  # a round's collected workbook, with its 回收情况 sheet
MARKED = "marked"
SUMMARY = "summary"
REPORT = "report"
FEEDBACK = "feedback"  # a round's (or a merged workbook's) 退回修改意见 files, one zip
OUTPUT_KINDS = (MERGED, MARKED, SUMMARY, REPORT, FEEDBACK)
OUTPUT_SUFFIXES = {MARKED: "_标记", SUMMARY: "_回头看汇总", REPORT: "_回头看情况报告"}
OUTPUT_LABELS = {MERGED: "合并工作簿", MARKED: "标记副本", SUMMARY: "汇总工作簿", REPORT: "情况报告（Word）",
                 FEEDBACK: "退回修改意见（zip）"}
FEEDBACK_ZIP = "退回修改意见.zip"


@dataclass
class BranchRow:
    sheet: str
    branch: str
    verdicts: dict[int, str]  # criterion id -> form.COMPLETE / REMEDIATING / INCOMPLETE / UNREPORTED
    errors: int
    warnings: int
    reported: bool = True  # False: nothing typed on the sheet (未报送)
    pending: str | None = None  # its file came back but could not be used: why (待核实, not 未报送)


@dataclass(frozen=True)
class RelatedCell:
    """A cell a text warning points at besides its own: (sheet, cell) and the field there, if known."""

    sheet: str
    cell: str
    field: str | None = None


@dataclass
class FindingRow:
    sheet: str
    cell: str | None
    field: str | None
    criterion: int | None
    severity: str
    code: str
    message: str
    related: tuple[RelatedCell, ...] = ()  # the text warnings' other cells


@dataclass
class FileOutcome:
    index: int  # 1-based position in the upload
    display_name: str  # the user's file name: shown, never used as a path
    refused: str | None = None  # the Chinese refusal: the command line's, in the page's words (spec.web_text)
    branches: list[BranchRow] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. what the marked copy leaves out
    outputs: dict[str, str] = field(default_factory=dict)  # kind -> our file name in the result folder
    # A round's feedback files: (the Chinese name the user gets, our path inside the result folder).
    feedback: list[tuple[str, str]] = field(default_factory=list)
    round_master: bool = False  # a merged workbook (with its 回收情况 sheet): it gets feedback files, as a round does
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)


def download_name(display_name: str, kind: str) -> str:
    """回头看填报表.xlsx -> 回头看填报表_标记.xlsx, as `huitoukan run` names its outputs."""
    if kind == MERGED:
        return display_name
    if kind == FEEDBACK:
        return FEEDBACK_ZIP
    stem, dot, suffix = display_name.rpartition(".")
    if not dot or suffix.lower() not in ("xlsx", "xlsm"):
        stem, suffix = display_name, "xlsx"
    if kind == SUMMARY:
        suffix = "xlsx"  # the summary is always a plain workbook
    elif kind == REPORT:
        suffix = "docx"
    return f"{stem}{OUTPUT_SUFFIXES[kind]}.{suffix}"


def unique_names(names: list[str]) -> list[str]:
    """Two uploads called the same must not overwrite each other in the zip: 名(2).xlsx."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        key = name.lower()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            stem, dot, suffix = name.rpartition(".")
            name = f"{stem}({seen[key]}).{suffix}" if dot else f"{name}({seen[key]})"
        out.append(name)
    return out
