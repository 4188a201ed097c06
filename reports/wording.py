"""How figures, dates and lists are written in the office's Chinese documents."""

from __future__ import annotations

from datetime import date


def chinese_date(day: date) -> str:
    """2010年9月10日: Arabic numerals, no leading zeros, as official documents write dates."""
    return f"{day.year}年{day.month}月{day.day}日"


def pct(rate: float) -> str:
    """A rate as a percentage: 60%, or 13.3% when it is not whole."""
    value = rate * 100
    return f"{value:.0f}%" if abs(value - round(value)) < 1e-9 else f"{value:.1f}%"


def joined(names: list[str]) -> str:
    return "、".join(names)


def recipients_line(recipients: tuple[str, ...]) -> str:
    return "报：" + "，".join(recipients) if recipients else ""
