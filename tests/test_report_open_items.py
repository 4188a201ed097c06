"""The report never says a branch "未查找出存在不足" while the 整改台账 keeps an open item of it: 化学
clears its 补课 fields in round 2 without reporting them done, and the ledger keeps 化学-3-1 and 化学-5-1."""

from __future__ import annotations

from click.testing import CliRunner
from docx_read import all_text, open_docx
from test_ledger_office import round_book

from xladdin.cli import main
from xladdin.spec import ledger as spec

CLEARED = {"化学": {f"c{k}_{p}": None for k in (3, 5) for p in ("shortcomings", "remedy", "owner", "deadline")}
           | {"problems": None}}


def run(*args):
    result = CliRunner().invoke(main, list(map(str, args)))
    assert result.exit_code in (0, 1), result.output
    return result


def problems(path) -> str:
    body = all_text(open_docx(path))
    return body[body.index("三、存在的问题"):body.index("四、下一步工作")]


def test_a_branch_with_open_ledger_items_is_not_said_to_have_found_nothing(tmp_path):
    run("ledger", round_book(tmp_path / "第1轮.xlsx", {}), "-o", tmp_path / spec.LEDGER_FILE, "--date", "2010-09-12")
    second = round_book(tmp_path / "第2轮.xlsx", CLEARED)
    run("report", second, "-o", tmp_path / "有台账.docx", "--date", "2010-09-25", "--ledger", tmp_path / spec.LEDGER_FILE)
    text = problems(tmp_path / "有台账.docx")
    assert "化学党支部未查找出存在不足" not in text and "化学党支部、" not in text.split("未查找出存在不足")[0][-12:]
    assert "化学党支部本轮未填写存在不足，但整改台账中该支部第三项、第五项的补课尚未完成" in text
    assert "运二党支部未查找出存在不足。" in text  # a branch with nothing in the ledger still is
    # Without a ledger there is nothing open to contradict: the plain sentence stands.
    run("report", second, "-o", tmp_path / "无台账.docx", "--date", "2010-09-25")
    assert "化学党支部、运二党支部未查找出存在不足。" in problems(tmp_path / "无台账.docx")
