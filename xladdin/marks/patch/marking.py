"""A MarkPlan applied to a package's parts: the same marks as xladdin.marks.xlsx.apply_plan, part by part.

Per branch sheet: an earlier run's fills, notes and verdicts are cleared,
this run's are added (fills through cloned cell formats, notes merged with a
person's own, verdicts as literal text), and the notes print at the end. Then
the old lists go and the new one is inserted first. Each step mirrors the
openpyxl writer's rule; tests/test_patch_parity.py holds them together.
"""

from __future__ import annotations

import re
from collections import defaultdict

from xladdin.core.a1 import column_letter, row_col
from xladdin.core.owned import generated_by_us, not_ours_error
from xladdin.marks.issue_sheet import FONT
from xladdin.marks.patch.cellvalue import SharedStrings, display, value
from xladdin.marks.patch.comments import Comments
from xladdin.marks.patch.grid import Grid
from xladdin.marks.patch.issues import issue_sheet_xml
from xladdin.marks.patch.opc import CT_COMMENTS, CT_SHEET, CT_VML, Package, resolve
from xladdin.marks.patch.removal import Remover
from xladdin.marks.patch.sheet import SheetXml, untab
from xladdin.marks.patch.styles import Styles
from xladdin.marks.patch.transplant import Donor, Transplant
from xladdin.marks.patch.vml import Vml, anchor, idmap_blocks
from xladdin.marks.patch.workbook import SheetEntry, WorkbookXml
from xladdin.marks.patch.xmltext import NotUnderstood
from xladdin.marks.plan import IssueSheet, MarkPlan, verdict_cell_for, verdict_cell_free
from xladdin.spec import form
from xladdin.spec.labels import MARK_COLOURS, SEVERITY_FILLS, VERDICT_FILLS, is_verdict_text
from xladdin.xlsx.parts import split_ref

VERDICT_FONT = f'<font><b/><sz val="11"/><name val="{FONT}"/><family val="3"/><charset val="134"/></font>'
CENTRED = '<alignment horizontal="center" vertical="center"/>'
DEFAULT_NOTE_PX = (128, 74)  # Excel's own note size, for a note whose shape was missing


