"""The package as parts: read, replace, add and remove parts, with their relationships and content types.

Only what changes is held in memory; every other part is copied raw by
zipio. Content types and relationship parts are small and are rewritten
whole from what was read, so nothing in them is lost.
"""

from __future__ import annotations

import posixpath
import re
import xml.parsers.expat
import zipfile
from pathlib import Path

from xladdin.marks.patch.xmltext import TAG_BODY, NotUnderstood, attrs, esc_attr, refuse_markup_we_cannot_skip
from xladdin.marks.patch.zipio import Copied, Written, write_zip
from xladdin.xlsx.package import read_part

CT_PART = "[Content_Types].xml"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CT_SHEET = f"{SML}.worksheet+xml"
CT_COMMENTS = f"{SML}.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"
_UTF8_DECL = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_CT_ENTRY = re.compile(rb"<(Default|Override)(" + TAG_BODY + rb")/?>")
_REL_ENTRY = re.compile(rb"<Relationship(" + TAG_BODY + rb")(?:/>|>\s*</Relationship>)")


def require_utf8(data: bytes, part: str) -> None:
    body = data.removeprefix(b"\xef\xbb\xbf")
    m = _UTF8_DECL.match(body)
    if b"\x00" in body[:256] or (m and m[1].lower() not in (b"utf-8", b"utf8")):
        raise NotUnderstood(f"{part}: not UTF-8")


def check_well_formed(data: bytes, part: str) -> None:
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise NotUnderstood(f"{part}: we wrote malformed XML ({exc})") from exc


