"""What really makes python-calamine abort, measured on real files in a child process, and the scan that keeps it away.

calamine (0.9.1) allocates a dense grid over the box of the cells that hold a
value; one value at XFD1048576 asks for ~550 GB and the process aborts (no
exception to catch). These cases pin which cells count, so that
calamine_safety.sheet_is_safe can let a stretched <dimension> or a far empty
styled cell through (Excel and WPS write both) without ever letting an aborting
sheet reach calamine. The children run with a 2 GB address-space limit, so an
abort is an immediate failed allocation, not a machine swapping.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLE

from xladdin.xlsx.calamine_safety import plain_cells, sheet_is_safe
from xladdin.xlsx.package import open_package
from xladdin.xlsx.parts import read_workbook_info

SHEET = "运一"
FAR_ROW = b'<row r="1048576">%s</row></sheetData>'

# name -> (edit of the sheet XML, does calamine survive loading it?)
CASES = {
    "untouched": (lambda d: d, True),
    "stretched-dimension": (lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d), True),
    "far-empty-styled-cell": (lambda d: d.replace(b"</sheetData>", FAR_ROW % b'<c r="XFD1048576" s="1"/>'), True),
    "far-empty-open-close-cell": (lambda d: d.replace(b"</sheetData>", FAR_ROW % b'<c r="XFD1048576" s="1"></c>'), True),
    "far-empty-shared-string-type": (lambda d: d.replace(b"</sheetData>", FAR_ROW % b'<c r="XFD1048576" t="s"/>'), True),
    "far-number": (lambda d: d.replace(b"</sheetData>", FAR_ROW % b'<c r="XFD1048576"><v>1</v></c>'), False),
    "far-empty-inline-string": (
        lambda d: d.replace(b"</sheetData>", FAR_ROW % b'<c r="XFD1048576" t="inlineStr"><is><t></t></is></c>'),
        False,
    ),
    "far-boolean": (lambda d: d.replace(b"</sheetData>", FAR_ROW % b'<c r="XFD1048576" t="b"><v>1</v></c>'), False),
    "far-lower-case-ref": (lambda d: d.replace(b"</sheetData>", FAR_ROW % b'<c r="xfd1048576"><v>1</v></c>'), False),
    # main's scan let this one through (no big number after r=" in upper case) and check aborted.
    "far-lower-case-ref-in-a-row-without-r": (
        lambda d: d.replace(b"</sheetData>", b'<row><c r="xfd1048576"><v>1</v></c></row></sheetData>'),
        False,
    ),
    "far-single-quoted-ref": (lambda d: d.replace(b"</sheetData>", FAR_ROW % b"<c r='XFD1048576'><v>1</v></c>"), False),
}


def _sheet_part() -> str:
    with open_package(SAMPLE) as archive:
        return next(s.part for s in read_workbook_info(archive).sheets if s.name == SHEET)


def _book(tmp_path: Path, name: str) -> tuple[Path, bytes]:
    part = _sheet_part()
    edit = CASES[name][0]
    dst = tmp_path / f"{name}.xlsx"
    with zipfile.ZipFile(SAMPLE) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item.filename, edit(data) if item.filename == part else data)
        sheet_xml = edit(zin.read(part))
    return dst, sheet_xml


_CHILD = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    import python_calamine
    book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
    rows = book.get_sheet_by_name(sys.argv[2]).to_python()
    print(len(rows), max(map(len, rows), default=0))
""")


def _calamine_survives(path: Path) -> tuple[bool, str]:
    env = {**os.environ, "RUST_BACKTRACE": "0"}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), SHEET], capture_output=True, text=True, timeout=120, env=env
    )
    return done.returncode == 0, done.stdout + done.stderr[:300]


@pytest.mark.parametrize("name", sorted(CASES))
def test_calamine_aborts_only_on_far_values_and_the_scan_knows(tmp_path, name):
    path, sheet_xml = _book(tmp_path, name)
    survives, output = _calamine_survives(path)
    assert survives is CASES[name][1], output
    if not survives:
        assert "memory allocation" in output  # the abort we guard against, not some other failure
    # The scan lets through what calamine survives, and nothing that aborts it.
    assert sheet_is_safe(sheet_xml) is survives, name


def test_a_far_empty_cell_keeps_the_grid_small(tmp_path):
    path, _ = _book(tmp_path, "far-empty-styled-cell")
    survives, output = _calamine_survives(path)
    assert survives
    rows, cols = map(int, output.split()[:2])
    assert rows < 100 and cols < 30  # the grid is the value cells' box, not the empty cell's


def test_plain_cells_fast_path():
    with zipfile.ZipFile(SAMPLE) as z:
        xml = z.read(_sheet_part())
    assert plain_cells(xml)  # what Excel and openpyxl write needs no closer look
    assert not plain_cells(xml.replace(b"</sheetData>", b'<row r="60"><c r="AA60"><v>1</v></c></row></sheetData>'))
    assert not plain_cells(xml.replace(b"</sheetData>", b'<row r="60"><c r="A60"><f>1+1</f><v>2</v></c></row></sheetData>'))
    assert not plain_cells(xml.replace(b'<c r="A1"', b'<c r="A1" r="XFD1048576"', 1))
    assert not plain_cells(xml.replace(b'<c r="A1"', b'<c\nr="A1"', 1))
    assert not plain_cells(xml.replace(b"<sheetData>", b'<sheetData><x:c r="A1"/>', 1))


def test_a_second_reference_or_an_unplaced_cell_is_not_safe():
    with zipfile.ZipFile(SAMPLE) as z:
        xml = z.read(_sheet_part())
    assert sheet_is_safe(xml)
    assert not sheet_is_safe(xml.replace(b'<c r="A1"', b'<c r="A1" r="XFD1048576"', 1))
    assert not sheet_is_safe(xml.replace(b"</sheetData>", b'<row r="60"><c><v>1</v></c></row></sheetData>'))
    assert not sheet_is_safe(xml.replace(b"</sheetData>", b'<row r="9"><x:c r="XFD1048576"><x:v>1</x:v></x:c></row></sheetData>'))


def test_check_survives_the_far_value_main_let_through(tmp_path):
    """The whole command, in a child process with the same 2 GB limit: a report, not an abort."""
    path, _ = _book(tmp_path, "far-lower-case-ref-in-a-row-without-r")
    child = "import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); " \
        "sys.argv = ['xladdin', 'check', '--json', sys.argv[1]]; runpy.run_module('xladdin', run_name='__main__')"
    env = {**os.environ, "RUST_BACKTRACE": "0"}
    done = subprocess.run([sys.executable, "-c", child, str(path)], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode in (0, 1), done.stderr[:300]
    assert done.stdout.startswith('{"file": ')
