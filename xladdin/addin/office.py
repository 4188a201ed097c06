"""What the registry says about Excel, WPS and the settings that decide whether our add-in runs.

Pure functions over a Registry (xladdin.addin.registry), so tests give a fake one.
Facts relied on:
- Excel registers ``App Paths\\excel.exe`` (MSI and Click-to-Run alike) and
  the COM class ``Excel.Application`` whose LocalServer32 is EXCEL.EXE. WPS
  registers ``KET.Application`` (spreadsheets) and, with its compatibility
  option on, may take over ``Excel.Application`` itself.
- Per Office version (``16.0`` for 2016 to 365), under ``Software\\Microsoft\\Office\\<v>\\Excel``:
  ``Resiliency\\DisabledItems`` holds binary entries whose text (UTF-16) names
  each disabled file; ``Security\\VBAWarnings`` is the macro setting (1 enable
  all, 2 disable with notification, the default, 3 only signed, 4 disable
  without notification); ``Security\\Trusted Locations\\Location*`` have a
  ``Path`` and ``AllowSubfolders``. The same names under
  ``Software\\Policies\\Microsoft\\Office\\<v>`` are the organisation's policy,
  which wins; ``Common\\Security\\RequireAlwaysOnMacroSig`` = 1 silently
  disables unsigned add-ins such as ours.
"""

from __future__ import annotations

import ntpath
import re
from collections.abc import Mapping
from dataclasses import dataclass

from xladdin.addin.registry import Registry

EXCEL_CLSID_KEY = r"HKCR\Excel.Application\CLSID"
EXCEL_APP_PATH = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\excel.exe"
WPS_PROGIDS = (r"HKCR\KET.Application", r"HKCR\KWPS.Application")
WPS_KEYS = (r"HKCU\Software\Kingsoft\Office", r"HKLM\SOFTWARE\Kingsoft\Office")
OFFICE = r"HKCU\Software\Microsoft\Office"
POLICIES = r"HKCU\Software\Policies\Microsoft\Office"
MACRO_SETTINGS = {
    1: "启用所有宏",
    2: "禁用所有宏，并发出通知",
    3: "禁用无数字签署的所有宏",
    4: "禁用所有宏，并且不通知",
}


@dataclass(frozen=True)
class ExcelFacts:
    excel: str | None  # path of EXCEL.EXE, if installed
    wps: bool  # WPS Office's spreadsheet is registered
    automation_server: str | None  # the program behind Excel.Application (xlwings talks to it)


def _exe(command: object) -> str | None:
    """The program path of a registry command line such as ``"C:\\...\\EXCEL.EXE" /automation``."""
    if not isinstance(command, str) or not command.strip():
        return None
    text = command.strip()
    if text.startswith('"'):
        return text[1:].split('"', 1)[0]
    match = re.match(r"(.+?\.exe)\b", text, re.IGNORECASE)
    return match.group(1) if match else text.split(" /", 1)[0]


def _is_excel(path: str | None) -> bool:
    return bool(path) and ntpath.basename(path).lower() == "excel.exe"


def find_excel(registry: Registry) -> ExcelFacts:
    app_path = _exe(registry.value(EXCEL_APP_PATH))
    clsid = registry.value(EXCEL_CLSID_KEY)
    server = _exe(registry.value(rf"HKCR\CLSID\{clsid}\LocalServer32")) if clsid else None
    excel = next((p for p in (app_path, server) if _is_excel(p)), None)
    wps = any(registry.value(key) is not None or registry.subkeys(key) for key in (*WPS_PROGIDS, *WPS_KEYS))
    return ExcelFacts(excel=excel, wps=wps, automation_server=server)


def office_versions(registry: Registry) -> list[str]:
    """Office versions with Excel settings for this user, newest first (e.g. ["16.0"])."""
    versions = [v for v in registry.subkeys(OFFICE) if re.fullmatch(r"\d+\.\d+", v)]
    with_excel = [v for v in versions if registry.subkeys(rf"{OFFICE}\{v}\Excel")]
    return sorted(with_excel, key=lambda v: float(v), reverse=True)


def disabled_items(registry: Registry, version: str) -> list[str]:
    """The text of each entry in Excel's Disabled Items list (file paths, mostly)."""
    entries = registry.values(rf"{OFFICE}\{version}\Excel\Resiliency\DisabledItems")
    texts = []
    for data in entries.values():
        if isinstance(data, bytes | bytearray):
            text = bytes(data).decode("utf-16-le", errors="ignore")
            texts.append("".join(ch if ch.isprintable() else " " for ch in text).strip())
        elif isinstance(data, str):
            texts.append(data)
    return texts


@dataclass(frozen=True)
class MacroFacts:
    setting: int | None  # VBAWarnings, None if never changed (then Excel uses 2)
    by_policy: bool
    trusted: str | None  # the trusted location that covers the add-in's folder
    locations_disabled: bool  # policy: trusted locations are ignored
    signature_required: bool  # policy: unsigned add-ins are disabled without a word


def _dword(value: object) -> int | None:
    return value if isinstance(value, int) else None


def macro_facts(registry: Registry, version: str, addin_folder: str, environ: Mapping[str, str]) -> MacroFacts:
    security = rf"{OFFICE}\{version}\Excel\Security"
    policy = rf"{POLICIES}\{version}\Excel\Security"
    policy_setting = _dword(registry.value(policy, "VBAWarnings"))
    setting = policy_setting if policy_setting is not None else _dword(registry.value(security, "VBAWarnings"))
    disabled = _dword(registry.value(rf"{policy}\Trusted Locations", "AllLocationsDisabled")) == 1
    signature = _dword(registry.value(rf"{POLICIES}\{version}\Common\Security", "RequireAlwaysOnMacroSig")) == 1
    trusted = None
    for base in (rf"{policy}\Trusted Locations", rf"{security}\Trusted Locations"):
        for location in registry.subkeys(base):
            path = registry.value(rf"{base}\{location}", "Path")
            subfolders = _dword(registry.value(rf"{base}\{location}", "AllowSubfolders")) == 1
            if isinstance(path, str) and _covers(_expand(path, environ), addin_folder, subfolders):
                trusted = trusted or _expand(path, environ)
    return MacroFacts(setting, policy_setting is not None, trusted, disabled, signature)


def _expand(path: str, environ: Mapping[str, str]) -> str:
    """Expand %VAR% as Windows does (the registry stores the user's XLSTART as %APPDATA%\\...)."""
    lookup = {k.upper(): v for k, v in environ.items()}
    return re.sub(r"%([^%]+)%", lambda m: lookup.get(m.group(1).upper(), m.group(0)), path)


def _norm(path: str) -> str:
    return ntpath.normcase(ntpath.normpath(path)).rstrip("\\/")


def _covers(location: str, folder: str, subfolders: bool) -> bool:
    location, folder = _norm(location), _norm(folder)
    if location == folder:
        return True
    return subfolders and folder.startswith(location + "\\")
