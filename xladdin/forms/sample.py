"""A filled sample workbook: the notice's six branch reports, with realistic gaps.

SAMPLE_NOTES lists what the checker is meant to find in each branch.
"""

from __future__ import annotations

from datetime import date
from os import PathLike

from openpyxl import Workbook

from xladdin.forms.fill import fill_by_names
from xladdin.forms.template import build_template
from xladdin.spec import form

SAMPLE_NOTES = """\
Intended gaps in the sample (people the notice does not name are invented):

运一  c4 未开展, with a full 补课 plan (存在不足, 补课措施, 责任人, 完成时限) -> 补课中;
      c4's text never touches the three questions -> warning. Otherwise complete.
电气  党员人数 typed as the text "28" (accepted); c3 部分完成 with a full 补课 plan -> 补课中;
      c4 部分完成 but 责任人 empty -> error; c4's text never touches the three questions -> warning.
化学  Complete: all five 已完成 with date, 做法及成效 and 佐证材料; shortcomings written
      honestly (王梅保's four points). No findings.
除灰  c2 已完成 but 开展时间 empty -> error; c4 完成情况 empty and nothing written -> error;
      c3 部分完成 with a full 补课 plan -> 补课中.
运二  All five 已完成, no 存在不足 anywhere and 存在的主要问题 "无" -> warning (查找不足);
      c3 佐证材料 "无" and c5 佐证材料 "暂无" -> placeholders, errors; c1 and c3 主要做法及成效
      are stock phrases only (统筹安排，周密谋划 / 向先进看齐，立足本职) -> warnings (text-vague).
汽机  c1 开展时间 "2010年4月28日" is before the stage window -> warning; c4 "2010年8月10日" and
      c5 "8月20日" are text dates (accepted, year from the fill date); c3 完成时限 2010-08-20 is
      before the fill date 2010-08-29 -> error; c1 and c2 主要做法及成效 say nothing concrete
      (按照党委厂部的要求… / 结合本单位实际制定活动方案并逐步实施) -> warnings (text-vague).
No two branches copy each other, echo the notice or repeat one text under several criteria.
"""

D = date

YUNYI = {
    "secretary": "史泽沛",
    "filled_by": "史泽沛",
    "fill_date": D(2010, 8, 25),
    "member_count": 34,
    "c1_status": "已完成", "c1_date": D(2010, 5, 14),
    "c1_actions": "召开分场党支部创先争优活动动员会，传达厂动员大会精神，分场主任张本立对活动作出安排部署，"
                  "明确各班组党员的任务。",
    "c1_evidence": "动员会会议记录、签到表、照片 4 张",
    "c2_status": "已完成", "c2_date": D(2010, 5, 26),
    "c2_actions": "结合运行倒班实际制定支部实施方案，按值设立党员责任区，方案经支委会讨论后报厂党委备案。",
    "c2_evidence": "《运行一分场党支部创先争优活动实施方案》（运一党〔2010〕3号）",
    "c3_status": "已完成", "c3_date": D(2010, 6, 8),
    "c3_actions": "利用交接班会和值内学习时间组织党员学习上级文件，在集控室设立活动宣传栏。",
    "c3_evidence": "学习记录本、宣传栏照片",
    "c4_status": "未开展",
    "c4_shortcomings": "受倒班影响，党员难以集中，讨论一直未能组织。",
    "c4_remedy": "9月上旬利用两个白班交接时间分两批组织全体党员围绕岗位职责和先进经验开展讨论，每人提交书面发言。",
    "c4_owner": "史泽沛",
    "c4_deadline": D(2010, 9, 10),
    "c5_status": "已完成", "c5_date": D(2010, 8, 16),
    "c5_actions": "与电气党支部互“看”互查，强调基层党组织要将活动开展与实际工作紧密结合，防止创先争优与生产脱节；"
                  "迎峰度夏期间机组安全运行。",
    "c5_evidence": "两支部交流会记录、签到表",
    "highlights": "与电气党支部互“看”互查，取长补短，开拓思路，提升了党支部的管理水平。",
    "problems": "倒班党员集中学习、集中活动难，部分活动未按计划开展。",
    "next_steps": "按缺什么补什么的原则尽快补课，做好组织实施阶段的工作。",
    "honors": "",
}

