"""Build the offline Windows bundle: dist/huitoukan-<version>-windows.zip.

The zip holds one folder with our wheel and every dependency as a win_amd64 or
pure wheel for CPython 3.11, 3.12 and 3.13 (``wheels/``), the batch files
安装.bat, 诊断.bat and 卸载.bat, and 使用说明.txt. An office PC without access
to the package index installs from it with ``pip install --no-index
--find-links``.

The dependency versions come from a lock, ``scripts/windows-bundle.lock.json``,
so that a bundle can be rebuilt with the same versions and the downloads can be
cached under ``build/windows-bundle/<lock hash>/``. ``--relock`` resolves the
newest versions again (with a current pip) and rewrites the lock, adding the
Windows-only dependencies that pip drops on Linux (see wheel_closure).

Usage: python scripts/windows_bundle.py [--out dist] [--force] [--relock]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from datetime import datetime
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wheel_closure import (
    PLATFORM,
    PYTHONS,
    WheelInfo,
    info_from_metadata,
    missing_on_windows,
    read_wheel,
    unfit_wheels,
)

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "scripts" / "windows-bundle.lock.json"
CACHE = ROOT / "build" / "windows-bundle"
TEMPLATES = ROOT / "scripts" / "windows"
PROJECT = "huitoukan"
MIN_PIP = Version("24.2")  # older pip checks Requires-Python against itself despite --python-version (pypa/pip#12216)
# Template file in the repository -> name in the bundle. The names are Chinese for
# the office; the repository keeps ASCII names.
BATCH_FILES = {"install.bat": "安装.bat", "doctor.bat": "诊断.bat", "uninstall.bat": "卸载.bat"}
README = ("readme.txt", "使用说明.txt")
FIND_PYTHON = "find-python.bat"


class BundleError(Exception):
    """A build that cannot go on; the message is Chinese and says what to do."""


# ---- pip -------------------------------------------------------------------


def pip(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pip", *args]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-8:])
        raise BundleError(f"pip 执行失败：{' '.join(args[:2])} …\n{tail}")
    return result


def require_current_pip() -> None:
    version = Version(pip("--version").stdout.split()[1])
    if version < MIN_PIP:
        raise BundleError(
            f"pip 版本 {version} 太旧（需要 {MIN_PIP} 或更高），跨版本下载时会按本机 Python 判断 Requires-Python。"
            f"请先运行：{sys.executable} -m pip install --upgrade pip"
        )


def target_options(python: str) -> list[str]:
    return ["--only-binary=:all:", "--platform", PLATFORM, "--python-version", python, "--implementation", "cp"]


def build_own_wheel(folder: Path) -> Path:
    """Our wheel, built from the working tree."""
    folder.mkdir(parents=True, exist_ok=True)
    pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(folder), str(ROOT))
    (wheel,) = folder.glob(f"{PROJECT}-*.whl")
    return wheel


# ---- the lock --------------------------------------------------------------


def read_lock(path: Path = LOCK) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def lock_key(lock: dict) -> str:
    """Cache key: the lock's content, so a changed version never reuses old downloads."""
    text = json.dumps({k: lock[k] for k in ("pythons", "platform", "wheels", "built")}, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _resolve(requirements: list[str], python: str, work: Path) -> list[WheelInfo]:
    """What pip would install for `python` on win_amd64 (markers judged as on this machine)."""
    report = work / f"report-{python}.json"
    pip(
        "install", "--quiet", "--dry-run", "--ignore-installed", "--report", str(report),
        "--target", str(work / "target"), *target_options(python), *requirements,
    )
    items = json.loads(report.read_text(encoding="utf-8"))["install"]
    return [
        info_from_metadata(
            item["download_info"]["url"].rsplit("/", 1)[-1],
            item["metadata"].get("requires_dist", []),
            item["metadata"].get("requires_python"),
        )
        for item in items
    ]


def _without_marker(requirement: Requirement) -> Requirement:
    """The requirement pip must not drop: its marker judged for Windows already, not for this machine."""
    bare = Requirement(str(requirement))
    bare.marker = None
    return bare


def _build_from_source(requirement: Requirement, folder: Path) -> WheelInfo:
    """A package published as source only, built into a wheel that must be pure Python."""
    pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(folder), str(requirement))
    name = canonicalize_name(requirement.name)
    built = [read_wheel(p) for p in folder.glob("*.whl")]
    wheel = max((w for w in built if w.name == name), key=lambda w: w.version)
    if not wheel.filename.endswith("-none-any.whl"):
        raise BundleError(f"{requirement} 没有 Windows 版 wheel，从源代码构建出的 {wheel.filename} 不是纯 Python 包，无法放进离线包。")
    return wheel


