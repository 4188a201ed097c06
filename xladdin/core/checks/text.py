"""The 实事求是 text checks over a checked workbook: answers in, findings out.

The rules themselves are in xladdin/textcheck (plain data, no workbook); this
module only gathers the answers from the normalised values and turns the hits
into findings with the catalogue's messages.
"""

from __future__ import annotations

from xladdin.core.cycles import no_cycle_collection
from xladdin.core.findings import Finding, Report
from xladdin.core.model import WorkbookData
from xladdin.core.textcheck import Answer, TextHit, compared, find_text_issues
from xladdin.spec import form, messages

TEXT_FIELDS = tuple(f.name for f in form.FIELDS if f.kind == form.LONGTEXT and compared(f.name))


def text_findings(data: WorkbookData, report: Report) -> list[Finding]:
    cells = {sd.sheet: sd.cells for sd in data.sheets}
    answers: list[Answer] = []
    for b in report.branches:
        values, where = b.values, cells.get(b.sheet, {})
        done = {c.id for c in form.CRITERIA if values.get(f"c{c.id}_status") == form.STATUS_DONE}
        # Two sheets that claim one branch are a duplicate filing (its own error), not a copy.
        author = str(values.get("branch_name") or b.sheet)
        for name in TEXT_FIELDS:
            text = values.get(name)
            if isinstance(text, str) and text:
                criterion = form.FIELDS_BY_NAME[name].criterion
                answers.append(Answer(b.sheet, name, where.get(name), text, criterion in done, author))
    if not answers:
        return []
    with no_cycle_collection():  # the text checks alone, when called without the job's pause
        rendered: dict = {}
        return [_finding(h, rendered) for h in find_text_issues(answers, names=quotable_names(data))]


def quotable_names(data: WorkbookData) -> set[str]:
    """Names everyone may write: the branches (listed and as sheets), the campaign and the round."""
    s = data.settings
    names = {b.short for b in s.branches} | {b.full for b in s.branches} | {sd.sheet for sd in data.sheets}
    return names | {s.campaign, s.round_name, form.DEFAULT_CAMPAIGN, form.DEFAULT_ROUND}


def _finding(hit: TextHit, rendered: dict) -> Finding:
    # Thousands of hits share a message but for the cell it opens with (all copies of one
    # text name the same others): render each message once, then put the cell in.
    key = (hit.code, hit.field, *hit.params.values())
    message = rendered.get(key)
    if message is None:
        f = form.FIELDS_BY_NAME[hit.field]
        params = dict(hit.params)
        if f.criterion:
            params.setdefault("ordinal", form.criterion(f.criterion).ordinal)
        message = rendered[key] = messages.render(hit.code, where=_WHERE, label=form.field_title(hit.field),
                                                   part=f.label, **params)
    message = message.replace(_WHERE, f"【{hit.sheet}】{hit.cell or ''}", 1)
    return Finding(hit.sheet, hit.cell, hit.field, hit.criterion, messages.severity(hit.code), hit.code, message,
                   hit.related)


_WHERE = "\x00where\x00"  # never in a message otherwise: control characters are quoted as placeholders