def note_size(note: str) -> tuple[float, float]:
    """Pixels, as the openpyxl writer sizes our notes."""
    return 320, min(60 + 18 * note.count("\n") + len(note) // 2, 400)


class Marker:
    def __init__(self, pkg: Package, main: str) -> None:
        self.pkg = pkg
        self.main = main
        self.wbx = WorkbookXml(pkg.read(main))
        self.wb_rels = pkg.rels(main)
        styles = self.wb_rels.targets("styles")
        if not styles:
            raise NotUnderstood("no styles part")
        self.styles_part = styles[0][1]
        self.styles = Styles(pkg.read(self.styles_part))
        self._shared_part = next((part for _, part in self.wb_rels.targets("sharedStrings")), None)
        self._shared: SharedStrings | None = None
        self.remover = Remover(pkg)
        self._claims: dict[int, int] | None = None
        self.sheet_xml: dict[str, SheetXml] = {}  # part -> the sheets this run edits

    # ---- where things are ----------------------------------------------------

    @property
    def shared(self) -> SharedStrings:
        """The shared strings, read only when a cell needs one (a verdict box Excel re-saved, a list's header)."""
        if self._shared is None:
            data = self.pkg.read(self._shared_part) if self._shared_part and self.pkg.exists(self._shared_part) else None
            self._shared = SharedStrings(data)
        return self._shared

    def sheet_part(self, entry: SheetEntry) -> str:
        rel = self.wb_rels.by_id(entry.rid)
        if rel is None or rel.get("TargetMode") == "External":
            raise NotUnderstood(f"sheet {entry.name}: no part")
        return resolve(self.main, rel["Target"])

    def _sheet(self, part: str) -> SheetXml:
        if part not in self.sheet_xml:
            self.sheet_xml[part] = SheetXml(self.pkg.read(part), part)
        return self.sheet_xml[part]

    def _claimed_blocks(self) -> dict[int, int]:
        if self._claims is None:
            claims: dict[int, int] = defaultdict(int)
            for name in self.pkg.infos:
                if name.lower().endswith(".vml"):
                    for block in idmap_blocks(self.pkg.read_head(name, 2048)):
                        claims[block] += 1
            self._claims = claims
        return self._claims

    # ---- ownership -------------------------------------------------------------

    def refuse_foreign(self, name: str) -> None:
        """A 问题清单/修改意见/汇总 the office made itself is never replaced (xladdin.core.owned)."""
        entry = self.wbx.entry(name)
        if entry is None:
            return
        sx = SheetXml(self.pkg.read(self.sheet_part(entry)), name)
        rows = [[display(sx.cell_xml(f"{chr(64 + c)}{r}"), self.shared) for c in range(1, 9)] for r in range(1, 6)]
        if not generated_by_us(name, rows):
            raise not_ours_error(name)

    # ---- the marks ---------------------------------------------------------------

    def apply(self, plan: MarkPlan, issue: IssueSheet) -> SheetEntry:
        """Clear and mark every sheet of the plan, replace the lists; returns the new list's sheet entry."""
        for name in (form.ISSUES_SHEET, form.FEEDBACK_SHEET):
            self.refuse_foreign(name)  # before any change, as the openpyxl writer does
        statuses = self._status_cells()
        marks, verdicts = defaultdict(list), defaultdict(list)
        for m in plan.cells:
            marks[m.sheet].append(m)
        for v in plan.verdicts:
            verdicts[v.sheet].append(v)
        for name in dict.fromkeys([*plan.input_cells, *marks, *verdicts]):
            entry = self.wbx.entry(name)
            if entry is not None:
                self._mark_sheet(entry, plan.input_cells.get(name, []), marks[name], verdicts[name],
                                 statuses.get(name, []))
        for name in (form.ISSUES_SHEET, form.FEEDBACK_SHEET):
            self.drop_sheet(name)
        xml, names = issue_sheet_xml(issue, plan.issue_rows, self.styles)
        entry = self.add_sheet(0, issue.name, xml)
        for name, formula, hidden in names:
            self.wbx.add_name(name, formula, entry, hidden)
        self.wbx.active = entry
        return entry

    def _status_cells(self) -> dict[str, list[str]]:
        wanted = {form.cname(cid, "status") for cid in form.CRITERION_IDS}
        out: dict[str, list[str]] = defaultdict(list)
        for _name, local, formula in self.wbx.names_named(wanted):
            if local is None or not 0 <= local < len(self.wbx.original):
                continue  # only a sheet's own names count, as openpyxl's ws.defined_names
            ref = split_ref(formula)
            if ref:
                out[self.wbx.original[local].name].append(ref[1])
        return out

    def _mark_sheet(self, entry: SheetEntry, cells: list[str], marks: list, verdicts: list,
                    statuses: list[str]) -> None:
        part = self.sheet_part(entry)
        sx = self._sheet(part)
        styles = self.styles
        fills: dict[str, int] = {}
        for ref in cells:  # an earlier run's fill goes back to the input colour
            if styles.fill_colour(sx.style_of(ref)) in MARK_COLOURS:
                fills[ref] = styles.solid_fill(form.INPUT_FILL)
        for m in marks:
            fills[m.cell] = styles.solid_fill(SEVERITY_FILLS[m.severity])
        verdict_refs = {verdict_cell_for(s) for s in statuses if s in cells}
        plan_verdicts = {v.cell: v for v in verdicts}
        for ref in sorted(verdict_refs | set(plan_verdicts), key=row_col):
            if sx.merged_away(ref):
                continue
            current = value(sx.cell_xml(ref), self.shared)
            cleared = ref in verdict_refs and is_verdict_text(current)
            base = sx.style_of(ref)
            if ref in plan_verdicts and (cleared or verdict_cell_free(current)):
                v = plan_verdicts[ref]
                style = styles.derive(base, fill=styles.solid_fill(VERDICT_FILLS[v.verdict]),
                                      font=styles.font(VERDICT_FONT), alignment=CENTRED)
                sx.set_text(ref, v.text, style)
            elif cleared:
                sx.set_text(ref, None, styles.derive(base, fill=styles.no_fill()))
        for ref, fill in fills.items():
            sx.set_style(ref, styles.derive(sx.style_of(ref), fill=fill))
        self._notes(part, sx, cells, marks)
        if marks:
            sx.comments_at_end()
        # Written now (packed small) rather than held: only the new list keeps its tab selected.
        self.pkg.write(part, untab(sx.to_bytes()))
        del self.sheet_xml[part]

    def _notes(self, part: str, sx: SheetXml, cells: list[str], marks: list) -> None:
        rels = self.pkg.rels(part)
        if rels.targets("threadedComment"):
            raise NotUnderstood(f"{part}: threaded comments", "新版批注（会话）")
        found = rels.targets("comments")
        comments_part = found[0][1] if found else None
        comments_rid = found[0][0] if found else None
        if comments_part is None and not marks:
            return
        vml_rid = sx.legacy_drawing_id()
        vml_rel = rels.by_id(vml_rid) if vml_rid else None
        vml_part = resolve(part, vml_rel["Target"]) if vml_rel else None
        if comments_part and not vml_part:
            raise NotUnderstood(f"{part}: notes without their drawing")
        comments = Comments(self.pkg.read(comments_part) if comments_part else None, comments_part or part)
        vml = Vml(self.pkg.read(vml_part) if vml_part else None, vml_part or part, self._claimed_blocks())
        before = {ref: note.raw for ref, note in comments.notes.items()}
        for ref in cells:
            comments.clear(ref)
        sized: dict[str, tuple[float, float]] = {}
        for m in marks:
            if not sx.merged_away(m.cell):  # a cell swallowed by a merge takes no note; 问题清单 lists it
                comments.mark(m.cell, m.note)
                sized[m.cell] = note_size(m.note)
        after = {ref: note.raw for ref, note in comments.notes.items()}
        if after == before and all(vml.has(*_rc(ref)) for ref in after) and not sized:
            return  # nothing changed: the parts stay as they are
        for row, col in list(vml.shapes):
            if f"{_letters(col)}{row + 1}" not in comments.notes:
                vml.remove(row, col)
        grid = Grid(sx)
        for ref in comments.notes:
            row, col = _rc(ref)
            if ref in sized or not vml.has(row, col):
                size = sized.get(ref, DEFAULT_NOTE_PX)
                where, margins = anchor(row, col, size, grid)
                vml.note(row, col, size, where, margins)
        self._save_notes(part, sx, comments, vml, (comments_part, comments_rid), (vml_part, vml_rid))

    def _save_notes(self, part: str, sx: SheetXml, comments: Comments, vml: Vml, old_comments: tuple,
                    old_vml: tuple) -> None:
        rels = self.pkg.rels(part)
        (comments_part, comments_rid), (vml_part, vml_rid) = old_comments, old_vml
        if not comments.notes:
            for name, rid in ((comments_part, comments_rid), (vml_part, vml_rid)):
                if name:
                    self.pkg.remove(name)
                    rels.remove(rid)
            if vml_part:
                sx.remove_element("legacyDrawing")
            return
        if comments_part is None:
            comments_part = self.pkg.free_name("xl/comments{}.xml")
            rels.add("comments", comments_part)
        if vml_part is None:
            vml_part = self.pkg.free_name("xl/drawings/vmlDrawing{}.vml")
            sx.add_legacy_drawing(rels.add("vmlDrawing", vml_part))
        self.pkg.write(comments_part, comments.to_bytes())
        self.pkg.write(vml_part, vml.to_bytes())
        self.pkg.set_override(comments_part, CT_COMMENTS)
        if self.pkg.content_type(vml_part) is None:
            self.pkg.ensure_default(vml_part.rsplit(".", 1)[-1].lower(), CT_VML)

    # ---- sheets in and out -----------------------------------------------------

    def add_drawn_sheet(self, data: bytes, name: str, after: str | None = None) -> SheetEntry:
        """A sheet openpyxl drew in a workbook of its own: replaces ours in place, else goes first and
        becomes the active tab (the 汇总), or, with `after`, goes right after that sheet (整改事项)."""
        self.refuse_foreign(name)
        donor = Donor(data)
        part, names = donor.sheet(name)
        new_part = Transplant(self.pkg, self.styles, donor).sheet(part)
        index = self.wbx.index(name)
        if index is not None:
            self.drop_sheet(name)
        elif after is not None and (before := self.wbx.index(after)) is not None:
            index = before + 1
        entry = self.wbx.insert(index or 0, name, self.wb_rels.add("worksheet", new_part))
        for defined, formula, hidden in names:
            self.wbx.add_name(defined, formula, entry, hidden)
        if after is None:
            self.wbx.active = entry
        return entry

    def drop_sheet(self, name: str) -> None:
        entry = self.wbx.entry(name)
        if entry is None:
            return
        part = self.sheet_part(entry)
        self.remover.drop(part)
        self.sheet_xml.pop(part, None)
        self.wbx.remove(name)
        self.wb_rels.remove(entry.rid)

    def add_sheet(self, index: int, name: str, xml: bytes) -> SheetEntry:
        part = self.pkg.free_name("xl/worksheets/sheet{}.xml")
        self.pkg.write(part, xml)
        self.pkg.set_override(part, CT_SHEET)
        return self.wbx.insert(index, name, self.wb_rels.add("worksheet", part))

    def keep_only(self, keep: set[str]) -> None:
        """Every other sheet goes, with its names, its parts and the calculation chain that listed its cells."""
        gone = [e.name for e in self.wbx.sheets if e.name not in keep]
        for name in gone:
            self.drop_sheet(name)
        if gone:
            for rid, part in self.wb_rels.targets("calcChain"):
                self.pkg.remove(part)  # optional, and Excel rebuilds it; a stale one makes Excel repair the file
                self.wb_rels.remove(rid)

    def set_named_text(self, name: str, text: str) -> bool:
        """A workbook-level name's cell given literal text, keeping its format; False if there is none."""
        found = [f for n, local, f in self.wbx.names_named({name}) if local is None]
        ref = split_ref(found[0]) if found else None
        entry = self.wbx.entry(ref[0]) if ref else None
        if entry is None:
            return False
        part = self.sheet_part(entry)
        sx = SheetXml(self.pkg.read(part), part)
        sx.set_text(ref[1], text, sx.style_of(ref[1]))
        self.pkg.write(part, untab(sx.to_bytes()))
        return True

    # ---- writing -------------------------------------------------------------------

    def finish(self, selected: SheetEntry) -> None:
        """Write every changed part back into the package; only `selected` keeps its tab selected."""
        keep = self.sheet_part(selected)
        for entry in self.wbx.sheets:
            part = self.sheet_part(entry)
            if part == keep or (part in self.pkg.changed and part not in self.pkg.added):
                continue  # a marked sheet was untabbed as it was written
            head = self.pkg.read_head(part, 8192)
            seen_views = b"</sheetViews>" in head or b"<sheetData" in head
            if b"tabSelected" in (head if seen_views else self.pkg.read(part)):
                self.pkg.write(part, untab(self.pkg.read(part)))
        self.pkg.write(self.main, self.wbx.to_bytes())
        if self.styles.changed:
            self.pkg.write(self.styles_part, self.styles.to_bytes())
        self._forget_sheet_titles()

    def _forget_sheet_titles(self) -> None:
        """docProps/app.xml lists the sheets as they were: the list goes (it is optional; Excel rewrites it),
        so a file for one branch does not name every other branch's sheet."""
        for _rid, part in self.pkg.rels("").targets("extended-properties"):
            if not self.pkg.exists(part):
                continue
            data = self.pkg.read(part)
            trimmed = re.sub(rb"<(HeadingPairs|TitlesOfParts)\b.*?</\1>", b"", data, flags=re.S)
            if trimmed != data:
                self.pkg.write(part, trimmed)


def _rc(ref: str) -> tuple[int, int]:
    row, col = row_col(ref)
    return row - 1, col - 1


def _letters(col0: int) -> str:
    return column_letter(col0 + 1)
