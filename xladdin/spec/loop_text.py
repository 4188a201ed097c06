"""The words of the office's loop: split's and collect's statuses, notices and skip reasons.

Like spec.messages, every notice has a stable code (tests and --json use it)
and a Chinese template that says where, what and what to do.
"""

from __future__ import annotations

# CLI, WEB and audience are spec.audience's, still importable from here.
from xladdin.spec.audience import CLI, WEB, audience, worded  # noqa: F401

# A branch's outcome in a collection.
RECEIVED = "received"
MISSING = "missing"
CONFLICT = "conflict"
KEPT = "kept"  # collect --into: nothing came back this round, the master keeps the branch's earlier answers
UNREADABLE = "unreadable"  # its own file came back (.xls, damaged) but could not be read: 待核实, not 未报送
STATUSES = (RECEIVED, KEPT, MISSING, UNREADABLE, CONFLICT)
STATUS_LABELS = {RECEIVED: "已收到", KEPT: "保留上轮", MISSING: "未报送", UNREADABLE: "未能读取", CONFLICT: "冲突"}


def tally(statuses: list[str]) -> str:
    """应报 … 个党支部：已收到 … of a collection's branch statuses: the screen, the 回收情况 sheet and the web page."""
    def n(status: str) -> int:
        return statuses.count(status)

    kept = f"保留上轮内容 {n(KEPT)} 个，" if n(KEPT) else ""
    unreadable = f"未能读取 {n(UNREADABLE)} 个，" if n(UNREADABLE) else ""
    return (f"应报 {len(statuses)} 个党支部：已收到 {n(RECEIVED)} 个，{kept}未报送 {n(MISSING)} 个，"
            f"{unreadable}冲突 {n(CONFLICT)} 个。")


# Notices that state what --into did as it should, not something to look into: 说明, not 警告, and exit 0.
FACT_CODES = frozenset({"kept-last-round", "same-as-master", "replaced-on-request", "office-notes-kept"})

# The 回收情况 sheet's table header; also how a later run knows the sheet is ours to replace.
# Read back by these names, never by column position (xlsx.collected).
COLLECTION_HEADERS = ("序号", "党支部", "状态", "来源文件", "填表日期", "收集时间", "说明")
# A hidden column right of them: the branch's sheet (short) name, so a row still finds its branch after the
# office corrects the branch's full name in 设置 between rounds (xlsx.collected matches it first).
COLLECTION_SHEET_HEADER = "工作表"
COLLECTED_AT_FORMAT = "%Y-%m-%d %H:%M:%S"  # how a row's 收集时间 is written
# Sheets written before 收集时间 was a column are ours too: collect --into replaces them.
COLLECTION_HEADER_SETS = (frozenset(COLLECTION_HEADERS), frozenset(COLLECTION_HEADERS) - {"收集时间"})
# The titles of the sections under the branches' table (collection_sheet writes them, collection_keep knows them).
COLLECTION_SECTIONS = ("未采用的文件", "其他说明")

# A branch's own file that could not be read (own-file-unreadable): the advice by why (the reader's message code).
UNREADABLE_ADVICE = {code: "unreadable-resend" for code in ("zip-truncated", "empty-file", "part-broken", "part-missing",
                                                             "damaged")}

