"""The raw items of the shared-strings part, in calamine's order; decoded one by one on demand (xml_text).

calamine keeps one string per <si> start tag, in order; an empty <si/> it
skips, which shifts every later index. A part with such an item, a prefixed
tag, a comment or anything the plain split cannot account for answers None,
and calamine reads the sheets that use it.
"""

from __future__ import annotations

import re

_ITEM = re.compile(rb"<si>(.*?)</si>", re.S)


def string_items(data: bytes | None) -> list[bytes] | None:
    if data is None:
        return []  # no shared strings: a t="s" cell then points nowhere, and calamine decides
    if b"<!" in data or b"<si/>" in data or b":si" in data or b"<si " in data:
        return None
    items = _ITEM.findall(data)
    return items if len(items) == data.count(b"<si") else None
