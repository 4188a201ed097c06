"""The round's settings (campaign, round, window, recipients, org, branch list) as they travel between files.

split copies the master's settings into every branch's file; collect takes them
back from the returned files, which share them, and says so when they do not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

from openpyxl import Workbook

from xladdin.core.model import Settings
from xladdin.core.normalize import clean_text
from xladdin.errors import UserError
from xladdin.forms.ownership import Notice
from xladdin.spec import form
from xladdin.spec.loop_text import notice
from xladdin.xlsx.text import set_text

# What the office sets for the round; scope and template version are the tool's own.
ROUND_SETTINGS = ("hk_campaign", "hk_round", "hk_window_start", "hk_window_end", "hk_recipients", "hk_org")
MAX_LISTED_FILES = 5  # in a message; the rest are counted


def setting_values(settings: Settings) -> dict[str, object]:
    """The round's settings as cell values; a date the office typed that cannot be read stays as typed."""
    typed = dict(settings.problems)
    return {
        "hk_campaign": settings.campaign,
        "hk_round": settings.round_name,
        "hk_window_start": typed.get("hk_window_start", settings.window_start),
        "hk_window_end": typed.get("hk_window_end", settings.window_end),
        "hk_recipients": "，".join(settings.recipients),
        "hk_org": settings.org,
    }


def write_settings(wb: Workbook, values: dict[str, object], scope: str | None = None) -> None:
    """Write setting values through the workbook's defined names (a fresh template's 设置 sheet)."""
    for name, value in {**values, form.SCOPE_NAME: scope}.items():
        if name in wb.defined_names:
            for title, coord in wb.defined_names[name].destinations:
                set_text(wb[title][coord.replace("$", "")], value)


def shown(value: object) -> str:
    """A setting value as a person reads it; also what two files are compared on."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return clean_text(value)


def listed_files(labels: Sequence[str]) -> str:
    text = "、".join(f"“{x}”" for x in labels[:MAX_LISTED_FILES])
    return text + (f" 等 {len(labels)} 个文件" if len(labels) > MAX_LISTED_FILES else "")


def agree(files: Sequence[tuple[str, Settings]]) -> tuple[dict[str, object], tuple[form.Branch, ...], list[Notice]]:
    """The settings most files share, every branch any file lists, and a notice for each disagreement."""
    notices: list[Notice] = []
    values: dict[str, object] = {}
    per_file = [(label, setting_values(s)) for label, s in files]
    for key in ROUND_SETTINGS:
        texts = [shown(v[key]) for _, v in per_file]
        best = Counter(texts).most_common(1)[0][0]  # ties: the first file's, as Counter keeps insertion order
        values[key] = per_file[texts.index(best)][1][key]
        differ = [label for (label, _), text in zip(per_file, texts, strict=True) if text != best]
        if differ:
            label = form.SETTINGS_BY_NAME[key].label
            notices.append(Notice("setting-disagree", notice("setting-disagree", label=label, value=best,
                                                             files=listed_files(differ))))
    lists = [tuple(s.branches) for _, s in files]
    branches = list(Counter(lists).most_common(1)[0][0])
    for other in lists:
        branches += [b for b in other if b.short not in {x.short for x in branches}]
    if len(set(lists)) > 1:
        notices.append(Notice("branch-list-disagree", notice("branch-list-disagree",
                                                             branches="、".join(b.short for b in branches))))
    return values, tuple(branches), notices


def against_master(master: Settings, files: Sequence[tuple[str, Settings]]) -> list[Notice]:
    """--into keeps the master's settings; say where the returned files set the round differently."""
    ours = setting_values(master)
    notices = []
    for key in ROUND_SETTINGS:
        differ = [label for label, s in files if shown(setting_values(s)[key]) != shown(ours[key])]
        if differ:
            notices.append(Notice("master-setting-disagree", notice(
                "master-setting-disagree", files=listed_files(differ), label=form.SETTINGS_BY_NAME[key].label,
                value=shown(ours[key]))))
    return notices


def check_sheet_names(branches: Sequence[form.Branch]) -> None:
    """Every branch must be able to have a sheet of its name (the office may type anything into 设置)."""
    for b in branches:
        if b.short in form.RESERVED_SHEETS or any(ch in b.short for ch in "[]:*?/\\'") or len(b.short) > 31:
            raise UserError("branch-name-bad", name=b.short)
