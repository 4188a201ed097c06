"""The 整改台账 (ledger), declared: its file and sheet names, columns, statuses and wording.

The ledger follows every 补课 item (a branch's shortcoming, measure, owner and
deadline) from round to round until the office signs it off (销号). The tool
writes the grey columns; the office writes 销号人, 销号日期, 备注 and any column
it adds, and the tool never changes those.
"""

from __future__ import annotations

from dataclasses import dataclass

# The name `run` and the Excel button look for beside the round's workbook.
LEDGER_FILE = "整改台账.xlsx"
LEDGER_SHEET = "整改台账"
GUIDE_SHEET = "台账说明"
# Hidden: every round the ledger was updated from and every id ever issued, so an id is
# never given twice, even after a person deletes its row.
RECORD_SHEET = "台账记录"
TABLE_NAME = "整改台账表"
TITLE = "整改台账"
LINE_PREFIX = "截至"  # the line under the title starts so; a later update finds and rewrites it

# ---- statuses, as of the ledger's date ---------------------------------------------
NOT_DUE = "未到期"  # open, deadline not passed
OVERDUE = "已逾期"  # open, deadline passed
# Open, and no deadline to judge by: none given, or text that is not a date ("九月底"). The
# summary's 补课清单 (reports.tables.deadline_state) says the same; a test holds them together.
NO_DEADLINE = "未定时限"
PENDING = "待销号"  # a later round reports it done; the office has not confirmed it
CLOSED = "已销号"  # the office typed 销号人 and 销号日期: only a person closes an item
STATUSES = (NOT_DUE, OVERDUE, NO_DEADLINE, PENDING, CLOSED)
OPEN_STATUSES = (NOT_DUE, OVERDUE, NO_DEADLINE)

# ---- 本轮情况: what this round did to the item ---------------------------------------
NEW = "本轮新登记"
UPDATED = "本轮内容有更新"
UNCHANGED = "本轮无变化"
NO_NEWS = "本轮未报告进展"  # the item's fields vanished without a completion: last known text kept
# What vanished, said after NO_NEWS when the 存在不足 and 补课措施 are both gone, or after the
# round's word when only some fields are (the ledger keeps their last text either way). Worded
# as a state, not an act: the next round, still empty, says the same.
CLEARED = "填报表中{fields}已清空，未写明完成；台账保留上次的内容，请核实"
PART_CLEARED = "填报表中{fields}已清空，台账保留上次的内容"
# The office typed over a grey column and the branch has since changed that field: the branch wins,
# and the office's words are quoted here (and on screen) so that nothing it typed is lost unseen.
OFFICE_TEXT_REPLACED = "支部本轮改填了{field}，办公室在该列改写的“{text}”已换为支部填报的内容，需要保留的请写入备注"
# A branch reworded an item (or changed its owner or deadline): the earlier text is never lost. It goes
# into the 历次内容 column, one line per change, naming the round whose text it was; text the office
# had typed over a grey column is marked as the office's. 本轮情况 points there.
HISTORY_LINE = "{round}的内容：{parts}"
HISTORY_PART = "{field}“{text}”"
HISTORY_OFFICE = "{field}（办公室改写）“{text}”"
HISTORY_KEPT = "原内容记入“历次内容”"
# An older ledger lacks a column this version writes: it goes right of the last heading, and what the
# office typed there (notes under no heading) moves right with its content intact. Said on screen.
COLUMNS_ADDED = "已在“{sheet}”表右侧新增“{names}”列{moved}"
COLUMNS_MOVED = "，办公室在表格右侧填写的内容已随之右移，原样保留"
# The branch moved the item's deadline: said in 本轮情况 (the old one is in 历次内容 too, worded alike) and
# listed on screen, above all when the old deadline had passed (an overdue item must not turn green unseen).
DEADLINE_MOVED = "完成时限由“{old}”改为“{new}”"
WAS_OVERDUE = "（原已逾期）"
MOVED_LINE = "本轮改了完成时限 {n} 项（请核实）：{items}"
MOVED_ITEM = "{id}（“{old}”改为“{new}”{overdue}）"
MOVED_OVERDUE = "，原已逾期"
DONE_BY_STATUS = "支部报告已完成，待办公室销号"
DONE_BY_WORDS = "支部写明已完成，待办公室销号"
STILL_PENDING = "待办公室销号"
DONE_INCOMPLETE = "支部改为已完成，但开展时间或佐证材料未填写，暂按未完成跟踪"
REOPENED = "完成情况改回{status}，重新跟踪"
NOT_REPORTED = NO_NEWS + "（支部本轮未报送）"
NOT_IN_ROUND = "本轮工作簿中没有该支部"
SIGNED_OFF = "已由办公室销号"
SIGN_OFF_PARTIAL = "销号须同时填写销号人和销号日期"
SIGN_OFF_BAD_DATE = "销号日期“{value}”无法识别，请写成如 2010-10-20 或 10月20日 的日期"
# The same, said on screen at `ledger` time, one line per 销号 that did not take: what is missing, how to fix.
SIGN_OFF_NO_DATE = "已填写销号人“{who}”，但没有填写销号日期，销号未生效。请在“销号日期”列填写销号日期（如 2010-10-20 或 10月20日）后重新更新"
SIGN_OFF_NO_PERSON = "已填写销号日期，但没有填写销号人，销号未生效。请在“销号人”列填写销号人后重新更新"
SIGN_OFF_BAD_DATE_SCREEN = "销号日期“{value}”无法识别，销号未生效。请改写成如 2010-10-20 或 10月20日 的日期后重新更新"
SIGN_OFF_CLEARED = "销号信息已清除，重新跟踪"
# The notes above are re-judged on every run; a re-run of the round replaces them (see ledger.update).
SIGN_OFF_NOTES = (SIGN_OFF_PARTIAL, SIGN_OFF_BAD_DATE.split("{")[0], SIGN_OFF_CLEARED)
RESTORED = "台账中找不到此行（可能被误删），已按编号补回"
# An item the office signed off whose aspect the round's form still fails (said on screen at `ledger` time;
# the 销号 stands: only a person closes an item, and only a person reopens one).
CLOSED_STILL_FAILS = "已销号，但填报表{criterion}仍有错误（{what}），请核实；销号保留不变，如需重新跟踪请清除销号人和销号日期"
FAILS_UNSAID = "该项判为不合格"
FAILS_MORE = "；另有{n}处"
# The 情况报告's 已销号 list, after an aspect this round's form still fails (仍为不合格 in the same report):
# said, not left to read as both done and failing; no codes or cells (it goes up the line).
CLOSED_BUT_FAILING = "，其中{items}本轮填报仍需修改"
# The same, under the summary workbook's 补课清单 (its 已销号 rows next to a ✗ 不合格 in the matrix above).
CLOSED_BUT_FAILING_NOTE = "注：{items}在整改台账中已销号，但本轮填报该方面仍为不合格，仍需修改。"

