"""The offline Windows bundle, built for real once per session (downloads cached by the lock).

A fresh machine downloads about 150 MiB from the package index on the first
run; later runs reuse build/windows-bundle/<lock hash>/ and only rebuild our
own wheel and the zip.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.tags import compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import wheel_closure  # noqa: E402 - scripts/ is not a package
import windows_bundle  # noqa: E402

PYTHONS = ("3.11", "3.12", "3.13")
BATCH = {"安装.bat", "诊断.bat", "卸载.bat"}


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    return windows_bundle.build_bundle(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def unpacked(bundle, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    (top,) = folder.iterdir()
    return top


@pytest.fixture(scope="session")
def wheels(unpacked) -> list[Path]:
    return sorted((unpacked / "wheels").glob("*.whl"))


def fits(filename: str, python: str) -> bool:
    """Checked here with packaging directly, not through the builder's own helper."""
    major, minor = map(int, python.split("."))
    interpreter = f"cp{major}{minor}"
    accepted = set(cpython_tags((major, minor), abis=[interpreter, "abi3", "none"], platforms=["win_amd64"]))
    accepted |= set(compatible_tags((major, minor), interpreter=interpreter, platforms=["win_amd64"]))
    return bool(set(parse_wheel_filename(filename)[3]) & accepted)


# ---- the zip ----------------------------------------------------------------------


def test_zip_name_and_layout(bundle):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert bundle.name == f"huitoukan-{version}-windows.zip"
    with zipfile.ZipFile(bundle) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
    top = f"huitoukan-{version}-windows/"
    assert all(name.startswith(top) for name in names)
    assert {name[len(top):] for name in names if "/wheels/" not in name} == {*BATCH, "使用说明.txt"}
    assert f"{top}wheels/huitoukan-{version}-py3-none-any.whl" in names
    assert 50 * 2**20 < bundle.stat().st_size < 400 * 2**20


def test_chinese_names_carry_the_utf8_flag(bundle):
    with zipfile.ZipFile(bundle) as archive:
        chinese = [info for info in archive.infolist() if not info.filename.isascii()]
    assert {info.filename.rsplit("/", 1)[-1] for info in chinese} == {*BATCH, "使用说明.txt"}
    assert all(info.flag_bits & 0x800 for info in chinese)


def test_an_existing_bundle_is_not_overwritten_without_force(bundle):
    with pytest.raises(windows_bundle.BundleError, match="--force"):
        windows_bundle.build_bundle(bundle.parent)


# ---- the wheels --------------------------------------------------------------------


def test_every_wheel_fits_win_amd64(wheels):
    assert [w.name for w in wheels if not any(fits(w.name, python) for python in PYTHONS)] == []


def test_every_package_has_a_wheel_for_each_python(wheels):
    packages = {canonicalize_name(parse_wheel_filename(w.name)[0]) for w in wheels}
    for python in PYTHONS:
        fitting = {canonicalize_name(parse_wheel_filename(w.name)[0]) for w in wheels if fits(w.name, python)}
        assert fitting == packages, python


def test_windows_only_dependencies_are_there(wheels):
    names = [canonicalize_name(parse_wheel_filename(w.name)[0]) for w in wheels]
    assert names.count("pywin32") == 3  # one per Python: xlwings needs it on Windows only
    assert "win-unicode-console" in names  # pcodedmp (for oletools) on Windows only; built from source
    assert "tzdata" in names  # pandas on Windows only


def test_every_dependency_windows_asks_for_is_there(wheels):
    infos = [wheel_closure.read_wheel(w) for w in wheels]
    own = next(i for i in infos if i.name == "huitoukan")
    for python in PYTHONS:
        assert wheel_closure.missing_on_windows(infos, [Requirement(f"huitoukan=={own.version}")], python) == []


def test_requires_dist_judged_as_windows_would():
    """The check itself: a Windows-only requirement is missed when absent, and extras are followed."""
    wheel = wheel_closure.info_from_metadata
    xlwings = wheel("xlwings-0.37.8-cp312-cp312-win_amd64.whl", ['pywin32>=224; platform_system == "Windows"'], ">=3.9")
    fonttools = wheel("fonttools-4.68.0-cp312-cp312-win_amd64.whl", ['brotli>=1.2.1; extra == "woff"'], None)
    app = wheel("app-1.0-py3-none-any.whl", ["xlwings<0.38", "fonttools[woff]"], ">=3.11")
    roots = [Requirement("app")]
    missing = wheel_closure.missing_on_windows([app, xlwings, fonttools], roots, "3.12")
    assert sorted(str(r) for r in missing) == ['brotli>=1.2.1; extra == "woff"', 'pywin32>=224; platform_system == "Windows"']
    # Wheels built for 3.12 do not count for 3.11.
    missing_311 = wheel_closure.missing_on_windows([app, xlwings, fonttools], roots, "3.11")
    assert sorted(str(r) for r in missing_311) == ["fonttools[woff]", "xlwings<0.38"]


