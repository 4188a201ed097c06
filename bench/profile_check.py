"""Where `check --json` spends its time, phase by phase, in one process.

    python -m bench.profile_check bench/work/branches-1000.xlsx
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main(path: str, engine: str = "auto") -> list[tuple[str, float]]:
    import gc

    gc.disable()  # as jobs.check_file runs the read and the checks (xladdin.core.cycles)
    try:
        return _phases(path, engine)
    finally:
        gc.enable()


def _phases(path: str, engine: str) -> list[tuple[str, float]]:
    marks = [("start", time.perf_counter())]
    import json

    from xladdin.core.checks import check_workbook
    from xladdin.core.findings import json_default
    from xladdin.xlsx import read as reader
    from xladdin.xlsx.package import open_package
    from xladdin.xlsx.parts import read_workbook_info
    from xladdin.xlsx.sheet_scan import scan_sheets
    from xladdin.xlsx.sources import open_cell_source
    from xladdin.xlsx.targets import resolve_targets

    marks.append(("import our modules", time.perf_counter()))
    p = Path(path)
    with open_package(p) as archive:
        info = read_workbook_info(archive)
        targets = resolve_targets(info)
        marks.append(("workbook.xml: sheets, names and their targets", time.perf_counter()))
        scan = scan_sheets(archive, info, targets.wanted if engine == "auto" else None)
        marks.append(("one pass over each sheet: merges, safety, plain cells", time.perf_counter()))
    with open_cell_source(p, info, engine, scan.calamine_ok, scan.values) as source:
        marks.append(("open cell source", time.perf_counter()))
        data = reader.read_parts(p, info, source, scan.merges, targets)
        marks.append(("read cells (calamine + plain data + per-field loop)", time.perf_counter()))
    report = check_workbook(data)
    marks.append(("checks", time.perf_counter()))
    json.dumps(report.as_dict(), ensure_ascii=False, default=json_default)  # as piped
    marks.append(("JSON", time.perf_counter()))
    return [(name, t - marks[i][1]) for i, (name, t) in enumerate(marks[1:])]


if __name__ == "__main__":
    phases = main(*sys.argv[1:])
    total = sum(t for _, t in phases)
    for name, t in phases:
        print(f"{name:50s} {t:6.3f} s  {t / total:5.1%}")
    print(f"{'total (in process, after interpreter start)':50s} {total:6.3f} s")