def file_stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve(source_part: str, target: str) -> str:
    """A relationship's target as a part name (no leading slash)."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def relative(source_part: str, part: str) -> str:
    return posixpath.relpath(part, posixpath.dirname(source_part) or ".")


class Rels:
    """One relationships part, as a list of attribute dicts; written whole."""

    def __init__(self, owner: str, entries: list[dict[str, str]]) -> None:
        self.owner = owner
        self.entries = entries
        self.dirty = False
        self._ids: dict[str, dict[str, str]] | None = None

    def targets(self, rel_type: str) -> list[tuple[str, str]]:
        """(id, part) of the internal relationships of a type (matched by its last path segment)."""
        return [(e["Id"], resolve(self.owner, e["Target"])) for e in self.entries
                if e.get("Type", "").rsplit("/", 1)[-1] == rel_type and e.get("TargetMode") != "External"]

    def by_id(self, rid: str) -> dict[str, str] | None:
        if self._ids is None or len(self._ids) != len(self.entries):
            self._ids = {e.get("Id", ""): e for e in self.entries}
        return self._ids.get(rid)

    def add(self, rel_type: str, part: str) -> str:
        taken = {e.get("Id") for e in self.entries}
        n = len(self.entries) + 1
        while f"rId{n}" in taken:
            n += 1
        rid = f"rId{n}"
        self.entries.append({"Id": rid, "Type": f"{REL}/{rel_type}", "Target": relative(self.owner, part)})
        self.dirty = True
        return rid

    def remove(self, rid: str) -> None:
        self.entries = [e for e in self.entries if e.get("Id") != rid]
        self._ids = None
        self.dirty = True

    def to_xml(self) -> bytes:
        rows = "".join("<Relationship" + "".join(f' {k}="{esc_attr(v)}"' for k, v in e.items()) + "/>"
                       for e in self.entries)
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<Relationships xmlns="{NS_PKG_REL}">{rows}</Relationships>').encode()


class Package:
    """A source package and the changes to write: replaced, added and removed parts."""

    def __init__(self, archive: zipfile.ZipFile, path: Path | None) -> None:
        """path: the file the archive was opened from (None for a package in memory, only read)."""
        self.archive = archive
        self.path = path
        self.stamp = file_stamp(path) if path else None  # the raw copy reads the file again: it must not change
        self.infos = {i.filename: i for i in archive.infolist()}
        self._lower = {n.lower() for n in self.infos}
        self._next: dict[str, int] = {}
        self.changed: dict[str, Written] = {}
        self.added: list[str] = []
        self.removed: set[str] = set()
        self._rels: dict[str, Rels] = {}
        self._types: ContentTypes | None = None

    # ---- parts -------------------------------------------------------------

    def exists(self, part: str) -> bool:
        return part not in self.removed and (part in self.infos or part in self.changed)

    def read(self, part: str) -> bytes:
        if part in self.changed:
            return self.changed[part].data()
        try:
            data = read_part(self.archive, part)
        except KeyError:
            raise NotUnderstood(f"{part}: missing") from None
        require_utf8(data, part)
        return data

    def read_binary(self, part: str) -> bytes:
        """A part that is not XML (a picture), as it is."""
        if part in self.changed:
            return self.changed[part].data()
        try:
            return read_part(self.archive, part)
        except KeyError:
            raise NotUnderstood(f"{part}: missing") from None

    def read_head(self, part: str, size: int) -> bytes:
        """The first bytes of a part, inflating no more than needed."""
        if part in self.changed:
            return self.changed[part].data()[:size]
        with self.archive.open(part) as fh:
            return fh.read(size)

    def write(self, part: str, data: bytes) -> None:
        """A new or changed part; XML is parsed first, so a bug of ours never reaches Excel's repair dialog."""
        if part.lower().endswith((".xml", ".rels", ".vml")):
            check_well_formed(data, part)
        if part not in self.infos and part not in self.changed:
            self.added.append(part)
            self._lower.add(part.lower())
        self.removed.discard(part)
        self.changed[part] = Written.of(part, data)

    def remove(self, part: str) -> None:
        self.removed.add(part)
        self.changed.pop(part, None)
        if part in self.added:
            self.added.remove(part)
        self.remove_override(part)

    def free_name(self, pattern: str) -> str:
        """The first unused part name from a pattern such as "xl/comments{}.xml" (case-insensitively unused)."""
        n = self._next.get(pattern, 1)
        while pattern.format(n).lower() in self._lower:
            n += 1
        name = pattern.format(n)
        self._next[pattern] = n + 1
        self._lower.add(name.lower())
        return name

    # ---- relationships -------------------------------------------------------

    def rels(self, owner: str) -> Rels:
        if owner not in self._rels:
            name = rels_name(owner) if owner else "_rels/.rels"
            entries = self._parse_rels(name) if self.exists(name) else []
            self._rels[owner] = Rels(owner, entries)
        return self._rels[owner]

    def _parse_rels(self, name: str) -> list[dict[str, str]]:
        data = self.read(name)
        refuse_markup_we_cannot_skip(data, name)
        if not re.search(rb"<Relationships[\s>]", data) or re.search(rb"<\w+:Relationship", data):
            raise NotUnderstood(f"{name}: unusual namespaces")
        entries = [attrs(m[1]) for m in _REL_ENTRY.finditer(data)]
        if len(entries) != data.count(b"<Relationship ") + data.count(b"<Relationship/"):
            raise NotUnderstood(f"{name}: relationships not read")
        return entries

    def save_rels(self, owner: str) -> None:
        rels = self._rels[owner]
        name = rels_name(owner)
        if rels.entries:
            self.write(name, rels.to_xml())
        elif self.exists(name):
            self.remove(name)

    # ---- content types -------------------------------------------------------

    def _content_types(self) -> ContentTypes:
        if self._types is None:
            self._types = ContentTypes(self.read(CT_PART))
        return self._types

    def has_override(self, part: str) -> bool:
        return part.lower() in self._content_types().overrides

    def content_type(self, part: str) -> str | None:
        types = self._content_types()
        found = types.overrides.get(part.lower())
        if found:
            return found[1]
        return types.defaults.get(part.rsplit(".", 1)[-1].lower(), (None, None))[1]

    def set_override(self, part: str, content_type: str) -> None:
        types = self._content_types()
        types.overrides.pop(part.lower(), None)
        types.overrides[part.lower()] = (f"/{part}", content_type)

    def remove_override(self, part: str) -> None:
        self._content_types().overrides.pop(part.lower(), None)

    def ensure_default(self, ext: str, content_type: str) -> None:
        self._content_types().defaults.setdefault(ext.lower(), (ext, content_type))

    # ---- writing -------------------------------------------------------------

    def save(self, target: Path) -> None:
        for owner, rels in self._rels.items():
            if rels.dirty and self.exists(owner):
                self.save_rels(owner)
        if self._types is not None:
            self.write(CT_PART, self._types.to_xml())

        def entries():
            for name, info in self.infos.items():
                if name in self.removed:
                    continue
                yield self.changed.get(name) or Copied(info)
            for name in self.added:
                yield self.changed[name]

        write_zip(self.path, target, entries())


class ContentTypes:
    """[Content_Types].xml: Default entries by extension, Override entries by part (both case-insensitive)."""

    def __init__(self, data: bytes) -> None:
        refuse_markup_we_cannot_skip(data, CT_PART)
        if re.search(rb"<\w+:(?:Types|Default|Override)[\s>/]", data):
            raise NotUnderstood(f"{CT_PART}: unusual namespaces")
        self.defaults: dict[str, tuple[str, str]] = {}
        self.overrides: dict[str, tuple[str, str]] = {}
        for m in _CT_ENTRY.finditer(data):
            a = attrs(m[2])
            if m[1] == b"Default":
                self.defaults.setdefault(a.get("Extension", "").lower(), (a.get("Extension", ""), a.get("ContentType", "")))
            else:
                name = a.get("PartName", "")
                self.overrides.setdefault(name.lstrip("/").lower(), (name, a.get("ContentType", "")))

    def to_xml(self) -> bytes:
        rows = [f'<Default Extension="{esc_attr(e)}" ContentType="{esc_attr(t)}"/>' for e, t in self.defaults.values()]
        rows += [f'<Override PartName="{esc_attr(n)}" ContentType="{esc_attr(t)}"/>' for n, t in self.overrides.values()]
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<Types xmlns="{NS_CT}">{"".join(rows)}</Types>').encode()