DIANQI = {
    "secretary": "杨洪鑫",
    "filled_by": "陶煜",
    "fill_date": D(2010, 8, 27),
    "member_count": "28",
    "c1_status": "已完成", "c1_date": D(2010, 5, 17),
    "c1_actions": "召开支部党员大会进行动员，书记杨洪鑫讲解活动目标和阶段安排，工会、团支部同步部署。",
    "c1_evidence": "党员大会记录、签到表",
    "c2_status": "已完成", "c2_date": D(2010, 5, 27),
    "c2_actions": "制定电气分场党支部实施方案，把设备治理和检修质量列为活动重点，明确时间节点。",
    "c2_evidence": "电气党支部实施方案（电气党〔2010〕2号）",
    "c3_status": "部分完成", "c3_date": D(2010, 6, 15),
    "c3_actions": "组织党员集中学习两次，在班组园地张贴活动宣传材料。",
    "c3_evidence": "学习记录、宣传材料照片",
    "c3_shortcomings": "创先争优活动信息量较大，对文件精神的领悟不够深入。",
    "c3_remedy": "进一步加强学习，9月份组织两次集中学习并进行交流发言。",
    "c3_owner": "杨洪鑫",
    "c3_deadline": D(2010, 9, 20),
    "c4_status": "部分完成", "c4_date": D(2010, 7, 12),
    "c4_actions": "结合班组安全活动，组织部分党员交流本岗位工作体会。",
    "c4_evidence": "班组安全活动记录",
    "c4_shortcomings": "只有部分党员参加，发言记录不全。",
    "c4_remedy": "9月组织未参加的党员补充发言并整理记录。",
    "c4_deadline": D(2010, 9, 15),
    "c5_status": "已完成", "c5_date": D(2010, 8, 16),
    "c5_actions": "与运一党支部互查交流，把活动与迎峰度夏设备消缺结合起来，消缺及时率明显提高。",
    "c5_evidence": "交流会记录、消缺统计表",
    "highlights": "与运一党支部坐到一起交流，互相学习到了对方好的经验。",
    "problems": "对文件精神的领悟不够深入，需进一步加强学习。",
    "next_steps": "加强学习，补齐讨论环节，做好组织实施阶段的工作。",
    "honors": "",
}

HUAXUE = {
    "secretary": "王梅保",
    "filled_by": "王梅保",
    "fill_date": D(2010, 8, 26),
    "member_count": 23,
    "c1_status": "已完成", "c1_date": D(2010, 5, 18),
    "c1_actions": "召开分场创先争优活动动员会，全体党员参加，分场主任卜新方对活动进行安排部署。",
    "c1_evidence": "动员会会议记录、签到表、照片",
    "c2_status": "已完成", "c2_date": D(2010, 5, 28),
    "c2_actions": "制定分场创先争优实施方案，与水处理、化验、仪表等班组的实际工作结合，明确各阶段任务。",
    "c2_evidence": "《化学分场党支部创先争优活动实施方案》（化学党〔2010〕4号）",
    "c3_status": "已完成", "c3_date": D(2010, 6, 10),
    "c3_actions": "组织党员学习上级文件和厂实施方案，在分场宣传栏开辟创先争优专栏。",
    "c3_evidence": "学习记录、专栏照片",
    "c3_shortcomings": "政策理论水平不够高，学习的内容不够全面、系统，深度不够。",
    "c3_remedy": "制定下阶段学习计划，每月集中学习两次，请厂党委办公室辅导一次。",
    "c3_owner": "王梅保",
    "c3_deadline": D(2010, 9, 30),
    "c4_status": "已完成", "c4_date": D(2010, 7, 9),
    "c4_actions": "召开“对照一流差什么、立足岗位干什么、学习先进怎么做”专题讨论会，全体党员逐一发言，形成整改清单。",
    "c4_evidence": "专题讨论会记录、发言提纲、签到表",
    "c5_status": "已完成", "c5_date": D(2010, 8, 23),
    "c5_actions": "8月23日召开“回头看”阶段总结会。在党员的模范带动下，分场员工在比中干、在干中学，工作效率大大提高。",
    "c5_evidence": "阶段总结会记录、签到表",
    "c5_shortcomings": "全局意识不够强，有本位主义思想；与上级交流沟通不够；抓落实的力度还不够。",
    "c5_remedy": "对照不足查找自身问题，不断整改提高；每月向厂党委汇报一次活动情况。",
    "c5_owner": "卜新方",
    "c5_deadline": D(2010, 10, 31),
    "highlights": "分场员工在比中干、在干中学，激发工作热情，工作效率大大提高。",
    "problems": "一是政策理论水平不够高；二是全局意识不够强；三是与上级的交流沟通不够；四是工作方法不够统筹兼顾，"
                "抓落实的力度还不够。",
    "next_steps": "对照不足查找自身问题，不断整改提高。",
    "honors": "化学仪表班班长方伟同志获评八月份分场“创先争优月度先进个人”。",
}

CHUHUI = {
    "secretary": "刘家明",
    "filled_by": "周静",
    "fill_date": D(2010, 8, 28),
    "member_count": 19,
    "c1_status": "已完成", "c1_date": D(2010, 5, 19),
    "c1_actions": "召开支部动员会，部署“四强四优”创建工作，党员加班加点情况每日一公示。",
    "c1_evidence": "动员会记录、公示栏照片",
    "c2_status": "已完成",
    "c2_actions": "有序推进、不断充实“四强四优创建实施方案”，实现三大工程具体化。",
    "c2_evidence": "四强四优创建实施方案",
    "c3_status": "部分完成", "c3_date": D(2010, 6, 2),
    "c3_actions": "坚持每周半个小时的综合学习，常态化开展“党徽在闪光”活动。",
    "c3_evidence": "学习记录",
    "c3_shortcomings": "宣传工作力度不够，活动最新动态报道不及时。",
    "c3_remedy": "每月向厂内刊物和网站报送活动动态不少于两篇。",
    "c3_owner": "周静",
    "c3_deadline": D(2010, 9, 30),
    "c5_status": "已完成", "c5_date": D(2010, 7, 20),
    "c5_actions": "严格执行“三重一大”集体决策制度，分场要务公开、班组班务公开；检修现场做到“工完料尽场地清”。",
    "c5_evidence": "公开栏照片、检修验收记录",
    "highlights": "现场工作出现难题，党支部主动组织党员攻关，解决实际问题。",
    "problems": "党员技能培训力度不够；宣传工作力度不够。",
    "next_steps": "加强党员技能培训，充分发挥党员的先锋模范作用；加强宣传报道。",
    "honors": "",
}

