"""A branch whose file came back but could not be used is 待核实, not 未报送 (clerk report item 4).

The clerk's round: 化学 sent two different files with the same 填表日期 (a conflict), 运二 sent
an old .xls. `run 收件/ -o 输出/` said both 尚未填写（未报送） and wrote each a blank feedback form.
"""

from __future__ import annotations

import pytest
from pending_round import NAME, pending_inbox, run

from xladdin.jobs import check_file


@pytest.fixture(scope="module")
def round_out(tmp_path_factory):
    root = tmp_path_factory.mktemp("pending")
    inbox = pending_inbox(root)
    out = root / "输出"
    result = run("run", inbox, "-o", out, "--date", "2010-09-12")
    return out, result


def test_the_run_says_received_to_be_checked_not_unreported(round_out):
    _, result = round_out
    assert result.exit_code == 1, result.output
    assert "【化学】尚未填写" not in result.output and "【运二】尚未填写" not in result.output
    assert "收到化学党支部报回的文件，待核实（2 个文件填写不同，均未采用）" in result.output
    assert f"收到运二党支部报回的文件，待核实（“收件/运二_{NAME}.xls”未能读取" in result.output
    # The matrix's dashes of such a branch say so on its row.
    rows = {line.split()[0]: line for line in result.output.splitlines() if line.endswith("）") and "党支部  " in line}
    assert rows["化学党支部"].endswith("（已报回，待核实）") and rows["运二党支部"].endswith("（已报回，待核实）")
    assert not any(line.startswith("汽机党支部") and "待核实" in line for line in result.output.splitlines())
    # 回收情况 calls 运二 未能读取 (its own .xls came back), never 未报送.
    assert any(line.startswith("运二党支部") and "未能读取" in line for line in result.output.splitlines())
    assert "未报送 0 个，未能读取 1 个，冲突 1 个" in result.output and "暂按未报送" not in result.output
    # and the 回收情况 row of 运二 says why it is empty.
    assert f"运二党支部报回了“收件/运二_{NAME}.xls”，但该文件未能读取" in result.output


def test_no_blank_form_goes_to_a_branch_that_did_report(round_out):
    out, _ = round_out
    returned = {p.name for p in (out / "退回修改").iterdir()} if (out / "退回修改").exists() else set()
    assert "化学_退回修改意见.xlsx" not in returned and "运二_退回修改意见.xlsx" not in returned


def test_a_pending_branch_is_one_warning_and_carries_why(round_out):
    from xladdin.core.checks.pending import apply_pending

    out, _ = round_out
    checked_report = check_file(out / "回头看填报表_合并.xlsx")[1]
    # A later `check` of the merged file reads the 回收情况 sheet back: 待核实 already, one warning each.
    assert [f.code for f in checked_report.findings if f.sheet in ("化学", "运二")] == ["branch-pending"] * 2
    # The collection's own reason (run on the inbox) replaces the one read back from the sheet.
    apply_pending(checked_report, {"化学": "2 个文件填写不同，均未采用"})
    (b,) = [b for b in checked_report.branches if b.sheet == "化学"]
    assert b.as_dict()["pending"] == "2 个文件填写不同，均未采用" and b.errors == 0 and b.warnings == 1
    assert [f.severity for f in checked_report.findings if f.sheet == "化学"] == ["warning"]


def test_a_second_run_moves_the_earlier_letters_into_backup(round_out):
    out, _ = round_out
    earlier = {p.name: p.read_bytes() for p in (out / "退回修改").iterdir() if p.is_file()}
    again = run("run", out.parent / "收件", "-o", out, "--date", "2010-09-20")
    assert again.exit_code == 1, again.output
    assert f"“{out / '退回修改' / '备份'}”" in again.output
    # The earlier ones are kept unchanged in 备份; 退回修改 holds this run's only.
    kept = {p.name.split(".bak-")[0] + ".xlsx": p.read_bytes() for p in (out / "退回修改" / "备份").iterdir()}
    assert kept == earlier
    assert {p.name for p in (out / "退回修改").iterdir() if p.is_file()} == set(earlier)


def test_feedback_all_sends_no_blank_form_to_a_pending_branch_and_says_what_to_do(round_out, tmp_path):
    """`feedback --all` on the merged workbook: 化学 (conflict) and 运二 (.xls) get no file, one line names them."""
    out, ran = round_out
    # run said it too, beside the files it wrote
    assert "化学党支部（2 个文件填写不同，均未采用）、运二党支部（" in ran.output
    result = run("feedback", out / "回头看填报表_合并.xlsx", "-o", tmp_path / "退回", "--all")
    assert result.exit_code == 0, result.output
    sent = sorted(p.name.split("_")[0] for p in (tmp_path / "退回").iterdir())
    assert sent == sorted(["运一", "电气", "除灰", "汽机"])  # every other branch, 未报送 汽机 included
    (line,) = [x for x in result.stderr.splitlines() if "待核实" in x]
    assert line.startswith("警告：化学党支部（") and "运二党支部（" in line and "作废" in line
    # Without --all the same: a pending branch has no error, and never gets a file either way.
    result = run("feedback", out / "回头看填报表_合并.xlsx", "-o", tmp_path / "退回2")
    assert result.exit_code == 0, result.output
    assert not {"化学", "运二"} & {p.name.split("_")[0] for p in (tmp_path / "退回2").iterdir()}
