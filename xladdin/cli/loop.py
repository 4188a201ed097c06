"""The office's e-mail round on the command line: `feedback` (and, beside it, split and collect)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from xladdin.cli.errors import guarded
from xladdin.cli.options import FORCE, ReportDate


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output-dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="退回文件所在的文件夹，如 退回/（不存在时自动创建）。")
@click.option("--by", "by", type=ReportDate(), help="要求报回的日期，如 2010-09-05 或 2010年9月5日，写进每份修改意见。")
@click.option("--all", "everyone", is_flag=True, help="给每个支部都生成一份（默认只给有错误的支部）。")
@FORCE
@guarded
def feedback(file: Path, output_dir: Path, by: datetime | None, everyone: bool, force: bool) -> None:
    """退回修改：为每个有错误的支部生成“<简称>_退回修改意见.xlsx”。

    每份只含该支部的工作表（问题单元格已涂色并加批注）和它自己的“修改意见”表。
    支部改好后直接发回，可用 collect 收回。原工作簿不会被改动。
    """
    from xladdin.jobs import feedback_files

    output_dir.mkdir(parents=True, exist_ok=True)
    written = feedback_files(file, output_dir, by.date() if by else None, everyone, force)
    if not written:
        click.echo("各支部都没有错误，无需退回修改。（需要给每个支部都生成一份时，请加 --all。）")
        sys.exit(0)
    click.echo(f"已在“{output_dir}”中生成 {len(written)} 份退回修改意见：")
    for f in written:
        click.echo(f"  {f.path.name}：{f.branch}，错误 {f.errors} 条，提示 {f.warnings} 条")
    from xladdin.marks.patch.writer import OPENPYXL, PATCH, describe_writer

    rewritten = [f.path.name for f in written if f.writer == OPENPYXL]
    which = f"（{'、'.join(rewritten)}）" if rewritten and len(rewritten) < len(written) else ""
    click.echo(describe_writer(OPENPYXL if rewritten else PATCH) + which)
