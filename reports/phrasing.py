"""Branch text inside the report's sentences, and the small frame helpers the report's parts share."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from xladdin.core.normalize import is_blank

_BREAKS = re.compile(r"\s*(?:\r\n|[\r\n\u2028\u2029\v\f])\s*")
_ENDS = "。．.；;，,、：:！!？?"


def folded(text: object) -> str:
    """Branch text pasted from Word with line breaks, as one flowing paragraph.

    A manual break in a justified paragraph stretches the line before it across the page; so each
    line is joined to the next, with a 「；」 where the line did not end in punctuation of its own
    ("1.学习不够⏎2.宣传不够" reads "1.学习不够；2.宣传不够").
    """
    lines = [line for line in _BREAKS.split(str(text).strip()) if line]
    out = lines[0] if lines else ""
    for line in lines[1:]:
        out += line if out.endswith(tuple(_ENDS)) else "；" + line
    return out


def clause(text: object) -> str:
    """Branch text as a clause inside our sentence: its own closing punctuation dropped, line breaks folded."""
    return folded(text).rstrip("。．.；;，,、 \u3000")


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
