"""The owner files that say a workbook is open, for short and long names (issue 18).

How they are named (xladdin/xlsx/write.py cites the sources):
- Excel, and WPS on Windows: "~$" + the full name, however long. Only Word
  shortens its owner file's name for long names; Excel never does. LibreOffice
  writes Excel's owner file too when asked to, by the same rule, and the test
  at the end watches it do so.
- LibreOffice: ".~lock." + the name + "#".
- WPS on Linux: ".~" + the name, with the first one or two characters dropped
  from longer names.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest
from click.testing import CliRunner
from conftest import valid_values

from xladdin.cli.commands import main
from xladdin.errors import UserError
from xladdin.xlsx.package import check_path
from xladdin.xlsx.write import atomic_write, check_target, is_lock_file, lock_prefix, open_elsewhere

NAMES = [
    "a.xlsx",
    "标记.xlsx",
    "book0.xlsx",
    "123456.xlsx",  # the longest stem Word leaves whole
    "1234567.xlsx",  # Word drops one character here
    "12345678.xlsx",  # and two from here on
    "回头看填报表_标记.xlsx",
    "2010年创先争优活动动员部署阶段回头看汇总 (定稿).xlsx",
]
# An Excel owner file (165 bytes): the user's name, padded, as LibreOffice's reverse engineering describes it.
OWNER_BYTES = bytes([4]) + b"Zhan" + b" " * 50 + bytes([4, 0]) + "Zhan".encode("utf-16-le") + b" " * 100


def owner_files(name: str) -> dict[str, list[str]]:
    """Every owner file the writers named above may leave beside name."""
    stem = name.rsplit(".", 1)[0]
    wps_linux = [".~" + name] + ([".~" + name[1:], ".~" + name[2:]] if len(stem) > 6 else [])
    return {"Excel / WPS": ["~$" + name], "LibreOffice": [f".~lock.{name}#"], "WPS on Linux": wps_linux}


CASES = [(name, app, lock) for name in NAMES for app, locks in owner_files(name).items() for lock in locks]


@pytest.mark.parametrize(("name", "app", "lock"), CASES, ids=[f"{n}-{lock}" for n, _, lock in CASES])
def test_each_owner_file_is_found_and_refuses_the_write(tmp_path, name, app, lock):
    target = tmp_path / name
    target.write_bytes(b"old")
    (tmp_path / lock).write_bytes(OWNER_BYTES)
    assert open_elsewhere(target) == tmp_path / lock
    with pytest.raises(UserError) as info:
        check_target(target)
    assert info.value.code == "file-open-elsewhere" and lock in str(info.value)
    with pytest.raises(UserError):
        atomic_write(target, lambda tmp: tmp.write_bytes(b"new"))
    assert target.read_bytes() == b"old"


@pytest.mark.parametrize("name", NAMES)
def test_no_owner_file_no_refusal(tmp_path, name):
    assert open_elsewhere(tmp_path / name) is None
    check_target(tmp_path / name)


@pytest.mark.parametrize("name", [n for n in NAMES if len(n.rsplit(".", 1)[0]) > 6])
def test_another_workbook_open_in_excel_does_not_block_a_longer_name(tmp_path, name):
    """Excel never shortens: "~$" + name[2:] is the owner file of the workbook called name[2:], not of name."""
    (tmp_path / name[2:]).write_bytes(b"another workbook")
    (tmp_path / ("~$" + name[2:])).write_bytes(OWNER_BYTES)
    (tmp_path / ("~$" + name[1:])).write_bytes(OWNER_BYTES)
    assert open_elsewhere(tmp_path / name) is None
    check_target(tmp_path / name)


@pytest.mark.parametrize("lock", sorted({lock for _, _, lock in CASES}))
def test_an_owner_file_is_never_read_as_a_workbook(tmp_path, lock):
    path = tmp_path / lock
    path.write_bytes(OWNER_BYTES)
    assert is_lock_file(path)
    with pytest.raises(UserError) as info:
        check_path(path)
    assert info.value.code == "lock-file"
    # The message tells the person which prefix to look past.
    assert lock_prefix(lock) == ("~$" if lock.startswith("~$") else ".~lock." if lock.endswith("#") else ".~")


@pytest.mark.parametrize("name", [*NAMES, "a~$b.xlsx", "报表.~lock.xlsx", "~回头看.xlsx", "$回头看.xlsx"])
def test_a_workbook_is_not_an_owner_file(tmp_path, name):
    assert not is_lock_file(tmp_path / name)


def test_check_refuses_to_mark_onto_a_long_name_open_in_excel(make_book, tmp_path):
    src = make_book({"运一": valid_values()})
    out = tmp_path / "回头看填报表_标记.xlsx"
    out.write_bytes(b"old")
    (tmp_path / "~$回头看填报表_标记.xlsx").write_bytes(OWNER_BYTES)
    result = CliRunner().invoke(main, ["check", str(src), "--mark", str(out)])
    assert result.exit_code == 2 and "~$回头看填报表_标记.xlsx" in result.output
    assert out.read_bytes() == b"old"


# ---- a real office suite holding the workbook open -------------------------------------------

# LibreOffice writes Excel's owner file beside its own when this option is on (it is
# off by default on Linux); its names follow its reverse engineering of Microsoft Office.
MSO_LOCKS_ON = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Common/Filter/Microsoft/Import">\
<prop oor:name="CreateMSOLockFiles" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


def test_libreoffice_holding_long_and_short_names_open(soffice_required, make_book, tmp_path):
    from lo import soffice

    folder = tmp_path / "收件"
    folder.mkdir()
    names = ["回头看填报表_标记.xlsx", "标记.xlsx"]
    for name in names:
        make_book({"运一": valid_values()}).rename(folder / name)
    profile = tmp_path / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(MSO_LOCKS_ON, encoding="utf-8")
    expected = {f"{prefix}{name}{end}" for name in names for prefix, end in (("~$", ""), (".~lock.", "#"))}
    office = subprocess.Popen(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         *(str(folder / n) for n in names)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while not expected <= {p.name for p in folder.iterdir()} and time.monotonic() < deadline:
            time.sleep(0.2)
        assert expected <= {p.name for p in folder.iterdir()}, sorted(p.name for p in folder.iterdir())
        for name in names:
            found = open_elsewhere(folder / name)
            assert found is not None and found.name in expected
            before = (folder / name).read_bytes()
            with pytest.raises(UserError, match="正在 Excel、WPS 或 LibreOffice 中打开"):
                atomic_write(folder / name, lambda tmp: tmp.write_bytes(b"new"))
            assert (folder / name).read_bytes() == before
    finally:
        os.killpg(office.pid, signal.SIGKILL)
        office.wait(timeout=30)

