"""`huitoukan addin …`: wiring, help texts and the plain-Chinese failures off Windows."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from xladdin.addin.build import vba_version
from xladdin.cli.commands import main


def run(*args):
    return CliRunner().invoke(main, ["addin", *map(str, args)])


def test_every_addin_command_has_help():
    group = main.commands["addin"]
    assert group.help
    assert set(group.commands) == {"build", "install", "remove", "doctor"}
    for name, command in group.commands.items():
        assert command.help, name


def test_build_writes_the_addin(tmp_path):
    out = tmp_path / "xladdin.xlam"
    result = run("build", "-o", out)
    assert result.exit_code == 0, result.output
    assert str(out) in result.output and vba_version(out)


def test_build_refuses_another_name(tmp_path):
    result = run("build", "-o", tmp_path / "回头看.xlam")
    assert result.exit_code == 2 and "xladdin.xlam" in result.output


@pytest.mark.skipif(sys.platform.startswith("win"), reason="the non-Windows messages")
def test_install_and_doctor_off_windows():
    install = run("install")
    assert install.exit_code == 2 and "Windows" in install.output and "Traceback" not in install.output
    doctor = run("doctor")
    assert doctor.exit_code == 1 and doctor.output.startswith("【问题】")
