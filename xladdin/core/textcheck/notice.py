"""The notice's own words: its title and its first three paragraphs, as the office received them.

Only these count as "the notice". The branch reports that follow them in the
notice (seed-notice.txt) are examples of answers, not the notice itself.
"""

from __future__ import annotations

NOTICE_PARAGRAPHS: tuple[str, ...] = (
    "我厂对创先争优活动动员部署阶段进行“回头看”",
    (
        "为加强对创先争优活动工作的督促检查，总结创先争优活动动员部署阶段的工作，"
        "也为今后工作的顺利开展打下基础，我厂下发了《关于做好创先争优活动动员部署阶段“回头看”工作的通知》。"
    ),
    (
        "通知要求，开展“回头看”工作，要把握好五个方面的内容：一是看是否召开了动员会并进行安排部署；"
        "二是看实施方案是否符合要求，切合实际；三是看学习宣传工作是否深入；"
        "四是看是否组织开展“对照一流差什么、立足岗位干什么、学习先进怎么做”专题讨论；"
        "五是看创先争优活动与本单位工作结合情况，是否做到了“两不误，两促进”。"
    ),
    (
        "通知要求，"
        "各党支部负责人要在对动员部署阶段工作进行总结回顾和认真梳理各项工作完成情况的基础上,认真履行第一责任人的职责，"
        "充分认识“回头看”的重要性，实事求是，查找存在的不足或需要改进和提高的地方，"
        "对照上级党组织和厂实施方案的要求，尽快按照缺什么补什么的原则，进行“补课”，使各项工作达到要求。"
    ),
)
