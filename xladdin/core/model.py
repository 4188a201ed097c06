"""Plain data that readers produce and the core consumes. No library objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from xladdin.spec import form


@dataclass
class Settings:
    campaign: str = form.DEFAULT_CAMPAIGN
    round_name: str = form.DEFAULT_ROUND
    window_start: date | None = form.DEFAULT_WINDOW[0]
    window_end: date | None = form.DEFAULT_WINDOW[1]
    recipients: tuple[str, ...] = form.DEFAULT_RECIPIENTS
    org: str = form.DEFAULT_ORG
    branches: tuple[form.Branch, ...] = form.DEFAULT_BRANCHES
    # Where each listed branch sits on the settings sheet, for messages.
    branch_cells: dict[str, str] = field(default_factory=dict)
    from_workbook: bool = False
    # A file sent to one branch (split, feedback) holds only that branch's sheet.
    scope: str | None = None
    # The template the workbook was made from: 1 for templates made before versions were
    # written, None when the workbook has no settings at all.
    template_version: int | None = None
    # (setting name, raw value) the office typed but that could not be read.
    problems: list[tuple[str, object]] = field(default_factory=list)

    def full_name(self, short: str) -> str:
        # A dict, rebuilt if the branch list is replaced: a linear search per
        # sheet made thousands of branches quadratic.
        cached = self.__dict__.get("_full_names")
        if cached is None or cached[0] is not self.branches:
            names: dict[str, str] = {}
            for b in self.branches:
                names.setdefault(b.short, b.full)
            cached = self.__dict__["_full_names"] = (self.branches, names)
        return cached[1].get(short, short)


@dataclass
class SheetData:
    """One branch sheet as read through its defined names."""

    sheet: str
    raw: dict[str, object] = field(default_factory=dict)  # field name -> cell value
    cells: dict[str, str] = field(default_factory=dict)  # field name -> A1 where it was found
    missing: list[str] = field(default_factory=list)  # field names without a usable name
    formulas: dict[str, str] = field(default_factory=dict)  # field name -> formula text
    merged: dict[str, str] = field(default_factory=dict)  # field name -> merged range that hides it
    state: str = "visible"


@dataclass(frozen=True)
class CollectedRow:
    """One branch's row of a merged workbook's 回收情况 sheet, read back by its header names (xlsx.collected)."""

    status: str  # the status as written (已收到, 保留上轮 …: spec.loop_text.STATUS_LABELS)
    file: str | None = None  # 来源文件
    collected_at: datetime | None = None  # 收集时间: when that row's file was taken in
    note: str | None = None  # 说明: the row's notes, one a line
    # (file, reason) from 未采用的文件 for this row's files: why a 未能读取 file could not be read
    unused: tuple[tuple[str, str], ...] = ()


@dataclass
class WorkbookData:
    path: str
    sheet_names: list[str]
    sheets: list[SheetData]
    settings: Settings
    epoch1904: bool = False
    notes: list[str] = field(default_factory=list)  # reader remarks for the user
    # (code, settings cell, name) for branch-table rows the settings skip: blank short name, repeated name
    branch_list_problems: list[tuple[str, str, str]] = field(default_factory=list)
    # sheet -> why: branches a merged workbook's 回收情况 sheet calls 冲突 or 未能读取 (xlsx.collected)
    pending: dict[str, str] = field(default_factory=dict)
    # sheet -> its row of a merged workbook's 回收情况 sheet (xlsx.collected); {} for any other workbook
    collection: dict[str, CollectedRow] = field(default_factory=dict)
