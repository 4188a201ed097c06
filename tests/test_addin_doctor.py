"""`addin doctor`: every line it can print, on a faked Windows side with real add-in files.

The registry is a FakeRegistry; the add-in is built for real into a
temporary %APPDATA%; the add-in's Python is asked for real where a test says
so (a clean environment, a neutral folder), and faked where only the line's
wording is at stake.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import xlwings
from fake_windows import FakeRegistry, with_excel, with_office_user, with_wps

import xladdin
from xladdin.addin import doctor
from xladdin.addin.build import ADDIN_FILENAME, build_addin
from xladdin.addin.location import default_xlstart, record_file, remember
from xladdin.addin.probe import ProbeResult, probe

OK, TIP, PROBLEM = doctor.OK, doctor.TIP, doctor.PROBLEM
OFFICE = r"HKCU\Software\Microsoft\Office\16.0\Excel"
POLICY = r"HKCU\Software\Policies\Microsoft\Office\16.0"
HEALTHY = ProbeResult(executable=sys.executable, xlwings=xlwings.__version__, xladdin=xladdin.__version__, has_main=True)


@pytest.fixture
def environ(tmp_path, monkeypatch):
    roaming, local = tmp_path / "AppData" / "Roaming", tmp_path / "AppData" / "Local"
    monkeypatch.setenv("APPDATA", str(roaming))
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    return os.environ


@pytest.fixture
def registry():
    return with_office_user(with_excel(FakeRegistry()))


@pytest.fixture
def addin(environ) -> Path:
    """An add-in installed the way install does it, pointing at this Python."""
    target = build_addin(default_xlstart(environ) / ADDIN_FILENAME, interpreter=sys.executable)
    remember(target)
    return target


def side(registry, environ, platform="win32"):
    return doctor.WindowsSide(registry=registry, environ=environ, platform=platform, here=Path(sys.executable))


def run(registry, environ, found: ProbeResult = HEALTHY, **kwargs) -> list[str]:
    return doctor.diagnose(side(registry, environ, **kwargs), ask=lambda _exe, _paths: found)


def only(lines: list[str], text: str) -> str:
    (line,) = [line for line in lines if text in line]
    return line


def set_setting(addin: Path, key: str, value: str | bool) -> None:
    """Change one row of the add-in's config sheet, as a person could in the VBA editor."""
    with zipfile.ZipFile(addin) as zf:
        files = {info: zf.read(info) for info in zf.infolist()}
    by_name = {info.filename: info for info in files}
    strings = re.findall(r"<si><t>([^<]*)</t></si>", files[by_name["xl/sharedStrings.xml"]].decode())
    sheet = files[by_name["xl/worksheets/sheet1.xml"]].decode()
    row = re.search(rf'<c r="A(\d+)"[^>]*t="s"[^>]*><v>{strings.index(key)}</v></c>', sheet).group(1)
    sheet = re.sub(rf'<c r="B{row}"[^>]*>.*?</c>', "", sheet)
    cell = (
        f'<c r="B{row}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, bool)
        else f'<c r="B{row}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    )
    sheet = re.sub(rf'(<c r="A{row}"[^>]*t="s"[^>]*><v>\d+</v></c>)', lambda m: m.group(1) + cell, sheet)
    files[by_name["xl/worksheets/sheet1.xml"]] = sheet.encode()
    with zipfile.ZipFile(addin, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in files.items():
            zf.writestr(info, data)


# ---- a healthy machine --------------------------------------------------------


def test_a_healthy_machine_has_only_ok_lines(registry, environ, addin):
    registry.set(rf"{OFFICE}\Security\Trusted Locations\Location2", "Path", r"%APPDATA%\Microsoft\Excel\XLSTART")
    lines = run(registry, environ)
    assert all(line.startswith(OK) for line in lines), lines
    assert lines[0] == f"{OK}系统是 Windows。"
    assert f"{OK}加载项已安装：{addin}" in lines
    assert f"{OK}加载项与它的 Python 里的 xlwings 版本一致（{xlwings.__version__}）。" in lines
    assert f"{OK}加载项与它的 Python 里的回头看版本一致（{xladdin.__version__}）。" in lines
    assert len(lines) == 10


# ---- Excel, WPS, the platform ---------------------------------------------------


def test_not_windows_points_to_serve_and_the_command_line(environ):
    (line,) = run(FakeRegistry(), environ, platform="linux")
    assert line.startswith(PROBLEM) and "linux" in line and "huitoukan serve" in line and "huitoukan summary" in line


def test_wps_without_excel_says_so_and_stops(environ):
    lines = run(with_wps(FakeRegistry()), environ)
    assert lines[1].startswith(PROBLEM) and "只找到了 WPS" in lines[1]
    assert "huitoukan serve" in lines[1] and "huitoukan check" in lines[1]
    assert len(lines) == 2  # nothing else matters without Excel and without an add-in


def test_an_addin_installed_despite_no_excel_in_the_registry_is_still_checked(environ, addin):
    """The registry can miss an Excel (install --skip-excel-check): the add-in's own lines still come."""
    lines = run(FakeRegistry(), environ)
    assert lines[1].startswith(PROBLEM) and f"{OK}加载项已安装：{addin}" in lines


def test_no_excel_and_no_wps(environ):
    lines = run(FakeRegistry(), environ)
    assert lines[1].startswith(PROBLEM) and "没有找到 Microsoft Excel" in lines[1] and len(lines) == 2


@pytest.mark.parametrize("app_path, com", [(True, False), (False, True)])
def test_excel_is_found_by_app_path_or_by_its_com_class(environ, addin, app_path, com):
    lines = run(with_office_user(with_excel(FakeRegistry(), app_path=app_path, com=com)), environ)
    assert lines[1] == rf"{OK}已安装 Microsoft Excel：C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE"


def test_excel_application_taken_over_by_wps(registry, environ, addin):
    registry.set(r"HKCR\CLSID\{00024500-0000-0000-C000-000000000046}\LocalServer32", "", r"C:\WPS Office\12.1\office6\et.exe /automation")
    line = only(run(registry, environ), "Excel.Application")
    assert line.startswith(TIP) and "et.exe" in line and "默认位置" in line


def test_excel_and_wps_side_by_side(registry, environ, addin):
    line = only(run(with_wps(registry), environ), "也装了 WPS")
    assert line.startswith(TIP) and "用 Excel 打开" in line


# ---- the add-in file ------------------------------------------------------------


def test_missing_addin_in_the_default_folder(registry, environ):
    lines = run(registry, environ)
    assert lines[-1].startswith(PROBLEM) and "默认启动文件夹" in lines[-1] and "安装.bat" in lines[-1]


def test_missing_addin_where_install_put_it(registry, environ, addin):
    addin.unlink()
    assert record_file(environ).is_file()
    lines = run(registry, environ)
    assert lines[-1].startswith(PROBLEM) and "安装时记录的位置" in lines[-1] and str(addin) in lines[-1]


def test_the_recorded_folder_wins_over_the_default(registry, environ, tmp_path):
    elsewhere = build_addin(tmp_path / "Redirected" / "XLSTART" / ADDIN_FILENAME, interpreter=sys.executable)
    remember(elsewhere)
    assert f"{OK}加载项已安装：{elsewhere}" in run(registry, environ)


def test_leftover_temp_file_from_an_old_install(registry, environ, addin):
    addin.with_name(ADDIN_FILENAME + ".tmp").write_bytes(b"half")
    line = only(run(registry, environ), ".tmp")
    assert line.startswith(TIP) and "删除" in line


# ---- Disabled Items and the Trust Center -----------------------------------------


def test_no_office_settings_yet_says_where_to_look(environ, addin):
    lines = run(with_excel(FakeRegistry()), environ)
    assert only(lines, "禁用项目").startswith(TIP) and "管理“禁用项目”" in only(lines, "禁用项目")
    assert only(lines, "宏设置").startswith(TIP) and "信任中心" in only(lines, "宏设置")


def test_addin_in_disabled_items(registry, environ, addin):
    entry = "\x01\x00\x00\x00" + str(addin).upper() + "\x00xladdin.xlam\x00"
    registry.set(rf"{OFFICE}\Resiliency\DisabledItems", "6E0B3A1", entry.encode("utf-16-le"))
    line = only(run(registry, environ), "禁用项目")
    assert line.startswith(PROBLEM) and "启用" in line


def test_other_disabled_items_are_not_ours(registry, environ, addin):
    registry.set(rf"{OFFICE}\Resiliency\DisabledItems", "1", r"C:\other\thing.xlam".encode("utf-16-le"))
    assert only(run(registry, environ), "禁用项目") == f"{OK}加载项不在 Excel 的“禁用项目”列表中。"


def test_unsigned_addins_blocked_by_policy(registry, environ, addin):
    registry.set(rf"{POLICY}\Common\Security", "RequireAlwaysOnMacroSig", 1)
    line = only(run(registry, environ), "数字签名")
    assert line.startswith(PROBLEM) and "信息部门" in line


def test_trusted_location_with_subfolders(registry, environ, addin):
    base = rf"{OFFICE}\Security\Trusted Locations\Location7"
    registry.set(base, "Path", str(addin.parent.parent) + "\\").set(base, "AllowSubfolders", 1)
    assert only(run(registry, environ), "受信任位置").startswith(OK)


@pytest.mark.parametrize(
    "setting, policy, start, words",
    [
        (None, False, TIP, "启用内容"),
        (2, False, TIP, "发出通知"),
        (1, False, OK, "不安全"),
        (3, False, PROBLEM, "添加"),
        (4, False, PROBLEM, "添加"),
        (4, True, PROBLEM, "信息部门"),
    ],
)
def test_macro_settings_without_a_trusted_location(registry, environ, addin, setting, policy, start, words):
    if setting is not None:
        registry.set(rf"{POLICY}\Excel\Security" if policy else rf"{OFFICE}\Security", "VBAWarnings", setting)
    line = only(run(registry, environ), "宏设置")
    assert line.startswith(start) and words in line
    assert ("单位策略" in line) == policy


def test_policy_turns_trusted_locations_off(registry, environ, addin):
    registry.set(rf"{OFFICE}\Security\Trusted Locations\Location2", "Path", str(addin.parent))
    registry.set(rf"{POLICY}\Excel\Security\Trusted Locations", "AllLocationsDisabled", 1)
    registry.set(rf"{OFFICE}\Security", "VBAWarnings", 4)
    line = only(run(registry, environ), "宏设置")
    assert line.startswith(PROBLEM) and "关闭了受信任位置" in line


# ---- the add-in's settings (text and true/false) -----------------------------------


def test_a_plain_build_has_no_settings(registry, environ):
    build_addin(default_xlstart(environ) / ADDIN_FILENAME)
    line = only(run(registry, environ), "设置表")
    assert line.startswith(PROBLEM) and "myaddin.conf" in line


def test_udf_server_off_needs_no_dll(registry, environ, addin):
    line = only(run(registry, environ), "Use UDF Server")
    assert line.startswith(OK) and "不需要 xlwings 的 DLL" in line


@pytest.mark.parametrize(
    "key, value, start, words",
    [
        ("Use UDF Server", True, PROBLEM, "COM 服务器"),
        ("Show Console", True, TIP, "命令行窗口"),
        ("Conda Env", "base", TIP, "Conda"),
        ("PYTHONPATH", r"D:\脚本", TIP, r"D:\脚本"),
    ],
)
def test_settings_that_change_the_click(registry, environ, addin, key, value, start, words):
    set_setting(addin, key, value)
    line = only(run(registry, environ), words)
    assert line.startswith(start)


def test_no_interpreter_setting(registry, environ):
    build_addin(default_xlstart(environ) / ADDIN_FILENAME, interpreter="")
    lines = run(registry, environ)
    assert lines[-1] == f"{PROBLEM}加载项没有设置 Python 解释器。{doctor.REINSTALL}"


def test_interpreter_gone(registry, environ, tmp_path):
    gone = tmp_path / "Python312" / "pythonw.exe"
    build_addin(default_xlstart(environ) / ADDIN_FILENAME, interpreter=str(gone))
    lines = run(registry, environ)
    assert lines[-1].startswith(PROBLEM) and str(gone) in lines[-1]


def test_another_python_than_the_doctors(registry, environ, tmp_path):
    other = tmp_path / "Python313" / "pythonw.exe"
    other.parent.mkdir()
    other.write_bytes(b"")
    build_addin(default_xlstart(environ) / ADDIN_FILENAME, interpreter=str(other))
    line = only(run(registry, environ), "不是同一个")
    assert line.startswith(TIP) and sys.executable in line


# ---- what the add-in's Python says --------------------------------------------------


@pytest.mark.parametrize(
    "found, start, words",
    [
        (ProbeResult(executable="x", started=False, error="拒绝访问"), PROBLEM, "无法启动"),
        (ProbeResult(executable="x", error="ModuleNotFoundError: No module named 'xladdin'"), PROBLEM, "导入回头看失败"),
        (ProbeResult(xlwings=xlwings.__version__, xladdin=xladdin.__version__, has_main=False), PROBLEM, "main()"),
        (ProbeResult(xlwings="0.36.0", xladdin=xladdin.__version__, has_main=True), PROBLEM, "错误 53"),
        (ProbeResult(xlwings=xlwings.__version__, xladdin="0.0.9", has_main=True), PROBLEM, "现在是回头看 0.0.9"),
    ],
)
def test_probe_findings(registry, environ, addin, found, start, words):
    line = only(run(registry, environ, found), words)
    assert line.startswith(start) and doctor.REINSTALL in line


def test_xlwings_older_than_set_colors_needs(registry, environ, addin, monkeypatch):
    monkeypatch.setattr(doctor, "vba_version", lambda _path: "0.37.0")
    line = only(run(registry, environ, ProbeResult(xlwings="0.37.0", xladdin=xladdin.__version__, has_main=True)), "太旧")
    assert line.startswith(PROBLEM) and "0.37.5" in line


def test_unreadable_vba_version(registry, environ, addin, monkeypatch):
    monkeypatch.setattr(doctor, "vba_version", lambda _path: None)
    assert only(run(registry, environ), "运行代码的版本").startswith(PROBLEM)


def test_addin_from_an_install_that_kept_no_version(registry, environ, addin, monkeypatch):
    monkeypatch.setattr(doctor, "addin_version", lambda _path: None)
    assert only(run(registry, environ), "没有记录回头看的版本").startswith(TIP)


# ---- the probe itself, for real ---------------------------------------------------------


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory) -> Path:
    """A real Python without huitoukan: a fresh virtual environment."""
    folder = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    return folder / "bin" / "python"


def fake_package(folder: Path) -> Path:
    (folder / "xladdin").mkdir(parents=True)
    (folder / "xladdin" / "__init__.py").write_text("__version__ = 'fake'\n", encoding="utf-8")
    return folder


def test_probe_of_this_python_finds_everything():
    found = probe(Path(sys.executable), [])
    assert found.error is None and found.has_main
    assert (found.xlwings, found.xladdin) == (xlwings.__version__, xladdin.__version__)


def test_probe_ignores_this_shells_pythonpath(bare_python, tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(fake_package(tmp_path / "shell")))
    found = probe(bare_python, [])
    assert found.started and "No module named" in found.error


def test_probe_runs_from_a_neutral_folder(bare_python, tmp_path, monkeypatch):
    monkeypatch.chdir(fake_package(tmp_path / "here"))
    found = probe(bare_python, [])
    assert "No module named" in found.error


def test_probe_uses_the_addins_pythonpath_as_runpython_does(bare_python, tmp_path):
    found = probe(bare_python, [str(fake_package(tmp_path / "setting"))])
    assert found.xladdin == "fake"  # found through the setting, as the click would
    assert "xlwings" in found.error  # and the bare Python lacks the rest


def test_probe_of_a_missing_program(tmp_path):
    found = probe(tmp_path / "nowhere" / "pythonw.exe", [])
    assert not found.started and doctor.probe_lines(found, None, None)[0].startswith(PROBLEM)


def test_whole_doctor_with_the_real_probe(registry, environ, addin):
    lines = doctor.diagnose(side(registry, environ))
    assert f"{OK}加载项与它的 Python 里的回头看版本一致（{xladdin.__version__}）。" in lines
    assert not [line for line in lines if line.startswith(PROBLEM)], lines
