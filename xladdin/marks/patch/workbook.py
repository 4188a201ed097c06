"""workbook.xml: the sheet list, the defined names and the window, edited as bytes.

A 1,000-branch workbook has 51,000 sheet-scoped names. Adding a sheet in
front shifts every `localSheetId` by one; removing one drops its own names
and shifts the rest. Names are otherwise copied as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xladdin.marks.patch.opc import REL
from xladdin.marks.patch.xmltext import (
    TAG_BODY,
    NotUnderstood,
    attrs,
    esc_attr,
    esc_xml,
    refuse_markup_we_cannot_skip,
    set_attr,
    unescape,
)

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROOT = re.compile(rb"<workbook" + TAG_BODY + rb">")
_SHEET = re.compile(rb"<sheet" + TAG_BODY + rb"(?:/>|>\s*</sheet>)")
_NAME = re.compile(rb"<definedName(" + TAG_BODY + rb")(?:/>|>([^<]*)</definedName>)")
_LOCAL = re.compile(rb"""\slocalSheetId\s*=\s*["'](\d+)["']""")
_VIEW = re.compile(rb"<workbookView" + TAG_BODY + rb"(?:/>|>)")
_XMLNS = re.compile(rb"""xmlns(?::([\w.-]+))?\s*=\s*["']([^"']*)["']""")
# What may follow <definedNames> in a workbook (CT_Workbook), to place a new one.
_AFTER_NAMES = (b"calcPr", b"oleSize", b"customWorkbookViews", b"pivotCaches", b"smartTagPr", b"smartTagTypes",
                b"webPublishing", b"fileRecoveryPr", b"webPublishObjects", b"extLst")


def _declare_rel_on_root(data: bytes, root: re.Match, bound: dict[str, str]) -> bytes:
    """openpyxl declares the relationships namespace on each <sheet>, not on <workbook>: lift it to the root.

    Only when every sheet uses one prefix for it and the root does not bind that prefix otherwise; our own
    <sheet> entries then use the same prefix. The sheets' own declarations stay (redeclaring is harmless).
    """
    sheets = _SHEET.findall(data)
    prefixes = {p for raw in sheets for p, uri in _XMLNS.findall(raw) if p and uri == REL.encode()}
    if len(prefixes) != 1 or (prefix := prefixes.pop().decode()) in bound:
        raise NotUnderstood("workbook.xml: no relationships namespace")
    tag = root[0]
    lifted = tag[:-1] + f' xmlns:{prefix}="{REL}"'.encode() + tag[-1:]
    return data[:root.start()] + lifted + data[root.end():]


@dataclass(eq=False)  # entries are told apart by identity: the same sheet before and after the edits
class SheetEntry:
    name: str
    rid: str
    raw: bytes  # the <sheet> element as it was, or ours


class WorkbookXml:
    def __init__(self, data: bytes) -> None:
        refuse_markup_we_cannot_skip(data, "workbook.xml")
        root = _ROOT.search(data)
        if root is None:
            raise NotUnderstood("workbook.xml: unusual namespaces")
        bound = {(m[1] or b"").decode(): m[2].decode() for m in _XMLNS.finditer(root[0])}
        if bound.get("") != NS_MAIN:
            raise NotUnderstood("workbook.xml: strict OOXML or another namespace", "严格 Open XML 格式")
        self.rel_prefix = next((p for p, uri in bound.items() if uri == REL and p), None)
        if self.rel_prefix is None:
            data = _declare_rel_on_root(data, root, bound)
            self.rel_prefix = next(p for p, uri in _XMLNS.findall(_ROOT.search(data)[0]) if uri == REL.encode()).decode()
        self.data = data
        open_ = re.search(rb"<sheets" + TAG_BODY + rb">", data)
        close = data.find(b"</sheets>")
        if open_ is None or close < open_.end():
            raise NotUnderstood("workbook.xml: no sheet list")
        self.sheets_span = (open_.start(), close + len(b"</sheets>"))
        self.sheets_open = open_[0]
        body = data[open_.end():close]
        found = _SHEET.findall(body)
        if len(found) != len(re.findall(rb"<sheet[\s/>]", body)):
            raise NotUnderstood("workbook.xml: sheets not read")
        rid_key = f"{self.rel_prefix}:id"
        self.sheets = [SheetEntry(a.get("name", ""), a.get(rid_key, ""), raw)
                       for raw, a in ((raw, attrs(raw)) for raw in found)]
        self.original = list(self.sheets)
        self.new_names: list[tuple[str, str, SheetEntry, bool]] = []
        self.active: SheetEntry | None = None

    # ---- reading ---------------------------------------------------------------

    def index(self, name: str) -> int | None:
        return next((i for i, s in enumerate(self.sheets) if s.name == name), None)

    def names_named(self, wanted: set[str]) -> list[tuple[str, int | None, str]]:
        """(name, localSheetId, formula) of the defined names whose name is in wanted."""
        keys = [w.encode() for w in wanted]
        # The names as Excel, WPS and openpyxl write them, found by one scan; anything else the slow way.
        fast = re.compile(rb'<definedName name="(' + b"|".join(map(re.escape, keys)) +
                          rb')"(?: localSheetId="([0-9]+)")?>([^<]*)</definedName>')
        found = [(m[1].decode(), int(m[2]) if m[2] else None, unescape(m[3]))
                 for m in fast.finditer(self.data, self.sheets_span[1])]
        if len(found) == sum(self.data.count(b'"' + k + b'"', self.sheets_span[1]) for k in keys):
            return found
        out = []
        for m in _NAME.finditer(self.data, self.sheets_span[1]):
            if not any(k in m[1] for k in keys):
                continue
            a = attrs(m[1])
            if a.get("name") in wanted:
                local = a.get("localSheetId")
                out.append((a["name"], int(local) if local and local.isdigit() else None, unescape(m[2] or b"")))
        return out

    # ---- editing ---------------------------------------------------------------

    def remove(self, name: str) -> SheetEntry:
        i = self.index(name)
        return self.sheets.pop(i)

    def entry(self, name: str) -> SheetEntry | None:
        i = self.index(name)
        return None if i is None else self.sheets[i]

    def insert(self, index: int, name: str, rid: str) -> SheetEntry:
        ids = [int(a["sheetId"]) for a in (attrs(s.raw) for s in self.original + self.sheets)
               if a.get("sheetId", "").isdigit()]
        raw = (f'<sheet name="{esc_attr(name)}" sheetId="{max(ids, default=0) + 1}" '
               f'{self.rel_prefix}:id="{esc_attr(rid)}"/>').encode()
        entry = SheetEntry(name, rid, raw)
        self.sheets.insert(index, entry)
        return entry

    def add_name(self, name: str, formula: str, sheet: SheetEntry, hidden: bool = False) -> None:
        """A name scoped to a sheet, wherever that sheet ends up once this run's inserts and removals are done."""
        self.new_names.append((name, formula, sheet, hidden))

    def to_bytes(self) -> bytes:
        moved = {id(s): i for i, s in enumerate(self.sheets)}
        new_index = [moved.get(id(s)) for s in self.original]
        data = self.data
        start, end = self.sheets_span
        out = [data[:start], self.sheets_open, b"".join(s.raw for s in self.sheets), b"</sheets>"]
        rest = data[end:]
        if new_index != list(range(len(self.original))):
            rest = _NAME.sub(lambda m: _shift(m, new_index), rest)
        if self.new_names:
            rest = self._with_names(rest)
        head = b"".join(out)
        if self.active is not None and self.active in self.sheets:
            head = _VIEW.sub(lambda m: self._view(m[0]), head)
        return head + rest

    def _view(self, tag: bytes) -> bytes:
        # The first tab shown goes back to the start, so the active one is in view.
        return set_attr(set_attr(tag, "activeTab", str(self.sheets.index(self.active))), "firstSheet", None)

    def _with_names(self, rest: bytes) -> bytes:
        names = b"".join(
            f'<definedName name="{esc_attr(name)}" localSheetId="{self.sheets.index(sheet)}"'
            f'{" hidden=" + chr(34) + "1" + chr(34) if hidden else ""}>{esc_xml(formula)}</definedName>'.encode()
            for name, formula, sheet, hidden in self.new_names if sheet in self.sheets)
        close = rest.find(b"</definedNames>")
        if close >= 0:
            return rest[:close] + names + rest[close:]
        empty = re.search(rb"<definedNames" + TAG_BODY + rb"/>", rest)
        if empty:
            return rest[:empty.start()] + b"<definedNames>" + names + b"</definedNames>" + rest[empty.end():]
        at = min((m.start() for tag in _AFTER_NAMES if (m := re.search(rb"<" + tag + rb"[\s/>]", rest))),
                 default=rest.rfind(b"</workbook>"))
        return rest[:at] + b"<definedNames>" + names + b"</definedNames>" + rest[at:]


def _shift(m: re.Match, new_index: list[int | None]) -> bytes:
    local = _LOCAL.search(m[1])
    if local is None:
        return m[0]
    old = int(local[1])
    new = new_index[old] if old < len(new_index) else None
    if new is None:
        return b""  # scoped to a sheet that is gone
    if new == old:
        return m[0]
    tag = m[0]
    at = local.start(1) + len(b"<definedName")
    return tag[:at] + str(new).encode() + tag[at + len(local[1]):]
