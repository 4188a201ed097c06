"""The round's parts of the result page: the 回收情况 table, and the colours of its statuses.

Built in the server from a RoundOutcome; the matrix, findings and downloads of the merged
workbook are the single-file view's own (xladdin/web/view.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xladdin.spec import form as spec
from xladdin.spec.labels import VERDICT_FILLS
from xladdin.spec.loop_text import CONFLICT, KEPT, MISSING, RECEIVED, STATUS_LABELS, UNREADABLE, tally
from xladdin.web.round_outcome import CollectionOutcome, UnusedFile

# A status is painted like the verdict it leads to: received green, missing grey (未报送), a conflict red.
STATUS_VERDICTS = {RECEIVED: spec.COMPLETE, KEPT: spec.COMPLETE, MISSING: spec.UNREPORTED, UNREADABLE: spec.INCOMPLETE,
                   CONFLICT: spec.INCOMPLETE}


@dataclass
class CollectedRow:
    branch: str
    status: str  # for styling and tests: received / missing / conflict
    label: str  # 已收到 / 未报送 / 冲突
    css: str
    sources: list[str]  # as the user named them: the source file, or every file that disagrees
    fill_date: str
    notes: list[str] = field(default_factory=list)
    short: str = ""  # what the 以此文件为准 button sends
    older: bool = False  # its file was refused as older than last round's answers: the button is offered


@dataclass
class CollectionView:
    summary: str  # 应报 6 个党支部：已收到 4 个，未报送 1 个，冲突 1 个。
    version: str
    rows: list[CollectedRow]
    unused: list[UnusedFile]
    notes: list[str]  # warnings that belong to no one branch


def status_css() -> str:
    return "".join(f".s-{status}{{background-color:#{VERDICT_FILLS[verdict]}}}\n"
                   for status, verdict in STATUS_VERDICTS.items())


def collection_view(c: CollectionOutcome) -> CollectionView:
    rows = [CollectedRow(b.branch, b.status, STATUS_LABELS[b.status], f"s-{b.status}", b.files, b.fill_date or "—",
                         b.notes, b.short, b.older) for b in c.branches]
    return CollectionView(tally([b.status for b in c.branches]), c.version, rows, c.unused, c.notes)
