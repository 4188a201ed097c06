"""The huitoukan command line: a thin click layer over the core.

A user's mistake (UserError) becomes one Chinese line on stderr and exit 2;
anything else is a bug: its traceback goes to the log file, exit 3.
Heavy libraries (pandas, matplotlib) are imported inside the commands that
need them, so `check` starts fast.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from .errors import UserError

EXIT_USAGE = 2
EXIT_BUG = 3


def _guard(func):
    """Turn failures into the two kinds the user can tell apart."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except UserError as exc:
            click.echo(f"错误：{exc}", err=True)
            sys.exit(EXIT_USAGE)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception:  # noqa: BLE001 - the last line of defence for bugs
            from .logs import log_exception

            log = log_exception()
            click.echo(f"内部错误：程序出现异常，详细信息已记录到 {log}。请把该文件发给维护人员。", err=True)
            sys.exit(EXIT_BUG)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="huitoukan")
def main() -> None:
    """回头看：创先争优活动“回头看”填报表的校验、标记与汇总。"""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # a GBK console must not crash on ✓


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出校验结果。")
@click.option("--mark", "mark_out", type=click.Path(path_type=Path), help="另存一份标出问题的工作簿到此路径。")
@_guard
def check(file: Path, as_json: bool, mark_out: Path | None) -> None:
    """校验填报工作簿 FILE，列出所有不符合五个方面要求的问题。

    退出码：0 无错误（可有提示），1 发现错误，2 文件无法使用或用法有误。
    """
    from .service import check_file, mark_file

    data, report = check_file(file)
    if mark_out is not None:
        mark_file(file, mark_out, data, report)
    if as_json:
        from .report import json_default

        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=json_default))
    else:
        from .text_report import render_text

        click.echo(render_text(report))
        if mark_out is not None:
            click.echo(f"\n已生成标记副本：{mark_out}")
    sys.exit(0 if report.valid else 1)


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="模板保存路径，如 workbook/template.xlsx。")
@click.option("--branches", help="支部简称，用逗号分隔，如 运一,电气,化学。默认取通知中的六个支部。")
@_guard
def template(output: Path, branches: str | None) -> None:
    """按规范生成空白填报模板。"""
    from .service import make_template

    make_template(output, branches)
    click.echo(f"已生成模板：{output}")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="示例工作簿保存路径。")
@_guard
def sample(output: Path) -> None:
    """生成按通知中六个支部材料填写的示例工作簿。"""
    from .service import make_sample

    make_sample(output)
    click.echo(f"已生成示例工作簿：{output}")

