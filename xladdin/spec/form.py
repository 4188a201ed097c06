"""The one declarative spec: criteria, fields, layout, rules, settings.

The template, the checks, the summary and the docs all read this module.
It is the only place that knows where a field sits on a branch sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The template's version, written into every template (设置, name hk_template) so that a
# returned file says which form it was filled on. Bump it when a field's name or meaning
# changes; collect never mixes values across versions silently.
TEMPLATE_VERSION = 2
TEMPLATE_MARK = "回头看填报模板"  # followed by " v2" in the cell

# Field kinds drive both the template's formatting and the reader's normalising.
TEXT = "text"
LONGTEXT = "longtext"
DATE = "date"
INT = "int"
STATUS = "status"

STATUS_DONE = "已完成"
STATUS_PARTIAL = "部分完成"
STATUS_NOT_STARTED = "未开展"
STATUSES = (STATUS_DONE, STATUS_PARTIAL, STATUS_NOT_STARTED)

# Verdicts per criterion; their words, symbols and colours are in spec.labels.
COMPLETE = "complete"
REMEDIATING = "remediating"
INCOMPLETE = "incomplete"
VERDICTS = (COMPLETE, REMEDIATING, INCOMPLETE)
# A branch sheet with nothing typed in it: the branch has not reported (未报送); its
# criteria are not judged, and rates count only the branches that did report.
UNREPORTED = "unreported"
ALL_VERDICTS = (*VERDICTS, UNREPORTED)

# Text that people type to mean "nothing"; a required field holding it is empty.
PLACEHOLDERS = frozenset(
    {"无", "/", "／", "暂无", "略", "-", "－", "—", "——", "无。", "没有", "n/a", "N/A", "na", "NA", "…", "..."}
)
# What a cell shows when Excel (or WPS, LibreOffice) could not compute it: most often text typed
# with a leading "=" that became a formula. The person's words are gone; the field is empty.
EXCEL_ERRORS = frozenset({
    "#N/A", "#VALUE!", "#REF!", "#NAME?", "#DIV/0!", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA",
    "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!",
})


@dataclass(frozen=True)
class Criterion:
    id: int
    title: str  # the notice's exact wording
    ordinal: str  # 一、二 … as the notice counts them
    short: str  # a few characters for table headers and chart axes
    keywords: tuple[str, ...] = ()  # for the "text touches the topic" warning


CRITERIA: tuple[Criterion, ...] = (
    Criterion(1, "看是否召开了动员会并进行安排部署", "一", "动员部署"),
    Criterion(2, "看实施方案是否符合要求，切合实际", "二", "实施方案"),
    Criterion(3, "看学习宣传工作是否深入", "三", "学习宣传"),
    Criterion(
        4,
        "看是否组织开展“对照一流差什么、立足岗位干什么、学习先进怎么做”专题讨论",
        "四",
        "专题讨论",
        # The three questions, and the short forms branches actually write.
        ("对照一流", "差什么", "立足岗位", "干什么", "学习先进", "怎么做", "专题讨论"),
    ),
    Criterion(5, "看创先争优活动与本单位工作结合情况，是否做到了“两不误，两促进”", "五", "工作结合"),
)
CRITERION_IDS = tuple(c.id for c in CRITERIA)


def criterion(cid: int) -> Criterion:
    return CRITERIA[cid - 1]


@dataclass(frozen=True)
class Field:
    name: str  # the sheet-scoped defined name: a public contract
    label: str
    kind: str
    cell: str  # A1 address on a branch sheet of the current template
    criterion: int | None = None
    hint: str = ""


# ---- Branch sheet layout -------------------------------------------------
# Four columns: label, value, label, value. Long text spans B:D.
COLUMNS = {"A": 16, "B": 30, "C": 20, "D": 30}
LAST_COL = "D"
# Fill of every input cell (RGB hex); the marker restores it when clearing old marks.
INPUT_FILL = "FFF9E5"
TITLE_ROW = 1
NOTE_ROW = 2
HEADER_TOP = 3
BLOCK_TOP = 7  # first criterion block's title row
BLOCK_ROWS = 7  # title, status/date, actions, evidence, shortcomings, remedy, owner/deadline
OVERALL_TOP = BLOCK_TOP + BLOCK_ROWS * len(CRITERIA)  # title row of the overall block

HEADER_FIELDS: tuple[Field, ...] = (
    Field("branch_name", "党支部", TEXT, f"B{HEADER_TOP}", hint="已预填，请勿修改"),
    Field("secretary", "书记（第一责任人）", TEXT, f"D{HEADER_TOP}"),
    Field("filled_by", "填表人", TEXT, f"B{HEADER_TOP + 1}"),
    Field("fill_date", "填表日期", DATE, f"D{HEADER_TOP + 1}", hint="如 2010-8-25"),
    Field("member_count", "党员人数", INT, f"B{HEADER_TOP + 2}", hint="整数，不少于 1"),
)


def block_top(cid: int) -> int:
    return BLOCK_TOP + (cid - 1) * BLOCK_ROWS


def verdict_cell(cid: int) -> str:
    """Where the tool writes its verdict: beside the criterion's title."""
    return f"D{block_top(cid)}"


