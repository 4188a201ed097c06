"""`huitoukan template | sample | repair`: making and mending the branch forms."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xladdin.cli.errors import guarded
from xladdin.cli.options import FORCE, echo_written, make_room_for


@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="模板保存路径，如 回头看填报表.xlsx。")
@click.option("--branches", help="支部简称，用逗号分隔，如 运一,电气,化学。默认取通知中的六个支部。")
@FORCE
@guarded
def template(output: Path, branches: str | None, force: bool) -> None:
    """按规范生成空白填报模板。"""
    from xladdin.jobs import make_template

    saved = make_room_for(None, output, force)
    make_template(output, branches, replace=True)
    echo_written("模板", output, saved)


@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="示例工作簿保存路径。")
@FORCE
@guarded
def sample(output: Path, force: bool) -> None:
    """生成按通知中六个支部材料填写的示例工作簿。"""
    from xladdin.jobs import make_sample

    saved = make_room_for(None, output, force)
    make_sample(output, replace=True)
    echo_written("示例工作簿", output, saved)


@click.command()
@click.argument("file", metavar="工作簿", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="新工作簿保存路径，如 修复后.xlsx。")
@FORCE
@guarded
def repair(file: Path, output: Path, force: bool) -> None:
    """把损坏或改动过的填报工作簿中已填写的内容迁移到一份新模板。

    按定义名称找填写单元格；名称丢失的，核对标签仍在原位后按模板地址迁移。
    迁移不了的内容逐条列出。原工作簿不会被改动。
    """
    from xladdin.forms.repair import repair_workbook

    saved = make_room_for(file, output, force)
    result = repair_workbook(file, output, replace=True)
    echo_written("修复后的工作簿", output, saved)
    click.echo(f"共迁移 {result.moved} 个单元格。")
    for line in result.notes:
        click.echo(f"说明：{line}")
    for line in result.problems:
        click.echo(f"未迁移：{line}")
    sys.exit(0 if not result.problems else 1)
