"""Find characters a PDF draws in a font that has no glyph for them: the missing-glyph boxes.

poppler's pdftohtml names the font of every run of text; the font files come from
fontconfig by PostScript name, and fontTools says which characters each one covers.
"""

from __future__ import annotations

import functools
import subprocess
from collections import defaultdict
from pathlib import Path

from defusedxml import ElementTree
from fontTools.ttLib import TTFont

TIMEOUT = 120


@functools.cache
def _font_files() -> dict[str, list[tuple[str, int]]]:
    """PostScript family (the part before the first '-') -> [(file, index in a collection)]."""
    out = subprocess.run(["fc-list", ":", "postscriptname", "file", "index"], capture_output=True, text=True,
                         timeout=TIMEOUT, check=True).stdout
    files: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for line in out.splitlines():
        path, _, props = line.partition(": ")
        fields = dict(p.split("=", 1) for p in props.strip().lstrip(":").split(":") if "=" in p)
        if "postscriptname" in fields:
            files[fields["postscriptname"].split("-")[0]].append((path, int(fields.get("index", 0))))
    return files


@functools.cache
def _coverage(family: str) -> frozenset[int]:
    covered: set[int] = set()
    for path, index in _font_files().get(family, []):
        font = TTFont(path, fontNumber=index, lazy=True)
        covered.update(font.getBestCmap() or {})
        font.close()
    return frozenset(covered)


def runs_by_font(pdf: Path) -> list[tuple[str, str]]:
    """(font family without the subset tag, text) for every run of text in the PDF."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-q", str(pdf)], capture_output=True,
                         timeout=TIMEOUT, check=True).stdout
    root = ElementTree.fromstring(xml)
    families = {spec.get("id"): spec.get("family").split("+")[-1] for spec in root.iter("fontspec")}
    return [(families[t.get("font")], "".join(t.itertext())) for t in root.iter("text")]


def missing_glyphs(pdf: Path) -> list[tuple[str, str]]:
    """(character, font family) for each character drawn in a font that lacks it, or in an unknown font."""
    missing = []
    for family, text in runs_by_font(pdf):
        covered = _coverage(family)
        for ch in set(text):
            if not ch.isspace() and ord(ch) not in covered:
                missing.append((ch, family))
    return sorted(set(missing))
