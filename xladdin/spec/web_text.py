"""The local web page's own words: its form fields, their help, and its refusals.

The page speaks to an office clerk in a browser: it names no command, option, parameter or
server path. Where a message shared with the command line tells how to run a command, the
page says what to do on the page or in the spreadsheet instead.
"""

from __future__ import annotations

# -- the office's form: the round's dates, as the command line's --date and feedback --by give them
REPORT_DATE_LABEL = "报告日期"
REPORT_DATE_HINT = "用于判断补课是否逾期，也是情况报告的成文日期；默认今天。"
REPLY_BY_LABEL = "报回期限"
REPLY_BY_HINT = ("写进发给各支部的退回修改意见：“请于某月某日前报回”。一次拖入多个报回文件，或拖入一个合并工作簿"
                 "（含“回收情况”表）时生成退回修改意见；不填则写“尽快报回”。")
BAD_DATE = "{label}“{value}”无法识别。请写成 2010-09-12 或 2010年9月12日（须写明年份），或不填。"
REPLY_BY_TOO_EARLY = "报回期限{by}早于报告日期{day}，支部无法按期报回。请把报回期限改为报告日期当天或以后，或不填。"

# -- the result page: which dates the round used, so the clerk can see them before sending anything out
USED_REPORT_DATE = "报告日期：{day}"
USED_REPLY_BY = "退回修改意见的报回期限：{by}"
NO_REPLY_BY = "退回修改意见的报回期限：未填写（写的是“尽快报回”）"
# One workbook that is not a merged one gets no feedback files: the 报回期限 typed was not used.
REPLY_BY_UNUSED = ("报回期限{by}未使用：只拖入一个填报工作簿时不生成退回修改意见。要生成，请把各支部报回的文件一起拖入，"
                   "或拖入合并工作簿（含“回收情况”表）。")
# A merged round (several returned files, or one merged workbook) in which no branch is to be sent back.
REPLY_BY_NOT_NEEDED = "报回期限{by}未使用：本轮没有需要退回修改的支部，没有生成退回修改意见。"

# -- the result page's 以此文件为准: a branch's file refused as older than last round's answers, taken on request
REPLACE_BUTTON = "以此文件为准重新合并"
REPLACE_REFUSED = ("无法以“{name}”的文件为准重新合并：本次结果中没有因文件较旧而未替换的这个支部，或上传的文件已过期被删除。"
                   "请回到结果页，点击该支部一行中的“" + REPLACE_BUTTON + "”；如按钮已不在，请重新上传。")

# -- a bug: where the traceback went is on the machine that runs the page; the clerk gives its time
BUG = "内部错误：{what}时程序出现异常，未能完成。详细信息已记入回头看的日志（{time}）。请把上传的文件和这个时间告诉维护人员。"
BUG_FILE = "处理“{name}”"
BUG_ROUND = "处理这批文件"
BUG_PAGE = "打开这个页面"
# The browser lost the page's own server (it was stopped, or its window closed).
CONNECTION_LOST = "上传中断：与回头看的连接断开。请确认启动回头看的窗口没有关闭，然后刷新页面重试。"
PROGRESS_LOST = "查询进度失败：与回头看的连接断开。请确认启动回头看的窗口没有关闭，然后刷新页面。"

