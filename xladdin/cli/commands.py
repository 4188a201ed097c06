"""The huitoukan command line: a thin click layer over xladdin.jobs.

A user's mistake (UserError) becomes one Chinese line on stderr and exit 2;
anything else is a bug: its traceback goes to the log file, exit 3.
Heavy libraries (pandas, matplotlib, python-docx) are imported inside the
commands that need them, so `check` starts fast.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click

from xladdin.cli.errors import guarded
from xladdin.cli.group import ChineseGroup
from xladdin.cli.options import FORCE, LEDGER, REPORT_DATE, ReportDate, at_report_date, echo_written, make_room_for


# ChineseGroup: every usage error and help page below says it in Chinese (xladdin.cli.group).
@click.group(name="huitoukan", cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="huitoukan", message="%(prog)s %(version)s", help="显示版本号并退出。")
def main() -> None:
    """回头看：创先争优活动“回头看”填报表的校验、标记与汇总。"""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # a GBK console must not crash on ✓


@main.command()
@click.argument("file", metavar="工作簿", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出校验结果。")
@click.option("--mark", "mark_out", type=click.Path(path_type=Path), help="另存一份标出问题的工作簿到此路径。")
@click.option("--in-place", is_flag=True, help="把标记直接写回原工作簿（先备份为 <文件名>.bak-<时间>.xlsx）。")
@FORCE
# Hidden: the benchmark and the reader parity checks pick the cell reader.
@click.option("--engine", type=click.Choice(["auto", "calamine", "openpyxl"]), default="auto", hidden=True)
# Hidden: the benchmark's same-run baseline without the 实事求是 text checks.
@click.option("--no-text-checks", "no_text_checks", is_flag=True, hidden=True)
@guarded
def check(file: Path, as_json: bool, mark_out: Path | None, in_place: bool, force: bool, engine: str = "auto",
          no_text_checks: bool = False) -> None:
    """校验填报工作簿，列出所有不符合五个方面要求的问题。

    退出码：0 无错误（可有提示），1 发现错误，2 文件无法使用或用法有误。
    """
    from xladdin.jobs import check_file, mark_copy, mark_in_place
    from xladdin.xlsx.write import same_file

    if in_place and mark_out is None:
        mark_out = file
    marked_lines: list[str] = []
    if mark_out is not None and not (in_place and same_file(file, mark_out)):
        # Before the work: an existing copy is not silently replaced.
        saved = make_room_for(file, mark_out, force, in_place_hint=True)
        if saved:
            marked_lines.append(f"原有的同名文件已备份为：{saved}")
    data, report = check_file(file, engine, text_checks=not no_text_checks)
    if mark_out is not None:
        from xladdin.marks.xlsx import marked_copy_warnings

        for warning in marked_copy_warnings(file, mark_out):
            click.echo(f"警告：{warning}", err=True)
        if in_place and same_file(file, mark_out):
            marked = mark_in_place(file, data, report)
            marked_lines[:0] = [f"已在原文件中写入标记：{file}，原文件已备份为：{marked.backup}", marked.describe()]
        else:
            marked = mark_copy(file, mark_out, data, report, replace=True)
            marked_lines[:0] = [f"已生成标记副本：{mark_out}", marked.describe()]
        for warning in marked.warnings:
            click.echo(f"警告：{warning}", err=True)
    if as_json:
        from xladdin.core.findings import json_default

        # Indented for a person at a terminal; compact (and C-encoded, several times
        # faster on big reports) when piped to a program or a file.
        indent = 2 if sys.stdout.isatty() else None
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=indent, default=json_default))
    else:
        from xladdin.cli.text import render_text

        click.echo(render_text(report))
        if marked_lines:
            click.echo("\n" + "\n".join(marked_lines))
    sys.exit(0 if report.valid else 1)


def _to_stderr(line: str) -> None:
    click.echo(line, err=True)


def _silent(_line: str) -> None:
    pass


@main.command()
@click.argument("file", metavar="工作簿", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="汇总工作簿保存路径，如 汇总.xlsx。")
@REPORT_DATE
@LEDGER
@FORCE
@guarded
def summary(file: Path, output: Path, report_date: datetime | None, force: bool, ledger: Path | None = None) -> None:
    """由填报工作簿生成可报送的汇总工作簿（完成情况矩阵、补课清单和图表）。

    加 --ledger 时增加“整改进展”一节。原工作簿和台账都不会被改动。
    """
    from xladdin.jobs import summarize_file

    saved = make_room_for(file, output, force)
    summarize_file(file, output, now=at_report_date(report_date), generated_at=datetime.now(), replace=True,
                   notice=_to_stderr, ledger_path=ledger)
    echo_written("汇总工作簿", output, saved)


@main.command()
@click.argument("file", metavar="工作簿", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="情况报告保存路径，如 回头看情况报告.docx。")
@REPORT_DATE
@LEDGER
@FORCE
@guarded
def report(file: Path, output: Path, report_date: datetime | None, force: bool, ledger: Path | None = None) -> None:
    """由填报工作簿生成 Word 情况报告（GB/T 9704-2012 公文格式），附件为汇总工作簿。

    --date 同时是报告的成文日期和印发日期。加 --ledger 时列出整改台账中尚未销号的事项。原工作簿和台账都不会被改动。
    """
    from reports.word_report import DOCX_SUFFIXES
    from xladdin.jobs import report_file

    saved = make_room_for(file, output, force, DOCX_SUFFIXES)
    report_file(file, output, now=at_report_date(report_date), replace=True, notice=_to_stderr, ledger_path=ledger)
    echo_written("情况报告", output, saved)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="工作簿或收件文件夹…", type=click.Path(path_type=Path))
@click.option("-o", "--output-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              help="输出文件夹：写入标记副本、汇总工作簿和情况报告（收件时还有合并工作簿和退回修改意见）；默认为当前文件夹。")
@REPORT_DATE
@click.option("--by", "by", type=ReportDate(),
              help="退回修改意见中的报回期限，如 2010-09-19；不得早于 --date（默认今天）。")
@guarded
def run(inputs: tuple[Path, ...], output_dir: Path, report_date: datetime | None, by: datetime | None = None) -> None:
    """一次完成一轮工作（与 Excel 中“校验并汇总”按钮相同）。

    给一个填报工作簿：校验它，另存标记副本（含“问题清单”和“汇总”表），生成汇总工作簿和情况报告。
    给收件文件夹或多个报回的文件：先合并成一个工作簿（含“回收情况”表），再做上面这些，
    并为有错误的支部生成退回修改意见（在“退回修改”文件夹中）；给合并工作簿（再报后的总表）时也生成。
    “退回修改”文件夹中以前的退回修改意见先移到其中的“备份”文件夹，以免发出过时的意见。
    工作簿（收件时为输出文件夹）旁有“整改台账.xlsx”时，汇总和情况报告写入整改进展（台账只读，不改动）。
    文件夹里以前生成的标记副本、汇总工作簿和情况报告先移到其中的“备份”文件夹（不删除，不覆盖），文件夹中只留本次的结果。
    退出码：0 无错误且全部收到，1 发现错误、未报送或冲突，2 文件无法使用。
    """
    from xladdin.cli.options import new_folder
    from xladdin.jobs import refuse_past_deadline
    from xladdin.jobs.round import refuse_missing, refuse_output_in_inbox

    refuse_missing(list(inputs))  # before the folder is made
    refuse_output_in_inbox(list(inputs), output_dir)
    refuse_past_deadline(by.date() if by else None, report_date.date() if report_date else None)
    with new_folder(output_dir):
        _run(inputs, output_dir, report_date, by)


def _run(inputs: tuple[Path, ...], output_dir: Path, report_date: datetime | None, by: datetime | None) -> None:
    from xladdin.cli.text import render_text
    from xladdin.jobs import FileRun, ledger_beside, run_round
    from xladdin.jobs import run as run_job
    from xladdin.jobs.round import is_round_master, round_feedback

    now = at_report_date(report_date)
    complete = True
    returned = None
    unused_by: list[str] = []
    # Stage by stage at a terminal, so a long round shows where it is (and how far it got if stopped).
    progress = _to_stderr if sys.stderr.isatty() else _silent
    if len(inputs) == 1 and not inputs[0].is_dir():
        result = run_job(FileRun(inputs[0], output_dir), now=now, generated_at=datetime.now(), progress=progress)
        if is_round_master(result.checked):  # round two: the master collect --into updated
            progress("回头看：正在生成退回修改意见…")
            returned = round_feedback(inputs[0], output_dir, result.checked, by.date() if by else None, now)
        elif by is not None:  # one branch workbook, or the template: no 退回修改 files, so --by goes unused
            from xladdin.spec.loop_text import RUN_BY_UNUSED

            unused_by = ["说明：" + RUN_BY_UNUSED.format(by=by.date().isoformat(), name=inputs[0])]
    else:
        from xladdin.cli.loop import render_collection

        whole = run_round(list(inputs), output_dir, now=now, generated_at=datetime.now(), progress=progress,
                          by=by.date() if by else None)
        result, complete, returned = whole.run, whole.collection.complete, whole.returned
        click.echo(f"已生成合并工作簿：{whole.collection.target}")
        if whole.kept_master is not None:
            click.echo("说明：" + _master_kept(whole.kept_master, whole.collection.target, inputs))
        click.echo(render_collection(whole.collection) + "\n")
    tail = _retired_lines(result.retired) + unused_by
    tail += _feedback_lines(result.checked.report, returned, Path(result.checked.report.file)) if returned is not None else []
    for line in result.notes:
        click.echo(line, err=True)
    if ledger := ledger_beside(Path(result.checked.report.file)):
        click.echo(f"整改进展取自：{ledger}（只读，未改动）")
    click.echo(render_text(result.checked.report))
    written_by = [result.marked_by.describe()] if result.marked_by else []
    lines = [f"已生成标记副本：{result.marked}", *written_by, f"已生成汇总工作簿：{result.exported}",
             f"已生成情况报告：{result.report}", *tail]
    click.echo("\n" + "\n".join(lines))
    sys.exit(0 if result.checked.report.valid and complete else 1)


def _master_kept(kept: Path, merged: Path, inputs: tuple[Path, ...]) -> str:
    """Why this run's merged workbook has a dated name, and how to merge into the kept one instead."""
    from xladdin.spec.loop_text import MASTER_KEPT

    return MASTER_KEPT.format(folder=kept.parent, kept=kept.name, merged=Path(merged).name,
                              inbox=" ".join(f'"{p}"' for p in inputs), master=kept)


