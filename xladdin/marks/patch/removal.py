"""Taking a sheet out of a package: its part, its relationships, and the parts only it used.

A sheet's notes, drawings, pictures and printer settings go with it; a part
another sheet still uses stays. A sheet that owns anything else (a table, a
pivot table, a slicer) is not ours to take apart: NotUnderstood sends the
workbook to the openpyxl writer.
"""

from __future__ import annotations

from collections import Counter

from xladdin.marks.patch.opc import Package, rels_name, resolve
from xladdin.marks.patch.xmltext import NotUnderstood

# Relationship types (their last path segment) whose targets belong to the sheet or drawing that uses them.
OWNED = frozenset({
    "comments", "vmlDrawing", "drawing", "printerSettings", "image", "chart", "chartUserShapes",
    "themeOverride", "chartStyle", "chartColorStyle", "hyperlink",
})


class Remover:
    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self._uses: Counter[str] | None = None

    def _count_uses(self) -> Counter[str]:
        """How many relationships point at each part, over the whole package (read once, when first needed)."""
        if self._uses is None:
            uses: Counter[str] = Counter()
            for name in list(self.pkg.infos) + list(self.pkg.added):
                if name.endswith(".rels") and self.pkg.exists(name):
                    owner = _owner(name)
                    for e in self.pkg.rels(owner).entries:
                        if e.get("TargetMode") != "External":
                            uses[resolve(owner, e.get("Target", ""))] += 1
            self._uses = uses
        return self._uses

    def drop(self, part: str) -> None:
        """Remove part, its relationships part, and what only it used."""
        if not self.pkg.exists(part):
            return
        rels = self.pkg.rels(part) if self.pkg.exists(rels_name(part)) else None
        for e in rels.entries if rels else []:
            kind = e.get("Type", "").rsplit("/", 1)[-1]
            if e.get("TargetMode") == "External":
                continue
            if kind not in OWNED:
                raise NotUnderstood(f"{part}: owns a {kind}")
            target = resolve(part, e.get("Target", ""))
            uses = self._count_uses()
            uses[target] -= 1
            if uses[target] <= 0:
                self.drop(target)
        if rels is not None:
            self.pkg.remove(rels_name(part))
        self.pkg.remove(part)


def _owner(rels_part: str) -> str:
    folder, name = rels_part.rsplit("/", 1) if "/" in rels_part else ("", rels_part)
    parent = folder.rsplit("/", 1)[0] if folder.endswith("_rels") else folder
    if folder == "_rels":
        parent = ""
    base = name.removesuffix(".rels")
    return f"{parent}/{base}".lstrip("/") if base else parent