NOTICES: dict[str, str] = {
    # -- whose sheet is it
    "wrong-sheet": "“{file}”是{owner}报回的文件，其中“{sheet}”表也填写了内容，未采用：{branch}的内容只取自{branch}自己的文件。"
                   "请核实是否填错了工作表。",
    "wrong-sheet-orphan": "“{file}”是{owner}报回的文件，其中“{sheet}”表也填写了内容，未采用；{branch}没有报回自己的文件，按未报送处理。"
                          "如确是{branch}所填，请{branch}在自己的文件中填写后报回。",
    "unclear-not-taken": "“{file}”无法确定是哪个支部报回的，其中“{sheet}”表的内容与{branch}自己报回的文件不同，未采用。",
    "unclear-taken": "{branch}的内容取自“{file}”的“{sheet}”表；无法确定该文件是哪个支部报回的（只填一张表的文件，"
                     "或文件名含支部简称的文件才能确定），请核实。",
    "doubtful-not-taken": "“{file}”中的“{sheet}”表与{branch}自己报回的文件书记或党员人数不一致，{reason}，"
                          "像是别的支部填错了工作表，未采用；{branch}的内容取自{taken}。请与{who}核实。",
    "doubt-named": "文件名写的是{named}",
    "doubt-inferred": "文件名和“设置”表都没有写明是哪个支部的文件",
    "name-disagrees": "文件名“{file}”像是{named}的文件，但其中只填写了“{sheet}”表，已按{branch}报回的文件处理。请核实。",
    "scope-unknown": "“{file}”注明适用于“{scope}”，但设置表的支部名单中没有这个支部；已按文件内容判断归属。",
    "own-file-unreadable": "{branch}报回了“{file}”，但该文件未能读取（原因见“未采用的文件”），暂未能汇总，待核实。{advice}",
    "unreadable-save-as": "请{branch}另存为 .xlsx 后重新报回，或由办公室另存后重新收集。",
    "unreadable-resend": "该文件不完整或已损坏（可能是邮件附件下载、复制时中断）：请{branch}重新发送原文件，"
                         "收到后重新收集。",
    "own-file-empty": "“{file}”是{branch}报回的文件，但其中“{sheet}”表没有填写，{branch}按未报送处理。",
    "own-file-unopened": "“{file}”是 split 生成的下发文件，发出后未经打开保存，“{sheet}”表没有填写：不是{branch}报回的文件，"
                         "{branch}按未报送处理。下发文件请存放在收件文件夹以外。",
    # The blank 退回修改意见 (催报) sent to a branch that had not reported, never opened since: the office's copy.
    "own-feedback-unopened": "“{file}”是 feedback 生成的退回修改意见（催报的空表），发出后未经打开保存，“{sheet}”表没有填写："
                             "不是{branch}报回的文件，{branch}按未报送处理。办公室留存的副本请存放在收件文件夹以外。",
    "feedback-unchanged": "“{file}”是 feedback 生成的退回修改意见，发出后未经打开保存，所列问题都还没有修改，"
                          "已按报回的文件收集。如果这是办公室留存的副本，请把它移到收件文件夹以外后重新收集。",
    "file-open": "“{file}”旁边有锁定文件“{lock}”，它可能仍在 Excel、WPS 或 LibreOffice 中打开，收集的是上次保存的内容。"
                 "如还在修改，请保存并关闭后重新收集。",
    "sheet-unlisted": "“{file}”中的“{sheet}”表填写了内容，但设置表的支部名单中没有这个支部，未收集。"
                      "如是新增支部，请在设置表的支部名单中补上后重新收集。",
    # -- two answers for one branch
    "conflict-later": "{branch}有 {count} 个文件填写不同：{files}；已采用填表日期较晚的“{chosen}”。请核实；"
                      "如应以另一个为准，把不用的文件移到收件文件夹下的“作废”子文件夹后重新收集。",
    "conflict-undecided": "{branch}有 {count} 个文件填写不同：{files}，填表日期{why}，无法判断以哪个为准，都未采用。"
                          "请与{branch}核实，把不用的文件移到收件文件夹下的“作废”子文件夹（其他子文件夹也会被读取）后重新收集。",
    "kept-last-round": "{branch}本轮未报回，保留上轮内容（{when}）。",
    # A branch 待核实 in the master (冲突, 未能读取) that sent nothing this round stays 待核实 (forms.into_master).
    "pending-last-round": "{branch}本轮没有报回新的文件，上轮报回的文件（{when}）仍待核实，保留上轮的回收情况。",
    "earlier-note": "{note}",
    # collect --into: what the office typed on the master's 回收情况 (说明 lines, memo cells) goes into the new one
    "office-notes-kept": "总表“回收情况”表中办公室填写的内容（{what}）已原样保留在新的“回收情况”表中。",  # a line of the master's 说明 for that branch, carried over as it was
    # -- --into: the returned file against what the master holds (forms.into_master)
    "same-as-master": "{branch}报回的“{file}”与总表中现有的内容相同，总表中{branch}的内容没有改动。",
    "older-than-master": "“{file}”是{branch}的文件，但{why}，比总表中{branch}现有的内容旧，未替换，总表保留现有内容。"
                         "请核实；如确需以这个文件为准，请加 --replace {short} 重新收集（会先备份总表）。",
    "replaced-on-request": "“{file}”{why}，比总表中{branch}原有的内容旧；已按 --replace 替换（原总表已备份）。",
    "older-by-fill-date": "填表日期 {incoming} 早于总表中的 {held}",
    "saved-before-made": "{branch}报回的“{file}”是 {made} 生成的退回修改意见，却显示最后保存于 {saved}，"
                         "早于生成的时间：保存它的电脑时钟可能不准，请提醒支部校正电脑的日期和时间。已按改好的文件收入。",
    "older-by-save": "{dates}，而文件最后保存于 {saved}，早于总表收入现有内容的时间 {taken}",
    "same-fill-date": "填表日期与总表中的相同（{day}）",
    "fill-date-unclear": "填表日期无法与总表比较",
    # -- what could not move
    "names-lost": "“{file}”的“{sheet}”表有 {count} 个填写位置找不到定义名称（{names}），这些内容未能收集。"
                  "请对该文件运行 huitoukan repair 后用修复后的文件重新收集。",
    "formula-value": "“{file}”的“{sheet}”表有 {count} 个填写单元格是公式，已按计算结果收集为数值。",
    "error-value": "“{file}”的“{sheet}”表 {cell}（{field}）显示为 Excel 错误值 {value}{formula}，原来的内容没有收集到，"
                   "按未填写处理。请{branch}重新输入这一格（开头不要用“=”）后报回。",
    "formula-lost": "“{file}”的“{sheet}”表有 {count} 个填写单元格是没有保存计算结果的公式，未能收集。"
                    "请在 Excel 中打开该文件保存一次后重新收集。",
    # -- the round's settings
    "setting-disagree": "各文件“设置”表中的{label}不一致：采用“{value}”；不同的有 {files}。",
    "branch-list-disagree": "各文件“设置”表中的支部名单不一致，合并后的名单包含所有文件中出现的支部：{branches}。请核对。",
    "master-setting-disagree": "{files}“设置”表中的{label}与合并目标工作簿（“{value}”）不一致，保留合并目标的设置。",
    "branch-name-unusable": "支部名单中的“{name}”不能用作工作表名（不能与保留表名重名，不能含 []:*?/\\' ，不超过 31 个字符），"
                            "未收集该支部。请在“设置”表中改正后重新收集。",
    # -- --into a master
    "into-no-sheet": "合并目标工作簿中没有“{sheet}”工作表（或该表缺少定义名称），{branch}的内容未写入。"
                     "请从模板复制该支部的工作表后重新收集，或不用 --into 收集到新工作簿。",
    "into-losses": "合并目标“{name}”中的{lost}在改写后不会保留；改写前的原文件已备份，这些内容仍在备份中。",
}

