"""Ask the add-in's Python what Excel's click would find, under the conditions of the click.

RunPython (the add-in's VBA, ``ExecuteWindows``) changes to the interpreter's
folder and runs ``pythonw.exe -B -c "...; import xladdin; xladdin.main()"``
with Excel's environment, after putting the add-in's folder and its
PYTHONPATH setting in front of ``sys.path``. The probe does the same: it
runs in the interpreter's folder, never in the folder the doctor was started
from, and with the PYTHON* and virtual-environment variables of this shell
removed, so a PYTHONPATH set only here cannot make the import succeed.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# Variables that change what an import finds or how Python starts; Excel's child process does not have ours.
_SHELL_ONLY = ("VIRTUAL_ENV", "CONDA_PREFIX", "CONDA_DEFAULT_ENV", "__PYVENV_LAUNCHER__")
_PROBE = r"""
import json, sys
sys.path[0:0] = [p for p in sys.argv[1:] if p]
found = {"executable": sys.executable}
try:
    import xladdin
    found["xladdin"] = getattr(xladdin, "__version__", None)
    import xlwings
    found["xlwings"] = xlwings.__version__
    found["main"] = callable(getattr(xladdin, "main", None))
    import reports.charts, reports.tables
except BaseException as exc:
    found["error"] = f"{type(exc).__name__}: {exc}"
print(json.dumps(found))
"""


@dataclass(frozen=True)
class ProbeResult:
    """What the add-in's Python could import; `error` names the first failure."""

    executable: str = ""
    started: bool = True
    xlwings: str | None = None
    xladdin: str | None = None
    has_main: bool = False
    error: str | None = None


def console_twin(interpreter: Path) -> Path:
    """python.exe beside pythonw.exe: same environment, but its output can be read."""
    if interpreter.name.lower() == "pythonw.exe" and interpreter.with_name("python.exe").is_file():
        return interpreter.with_name("python.exe")
    return interpreter


def clean_environment(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    env = {k: v for k, v in environ.items() if not k.upper().startswith("PYTHON") and k.upper() not in _SHELL_ONLY}
    env["PYTHONIOENCODING"] = "utf-8"  # only how the answer is printed
    return env


def probe(interpreter: Path, extra_paths: list[str], timeout: float = 120) -> ProbeResult:
    exe = console_twin(interpreter)
    try:
        done = subprocess.run(
            [str(exe), "-B", "-c", _PROBE, *extra_paths],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
            cwd=exe.parent,
            env=clean_environment(),
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return ProbeResult(executable=str(exe), started=False, error=str(exc))
    lines = done.stdout.strip().splitlines()
    try:
        found = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        last = (done.stderr.strip().splitlines() or ["没有输出"])[-1]
        return ProbeResult(executable=str(exe), error=last)
    return ProbeResult(
        executable=found.get("executable", str(exe)),
        xlwings=found.get("xlwings"),
        xladdin=found.get("xladdin"),
        has_main=bool(found.get("main")),
        error=found.get("error"),
    )
