"""The ledger as a file: read one, carry it forward with a round, write it atomically."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from xladdin.core.findings import Report
from xladdin.core.model import WorkbookData
from xladdin.core.normalize import chinese_date
from xladdin.errors import UserError
from xladdin.ledger.book import LedgerBook, load_ledger_workbook, locate, read_ledger
from xladdin.ledger.items import Item, Ledger, criterion_label
from xladdin.ledger.sheet import new_ledger_workbook, write_ledger
from xladdin.ledger.update import update_ledger
from xladdin.spec import form
from xladdin.spec import ledger as spec
from xladdin.spec.messages import ERROR
from xladdin.xlsx.write import atomic_write


@dataclass
class LedgerResult:
    ledger: Ledger
    path: Path
    based_on: Path | None = None  # the old ledger carried forward, None for a new one
    backup: Path | None = None
    warnings: list[str] = field(default_factory=list)


def open_ledger(path: Path) -> LedgerBook:
    path = Path(path)
    return locate(load_ledger_workbook(path), path.name)


def is_ledger(path: Path) -> bool:
    """Whether the file at path holds a ledger table (used to update an existing -o in place)."""
    try:
        open_ledger(path)
    except UserError:
        return False
    return True


def read_ledger_file(path: Path) -> Ledger:
    return read_ledger(open_ledger(path))


def last_judged(path: Path) -> date | None:
    """The day the ledger's statuses were last judged on (its 截至 date: the day of its last round), if recorded."""
    current = read_ledger_file(path).current
    return current.day if current else None


def judged_on(day: date) -> str:
    """How ledger and feedback say which day the items' statuses were judged on."""
    return f"状态按{chinese_date(day)}判断"


def sheet_cells(data: WorkbookData) -> dict[str, dict[str, str]]:
    return {s.sheet: s.cells for s in data.sheets}


def link_to(round_path: Path, ledger_path: Path) -> str:
    """How the ledger's links name the round's workbook: relative when it sits in the ledger's folder
    (or below it), so the two can move together; otherwise its absolute location."""
    target, folder = Path(round_path).resolve(), Path(ledger_path).resolve().parent
    try:
        return target.relative_to(folder).as_posix()
    except ValueError:
        return target.as_uri()


def ledger_view(ledger_path: Path, data: WorkbookData, report: Report, source: Path, as_of: date) -> Ledger:
    """The ledger as it stands after this round, in memory: the file is only read."""
    old = read_ledger_file(ledger_path)
    return update_ledger(old, report, sheet_cells(data), Path(source).name, as_of, link_to(source, ledger_path),
                         view=True)


def headline(ledger: Ledger, source: str) -> str:
    """The line under the ledger's title: as of when, which round, and how many items stand where."""
    counts = ledger.counts()
    states = "、".join(f"{s}{counts[s]}项" for s in spec.STATUSES)
    current = ledger.current
    label = f"第{current.number}轮，依据“{source}”" if current else f"依据“{source}”"
    day = chinese_date(ledger.as_of) if ledger.as_of else ""
    return f"{spec.LINE_PREFIX}{day}（{label}）：共{len(ledger.items)}项，{states}。"


def write_ledger_file(data: WorkbookData, report: Report, source: Path, target: Path, old: Path | None,
                      as_of: date, same_round: bool | None = None) -> LedgerResult:
    """Carry the ledger at old (or a new one) forward with the round and write it to target.

    same_round: True refreshes the old ledger's last round, False adds a new one, None decides
    (ledger.rounds.choose).

    target may exist: the caller made room for it (a backup, or it is the old ledger itself).
    """
    source, target = Path(source), Path(target)
    warnings: list[str] = []
    if old is not None:
        book = open_ledger(old)
        warnings += _losses(Path(old))
        previous = read_ledger(book)
    else:
        book, previous = new_ledger_workbook(), None
    ledger = update_ledger(previous, report, sheet_cells(data), source.name, as_of, link_to(source, target),
                           same_round=same_round)
    rows = {i.id: i.row for i in ledger.items}  # before write_ledger gives new items their rows
    warnings += [f"{i.id}（{book.ws.title}表第{rows[i.id]}行）：{note}" for i in ledger.items if rows[i.id]
                 for note in i.overwritten]
    warnings += [f"{item.id}（{book.ws.title}表第{rows[item.id]}行）：{note}"
                 for item, note in closed_but_failing(ledger, report) if rows[item.id]]
    warnings += [f"{i.id}（{book.ws.title}表第{rows[i.id]}行）：{note}" for i in ledger.items
                 if rows[i.id] and (note := i.sign_off_failure())]
    added = write_ledger(book, ledger, headline(ledger, source.name))
    if added and not book.fresh:
        warnings.append(spec.COLUMNS_ADDED.format(names="”“".join(added), sheet=book.ws.title,
                                                  moved=spec.COLUMNS_MOVED if book.moved_right else ""))
    atomic_write(target, book.wb.save, replace=True)
    return LedgerResult(ledger, target, Path(old) if old else None, warnings=warnings)


def closed_but_failing(ledger: Ledger, report: Report) -> list[tuple[Item, str]]:
    """Items the office signed off whose aspect the round's form still fails, each with what to say.

    Only a person closes an item, so the 销号 stands; but the office is told, so that what goes up
    the line does not call the aspect both 已销号 and 不合格 unexplained. A newer item of the same
    aspect is the one the failure belongs to, so only the newest item is looked at."""
    branches = {b.sheet: b for b in report.branches}
    out = []
    for (sheet, cid), item in ledger.latest().items():
        branch = branches.get(sheet)
        if item.status != spec.CLOSED or branch is None or branch.verdicts.get(cid) != form.INCOMPLETE:
            continue
        errors = [f for f in report.findings if f.sheet == sheet and f.criterion == cid and f.severity == ERROR]
        said = [f.detail.rstrip("。") for f in errors[:3]]
        what = "；".join(f"{f.cell}：{d}" if f.cell else d for f, d in zip(errors, said, strict=False)) \
            or spec.FAILS_UNSAID
        if len(errors) > 3:
            what += spec.FAILS_MORE.format(n=len(errors) - 3)
        out.append((item, spec.CLOSED_STILL_FAILS.format(criterion=criterion_label(cid), what=what)))
    return out


def _losses(path: Path) -> list[str]:
    from xladdin.marks.budget import rewrite_losses
    from xladdin.xlsx.package import open_package

    with open_package(path) as archive:
        lost = rewrite_losses(archive, keep_vba=False)  # the ledger is loaded without its macros
    if not lost:
        return []
    return [f"更新后的台账将不包含：{'、'.join(lost)}。原台账及其备份中仍保留这些内容。"]
