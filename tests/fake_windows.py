"""A registry in a dict, for the doctor's tests: the Windows side without Windows."""

from __future__ import annotations


class FakeRegistry:
    """Keys like ``HKCU\\Software\\...`` mapped to their values; names compare without case, as in Windows."""

    def __init__(self) -> None:
        self._keys: dict[str, tuple[str, dict[str, object]]] = {}

    def set(self, key: str, name: str = "", value: object = "") -> FakeRegistry:
        _, values = self._keys.setdefault(key.lower(), (key, {}))
        values[name] = value
        return self

    def value(self, key: str, name: str = "") -> object | None:
        _, values = self._keys.get(key.lower(), (key, {}))
        return next((v for n, v in values.items() if n.lower() == name.lower()), None)

    def subkeys(self, key: str) -> list[str]:
        prefix = key.lower() + "\\"
        found = [original[len(prefix):].split("\\")[0] for lower, (original, _) in self._keys.items() if lower.startswith(prefix)]
        return list(dict.fromkeys(found))

    def values(self, key: str) -> dict[str, object]:
        return dict(self._keys.get(key.lower(), (key, {}))[1])


EXCEL = r"C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE"
EXCEL_CLSID = "{00024500-0000-0000-C000-000000000046}"


def with_excel(registry: FakeRegistry, app_path: bool = True, com: bool = True) -> FakeRegistry:
    if app_path:
        registry.set(r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\excel.exe", "", EXCEL)
    if com:
        registry.set(r"HKCR\Excel.Application\CLSID", "", EXCEL_CLSID)
        registry.set(rf"HKCR\CLSID\{EXCEL_CLSID}\LocalServer32", "", f'"{EXCEL}" /automation')
    return registry


def with_wps(registry: FakeRegistry) -> FakeRegistry:
    registry.set(r"HKCR\KET.Application\CLSID", "", "{45540001-5750-5300-4B49-4E47534F4654}")
    return registry


def with_office_user(registry: FakeRegistry, version: str = "16.0") -> FakeRegistry:
    """The keys Excel writes for a user once it has run."""
    registry.set(rf"HKCU\Software\Microsoft\Office\{version}\Excel\Options", "Font", "等线,11")
    return registry
