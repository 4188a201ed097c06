"""Every finding code, its severity and its Chinese message template.

Part of the spec: tests assert on codes, never on message text, so the
wording here can be improved without breaking anything.
Templates are formatted with keyword arguments; {where} names sheet and cell.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Code:
    code: str
    severity: str
    title: str
    template: str


_CODES = (
    # -- workbook structure
    Code("branch-sheet-missing", ERROR, "缺少支部工作表",
         "{where}：设置表列出了支部“{branch}”，但工作簿中没有名为“{branch}”的工作表。"
         "请从模板复制该支部的工作表，或在设置表中更正支部名单。"),
    Code("names-missing", ERROR, "工作表缺少定义名称",
         "{where}：找不到 {count} 个填写位置（{names}），可能是删除了行或单元格，或新建的工作表不是从模板复制的。"
         "新增支部请复制已有支部表（右键工作表标签 → 移动或复制 → 建立副本）；"
         "已填内容可运行 huitoukan repair 迁移到新模板。"),
    Code("branch-not-listed", WARNING, "支部未列入设置表",
         "{where}：工作表“{sheet}”是支部填报表，但设置表的支部名单中没有“{sheet}”。"
         "请在设置表的支部名单中补上该支部，或删除多余的工作表。"),
    Code("sheet-renamed", ERROR, "支部工作表被改名",
         "{where}：工作表“{sheet}”填的是{branch}，但设置表中该支部的工作表名是“{short}”。"
         "请把工作表改回“{short}”，或在设置表的支部名单中把“{short}”改为“{sheet}”。"),
    Code("branch-duplicate", ERROR, "支部重复填报",
         "{where}：党支部“{branch}”同时出现在工作表 {sheets} 中。请核对后只保留一张该支部的填报表。"),
    Code("sheet-hidden", WARNING, "支部工作表被隐藏",
         "{where}：工作表“{sheet}”被隐藏，支部可能看不到它。已照常校验；如需填写请取消隐藏。"),
    Code("setting-invalid", WARNING, "设置表日期无法识别",
         "{where}：“{label}”的内容“{value}”不是有效日期（须写明年份，如 2010-5-1），本次未按阶段时间检查开展时间。"
         "请在设置表中改正。"),
    # -- header
    Code("header-missing", ERROR, "表头未填写",
         "{where}：“{label}”未填写。请填写{label}。"),
    Code("member-count-invalid", ERROR, "党员人数不正确",
         "{where}：党员人数“{value}”不是不小于 1 的整数。请填写支部党员人数，如 28。"),
    Code("date-invalid", ERROR, "日期无法识别",
         "{where}：“{label}”的内容“{value}”不是有效日期。请填写如 2010-8-16 或 2010年8月16日 的日期。"),
    Code("branch-name-mismatch", WARNING, "支部名称与工作表不符",
         "{where}：党支部一栏填写为“{value}”，与工作表“{sheet}”对应的“{expected}”不一致。请核对是否填错了工作表。"),
    # -- criteria
    Code("status-missing", ERROR, "未填完成情况",
         "{where}：第{ordinal}项“{criterion}”未选择完成情况。请从下拉列表选择 已完成 / 部分完成 / 未开展。"),
    Code("status-invalid", ERROR, "完成情况不在选项中",
         "{where}：第{ordinal}项完成情况“{value}”不是可选值。请从下拉列表选择 已完成 / 部分完成 / 未开展。"),
    Code("done-field-missing", ERROR, "已完成但缺少材料",
         "{where}：第{ordinal}项填为“已完成”，但“{label}”未填写。已完成的项目须写明开展时间、主要做法及成效和佐证材料。"),
    Code("remedy-field-missing", ERROR, "未完成但缺少补课安排",
         "{where}：第{ordinal}项填为“{status}”，但“{label}”未填写。按照缺什么补什么的原则，"
         "请写明存在不足、补课措施、责任人和完成时限。"),
    Code("date-after-fill", ERROR, "开展时间晚于填表日期",
         "{where}：第{ordinal}项开展时间 {value} 晚于填表日期 {fill_date}。请核对开展时间或填表日期。"),
    Code("deadline-before-fill", ERROR, "完成时限早于填表日期",
         "{where}：第{ordinal}项完成时限 {value} 早于填表日期 {fill_date}，补课时限应在填表之后。请改为今后的日期。"),
    # -- honesty of the self-examination (warnings)
    Code("no-shortcomings", WARNING, "未查找不足",
         "{where}：五项均填为“已完成”，且没有填写任何存在不足。通知要求实事求是、查找存在的不足，"
         "请在“存在不足”或“存在的主要问题”中如实填写。"),
    Code("c4-off-topic", WARNING, "专题讨论内容不对题",
         "{where}：第四项的内容没有涉及“对照一流差什么、立足岗位干什么、学习先进怎么做”中的任何一问。"
         "请写明专题讨论的开展情况。"),
    Code("date-outside-window", WARNING, "日期不在阶段时间内",
         "{where}：第{ordinal}项开展时间 {value} 不在{round}的时间范围（{start} 至 {end}）内。请核对日期；"
         "如阶段时间有变，请修改设置表。"),
    # -- 实事求是: the text itself (xladdin/textcheck)
    Code("text-copied", WARNING, "内容与其他支部雷同",
         "{where}：“{label}”与{others}{more}雷同（照搬或稍加改动）。请实事求是，按本支部实际做法和效果重新填写。"),
    Code("text-echoes-notice", WARNING, "照抄通知原文",
         "{where}：“{label}”的内容大部分（约 {share}%）是通知的原话。请写明本支部实际做了什么："
         "时间、参加人员、次数、文件或活动名称、取得的效果。"),
    Code("text-repeated", WARNING, "各方面内容重复",
         "{where}：“{label}”与本支部{criteria}中填写的内容相同（{cells}）。五个方面各不相同，请分别如实填写。"),
    Code("text-vague", WARNING, "只有套话",
         "{where}：第{ordinal}项填为“已完成”，但“{part}”只有套话（如“高度重视、精心组织”），没有具体内容。"
         "请写明开展时间、参加人员、次数、文件或活动名称等。"),
    # -- cell content
    Code("formula-input", WARNING, "填写单元格含公式",
         "{where}：“{label}”中是公式 {formula}，已按其计算结果“{value}”校验。请直接填写内容，不要使用公式。"),
    Code("formula-no-cache", ERROR, "公式没有计算结果",
         "{where}：“{label}”中是公式 {formula}，但文件没有保存计算结果。请在 Excel 中打开并保存后再校验，或直接填写内容。"),
    # -- damaged templates
    Code("input-merged", ERROR, "填写单元格被合并",
         "{where}：“{label}”的填写单元格 {cell} 被合并进了 {range}，Excel 只显示合并区域左上角的内容，"
         "这里填写的内容看不到也读不到。请选中 {range} 取消合并，再在 {cell} 填写。"),
    Code("branch-list-duplicate", WARNING, "支部名单重复",
         "{where}：设置表的支部名单中“{name}”出现了不止一次，只按第一次处理。请删除重复的这一行。"),
    Code("branch-list-blank", WARNING, "支部名单缺少简称",
         "{where}：设置表的支部名单这一行填了全称“{name}”，但简称为空，已忽略。请填写简称（即工作表名），或清空这一行。"),
)

CODES: dict[str, Code] = {c.code: c for c in _CODES}


def severity(code: str) -> str:
    return CODES[code].severity


def render(code: str, **kwargs: object) -> str:
    return CODES[code].template.format(**kwargs)
