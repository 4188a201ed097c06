"""An earlier run's results in the output folder move into its 备份/ before this run writes its own.

The summary workbook and the 情况报告 go up the line, the marked copy back to the branches' office:
the folder's plain names must be this run's, or the office may mail out last round's figures.
Nothing is deleted or written over; a file saved since we wrote it is moved too, and named on screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from xladdin.xlsx.write import BACKUP_FOLDER  # collect never reads a 备份 subfolder

MARKED_TAIL, SUMMARY_TAIL, REPORT_TAIL = "_标记", "_回头看汇总", "_回头看情况报告"
_DATED = r"(_\d{8}-\d{6}(-\d+)?)?"  # what xlsx.write.free_name added when the plain name was taken


def result_names(stem: str, suffix: str) -> dict[str, str]:
    """run's result file names for a workbook stem (its suffix: the marked copy's), by stamp kind."""
    return {"marked": f"{stem}{MARKED_TAIL}{suffix}", "summary": f"{stem}{SUMMARY_TAIL}.xlsx",
            "report": f"{stem}{REPORT_TAIL}.docx"}


@dataclass(frozen=True)
class Earlier:
    path: Path
    kind: str | None  # the stamp an untouched one carries (xlsx.stamp); None: a file we never stamp


@dataclass(frozen=True)
class Retired:
    was: Path
    now: Path  # in the 备份 subfolder
    changed: bool  # saved since we wrote it, or not ours: the office may want something from it


def earlier_results(folder: Path, stem: str, suffix: str, keep: tuple[Path | None, ...] = (),
                    dated_stems: bool = False) -> list[Earlier]:
    """The results a run on a workbook named stem left in folder: the plain names and the dated ones
    (free_name's, from before runs moved them aside). keep: files never moved (the workbook run reads).
    dated_stems: also those of a workbook named stem plus a date (a merged workbook free_name named)."""
    if not folder.is_dir():
        return []
    patterns = []
    for kind in result_names(stem, suffix):
        tail = Path(result_names("", suffix)[kind])
        head = re.escape(stem) + (_DATED if dated_stems else "") + re.escape(tail.stem)
        patterns.append((kind, re.compile(head + _DATED + re.escape(tail.suffix), re.IGNORECASE)))
    from xladdin.xlsx.write import is_lock_file

    kept = {p.resolve() for p in keep if p is not None and p.exists()}
    found = []
    for path in sorted(folder.iterdir()):
        kind = next((k for k, rx in patterns if rx.fullmatch(path.name)), None)
        # A lock file (~$…, .~lock.…#) is no result: never moved, never named as a changed one.
        if kind is not None and path.is_file() and not is_lock_file(path) and path.resolve() not in kept:
            found.append(Earlier(path, kind))
    return found


def refuse_open(earlier: list[Earlier]) -> None:
    """One of them open in Excel, WPS, LibreOffice or Word: say which, and move nothing."""
    from xladdin.errors import UserError
    from xladdin.xlsx.write import open_elsewhere

    for e in earlier:
        if lock := open_elsewhere(e.path):
            raise UserError("file-open-elsewhere", name=e.path.name, lock=lock.name)


def retire_results(earlier: list[Earlier], folder: Path) -> list[Retired]:
    """Move them into folder/备份 under their backup names (xlsx.write.backup's)."""
    from xladdin.xlsx.stamp import stamped
    from xladdin.xlsx.write import retire

    refuse_open(earlier)
    moved = []
    for e in earlier:
        changed = e.kind is None or stamped(e.path) != e.kind
        moved.append(Retired(e.path, retire(e.path, folder / BACKUP_FOLDER), changed))
    return moved