# -- the web variants of shared messages (same fields as the command line's; others read the same everywhere)
_REPAIR = "请改用最新的填报模板重新填写，或请维护人员帮忙把已填内容迁移到新模板。"
WEB_FINDINGS: dict[str, str] = {
    "names-missing": "{where}：找不到 {count} 个填写位置（{names}），可能是删除了行或单元格，或新建的工作表不是从模板复制的。"
                     "新增支部请复制已有支部表（右键工作表标签 → 移动或复制 → 建立副本）；" + _REPAIR,
    "branch-pending": "{where}收到{branch}报回的文件，待核实（{why}），本表暂按未填写处理。请办公室核实后，"
                      "只选要采用的文件重新上传。",
    "template-old": "{where}：本工作簿来自旧版填报模板（v{found}），当前模板为 v{current}。已照常校验；如需换用新模板，" + _REPAIR,
}
WEB_FILE_ERRORS: dict[str, str] = {
    "lock-file": "“{name}”是 Excel、WPS 或 LibreOffice 打开工作簿时生成的临时锁定文件，不是工作簿。"
                 "请选择不带 {prefix} 前缀的原文件重新上传。",
    "zip-archive": "“{name}”是压缩包，不是工作簿。请先解压，再把其中的 .xlsx 文件拖进网页。",
    "no-branch-sheets": "“{name}”中没有找到任何支部填报表（缺少模板的定义名称）。请使用回头看生成的填报模板填写；"
                        "旧表请维护人员帮忙迁移到新模板。",
    "nothing-to-report": "“{name}”中各支部的填报表都还没有填写，没有可以汇总的内容。请收齐支部的填报后，"
                         "把各支部报回的文件一起拖入网页。",
    "sheet-not-ours": "工作簿中已有名为“{name}”的工作表，但它不是回头看生成的，为免覆盖其中的内容，没有生成标记副本。"
                      "请在 Excel 中把该工作表改名（如“{name}（原）”）后重新上传。",
    "collect-nothing": "没有可以收集的报回文件：上传的 {count} 个文件都未采用，第一个是“{file}”：{reason}"
                       "请检查上传的文件后再试。",
    "collect-too-many": "一次上传的报回文件超过 {limit} 个，不像是一轮报回的文件。请只选择本轮各支部报回的文件后重新上传。",
    "collect-into-version": "上轮合并工作簿“{name}”来自{found}填报模板，当前为 v{current}。请不选上轮合并工作簿，"
                            "只上传本轮报回的文件；或请维护人员帮忙把它迁移到新模板。",
    "ledger-not-found": "“{name}”中找不到整改台账：没有一张工作表的表头同时含有 {headers}。请拖入回头看生成的整改台账。",
    "write-permission": "回头看无法写出结果文件：运行它的电脑上临时文件夹没有写入权限。请把这个情况告诉维护人员。",
    "write-failed": "写出结果文件失败（{why}）。请稍后重试；如仍失败，请告诉维护人员检查运行回头看的电脑的磁盘空间。",
    "no-cjk-font": "生成图表需要中文字体，但运行回头看的电脑上没有找到可用的中文字体。请维护人员安装中文字体"
                   "（如微软雅黑、黑体或 Noto CJK）后重试。",
}
# A workbook with macros uploaded as .xlsx: its marked copy keeps the upload's extension, and an .xlsx holds no macros.
MARKED_VBA_HINT = ("这个文件带有宏，但扩展名是 .xlsx，标记副本也只能是 .xlsx，放不进宏。如需保留宏，"
                   "请把文件的扩展名改为 .xlsm（在文件夹中重命名即可）后重新上传。")
NOTE_REPORT_BEFORE_FILL = ("提示：报告日期{date}早于支部的填表日期（最晚为{latest}），补课是否逾期按报告日期判断。"
                           "请核对页面上填的报告日期是否写错。")

# Codes the web page never shows: they are about what a person types at the command line, the files
# and folders they name there, or the Excel add-in. Every other code must read well on the page.
CLI_ONLY_ERRORS = frozenset({
    "file-not-found", "is-folder", "not-a-file", "repair-nothing", "output-is-input", "feedback-exists",
    "feedback-over-reply", "collect-over-merge", "split-exists", "output-exists", "output-is-folder", "output-suffix",
    "output-folder-missing", "file-open-elsewhere", "backup-failed", "replace-busy", "branch-name-bad",
    "branch-name-repeated", "branches-empty", "branches-too-many", "usage", "split-not-template", "split-scoped",
    "split-version-old", "split-version-newer", "split-no-branches", "split-output-not-folder", "split-names-clash",
    "collect-output-choice", "collect-no-input", "dash-lookalike", "run-output-in-inbox", "collect-empty",
    "port-busy", "bind-failed", "no-excel", "addin-needs-windows", "addin-busy", "addin-name-wrong",
    "sheet-password", "structure-protected",
    # The page checks its 报回期限 against its 报告日期 itself (REPLY_BY_TOO_EARLY).
    "feedback-by-past",
    # The page has no --replace: an older file is re-uploaded with its 填表日期 corrected (WEB_NOTICES).
    "collect-replace-needs-into", "collect-replace-unknown",
    # The page writes its 整改台账 into the job's own new folder, never onto a file that is there.
    "ledger-target-not-ledger",
    # The page has no --same-round / --new-round (options of the command line only).
    "ledger-round-choice", "ledger-same-round-new",
})

# -- who may open the page
FORBIDDEN = "访问被拒绝：缺少访问口令或口令不正确。请用启动回头看时屏幕上显示的完整网址（网址末尾带有口令）打开本页。"
BAD_HOST = "访问被拒绝：本页面只接受本机地址（127.0.0.1 或 localhost）访问。请在运行回头看的电脑上打开本页。"
CROSS_SITE = "访问被拒绝：上传只能从本页面提交，不接受其他网站代为提交。请打开本页面后重新选择文件。"
