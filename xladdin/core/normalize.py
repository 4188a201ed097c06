"""Turn raw cell values into clean plain values. Pure functions, no I/O.

People type dates, numbers and blanks in many ways; these functions accept
the ways the brief lists and report anything else as unparseable (None).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from xladdin.spec import form

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
_YMD = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?")
_MD = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_TRAILING_TIME = re.compile(r"[\sT]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?Z?$")


def parse_date(value: object, default_year: int | None = None, epoch1904: bool = False) -> date | None:
    """A real date from a datetime, an Excel serial, or text in the brief's forms."""
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
    if m := _YMD.fullmatch(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if re.fullmatch(r"\d{8}", text):  # 20100816
        return _make_date(int(text[:4]), int(text[4:6]), int(text[6:]))
    if (m := _MD.fullmatch(text)) and default_year:
        return _make_date(default_year, int(m[1]), int(m[2]))
    return None


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # 2010-2-30 and friends
        return None


def chinese_date(day: date) -> str:
    """2010年9月10日: Arabic numerals, no leading zeros, as official documents write dates."""
    return f"{day.year}年{day.month}月{day.day}日"


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
