"""huitoukan ledger on real files: output, refusals, the office's layout, deleted rows, the phrase list."""

from __future__ import annotations

import json
import shutil
from datetime import date

from click.testing import CliRunner
from conftest import SAMPLE, remediating_values, valid_values
from ledger_rounds import header_columns, row_of
from openpyxl import Workbook, load_workbook

from xladdin.cli import main
from xladdin.spec import ledger as spec

DAY = "2010-09-12"


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def build(tmp_path, *extra, name=spec.LEDGER_FILE):
    out = tmp_path / name
    result = run("ledger", SAMPLE, "-o", out, "--date", DAY, *extra)
    assert result.exit_code == 0, result.output
    return out, result


def test_human_output_counts_per_branch(tmp_path):
    _, result = build(tmp_path)
    lines = result.output.splitlines()
    assert lines[0] == f"整改台账：{spec.LEDGER_FILE}（第1轮，依据“sample.xlsx”，状态按2010年9月12日判断）"
    table = {line.split()[0]: [int(n) for n in line.split()[1:]] for line in lines[3:9 + 1] if line.strip()}
    assert table == {
        "运一": [1, 0, 1, 0, 0, 0], "电气": [2, 2, 0, 0, 0, 0], "化学": [2, 2, 0, 0, 0, 0], "除灰": [1, 1, 0, 0, 0, 0],
        "汽机": [2, 1, 1, 0, 0, 0], "合计": [8, 6, 2, 0, 0, 0],
    }
    assert lines[2].split() == ["支部", "总数", *spec.STATUSES]
    assert f"已建立整改台账：{tmp_path / spec.LEDGER_FILE}" in lines


def test_json_has_the_issues_shape(tmp_path):
    result = run("ledger", SAMPLE, "-o", tmp_path / "台账.xlsx", "--date", DAY, "--json")
    data = json.loads(result.output)
    assert set(data) == {"items", "summary", "round"}
    assert data["round"] == {"number": 1, "rerun": None, "late": []}
    first = data["items"][0]
    assert {k: first[k] for k in ("id", "sheet", "criterion", "status", "deadline", "first_round")} == {
        "id": "运一-4-1", "sheet": "运一", "criterion": 4, "status": "已逾期", "deadline": "2010-09-10",
        "first_round": "第1轮"}
    assert data["summary"] == {"未到期": 6, "已逾期": 2, "未定时限": 0, "待销号": 0, "已销号": 0}


def test_an_existing_ledger_at_the_output_is_updated_in_place_with_a_backup(tmp_path):
    out, _ = build(tmp_path)
    _, result = build(tmp_path, "--date", "2010-09-13", "--new-round")
    assert "已更新整改台账" in result.output
    (backup,) = tmp_path.glob("整改台账.bak-*.xlsx")
    assert f"原台账已备份为：{backup}" in result.output
    assert load_workbook(out)[spec.LEDGER_SHEET]["A2"].value.startswith("截至2010年9月13日（第2轮")


def test_a_file_at_the_output_that_is_no_ledger_is_refused_even_with_force(tmp_path):
    """`ledger -o 汇总.xlsx --force` wrote the ledger over the summary and called it 台账: never again."""
    summary = tmp_path / "汇总.xlsx"
    assert run("summary", SAMPLE, "-o", summary, "--date", DAY).exit_code == 0
    blank = tmp_path / "别的.xlsx"
    Workbook().save(blank)
    for other in (summary, blank):
        before = other.read_bytes()
        for force in ((), ("--force",)):
            result = run("ledger", SAMPLE, "-o", other, "--date", DAY, *force)
            assert result.exit_code == 2 and other.read_bytes() == before, result.output
            assert result.stderr.count("\n") == 1 and "不是整改台账" in result.stderr and "Traceback" not in result.output
        assert not list(tmp_path.glob(f"{other.stem}.bak-*"))
    json_run = run("ledger", SAMPLE, "-o", summary, "--date", DAY, "--force", "--json")
    assert json_run.exit_code == 2 and '"code": "ledger-target-not-ledger"' in json_run.stdout