# ---- a re-run of the round, or a new round (ledger.rounds): said on screen ------------------
RERUN_SAME = "与第{n}轮依据的工作簿相同，按第{n}轮重新更新：不增加轮次，第{n}轮的本轮情况保留，只补上新的变化（如销号）。"
RERUN_LATE = ("与第{n}轮依据的工作簿相比，只多了{branches}的填报（其余支部的内容相同），按第{n}轮重新更新：补收迟报的支部，"
              "不增加轮次，第{n}轮的本轮情况保留。")
RERUN_ASKED = "按 --same-round，按第{n}轮重新更新：不增加轮次，第{n}轮的本轮情况保留，只补上新的变化。"
RERUN_SAME_DAY = "与第{n}轮依据的工作簿同名、判断日期相同，按第{n}轮重新更新：不增加轮次，第{n}轮的本轮情况保留。"
RERUN_NEW_HINT = "如果这其实是新的一轮，请加 --new-round 重新运行。"
NEW_SAME_NAME = ("“{source}”与第{last}轮依据的工作簿同名，但已报送支部的内容有变化，登记为新的一轮（第{n}轮）。"
                 "如果仍属第{last}轮（支部在同一轮中改报），请用原台账的备份恢复后加 --same-round 重新运行。")

# ---- how a branch "wrote a completion for the item" ----------------------------------
# A later round's 补课措施 or 存在不足 that newly contains one of these phrases reports the
# item done (待销号), unless the same text also says it is not (NOT_COMPLETION). The office
# extends the list without code on the ledger's 台账说明 sheet; these are the defaults.
COMPLETION_PHRASES = (
    "已完成", "已全部完成", "已按期完成", "已整改", "整改完毕", "已补课", "补课完毕", "已销号",
)
NOT_COMPLETION = ("未完成", "部分完成", "尚未", "未整改", "未补课", "没有完成")
# The fields whose text is read for a completion phrase (criterion parts, see form.cname).
COMPLETION_FIELDS = ("remedy", "shortcomings")
PHRASES_HEADING = "视为已完成的用语（可增删，每格一个）"

# ---- columns -------------------------------------------------------------------------
TOOL = "tool"  # rewritten by every update from the rounds' workbooks
OFFICE = "office"  # typed by the office; never changed by the tool


@dataclass(frozen=True)
class Column:
    name: str  # the header text: the ledger is read by these, never by position
    width: float  # Excel's character units
    owner: str = TOOL
    kind: str = "text"  # text, date, id, status, link