def test_the_set_resolves_offline_for_each_python(unpacked, tmp_path):
    """What the office PC's pip will do, with no index and no configuration of this machine."""
    pip = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True, text=True, check=True)
    assert Version(pip.stdout.split()[1]) >= Version("24.2")  # older pip checks Requires-Python against itself
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    for python in PYTHONS:
        report = tmp_path / f"report-{python}.json"
        done = subprocess.run(
            [
                sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
                "--no-index", "--find-links", str(unpacked / "wheels"),
                "--platform", "win_amd64", "--python-version", python, "--only-binary=:all:",
                "--target", str(tmp_path / "target"), "--report", str(report), "huitoukan",
            ],
            capture_output=True, text=True, env=env, check=False,
        )
        assert done.returncode == 0, done.stderr
        installed = {item["metadata"]["name"].lower() for item in json.loads(report.read_text())["install"]}
        assert {"huitoukan", "xlwings", "pandas", "matplotlib", "openpyxl"} <= installed


def test_the_lock_pins_every_dependency_of_the_project():
    lock = windows_bundle.read_lock()
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    for python in lock["pythons"]:
        pins = lock["wheels"][python]
        for dep in map(Requirement, deps):
            assert dep.specifier.contains(pins[canonicalize_name(dep.name)]), (python, dep)


def test_downloads_are_cached_by_the_lock(bundle):
    lock = windows_bundle.read_lock()
    folder = windows_bundle.CACHE / windows_bundle.lock_key(lock)
    assert (folder / ".complete").is_file()
    changed = {**lock, "wheels": {**lock["wheels"], "3.12": {**lock["wheels"]["3.12"], "numpy": "0.0.1"}}}
    assert windows_bundle.lock_key(changed) != windows_bundle.lock_key(lock)


# ---- the batch files and the instructions --------------------------------------------


@pytest.fixture(scope="session")
def batch(unpacked) -> dict[str, str]:
    texts = {}
    for name in BATCH:
        raw = (unpacked / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{name}: a BOM would break the first line"
        assert raw.count(b"\n") == raw.count(b"\r\n") > 10, f"{name}: CRLF line endings"
        texts[name] = raw.decode("utf-8")
    return texts


def test_batch_files_find_python_with_py_first_then_python(batch):
    for name, text in batch.items():
        lines = text.splitlines()
        assert lines[0] == "@echo off" and "chcp 65001 >nul" in lines[:5], name
        assert "call :find_python" in text and ":find_python" in lines, name
        assert "for %%V in (3.13 3.12 3.11) do" in text and 'py -%%V -c "' in text, name
        assert 'python -c "import struct, sys;' in text, name
        assert text.index("py -%%V") < text.index('python -c "import struct'), name


def test_batch_files_need_no_administrator(batch):
    for name, text in batch.items():
        for forbidden in ("runas", "setx", "reg add", "HKLM", "%ProgramFiles%", "Program Files", "--global"):
            assert forbidden.lower() not in text.lower(), (name, forbidden)


def test_batch_files_quote_every_path(batch):
    """A folder such as D:\\R&D\\回头看 must not split a command at the &, even in an echo."""
    for name, text in batch.items():
        for line in text.splitlines():
            for variable in ("%~dp0", "%WHEELS%", "%APPDATA%"):
                for at in [m.start() for m in re.finditer(re.escape(variable), line)]:
                    assert line[:at].count('"') % 2 == 1 or line.lstrip().startswith("rem"), (name, line)


def test_every_goto_and_call_has_its_label(batch):
    for name, text in batch.items():
        labels = {line.strip()[1:].lower() for line in text.splitlines() if re.match(r"^:\w", line.strip())}
        targets = {t.lower() for t in re.findall(r"(?:goto|call) :(\w+)", text)} - {"eof"}
        assert targets <= labels, (name, targets - labels)


def test_install_bat_installs_offline_then_the_addin(batch):
    text = batch["安装.bat"]
    assert 'set "WHEELS=%~dp0wheels"' in text
    assert '%PY% -m pip install --disable-pip-version-check --no-index --find-links "%WHEELS%" --upgrade huitoukan' in text
    assert text.index("--no-index") < text.index("%PY% -m xladdin addin install")
    assert "【完成】" in text and "【问题】" in text and "请重新打开 Excel" in text


def test_doctor_and_uninstall_bat(batch):
    assert "%PY% -m xladdin addin doctor" in batch["诊断.bat"]
    uninstall = batch["卸载.bat"]
    assert uninstall.index("%PY% -m xladdin addin remove") < uninstall.index("%PY% -m pip uninstall --disable-pip-version-check -y huitoukan")
    for text in batch.values():
        assert "pause" in text  # a double-clicked window stays open to be read


def test_readme_names_the_python_installer(unpacked):
    raw = (unpacked / "使用说明.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\n") == raw.count(b"\r\n")
    text = raw.decode("utf-8-sig")
    assert re.search(r"python-3\.1[123]\.\d+-amd64\.exe", text) and "64" in text
    assert "安装.bat" in text and "诊断.bat" in text and "卸载.bat" in text and "py -m xladdin" in text
    assert "{version}" not in text and windows_bundle.project_version() in text