def test_another_ledger_at_the_output_needs_force_and_is_backed_up(tmp_path):
    old, _ = build(tmp_path)
    other = tmp_path / "别的台账.xlsx"
    shutil.copy(old, other)
    before = other.read_bytes()
    result = run("ledger", SAMPLE, "-o", other, "--ledger", old, "--date", DAY)
    assert result.exit_code == 2 and "已存在" in result.output and other.read_bytes() == before
    result = run("ledger", SAMPLE, "-o", other, "--ledger", old, "--date", DAY, "--force")
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("别的台账.bak-*.xlsx"))) == 1


def test_an_old_ledger_given_apart_from_the_output_is_only_read(tmp_path):
    old, _ = build(tmp_path)
    before = old.read_bytes()
    new = tmp_path / "整改台账_第2轮.xlsx"
    result = run("ledger", SAMPLE, "-o", new, "--ledger", old, "--date", "2010-10-01", "--new-round")
    assert result.exit_code == 0, result.output
    assert old.read_bytes() == before and not list(tmp_path.glob("*.bak-*"))
    assert load_workbook(new)[spec.LEDGER_SHEET]["A2"].value.startswith("截至2010年10月1日（第2轮")


def test_mistakes_get_one_chinese_line_and_exit_2(tmp_path):
    cases = {
        "output-is-input": ("ledger", SAMPLE, "-o", SAMPLE),
        "ledger-not-found": ("ledger", SAMPLE, "-o", tmp_path / "新.xlsx", "--ledger", SAMPLE),
        "output-suffix": ("ledger", SAMPLE, "-o", tmp_path / "台账.txt"),
        "file-not-found": ("ledger", tmp_path / "没有.xlsx", "-o", tmp_path / "新.xlsx"),
    }
    for code, args in cases.items():
        result = run(*args, "--json")
        assert result.exit_code == 2, (code, result.output)
        assert json.loads(result.output.splitlines()[0])["error"]["code"] == code
        assert "Traceback" not in result.output
    assert not (tmp_path / "新.xlsx").exists()


def test_a_ledger_open_in_excel_is_not_written(tmp_path):
    out, _ = build(tmp_path)
    (tmp_path / f"~${out.name}").write_bytes(b"owner")
    before = out.read_bytes()
    result = run("ledger", SAMPLE, "-o", out, "--date", "2010-09-13")
    assert result.exit_code == 2 and "正在" in result.output
    assert out.read_bytes() == before and not list(tmp_path.glob("*.bak-*"))


def test_a_duplicated_id_is_refused_and_the_ledger_left_alone(tmp_path):
    out, _ = build(tmp_path)
    wb = load_workbook(out)
    ws = wb[spec.LEDGER_SHEET]
    ws.cell(row_of(ws, "电气-3-1"), header_columns(ws)[spec.ID]).value = "运一-4-1"
    wb.save(out)
    before = out.read_bytes()
    result = run("ledger", SAMPLE, "-o", out, "--date", "2010-09-13", "--json")
    assert result.exit_code == 2
    assert json.loads(result.output.splitlines()[0])["error"]["code"] == "ledger-id-duplicate"
    assert out.read_bytes() == before


