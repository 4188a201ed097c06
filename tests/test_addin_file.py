"""The built ribbon add-in: zip, ribbon XML, VBA wiring and settings (the doctor: test_addin_doctor)."""

import importlib
import importlib.util
import re
import sys
import zipfile
from pathlib import Path

import pytest
import xlwings
from defusedxml import ElementTree

from xladdin.addin.build import (
    ADDIN_FILENAME,
    CUSTOM_UI_NS,
    INTERPRETER_KEY,
    build_addin,
    config_sheet_settings,
    template_path,
    vba_modules,
    vba_version,
)
from xladdin.addin.install import doctor, install, remove
from xladdin.errors import UserError

NS = {"ui": CUSTOM_UI_NS}
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def addin(tmp_path_factory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin") / ADDIN_FILENAME)


def custom_ui(path: Path):
    with zipfile.ZipFile(path) as zf:
        return ElementTree.fromstring(zf.read("customUI/customUI.xml"))


def test_valid_zip_with_every_template_entry(addin):
    assert zipfile.is_zipfile(addin)
    with zipfile.ZipFile(addin) as zf, zipfile.ZipFile(template_path()) as tpl:
        assert zf.testzip() is None
        assert zf.namelist() == tpl.namelist()
        assert zf.read("xl/vbaProject.bin") == tpl.read("xl/vbaProject.bin")


def test_custom_ui_namespace_and_chinese_labels(addin):
    root = custom_ui(addin)
    assert root.tag == f"{{{CUSTOM_UI_NS}}}customUI"
    tab = root.find("ui:ribbon/ui:tabs/ui:tab", NS)
    assert tab.get("label") == "回头看"
    buttons = tab.findall("ui:group/ui:button", NS)
    assert [b.get("label") for b in buttons] == ["校验并汇总"]
    assert buttons[0].get("imageMso")


def test_every_on_action_is_a_ribbon_macro_in_the_vba(addin):
    modules = vba_modules(addin)
    actions = [el.get("onAction") for el in custom_ui(addin).iter() if el.get("onAction")]
    assert actions
    for action in actions:
        module, macro = action.split(".")
        code = modules[f"{module}.bas"]
        assert re.search(rf"^Sub {macro}\(control As IRibbonControl\)", code, re.M)


def test_vba_imports_the_file_stem_which_is_xladdin(addin):
    code = vba_modules(addin)["RibbonMyAddin.bas"]
    assert "mymodule = Left(ThisWorkbook.Name, (InStrRev(ThisWorkbook.Name" in code
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in code
    assert addin.stem == "xladdin"
    assert importlib.util.find_spec("xladdin") is not None


def test_the_function_the_ribbon_calls_exists(addin):
    """The button runs "import xladdin; xladdin.main()": a missing main is a broken button, never a skip."""
    code = vba_modules(addin)["RibbonMyAddin.bas"]
    called = re.findall(r'mymodule & "\.(\w+)\(\)"', code)
    assert called == ["main"]
    module = importlib.import_module("xladdin")
    for name in called:
        function = getattr(module, name)
        assert callable(function) and function.__module__ == "xladdin.excel.entry", name


def test_standalone_runtime_matches_xlwings(addin):
    assert "xlwings.bas" in vba_modules(addin)
    assert vba_version(addin) == xlwings.__version__


def test_build_rejects_other_names(tmp_path):
    with pytest.raises(ValueError, match=ADDIN_FILENAME):
        build_addin(tmp_path / "huitoukan.xlam")


def test_config_sheet_disabled_by_default_and_set_on_install(addin, tmp_path):
    assert config_sheet_settings(addin) is None
    interpreter = r"C:\Users\张三\env & <x>\Scripts\pythonw.exe"
    built = build_addin(tmp_path / ADDIN_FILENAME, interpreter=interpreter)
    settings = config_sheet_settings(built)
    assert settings[INTERPRETER_KEY] == interpreter
    assert settings["PYTHONPATH"] == ""


@pytest.mark.skipif(sys.platform.startswith("win"), reason="non-Windows behaviour")
def test_doctor_install_remove_need_windows():
    assert any("Windows" in line for line in doctor())
    for action in (install, remove):
        with pytest.raises(UserError, match="Windows 版 Excel"):
            action()


def test_committed_addin_matches_a_fresh_build(addin):
    """workbook/xladdin.xlam is what `huitoukan addin build` makes today (same parts, same bytes per part)."""
    committed = REPO / "workbook" / ADDIN_FILENAME
    with zipfile.ZipFile(committed) as old, zipfile.ZipFile(addin) as new:
        assert sorted(old.namelist()) == sorted(new.namelist()), "run: huitoukan addin build"
        for name in new.namelist():
            assert old.read(name) == new.read(name), f"{name} differs; run: huitoukan addin build"
