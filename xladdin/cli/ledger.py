"""`huitoukan ledger`: build the 整改台账 from a round's workbook, or carry it on to the next round."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from xladdin.cli.errors import guarded
from xladdin.cli.options import FORCE, ReportDate
from xladdin.core.textwidth import display_width
from xladdin.spec import ledger as spec

if TYPE_CHECKING:
    from xladdin.ledger.files import LedgerResult
    from xladdin.ledger.items import Ledger


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help=f"整改台账保存路径，如 {spec.LEDGER_FILE}。已有台账时原地更新（先备份）。")
@click.option("--ledger", "old", type=click.Path(path_type=Path),
              help="上一轮的整改台账；不写时，若 -o 已是整改台账则更新它，否则新建。")
@click.option("--date", "as_of", type=ReportDate(), help="按哪一天判断是否逾期（如 2010-10-08），默认今天。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出各事项和各状态的数量。")
@click.option("--same-round", is_flag=True,
              help="按台账的最后一轮重新更新（如补收迟报的支部、支部在同一轮中改报），不增加轮次。")
@click.option("--new-round", is_flag=True, help="登记为新的一轮，即使填报工作簿的内容与上一轮相同。")
@FORCE
@guarded
def ledger(file: Path, output: Path, old: Path | None, as_of: datetime | None, as_json: bool, same_round: bool,
           new_round: bool, force: bool) -> None:
    """整改台账：由本轮填报工作簿建立或更新，逐条跟踪补课事项直到销号。

    每条补课事项一个编号（如 运一-4-1），一经给出不再改变。状态：未到期、已逾期、未定时限（没有填写完成时限）、待销号（支部报告已完成）、已销号（办公室填写了销号人和销号日期）。

    办公室在台账中填写的销号人、销号日期、备注和自己增加的列，更新时原样保留。填报工作簿不会被改动。

    再次运行时，已报送支部的内容与台账最后一轮相同（只看内容，不看文件名和日期），就按那一轮重新更新，不增加轮次；
    --same-round、--new-round 可以明确指定。
    """
    from xladdin.errors import UserError
    from xladdin.jobs import ledger_file

    if same_round and new_round:
        raise UserError("ledger-round-choice")
    choice = True if same_round else False if new_round else None
    result = ledger_file(file, output, old, as_of.date() if as_of else None, force, choice)
    for warning in result.warnings:
        click.echo(f"警告：{warning}", err=True)
    if as_json:
        click.echo(json.dumps(result.ledger.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(render_ledger(result, file.name))


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def render_ledger(result: LedgerResult, source: str) -> str:
    """Counts per branch (total and each status), what this round changed, and where the file went."""
    from xladdin.ledger.files import judged_on

    led = result.ledger
    current = led.current
    lines = [f"整改台账：{result.path.name}（第{current.number if current else 1}轮，依据“{source}”，"
             f"{judged_on(led.as_of)}）"]
    lines += [*filter(None, [round_line(led, source)]), ""]
    heads = ["支部", "总数", *spec.STATUSES]
    width = max([display_width(s) for s in led.sheets()] + [4]) + 2
    step = max(8, *(display_width(h) + 2 for h in heads[1:]))  # 未定时限 is as wide as 8 half-width characters
    lines.append(_pad(heads[0], width) + "".join(_pad(h, step) for h in heads[1:]))
    for sheet in [*led.sheets(), None]:
        counts = led.counts(sheet)
        name = sheet if sheet is not None else "合计"
        total = sum(counts.values())
        lines.append(_pad(name, width) + "".join(_pad(str(n), step) for n in (total, *counts.values())))
    if not led.items:
        lines += ["", "本轮没有需要登记的补课事项。"]
    changes = [f"{title} {len(chosen)} 项：{'、'.join(chosen)}" for title, chosen in _changes(result) if chosen]
    if moved := [i for i in led.items if i.moved is not None]:
        listed = [spec.MOVED_ITEM.format(id=i.id, old=i.moved[0], new=i.moved[1],
                                         overdue=spec.MOVED_OVERDUE if i.moved[2] else "") for i in moved]
        changes.append(spec.MOVED_LINE.format(n=len(moved), items="、".join(listed)))
    lines += ["", *changes] if changes else []
    lines.append("")
    verb = "已更新整改台账" if result.based_on else "已建立整改台账"
    lines.append(f"{verb}：{result.path}")
    if result.backup is not None:
        lines.append(f"原台账已备份为：{result.backup}")
    return "\n".join(lines)


def round_line(led: Ledger, source: str) -> str:
    """Whether this update refreshed the last round or added one, when that is not plain (ledger.rounds)."""
    from xladdin.ledger.rounds import ASKED, LATE, SAME, SAME_DAY

    n = led.current.number if led.current else 1
    if led.rerun == LATE:
        return spec.RERUN_LATE.format(n=n, branches="、".join(led.late)) + spec.RERUN_NEW_HINT
    if led.rerun in (SAME, ASKED, SAME_DAY):
        text = {SAME: spec.RERUN_SAME, ASKED: spec.RERUN_ASKED, SAME_DAY: spec.RERUN_SAME_DAY}[led.rerun]
        return text.format(n=n) + (spec.RERUN_NEW_HINT if led.rerun != ASKED else "")
    if led.same_name:
        return spec.NEW_SAME_NAME.format(source=source, last=n - 1, n=n)
    return ""


def _changes(result: LedgerResult) -> list[tuple[str, list[str]]]:
    items = result.ledger.items
    return [
        ("本轮新登记", [i.id for i in items if i.progress.startswith(spec.NEW)]),
        ("支部报告已完成（待销号）", [i.id for i in items if i.progress.startswith((spec.DONE_BY_STATUS, spec.DONE_BY_WORDS))]),
        ("本轮未报告进展（保留上次内容）", [i.id for i in items if i.progress.startswith(spec.NO_NEWS)]),
        ("已逾期", [i.id for i in items if i.status == spec.OVERDUE]),
    ]