SKIP_REASONS: dict[str, str] = {
    "lock-file": "Excel、WPS 或 LibreOffice 打开工作簿时生成的临时锁定文件，不是工作簿。",
    "not-workbook": "不是 .xlsx / .xlsm 工作簿。",
    "zip-archive": "是压缩包，不是工作簿。请先解压，再把其中的 .xlsx 文件放进收件文件夹。",
    "collect-output": "这是 collect 合并生成的工作簿（含“回收情况”表），不是支部报回的文件。",
    "collect-target": "这是本次合并的目标工作簿。",
    "backup-copy": "这是回头看在改写或覆盖文件前留下的备份（文件名带“.bak-日期-时间”），是旧内容，不是支部报回的文件，未收集。"
                   "如确要收集它，请在命令中直接写出这个文件（如 collect \"{path}\" --into 总表.xlsx），"
                   "或把文件名中的“.bak-…”去掉后重新收集。",
    "split-untouched": "这是 split 生成的下发文件，发出后未经打开保存；{branches}另有报回的文件，已采用报回的文件。"
                       "下发文件请存放在收件文件夹以外。",
    "feedback-untouched": "这是 feedback 生成的退回修改意见，发出后未经打开保存；{branches}另有报回的文件，"
                          "已采用报回的文件。退回文件请存放在收件文件夹以外。",
    "version-old": "来自旧版填报模板（v{found}），当前为 v{current}，为免新旧内容混在一起未收集。"
                   "请运行 huitoukan repair 把它迁移到新模板后再收集。",
    "version-newer": "来自更新版本的填报模板（{found}），本程序只认识到 v{current}，未收集。请升级回头看后再收集。",
    "no-settings": "没有“设置”表，无法确认填报模板的版本，未收集。请运行 huitoukan repair 把它迁移到新模板后再收集。",
    "retired-folder": "在“{folder}”文件夹中：放在作废、旧版、备份等子文件夹里的文件不收集。",
    "own-file-empty": "是{branch}的文件，但没有填写内容；{branch}的内容取自另一个文件。",
    "same-as-taken": "内容与已采用的{files}相同，不再重复收集。",
    "nothing-filled": "各支部表都没有填写内容，文件名中也没有支部简称。",
    "pending-last-round": "上轮收到，未能读取：{reason}",  # a 未能读取 file carried over from the master's list
}