ID, BRANCH, CRITERION, SHORTCOMINGS, REMEDY, OWNER, DEADLINE = "编号", "支部", "项目", "存在不足", "补课措施", "责任人", "完成时限"
STATUS, PROGRESS, REPORTED, EVIDENCE = "状态", "本轮情况", "完成情况", "佐证材料"
FIRST_ROUND, LAST_ROUND, SOURCE = "首次登记", "最近更新", "原表位置"
HISTORY = "历次内容"
CLOSED_BY, CLOSED_ON, NOTE = "销号人", "销号日期", "备注"

COLUMNS: tuple[Column, ...] = (
    Column(ID, 9, kind="id"),
    Column(BRANCH, 7),
    Column(CRITERION, 7),
    Column(SHORTCOMINGS, 24),
    Column(REMEDY, 26),
    Column(OWNER, 7),
    Column(DEADLINE, 10.5, kind="date"),
    Column(STATUS, 7, kind="status"),
    Column(PROGRESS, 16),
    Column(HISTORY, 22),
    Column(REPORTED, 8),
    Column(EVIDENCE, 14),
    Column(FIRST_ROUND, 7),
    Column(LAST_ROUND, 15.5),
    Column(SOURCE, 9, kind="link"),
    Column(CLOSED_BY, 7, OFFICE),
    Column(CLOSED_ON, 10.5, OFFICE, "date"),
    Column(NOTE, 14, OFFICE),
)
COLUMNS_BY_NAME = {c.name: c for c in COLUMNS}
# A sheet is a ledger when one row within the first few holds these headers.
KEY_HEADERS = (ID, BRANCH, CRITERION)
HEADER_SEARCH_ROWS = 20


def round_name(number: int) -> str:
    """第1轮: how 首次登记 names a round."""
    return f"第{number}轮"


def round_label(number: int, day_iso: str) -> str:
    """第2轮 2010-10-08: how 最近更新 names a round, with the date of the update."""
    return f"{round_name(number)} {day_iso}"


# ---- the 台账说明 sheet ------------------------------------------------------------------
GUIDE_LINES = (
    "整改台账由回头看根据各轮填报表生成和更新（huitoukan ledger 本轮填报表.xlsx -o 整改台账.xlsx）。",
    "每一条补课事项一行：支部在某一方面写了存在不足或补课措施，就登记一条（部分完成或未开展、却两样都没写的，还不是补课事项，由退回修改请支部补填）。",
    "编号如“运一-4-1”（支部-第几项-序号），一经给出不再改变，也不会再给别的事项；退回修改意见中也印有编号。",
    "状态（按更新时的日期判断）：未到期＝未完成、未过完成时限；已逾期＝未完成、已过完成时限；"
    "未定时限＝未完成、支部没有填写完成时限（或写的不是日期）；"
    "待销号＝支部报告已完成（首次登记时就写明已整改的也是），等待办公室确认；已销号＝办公室已填写销号人和销号日期。",
    "支部报告已完成的两种写法：把该方面的完成情况改为“已完成”并填写开展时间和佐证材料；"
    "或在补课措施、存在不足中写明下面所列的用语（如“已整改。”），用语自成一句或一个分句；"
    "“已完成第一次学习，9月再组织一次”这样只完成了一部分的写法不算。",
    "只有办公室能销号：核实后在“销号人”“销号日期”两列填写即可，下次更新时状态变为“已销号”。"
    "销号日期可以写 2010-09-21、2010年9月21日，也可以只写 9月21日（年份取本次更新判断状态所用日期的年份）。",
    "同一轮的填报表可以再次更新（如补收了迟报的支部，或销号后再更新一次）：各支部的内容与台账最后一轮相同"
    "（或只多了迟报的支部）时，按那一轮重新更新，不增加轮次，那一轮的本轮情况保留；内容有变化的，登记为新的一轮。"
    "判断不合实际时，可在命令后加 --same-round（按最后一轮重新更新）或 --new-round（登记为新的一轮）。",
    "灰色表头的列由回头看每轮更新；“销号人”“销号日期”“备注”和办公室自己增加的列，回头看从不改动。"
    "办公室在存在不足、补课措施、责任人、完成时限列中改写的文字，支部没有改动该项时保留；"
    "支部改动了该项时以支部填报为准，本轮情况中写明被替换的原文，屏幕上也会提示。",
    "支部在后来的填报中清空了某条事项的存在不足和补课措施、又没有报告完成的，本轮情况标为“本轮未报告进展”并写明哪些内容已清空，"
    "台账保留上次的内容，请向支部核实；只清空了责任人、完成时限等一部分的，本轮情况也写明，台账同样保留上次的内容。",
    "支部改写了某条事项的存在不足、补课措施、责任人或完成时限的，仍是同一事项、编号不变；"
    "改写前的内容连同所在轮次记入“历次内容”列（办公室改写过的注明），不会丢失。",
    "任何事项都不会被删除。每次原地更新前，原台账备份为“整改台账.bak-日期-时间.xlsx”。",
)
