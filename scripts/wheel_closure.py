"""Which wheels a Windows PC needs: tags and dependency markers judged as Windows would judge them.

`pip download --platform win_amd64` on Linux evaluates dependency markers for
the machine it runs on, so a dependency such as ``pywin32; platform_system ==
"Windows"`` is silently left out. This module reads each wheel's own metadata
(``Requires-Dist``, ``Requires-Python``) and evaluates the markers with a
Windows environment, for one CPython version at a time, using `packaging`.
"""

from __future__ import annotations

import zipfile
from collections import deque
from dataclasses import dataclass, field
from email.parser import HeaderParser
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

PYTHONS = ("3.11", "3.12", "3.13")
PLATFORM = "win_amd64"


def windows_environment(python: str) -> dict[str, str]:
    """Marker values of 64-bit CPython `python` (e.g. "3.12") on Windows 10 or 11."""
    full = f"{python}.0"
    env = dict(default_environment())
    env.update(
        implementation_name="cpython",
        implementation_version=full,
        os_name="nt",
        platform_machine="AMD64",
        platform_python_implementation="CPython",
        platform_release="10",
        platform_system="Windows",
        platform_version="10.0.19045",
        python_full_version=full,
        python_version=python,
        sys_platform="win32",
    )
    return env


def windows_tags(python: str) -> set[Tag]:
    """Every wheel tag that CPython `python` on win_amd64 accepts."""
    version = tuple(int(part) for part in python.split("."))
    interpreter = f"cp{version[0]}{version[1]}"
    tags = set(cpython_tags(version, abis=[interpreter, "abi3", "none"], platforms=[PLATFORM]))
    tags |= set(compatible_tags(version, interpreter=interpreter, platforms=[PLATFORM]))
    return tags


@dataclass
class WheelInfo:
    """What the resolver needs to know of one wheel: its name, version, tags and requirements."""

    filename: str
    name: str
    version: Version
    tags: frozenset[Tag]
    requires: list[Requirement] = field(default_factory=list)
    requires_python: SpecifierSet = field(default_factory=SpecifierSet)

    def fits(self, python: str) -> bool:
        return bool(self.tags & windows_tags(python)) and self.requires_python.contains(f"{python}.0")


def info_from_metadata(filename: str, requires_dist: list[str], requires_python: str | None) -> WheelInfo:
    name, version, _build, tags = parse_wheel_filename(filename)
    return WheelInfo(
        filename=filename,
        name=canonicalize_name(name),
        version=version,
        tags=frozenset(tags),
        requires=[Requirement(line) for line in requires_dist],
        requires_python=SpecifierSet(requires_python or ""),
    )


def read_wheel(path: Path) -> WheelInfo:
    """A wheel file's name, version, tags and Requires-Dist, from its .dist-info/METADATA."""
    with zipfile.ZipFile(path) as archive:
        metadata = next(n for n in archive.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
        headers = HeaderParser().parsestr(archive.read(metadata).decode("utf-8"))
    return info_from_metadata(path.name, headers.get_all("Requires-Dist") or [], headers.get("Requires-Python"))


def _pick(wheels: list[WheelInfo], requirement: Requirement, python: str) -> WheelInfo | None:
    name = canonicalize_name(requirement.name)
    candidates = [
        w for w in wheels
        if w.name == name and w.fits(python) and requirement.specifier.contains(w.version, prereleases=True)
    ]
    return max(candidates, key=lambda w: w.version, default=None)


def missing_on_windows(wheels: list[WheelInfo], roots: list[Requirement], python: str) -> list[Requirement]:
    """Requirements that CPython `python` on Windows would ask for and no wheel here satisfies.

    Walks the dependency graph from `roots`, evaluating every marker as Windows
    would, with the extras each requirement asks for.
    """
    env = windows_environment(python)
    missing: dict[str, Requirement] = {}
    seen: set[tuple[str, str]] = set()
    queue = deque((root, "") for root in roots)
    while queue:
        requirement, from_extra = queue.popleft()
        if requirement.marker is not None and not requirement.marker.evaluate({**env, "extra": from_extra}):
            continue
        wheel = _pick(wheels, requirement, python)
        if wheel is None:
            missing.setdefault(str(requirement), requirement)
            continue
        for extra in ["", *sorted(requirement.extras)]:
            if (wheel.filename, extra) in seen:
                continue
            seen.add((wheel.filename, extra))
            queue.extend((dep, extra) for dep in wheel.requires)
    return list(missing.values())


def unfit_wheels(wheels: list[WheelInfo], pythons: tuple[str, ...] = PYTHONS) -> list[str]:
    """Wheels that none of the target Pythons on win_amd64 could install (a Linux wheel, say)."""
    return [w.filename for w in wheels if not any(w.fits(python) for python in pythons)]
