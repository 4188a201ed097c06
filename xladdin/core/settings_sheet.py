"""Settings from the workbook's 设置 sheet, with the notice's defaults as fallback."""

from __future__ import annotations

import re

from xladdin.core.model import Settings
from xladdin.core.normalize import clean_text, is_blank, parse_date
from xladdin.spec import form

_SPLIT = re.compile(r"[，,、；;\n]+")
_VERSION = re.compile(r"v\s*(\d+)", re.IGNORECASE)


def template_version(named: dict[str, object], from_workbook: bool) -> int | None:
    """1 for a workbook of the first template (no version cell); 0 for a version that cannot be read."""
    if form.TEMPLATE_NAME not in named:
        return 1 if from_workbook else None
    m = _VERSION.search(clean_text(named[form.TEMPLATE_NAME]))
    return int(m[1]) if m else 0


def settings_from_cells(named: dict[str, object], branch_rows: list[tuple[str, object, object]]) -> Settings:
    """Build Settings from named setting values and the branch table's rows.

    named: setting name -> raw value (absent when the workbook lacks the name).
    branch_rows: (A1 of the short-name cell, short, full) for each table row.
    """
    s = Settings(from_workbook=bool(named) or bool(branch_rows))
    if not is_blank(text := clean_text(named.get("hk_campaign"))):
        s.campaign = text
    if not is_blank(text := clean_text(named.get("hk_round"))):
        s.round_name = text
    for name in ("hk_window_start", "hk_window_end"):
        if name not in named:
            continue
        raw = named[name]
        day = parse_date(raw)
        if day is None and not is_blank(raw):
            s.problems.append((name, raw))  # said out loud: a silent None would switch the check off
        setattr(s, "window_start" if name.endswith("start") else "window_end", day)
    # A placeholder such as 无 in the settings means "use the default", never "print 无".
    if not is_blank(text := clean_text(named.get("hk_recipients"))):
        s.recipients = tuple(p.strip() for p in _SPLIT.split(text) if p.strip() and not is_blank(p))
    if not is_blank(text := clean_text(named.get("hk_org"))):
        s.org = text
    if not is_blank(text := clean_text(named.get(form.SCOPE_NAME))):
        s.scope = text
    s.template_version = template_version(named, s.from_workbook)
    if branch_rows:
        branches, cells = [], {}
        for cell, short_raw, full_raw in branch_rows:
            short = clean_text(short_raw)
            if is_blank(short) or short in cells:
                continue  # blank rows are room to grow; a repeated row adds nothing
            full = clean_text(full_raw) or f"{short}党支部"
            branches.append(form.Branch(short, full))
            cells[short] = cell
        s.branches = tuple(branches)
        s.branch_cells = cells
    return s
