"""Worker-side: turn what the jobs return (a Collection, a checked Report, a Ledger) into the page's plain values.

Runs inside a worker process, for jobs_adapter. Every text that leaves here names files
the way the user named them: our stored names (upload-001.xlsx) are replaced by an Unmask.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from xladdin.web.outcome import BranchRow, FindingRow, RelatedCell
from xladdin.web.round_outcome import CollectedBranch, CollectionOutcome, LedgerOutcome, UnusedFile


class Unmask:
    """Replace our stored names in a text by the names the user gave the files."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = dict(names)
        # Longest first, so that no stored name is replaced inside a longer one.
        self._pattern = re.compile("|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True))) if (
            self.names) else None

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self.names[m.group(0)], text)


def branch_rows(report) -> list[BranchRow]:
    return [BranchRow(b.sheet, b.branch, dict(b.verdicts), b.errors, b.warnings, b.reported, b.pending)
            for b in report.branches]


def finding_rows(report, data) -> list[FindingRow]:
    """The findings, with each text warning's other cells and the fields there (from the sheets' cell maps)."""
    fields = {s.sheet: {cell: name for name, cell in s.cells.items()} for s in data.sheets}

    def related(ref: str) -> RelatedCell:
        sheet, _, cell = ref.rpartition("!")  # a sheet name may hold "!", a cell never does
        return RelatedCell(sheet, cell, fields.get(sheet, {}).get(cell))

    return [FindingRow(f.sheet, f.cell, f.field, f.criterion, f.severity, f.code, f.message,
                       tuple(related(r) for r in f.related)) for f in report.findings]


def collection_outcome(collection, unmask: Unmask) -> CollectionOutcome:
    """The 回收情况 as the terminal and the sheet show it: a row per branch with its warnings, the files not used."""
    from xladdin.forms.collect_write import attach_notes
    from xladdin.spec.loop_text import CONFLICT

    general = attach_notes(collection)
    older = {n.branch for n in collection.notices if n.code == "older-than-master"}
    rows = [CollectedBranch(r.branch.full, r.status, list(r.files) if r.status == CONFLICT else (
        [r.file] if r.file else []), r.fill_date, [unmask(n) for n in r.notes], r.branch.short,
        r.branch.short in older) for r in collection.rows]
    unused = [UnusedFile(s.file, unmask(s.reason)) for s in collection.skipped]
    return CollectionOutcome(collection.version, rows, unused, [unmask(n) for n in general])


def ledger_outcome(ledger, report, name: str) -> LedgerOutcome:
    """Per branch: items registered, each status, the share closed; the same table the summary's 整改进展 has."""
    from reports.progress import PROGRESS_COLUMNS, branch_items, progress_frame
    from reports.wording import pct
    from xladdin.core.normalize import chinese_date

    names = {b.sheet: b.branch for b in report.branches}
    frame = progress_frame(branch_items(ledger, report), names)
    rows = [[*(str(v) for v in row[:-1]), "—" if row[-1] is None else pct(row[-1])]
            for row in frame.itertuples(index=False, name=None)]
    as_of = chinese_date(ledger.as_of) if ledger.as_of else ""
    return LedgerOutcome(name, as_of, list(PROGRESS_COLUMNS), rows)


def sort_uploads(paths: Sequence[Path]) -> tuple[list[Path], list[Path], list[Path]]:
    """(ledgers, merged workbooks, the rest).

    A ledger: the ledger reader finds its table in the file. A merged workbook: a previous
    collect's output, with the 回收情况 sheet (the next round's base). Reading a workbook whole
    is slow, and a round may bring 200 files: only the sheet names are read, and only a file
    without the template's 设置 sheet (which every branch file has) is tried as a ledger. A file
    that is none of these stays with the rest, so collect names the reason it cannot be used.
    """
    from xladdin.errors import UserError
    from xladdin.ledger.files import is_ledger
    from xladdin.spec import form
    from xladdin.xlsx.package import open_package
    from xladdin.xlsx.parts import read_workbook_info

    ledgers, merged, rest = [], [], []
    for path in paths:
        try:
            with open_package(path) as archive:
                sheets = {s.name for s in read_workbook_info(archive).sheets}
        except UserError:
            rest.append(path)
            continue
        if form.SETTINGS_SHEET in sheets:
            (merged if form.COLLECTION_SHEET in sheets else rest).append(path)
        else:
            (ledgers if is_ledger(path) else rest).append(path)
    return ledgers, merged, rest
