"""整改进展: the summary's view of the 整改台账, per branch, in words and tables.

Outward documents name an item by its branch and criterion (运一党支部第四项), never by
the ledger's 编号, a cell or a file: those stay in the office's own ledger.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from reports.wording import chinese_date, joined, pct
from xladdin.core.findings import Report
from xladdin.ledger.items import Item, Ledger
from xladdin.spec import form
from xladdin.spec import ledger as spec

PROGRESS_COLUMNS = ["支部", "登记事项", *spec.STATUSES, "销号率"]
OVERDUE_COLUMNS = ["支部", "项目", "补课措施", "责任人", "完成时限"]
OPEN_COLUMNS = ["支部", "项目", "补课措施", "责任人", "完成时限", "状态"]
TOTAL = "合计"
NUMERALS = "一二三四五六七八九十"


def branch_items(ledger: Ledger, report: Report) -> list[Item]:
    """The ledger's items of the branches in this workbook, in the workbook's branch order."""
    order = {b.sheet: n for n, b in enumerate(report.branches)}
    chosen = [i for i in ledger.items if i.sheet in order]
    return sorted(chosen, key=lambda i: (order[i.sheet], i.criterion, i.seq))


def settled_statuses(ledger: Ledger) -> dict[tuple[str, int], str]:
    """Branch and criterion -> 待销号 or 已销号, where the newest item the branch reported done or the
    office closed: the 补课清单 shows that status instead of the deadline's."""
    return {k: item.status for k, item in ledger.latest().items() if item.status in (spec.PENDING, spec.CLOSED)}


def _project(item: Item) -> str:
    return f"第{form.criterion(item.criterion).ordinal}项"


def progress_frame(items: list[Item], names: dict[str, str]) -> pd.DataFrame:
    """Per branch: items registered, each status, and the share closed (销号率); a 合计 row last."""
    rows = []
    for sheet in dict.fromkeys(i.sheet for i in items):
        rows.append(_count_row(names.get(sheet, sheet), [i for i in items if i.sheet == sheet]))
    if rows:
        rows.append(_count_row(TOTAL, items))
    return pd.DataFrame(rows, columns=PROGRESS_COLUMNS, dtype=object)


def _count_row(name: str, items: list[Item]) -> list[object]:
    counts = [sum(i.status == s for i in items) for s in spec.STATUSES]
    closed = counts[spec.STATUSES.index(spec.CLOSED)]
    return [name, len(items), *counts, closed / len(items) if items else None]


def _item_rows(items: list[Item], names: dict[str, str], with_status: bool) -> list[list[object]]:
    rows = []
    for i in items:
        row = [names.get(i.sheet, i.sheet), _project(i), i.remedy, i.owner, i.deadline]  # blanks as blanks
        rows.append([*row, i.status] if with_status else row)
    return rows


def overdue_frame(items: list[Item], names: dict[str, str]) -> pd.DataFrame:
    overdue = [i for i in items if i.status == spec.OVERDUE]
    return pd.DataFrame(_item_rows(overdue, names, False), columns=OVERDUE_COLUMNS, dtype=object)


def items_frame(items: list[Item], names: dict[str, str]) -> pd.DataFrame:
    """Every item with its status, for the Word report's words on the 整改台账."""
    return pd.DataFrame(_item_rows(items, names, True), columns=OPEN_COLUMNS, dtype=object)


def progress_sentence(progress: pd.DataFrame, overdue: pd.DataFrame, report_date: date) -> str:
    """One or two sentences whose every number is a cell of the 整改进展 table's 合计 row."""
    if progress.empty:
        return "整改台账中还没有登记这些党支部的补课事项。"
    total = progress.iloc[-1]
    n, closed, pending = int(total["登记事项"]), int(total[spec.CLOSED]), int(total[spec.PENDING])
    not_due, late = int(total[spec.NOT_DUE]) + int(total[spec.NO_DEADLINE]), int(total[spec.OVERDUE])
    text = (f"整改台账共登记补课事项{n}项，截至{chinese_date(report_date)}已销号{closed}项（销号率{pct(closed / n)}），"
            f"支部报告已完成、待办公室销号{pending}项，尚未完成{not_due + late}项。")
    if late:
        items = [f"{r['支部']}{r['项目']}（责任人{r['责任人'] or '未明确'}，时限{_day(r['完成时限'])}）"
                 for _, r in overdue.iterrows()]
        text += f"尚未完成的事项中已逾期{late}项：{joined(items)}，请督促责任人尽快完成。"
    elif not_due:
        text += "尚未完成的事项均未逾期。"
    return text


def _day(value: object) -> str:
    return chinese_date(value) if isinstance(value, date) else str(value or "未定")


PROGRESS_TITLE = "整改进展（据整改台账）"


def later_titles(with_progress: bool) -> dict[str, str]:
    """The numbered headings after the 补课清单, which shift by one when 整改进展 is shown."""
    keys = ["progress", "findings", "highlights"] if with_progress else ["findings", "highlights"]
    words = {"progress": PROGRESS_TITLE, "findings": "问题清单", "highlights": "工作亮点和先进典型"}
    return {key: f"{NUMERALS[5 + n]}、{words[key]}" for n, key in enumerate(keys)}
