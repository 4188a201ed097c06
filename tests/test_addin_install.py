"""Installing the add-in: Excel's own startup folder, no leftovers, no install where Excel is missing."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from fake_windows import FakeRegistry, with_excel, with_wps
from packaging.requirements import Requirement

import xladdin
from xladdin.addin import install as addin_install
from xladdin.addin.build import ADDIN_FILENAME, INTERPRETER_KEY, addin_version, build_addin, config_sheet_settings
from xladdin.addin.location import (
    ASKED,
    DEFAULT,
    _startup_path_of,
    ask_excel,
    default_xlstart,
    installed_addin,
    startup_folder,
)
from xladdin.errors import UserError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def appdata(tmp_path, monkeypatch):
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))


def test_excels_answer_is_used(tmp_path):
    asked = tmp_path / "Redirected" / "XLSTART"
    assert startup_folder(ask=lambda: asked) == (asked, ASKED)


def test_default_only_when_excel_cannot_answer():
    assert startup_folder(ask=lambda: None) == (default_xlstart(), DEFAULT)
    assert str(default_xlstart()).endswith(str(Path("Roaming") / "Microsoft" / "Excel" / "XLSTART"))


def test_asking_without_excel_answers_none():
    assert ask_excel() is None  # no Excel here: xlwings raises, and that means "use the default"


class _App:
    def __init__(self, folder: Path):
        self.path, self.startup_path = str(folder), str(folder / "XLSTART")


def test_only_excel_is_believed(tmp_path):
    """WPS behind Excel.Application would answer with its own folder: no EXCEL.EXE there, no answer."""
    (tmp_path / "Office16").mkdir()
    assert _startup_path_of(_App(tmp_path / "Office16")) is None
    (tmp_path / "Office16" / "EXCEL.EXE").write_bytes(b"")
    assert _startup_path_of(_App(tmp_path / "Office16")) == tmp_path / "Office16" / "XLSTART"


def test_install_into_writes_points_and_remembers(tmp_path):
    folder = tmp_path / "Redirected" / "XLSTART"
    target, how = addin_install.install_into(folder, ASKED)
    assert (target, how) == (folder / ADDIN_FILENAME, ASKED)
    assert config_sheet_settings(target)[INTERPRETER_KEY] == str(addin_install.windowless_interpreter())
    assert addin_version(target) == xladdin.__version__
    assert installed_addin() == (target, True)
    assert sorted(p.name for p in folder.iterdir()) == [ADDIN_FILENAME]


def test_a_locked_addin_leaves_no_temp_file(tmp_path, monkeypatch):
    """Excel holds the add-in open: the replace fails, the old file stays, and no .tmp is left for Excel to open."""
    folder = tmp_path / "XLSTART"
    old = build_addin(folder / ADDIN_FILENAME)
    before = old.read_bytes()

    def locked(self, _target):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(Path, "replace", locked)
    with pytest.raises(UserError, match="关闭所有 Excel"):
        addin_install.install_into(folder, ASKED)
    assert sorted(p.name for p in folder.iterdir()) == [ADDIN_FILENAME]
    assert old.read_bytes() == before


def test_no_install_where_only_wps_is():
    with pytest.raises(UserError) as caught:
        addin_install.require_excel(with_wps(FakeRegistry()))
    message = str(caught.value)
    assert "只找到了 WPS" in message and "huitoukan serve" in message and "--skip-excel-check" in message


def test_install_goes_on_where_excel_is():
    addin_install.require_excel(with_excel(FakeRegistry()))  # no exception


@pytest.mark.skipif(sys.platform.startswith("win"), reason="the non-Windows refusal")
def test_remove_needs_windows():
    with pytest.raises(UserError, match="Windows"):
        addin_install.remove()


def test_xlwings_is_pinned_to_the_release_with_set_colors():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    (xlwings,) = [Requirement(d) for d in deps if d.startswith("xlwings")]
    assert not xlwings.specifier.contains("0.37.4") and xlwings.specifier.contains("0.37.5")
    assert not xlwings.specifier.contains("0.38.0")
