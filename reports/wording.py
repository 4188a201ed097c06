"""How figures, dates and lists are written in the office's Chinese documents."""

from __future__ import annotations

from xladdin.core.normalize import chinese_date

__all__ = ["chinese_date", "joined", "pct", "recipients_line"]


def pct(rate: float) -> str:
    """A rate as a percentage: 60%, or 13.3% when it is not whole."""
    value = rate * 100
    return f"{value:.0f}%" if abs(value - round(value)) < 1e-9 else f"{value:.1f}%"


def joined(names: list[str]) -> str:
    return "、".join(names)


def recipients_line(recipients: tuple[str, ...]) -> str:
    return "报：" + "，".join(recipients) if recipients else ""
