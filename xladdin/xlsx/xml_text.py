"""Text of a cell as calamine reads it (<is> of a cell, <si> of the shared strings), or None when unsure.

calamine (xlsx/mod.rs read_string_with_bufs) joins the <t> of every run, skips
the phonetic runs (<rPh>), decodes the XML entities, trims ASCII whitespace
at both ends of a <t> without xml:space="preserve", and then decodes Excel's
_x00HH_ escapes. This module does the same for the plain shapes Excel, WPS,
LibreOffice and openpyxl write; for anything else (an unknown entity, an
_x escape, a carriage return, CDATA, an element it does not know) it answers
None and calamine reads the sheet itself.
"""

from __future__ import annotations

import re

_ENTITY = re.compile(rb"&(#[0-9]+|#x[0-9A-Fa-f]+|lt|gt|amp|quot|apos);")
_NAMED = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"', b"apos": "'"}
# One <t>, with or without xml:space="preserve", and its text (no markup inside).
_T = re.compile(rb'<t( xml:space="preserve")?>([^<]*)</t>|<t/>')
_PHONETIC_PROPS = re.compile(rb"<phoneticPr\b[^>/]*/>")
_RUN_PROPS = re.compile(rb"<rPr>(?:<[A-Za-z]+(?: [A-Za-z]+=\"[^\"<>]*\")*\s?/>)*</rPr>")
TRIM = " \t\r\n"  # what calamine trims from a <t> without xml:space="preserve"


def entities(raw: bytes) -> str | None:
    """UTF-8 text with the XML entities decoded; None for bad UTF-8 or an entity calamine would refuse."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "&" not in text:
        return text
    if raw.count(b"&") != len(_ENTITY.findall(raw)):
        return None  # an entity calamine does not know: it errs, and openpyxl decides
    try:
        return _ENTITY.sub(_entity, raw).decode("utf-8")
    except (ValueError, OverflowError, UnicodeEncodeError):
        return None


def _entity(m: re.Match[bytes]) -> bytes:
    name = m[1]
    if name[:1] != b"#":
        return _NAMED[name].encode()
    code = int(name[2:], 16) if name[1:2] == b"x" else int(name[1:])
    if code in (0xD, 0) or 0xD800 <= code <= 0xDFFF:
        raise ValueError("not a text character here")
    return chr(code).encode("utf-8")


def rich_text(body: bytes) -> str | None:
    """The text of an <is> or <si> element's content; None when unsure."""
    if b"\r" in body or b"_x" in body or b"<!" in body or b"<?" in body:
        return None
    if b"<rPh" in body and (body := _without_phonetic_runs(body)) is None:
        return None
    if b"<phoneticPr" in body:
        body = _PHONETIC_PROPS.sub(b"", body)
    if body.startswith(b"<r>"):
        body = _RUN_PROPS.sub(b"", body)
        if not body.endswith(b"</r>"):
            return None
        body = body[3:-4].replace(b"</r><r>", b"")
    out = []
    at = 0
    for m in _T.finditer(body):
        if m.start() != at:
            return None  # something between the <t> elements: not only text
        at = m.end()
        text = entities(m[2] or b"")
        if text is None:
            return None
        out.append(text if m[1] else text.strip(TRIM))
    return "".join(out) if at == len(body) else None


def _without_phonetic_runs(body: bytes) -> bytes | None:
    """body without its <rPh …>…</rPh> runs; None if one has no end (split, not a lazy regex: linear)."""
    pieces = body.split(b"<rPh")
    kept = [pieces[0]]
    for piece in pieces[1:]:
        end = piece.find(b"</rPh>")
        if end < 0 or piece[:1] not in (b" ", b">"):
            return None
        kept.append(piece[end + len(b"</rPh>"):])
    return b"".join(kept)
