"""`huitoukan addin build|install|remove|doctor`: the Excel add-in's commands.

Building needs xlwings (the add-in template) and oletools (reading the VBA);
both are imported inside the commands, so `huitoukan check` never loads them.
"""

from __future__ import annotations

from pathlib import Path

import click

from xladdin.cli.errors import guarded


@click.group()
def addin() -> None:
    """Excel 加载项（“回头看”选项卡）的生成、安装、卸载与诊断。"""


@addin.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), help="加载项保存路径，文件名必须是 xladdin.xlam。默认 workbook/xladdin.xlam。")
@guarded
def build(output: Path | None) -> None:
    """从 xlwings 自带的功能区模板生成加载项 xladdin.xlam（不安装）。"""
    from xladdin.addin.build import ADDIN_FILENAME, build_addin, default_output
    from xladdin.errors import UserError

    target = output or default_output()
    if target.name != ADDIN_FILENAME:
        raise UserError("addin-name-wrong", expected=ADDIN_FILENAME, name=target.name)
    click.echo(f"已生成加载项：{build_addin(target)}")


@addin.command()
@click.option("--skip-excel-check", is_flag=True, help="注册表里找不到 Excel 时也安装（确知装有 Excel 时才用）。")
@guarded
def install(skip_excel_check: bool) -> None:
    """把加载项装进 Excel 的启动文件夹（XLSTART），并指向当前 Python。"""
    from xladdin.addin.install import install as install_addin

    path, how = install_addin(check_excel=not skip_excel_check)
    click.echo(f"已安装加载项：{path}（启动文件夹{how}）\n请重新打开 Excel，功能区会出现“回头看”选项卡。")


@addin.command()
@guarded
def remove() -> None:
    """从 Excel 的启动文件夹删除加载项。"""
    from xladdin.addin.install import remove as remove_addin

    path = remove_addin()
    click.echo(f"已删除加载项：{path}" if path else "没有找到已安装的加载项，无需删除。")


@addin.command()
@guarded
def doctor() -> None:
    """检查 Excel、加载项、宏设置、Python 和版本是否配套，每行给出结论和修改办法。"""
    from xladdin.addin.doctor import PROBLEM
    from xladdin.addin.install import doctor as diagnose

    lines = diagnose()
    for line in lines:
        click.echo(line)
    if any(line.startswith(PROBLEM) for line in lines):
        raise SystemExit(1)