# The verdict sits one row above the status and two columns right of it; the
# marker finds it from the status cell's defined name, so inserted rows move both.
VERDICT_OFFSET = (-1, 2)


def cname(cid: int, part: str) -> str:
    """The defined name of one part of a criterion: cname(4, "owner") == "c4_owner".

    The only place that spells these names; everything else asks here.
    """
    return f"c{cid}_{part}"


def _criterion_fields(cid: int) -> tuple[Field, ...]:
    top = block_top(cid)
    return (
        Field(cname(cid, "status"), "完成情况", STATUS, f"B{top + 1}", cid, "下拉选择：已完成 / 部分完成 / 未开展"),
        Field(cname(cid, "date"), "开展时间", DATE, f"D{top + 1}", cid, "如 2010-8-16"),
        Field(cname(cid, "actions"), "主要做法及成效", LONGTEXT, f"B{top + 2}", cid),
        Field(cname(cid, "evidence"), "佐证材料", LONGTEXT, f"B{top + 3}", cid, "会议记录、签到表、方案文号、照片等"),
        Field(cname(cid, "shortcomings"), "存在不足", LONGTEXT, f"B{top + 4}", cid),
        Field(cname(cid, "remedy"), "补课措施", LONGTEXT, f"B{top + 5}", cid, "缺什么补什么"),
        Field(cname(cid, "owner"), "责任人", TEXT, f"B{top + 6}", cid),
        Field(cname(cid, "deadline"), "完成时限", DATE, f"D{top + 6}", cid, "如 2010-9-30"),
    )


CRITERION_FIELDS: dict[int, tuple[Field, ...]] = {c.id: _criterion_fields(c.id) for c in CRITERIA}

OVERALL_FIELDS: tuple[Field, ...] = (
    Field("highlights", "工作亮点", LONGTEXT, f"B{OVERALL_TOP + 1}"),
    Field("problems", "存在的主要问题", LONGTEXT, f"B{OVERALL_TOP + 2}"),
    Field("next_steps", "下步打算", LONGTEXT, f"B{OVERALL_TOP + 3}"),
    Field("honors", "先进典型", LONGTEXT, f"B{OVERALL_TOP + 4}", hint="如月度先进个人"),
)
LAST_ROW = OVERALL_TOP + len(OVERALL_FIELDS)

FIELDS: tuple[Field, ...] = (
    HEADER_FIELDS + tuple(f for c in CRITERIA for f in CRITERION_FIELDS[c.id]) + OVERALL_FIELDS
)
FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
# Fields that span B:D on the form.
WIDE_KINDS = frozenset({LONGTEXT})

# Required on every sheet (besides the status of every criterion).
REQUIRED_HEADER = ("branch_name", "secretary", "filled_by", "fill_date", "member_count")
# 已完成 needs these; 部分完成 / 未开展 need the 补课 quartet (缺什么补什么).
DONE_REQUIRES = ("date", "actions", "evidence")
REMEDY_REQUIRES = ("shortcomings", "remedy", "owner", "deadline")


