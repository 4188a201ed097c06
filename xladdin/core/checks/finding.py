"""The one way to build a finding: where it is, and the catalogue's message for its code."""

from __future__ import annotations

from xladdin.core.findings import Finding
from xladdin.spec import form, messages


def make_finding(code: str, sheet: str, cell: str | None = None, field: str | None = None,
                 criterion: int | None = None, /, **kw: object) -> Finding:
    """A Finding whose message names the sheet and cell, the field's label and the criterion.

    kw fills the code's message template; label, ordinal and criterion are filled
    from the spec when the field or criterion is known and the caller did not.
    """
    spec_field = form.FIELDS_BY_NAME.get(field) if field else None
    if spec_field:
        kw.setdefault("label", spec_field.label)
    if criterion:
        kw.setdefault("ordinal", form.criterion(criterion).ordinal)
        kw.setdefault("criterion", form.criterion(criterion).title)
    message = messages.render(code, where=f"【{sheet}】{cell or ''}", sheet=sheet, **kw)
    return Finding(sheet, cell, field, criterion, messages.severity(code), code, message)
