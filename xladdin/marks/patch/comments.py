"""A sheet's notes (xl/commentsN.xml): read them, clear an earlier run's part, merge ours in, write them back.

A note a person wrote keeps its text, its author and its formatting: our part
follows the separator as a run of its own, and a re-run cuts the note back to
the person's part before adding ours again. Notes we do not touch are written
back byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xladdin.core.a1 import row_col
from xladdin.marks.patch.xmltext import (
    TAG_BODY,
    NotUnderstood,
    attrs,
    esc_attr,
    esc_text,
    refuse_markup_we_cannot_skip,
    t_element,
    unescape,
    xml_safe,
)
from xladdin.marks.plan import NOTE_AUTHOR, NOTE_SEPARATOR, merge_note, own_note_text

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_COMMENT = re.compile(rb"<comment" + TAG_BODY + rb"(?:/>|>.*?</comment>)", re.S)
_AUTHOR = re.compile(rb"<author>(.*?)</author>|<author\s*/>", re.S)
_TEXT_EL = re.compile(rb"<text" + TAG_BODY + rb"(?:/>|>(.*?)</text>)", re.S)
_PIECE = re.compile(rb"<r>.*?</r>|<t" + TAG_BODY + rb"(?:/>|>.*?</t>)", re.S)
_T = re.compile(rb"<t" + TAG_BODY + rb"(?:/>|>(.*?)</t>)", re.S)
# Our part of a note, in 宋体: Excel's default Tahoma has no Chinese glyphs of its own.
OUR_RUN_PROPS = '<rPr><sz val="9"/><color indexed="81"/><rFont val="宋体"/><family val="3"/><charset val="134"/></rPr>'


@dataclass
class Note:
    ref: str
    author: str
    text: str  # plain, as openpyxl reads it
    pieces: list[tuple[bytes, str]] | None  # (raw run, its text); None when the note cannot be kept run by run
    raw: bytes | None = None  # the original <comment> element while the note is untouched
    ours: str = ""  # our part, written as a run after the person's (only when the note is changed)


class Comments:
    def __init__(self, data: bytes | None, part: str) -> None:
        self.part = part
        self.root = f'<comments xmlns="{NS_MAIN}">'.encode()
        self.authors: list[str] = []
        self.notes: dict[str, Note] = {}
        if data is not None:
            self._read(data)

    def _read(self, data: bytes) -> None:
        refuse_markup_we_cannot_skip(data, self.part)
        root = re.search(rb"<comments" + TAG_BODY + rb">", data)
        if root is None or re.search(rb"<\w+:comment[\s>]", data):
            raise NotUnderstood(f"{self.part}: unusual namespaces")
        self.root = root[0]
        authors = re.search(rb"<authors" + TAG_BODY + rb"(?:/>|>(.*?)</authors>)", data, re.S)
        self.authors = [unescape(m[1]) if m[1] is not None else "" for m in _AUTHOR.finditer(authors[1] or b"")] \
            if authors else []
        found = _COMMENT.findall(data)
        if len(found) != len(re.findall(rb"<comment[\s/>]", data)):
            raise NotUnderstood(f"{self.part}: notes not read")
        for raw in found:
            a = attrs(re.match(rb"<comment" + TAG_BODY, raw)[0])
            ref, author_id = a.get("ref", ""), a.get("authorId", "0")
            if not ref or not author_id.isdigit():
                raise NotUnderstood(f"{self.part}: a note without its cell or author")
            author = self.authors[int(author_id)] if int(author_id) < len(self.authors) else ""
            text_el = _TEXT_EL.search(raw)
            pieces = _pieces(text_el[1] or b"") if text_el else []
            text = "".join(t for _, t in pieces) if pieces is not None else _plain(text_el[1] if text_el else b"")
            self.notes[ref.replace("$", "")] = Note(ref.replace("$", ""), author, text, pieces, raw)

    # ---- the two steps of a run: clear the last run's part, then add this run's ----

    def clear(self, ref: str) -> None:
        """An earlier run's part goes; a person's part stays (see xladdin.marks.xlsx.clear_marks)."""
        note = self.notes.get(ref)
        if note is None or not (note.author == NOTE_AUTHOR or NOTE_SEPARATOR in note.text):
            return
        own = own_note_text(note.text)
        if not own:
            del self.notes[ref]
            return
        self.notes[ref] = Note(ref, note.author, own, _cut(note.pieces, len(own)))

    def mark(self, ref: str, ours: str) -> None:
        """Our note on the cell, below a person's own (see xladdin.marks.xlsx.apply_plan)."""
        existing = self.notes.get(ref)
        text = xml_safe(merge_note(existing.text if existing else None, ours))
        keep = existing is not None and bool(own_note_text(existing.text))
        author = existing.author if keep else NOTE_AUTHOR
        pieces = existing.pieces if keep and existing.pieces is not None else None
        base = own_note_text(existing.text) if keep else ""
        if pieces is not None and xml_safe(base) != base:
            pieces = None  # the person's part itself had to be cleaned: write the note plain
        if pieces is not None:
            self.notes[ref] = Note(ref, author, text, pieces, ours=text[len(base):])
        else:
            self.notes[ref] = Note(ref, author, text, None, ours=text)

    # ---- writing -------------------------------------------------------------

    def refs(self) -> list[str]:
        return sorted(self.notes, key=row_col)

    def to_bytes(self) -> bytes:
        authors = list(self.authors)
        for note in self.notes.values():
            if note.raw is None and note.author not in authors:
                authors.append(note.author)
        body = [self.root, b"<authors>"]
        body += [f"<author>{esc_text(a)}</author>".encode() for a in authors]
        body.append(b"</authors><commentList>")
        for ref in self.refs():
            note = self.notes[ref]
            if note.raw is not None:
                body.append(note.raw)  # untouched: its authorId still points at the same author
                continue
            body.append(f'<comment ref="{esc_attr(ref)}" authorId="{authors.index(note.author)}"><text>'.encode())
            body.append(_runs(note))
            body.append(b"</text></comment>")
        body.append(b"</commentList></comments>")
        return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + b"".join(body)


def _plain(inner: bytes) -> str:
    inner = re.sub(rb"<rPh\b.*?</rPh>", b"", inner, flags=re.S)
    return "".join(unescape(m[1]) for m in _T.finditer(inner) if m[1] is not None)


def _pieces(inner: bytes) -> list[tuple[bytes, str]] | None:
    """A note's text as (raw run, text) pieces, or None when it holds more (phonetic runs)."""
    found = _PIECE.findall(inner)
    if _PIECE.sub(b"", inner).strip():
        return None
    return [(raw, _plain(raw)) for raw in found]


def _cut(pieces: list[tuple[bytes, str]] | None, length: int) -> list[tuple[bytes, str]] | None:
    """The first `length` characters of a note, run by run."""
    if pieces is None:
        return None
    out: list[tuple[bytes, str]] = []
    for raw, text in pieces:
        if length <= 0:
            break
        if len(text) <= length:
            out.append((raw, text))
        else:
            kept = text[:length]
            t = _T.search(raw)
            out.append((raw[:t.start()] + t_element(kept).encode() + raw[t.end():], kept))
        length -= len(text)
    return out


def _runs(note: Note) -> bytes:
    if note.pieces is None:
        return f"<r>{OUR_RUN_PROPS}{t_element(note.text)}</r>".encode()
    ours = f"<r>{OUR_RUN_PROPS}{t_element(note.ours)}</r>".encode() if note.ours else b""
    return b"".join(raw for raw, _ in note.pieces) + ours
