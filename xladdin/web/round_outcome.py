"""What a round's job hands back to the page: the 回收情况, the check of the merged workbook, the ledger counts.

Plain, picklable values like outcome.py's, built in the worker (xladdin/web/collected.py).
Every file is named as the user named it; our stored names never reach these values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xladdin.web.outcome import FileOutcome


@dataclass
class CollectedBranch:
    branch: str  # 运一党支部
    status: str  # spec.loop_text RECEIVED / MISSING / CONFLICT
    files: list[str] = field(default_factory=list)  # its source file, or the files that disagree (a conflict)
    fill_date: str | None = None
    notes: list[str] = field(default_factory=list)  # the warnings about this branch
    short: str = ""  # 运一: what the page's 以此文件为准 button sends back
    older: bool = False  # a file of it was refused as older than the base's answers: the page offers to take it


@dataclass
class UnusedFile:
    name: str
    reason: str


@dataclass
class CollectionOutcome:
    version: str  # the template the round is on: 回头看填报模板 v2
    branches: list[CollectedBranch] = field(default_factory=list)
    unused: list[UnusedFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # warnings about no one branch


@dataclass
class LedgerOutcome:
    """The 整改台账's counts as the summary's 整改进展 table has them (reports.progress)."""

    name: str  # the ledger as the user named it; it is only read, and never offered for download
    as_of: str  # the day the statuses are judged on, in words
    columns: list[str] = field(default_factory=list)  # reports.progress.PROGRESS_COLUMNS: 支部, 登记事项, each status, 销号率
    rows: list[list[str]] = field(default_factory=list)  # one per branch, then 合计


@dataclass
class RoundOutcome:
    names: list[str]  # every upload as the user named it, in upload order
    refused: str | None = None  # the Chinese refusal when nothing could be done
    collection: CollectionOutcome | None = None  # None when one workbook came (with a ledger): nothing to collect
    run: FileOutcome | None = None  # the check of the merged workbook (or of the one workbook), its outputs
    ledger: LedgerOutcome | None = None
    notes: list[str] = field(default_factory=list)  # e.g. a second ledger that was not used
    seconds: float = 0.0
    replaced: list[str] = field(default_factory=list)  # short names taken from this round's files even when older
