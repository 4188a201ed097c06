"""The huitoukan command line: a thin click layer over the core.

A user's mistake (UserError) becomes one Chinese line on stderr and exit 2;
anything else is a bug: its traceback goes to the log file, exit 3.
Heavy libraries (pandas, matplotlib) are imported inside the commands that
need them, so `check` starts fast.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click

from .cli_support import _guard


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
@click.option("--in-place", is_flag=True, help="把标记直接写回 FILE（先备份为 <文件名>.bak-<时间>.xlsx）。")
# Hidden: the benchmark and the reader parity checks pick the cell reader.
@click.option("--engine", type=click.Choice(["auto", "calamine", "openpyxl"]), default="auto", hidden=True)
# Hidden: the benchmark's same-run baseline without the 实事求是 text checks.
@click.option("--no-text-checks", "no_text_checks", is_flag=True, hidden=True)
@_guard
def check(file: Path, as_json: bool, mark_out: Path | None, in_place: bool, engine: str = "auto",
          no_text_checks: bool = False) -> None:
    """校验填报工作簿 FILE，列出所有不符合五个方面要求的问题。

    退出码：0 无错误（可有提示），1 发现错误，2 文件无法使用或用法有误。
    """
    from .safe_write import same_file
    from .service import check_file, mark_file, mark_in_place

    data, report = check_file(file, engine, text_checks=not no_text_checks)
    if in_place and mark_out is None:
        mark_out = file
    if mark_out is not None:
        from .mark_xlsx import marked_copy_warnings

        for warning in marked_copy_warnings(file, mark_out):
            click.echo(f"警告：{warning}", err=True)
        if in_place and same_file(file, mark_out):
            saved = mark_in_place(file, data, report)
            marked_line = f"已在原文件中写入标记：{file}，原文件已备份为：{saved}"
        else:
            mark_file(file, mark_out, data, report)
            marked_line = f"已生成标记副本：{mark_out}"
    if as_json:
        from .report import json_default

        # Indented for a person at a terminal; compact (and C-encoded, several times
        # faster on big reports) when piped to a program or a file.
        indent = 2 if sys.stdout.isatty() else None
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=indent, default=json_default))
    else:
        from .text_report import render_text

        click.echo(render_text(report))
        if mark_out is not None:
            click.echo(f"\n{marked_line}")
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



REPORT_DATE = click.option(
    "--date", "report_date", type=click.DateTime(formats=["%Y-%m-%d"]),
    help="报告日期（如 2010-09-12），用于判断补课是否逾期；默认今天。",
)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="汇总工作簿保存路径，如 汇总.xlsx。")
@REPORT_DATE
@_guard
def summary(file: Path, output: Path, report_date: datetime | None) -> None:
    """由填报工作簿 FILE 生成可报送的汇总工作簿（完成情况矩阵、补课清单、问题清单和图表）。

    原工作簿不会被改动。
    """
    from reports.api import summarize_file

    summarize_file(file, output, now=_at_report_date(report_date), generated_at=datetime.now())
    click.echo(f"已生成汇总工作簿：{output}")


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              show_default=True, help="输出文件夹：写入标记副本和汇总工作簿。")
@REPORT_DATE
@_guard
def run(file: Path, output_dir: Path, report_date: datetime | None) -> None:
    """一次完成：校验 FILE、另存标记副本（含“问题清单”和“汇总”表）、生成汇总工作簿（与 Excel 中“校验并汇总”按钮相同）。

    退出码同 check：0 无错误，1 发现错误，2 文件无法使用。
    """
    from reports.api import summarize_file, summary_parts

    from .mark_xlsx import marked_copy_warnings
    from .service import check_file, mark_file
    from .text_report import render_text

    output_dir.mkdir(parents=True, exist_ok=True)
    data, report = check_file(file)
    marked = output_dir / f"{file.stem}_标记{file.suffix}"
    summary_out = output_dir / f"{file.stem}_回头看汇总.xlsx"
    for warning in marked_copy_warnings(file, marked):
        click.echo(f"警告：{warning}", err=True)
    now = _at_report_date(report_date)
    # One summary (tables and charts) for both workbooks, from the one check above.
    parts = summary_parts(report, file, now, generated_at=datetime.now())
    mark_file(file, marked, data, report, summary=parts)
    summarize_file(file, summary_out, checked=(data, report), parts=parts)
    click.echo(render_text(report))
    click.echo(f"\n已生成标记副本：{marked}\n已生成汇总工作簿：{summary_out}")
    sys.exit(0 if report.valid else 1)


def _at_report_date(day: datetime | None) -> datetime | None:
    # Only the date is the user's; the trace line states the real time of the run.
    return datetime.combine(day.date(), datetime.min.time()) if day else None


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="新工作簿保存路径，如 修复后.xlsx。")
@_guard
def repair(file: Path, output: Path) -> None:
    """把损坏或改动过的填报工作簿 FILE 中已填写的内容迁移到一份新模板。

    按定义名称找填写单元格；名称丢失的，核对标签仍在原位后按模板地址迁移。
    迁移不了的内容逐条列出。原工作簿不会被改动。
    """
    from .repair import repair_workbook

    result = repair_workbook(file, output)
    click.echo(f"已生成修复后的工作簿：{output}（迁移 {result.moved} 个单元格）")
    for line in result.notes:
        click.echo(f"说明：{line}")
    for line in result.problems:
        click.echo(f"未迁移：{line}")
    sys.exit(0 if not result.problems else 1)


main.add_command(repair)


from .cli_addin import addin  # noqa: E402 - registered last; the module imports nothing heavy

main.add_command(addin)
