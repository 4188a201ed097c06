"""workbook.xml's defined names by the strict regex (xlsx.defined_names): ElementTree's names, or a decline.

The fast path must give the very names ElementTree gives, decline whatever it
might read otherwise, and leave a broken workbook.xml refused with the same
words (the parser's position included) as before it existed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile

import pytest
from conftest import SAMPLE

from xladdin.errors import UserError
from xladdin.xlsx.defined_names import split_names
from xladdin.xlsx.parts import NS_MAIN, read_workbook_info

WB = "xl/workbook.xml"


def _workbook_xml() -> bytes:
    with zipfile.ZipFile(SAMPLE) as z:
        return z.read(WB)


def _element_tree_names(data: bytes) -> list[tuple[str, str | None, str]]:
    root = ET.fromstring(data)
    return [(el.get("name", ""), el.get("localSheetId"), el.text or "")
            for el in root.iterfind(f"{NS_MAIN}definedNames/{NS_MAIN}definedName")]


def test_plain_names_are_elementtrees_names():
    data = _workbook_xml()
    found = split_names(data)
    assert found is not None
    rest, names = found
    assert names == _element_tree_names(data)
    assert len(names) > 100
    assert b"<definedName " not in rest


@pytest.mark.parametrize("extra", [
    b'<definedName name="a">x &amp; y</definedName>',  # a reference
    b'<definedName name="a"><![CDATA[x]]></definedName>',
    b"<!-- a comment --><definedName name=\"a\">x</definedName>",
    b'<x:definedName name="a">x</x:definedName>',
    b"<definedName name='a'>x</definedName>",
    b'<definedName name="a" comment="c">x</definedName>',
    b'<definedName name="a"/>',
    b"stray text",
])
def test_anything_unusual_is_declined(extra):
    data = _workbook_xml().replace(b"</definedNames>", extra + b"</definedNames>")
    assert split_names(data) is None


def test_whitespace_and_empty_text_kept_as_elementtree_keeps_them():
    data = _workbook_xml().replace(b"</definedNames>", b'\n  <definedName name="a">  </definedName>\n</definedNames>')
    found = split_names(data)
    assert found is not None and found[1] == _element_tree_names(data)


@pytest.mark.parametrize("edit", [
    lambda d: d.replace(b"</workbook>", b"</workbok>"),
    lambda d: d.replace(b"</definedNames>", b"</definedNames><calcPr x=1/>"),
], ids=["bad-end-tag", "bad-attribute-after-the-names"])
def test_a_broken_workbook_xml_names_the_position_in_the_whole_part(tmp_path, edit):
    data = edit(_workbook_xml())
    with pytest.raises(ET.ParseError) as expected:
        ET.fromstring(data)
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(SAMPLE) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, data if item.filename == WB else zin.read(item.filename))
    with zipfile.ZipFile(path) as archive, pytest.raises(UserError) as refused:
        read_workbook_info(archive)
    assert str(expected.value) in str(refused.value)