# -- the web page's own words. The page has no inbox folder and runs no command: where the advice above
# is to move files in the inbox, collect again or use --into, the page says what to upload instead.
# Each has the same fields as the command line's; codes not listed here read the same everywhere.
_WEB_RETRY = "重新上传时不要选不用的那个文件。"
WEB_NOTICES: dict[str, str] = {
    "same-as-master": "{branch}报回的“{file}”与上轮合并工作簿中的内容相同，{branch}的内容没有改动。",
    "older-than-master": "“{file}”是{branch}的文件，但{why}，比上轮合并工作簿中{branch}的内容旧，未替换，保留上轮的内容。"
                         "请核实；如确需以这个文件为准，请在网页结果的“回收情况”表中点击{branch}一行的“以此文件为准重新合并”。",
    # After that button (web_text.REPLACE_BUTTON): the round run again, taking the file.
    "replaced-on-request": "“{file}”{why}，比上轮合并工作簿中{branch}原有的内容旧；已按要求替换。",
    "conflict-later": "{branch}有 {count} 个文件填写不同：{files}；已采用填表日期较晚的“{chosen}”。请核实；"
                      "如应以另一个为准，" + _WEB_RETRY,
    "conflict-undecided": "{branch}有 {count} 个文件填写不同：{files}，填表日期{why}，无法判断以哪个为准，都未采用。"
                          "请与{branch}核实，" + _WEB_RETRY,
    "feedback-unchanged": "“{file}”是回头看生成的退回修改意见，发出后未经打开保存，所列问题都还没有修改，"
                          "已按报回的文件收集。如果这是办公室留存的副本，重新上传时不要选它。",
    "unreadable-save-as": "请{branch}另存为 .xlsx 后重新报回，或由办公室另存为 .xlsx 后重新上传。",
    "unreadable-resend": "该文件不完整或已损坏（可能是邮件附件下载、复制时中断）：请{branch}重新发送原文件，"
                         "收到后重新上传。",
    "own-file-unopened": "“{file}”是回头看生成的下发文件，发出后未经打开保存，“{sheet}”表没有填写：不是{branch}报回的文件，"
                         "{branch}按未报送处理。重新上传时不必选下发文件。",
    "own-feedback-unopened": "“{file}”是回头看生成的退回修改意见（催报的空表），发出后未经打开保存，“{sheet}”表没有填写："
                             "不是{branch}报回的文件，{branch}按未报送处理。重新上传时不必选它。",
    "sheet-unlisted": "“{file}”中的“{sheet}”表填写了内容，但设置表的支部名单中没有这个支部，未收集。"
                      "如是新增支部，请在设置表的支部名单中补上后重新上传。",
    "formula-lost": "“{file}”的“{sheet}”表有 {count} 个填写单元格是没有保存计算结果的公式，未能收集。"
                    "请在 Excel 中打开该文件保存一次后重新上传。",
    "branch-name-unusable": "支部名单中的“{name}”不能用作工作表名（不能与保留表名重名，不能含 []:*?/\\' ，不超过 31 个字符），"
                            "未收集该支部。请在“设置”表中改正后重新上传。",
    "master-setting-disagree": "{files}“设置”表中的{label}与上轮合并工作簿（“{value}”）不一致，保留上轮合并工作簿的设置。",
    "into-no-sheet": "上轮合并工作簿中没有“{sheet}”工作表（或该表缺少定义名称），{branch}的内容未写入。"
                     "请在上轮合并工作簿中从模板复制该支部的工作表后重新上传，或不选上轮合并工作簿，只上传本轮的文件。",
    "into-losses": "上轮合并工作簿“{name}”中的{lost}在本轮的合并工作簿中不会保留；您上传的原文件没有改动，这些内容仍在其中。",
    "names-lost": "“{file}”的“{sheet}”表有 {count} 个填写位置找不到定义名称（{names}），这些内容未能收集。"
                  "请改用最新的填报模板重新填写后上传，或请维护人员帮忙把它迁移到新模板。",
    "file-open": "“{file}”上传时可能仍在 Excel、WPS 或 LibreOffice 中打开，收集的是上次保存的内容。"
                 "如还在修改，请保存并关闭后重新上传。",
}
WEB_SKIP_REASONS: dict[str, str] = {
    "backup-copy": "这是回头看在改写或覆盖文件前留下的备份（文件名带“.bak-日期-时间”），是旧内容，不是支部报回的文件，未收集。"
                   "如确要收集它，请把文件名中的“.bak-…”去掉后重新上传。",
    "zip-archive": "是压缩包，不是工作簿。请先解压，再把其中的 .xlsx 文件拖进来。",
    "collect-output": "这是回头看合并生成的工作簿（含“回收情况”表），不是支部报回的文件。"
                      "要以它为底稿收集第二轮，请只拖入这一个合并工作簿。",
    "collect-target": "这是本次合并的底稿工作簿。",
    "version-old": "来自旧版填报模板（v{found}），当前为 v{current}，为免新旧内容混在一起未收集。"
                   "请该支部改用最新的填报模板重新填写后报回，或请维护人员帮忙把它迁移到新模板。",
    "no-settings": "没有“设置”表，无法确认填报模板的版本，未收集。"
                   "请该支部改用最新的填报模板重新填写后报回，或请维护人员帮忙把它迁移到新模板。",
    "retired-folder": "放在作废、旧版、备份等子文件夹里，未收集。",
    "split-untouched": "这是回头看生成的下发文件，发出后未经打开保存；{branches}另有报回的文件，已采用报回的文件。"
                       "重新上传时不必选下发文件。",
    "feedback-untouched": "这是回头看生成的退回修改意见，发出后未经打开保存；{branches}另有报回的文件，"
                          "已采用报回的文件。重新上传时不必选退回文件。",
}


