"""How a body paragraph is aligned: justified, as the standard sets Chinese, unless that would tear it.

A justified line that ends before a long run of Latin text with nowhere to break
(a formula or a web address a branch typed, quoted as typed) is stretched across
the type area character by character: "汽   机   党   支   部   ：". Such a paragraph
is set flush left instead; every other paragraph stays justified.
"""

from __future__ import annotations

import re

from docx.enum.text import WD_ALIGN_PARAGRAPH

# Letters, digits and ASCII signs without a space: LibreOffice and Word break such a run only at a few
# signs, if at all. Twelve of them are six Chinese characters wide, too wide to tuck at a line's end.
UNBREAKABLE = re.compile(r"[!-~]{12,}")


def body_alignment(text: str):
    """WD_ALIGN_PARAGRAPH.LEFT for a paragraph holding a long unbreakable Latin run, else None: the
    Normal style's justification."""
    return WD_ALIGN_PARAGRAPH.LEFT if UNBREAKABLE.search(text) else None
