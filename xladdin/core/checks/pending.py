"""Branches whose file came back but could not be used: 待核实, not 未报送.

When collect receives a branch's file and cannot take it (two files that disagree, or a file in
a format it cannot read), the merged sheet stays empty and check alone would say the branch has
not reported. It has: the office must look at the file. The branch's "branch-empty" error becomes
one warning that says so, so no blank form is sent back to a branch that did report.
"""

from __future__ import annotations

from collections.abc import Mapping

from xladdin.core.checks.finding import make_finding
from xladdin.core.findings import Report

PENDING_CODE = "branch-pending"


def apply_pending(report: Report, pending: Mapping[str, str]) -> None:
    """pending: sheet -> why its file was not used (one short Chinese phrase). Changes report in place."""
    if not pending:
        return
    findings = []
    for f in report.findings:
        why = pending.get(f.sheet)
        # PENDING_CODE too: the collection's own reason (naming the file) replaces one read back from 回收情况.
        if f.code in ("branch-empty", PENDING_CODE) and why is not None:
            f = make_finding(PENDING_CODE, f.sheet, branch=report.settings.full_name(f.sheet), why=why)
        findings.append(f)
    report.findings[:] = findings
    for b in report.branches:
        if b.sheet in pending and not b.reported:
            b.pending = pending[b.sheet]
    report.count_per_branch()