def notice(code: str, **fields: object) -> str:
    return worded(code, NOTICES, WEB_NOTICES).format(**fields)


def skip_reason(code: str, **fields: object) -> str:
    return worded(code, SKIP_REASONS, WEB_SKIP_REASONS).format(**fields)


# -- 退回修改 (feedback): a branch whose returned file awaits checking (待核实) gets no file: its sheet in the
# merged workbook is empty only because its file could not be used, and a blank form would say it has not reported.
FEEDBACK_HELD = ("{branches}报回的文件待核实，没有生成退回修改意见（以免支部收到一份空白的表）。请办公室先按合并工作簿的"
                 "“回收情况”表核实：未能读取的，按该表的说明请支部另存为 .xlsx 或重新发送完整的原文件；冲突的，把不用的文件移到"
                 "收件文件夹下的“作废”子文件夹。重新收集后再生成退回修改意见。")


# `run` on a round: 退回修改/ holds this round's files only; earlier ones move into its 备份 subfolder.
FEEDBACK_NONE = "本轮没有需要退回修改的支部，没有生成退回修改意见。"
FEEDBACK_RETIRED = ("以前生成的 {count} 份退回修改意见已移到“{folder}”，以免再次发出过时的意见；"
                    "“退回修改”文件夹中只有本轮的退回修改意见。")
