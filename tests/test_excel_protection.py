"""Protected sheets and workbooks on the Excel path, through the remote-engine harness.

The remote engine knows no protection (its ``api`` is the JSON payload), so
the payload's sheets and book are given the members a COM Worksheet and
Workbook have (ProtectContents, Protection.Allow…, Unprotect, Protect,
ProtectStructure): that part is a fake; the entry points, the jobs and the
replayed changes are the real ones.
"""

from __future__ import annotations

from types import SimpleNamespace

import openpyxl
import pytest
from conftest import SAMPLE
from xlwings_harness import apply_actions, load_book

from xladdin.excel import entry as excel
from xladdin.excel.protect import ALLOW, unprotected
from xladdin.spec import form

BRANCHES = ["运一", "电气", "化学", "除灰", "运二", "汽机"]


class ComSheet(dict):
    """A payload sheet that also answers like a COM Worksheet's protection members."""

    def __init__(self, payload: dict, password: str | None = None, **allow: bool):
        super().__init__(payload)
        self.password = password
        self.ProtectContents, self.ProtectDrawingObjects, self.ProtectScenarios, self.ProtectionMode = True, False, True, False
        self.Protection = SimpleNamespace(**{name: allow.get(name, False) for name in ALLOW})
        self.calls: list[tuple] = []

    def options(self) -> dict:
        return {
            **vars(self.Protection),
            "DrawingObjects": self.ProtectDrawingObjects,
            "Contents": self.ProtectContents,
            "Scenarios": self.ProtectScenarios,
            "UserInterfaceOnly": self.ProtectionMode,
        }

    def Unprotect(self, *password):
        self.calls.append(("Unprotect", password))
        if not password:
            raise AssertionError("Excel would ask for the password here")
        if password[0] != (self.password or ""):
            raise RuntimeError("(-2147352567, 'Microsoft Excel', '您提供的密码不正确。', 1004)")
        self.ProtectContents = self.ProtectScenarios = False

    def Protect(self, **options):
        self.calls.append(("Protect", options))
        assert "Password" not in options, "a password must never be set or replaced"
        self.ProtectContents, self.ProtectScenarios = options["Contents"], options["Scenarios"]
        self.ProtectDrawingObjects, self.ProtectionMode = options["DrawingObjects"], options["UserInterfaceOnly"]
        self.Protection = SimpleNamespace(**{name: options[name] for name in ALLOW})


class ComBook(dict):
    def __init__(self, payload: dict, structure: bool):
        super().__init__(payload)
        self.ProtectStructure = structure


def protect(book, passwords: dict[str, str | None], **allow: bool) -> dict[str, ComSheet]:
    sheets = book.impl.api["sheets"]
    fakes = {}
    for ix, payload in enumerate(sheets):
        if payload["name"] in passwords:
            fakes[payload["name"]] = sheets[ix] = ComSheet(payload, passwords[payload["name"]], **allow)
    return fakes


def alerts_only(book) -> str:
    actions = book.json()["actions"]
    assert [a["func"] for a in actions if a["func"] not in ("alert", "setScreenUpdating")] == []
    (alert,) = [a for a in actions if a["func"] == "alert"]
    assert alert["args"][3] == "critical"
    return alert["args"][0]


def test_a_password_sheet_gets_one_alert_and_nothing_changes():
    book = load_book(SAMPLE)
    fakes = protect(book, {"运一": None, "电气": "机密"}, AllowFormattingCells=True)
    before = fakes["运一"].options()
    excel.main(book)
    prompt = alerts_only(book)
    assert "“电气”设有保护密码" in prompt and "撤销工作表保护" in prompt and "内部错误" not in prompt
    assert fakes["电气"].calls == [("Unprotect", ("",))]  # asked with the empty password only: no prompt
    assert fakes["电气"].ProtectContents
    # The sheet without a password, lifted before the refusal, is protected again as it was.
    assert fakes["运一"].calls == [("Unprotect", ("",)), ("Protect", before)]
    assert fakes["运一"].options() == before


def test_every_password_sheet_is_named_in_one_alert():
    book = load_book(SAMPLE)
    protect(book, {"化学": "a", "汽机": "b"})
    excel.validate(book)
    prompt = alerts_only(book)
    assert "“化学”、“汽机”设有保护密码" in prompt


def test_sheets_without_a_password_are_marked_and_protected_again_as_they_were(tmp_path):
    book = load_book(SAMPLE)
    fakes = protect(book, dict.fromkeys(BRANCHES), AllowFormattingCells=True, AllowSorting=True)
    before = {name: fake.options() for name, fake in fakes.items()}
    excel.main(book)
    out = tmp_path / "marked.xlsx"
    (alert,) = apply_actions(book.json()["actions"], SAMPLE, out)
    assert alert["mode"] == "info" and "校验并汇总完成" in alert["prompt"]
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == [form.SUMMARY_SHEET, form.ISSUES_SHEET]
    assert any(c.comment for ws in (wb[n] for n in BRANCHES) for row in ws.iter_rows() for c in row)
    for name, fake in fakes.items():
        assert fake.calls == [("Unprotect", ("",)), ("Protect", before[name])], name
        assert fake.options() == before[name]


@pytest.mark.parametrize("entry", [excel.main, excel.validate, excel.summarize, excel.clear_marks])
def test_a_protected_structure_gets_an_alert_not_an_internal_error(entry):
    book = load_book(SAMPLE)
    book.impl._api = ComBook(book.impl.api, structure=True)
    fakes = protect(book, {"运一": None})
    entry(book)
    prompt = alerts_only(book)
    assert "工作簿的结构受保护" in prompt and "保护工作簿" in prompt and "内部错误" not in prompt
    assert fakes["运一"].calls == []  # refused before any sheet was touched


def test_export_needs_no_change_to_a_protected_workbook(home_documents):
    book = load_book(SAMPLE)
    book.impl._api = ComBook(book.impl.api, structure=True)
    protect(book, {"电气": "机密"})
    excel.export(book)
    (alert,) = [a for a in book.json()["actions"] if a["func"] == "alert"]
    assert alert["args"][3] == "info" and list(home_documents.glob("sample_回头看汇总_*.xlsx"))


def test_protection_is_restored_when_the_writing_fails():
    sheet = SimpleNamespace(name="运一", api=ComSheet({"name": "运一"}, None, AllowFiltering=True))
    before = sheet.api.options()
    with pytest.raises(OSError), unprotected(sheet):
        assert not sheet.api.ProtectContents
        raise OSError("Excel went away")
    assert sheet.api.options() == before


@pytest.fixture
def home_documents(tmp_path, monkeypatch):
    """The remote book has no folder, so the export goes to ~/Documents: keep it in tmp_path."""
    folder = tmp_path / "home"
    (folder / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("USERPROFILE", str(folder))
    return folder / "Documents"
