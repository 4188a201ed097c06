"""The completeness rules, worded for people.

One source for the instructions sheet of the template and the README's
rules table. Labels, statuses and defaults are read from the spec.
"""

from __future__ import annotations

from xladdin.spec import form

SEVERITY_ERROR = "错误"
SEVERITY_WARNING = "提示"

# The placeholders shown to people: a readable subset of form.PLACEHOLDERS.
_SHOWN_PLACEHOLDERS = ("无", "/", "暂无", "略", "-")


def _label(name: str) -> str:
    return form.FIELDS_BY_NAME[name].label


def _quoted(items: list[str] | tuple[str, ...]) -> str:
    return "、".join(f"“{s}”" for s in items)


def _part(part: str) -> str:
    return form.cfield(1, part).label


def rules_rows() -> list[tuple[str, str, str]]:
    """(rule, requirement, severity) rows in Chinese, in the order people read them."""
    header = "、".join(_label(n) for n in form.REQUIRED_HEADER)
    done = "、".join(_part(p) for p in form.DONE_REQUIRES)
    remedy = "、".join(_part(p) for p in form.REMEDY_REQUIRES)
    status = _part("status")
    date_ = _part("date")
    deadline = _part("deadline")
    fill_date = _label("fill_date")
    placeholders = _quoted([p for p in _SHOWN_PLACEHOLDERS if p in form.PLACEHOLDERS])
    start, end = form.DEFAULT_WINDOW
    c4 = form.criterion(4)
    done_s, partial_s, none_s = form.STATUS_DONE, form.STATUS_PARTIAL, form.STATUS_NOT_STARTED
    return [
        ("表头信息", f"{header}均须填写。", SEVERITY_ERROR),
        (_label("member_count"), "须为不小于 1 的整数，如 28。", SEVERITY_ERROR),
        (fill_date, "须为有效日期，如 2010-8-25。", SEVERITY_ERROR),
        (status, f"五个方面均须从下拉框选择{_quoted(form.STATUSES)}之一。", SEVERITY_ERROR),
        (done_s, f"须填写{done}。", SEVERITY_ERROR),
        (
            f"{partial_s} / {none_s}",
            f"按照缺什么补什么的原则“补课”，须填写{remedy}。",
            SEVERITY_ERROR,
        ),
        (
            "日期写法",
            f"{date_}、{deadline}须为有效日期，可写作 2010-8-16、2010年8月16日、2010.8.16、2010/8/16、"
            f"8月16日、8月16号或二〇一〇年八月十六日（未写年份时取{fill_date}的年份）；"
            f"“9月30日前”按9月30日计；“9月底”“下旬”等不指明哪一天的写法不能识别。",
            SEVERITY_ERROR,
        ),
        (date_, f"不得晚于{fill_date}。", SEVERITY_ERROR),
        (deadline, f"尚未完成（{partial_s} / {none_s}）的方面，不得早于{fill_date}；改为“{done_s}”后不再检查。", SEVERITY_ERROR),
        ("占位文字", f"必填项只写{placeholders}或空格的，视为未填写。", SEVERITY_ERROR),
        (
            "补课完成",
            f"补课完成后，把完成情况改为“{done_s}”，并填写{done}；{_part('shortcomings')}、{_part('remedy')}保留，"
            f"原{deadline}不必再改。完成情况仍为“{partial_s}”或“{none_s}”、只在文字中写“已整改”“已完成”等的，请改正完成情况。",
            SEVERITY_WARNING,
        ),
        (
            "查找不足",
            f"五个方面全部“{done_s}”且各处均未写存在不足的，请实事求是地查找不足或需要改进和提高的地方。",
            SEVERITY_WARNING,
        ),
        (
            "专题讨论",
            f"第{c4.ordinal}个方面的内容未涉及“对照一流差什么、立足岗位干什么、学习先进怎么做”的，"
            "请核实是否开展了专题讨论。",
            SEVERITY_WARNING,
        ),
        (
            "阶段时间",
            f"{date_}不在“{form.SETTINGS_SHEET}”表规定的阶段时间内的（默认 {start:%Y-%m-%d} 至 "
            f"{end:%Y-%m-%d}），请核实；补课（填写了存在不足或补课措施）在阶段结束后开展的不提示。",
            SEVERITY_WARNING,
        ),
        (
            "实事求是",
            f"与其他支部内容雷同、照抄通知原文、几个方面填写同一段话，或“{done_s}”的“{_part('actions')}”"
            "只有套话而没有时间、人员、次数等具体内容的，请按本支部实际情况填写。",
            SEVERITY_WARNING,
        ),
    ]