YUNER = {
    "secretary": "陈立群",
    "filled_by": "孙晓燕",
    "fill_date": D(2010, 8, 30),
    "member_count": 40,
    "c1_status": "已完成", "c1_date": D(2010, 5, 13),
    "c1_actions": "召开支部动员会，统筹安排，周密谋划，部署创先争优各项工作。",
    "c1_evidence": "动员会记录、签到表",
    "c2_status": "已完成", "c2_date": D(2010, 5, 24),
    "c2_actions": "制定支部实施方案，深入开展创岗建区活动。",
    "c2_evidence": "运二党支部实施方案",
    "c3_status": "已完成", "c3_date": D(2010, 6, 11),
    "c3_actions": "激励广大党员、职工群众向先进看齐，立足本职、创先争优。",
    "c3_evidence": "无",
    "c4_status": "已完成", "c4_date": D(2010, 6, 25),
    "c4_actions": "提出“对照一流差什么从我查起”、“立足岗位干什么从我做起”、“学习先进怎么做从我想起”的口号并组织讨论。",
    "c4_evidence": "讨论记录",
    "c5_status": "已完成", "c5_date": D(2010, 7, 28),
    "c5_actions": "以活动为抓手做好“双增双节，盈利攻坚”、世博保电、迎峰度夏、防汛度汛等工作，做到了“两手抓、两不误、两促进”。",
    "c5_evidence": "暂无",
    "highlights": "每一位党员都做到了“关键时刻站出来、平常时期看出来”。",
    "problems": "无",
    "next_steps": "为创先争优活动进一步的开展打下基础。",
    "honors": "",
}

QIJI = {
    "secretary": "赵国庆",
    "filled_by": "何文斌",
    "fill_date": D(2010, 8, 29),
    "member_count": 31,
    "c1_status": "已完成", "c1_date": "2010年4月28日",
    "c1_actions": "按照党委厂部的要求召开支部动员会，认真开展创先争优宣传发动工作。",
    "c1_evidence": "动员会记录、签到表",
    "c2_status": "已完成", "c2_date": D(2010, 5, 21),
    "c2_actions": "结合本单位实际制定活动方案并逐步实施。",
    "c2_evidence": "汽机党支部活动方案",
    "c3_status": "部分完成", "c3_date": D(2010, 6, 18),
    "c3_actions": "先后开展了三次岗位技能培训。",
    "c3_evidence": "培训签到表",
    "c3_shortcomings": "职工培训方面还有不足，培训的针对性不强。",
    "c3_remedy": "按岗位制定培训计划，再开展两次岗位技能培训。",
    "c3_owner": "何文斌",
    "c3_deadline": D(2010, 8, 20),
    "c4_status": "已完成", "c4_date": "2010年8月10日",
    "c4_actions": "组织“对照一流差什么、立足岗位干什么、学习先进怎么做”专题讨论，查找体制创新、班组管理方面的差距。",
    "c4_evidence": "专题讨论记录",
    "c5_status": "已完成", "c5_date": "8月20日",
    "c5_actions": "开展现场送清凉、困难职工帮扶等活动，成立了文明生产上水平党员示范岗，收到了显著效果。",
    "c5_evidence": "示范岗挂牌照片、活动记录",
    "c5_shortcomings": "体制创新、班组管理方面存在不足。",
    "c5_remedy": "在下一阶段努力改进，完善班组管理制度。",
    "c5_owner": "赵国庆",
    "c5_deadline": D(2010, 10, 31),
    "highlights": "文明生产上水平党员示范岗收到了显著效果。",
    "problems": "体制创新、班组管理、职工培训方面存在不足。",
    "next_steps": "努力改进，使创先争优组织实施阶段工作取得更大成效。",
    "honors": "",
}

SAMPLE_VALUES: dict[str, dict[str, object]] = {
    "运一": YUNYI, "电气": DIANQI, "化学": HUAXUE, "除灰": CHUHUI, "运二": YUNER, "汽机": QIJI,
}


def build_sample() -> Workbook:
    wb = build_template(form.DEFAULT_BRANCHES)
    for sheet, values in SAMPLE_VALUES.items():
        fill_by_names(wb, sheet, {k: v for k, v in values.items() if v not in ("", None)})
    return wb


def save_sample(path: str | PathLike[str]) -> None:
    build_sample().save(path)
