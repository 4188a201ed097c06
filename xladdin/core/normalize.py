"""Turn raw cell values into clean plain values. Pure functions, no I/O.

People type dates, numbers and blanks in many ways; these functions accept
the ways the brief lists and report anything else as unparseable (None).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from xladdin.spec import form, messages

# Zero-width and other invisible characters that survive .strip().
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_FIND_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－／：", "0123456789.-/:")
_EPOCH_1900 = datetime(1899, 12, 30)  # Excel's 1900 system, with its 1900-02-29 bug folded in
_EPOCH_1904 = datetime(1904, 1, 1)


def clean_text(value: object) -> str:
    """The text a person meant: invisible characters and outer spaces removed."""
    if value is None:
        return ""
    if value.__class__ is str:
        text = value
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value)
    # Called ~75,000 times at 1,000 branches: a search in C is far cheaper than translate(),
    # which looks every character up in a dict, and invisible characters are rare.
    if _FIND_INVISIBLE.search(text) is not None:
        text = text.translate(_INVISIBLE)
    # str.strip() already knows U+3000 (ideographic space) and U+00A0.
    return text.strip()


def is_blank(value: object) -> bool:
    """Empty, whitespace, a placeholder such as 无, /, 暂无, 略, or an Excel error value such as #N/A."""
    return is_blank_text(clean_text(value))


def is_blank_text(text: str) -> bool:
    """is_blank for text that clean_text already returned (the checks clean each value once)."""
    if text == "" or text in form.PLACEHOLDERS or text.strip("/-－—·.。 ") == "":
        return True
    return text[0] == "#" and excel_error(text) is not None  # an error value always starts with "#"


def excel_error(value: object) -> str | None:
    """The Excel error value (#N/A, #VALUE! …) a cell holds instead of what was typed, or None.

    Read from an error cell or, after collect, as that literal text: either way no one wrote it.
    """
    if not isinstance(value, str) or not value or value.lstrip()[:1] != "#":
        return None
    text = clean_text(value).upper()
    return text if text in form.EXCEL_ERRORS else None


def to_ascii_digits(text: str) -> str:
    return text.translate(_FULLWIDTH)


def parse_int(value: object) -> int | None:
    """A whole number, also typed as text ("28", "２８", "28人"); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = to_ascii_digits(clean_text(value)).removesuffix("人").removesuffix("名").strip()
    if re.fullmatch(r"[+]?\d{1,9}", text):
        return int(text)
    if re.fullmatch(r"\d{1,9}\.0+", text):
        return int(float(text))
    return None


def serial_to_date(serial: float, epoch1904: bool = False) -> date | None:
    base = _EPOCH_1904 if epoch1904 else _EPOCH_1900
    try:
        result = (base + timedelta(days=float(serial))).date()
    except (OverflowError, ValueError):
        return None
    # Only 1950..2100 is plausible in this form; anything else is a typo.
    return result if 1950 <= result.year <= 2100 else None


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# 号 is the everyday word for 日 ("9月30号").
_YMD = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*[日号]?")
_MD = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_TRAILING_TIME = re.compile(r"[\sT]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?Z?$")
# A deadline is usually written "9月30日前": by that day, which is the day meant.
_BY = re.compile(r"\s*[以之]?前$")
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_RUN = re.compile("[〇○零一二三四五六七八九十]+")


def parse_date(value: object, default_year: int | None = None, epoch1904: bool = False) -> date | None:
    """A real date from a datetime, an Excel serial, or text in the brief's forms.

    Also the ways people write one that still name a single day: 号 for 日, a deadline's
    trailing 前/以前/之前, Chinese numerals (二〇一〇年九月三十日). Words such as 底 or 中旬
    do not name a day and stay unparseable.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return serial_to_date(value, epoch1904)
    text = _TRAILING_TIME.sub("", to_ascii_digits(clean_text(value)))
    if not text:
        return None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):  # a serial stored as text
        return serial_to_date(float(text), epoch1904)
    if re.fullmatch(r"\d{8}", text):  # 20100816
        return _make_date(int(text[:4]), int(text[4:6]), int(text[6:]))
    day = _written_date(text, default_year)
    if day is None and (plain := _arabic(_BY.sub("", text))) != text:
        day = _written_date(plain, default_year)  # the rare forms, tried only when the usual ones fail
    return day


