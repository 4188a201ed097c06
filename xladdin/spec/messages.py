"""Every finding code, its severity and its Chinese message template.

Part of the spec: tests assert on codes, never on message text, so the
wording here can be improved without breaking anything.
Templates are formatted with keyword arguments; {where} names sheet and cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from xladdin.spec import web_text
from xladdin.spec.audience import WEB, current, worded

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
    Code("branch-empty", ERROR, "支部未报送",
         "{where}尚未填写（未报送）。请{branch}填写本表后报送；其他检查待填写后进行。"),
    Code("branch-pending", WARNING, "收到文件待核实",
         "{where}收到{branch}报回的文件，待核实（{why}），本表暂按未填写处理。请办公室核实后重新收集。"),
    Code("template-old", WARNING, "旧版填报模板",
         "{where}：本工作簿来自旧版填报模板（v{found}），当前模板为 v{current}。已照常校验；"
         "如需换用新模板，请运行 huitoukan repair 迁移。"),
    Code("template-newer", WARNING, "更新的填报模板",
         "{where}：本工作簿来自更新版本的填报模板（{found}），本程序只认识到 v{current}。"
         "请升级回头看后再校验，以免漏查新增的内容。"),
    # -- header
    Code("header-missing", ERROR, "表头未填写",
         "{where}：“{label}”未填写。请填写{label}。"),
    Code("member-count-invalid", ERROR, "党员人数不正确",
         "{where}：党员人数“{value}”不是不小于 1 的整数。请填写支部党员人数，如 28。"),
    Code("date-invalid", ERROR, "日期无法识别",
         "{where}：“{label}”的内容“{value}”不是有效日期{why}。请填写如 2010-8-16 或 2010年8月16日 的日期。"),
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
    Code("remedy-says-done", WARNING, "写明已完成但完成情况未改",
         "{where}：第{ordinal}项的“{part}”写明“{phrase}”，但完成情况仍为“{status}”。补课已完成的，请把完成情况改为“已完成”，"
         "并填写开展时间、主要做法及成效和佐证材料（原完成时限不必再改）；尚未完成的，请删去“{phrase}”等字样，"
         "并把完成时限改为今后的日期。"),
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
    # -- 实事求是: the text itself (xladdin/core/textcheck)
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
    Code("cell-error-value", ERROR, "单元格显示错误值",
         "{where}：“{label}”{cause}，显示为 Excel 错误值 {value}，按未填写处理。"
         "请重新输入{label}，开头不要用“=”（确需以“=”开头时，先输入英文单引号 '）。"),
    Code("text-like-formula", WARNING, "内容像公式",
         "{where}：“{label}”的内容以“{start}”开头（{preview}），像是公式而不是文字说明，汇总和报告会照原样印出。"
         "请核对后直接填写文字内容，开头不要用“=”。"),
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

# The {cause} of cell-error-value: with the formula in the file, or only its error left (after collect).
ERROR_VALUE_FORMULA = "的内容以“=”开头，被当成了公式（{formula}）"
ERROR_VALUE_ONLY = "原来填写的内容已丢失（多半是开头用了“=”，被当成了公式）"

# The {why} of date-invalid, when the text shows what is wrong (xladdin.core.normalize.date_trouble); else "".
# 提示 lines for the office before the summary and the report go up the line (jobs.files.outward_notes).
# The office never set its own 落款: the summary and the report are signed with the tool's default.
NOTE_DEFAULT_ORG = ("提示：汇总和情况报告的落款用的是默认的“{org}”，“{sheet}”表中的“{label}”（{cell}）没有改成本单位的名称。"
                    "请在该单元格填写本单位名称（如“中共××发电厂委员会”）后重新生成。")
NOTE_REPORT_BEFORE_FILL = ("提示：报告日期{date}早于支部的填表日期（最晚为{latest}），补课是否逾期按报告日期判断。"
                           "请核对 --date 是否写错。")
NOTE_FORMULA_TEXT = ("提示：{branch}填写的“{label}”以“{start}”开头（{preview}），像是公式，"
                     "将按原文写进报送的汇总和情况报告；报送前请与支部核实。")
# What a marked copy written by openpyxl leaves out ({lost}: budget.rewrite_losses' words), and, when that is
# the macros of a workbook whose marked copy is an .xlsx, how to keep them (the page says it its own way).
MARKED_LOSSES = "标记副本将不包含：{lost}。原文件不受影响，这些内容仍在原文件中。{hint}"
MARKED_VBA_HINT = "如需保留宏，请把输出文件名的扩展名改为 .xlsm。"
DATE_NO_SUCH_DAY = "：{year}年没有{month}月{day}日这一天"
DATE_ROUGH = "：“{word}”不是确切的某一天"
DATE_EXTRA = "：日期后面多了“{extra}”"
DATE_NO_YEAR = "：没有写年份（也可能被当成了数字）"
DATE_YEAR_LAST = "：年份须写在最前面"
DATE_SEPARATOR = "：年、月、日之间不能用“{sep}”分隔"


def severity(code: str) -> str:
    return CODES[code].severity


def render(code: str, **kwargs: object) -> str:
    if current() == WEB and code in web_text.WEB_FINDINGS:
        return web_text.WEB_FINDINGS[code].format(**kwargs)
    return CODES[code].template.format(**kwargs)


def note_report_before_fill() -> str:
    """NOTE_REPORT_BEFORE_FILL's template for the current audience (the page has no --date)."""
    return web_text.NOTE_REPORT_BEFORE_FILL if current() == WEB else NOTE_REPORT_BEFORE_FILL


