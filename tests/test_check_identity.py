"""`check --json` stays byte for byte what main's code printed, whatever the reader does to be fast.

tests/data/check_json_digests.json holds the SHA-256 of main's `check --json`
output (exit code included) for the sample, the 6- and 100-branch benchmark
books and every regression file, made before the fast read path
(sheet_scan, defined_names, inflate, calamine_safety) existed. Regenerate it only
with a trusted reader, never to make this test pass:

    PYTHONPATH=<a checkout of main> python tests/test_check_identity.py

The engines are compared byte for byte too: the product path ("auto") and the
openpyxl reader must print the same JSON.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

HERE = Path(__file__).resolve().parent
# conftest's SAMPLE and bench.make_books, also when run as a script (after PYTHONPATH, whose xladdin is the judge).
sys.path.insert(0, str(HERE))
sys.path.append(str(HERE.parent))

from conftest import SAMPLE  # noqa: E402

from xladdin.cli import main  # noqa: E402

GOLDEN = HERE / "data" / "check_json_digests.json"
REGRESSIONS = HERE / "regressions"


def books(folder: Path) -> dict[str, Path]:
    from bench.make_books import make_book

    out = {"sample.xlsx": shutil.copy(SAMPLE, folder / "sample.xlsx")}
    for n in (6, 100):
        out[f"branches-{n}.xlsx"] = make_book(n, folder / f"branches-{n}.xlsx")
    for path in sorted(REGRESSIONS.glob("*.xlsx")):
        out[f"regressions/{path.name}"] = shutil.copy(path, folder / path.name)
    return {name: Path(path) for name, path in out.items()}


def check_json(path: Path, engine: str = "auto") -> bytes:
    """The bytes `check --json NAME` prints, run beside the file (the JSON names the file as given), its messages and its exit code."""
    here = os.getcwd()
    os.chdir(path.parent)
    try:
        result = CliRunner().invoke(main, ["check", "--json", "--engine", engine, path.name])
    finally:
        os.chdir(here)
    return result.stdout_bytes + b"\n--stderr--\n" + result.stderr_bytes + f"\nexit={result.exit_code}".encode()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def book_files(tmp_path_factory) -> dict[str, Path]:
    return books(tmp_path_factory.mktemp("identity"))


def test_the_golden_digests_cover_every_book(book_files):
    golden = json.loads(GOLDEN.read_text())
    assert set(golden) == set(book_files)  # a new regression file needs its digest from main's code
    assert len(golden) >= 5


def test_check_json_is_byte_identical_to_main(book_files):
    golden = json.loads(GOLDEN.read_text())
    for name, path in book_files.items():
        out = check_json(path)
        assert out.startswith(b"{") or b"exit=2" in out, (name, out[:300])
        assert digest(out) == golden[name], name


@pytest.mark.parametrize("name", ["sample.xlsx", "branches-100.xlsx"])
def test_fast_and_openpyxl_readers_print_the_same_json(book_files, name):
    assert check_json(book_files[name]) == check_json(book_files[name], "openpyxl")


# Damage calamine refuses, or reads its own way: the product path must give what the calamine engine gives.
_NUMBER_CELL = re.compile(rb'<c r="(\w+)" s="(\d+)" t="n"><v>([^<]*)</v></c>')
_SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x%s</si></sst>'


def _texts_only(data: bytes) -> bytes:
    """Every number cell as inline text, so that no cell needs the styles."""
    return _NUMBER_CELL.sub(rb'<c r="\1" s="\2" t="inlineStr"><is><t>\3</t></is></c>', data)


DAMAGE = {
    "sheet-bad-end-tag": ("sheet", lambda d: d.replace(b"</sheetData>", b"</sheetDat>")),
    "sheet-unquoted-attribute": ("sheet", lambda d: d.replace(b'<row r="3"', b"<row r=3", 1)),
    "sheet-mismatched-row": ("sheet", lambda d: d.replace(b"</row>", b"</rw>", 1)),
    "sheet-truncated": ("sheet", lambda d: d[: len(d) * 2 // 3]),
    "sheet-control-character": ("sheet", lambda d: d.replace("史泽沛".encode(), b"a \x01 b", 1)),
    "sheet-trailing-element": ("sheet", lambda d: d + b"<worksheet/>"),
    "styles-truncated": ("xl/styles.xml", lambda d: d[: len(d) // 2]),
    "shared-strings-broken": ("xl/sharedStrings.xml", lambda _d: _SST % b""),
    "shared-strings-fine": ("xl/sharedStrings.xml", lambda _d: _SST % b"</t>"),
}


@pytest.mark.parametrize("name", sorted(DAMAGE))
def test_damaged_parts_give_what_calamine_gives(tmp_path, name):
    where, edit = DAMAGE[name]
    with zipfile.ZipFile(SAMPLE) as zin:
        parts = {item.filename: zin.read(item.filename) for item in zin.infolist()}
    sheet = "xl/worksheets/sheet3.xml"  # the first branch sheet, 运一
    parts = {n: _texts_only(d) if n.startswith("xl/worksheets/") else d for n, d in parts.items()}
    target = sheet if where == "sheet" else where
    parts[target] = edit(parts.get(target, b""))
    path = tmp_path / f"{name}.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for part, data in parts.items():
            zout.writestr(part, data)
    assert check_json(path) == check_json(path, "calamine")


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        found = {name: digest(check_json(path)) for name, path in books(Path(tmp)).items()}
    GOLDEN.write_text(json.dumps(found, indent=2, sort_keys=True) + "\n")
    import xladdin

    print(f"wrote {len(found)} digests to {GOLDEN}, from the xladdin in {Path(xladdin.__file__).parent}")
