"""Files the page hands out: Chinese names that survive the trip (RFC 6266 / 5987), and one zip of all."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import quote

from xladdin.web.outcome import FEEDBACK, download_name, unique_names
from xladdin.web.store import Job

ZIP_NAME = "回头看校验结果.zip"


def content_disposition(name: str, fallback_stem: str = "huitoukan") -> str:
    """attachment with an ASCII filename for old clients and filename* in UTF-8 for everyone else."""
    suffix = Path(name).suffix if Path(name).suffix.isascii() else ""
    plain = name if name.isascii() and name.isprintable() and not any(c in name for c in '"\\;') else (
        f"{fallback_stem}{suffix}")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def build_zip(job: Job) -> Path:
    """The job's outputs in one zip under the names the page shows; made once, on first request."""
    target = job.outbox / "all.zip"
    with job.zip_lock:
        if target.exists():
            return target
        entries = [(job.outbox / stored, download_name(o.display_name, kind))
                   for o in job.ordered() for kind, stored in o.outputs.items() if kind != FEEDBACK]
        # A round's feedback files go in as files in their folder (退回修改/运一_退回修改意见.xlsx), not as a zip in a zip.
        entries += [(job.outbox / stored, stored) for o in job.ordered() for _, stored in o.feedback]
        tmp = target.with_name(".all.zip.tmp")
        # Workbooks are zips already: storing them again compressed gains nothing.
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as archive:
            for (path, _), name in zip(entries, unique_names([n for _, n in entries]), strict=True):
                archive.write(path, name)
        tmp.replace(target)
    return target
