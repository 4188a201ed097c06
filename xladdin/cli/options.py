"""Options several commands share: the report date, --force, and how a replaced file is reported."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import click


class ReportDate(click.ParamType):
    """A date in any form the sheets accept: 2010-09-12, 2010年9月12日, 2010.9.12, 2010/9/12."""

    name = "日期"

    def convert(self, value, param, ctx) -> datetime:
        if isinstance(value, datetime):
            return value
        from xladdin.core.normalize import parse_date

        day = parse_date(value)
        if day is None:
            self.fail(f"“{value}”不是有效日期。请写成 2010-09-12 或 2010年9月12日（须写明年份）。", param, ctx)
        return datetime.combine(day, datetime.min.time())


REPORT_DATE = click.option(
    "--date", "report_date", type=ReportDate(),
    help="报告日期（如 2010-09-12 或 2010年9月12日），用于判断补课是否逾期；默认今天。",
)
LEDGER = click.option(
    "--ledger", type=click.Path(path_type=Path),
    help="整改台账（huitoukan ledger 生成），据此写入整改进展；台账只读，不改动。",
)
FORCE = click.option("--force", is_flag=True, help="输出文件已存在时覆盖它（先把原文件备份为 <文件名>.bak-<时间>）。")
# split and feedback: their files are mailed out, so the backups go where they cannot be sent by mistake.
FORCE_OUTGOING = click.option("--force", is_flag=True,
                              help="文件已存在时覆盖它（先把原文件备份到该文件夹的“备份”子文件夹，文件名加上时间）。")


def at_report_date(day: datetime | date | None) -> datetime | None:
    # Only the date is the user's; the trace line states the real time of the run.
    if day is None:
        return None
    return datetime.combine(day.date() if isinstance(day, datetime) else day, datetime.min.time())


def make_room_for(source: Path | None, target: Path, force: bool, suffixes: tuple[str, ...] | None = None,
                  in_place_hint: bool = False) -> Path | None:
    """Before any work: the output is not the input, and an existing file there is refused or (--force) backed up."""
    from xladdin.xlsx.write import WORKBOOK_SUFFIXES, make_room, refuse_same_file

    if source is not None:
        refuse_same_file(Path(source), Path(target), in_place_hint=in_place_hint)
    return make_room(Path(target), force, suffixes or WORKBOOK_SUFFIXES)


def echo_written(what: str, path: Path, backup: Path | None = None) -> None:
    click.echo(f"已生成{what}：{path}")
    if backup is not None:
        click.echo(f"原有的同名文件已备份为：{backup}")


@contextlib.contextmanager
def new_folder(folder: Path) -> Iterator[None]:
    """Make folder (and its parents) for a command's output; if the command then fails, remove the folders
    it made that are still empty, so a failed run leaves no empty output folder behind."""
    made = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    try:
        yield
    except SystemExit:  # the command's own exit code, after it wrote what it writes
        raise
    except BaseException:
        for p in made:  # deepest first
            try:
                p.rmdir()  # only if empty: anything written stays
            except OSError:
                break
        raise
