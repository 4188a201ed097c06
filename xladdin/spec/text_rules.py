"""The spec of the 实事求是 text checks: which answers are compared, the thresholds, the stock phrases.

Part of the spec (kept in its own module so it can move with spec.py): the
office extends STOCK_PHRASES and tunes the thresholds here, without touching
the algorithm in xladdin/core/textcheck/. The tuning corpus and the precision and
recall it gives are in tests/data/text_corpus.py and docs/text-checks.md.
"""

from __future__ import annotations

from dataclasses import dataclass

# Long-text answers that are compared. 佐证材料 is never compared: branches rightly
# list the same 会议记录、签到表、照片. 先进典型 is a list of names and honours.
COMPARED_CRITERION_PARTS = ("actions", "shortcomings", "remedy")
COMPARED_OVERALL_FIELDS = ("highlights", "problems", "next_steps")
# Only this part of a criterion marked 已完成 must hold a concrete fact.
VAGUE_PART = "actions"


@dataclass(frozen=True)
class TextThresholds:
    # Texts shorter than this (after removing spaces and punctuation) are never
    # compared: short answers are alike by nature.
    min_chars: int = 15
    # The 查重 rule: this many consecutive shared characters (outside quotable
    # phrases) is copying.
    run_chars: int = 13
    # Near-identical: rapidfuzz ratio (0-100) of the two texts' own words, as
    # written or with their clauses sorted (a reordered copy). Texts that give
    # different numbers (8月16日 / 5月17日) are different reports, not near copies.
    near_ratio: float = 80.0
    # The near-identical rule needs at least this many characters of a branch's
    # own words in both texts, so two answers made only of the notice's words or
    # stock phrases are not "copies" of each other.
    near_min_own_chars: int = 8
    # Candidate pairs come from shared runs of this many characters (an index,
    # never all pairs); a run shorter than run_chars only proposes a pair.
    anchor_chars: int = 5
    # A candidate pair must share at least this many anchors (one is chance).
    anchor_min: int = 3
    # How many texts each anchor remembers. Later texts with that anchor are
    # compared with these first ones only, which bounds the work when hundreds
    # of branches pass one text around.
    anchor_postings: int = 6
    # A substring of the notice at least this long counts as the notice's words.
    notice_gram: int = 4
    # An answer of which at least this share of characters is the notice's words
    # echoes the notice.
    echo_share: float = 0.8
    # Echoes are caught in shorter answers than copies: a criterion's title alone
    # (看学习宣传工作是否深入) is ten characters.
    echo_min_chars: int = 8
    # A 主要做法及成效 without a concrete fact is vague when at most this share of
    # its characters is left after removing stock phrases, the notice's words,
    # names of branches and the campaign, generic words and filler characters:
    # what remains is stock phrases. Kept low, so that an answer with a few words
    # of its own (在分场宣传栏开辟专栏) is not called empty.
    vague_residual: float = 0.12
    # How many other cells a finding names in --json "related" (the message counts the rest).
    related_max: int = 5


THRESHOLDS = TextThresholds()

