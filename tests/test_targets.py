"""targets.form_target reads a defined name's target exactly as parts.split_ref plus within_form did.

The reference below is the one-regex reading main used; form_target splits the
work (the sheet name per name, the cell part once per distinct text) and must
agree with it on every string: real names, odd ones, and random ones.
"""

from __future__ import annotations

import random
import re

from conftest import SAMPLE

from xladdin.core.a1 import column_index
from xladdin.xlsx.package import open_package
from xladdin.xlsx.parts import read_workbook_info
from xladdin.xlsx.targets import FIELD_NAMES, MAX_FORM_COL, MAX_FORM_ROW, form_target

_REFERENCE = re.compile(r"(?:'([^']*(?:''[^']*)*)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)(?::\$?[A-Z]{1,3}\$?\d+)?$")


def reference(refers_to: str) -> tuple[str, str] | None:
    m = _REFERENCE.match(refers_to.strip().lstrip("="))
    if m is None or (sheet := m[1] if m[1] is not None else m[2]) == "":
        return None
    try:
        row = int(m[4])
    except ValueError:
        return None
    if not 1 <= row <= MAX_FORM_ROW or column_index(m[3]) > MAX_FORM_COL:
        return None
    return sheet.replace("''", "'"), f"{m[3]}{m[4]}"


ODD = [
    "'运一'!$B$3", "运一!B3", "='运一'!$B$3", " '运一'!$B$3 ", "'运''一'!B3", "'运'一'!B3", "''!B3", "!B3", "B3",
    "'a!b'!B3", "a!b!B3", "'运一'!$B$3:$D$9", "'运一'!B3:D", "'运一'!$XFD$1048576", "'运一'!AZ5000", "'运一'!BA1",
    "'运一'!B5001", "'运一'!B0", "'运一'!B003", "'运一'!b3", "#REF!", "'运一'!#REF!", "'运一'!B3\n", "运一 !B3",
    "'运一'!B" + "9" * 5000, "'运一'!$B$3,'运一'!$C$4", "==运一!B3", "'运一'!!B3", "'''!B3", "''''!B3",
]


def test_agrees_on_real_and_odd_names():
    with open_package(SAMPLE) as archive:
        names = [n.refers_to for n in read_workbook_info(archive).names]
    for text in names + ODD:
        assert form_target(text) == reference(text), text


def test_agrees_on_random_strings():
    rng = random.Random(17)
    alphabet = "'!$:=运一AZB019 \t"
    sheets = ["'", "''", "运一", "a", "!", " ", "="]
    cells = ["$", "B", "AZ", "BA", "3", "0", "5000", "5001", ":", "D9", "!", " "]
    agreed_on_a_target = 0
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 14)))
        assert form_target(text) == reference(text), repr(text)
        text = "".join(rng.choice(sheets) for _ in range(rng.randrange(0, 5))) + "!" + "".join(
            rng.choice(cells) for _ in range(rng.randrange(1, 5)))
        assert form_target(text) == reference(text), repr(text)
        agreed_on_a_target += form_target(text) is not None
    assert agreed_on_a_target > 100  # the generator reaches valid targets, not only refusals


def test_resolve_targets_reads_every_field_name_as_form_target_does():
    """resolve_targets memoises the two halves of a reference; the result must be form_target's, name by name."""
    from xladdin.xlsx.parts import DefinedNameInfo, SheetInfo, WorkbookInfo
    from xladdin.xlsx.targets import resolve_targets

    rng = random.Random(23)
    sheets = ["运一", "a'b", "", " x", "电气", "=y", "a!b"]
    texts = [*ODD, "'电气'!$B$8", "电气!B8", "'a''b'!B8", "' x'!B8", " x!B8", "'=y'!B8", "= '电气'!B8", "'电气'!B8 "]
    for _ in range(500):
        info = WorkbookInfo(sheets=[SheetInfo(name, "visible", f"xl/worksheets/sheet{i}.xml")
                                    for i, name in enumerate(sheets)])
        chosen = []
        for field in rng.sample(sorted(FIELD_NAMES), 12):
            local = rng.choice(["运一", "电气", "a'b"])
            info.names.append(DefinedNameInfo(field, local, text := rng.choice(texts)))
            chosen.append((local, field, text))
        expected: dict = {}
        for local, field, text in chosen:
            if (target := form_target(text)) and target[0] in sheets:
                expected.setdefault(local, {})[field] = target
        assert {k: v for k, v in resolve_targets(info).field_refs.items() if v} == expected
