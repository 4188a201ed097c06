"""The benchmark runs end to end at the smallest size (no timing assertions: CI machines vary)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_smoke(tmp_path):
    out = tmp_path / "results.md"
    subprocess.run([sys.executable, "-m", "bench.run", "--sizes", "6", "--runs", "1", "--quick", "--out", str(out)],
                   cwd=ROOT, check=True, timeout=120, capture_output=True)
    text = out.read_text(encoding="utf-8")
    assert "## Machine" in text and "## Targets" in text
    assert "cold check --json / import openpyxl (c), 6 branches" in text
    raw = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    six = raw["results"]["6"]
    for name in ("check --json", "(a) calamine, every cell", "(c) import openpyxl", "check --mark"):
        assert six[name]["median"] > 0 and six[name]["rss_mb"] > 0, name
