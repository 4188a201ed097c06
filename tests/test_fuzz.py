"""A bounded, seeded fuzz of `check` over mutated copies of workbook/sample.xlsx.

`check` may end only with a report (exit 0/1) or a UserError (exit 2). Any
other exception is a bug: the mutated file is saved so it can be kept under
tests/regressions/, where test_regressions replays every crash ever found.
Set HUITOUKAN_FUZZ_CASES for a longer local run.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import time
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLE

from xladdin.errors import UserError
from xladdin.jobs import check_file

CASES = int(os.environ.get("HUITOUKAN_FUZZ_CASES", "300"))
SEED = int(os.environ.get("HUITOUKAN_FUZZ_SEED", "20100816"))
BUDGET_SECONDS = 60
REGRESSIONS = Path(__file__).parent / "regressions"

# Fragments that have broken spreadsheet readers before: entities, odd types, far cells, bad numbers.
NASTY = [
    b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>", b"&a;", b"&amp;", b"\x00", b"\xff\xfe", b"]]>", b"<![CDATA[x]]>",
    b' t="e"', b' t="s"', b' t="d"', b' t="inlineStr"', b' t="b"', b' r="XFD1048576"', b' r="A0"', b' r=""',
    b' r="1048577"', b"<v>1e309</v>", b"<v>-1</v>", b"<v>99999999</v>", b"<v>NaN</v>", b"<v></v>", b"<v>abc</v>",
    b'<mergeCell ref="A1:XFD1048576"/>', b'<dimension ref="A1:XFD1048576"/>', b'localSheetId="999"',
    b'localSheetId="-1"', "<definedName name=\"c1_status\">'运一'!$XFD$1048576</definedName>".encode(), b"_x0000_",
    b'state="veryHidden"', b'date1904="1"', b"#REF!", b"<f>1/0</f>", b"=HYPERLINK(\"x\")", "𠀀".encode(),
]


def _mutate_xml(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(6)
    if not data:
        return rng.choice(NASTY)
    at = rng.randrange(len(data))
    if kind == 0:  # drop a slice
        return data[:at] + data[at + rng.randrange(1, 200):]
    if kind == 1:  # insert a nasty fragment
        return data[:at] + rng.choice(NASTY) + data[at:]
    if kind == 2:  # flip bytes
        buf = bytearray(data)
        for _ in range(rng.randrange(1, 8)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        return bytes(buf)
    if kind == 3:  # replace a quoted attribute value
        start = data.find(b'="', at)
        end = data.find(b'"', start + 2)
        if start < 0 or end < 0:
            return data
        return data[: start + 2] + rng.choice([b"", b"0", b"-1", b"XFD1048576", b"A1:XFD1048576", b"\xe4", b"1e9"]) + data[end:]
    if kind == 4:  # duplicate a slice
        return data[:at] + data[at: at + rng.randrange(1, 500)] * rng.randrange(2, 4) + data[at:]
    return data[:at]  # truncate


def mutate(original: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.15:  # damage the package itself
        buf = bytearray(original)
        for _ in range(rng.randrange(1, 20)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        return bytes(buf[: rng.randrange(len(buf))] if rng.random() < 0.3 else buf)
    src = zipfile.ZipFile(io.BytesIO(original))
    names = src.namelist()
    targets = set(rng.sample(names, k=rng.randrange(1, 4)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            data = src.read(name)
            if name in targets:
                action = rng.random()
                if action < 0.1:
                    continue  # a missing part
                if action < 0.15:
                    name = name + ".renamed"
                else:
                    for _ in range(rng.randrange(1, 4)):
                        data = _mutate_xml(data, rng)
            dst.writestr(name, data)
    return out.getvalue()


def run_check(path: Path) -> None:
    """The in-process `check`: a report or a UserError; anything else propagates."""
    with contextlib.suppress(UserError):
        check_file(path)


def test_fuzz_check_never_crashes(tmp_path):
    original = SAMPLE.read_bytes()
    rng = random.Random(SEED)
    start = time.perf_counter()
    crashes = []
    for case in range(CASES):
        data = mutate(original, rng)
        path = tmp_path / f"fuzz-{case:04d}.xlsx"
        path.write_bytes(data)
        try:
            run_check(path)
        except Exception as exc:  # the point of the test: collect every bug, keep the file
            crashes.append(f"{path.name}: {type(exc).__name__}: {exc}"[:300])
            (tmp_path / "crashes").mkdir(exist_ok=True)
            (tmp_path / "crashes" / path.name).write_bytes(data)
        else:
            path.unlink()
    elapsed = time.perf_counter() - start
    assert not crashes, "copy tmp crashes/ into tests/regressions/:\n" + "\n".join(crashes)
    assert elapsed < BUDGET_SECONDS, f"{CASES} cases took {elapsed:.0f} s"


@pytest.mark.parametrize("path", sorted(REGRESSIONS.glob("*.xlsx")), ids=lambda p: p.name)
def test_regressions(path):
    before = path.read_bytes()
    run_check(path)
    assert path.read_bytes() == before