def field_title(name: str) -> str:
    """How a person knows a field: 第一项·存在不足, or the header label."""
    f = FIELDS_BY_NAME[name]
    return f"第{criterion(f.criterion).ordinal}项·{f.label}" if f.criterion else f.label


def cfield(cid: int, part: str) -> Field:
    return FIELDS_BY_NAME[cname(cid, part)]


# ---- Settings --------------------------------------------------------------


@dataclass(frozen=True)
class Branch:
    short: str  # also the sheet name
    full: str


DEFAULT_BRANCHES: tuple[Branch, ...] = tuple(
    Branch(s, f"{s}党支部") for s in ("运一", "电气", "化学", "除灰", "运二", "汽机")
)
DEFAULT_CAMPAIGN = "创先争优活动"
DEFAULT_ROUND = "动员部署阶段“回头看”"
# The mobilisation stage of 2010: launched in spring, closed when the plant
# moved to the implementation stage at the end of August (the notice's 时值八月).
DEFAULT_WINDOW = (date(2010, 5, 1), date(2010, 8, 31))
DEFAULT_RECIPIENTS = (
    "淮南市委创先争优活动领导小组办公室",
    "大唐安徽分公司创先争优活动领导小组办公室",
    "厂创先争优活动领导小组成员",
)
DEFAULT_ORG = "创先争优活动领导小组办公室"


@dataclass(frozen=True)
class SettingField:
    name: str  # workbook-scoped defined name
    label: str
    kind: str
    cell: str  # on the settings sheet
    hint: str = ""
    by_tool: bool = False  # written by the tool and locked; the office does not edit it


SETTINGS_SHEET = "设置"
INSTRUCTIONS_SHEET = "填写说明"
ISSUES_SHEET = "问题清单"
SUMMARY_SHEET = "汇总"
FEEDBACK_SHEET = "修改意见"  # in a file returned to one branch
COLLECTION_SHEET = "回收情况"  # in a workbook collected from returned files
RESERVED_SHEETS = (INSTRUCTIONS_SHEET, SETTINGS_SHEET, ISSUES_SHEET, SUMMARY_SHEET, FEEDBACK_SHEET, COLLECTION_SHEET)

SETTING_FIELDS: tuple[SettingField, ...] = (
    SettingField("hk_campaign", "活动名称", TEXT, "B3"),
    SettingField("hk_round", "本轮名称", TEXT, "B4"),
    SettingField("hk_window_start", "阶段开始日期", DATE, "B5", "日期早于此的开展时间会被提示"),
    SettingField("hk_window_end", "阶段结束日期", DATE, "B6", "日期晚于此的开展时间会被提示"),
    SettingField("hk_recipients", "报送单位", LONGTEXT, "B7", "多个单位用中文逗号“，”分隔"),
    SettingField("hk_org", "报送单位落款", TEXT, "B8", "汇总表落款"),
    SettingField("hk_scope", "本文件适用支部", TEXT, "B9",
                 "空白表示全部支部；下发给单个支部的文件中由回头看自动填写", by_tool=True),
    SettingField("hk_template", "模板版本", TEXT, "B10", "由回头看生成，请勿改动", by_tool=True),
)
SCOPE_NAME = "hk_scope"
TEMPLATE_NAME = "hk_template"


def template_label(version: int = TEMPLATE_VERSION) -> str:
    return f"{TEMPLATE_MARK} v{version}"
SETTINGS_BY_NAME = {s.name: s for s in SETTING_FIELDS}
BRANCH_TABLE_HEADER_ROW = 13
BRANCH_TABLE_FIRST_ROW = 14
BRANCH_TABLE_ROWS = 60  # room for the office to add branches without code
BRANCHES_NAME = "hk_branches"  # workbook-scoped name over the two-column table
BRANCHES_RANGE = f"A{BRANCH_TABLE_FIRST_ROW}:B{BRANCH_TABLE_FIRST_ROW + BRANCH_TABLE_ROWS - 1}"


def sheet_title(branch_full: str, campaign: str = DEFAULT_CAMPAIGN, round_name: str = DEFAULT_ROUND) -> str:
    return f"{branch_full}{campaign}{round_name}情况表"
