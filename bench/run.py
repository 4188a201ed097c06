"""One command: build the benchmark workbooks, time every command as a whole process, write results.md.

    python -m bench.run                       # 6, 100, 1,000 and 5,000 branches
    python -m bench.run --sizes 6 --runs 1    # the CI smoke size

Every command and its baselines run interleaved, run after run, on the same
files, so a busy machine slows them alike and the ratios stay meaningful.
Peak RSS comes from os.wait4 (the child's own rusage; stdlib only).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
PY = sys.executable  # the real interpreter: a pyenv shim would add its own start-up to every number
DEFAULT_SIZES = (6, 100, 1000, 5000)
DEFAULT_RUNS = {6: 7, 100: 5, 1000: 2, 5000: 1}
TIMEOUT = 1800

CALAMINE_ALL = (
    "import sys, python_calamine as pc\n"
    "wb = pc.CalamineWorkbook.from_path(sys.argv[1])\n"
    "n = sum(len(wb.get_sheet_by_name(s).to_python()) for s in wb.sheet_names)\n"
)
OPENPYXL_LOAD = "import sys\nfrom openpyxl import load_workbook\nload_workbook(sys.argv[1])\n"
OPENPYXL_LOAD_SAVE = "import sys\nfrom openpyxl import load_workbook\nload_workbook(sys.argv[1]).save(sys.argv[2])\n"


# The commands whose ratios are targets and take about a second: each runs at least QUICK_RUNS times.
QUICK = ("check --json", "check --json (no text checks)", "(a) calamine, every cell", "(c) import openpyxl")
QUICK_RUNS = 9


def commands(book: Path, out: Path, summary: bool, size: int, quick: bool = False, full: bool = False) -> dict[str, list[str]]:
    cli = [PY, "-m", "xladdin"]
    cmds = {
        "check --json": [*cli, "check", "--json", str(book)],
        # The same-run baseline for the 实事求是 text checks (target 6).
        "check --json (no text checks)": [*cli, "check", "--json", "--no-text-checks", str(book)],
        "check --json (openpyxl engine)": [*cli, "check", "--json", "--engine", "openpyxl", str(book)],
        "check --mark": [*cli, "check", "--json", "--force", "--mark", str(out / "marked.xlsx"), str(book)],
        "(a) calamine, every cell": [PY, "-c", CALAMINE_ALL, str(book)],
        "(b) openpyxl load_workbook": [PY, "-c", OPENPYXL_LOAD, str(book)],
        "openpyxl load+save": [PY, "-c", OPENPYXL_LOAD_SAVE, str(book), str(out / "saved.xlsx")],
        "(c) import openpyxl": [PY, "-c", "import openpyxl"],
    }
    if size > 1000 or quick:
        del cmds["check --json (openpyxl engine)"]  # minutes per run at 5,000, and says nothing new
    if size > 1000 and not full:
        # Each of these is a full openpyxl load: ~5 minutes apiece at 5,000 branches on
        # the reference machine. No target needs them there (--full times them anyway).
        for name in ("check --mark", "(b) openpyxl load_workbook", "openpyxl load+save"):
            del cmds[name]
    summary = summary and (size <= 100 or full)  # the summary target is at 6 branches
    if summary:
        cmds["summary"] = [*cli, "summary", str(book), "--force", "-o", str(out / "summary.xlsx")]
        cmds["import pandas, matplotlib.pyplot"] = [PY, "-c", "import pandas, matplotlib.pyplot"]
    if summary and size <= 6:
        # The button's whole job (issue 17 target 7): check, marked copy with its 汇总, summary workbook and
        # Word report, against the libraries it cannot do without.
        cmds["run"] = [*cli, "run", str(book), "-o", str(out / "run")]
        cmds["import pandas, matplotlib.pyplot, openpyxl"] = [PY, "-c", "import pandas, matplotlib.pyplot, openpyxl"]
    return cmds


def has_summary() -> bool:
    probe = subprocess.run([PY, "-m", "xladdin", "summary", "--help"], capture_output=True, cwd=ROOT, timeout=120)
    return probe.returncode == 0


def compile_sources() -> None:
    """Byte-compile our packages first, as `pip install` does for a user.

    The children run with PYTHONDONTWRITEBYTECODE (nothing written while timing), and an
    editable checkout has no bytecode of its own: without this step every process would
    compile our 200-odd modules from source, which installed copies never do, while the
    baselines' libraries are compiled already.
    """
    subprocess.run([PY, "-m", "compileall", "-q", "-j", "0", "xladdin", "reports", "bench"], cwd=ROOT, check=True)


def run_once(cmd: list[str], out: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one process."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "HUITOUKAN_LOG_DIR": str(out / "logs")}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = start + TIMEOUT
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.002)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode not in (0, 1):  # 1 is check's "errors found"
        raise RuntimeError(f"{' '.join(cmd[:4])}… exited {proc.returncode}: {err[-800:]}")
    return wall, usage.ru_maxrss / 1024, proc.returncode  # Linux reports KB


def bench_size(size: int, runs: int, summary: bool, log, quick: bool = False, full: bool = False) -> dict[str, dict]:
    book = WORK / f"branches-{size}.xlsx"
    started = time.perf_counter()
    # In a child: on Linux a forked child's ru_maxrss starts from its parent's
    # peak, so this process must stay small (no openpyxl here).
    subprocess.run([PY, "-m", "bench.make_books", "--out", str(book), str(size)], cwd=ROOT, check=True)
    log(f"[{size}] built {book.name} ({book.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
    out = Path(tempfile.mkdtemp(prefix=f"bench-{size}-", dir=WORK))
    try:
        cmds = commands(book, out, summary, size, quick, full)
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
        # The openpyxl baselines take a minute a run at 1,000 branches and allow only a few runs;
        # the commands of the check ratios take a second, and two runs of those are too few to
        # trust a median of: they run on, interleaved, until each has QUICK_RUNS.
        quick_cmds = {n: c for n, c in cmds.items() if n in QUICK}
        for r in range(runs if quick else max(runs, QUICK_RUNS)):  # the CI smoke keeps its one run
            # Every other run in reverse order: with few runs (two at 1,000 branches), a change of
            # load during a run then does not always fall on the same command of a pair.
            order = list((cmds if r < runs else quick_cmds).items())
            for name, cmd in order[::-1] if r % 2 else order:
                wall, rss, _ = run_once(cmd, out)
                samples[name].append((wall, rss))
            log(f"[{size}] run {r + 1}: " + ", ".join(f"{n} {s[-1][0]:.2f}s" for n, s in samples.items()))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return {
        name: {
            "median": statistics.median(w for w, _ in s),
            "min": min(w for w, _ in s),
            "max": max(w for w, _ in s),
            "rss_mb": max(m for _, m in s),
            "runs": len(s),
        }
        for name, s in samples.items()
    }


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1048576:.1f} GB"
    except (OSError, ValueError, IndexError):
        pass
    versions = {}
    for mod in ("openpyxl", "python_calamine", "pandas", "matplotlib", "click"):
        try:
            from importlib.metadata import version

            versions[mod] = version(mod.replace("_", "-"))
        except Exception:  # a missing package is reported as such
            versions[mod] = "—"
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": mem,
        "os": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "libraries": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "load": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def ratios(results: dict[int, dict[str, dict]]) -> list[tuple[str, str, str, str]]:
    """(target, measured, limit, verdict) rows."""
    rows = []

    def med(size: int, name: str) -> float | None:
        return results.get(size, {}).get(name, {}).get("median")

    def row(target: str, value: float | None, limit: float, unit: str = "×") -> None:
        if value is None:
            rows.append((target, "not measured", f"≤ {limit}{unit}", "—"))
            return
        rows.append((target, f"{value:.2f}{unit}", f"≤ {limit}{unit}", "met" if value <= limit else "NOT met"))

    big = max(results)
    for size in sorted(results):
        a, c = med(size, "check --json"), med(size, "(a) calamine, every cell")
        if a and c and size >= 100:
            row(f"1. check --json / calamine baseline (a), {size} branches", a / c, 2.0)
    small = min(results)
    a, c = med(small, "check --json"), med(small, "(c) import openpyxl")
    if a and c:
        row(f"2. cold check --json / import openpyxl (c), {small} branches", a / c, 2.0)
    s = med(small, "summary")
    row(f"3. summary wall, {small} branches", s, 1.5, " s")
    p = med(small, "import pandas, matplotlib.pyplot")
    if s and p:
        rows.append((f"3. summary / import pandas+matplotlib, {small} branches", f"{s / p:.2f}×", "(reported)", ""))
    r, base = med(small, "run"), med(small, "import pandas, matplotlib.pyplot, openpyxl")
    if r and base:
        row(f"7. run / import pandas+matplotlib+openpyxl, {small} branches", r / base, 1.4)
    rss = results[big].get("check --json", {}).get("rss_mb")
    row(f"4. check --json peak RSS, {big} branches", rss, 400, " MB")
    for size in sorted(results):
        m, ls = med(size, "check --mark"), med(size, "openpyxl load+save")
        if m and ls and size == 1000:
            # Issue 17: the patching writer copies unchanged parts and rewrites only the marked ones.
            row(f"5. check --mark / openpyxl load+save, {size} branches", m / ls, 0.15)
        elif m and ls and size >= 100:  # start-up and the check weigh more in a small book
            rows.append((f"5. check --mark / openpyxl load+save, {size} branches", f"{m / ls:.2f}×", "(reported)", ""))
    if size_1000 := results.get(1000, {}).get("check --mark", {}).get("rss_mb"):
        row("5. check --mark peak RSS, 1000 branches", size_1000, 150, " MB")
    for size in sorted(results):
        t, base = med(size, "check --json"), med(size, "check --json (no text checks)")
        if t and base and size >= 100:
            row(f"6. check --json / the same without the text checks, {size} branches", t / base, 1.2)
    for name in ("check --json", "check --mark"):
        rows.extend(per_branch(results, name))
    return rows


def per_branch(results: dict[int, dict[str, dict]], name: str) -> list[tuple[str, str, str, str]]:
    """Marginal cost per branch above the smallest book: (t(n) - t(6)) / (n - 6), and the same for RSS."""
    base = min(results)
    sizes = [n for n in sorted(results) if n >= 100 and n > base and name in results[n]]
    if len(sizes) < 2 or name not in results[base]:
        return []
    out = []
    for key, unit, scale in (("median", "ms", 1000), ("rss_mb", "KB", 1024)):
        costs = [(results[n][name][key] - results[base][name][key]) / (n - base) * scale for n in sizes]
        spread = max(costs) / min(costs) if min(costs) > 0 else float("inf")
        detail = ", ".join(f"{n}: {c:.2f} {unit}" for n, c in zip(sizes, costs, strict=True))
        out.append((f"4. {name}: per-branch {'time' if key == 'median' else 'memory'} ({detail})",
                    f"{spread:.2f}×", "≤ 1.3×", "met" if spread <= 1.3 else "NOT met"))
    return out


def profile_section() -> str:
    """The profile and the reasons behind missed targets: prose a run cannot
    regenerate, kept in bench/README.md and copied here so results.md is whole."""
    text = (HERE / "README.md").read_text(encoding="utf-8")
    start = text.find("## Where the time goes")
    return text[start:].strip() if start >= 0 else ""


def write_markdown(path: Path, results: dict[int, dict[str, dict]], info: dict[str, str], notes: list[str]) -> None:
    lines = ["# Benchmark results", "", f"Generated by `python -m bench.run` on {time.strftime('%Y-%m-%d %H:%M')}.", ""]
    lines += ["## Machine", ""] + [f"- {k}: {v}" for k, v in info.items()] + [""]
    lines += ["## Targets", "", "| target | measured | limit | verdict |", "|---|---|---|---|"]
    lines += [f"| {t} | {m} | {lim} | {v} |" for t, m, lim, v in ratios(results)] + [""]
    lines += ["## Timings (whole process, seconds)", ""]
    for size, res in sorted(results.items()):
        lines += [f"### {size} branches", "", "| command | median | min | max | peak RSS MB | runs |", "|---|---|---|---|---|---|"]
        lines += [f"| {n} | {r['median']:.3f} | {r['min']:.3f} | {r['max']:.3f} | {r['rss_mb']:.0f} | {r['runs']} |"
                  for n, r in res.items()]
        lines.append("")
    if notes:
        lines += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]
    lines += [profile_section(), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="branch counts, comma separated")
    ap.add_argument("--runs", type=int, help="runs per command (default: 7, 5, 2, 1 by size)")
    ap.add_argument("--out", type=Path, default=HERE / "results.md", help="markdown report")
    ap.add_argument("--json", type=Path, help="also write the raw numbers here (default: beside --out)")
    ap.add_argument("--quick", action="store_true", help="CI smoke: skip summary and the openpyxl-engine check")
    ap.add_argument("--full", action="store_true", help="also time the openpyxl-based commands above 1,000 branches")
    args = ap.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    WORK.mkdir(parents=True, exist_ok=True)
    compile_sources()
    info = machine()
    summary = not args.quick and has_summary()
    notes = [] if summary or args.quick else ["`huitoukan summary` is not available yet: summary timings skipped."]

    def log(msg: str) -> None:
        print(msg, flush=True)

    results: dict[int, dict] = {}
    start_load = info["load"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    raw = args.json or args.out.with_suffix(".json")
    for size in sizes:
        results[size] = bench_size(size, args.runs or DEFAULT_RUNS.get(size, 3), summary, log, args.quick, args.full)
        # Written after every size, so a long run that is stopped still leaves its numbers.
        info["load"] = f"{start_load} (start), " + " / ".join(f"{x:.2f}" for x in os.getloadavg()) + " (end)"
        write_markdown(args.out, results, info, notes)
        raw.write_text(json.dumps({"machine": info, "results": results}, ensure_ascii=False, indent=2), encoding="utf-8")
    log(f"wrote {args.out} and {raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
