"""Concrete facts in an answer: what a stock-phrase answer lacks.

A fact is a date, a number or count, a person's name (beside a title such as
书记 or 同志), a document title in 《》, or a named activity or slogan in
quotation marks that is not the notice's own term.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from types import SimpleNamespace

from xladdin.core.textcheck.words import NAME, NOTICE, STOCK, Vocabulary, flags, normalise, notice_text, residual

# Chinese numerals with a measure word: 三次, 两批, 半个小时, 八月份, 十余人.
_COUNT = r"[一二三四五六七八九十两百千万半]+[余多]?[次个名位人场期篇条项份张天周月日号批回处届轮台套组节课遍]"
# A name beside a title: 书记杨洪鑫, 主任卜新方, 方伟同志. Only common surnames, so
# 书记带头 or 主任高度重视 are not names (高度重视 is ruled out as a stock phrase).
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "卜"
)
_TITLES = "书记|副书记|主任|副主任|主席|班长|组长|专工|厂长|经理|部长|委员|队长|值长"
# "Every", "all" and the like before 同志 are not names: 各位同志, 全体同志.
_NOT_NAMES = ("全体", "广大", "各位", "党员", "有关", "相关", "部分", "青年", "老同")


@cache
def _patterns() -> SimpleNamespace:
    # Compiled on first use: `check` imports this module even for a workbook with no text to judge.
    return SimpleNamespace(
        plain=re.compile(rf"\d|{_COUNT}|《[^》]{{2,}}》"),  # a digit, a count, a document title
        quote=re.compile(r"[“\"「『‘]([^”\"」』’]{2,})[”\"」』’]"),
        names=(re.compile(rf"(?:{_TITLES})([{_SURNAMES}][\u4e00-\u9fff]{{1,2}})"),
               re.compile(rf"([{_SURNAMES}][\u4e00-\u9fff]{{1,2}})(?:同志|师傅)")),
        # A named activity: particular words before one of these (创岗建区活动, 困难职工帮扶等活动).
        activity=re.compile(r"活动|竞赛|评比|比武|攻关|示范岗|先锋岗|责任区|工程|行动|主题党日"),
    )


def has_fact(text: str, vocab: Vocabulary, norm: str | None = None, marks: bytearray | None = None) -> bool:
    """Whether an answer holds at least one concrete fact (norm and marks: its normalised form and flags)."""
    if norm is None or marks is None:
        norm = normalise(text)
        marks = flags(norm, vocab)
    p = _patterns()
    if _named_activity(norm, marks, p.activity):
        return True
    text = unicodedata.normalize("NFKC", text)
    if p.plain.search(text):
        return True
    for m in p.quote.finditer(text):
        if not _is_quotable(m[1], vocab):
            return True  # a named activity or slogan of the branch's own
    for pattern in p.names:
        for m in pattern.finditer(text):
            name = m[1]
            if any(name.startswith(w) for w in _NOT_NAMES):
                continue
            if not _is_quotable(name, vocab, share=0.5):
                return True
    return False


def _named_activity(norm: str, marks: bytearray, activity: re.Pattern) -> bool:
    left = residual(norm, marks)
    return any(sum(left[max(0, m.start() - 4):m.start()]) >= 2 for m in activity.finditer(norm))


def _is_quotable(fragment: str, vocab: Vocabulary, share: float = 0.8) -> bool:
    """A quoted fragment that is the notice's term (“回头看”) or a stock phrase is no fact."""
    norm = normalise(fragment)
    if not norm or norm in notice_text():
        return True  # also a notice term shorter than the notice grams, such as 补课
    marks = flags(norm, vocab)
    return sum(1 for m in marks if m & (NOTICE | NAME | STOCK)) / len(norm) >= share