# collect --into that takes nothing: the master is left as it was (no rewrite, no backup).
COLLECT_UNCHANGED = "没有要写入总表的内容（收到的文件都未采用，或与总表中的相同），总表“{target}”未改动，也没有另做备份。"

# `run` into a folder with an earlier run's results: they move into its 备份 subfolder (jobs.earlier).
RESULTS_RETIRED = ("以前生成的 {count} 个结果文件已移到“{folder}”（文件名加上时间，未删除），以免把过时的汇总、"
                   "情况报告当作本次的报送；文件夹中的标记副本、汇总工作簿和情况报告都是本次生成的。")
RESULTS_RETIRED_CHANGED = ("移到“备份”的 {names} 不是回头看原样生成的（可能生成后被改动过），没有覆盖；"
                           "如需其中的改动，请从“备份”文件夹中取回。")
# A file named like a backup is read only when named in the command itself (forms.returned.find_files).
FEEDBACK_RETIRED_REPLY = ("移到“备份”的 {names} 发出后被打开保存过，可能是支部报回的文件。如是，请在命令中直接写出这个文件来收回，"
                          "如：collect \"{path}\" --into \"{master}\"；或把它复制到收件文件夹，去掉文件名中的“.bak-…”后再收集。"
                          "（收件文件夹中文件名带“.bak-…”的文件不收集。）")
FEEDBACK_REPLACED_REPLY = ("替换了“{path}”：它发出后被打开保存过，可能是支部报回的文件；原文件已备份为“{backup}”。如是，"
                           "请在命令中直接写出备份文件来收回，如：collect \"{backup}\" --into \"{master}\"；"
                           "或把它复制到收件文件夹，去掉文件名中的“.bak-…”后再收集。")

# `run 收件/` into a folder that holds a merged workbook already: that one stays, this one is dated.
# inbox: the command's inputs, each in quotes.
MASTER_KEPT = ("“{folder}”里已有合并工作簿“{kept}”（以前生成或办公室在用的总表），没有覆盖，本次合并的另存为“{merged}”。"
               "要把新收到的文件并入原来的总表，请运行 collect {inbox} --into \"{master}\"，再对“{kept}”运行 run。")
# `run 一个表.xlsx --by …` on a workbook that is no merged one: no 退回修改 files, so the 报回期限 is not used
# (the web page's own wording: spec.web_text.REPLY_BY_UNUSED).
RUN_BY_UNUSED = ("报回期限 --by {by} 未使用：“{name}”不是合并工作簿（没有“回收情况”表），对一个填报工作簿运行 run 不生成退回修改意见。"
                 "要生成，请对收件文件夹运行 run，或用 feedback \"{name}\" -o 退回修改 --by {by}。")

# The day a 报回期限 (--by) may not be before (messages "feedback-by-past"): given with --date, the ledger's, today's.
ISSUED_GIVEN, ISSUED_LEDGER, ISSUED_TODAY = "本次退回的日期 --date", "整改台账的截至日期", "今天"


def feedback_held(branches: list[tuple[str, str]]) -> str:
    """The one line about branches left without a feedback file: (full name, why its file was not used) each."""
    return FEEDBACK_HELD.format(branches="、".join(f"{full}（{why}）" for full, why in branches))