def test_read_by_header_names_whatever_the_column_order(tmp_path):
    """The office rebuilt the ledger as a plain range with its columns in another order: still read and written right."""
    out, _ = build(tmp_path)
    src = load_workbook(out)[spec.LEDGER_SHEET]
    cols = header_columns(src)
    order = list(reversed(list(cols)))  # every column moved
    wb = Workbook()
    ws = wb.active
    ws.title = "我的台账"
    ws.append(["整改台账（办公室自制）"])
    for r in range(3, src.max_row + 1):
        ws.append([src.cell(r, cols[name]).value for name in order])
    ws.cell(row_of(ws, "运一-4-1", 2), order.index(spec.CLOSED_BY) + 1).value = "李明"
    ws.cell(row_of(ws, "运一-4-1", 2), order.index(spec.CLOSED_ON) + 1).value = date(2010, 9, 13)
    mine = tmp_path / "办公室台账.xlsx"
    wb.save(mine)
    result = run("ledger", SAMPLE, "-o", mine, "--date", "2010-09-14", "--json")
    assert result.exit_code == 0, result.output
    statuses = {i["id"]: i["status"] for i in json.loads(result.output)["items"]}
    assert statuses["运一-4-1"] == spec.CLOSED and statuses["电气-3-1"] == spec.NOT_DUE
    ws = load_workbook(mine)["我的台账"]
    assert [c.value for c in ws[2]] == order  # nothing moved back
    assert ws.cell(row_of(ws, "运一-4-1", 2), order.index(spec.STATUS) + 1).value == spec.CLOSED
    assert ws.auto_filter.ref.startswith("A2:")  # a plain range keeps a filter, no table is forced on it


def test_a_deleted_row_comes_back_under_its_own_id(tmp_path):
    out, _ = build(tmp_path)
    wb = load_workbook(out)
    ws = wb[spec.LEDGER_SHEET]
    ws.delete_rows(row_of(ws, "化学-3-1"))
    wb.save(out)
    result = run("ledger", SAMPLE, "-o", out, "--date", "2010-09-13", "--json")
    items = {i["id"]: i for i in json.loads(result.output)["items"]}
    assert spec.RESTORED in items["化学-3-1"]["progress"]
    assert items["化学-3-1"]["owner"] == "王梅保"  # refilled from the round
    assert sorted(items) == sorted(["运一-4-1", "电气-3-1", "电气-4-1", "化学-3-1", "化学-5-1", "除灰-3-1", "汽机-3-1",
                                    "汽机-5-1"])


def test_the_office_extends_the_completion_phrases_on_the_guide_sheet(tmp_path, make_book):
    values = valid_values()
    remediating_values(values, 2)
    round1 = make_book({"运一": values})
    out = tmp_path / spec.LEDGER_FILE
    assert run("ledger", round1, "-o", out, "--date", DAY).exit_code == 0
    wb = load_workbook(out)
    guide = wb[spec.GUIDE_SHEET]
    heading = next(c.row for c in guide["A"] if c.value == spec.PHRASES_HEADING)
    guide.cell(heading + len(spec.COMPLETION_PHRASES) + 1, 1).value = "已办结"
    wb.save(out)
    values["c2_remedy"] = "已办结"
    round2 = make_book({"运一": values})
    result = run("ledger", round2, "-o", out, "--date", "2010-09-13", "--json")
    (item,) = json.loads(result.output)["items"]
    assert item["status"] == spec.PENDING and "已办结" in item["progress"]


def test_a_round_without_items_then_one_with_items(tmp_path, make_book):
    out = tmp_path / spec.LEDGER_FILE
    result = run("ledger", make_book({"运一": valid_values()}), "-o", out, "--date", DAY)
    assert result.exit_code == 0 and "本轮没有需要登记的补课事项" in result.output
    values = valid_values()
    remediating_values(values, 3)
    assert run("ledger", make_book({"运一": values}), "-o", out, "--date", "2010-09-13").exit_code == 0
    ws = load_workbook(out)[spec.LEDGER_SHEET]
    assert ws.cell(4, header_columns(ws)[spec.ID]).value == "运一-3-1"  # in the table's empty row, no gap
    (table,) = ws.tables.values()
    assert table.ref == f"A3:{ws.cell(3, len(spec.COLUMNS)).column_letter}4"


def test_a_file_that_is_not_a_workbook_is_refused_as_a_ledger(tmp_path):
    fake = tmp_path / "台账.xlsx"
    fake.write_text("这不是工作簿", encoding="utf-8")
    result = run("ledger", SAMPLE, "-o", tmp_path / "新.xlsx", "--ledger", fake, "--json")
    assert result.exit_code == 2 and json.loads(result.output.splitlines()[0])["error"]["code"] == "not-xlsx"
    assert not (tmp_path / "新.xlsx").exists()
