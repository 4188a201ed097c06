"""The raw items of the shared-strings part, in calamine's order; decoded one by one on demand (xml_text).

calamine keeps one string per <si> start tag, in order; an empty <si/> it
skips, which shifts every later index. A part with such an item, a prefixed
tag, a comment or anything the plain split cannot account for answers None,
and calamine reads the sheets that use it.
"""

from __future__ import annotations


def string_items(data: bytes | None) -> list[bytes] | None:
    if data is None:
        return []  # no shared strings: a t="s" cell then points nowhere, and calamine decides
    if b"<!" in data or b"<si/>" in data or b":si" in data or b"<si " in data:
        return None
    # By find and split, not a lazy regex: a part with thousands of unclosed <si> would make
    # `<si>(.*?)</si>` scan to its end from each of them (a hostile file's minute-long check).
    pieces = data.split(b"<si>")
    if b"</si>" in pieces[0]:
        return None
    items = []
    for piece in pieces[1:]:
        end = piece.find(b"</si>")
        if end < 0 or piece.find(b"</si>", end + 5) >= 0:
            return None  # an item without its end, or an end without its item
        items.append(piece[:end])
    return items if len(items) == data.count(b"<si") else None