def relock(path: Path = LOCK) -> dict:
    """Resolve the newest versions for every target Python and write the lock."""
    require_current_pip()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        own = read_wheel(build_own_wheel(work / "own"))
        roots = [Requirement(f"{PROJECT}=={own.version}")]
        extra: list[Requirement] = []
        built: dict[str, WheelInfo] = {}
        pins: dict[str, dict[str, str]] = {}
        for python in PYTHONS:
            while True:
                resolved = _resolve([str(work / "own" / own.filename), *map(str, extra)], python, work)
                missing = missing_on_windows([*resolved, *built.values()], roots, python)
                if not missing:
                    break
                for requirement in missing:
                    bare = _without_marker(requirement)
                    try:
                        _resolve([str(bare)], python, work)
                        extra.append(bare)
                    except BundleError:  # no wheel for Windows: published as source only
                        wheel = _build_from_source(bare, work / "built")
                        built[wheel.name] = wheel
            # Versions may differ between Pythons: a release can drop an old Python.
            pins[python] = {w.name: str(w.version) for w in sorted(resolved, key=lambda w: w.name) if w.name != PROJECT}
    lock = {
        "comment": "Versions in the offline Windows bundle. Rewrite with: python scripts/windows_bundle.py --relock",
        "pythons": list(PYTHONS),
        "platform": PLATFORM,
        "wheels": pins,
        "built": {name: str(w.version) for name, w in sorted(built.items())},
    }
    path.write_text(json.dumps(lock, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return lock


# ---- downloads -------------------------------------------------------------


def dependency_wheels(lock: dict, cache: Path = CACHE) -> Path:
    """The locked dependency wheels for every target Python, downloaded once per lock."""
    folder = cache / lock_key(lock)
    if (folder / ".complete").exists():
        return folder
    require_current_pip()
    partial = cache / f".partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for python in lock["pythons"]:
        pins = [f"{name}=={version}" for name, version in lock["wheels"][python].items()]
        pip("download", "--quiet", "--no-deps", "--dest", str(partial), *target_options(python), *pins)
    for name, version in lock["built"].items():
        _build_from_source(Requirement(f"{name}=={version}"), partial)
    (partial / ".complete").write_text(datetime.now().isoformat(timespec="seconds"), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder


def verify_wheels(paths: list[Path], own: WheelInfo, pythons: tuple[str, ...] = PYTHONS) -> None:
    """Every wheel installs on win_amd64, and every dependency Windows asks for is here, for each Python."""
    wheels = [read_wheel(path) for path in paths]
    if bad := unfit_wheels(wheels, pythons):
        raise BundleError(f"这些 wheel 不能装在 64 位 Windows 的 CPython {'/'.join(pythons)} 上：{', '.join(bad)}")
    for python in pythons:
        if missing := missing_on_windows(wheels, [Requirement(f"{own.name}=={own.version}")], python):
            names = ", ".join(map(str, missing))
            raise BundleError(f"离线包缺少 Python {python} 在 Windows 上需要的依赖：{names}。请运行 --relock 更新版本锁。")


# ---- the zip ---------------------------------------------------------------


def crlf(text: str) -> bytes:
    return re.sub(r"\r?\n", "\r\n", text).encode("utf-8")


def batch_file(template: str) -> bytes:
    """A batch file from its template, with the shared Python finder appended; UTF-8 without BOM, CRLF."""
    body = (TEMPLATES / template).read_text(encoding="utf-8")
    finder = (TEMPLATES / FIND_PYTHON).read_text(encoding="utf-8")
    return crlf(body.rstrip("\n") + "\n\n" + finder)


def readme(version: str) -> bytes:
    # Notepad on older Windows guesses the encoding; a BOM makes UTF-8 certain.
    text = (TEMPLATES / README[0]).read_text(encoding="utf-8").replace("{version}", version)
    return "\ufeff".encode() + crlf(text)


def write_zip(target: Path, version: str, wheels: list[Path]) -> Path:
    """The bundle zip: Python's zipfile flags non-ASCII names as UTF-8, so 安装.bat keeps its name."""
    top = f"{PROJECT}-{version}-windows"
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as archive:
            for template, name in BATCH_FILES.items():
                archive.writestr(f"{top}/{name}", batch_file(template), zipfile.ZIP_DEFLATED)
            archive.writestr(f"{top}/{README[1]}", readme(version), zipfile.ZIP_DEFLATED)
            for wheel in sorted(wheels, key=lambda p: p.name):
                # Wheels are zips already: storing them costs nothing in size and saves time.
                archive.write(wheel, f"{top}/wheels/{wheel.name}", zipfile.ZIP_STORED)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def bundle_path(out_dir: Path) -> Path:
    return out_dir / f"{PROJECT}-{project_version()}-windows.zip"


def build_bundle(out_dir: Path, force: bool = False, cache: Path = CACHE, lock_path: Path = LOCK) -> Path:
    """Build dist/huitoukan-<version>-windows.zip; an existing one is replaced only with force, after a backup."""
    target = bundle_path(out_dir)
    if target.exists() and not force:
        raise BundleError(f"{target} 已存在。要重新生成，请加 --force（旧文件会先改名备份）。")
    lock = read_lock(lock_path)
    with tempfile.TemporaryDirectory() as tmp:
        own_path = build_own_wheel(Path(tmp))
        own = read_wheel(own_path)
        wheels = [own_path, *dependency_wheels(lock, cache).glob("*.whl")]
        verify_wheels(wheels, own, tuple(lock["pythons"]))
        out_dir.mkdir(parents=True, exist_ok=True)
        if target.exists():
            target.rename(target.with_name(f"{target.stem}.bak-{datetime.now():%Y%m%d-%H%M%S}{target.suffix}"))
        return write_zip(target, str(own.version), wheels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成 Windows 离线安装包 dist/huitoukan-<版本>-windows.zip。")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="输出文件夹，默认 dist/。")
    parser.add_argument("--force", action="store_true", help="输出文件已存在时重新生成（旧文件改名备份）。")
    parser.add_argument("--relock", action="store_true", help="重新解析最新依赖版本并改写版本锁，再生成。")
    args = parser.parse_args(argv)
    try:
        if args.relock:
            relock()
        path = build_bundle(args.out, force=args.force)
    except BundleError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    size = path.stat().st_size / 2**20
    print(f"已生成离线安装包：{path}（{size:.0f} MiB）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