def _written_date(text: str, default_year: int | None) -> date | None:
    if m := _YMD.fullmatch(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if (m := _MD.fullmatch(text)) and default_year:
        return _make_date(default_year, int(m[1]), int(m[2]))
    return None


def _arabic(text: str) -> str:
    """Runs of Chinese numerals as Arabic ones: 二〇一〇 → 2010, 九 → 9, 三十 → 30; others unchanged."""
    if _CN_RUN.search(text) is None:
        return text
    return _CN_RUN.sub(lambda m: _cn_number(m[0]) or m[0], text)


def _cn_number(run: str) -> str | None:
    """A year written digit by digit (二〇一〇) or a month or day (九, 十二, 三十一); None for anything else."""
    if "十" in run:
        tens, _, ones = run.partition("十")
        if len(tens) > 1 or len(ones) > 1 or "十" in ones or _CN_DIGIT.get(tens) == 0 or _CN_DIGIT.get(ones) == 0:
            return None
        return str(10 * (_CN_DIGIT[tens] if tens else 1) + (_CN_DIGIT[ones] if ones else 0))
    if len(run) in (1, 4):
        return "".join(str(_CN_DIGIT[c]) for c in run)
    return None


# Words that place a day only roughly: a date with one of them is asked to name the day.
_ROUGH = ("上旬", "中旬", "下旬", "月底", "月初", "月中", "年底", "年初", "底", "初", "左右", "前后")
_SEPARATED = re.compile(r"\d{4}\s*([^\d\s年月日号./\-])\s*\d{1,2}\s*\1\s*\d{1,2}\s*[日号]?")


def date_trouble(value: object) -> str:
    """What is wrong with text parse_date rejected, as date-invalid's {why}, when the text shows it; else ""."""
    if not isinstance(value, (str, float)):
        return ""
    text = _arabic(_BY.sub("", _TRAILING_TIME.sub("", to_ascii_digits(clean_text(value)))))
    if m := _YMD.fullmatch(text):
        return messages.DATE_NO_SUCH_DAY.format(year=m[1], month=int(m[2]), day=int(m[3]))
    if (m := _YMD.match(text) or _MD.match(text)) and (extra := text[m.end():].strip()):
        return messages.DATE_EXTRA.format(extra=extra)
    if word := next((w for w in _ROUGH if w in text), None):
        return messages.DATE_ROUGH.format(word=word)
    if re.fullmatch(r"\d{1,2}\s*[./]\s*\d{1,2}", text):  # 9.30: which year, and is it a number?
        return messages.DATE_NO_YEAR
    if re.fullmatch(r"\d{1,2}\s*[./\-]\s*\d{1,2}\s*[./\-]\s*\d{4}", text):  # 9/30/2010, 30/9/2010
        return messages.DATE_YEAR_LAST
    if m := _SEPARATED.fullmatch(text):
        return messages.DATE_SEPARATOR.format(sep=m[1])
    return ""


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # 2010-2-30 and friends
        return None


def chinese_date(day: date) -> str:
    """2010年9月10日: Arabic numerals, no leading zeros, as official documents write dates."""
    return f"{day.year}年{day.month}月{day.day}日"


def preview(text: str, limit: int = 20) -> str:
    """The opening of a long text, as quoted back in a message (display's rules)."""
    return display(text if len(text) <= limit else text[:limit] + "…")


def display(value: object) -> str:
    """How a value is quoted back to the user in a message."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    # Quoted back into messages, notes and the terminal: control characters
    # (an escape sequence, a stray NUL) become visible placeholders.
    text = _CONTROL.sub("�", clean_text(value))
    return text if len(text) <= 40 else text[:40] + "…"
