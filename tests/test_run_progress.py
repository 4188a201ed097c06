"""`run` at a terminal says stage by stage where it is; piped, it prints only its results."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import SAMPLE

STAGES = ["回头看：正在校验…", "回头看：正在绘制图表…", "回头看：正在写出标记副本…", "回头看：正在写出汇总工作簿…",
          "回头看：正在写出情况报告…"]


def _run(tmp_path, stderr):
    return subprocess.run([sys.executable, "-m", "xladdin", "run", str(SAMPLE), "-o", str(tmp_path / "输出"),
                           "--date", "2010-09-12"], stdout=subprocess.PIPE, stderr=stderr, timeout=300,
                          env={**os.environ, "HUITOUKAN_NO_FORK": "1"})


def test_stages_at_a_terminal(tmp_path):
    controller, terminal = os.openpty()
    try:
        result = _run(tmp_path, terminal)
        os.close(terminal)
        said = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            said += chunk
    finally:
        os.close(controller)
    assert result.returncode == 1  # the sample has errors, by design
    lines = [line.strip() for line in said.decode("utf-8").splitlines() if line.startswith("回头看：")]
    assert lines == STAGES


def test_no_stages_when_piped(tmp_path):
    result = _run(tmp_path, subprocess.PIPE)
    assert result.returncode == 1
    assert "正在" not in result.stderr.decode("utf-8") + result.stdout.decode("utf-8")
