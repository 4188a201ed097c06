"""`check --json` stays byte for byte what main's code printed, whatever the reader does to be fast.

tests/data/check_json_digests.json holds the SHA-256 of main's `check --json`
output (exit code included) for the sample, the 6- and 100-branch benchmark
books and every regression file, made before the fast read path
(sheet_scan, quick_cells, defined_names, inflate) existed. Regenerate it only
with a trusted reader, never to make this test pass:

    PYTHONPATH=<a checkout of main> python tests/test_check_identity.py

The engines are compared byte for byte too: the product path ("auto") and the
openpyxl reader must print the same JSON.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
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


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        found = {name: digest(check_json(path)) for name, path in books(Path(tmp)).items()}
    GOLDEN.write_text(json.dumps(found, indent=2, sort_keys=True) + "\n")
    import xladdin

    print(f"wrote {len(found)} digests to {GOLDEN}, from the xladdin in {Path(xladdin.__file__).parent}")
