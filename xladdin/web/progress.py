"""How far a round has got, passed from the worker process to the page through one small file.

A round is one long task in a worker (collect every file, check, draw, write); the page
polls the server, and the server only reads what the worker last wrote. A file, not a
queue or a shared value: it needs nothing set up in the worker pool, survives a worker
that dies (the job is then finished with a refusal), and lives in the job's own folder,
so it goes when the job goes.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

PREFIX = "回头看："  # the jobs' progress lines start with it; the page has its own title
# The stages jobs.run_round reports after collecting; each moves the bar one step.
ROUND_STAGES = 7


class ProgressFile:
    """The worker's side: write (done, total, stage) atomically after each step.

    The bar counts the files to collect, then one step per stage after the first; a
    stage's own line ("回头看：正在校验…") is shown as it is, without the prefix.
    """

    def __init__(self, path: Path, files: int, stages: int = ROUND_STAGES) -> None:
        self.path = Path(path)
        self.files = files
        self.total = files + stages
        self.read = 0  # files collected so far, scaled to self.files
        self.steps = 0  # stages begun
        self.text = ""

    def stage(self, line: str) -> None:
        """A progress line of the jobs: a new stage begins (and the collecting, if any, is over)."""
        self.steps += 1
        if self.steps > 1:
            self.read = self.files
        self.show(line.removeprefix(PREFIX))

    def file_read(self, n: int, of: int) -> None:
        # Lock files and scans are never read, so `of` may be fewer than the files uploaded.
        self.read = round(n * self.files / of) if of else self.files
        self.show(f"正在收集各支部报回的文件：已读取 {n} / {of} 个")

    def show(self, text: str) -> None:
        self.text = text
        done = min(self.read + max(self.steps - 1, 0), self.total - 1)  # full only when the job is done
        body = json.dumps({"done": done, "total": self.total, "stage": text}, ensure_ascii=False)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        with contextlib.suppress(OSError):  # progress is a courtesy: never fail the job over it
            tmp.write_text(body, encoding="utf-8")
            os.replace(tmp, self.path)


def read_progress(path: Path) -> dict | None:
    """The server's side: what the worker last wrote, or None before it wrote anything."""
    try:
        answer = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(answer, dict) or not {"done", "total", "stage"} <= answer.keys():
        return None
    return answer
