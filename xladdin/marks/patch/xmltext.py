"""The few XML text tools the patching writer needs: escaping, one tag's attributes, a cell's text.

The writer edits parts as bytes instead of re-serialising them, so that
everything it does not understand (extensions, mc:Ignorable namespaces, a
person's formatting) is kept byte for byte. These helpers are deliberately
strict: whatever they cannot read sends the workbook to the openpyxl writer.
"""

from __future__ import annotations

import re

from xladdin.xlsx.text import MAX_CELL_CHARS
from xladdin.xlsx.text import xml_safe as _xml_safe

# One attribute, quoted either way; `>` may appear inside the quotes.
ATTR = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# A start or empty tag with its attributes (quoted values may hold `>`).
TAG_BODY = rb"""(?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*"""
# Excel reads `_x0041_` in a string as an escaped character: a literal one is written `_x005F_x0041_`.
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#\d+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """xladdin.xlsx.text.xml_safe, with a quick way through for the usual text that needs nothing."""
    if len(text) <= MAX_CELL_CHARS and not _UNSAFE.search(text):
        return text
    return _xml_safe(text)


class NotUnderstood(Exception):
    """A part the patching writer cannot edit safely; the openpyxl writer takes over.

    why: for the developer (English); what: for the office, when it names a kind of content (Chinese).
    """

    def __init__(self, why: str, what: str = "") -> None:
        super().__init__(why)
        self.why = why
        self.what = what


def esc_text(text: str) -> str:
    """Text for an element's content, literal in Excel: illegal characters dropped, `_xHHHH_` kept as typed."""
    text = _ESCAPE_LIKE.sub(r"_x005F_\1", xml_safe(text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc_xml(text: str) -> str:
    """Element content as it is (no `_xHHHH_` treatment): for parts other than cell strings."""
    return xml_safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc_attr(text: str) -> str:
    text = xml_safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def t_element(text: str, tag: str = "t") -> str:
    """<t>text</t>, keeping leading and trailing spaces and line breaks."""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<{tag}{space}>{esc_text(text)}</{tag}>"


def attrs(tag: bytes) -> dict[str, str]:
    """The attributes of one start tag, unescaped."""
    return {m[1].decode(): unescape(m[2] if m[2] is not None else m[3]) for m in ATTR.finditer(tag)}


def unescape(raw: bytes) -> str:
    def one(m: re.Match) -> str:
        ref = m[1]
        if ref.startswith("#x"):
            return chr(int(ref[2:], 16))
        if ref.startswith("#"):
            return chr(int(ref[1:]))
        return _NAMED[ref]

    text = raw.decode("utf-8")
    return _ENTITY.sub(one, text) if "&" in text else text


def decode_ooxml(text: str) -> str:
    """Undo Excel's `_xHHHH_` escapes in a string read from a cell or a note."""
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text) if "_x" in text else text


def set_attr(tag: bytes, name: str, value: str | None) -> bytes:
    """tag (a start or empty tag) with attribute name set to value, or removed when value is None."""
    key = name.encode()
    pattern = re.compile(rb"""\s""" + re.escape(key) + rb"""\s*=\s*(?:"[^"]*"|'[^']*')""")
    tag = pattern.sub(b"", tag, count=1)
    if value is None:
        return tag
    end = len(tag) - (2 if tag.endswith(b"/>") else 1)
    while end > 0 and tag[end - 1:end].isspace():
        end -= 1
    return tag[:end] + f' {name}="{esc_attr(value)}"'.encode() + tag[end:]


def refuse_markup_we_cannot_skip(data: bytes, part: str) -> None:
    """Comments, CDATA and processing instructions would fool the byte scans: such parts go to openpyxl."""
    if b"<!--" in data or b"<![CDATA[" in data or b"<!DOCTYPE" in data:
        raise NotUnderstood(f"{part}: XML comments or CDATA")
    if data.count(b"<?") > (1 if data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<?xml") else 0):
        raise NotUnderstood(f"{part}: processing instructions")
