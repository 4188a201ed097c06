"""Where a bug's traceback goes, so the user can send it to us."""

from __future__ import annotations

import datetime
import os
import traceback
from pathlib import Path


def log_dir() -> Path:
    base = os.environ.get("HUITOUKAN_LOG_DIR") or os.environ.get("LOCALAPPDATA")
    return Path(base) / "huitoukan" if base else Path.home() / ".huitoukan"


def log_exception() -> Path:
    folder = log_dir()
    path = folder / "huitoukan.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"\n==== {datetime.datetime.now().isoformat(timespec='seconds')} ====\n")
            fh.write(traceback.format_exc())
    except OSError:
        return Path("（日志无法写入）")
    return path
