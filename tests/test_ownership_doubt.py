"""A branch typing in another branch's sheet never replaces that branch's own reply (clerk review 2, item 1).

运二 fills 汽机's sheet — in 汽机's split file saved under 运二's name, or in a full copy of the
template — with 运二's 书记 and 党员人数 and a later 填表日期. 汽机's own file must still be the one
taken, and the office told which file was set aside and why. A branch's own correction sent in a
file that does not say whose it is (same 书记, same 党员人数) still wins by its later date.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from xladdin.cli import main
from xladdin.forms.fill import fill_by_names
from xladdin.forms.ownership import ReturnedFile, SheetAnswer, decide
from xladdin.forms.sample import SAMPLE_VALUES
from xladdin.forms.template import build_template
from xladdin.jobs import split_file
from xladdin.spec import form
from xladdin.spec.loop_text import CONFLICT, MISSING, RECEIVED

NAME = "回头看填报表"


def typed(short: str) -> dict[str, object]:
    return {k: v for k, v in SAMPLE_VALUES[short].items() if v not in ("", None)}


def saved(source, target, sheet, values):
    """A branch opens the file, types and saves it under a name of its choosing."""
    wb = load_workbook(source)
    fill_by_names(wb, sheet, values)
    wb.save(target)
    return target


@pytest.fixture
def sent(tmp_path):
    master = tmp_path / f"{NAME}.xlsx"
    build_template(form.DEFAULT_BRANCHES).save(master)
    split_file(master, tmp_path / "下发")
    return master, {b.short: tmp_path / "下发" / f"{b.short}_{NAME}.xlsx" for b in form.DEFAULT_BRANCHES}


def collect(inbox, out):
    result = CliRunner().invoke(main, ["collect", str(inbox), "-o", str(out), "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def by_sheet(report):
    return {r["sheet"]: r for r in report["branches"]}


def merged_value(path, sheet, field):
    wb = load_workbook(path)
    dest = wb[sheet].defined_names[field].attr_text.split("!")[1].replace("$", "")
    return wb[sheet][dest].value


ERRANT = {**typed("运二"), "branch_name": "汽机党支部"}  # 运二's answers typed into 汽机's sheet


@pytest.mark.parametrize("how", ["汽机's split file saved as 运二's", "a full copy of the template"])
def test_another_branchs_answers_in_a_sheet_do_not_replace_the_branchs_own_reply(tmp_path, sent, how):
    master, own = sent
    inbox = tmp_path / "收件"
    inbox.mkdir()
    saved(own["汽机"], inbox / f"汽机_{NAME}.xlsx", "汽机", typed("汽机"))
    if how.startswith("汽机"):
        errant = saved(own["汽机"], inbox / f"运二_{NAME}.xlsx", "汽机", ERRANT)
    else:
        errant = saved(master, inbox / f"{NAME}.xlsx", "汽机", ERRANT)
    assert ERRANT["fill_date"] > SAMPLE_VALUES["汽机"]["fill_date"]  # the later date would have won

    report = collect(inbox, tmp_path / "合并.xlsx")
    rows = by_sheet(report)
    assert rows["汽机"]["status"] == RECEIVED and rows["汽机"]["file"].endswith(f"汽机_{NAME}.xlsx")
    assert merged_value(tmp_path / "合并.xlsx", "汽机", "secretary") == SAMPLE_VALUES["汽机"]["secretary"]
    assert rows["运二"]["status"] == MISSING
    warning = next(w for w in report["warnings"] if w["code"] == "doubtful-not-taken")
    assert warning["file"].endswith(errant.name) and warning["sheet"] == "汽机"
    assert "书记或党员人数不一致" in warning["message"] and "未采用" in warning["message"]
    if how.startswith("汽机"):
        assert "文件名写的是运二党支部" in warning["message"] and "请与汽机党支部、运二党支部核实" in warning["message"]
    assert not any(w["code"] == "conflict-later" for w in report["warnings"])


def test_a_branchs_correction_in_an_unnamed_copy_still_wins_by_its_later_date(tmp_path, sent):
    master, own = sent
    inbox = tmp_path / "收件"
    inbox.mkdir()
    saved(own["汽机"], inbox / f"汽机_{NAME}.xlsx", "汽机", typed("汽机"))
    corrected = {**typed("汽机"), "c1_remedy": "九月底前补开专题组织生活会", "fill_date": date(2010, 9, 2)}
    saved(master, inbox / "更正.xlsx", "汽机", corrected)  # same 书记, same 党员人数: 汽机's own correction

    report = collect(inbox, tmp_path / "合并.xlsx")
    rows = by_sheet(report)
    assert rows["汽机"]["status"] == RECEIVED and rows["汽机"]["file"].endswith("更正.xlsx")
    assert any(w["code"] == "conflict-later" for w in report["warnings"])
    assert not any(w["code"] == "doubtful-not-taken" for w in report["warnings"])


def _answer(secretary, count, day, sheet="汽机"):
    content = (("secretary", secretary), ("member_count", count), ("fill_date", date(2010, 8, day)))
    return SheetAnswer(sheet, "汽机", True, content, date(2010, 8, day))


def _file(name, answer, scope=None):
    return ReturnedFile(name, name.removesuffix(".xlsx"), form.DEFAULT_BRANCHES, (answer,), scope)


def test_only_a_different_secretary_or_member_count_sets_a_doubtful_answer_aside():
    own = _file("汽机_表.xlsx", _answer("赵国庆", 31, 29), scope="汽机")
    # Blank identity fields say nothing; a count typed as text is the same count.
    same_people = _file("表.xlsx", _answer("赵国庆", "31人", 30))
    blank = _file("表2.xlsx", _answer(None, None, 30))
    other = _file("表3.xlsx", _answer("陈立群", 31, 30))
    for doubtful, taken in ((same_people, 1), (blank, 1), (other, 0)):
        decision = decide([own, doubtful], form.DEFAULT_BRANCHES)
        outcome = next(o for o in decision.outcomes if o.branch == "汽机")
        assert outcome.status == RECEIVED and outcome.source[0] == taken
    # Two sure files still go by the later date; with equal dates, a conflict as before.
    again = _file("汽机_更正.xlsx", _answer("陈立群", 40, 30), scope="汽机")
    outcome = next(o for o in decide([own, again], form.DEFAULT_BRANCHES).outcomes if o.branch == "汽机")
    assert outcome.source[0] == 1
    tie = _file("汽机_另一份.xlsx", _answer("陈立群", 40, 29), scope="汽机")
    outcome = next(o for o in decide([own, tie], form.DEFAULT_BRANCHES).outcomes if o.branch == "汽机")
    assert outcome.status == CONFLICT