def _retired_lines(retired) -> list[str]:
    """What run says of an earlier run's results it moved into 备份/ (jobs.earlier)."""
    from xladdin.spec import loop_text

    if not retired:
        return []
    lines = ["说明：" + loop_text.RESULTS_RETIRED.format(count=len(retired), folder=retired[0].now.parent)]
    if changed := [r.was.name for r in retired if r.changed]:
        lines.append("警告：" + loop_text.RESULTS_RETIRED_CHANGED.format(names="、".join(f"“{n}”" for n in changed)))
    return lines


def _feedback_lines(report, returned, master: Path) -> list[str]:
    """What run says of the round's 退回修改 files: written, earlier ones moved away, branches left without one.

    master: the merged workbook a moved reply is to be collected into.
    """
    from xladdin.marks.feedback import held_back
    from xladdin.spec import loop_text

    lines = []
    if returned.files:
        lines.append(f"已在“{returned.folder}”中生成 {len(returned.files)} 份退回修改意见。")
    else:
        lines.append(loop_text.FEEDBACK_NONE)
    if returned.retired:
        lines.append("说明：" + loop_text.FEEDBACK_RETIRED.format(count=len(returned.retired),
                                                                 folder=returned.retired[0].parent))
    if returned.retired_replies:
        names = "、".join(p.name for p in returned.retired_replies)
        lines.append("警告：" + loop_text.FEEDBACK_RETIRED_REPLY.format(names=names, path=returned.retired_replies[0],
                                                                       master=master))
    if held := held_back(report):
        lines.append("说明：" + loop_text.feedback_held([(b.branch, b.pending or "") for b in held]))
    return lines


# Registered last; these modules import nothing heavy at the top.
from xladdin.cli.addin import addin  # noqa: E402
from xladdin.cli.forms import repair, sample, template  # noqa: E402
from xladdin.cli.ledger import ledger  # noqa: E402
from xladdin.cli.loop import collect, feedback, split  # noqa: E402

for command in (template, sample, repair, split, collect, feedback, ledger, addin):
    main.add_command(command)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址。默认只允许本机访问；改为其他地址（如 0.0.0.0）时须凭启动时显示的口令（token）访问。")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="端口。")
@click.option("--no-browser", is_flag=True, help="启动后不自动打开浏览器。")
@guarded
def serve(host: str, port: int, no_browser: bool) -> None:
    """启动本机网页：把填报工作簿拖进浏览器即可校验、查看问题并下载标记副本和汇总工作簿。

    支部也可在网页上自查自己的填报表。按 Ctrl+C 停止。
    """
    from xladdin.web.server import serve as run_server  # the web stack loads only here, never for check

    run_server(host, port, open_browser=not no_browser, echo=click.echo)
