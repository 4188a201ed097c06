"""The files that came back: find them, read each through the hardened reader, and say what it holds.

Nothing here decides whose answers are whose (forms.ownership does); this
module turns a folder of returned files into plain data for that decision,
and lists every file it could not use with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePath

from xladdin.core.checks.sheet import check_sheet
from xladdin.core.model import SheetData, WorkbookData
from xladdin.core.normalize import clean_text, is_blank
from xladdin.errors import UserError
from xladdin.forms.ownership import ReturnedFile, SheetAnswer
from xladdin.spec import form
from xladdin.spec.loop_text import skip_reason
from xladdin.xlsx.package import missing_path
from xladdin.xlsx.read import read_workbook
from xladdin.xlsx.saved import created_inside, last_saved
from xladdin.xlsx.stamp import untouched_output
from xladdin.xlsx.write import WORKBOOK_SUFFIXES, is_backup_name, lock_prefix, same_file

# Spreadsheets in other formats are read (the reader explains how to save them as .xlsx);
# anything else in the folder (a scan, a Word file) is listed and left alone.
SPREADSHEET_SUFFIXES = (*WORKBOOK_SUFFIXES, ".xls", ".xlsb", ".et", ".ods", ".wps", ".csv")
MAX_FILES = 5_000  # a folder this full is not a round's inbox (a mistyped root such as C:\)
# Subfolders of an inbox where the office puts what it does not want collected (an older version a
# branch replaced). Their files are listed as not used; any other subfolder is read.
RETIRED_FOLDERS = frozenset({"作废", "已作废", "旧版", "旧文件", "废弃", "过期", "备份", "old", "backup"})


@dataclass(frozen=True)
class Found:
    path: Path
    label: str  # how messages name it: the folder given, then the path inside it

    @property
    def name(self) -> str:
        """The file's name as the user knows it (the label's last part): what a branch name is looked for in."""
        return self.label.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Skipped:
    file: str
    code: str
    reason: str
    path: str = ""
    workbook: bool = True  # a spreadsheet that could not be used (not a lock file or a scan)

    def as_dict(self) -> dict:
        return {"file": self.file, "code": self.code, "reason": self.reason}


@dataclass
class Returned:
    found: Found
    data: WorkbookData
    file: ReturnedFile
    sheets: dict[str, SheetData] = field(default_factory=dict)  # by sheet name, for moving values
    unlisted: list[str] = field(default_factory=list)  # filled sheets of no listed branch
    saved: datetime | None = None  # when it was last saved (xlsx.saved.last_saved)
    made: datetime | None = None  # a 退回修改 file (has 修改意见): when feedback generated it (xlsx.saved.created_inside)


def find_files(inputs: Sequence[Path], exclude: Iterable[Path] = (),
               labels: Mapping[Path, str] | None = None) -> tuple[list[Found], list[Skipped]]:
    """Every file under the inputs (folders recursively), each once; lock files and non-spreadsheets skipped.

    labels: how the user knows a given file when its path is not its name (the web page stores
    uploads under names of its own); the label then names it in every message, and its name is
    the one checked for a lock-file prefix, a spreadsheet suffix and a branch name.
    A file named like our backup (…bak-日期-时间.xlsx) is skipped when found in a folder, but read when
    the user names it itself on the command line (an input that is a file, without labels): that is
    how a reply moved into 备份 is taken back (spec.loop_text.FEEDBACK_RETIRED_REPLY).
    """
    excluded = [Path(p) for p in exclude]
    found: list[Found] = []
    skipped: list[Skipped] = []
    seen: set[Path] = set()
    for given in inputs:
        given = Path(given)
        if not given.exists():
            raise missing_path(given)  # the one wording: 找不到文件夹“收伴”, with a near name
        named = not given.is_dir() and labels is None  # typed by the user, not found or uploaded
        for path, label, retired in _walk(given):
            label = labels.get(path, label) if labels else label
            name = PurePath(Found(path, label).name)
            key = path.resolve()
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_FILES:
                raise UserError("collect-too-many", path=given, limit=MAX_FILES)
            if retired:
                skipped.append(Skipped(label, "retired-folder", skip_reason("retired-folder", folder=retired),
                                       str(path), workbook=False))
            elif lock_prefix(name.name) is not None:
                skipped.append(Skipped(label, "lock-file", skip_reason("lock-file"), str(path), workbook=False))
            elif name.suffix.lower() == ".zip":  # e-mail attachments saved as one archive
                skipped.append(Skipped(label, "zip-archive", skip_reason("zip-archive"), str(path), workbook=False))
            elif name.suffix.lower() not in SPREADSHEET_SUFFIXES:
                skipped.append(Skipped(label, "not-workbook", skip_reason("not-workbook"), str(path), workbook=False))
            elif is_backup_name(name.name) and not named:  # our own copy of a file before it was replaced: an older answer
                skipped.append(Skipped(label, "backup-copy", skip_reason("backup-copy", path=path), str(path),
                                       workbook=False))
            elif any(same_file(path, other) for other in excluded):
                skipped.append(Skipped(label, "collect-target", skip_reason("collect-target"), str(path), workbook=False))
            else:
                found.append(Found(path, label))
    return found, skipped


def _walk(given: Path) -> Iterable[tuple[Path, str, str | None]]:
    """(path, label, the retired subfolder it lies in or None) for every file under given."""
    if not given.is_dir():
        yield given, given.name, None
        return
    # Sorted, so that two runs over the same folder decide the same way.
    for root, dirs, files in os.walk(given, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            inside = path.relative_to(given).parts
            retired = next((part for part in inside[:-1] if part.lower() in RETIRED_FOLDERS), None)
            yield path, "/".join((given.name or str(given), *inside)), retired


def read_returned(found: Found) -> Returned | Skipped:
    """A returned file as plain data, or why it cannot be used (the reader's own refusal for a bad file)."""
    try:
        data = read_workbook(found.path)
    except UserError as exc:
        return Skipped(found.label, exc.code, str(exc), str(found.path))
    skipped = _unusable(data)
    if skipped is not None:
        code, reason = skipped
        return Skipped(found.label, code, reason, str(found.path))
    listed = {b.short: b for b in data.settings.branches}
    answers, sheets, unlisted = [], {}, []
    present = set(data.sheet_names)
    for sd in data.sheets:
        branch = sd.sheet if sd.sheet in listed else _renamed_to(sd, listed, present)
        if branch is None:
            if typed_anything(sd):
                unlisted.append(sd.sheet)
            continue
        result, _ = check_sheet(sd, data.settings, data.epoch1904)
        fill = result.values.get("fill_date")
        answers.append(SheetAnswer(
            sheet=sd.sheet, branch=branch, reported=typed_anything(sd), content=comparable(sd),
            fill_date=fill if isinstance(fill, date) else None,
        ))
        sheets[sd.sheet] = sd
    rf = ReturnedFile(found.label, PurePath(found.name).stem, data.settings.branches, tuple(answers), data.settings.scope,
                      untouched_output(found.path))
    made = created_inside(found.path) if form.FEEDBACK_SHEET in data.sheet_names else None
    return Returned(found, data, rf, sheets, unlisted, last_saved(found.path), made)


def _unusable(data: WorkbookData) -> tuple[str, str] | None:
    if form.COLLECTION_SHEET in data.sheet_names:
        return "collect-output", skip_reason("collect-output")
    version = data.settings.template_version
    if version is None:
        return "no-settings", skip_reason("no-settings")
    if version == form.TEMPLATE_VERSION:
        return None
    if 0 < version < form.TEMPLATE_VERSION:
        return "version-old", skip_reason("version-old", found=version, current=form.TEMPLATE_VERSION)
    found = f"v{version}" if version else "版本无法识别"
    return "version-newer", skip_reason("version-newer", found=found, current=form.TEMPLATE_VERSION)


def _renamed_to(sd: SheetData, listed: dict[str, form.Branch], present: set[str]) -> str | None:
    """A renamed sheet belongs to the branch its 党支部 cell names, if that branch's own sheet is gone."""
    claimed = clean_text(sd.raw.get("branch_name"))
    for b in listed.values():
        if claimed in (b.short, b.full) and b.short not in present:
            return b.short
    return None


def typed_anything(sd: SheetData) -> bool:
    """Whether a person typed on the sheet, as check sees it (the prefilled 党支部 cell does not count)."""
    if sd.formulas:
        return True
    return any(not is_blank(v) for name, v in sd.raw.items() if name != "branch_name" and v is not None)


def comparable(sd: SheetData) -> tuple:
    """The sheet's answers in a form where the same typing in two files compares equal."""
    out = []
    for f in form.FIELDS:
        if f.name in sd.raw:
            value = sd.raw[f.name]
            if isinstance(value, str):
                value = clean_text(value) or None
            out.append((f.name, value))
    return tuple(out)
