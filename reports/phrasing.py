"""Branch text inside the report's sentences, and the small frame helpers the report's parts share."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from xladdin.core.normalize import is_blank


def clause(text: object) -> str:
    """Branch text as a clause inside our sentence: its own closing punctuation dropped."""
    return str(text).strip().rstrip("。．.；;，,、 \u3000")


def sentence(text: object) -> str:
    return clause(text) + "。"


def filled(value: object) -> bool:
    """A cell someone really filled: not None, NaN or a placeholder such as 无 or /."""
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and not is_blank(value)


def where(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    # An empty mask has dtype object, and frame[mask] would then select columns, not rows.
    return frame.loc[mask.astype(bool)]


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def item_name(row) -> str:
    """运一党支部第四项: how the report names a 补课 item (branch and criterion, never a ledger id)."""
    return f"{row['支部']}{row['项目']}"
