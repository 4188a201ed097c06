"""The office's e-mail round on the command line: `split` the form out one file per branch, `collect` what
comes back, and `feedback` each branch its own problems."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path

import click

from xladdin.cli.errors import guarded
from xladdin.cli.options import FORCE, FORCE_OUTGOING, ReportDate, echo_written, make_room_for


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output-dir", type=click.Path(path_type=Path), required=True,
              help="存放下发文件的文件夹，如 下发/（不存在时自动创建）。")
@FORCE_OUTGOING
@guarded
def split(file: Path, output_dir: Path, force: bool) -> None:
    """把总表按“设置”表的支部名单拆成每个支部一个文件，下发各支部填写。

    文件名为 <简称>_<原文件名>.xlsx；每个文件含写给该支部的“填写说明”、锁定的“设置”表和该支部的工作表。
    总表已填写时（第二轮），各支部拿到的是自己已填的内容。原工作簿不会被改动。
    """
    from xladdin.jobs import split_file

    result = split_file(file, output_dir, force)
    click.echo(f"填报模板：{result.version}")
    for f in result.files:
        echo_written(f"{f.branch.full}的下发文件" + ("（含已填内容）" if f.filled else ""), f.path, f.backup)
    for note in result.notes:
        click.echo(f"说明：{note}")
    click.echo(f"共 {len(result.files)} 个文件。各支部填好后报回，用 huitoukan collect 合并。")


@click.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="合并结果保存为新工作簿，如 回头看填报表_合并.xlsx。")
@click.option("--into", type=click.Path(path_type=Path),
              help="把收到的内容写入已有的总表（只替换收到的支部，先备份原文件），与 -o 二选一。")
@click.option("--replace", "replace_older", multiple=True, metavar="支部",
              help="与 --into 同用：该支部报回的文件比总表中的内容旧（填表日期较早，或保存时间早于上次收集）时，"
                   "默认不替换；写上该支部（简称或全称）则仍替换。可写多次。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出回收情况。")
@FORCE
@guarded
def collect(inputs: tuple[Path, ...], output: Path | None, into: Path | None, as_json: bool, force: bool,
            replace_older: tuple[str, ...] = ()) -> None:
    """收集各支部报回的文件（可给一个或多个文件或收件文件夹，子文件夹也会读取），合并成一个工作簿。

    放在“作废”“旧版”“备份”子文件夹中的文件，以及文件名带“.bak-日期-时间”的备份，不收集。每个支部的内容只取自该支部自己的文件；未报送、冲突和需要核实的地方逐条列出，
    并写入合并工作簿的“回收情况”表。
    退出码：0 全部收到且无警告，1 已合并但有未报送、冲突或警告，2 没有可用的文件或用法有误。
    """
    from xladdin.cli.usage_errors import ascii_dashes
    from xladdin.errors import UserError
    from xladdin.jobs import collect_files

    for p in inputs:  # "－o" from a Chinese input method is taken for a file name, not the option
        fixed = ascii_dashes(str(p))
        if not str(p).startswith("-") and fixed in ("-o", "--output", "--into", "--force", "--replace"):
            raise UserError("dash-lookalike", typed=p, fixed=fixed)
    from xladdin.jobs.round import refuse_missing

    refuse_missing(list(inputs))  # 找不到文件夹“收伴”, with the nearest folder there is
    if output is not None and into is not None:
        raise UserError("collect-output-choice")
    if replace_older and into is None:
        raise UserError("collect-replace-needs-into")
    earlier_merge = output is not None and _is_merged_workbook(output)
    if earlier_merge and not force:
        raise UserError("collect-over-merge", path=output)
    saved = make_room_for(None, output, force) if output is not None else None
    if earlier_merge and not as_json:  # --json: the "backup" key says it
        click.echo(f"警告：“{output}”是以前合并的工作簿，已按本次收到的文件重新生成，本次没有报回的支部不再保留上轮内容"
                   f"（原文件已备份为：{saved}）。要保留上轮内容，请用原文件以 --into 收集。", err=True)
    result = collect_files(list(inputs), output, into, replace=True, replace_older=replace_older)
    if as_json:
        out = result.as_dict()
        if saved is not None:
            out["backup"] = str(saved)
        click.echo(json.dumps(out, ensure_ascii=False, indent=2 if sys.stdout.isatty() else None))
    else:
        if result.into and result.unchanged:
            from xladdin.spec.loop_text import COLLECT_UNCHANGED

            click.echo(COLLECT_UNCHANGED.format(target=result.target))
        elif result.into:
            click.echo(f"已把收到的内容写入：{result.target}\n原文件已备份为：{result.backup}")
        else:
            echo_written("合并工作簿", result.target, saved)
        click.echo(render_collection(result))
    sys.exit(0 if result.complete else 1)



@click.command()
@click.argument("file", metavar="工作簿", type=click.Path(path_type=Path))
@click.option("-o", "--output-dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="退回文件所在的文件夹，如 退回/（不存在时自动创建）。")
@click.option("--by", "by", type=ReportDate(),
              help="要求报回的日期（报回期限），如 2010-09-19 或 2010年9月19日，写进每份修改意见；不得早于 --date（默认今天）。")
@click.option("--all", "everyone", is_flag=True, help="给每个支部都生成一份（默认只给有错误的支部）；报回的文件待核实的支部除外。")
@click.option("--ledger", type=click.Path(path_type=Path),
              help="整改台账：每份另附“整改事项”表，列出该支部尚未销号的事项及编号。台账只读，不改动。")
@click.option("--date", "as_of", type=ReportDate(),
              help="本次退回的日期（如 2010-09-12），报回期限 --by 不得早于它，也按这一天判断整改事项是否逾期；"
                   "默认为整改台账的截至日期，没有台账时为今天。")
@FORCE_OUTGOING
@guarded
def feedback(file: Path, output_dir: Path, by: datetime | None, everyone: bool, force: bool,
             ledger: Path | None = None, as_of: datetime | None = None) -> None:
    """退回修改：为每个有错误的支部生成“<简称>_退回修改意见.xlsx”。

    每份只含该支部的工作表（问题单元格已涂色并加批注）和它自己的“修改意见”表。
    报回的文件冲突或未能读取（待核实）的支部不生成，请先按“回收情况”表核实后重新收集。
    支部改好后直接发回，可用 collect 收回。原工作簿不会被改动。
    """
    from xladdin.jobs import check_file, feedback_files, refuse_past_deadline
    from xladdin.marks.feedback import held_back
    from xladdin.spec.loop_text import FEEDBACK_REPLACED_REPLY, ISSUED_GIVEN, ISSUED_LEDGER, feedback_held

    day = as_of.date() if as_of else None
    if ledger is not None and day is None:
        from xladdin.ledger.files import last_judged

        # The ledger's own date, so the branch's 整改事项 read as the ledger the office holds, not as of today.
        day = last_judged(ledger)
    refuse_past_deadline(by.date() if by else None, day, ISSUED_GIVEN if as_of else ISSUED_LEDGER)
    checked = check_file(file)
    from xladdin.cli.options import new_folder

    with new_folder(output_dir):  # a refusal leaves no empty folder behind
        written = feedback_files(file, output_dir, by.date() if by else None, everyone, force, checked=checked,
                                 ledger_path=ledger, as_of=day)
    if held := held_back(checked.report):
        click.echo("警告：" + feedback_held([(b.branch, b.pending or "") for b in held]), err=True)
    if not written:
        click.echo("各支部都没有错误，无需退回修改。（需要给每个支部都生成一份时，请加 --all。）")
        sys.exit(0)
    click.echo(f"已在“{output_dir}”中生成 {len(written)} 份退回修改意见：")
    for f in written:
        click.echo(f"  {f.path.name}：{f.branch}，错误 {f.errors} 条，提示 {f.warnings} 条")
    for f in written:
        if f.replaced_reply is not None:
            click.echo("警告：" + FEEDBACK_REPLACED_REPLY.format(path=f.path, backup=f.replaced_reply, master=file),
                       err=True)
    from xladdin.marks.patch.writer import OPENPYXL, PATCH, describe_writer

    rewritten = [f.path.name for f in written if f.writer == OPENPYXL]
    which = f"（{'、'.join(rewritten)}）" if rewritten and len(rewritten) < len(written) else ""
    click.echo(describe_writer(OPENPYXL if rewritten else PATCH) + which)
    if ledger is not None:
        from xladdin.ledger.files import judged_on

        # Said either way: the 整改事项 sheets show 未到期 / 已逾期 as of this day.
        why = "（整改台账的截至日期；要按其他日期判断，请加 --date）" if day and not as_of else ""
        click.echo(f"整改事项{judged_on(day or date.today())}{why}。")


def _is_merged_workbook(path: Path) -> bool:
    """A workbook collect wrote before (it has the 回收情况 sheet); False for anything else, unreadable included."""
    import zipfile

    from xladdin.errors import UserError
    from xladdin.spec import form
    from xladdin.xlsx.package import open_package
    from xladdin.xlsx.parts import read_workbook_info

    if not path.is_file():
        return False
    try:
        with open_package(path) as archive:
            return form.COLLECTION_SHEET in read_workbook_info(archive).sheet_names()
    except (UserError, OSError, zipfile.BadZipFile):  # damaged or not ours: make_room decides as for any file
        return False


def _pad(text: str, width: int) -> str:
    from xladdin.core.textwidth import display_width

    return text + " " * max(width - display_width(text), 0)


def render_collection(result) -> str:
    """The 回收情况 table for the terminal: one row per branch, its warnings under it, then the files not used."""
    from xladdin.core.textwidth import display_width
    from xladdin.forms.collect_write import attach_notes
    from xladdin.spec.loop_text import CONFLICT, FACT_CODES, STATUS_LABELS

    general = attach_notes(result)
    lines = [
        "",
        f"填报模板：{result.version}",
        f"回收情况：{result.tally()}",
        "",
    ]
    name_w = max([display_width(r.branch.full) for r in result.rows] + [6]) + 2
    lines.append(_pad("党支部", name_w) + _pad("状态", 10) + _pad("填表日期", 12) + "来源文件")
    # Keeping last round's answers, or the master's when nothing changed, is how --into works.
    facts = {n.message for n in result.notices if n.code in FACT_CODES}
    for r in result.rows:
        source = "、".join(r.files) if r.status == CONFLICT else (r.file or "—")
        lines.append(_pad(r.branch.full, name_w) + _pad(STATUS_LABELS[r.status], 10) + _pad(r.fill_date or "—", 12)
                     + source)
        lines += [f"    {'说明' if note in facts else '警告'}：{note}" for note in r.notes]
    if general:
        lines += ["", "其他说明："] + [f"  {'说明' if note in facts else '警告'}：{note}" for note in general]
    if result.skipped:
        lines += ["", f"未采用的文件（{len(result.skipped)} 个）："]
        lines += [f"  {s.file}：{s.reason}" for s in result.skipped]
    return "\n".join(lines)