# 套话: phrases that hold no fact. Written without punctuation; they are matched
# after spaces and punctuation are removed, and with 了 and 的 skipped on both
# sides (营造了良好的氛围 matches 营造良好氛围). They never count as copying, and an
# answer made of them (and of the notice's words) is vague. Extend freely.
STOCK_PHRASES: tuple[str, ...] = (
    # attitude and organisation
    "高度重视", "十分重视", "非常重视", "精心组织", "精心安排", "精心部署", "周密部署", "周密安排", "周密谋划",
    "统筹安排", "统筹兼顾", "统一思想", "提高认识", "提高思想认识", "思想认识", "加强领导", "领导重视",
    "认真组织", "积极组织", "组织有力", "措施有力", "认识到位", "组织到位", "措施到位", "责任到位", "落实到位",
    "宣传到位", "部署到位", "层层落实", "层层发动", "齐抓共管", "常抓不懈", "持之以恒", "形成合力",
    # doing
    "扎实推进", "稳步推进", "有序推进", "全面推进", "深入推进", "积极推进", "认真落实", "狠抓落实", "抓好落实",
    "抓落实", "贯彻落实", "认真贯彻", "认真执行", "严格执行", "积极开展", "广泛开展", "深入开展", "认真开展",
    "扎实开展", "全面开展", "切实开展", "有效开展", "顺利开展", "切实加强", "进一步加强", "不断加强", "大力加强",
    "切实做好", "认真做好", "扎实做好", "努力做好", "积极参与", "踊跃参与", "广泛参与", "积极响应",
    "真抓实干", "求真务实", "扎扎实实", "认认真真", "紧密结合", "有机结合", "紧密联系", "结合实际", "联系实际",
    "结合本单位实际", "立足本职", "立足实际", "有条不紊", "井然有序", "按部就班", "按照要求", "按要求",
    "按照上级要求", "根据上级要求", "按照党委要求", "按照上级党委要求", "按照党委厂部的要求", "党委厂部",
    "上级党组织", "上级党委", "上级要求", "上级部署", "有关要求", "相关要求", "工作要求", "各项要求",
    "各项工作", "各项任务", "各项活动", "相关工作", "有关工作", "此项工作", "这项工作", "本项工作",
    # learning and publicity
    "认真学习", "深入学习", "组织学习", "集中学习", "加强学习", "学习贯彻", "学习领会", "深刻领会",
    "精神实质", "文件精神", "上级精神", "会议精神", "上级文件", "有关文件", "相关文件", "广泛宣传",
    "大力宣传", "宣传发动", "宣传动员", "营造浓厚氛围", "营造了浓厚的氛围", "营造了浓厚氛围", "浓厚氛围",
    "浓厚的氛围", "良好氛围", "良好的氛围", "深入人心", "家喻户晓", "入脑入心", "形式多样", "丰富多彩",
    "内容丰富", "多种形式", "多种方式", "全方位", "多层次", "多渠道", "向先进看齐",
    # people
    "党员干部", "广大党员", "全体党员", "职工群众", "广大职工", "干部职工", "全体职工", "党员职工",
    "充分发挥", "先锋模范作用", "模范带头作用", "战斗堡垒作用", "骨干带头作用", "党员先锋模范",
    "积极性", "主动性", "创造性", "凝聚力", "战斗力", "号召力", "责任感", "使命感", "荣誉感",
    # results
    "取得明显成效", "取得了明显成效", "取得显著成效", "取得了显著成效", "取得了显著效果", "取得显著效果",
    "取得良好效果", "取得了良好效果", "收到了良好效果", "收到良好效果", "收到了显著效果", "收到显著效果",
    "取得了一定成效", "取得一定成效", "取得实效", "取得成效", "取得了成效", "成效显著", "成效明显",
    "效果明显", "效果显著", "效果良好", "工作成效", "落到实处", "圆满完成", "顺利完成", "按时完成",
    "按要求完成", "全面完成", "明显提高", "明显提升", "显著提高", "有效提升", "进一步提高", "不断提高",
    "不断增强", "切实增强", "明显增强", "进一步增强", "得到提高", "得到提升", "得到加强", "得到增强",
    "良好开端", "打下基础", "打下了基础", "打下了良好基础", "奠定基础", "奠定了基础", "奠定了坚实基础",
    "坚实基础", "有力保障", "保驾护航", "达到了预期目的", "达到预期目的", "达到了预期效果", "达到预期效果",
    "符合要求", "达到要求", "符合实际", "切合实际", "得到了充分发挥", "得到充分发挥",
    # the wider register
    "以人为本", "与时俱进", "开拓创新", "改革创新", "锐意进取", "开拓进取", "奋发有为", "攻坚克难",
    "责任意识", "大局意识", "服务意识", "安全意识", "质量意识", "忧患意识", "创新意识", "争先意识",
    "基础管理", "队伍建设", "队伍素质", "综合素质", "整体素质", "素质提升", "作风建设", "制度建设",
    "思想建设", "组织建设", "能力建设", "长效机制", "工作机制", "规范化", "制度化", "常态化", "标准化",
    "精细化", "科学化", "工作水平", "管理水平", "服务水平", "工作效率", "工作质量", "工作热情",
    "工作作风", "精神面貌", "良好局面", "良好态势", "新局面", "新成效", "新水平", "新突破", "新气象",
    "逐步实施", "稳步实施", "有序实施", "认真实施", "全面实施", "贯穿始终", "全过程", "各环节",
    "有声有色", "扎实有效", "卓有成效", "行之有效", "抓住重点", "突出重点", "突出特色", "注重实效", "讲求实效",
    "务求实效", "积极响应", "积极配合", "领导班子", "支部班子", "班子成员", "以身作则", "率先垂范", "身先士卒",
    "爱岗敬业", "无私奉献", "团结协作", "齐心协力", "同心同德", "营造良好氛围", "形成良好风气", "蔚然成风",
    "蓬勃开展", "如火如荼", "热火朝天", "全员参与", "人人参与", "积极投身", "广泛动员", "思想觉悟",
)

# Words of this register that name no particular thing: the activities every
# branch does (召开, 动员会, 方案, 学习). They are not stock phrases (an answer
# may be made of them and still be copied), but they are no fact either: the
# vague rule counts them as covered, like FILLER_CHARS.
GENERIC_WORDS: tuple[str, ...] = (
    "召开", "举行", "组织", "开展", "进行", "制定", "制订", "安排", "部署", "动员", "动员会", "大会", "会议",
    "方案", "计划", "活动", "工作", "学习", "宣传", "讨论", "培训", "检查", "总结", "落实", "实施", "执行",
    "要求", "任务", "目标", "措施", "制度", "党员", "职工", "群众", "干部", "支部", "分场", "车间",
    "班组", "单位", "本单位", "全体", "广大", "各级", "各项", "有关", "相关", "情况", "内容", "形式",
    "方面", "问题", "成效", "效果", "成绩", "经验", "做法", "实际", "结合", "参加", "参与", "传达", "贯彻",
    "精神", "文件", "上级", "党委", "厂部", "领导", "认真", "积极", "深入", "广泛", "全面", "扎实", "有效",
    "良好", "明显", "显著", "较好", "一定", "及时", "按时", "逐步", "已经", "完成", "强化", "夯实", "提升",
    "推动", "促进", "确保", "狠抓", "着力", "切实", "努力", "不断", "进一步", "激励", "引导", "鼓励", "带动",
    "发挥", "加强", "提高", "增强", "做到", "实现", "坚持",
)

# Skipped when matching phrases: 统一了思想 is 统一思想.
PHRASE_SKIP_CHARS = "了的"

# Characters that carry no fact on their own (particles, connectives, the
# commonest verbs of this register). They count as covered in the vague rule.
FILLER_CHARS = frozenset("的了和与及并在对把将等为是从以使让也都又还再中上下里各本我们其该此这那所有被由向于就而且或着过之已均")