def marked_vba_hint() -> str:
    """MARKED_VBA_HINT for the current audience (the page's user names no output file)."""
    return web_text.MARKED_VBA_HINT if current() == WEB else MARKED_VBA_HINT


# ---- File and usage errors ------------------------------------------------------
#
# What stops a command before or instead of a check: a file that is not a
# workbook, a hostile one, an output that cannot be written. Each has a stable
# code (the CLI's --json prints it, tests assert on it) and one Chinese line
# that says what is wrong and how to fix it.

SAVE_AS = "请在 Excel 或 WPS 中打开它，“另存为”Excel 工作簿（*.xlsx）后再试。"
OPEN_AND_RESAVE = "请在 Excel 中打开后另存为 .xlsx 再试。"
UNCHANGED = "原文件未被改动。"

FILE_ERRORS: dict[str, str] = {
    # -- the input path
    "lock-file": "“{name}”是 Excel、WPS 或 LibreOffice 打开工作簿时生成的临时锁定文件，不是工作簿。请选择不带 {prefix} 前缀的原文件。",
    "file-not-found": "找不到文件“{path}”。请检查路径和文件名。",
    "file-not-found-near": "找不到文件“{path}”。同一位置有“{near}”，是不是要找它？请检查路径和文件名。",
    "folder-not-found": "找不到文件夹“{path}”。请检查路径和文件夹名。",
    "folder-not-found-near": "找不到文件夹“{path}”。同一位置有文件夹“{near}”，是不是要找它？请检查路径和文件夹名。",
    "is-folder": "“{path}”是文件夹，不是工作簿。请指定 .xlsx 文件。",
    "not-a-file": "“{path}”不是普通文件。请指定 .xlsx 文件。",
    "unreadable-permission": "无法读取“{name}”：没有访问权限或文件被占用。请关闭占用它的程序后再试。",
    "unreadable": "无法读取“{name}”（{why}）。请检查文件后再试。",
    "empty-file": "“{name}”是空文件（0 字节）。请重新保存或重新获取该工作簿。",
    # -- what kind of file it is
    "other-format": "“{name}”是{what}，本工具只读取 .xlsx / .xlsm：模板靠工作表内的“定义名称”找到每个填写单元格，"
                    "这种格式里读不到它们。" + SAVE_AS,
    "ods-format": "“{name}”是 OpenDocument 电子表格（.ods，LibreOffice 的默认格式），本工具只读取 .xlsx / .xlsm：模板靠工作表内的"
                  "“定义名称”找到每个填写单元格，这种格式里读不到它们。请在 LibreOffice 中打开它，点“文件 → 另存为”，"
                  "文件类型选“Excel 2007-365 (.xlsx)”，保存后再试（WPS、Excel 也能另存为 .xlsx）。",
    "encrypted": "工作簿设有打开密码或部件被加密，无法读取：“{name}”。请在 Excel 中打开它，"
                 "在“文件 → 信息 → 保护工作簿 → 用密码进行加密”中清空密码并保存，再校验。",
    "not-excel": "“{name}”不是 Excel 工作簿（{what}）。" + SAVE_AS,
    "not-xlsx": "“{name}”不是有效的 .xlsx 工作簿（{why}）。" + SAVE_AS,
    "zip-truncated": "“{name}”不是有效的 .xlsx 工作簿：文件不完整或已损坏（可能下载、复制时中断）。"
                     "请重新获取原文件，或在 Excel 中打开后另存为 .xlsx 再试。",
    "zip-archive": "“{name}”是压缩包，不是工作簿。请先解压，再把其中的 .xlsx 文件拖进网页"
                   "（命令行：放进收件文件夹，或直接写出该 .xlsx 文件）。",
    "word-document": "“{name}”是 Word 或 PowerPoint 文档，不是 Excel 工作簿。请选择填报用的 .xlsx 工作簿。",
    # -- hostile or broken packages
    "file-too-big": "“{name}”有 {mb} MB，超过 {limit} MB 的上限。请删除图片等大附件后再试。",
    "too-many-parts": "“{name}”包含 {count} 个部件，超过上限 {limit}，疑似异常文件，已拒绝读取。",
    "zip-bomb": "“{name}”解压后体积异常（部件 {part} 约 {mb} MB，压缩比 {ratio}:1；上限为单个部件 {member_limit} MB、"
                "合计 {total_limit} MB、压缩比 {ratio_limit}:1），疑似压缩炸弹，已拒绝读取。",
    "part-too-big": "工作簿的部件 {part} 解压后超过 {mb} MB，疑似压缩炸弹，已拒绝读取。",
    "xml-entities": "{what}含有 XML 实体或文档类型声明（DOCTYPE/ENTITY），Excel 从不写入这种内容，可能是恶意构造的文件，"
                    "已拒绝读取。请向发送人索取原始文件。",
    "part-broken": "工作簿的部件 {part} 已损坏（{why}）。" + OPEN_AND_RESAVE,
    "part-missing": "文件不是有效的 Excel 工作簿（缺少 {part} 部件）。" + OPEN_AND_RESAVE,
    "too-many-sheets": "工作簿有 {count} 张工作表，超过上限 {limit}。请删除多余的工作表后再试。",
    "too-many-names": "工作簿有 {count} 个定义名称，超过上限 {limit}。请在“公式 → 名称管理器”中删除无用的名称后再试。",
    "out-of-memory": "“{name}”太大或结构异常，读取时内存不足，已停止。请删除多余的行列后另存为 .xlsx 再试。",
    "damaged": "“{name}”内容已损坏，无法读取（{why}）。请在 Excel 中打开它，确认内容后另存为 .xlsx 再试。",
    # -- what is in it
    "no-branch-sheets": "“{name}”中没有找到任何支部填报表（缺少模板的定义名称）。"
                        "请使用 huitoukan template 生成的模板填写，或运行 huitoukan repair 迁移旧表。",
    "repair-nothing": "“{name}”中找不到可迁移的支部填报表：既没有模板的定义名称，模板位置上也没有对应的标签。"
                      "请用 huitoukan template 生成新模板后手工填写。",
    "nothing-to-report": "“{name}”中各支部的填报表都还没有填写，没有可以汇总的内容。请收齐支部的填报后再汇总"
                         "（可用 huitoukan collect 合并各支部报回的文件）。",
    "sheet-not-ours": "工作簿中已有名为“{name}”的工作表，但它不是本工具生成的，为免覆盖其中的内容，本次未作任何改动。"
                      "请把该工作表改名（如“{name}（原）”）后再运行。",
    "sheet-password": "工作表{sheets}设有保护密码，回头看无法在其中标出问题，也不会询问或去掉密码，工作簿没有任何改动。"
                      "请先在这些工作表上点“审阅 → 撤销工作表保护”并输入密码，再点“校验并汇总”；核对完可再设回保护。",
    "structure-protected": "工作簿的结构受保护，回头看无法新建或替换“问题清单”“汇总”工作表，工作簿没有任何改动。"
                           "请先点“审阅 → 保护工作簿”取消保护（设有密码时需输入密码），再点“校验并汇总”。",
    "mark-open-failed": "无法打开“{name}”写入标记：文件已损坏（{why}）。" + OPEN_AND_RESAVE,
    "marked-copy-too-big": "“{name}”的工作表内容解压后约 {mb} MB，超过标记副本的上限 {limit} MB。"
                           "请删除多余的行列或工作表后再标记；校验结果不受影响。",
    "merge-too-big": "工作表“{sheet}”的合并单元格过大（如 {ref}），标记时会耗尽内存，已停止。"
                     "请在 Excel 中选中整张表“取消单元格合并”后，只合并需要的区域再试；校验结果不受影响。",
    # -- writing
    "output-is-input": "输出文件与输入文件相同（{name}）。为防止覆盖原始填报内容，请另选输出文件名{hint}。",
    "feedback-exists": "“{path}”已存在。为防止覆盖，请用 -o 另选一个文件夹；确需覆盖，请加 --force"
                       "（会先把原文件备份到该文件夹的“备份”子文件夹）。",
    "feedback-over-reply": "“{path}”已存在，而且发出后被打开保存过，可能是支部改好后报回的文件。"
                           "退回修改意见请用 -o 写到收件文件夹以外的文件夹；确是要替换的旧文件，请加 --force（会先备份到该文件夹的“备份”子文件夹）。",
    "feedback-by-past": "报回期限 --by {by} 早于{what}（{day}），支部收到时期限已经过了。请把 --by 改为 {day} 或以后的日期，"
                        "如 --by {suggest}；如是补做以前某天的退回修改，请用 --date 写明那一天。",
    "collect-over-merge": "“{path}”已存在，是以前合并的工作簿。要把本次收到的文件合并进去（未报回的支部保留上轮内容），"
                          "请用 --into “{path}”；要按本次的文件重新生成，请加 --force（会先备份原文件）。",
    "split-exists": "“{path}”已存在（这个文件夹里有 {count} 个同名的下发文件）。为防止覆盖，请用 -o 另选一个文件夹；"
                    "确需覆盖，请加 --force（会先把原文件备份到该文件夹的“备份”子文件夹）。",
    "output-exists": "“{name}”已存在。为防止覆盖，请另选文件名；确需覆盖，请加 --force（会先把原文件备份为 <文件名>.bak-<时间>）。",
    "output-is-folder": "输出路径“{path}”是文件夹。请指定文件名，如 {example}。",
    "output-suffix": "输出文件“{name}”须以 {suffix} 结尾（写出的是{kind}）。请改用如 {stem}{suffix} 的文件名。",
    "output-folder-missing": "输出文件夹“{folder}”不存在。请先创建该文件夹或换一个路径。",
    "file-open-elsewhere": "“{name}”正在 Excel、WPS 或 LibreOffice 中打开（发现锁定文件 {lock}）。请先关闭它再试。",
    "backup-failed": "无法备份“{name}”（{why}），" + UNCHANGED + "请检查磁盘空间和权限后重试。",
    "write-permission": "无法在“{folder}”中写入文件：没有写入权限（或文件夹只读）。请换一个可写的文件夹。",
    "write-failed": "写入“{name}”失败（{why}）。请检查磁盘空间和权限后重试；" + UNCHANGED,
    "replace-busy": "无法写入“{name}”：文件被占用（可能正在 Excel 中打开）或文件夹只读。请关闭它后重试；" + UNCHANGED,
    "replace-failed": "无法写入“{name}”（{why}）。请重试；" + UNCHANGED,
    "verify-failed": "写出的文件校验失败（{why}），已放弃写入，" + UNCHANGED + "请检查磁盘后重试。",
    # -- the 整改台账 (ledger)
    "ledger-not-found": "“{name}”中找不到整改台账：没有一张工作表的表头同时含有 {headers}。"
                        "请指定用 huitoukan ledger 生成的整改台账；第一次建立台账时不要加 --ledger。",
    # -o names an existing file that is no ledger (a summary, a form): never written over, --force or not.
    "ledger-target-not-ledger": "“{name}”已存在，但不是整改台账（没有一张工作表的表头同时含有 {headers}），"
                                "即使加 --force 也不会把台账写在它上面。请在 -o 后另写一个文件名，如 整改台账.xlsx。",
    "ledger-round-choice": "--same-round 和 --new-round 只能选一个：--same-round 按台账的最后一轮重新更新，--new-round 登记为新的一轮。",
    "ledger-same-round-new": "--same-round 是按已有台账的最后一轮重新更新，但“{name}”还不是整改台账，没有可重新更新的轮次。"
                             "第一次建立台账时请去掉 --same-round。",
    "ledger-id-duplicate": "整改台账“{name}”中编号 {id} 出现了不止一次（第 {rows} 行）。编号须唯一，"
                           "请删除复制出来的那一行或改正编号后再更新；台账未作任何改动。",
    # -- the summary's charts
    "no-cjk-font": "生成图表需要中文字体，但没有找到可用的中文字体（已依次查找：{tried}）。Windows 请确认系统装有“微软雅黑”或“黑体”；"
                   "Linux 请安装 Noto CJK 字体（如 sudo apt-get install fonts-noto-cjk），再删除 matplotlib 字体缓存"
                   "（~/.cache/matplotlib）后重试。也可以用环境变量 HUITOUKAN_FONTS 指定字体名称或字体文件路径，多个用逗号分隔。",
    # -- usage
    "branch-name-bad": "支部简称“{name}”不能用作工作表名（不能与保留表名重名，不能含 []:*?/\\' ，不超过 31 个字符）。请换一个简称。",
    "branch-name-repeated": "支部简称“{name}”重复。请每个支部只写一次。",
    "branches-empty": "--branches 没有给出任何支部。请写成 运一,电气,化学 的形式。",
    "branches-too-many": "--branches 给出了 {count} 个支部，模板“设置”表的支部名单最多容纳 {limit} 个。"
                         "请把支部分成几批，每批不超过 {limit} 个，分别生成模板。",
    "usage": "{message}",
    # -- split and collect (the office's loop)
    "split-not-template": "“{name}”不是回头看填报模板（没有“设置”表或其定义名称），无法拆分。"
                          "请对 huitoukan template 生成的模板或已填写的总表运行 split；旧表可先运行 huitoukan repair 迁移。",
    "split-scoped": "“{name}”是下发给{branch}的单支部文件，不是总表，无法再拆分。请对总表（或 collect 合并后的工作簿）运行 split。",
    "split-version-old": "“{name}”来自旧版填报模板（v{found}），当前为 v{current}。请先运行 huitoukan repair 迁移到新模板，再对新文件运行 split。",
    "split-version-newer": "“{name}”来自更新版本的填报模板（{found}），本程序只认识到 v{current}。请升级回头看后再拆分。",
    "split-no-branches": "“{name}”的“设置”表中支部名单是空的，没有可以拆分的支部。请在支部名单中填写支部简称和全称后再试。",
    "split-output-not-folder": "“{path}”是文件，不是文件夹。请用 -o 指定存放下发文件的文件夹，如 -o 下发/。",
    "split-names-clash": "支部“{first}”和“{second}”的下发文件名相同（{file}）。请在“设置”表中把其中一个支部的简称改得不同后再拆分。",
    "collect-output-choice": "请指定合并结果的去处：-o 新工作簿.xlsx（生成新的合并工作簿），或 --into 总表.xlsx（把收到的内容写入已有总表），二者选一。",
    "collect-replace-needs-into": "--replace 只能与 --into 同用：它决定收到的旧文件是否替换已有总表中的内容。"
                                  "请写成 huitoukan collect 收件/ --into 总表.xlsx --replace 运一。",
    "collect-replace-unknown": "--replace 后的“{name}”不是总表“设置”表支部名单中的支部（{branches}）。请写支部简称或全称。",
    "collect-no-input": "没有指定要收集的文件或文件夹。请写成 huitoukan collect 收件/ -o 回头看填报表_合并.xlsx。",
    "collect-too-many": "“{path}”中的文件超过 {limit} 个，不像是一轮报回的文件。请把各支部报回的文件放到一个单独的文件夹中再收集。",
    "collect-nothing": "没有可以收集的报回文件：跳过了 {count} 个文件，第一个是“{file}”：{reason}请检查文件夹和文件后再试。",
    "dash-lookalike": "命令中的“{typed}”用的是全角或中文横线，请改为英文半角的 {fixed}。",
    "run-output-in-inbox": "输出文件夹“{output}”在收件文件夹“{inbox}”里面，下次收集时本工具生成的文件会被当成支部报回的文件。"
                           "请用 -o 指定收件文件夹以外的文件夹，如 -o 输出/。",
    "collect-empty": "没有可以收集的报回文件：所给的文件夹中没有文件。请检查文件夹后再试。",
    "collect-into-version": "合并目标“{name}”来自{found}填报模板，当前为 v{current}。请先运行 huitoukan repair 迁移到新模板，"
                            "或不用 --into，用 -o 收集到新的工作簿。",
    # -- the local web page
    "port-busy": "端口 {port} 已被占用（可能已经启动过一次 huitoukan serve）。请打开已有的页面，或用 --port 指定其他端口，如 --port {next}。",
    "bind-failed": "无法在地址 {host} 上启动（{why}）。请检查 --host，本机使用请保持默认的 127.0.0.1。",
    # -- the Excel add-in
    "no-excel": "没有找到 Microsoft Excel，{found}加载项装了也不会出现。{alternatives}如果确实装有 Excel，请加 --skip-excel-check 再运行一次。",
    "addin-needs-windows": "回头看加载项需要 Windows 版 Excel，当前系统是 {platform}。请在装有 Excel 的 Windows 电脑上运行这个命令。",
    "addin-busy": "无法{action} {path}：Excel 可能正在运行并占用了加载项。请关闭所有 Excel 窗口后再试。",
    "addin-name-wrong": "加载项文件名必须是 {expected}（按钮按文件名调用 xladdin.main()），当前是“{name}”。",
}


def render_error(code: str, **kwargs: object) -> str:
    return worded(code, FILE_ERRORS, web_text.WEB_FILE_ERRORS).format(**kwargs)


# What goes up the line about a criterion left 部分完成 or 未开展 with no 存在不足 and no 补课措施: not a
# 补课 item (no row in the 补课清单, none in the 整改台账), said once in plain words (reports.tables).
UNFILLED_REMEDY = "{items}，但{all}未填写存在不足和补课措施，已退回支部补填。"

# A part whose XML declaration names an encoding the parser cannot read (part-broken's why).
UNREADABLE_ENCODING = "XML 声明的编码无法读取，Excel 保存的文件只用 UTF-8 或 UTF-16"
