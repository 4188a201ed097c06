"""Read-only access to the Windows registry through a small interface that tests can fake.

Keys are written ``HKCU\\Software\\...`` (hive first). Only reads: the doctor
never changes a setting. On 64-bit Windows, HKLM has a 32-bit view as well
(32-bit Office registers itself there), so HKLM lookups try both views.
"""

from __future__ import annotations

from typing import Protocol

HIVES = ("HKCU", "HKLM", "HKCR")


class Registry(Protocol):
    def value(self, key: str, name: str = "") -> object | None:
        """The value `name` of `key` ("" is the key's default value); None if key or value is absent."""

    def subkeys(self, key: str) -> list[str]:
        """Names of the direct subkeys of `key`; [] if it is absent."""

    def values(self, key: str) -> dict[str, object]:
        """Every named value of `key`; {} if it is absent."""


class WindowsRegistry:
    """The real registry, through winreg (imported here: it exists on Windows only)."""

    def __init__(self) -> None:
        import winreg

        self._winreg = winreg
        self._hives = {
            "HKCU": winreg.HKEY_CURRENT_USER,
            "HKLM": winreg.HKEY_LOCAL_MACHINE,
            "HKCR": winreg.HKEY_CLASSES_ROOT,
        }

    def _open_all(self, key: str):
        hive, _, path = key.partition("\\")
        views = [self._winreg.KEY_WOW64_64KEY, self._winreg.KEY_WOW64_32KEY] if hive == "HKLM" else [0]
        for view in views:
            try:
                yield self._winreg.OpenKey(self._hives[hive], path, 0, self._winreg.KEY_READ | view)
            except OSError:
                continue

    def value(self, key: str, name: str = "") -> object | None:
        for handle in self._open_all(key):
            with handle:
                try:
                    return self._winreg.QueryValueEx(handle, name)[0]
                except OSError:
                    continue
        return None

    def subkeys(self, key: str) -> list[str]:
        names: list[str] = []
        for handle in self._open_all(key):
            with handle:
                count = self._winreg.QueryInfoKey(handle)[0]
                names += [self._winreg.EnumKey(handle, i) for i in range(count)]
        return list(dict.fromkeys(names))

    def values(self, key: str) -> dict[str, object]:
        found: dict[str, object] = {}
        for handle in self._open_all(key):
            with handle:
                count = self._winreg.QueryInfoKey(handle)[1]
                for i in range(count):
                    name, data, _kind = self._winreg.EnumValue(handle, i)
                    found.setdefault(name, data)
        return found
