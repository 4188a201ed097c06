"""The patching writer: a marked copy, written by copying the unchanged parts and rewriting the few that change.

It is tried first; whatever it does not understand raises NotUnderstood
before anything is written, and the caller (xladdin.marks.xlsx) falls back to
the openpyxl writer, naming why. The hostile-file checks run first (the
package is opened through xladdin.xlsx.package), the output goes through
xladdin.xlsx.write.atomic_write with its verify step, and every part we wrote
is parsed again before the file is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from xladdin.marks.patch.marking import Marker
from xladdin.marks.patch.opc import Package, file_stamp, resolve
from xladdin.marks.patch.transplant import drawn_sheet
from xladdin.marks.patch.xmltext import NotUnderstood
from xladdin.marks.patch.zipio import COPYABLE_METHODS, RawCopyError
from xladdin.marks.plan import IssueSheet, MarkPlan
from xladdin.spec import form
from xladdin.xlsx.package import open_package
from xladdin.xlsx.saved import CORE_PART, with_made
from xladdin.xlsx.stamp import stamp
from xladdin.xlsx.write import atomic_write, verify_xlsx

PATCH = "patch"
OPENPYXL = "openpyxl"
SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
MAIN_TYPES = {
    f"{SML}.sheet.main+xml": False,
    f"{SML}.template.main+xml": False,
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": True,
    "application/vnd.ms-excel.template.macroEnabled.main+xml": True,
}
# Parts whose presence the openpyxl writer is asked to handle (issue 17): notes in threads
# and form controls live beside the VML and the sheet XML this writer edits.
FOREIGN_PARTS = {"xl/threadedComments/": ("threaded comments", "新版批注（会话）"),
                 "xl/persons/": ("threaded comments", "新版批注（会话）"),
                 "xl/ctrlProps/": ("form controls", "表单控件"), "xl/activeX/": ("ActiveX controls", "ActiveX 控件")}


@dataclass(frozen=True)
class MarkResult:
    """Where the marked workbook went, which writer wrote it, and why not the patching one."""

    path: Path
    writer: str  # PATCH or OPENPYXL
    reason: str = ""  # why the openpyxl writer was used (English, for the developer)
    what: str = ""  # the content that made it so, in the office's words, when known
    backup: Path | None = None  # --in-place: the copy made first
    warnings: tuple[str, ...] = ()  # what the openpyxl writer left out, when that was decided late

    def describe(self) -> str:
        """One line for the office: how the marked workbook was written."""
        return describe_writer(self.writer, self.what)


def describe_writer(writer: str, what: str = "") -> str:
    """How a marked workbook was written, for the office (PATCH, or OPENPYXL and the content that made it so)."""
    if writer == PATCH:
        return "写入方式：只改写标记涉及的部分，其余内容（宏、形状、扩展功能等）原样保留。"
    why = f"工作簿含有{what}" if what else "工作簿的结构无法逐部件改写"
    return f"写入方式：整本重写（{why}）。"


def main_part(pkg: Package, target: Path) -> str:
    """The workbook part, once the package is one this writer can patch into target."""
    for name, info in pkg.infos.items():
        if info.compress_type not in COPYABLE_METHODS:
            raise NotUnderstood(f"{name}: compression method {info.compress_type}")
        for prefix, (why, what) in FOREIGN_PARTS.items():
            if name.startswith(prefix):
                raise NotUnderstood(why, what)
    mains = [resolve("", e["Target"]) for e in pkg.rels("").entries
             if e.get("Type", "").endswith("/officeDocument") and e.get("TargetMode") != "External"]
    if len(mains) != 1 or not pkg.exists(mains[0]):
        raise NotUnderstood("no single workbook part")
    kind = pkg.content_type(mains[0])
    if kind not in MAIN_TYPES:
        raise NotUnderstood(f"workbook content type {kind}")
    if MAIN_TYPES[kind] and target.suffix.lower() != ".xlsm":
        raise NotUnderstood("macros cannot go into an .xlsx", "宏（输出文件为 .xlsx）")
    return mains[0]


def build(source: Path, target: Path, apply: Callable[[Marker], object]) -> Package:
    """Open source (after the hostile-file checks), let apply change it, and return the package to save."""
    with open_package(source) as archive:
        pkg = Package(archive, source)
        try:
            marker = Marker(pkg, main_part(pkg, target))
            marker.finish(apply(marker))
        except (ValueError, KeyError, IndexError) as exc:
            # Bytes these scans did not expect (a bad number, a cell address out of range):
            # not a reason to fail the user, the openpyxl writer reads such files its own way.
            raise NotUnderstood(f"unexpected content ({type(exc).__name__}: {exc})") from exc
    # The archive is closed here: saving copies from the file itself, so Windows may replace it.
    return pkg


def save(pkg: Package, target: Path, replace: bool, outgoing: str | None = None) -> Path:
    """outgoing: the command whose file this is, when it goes out to a branch (xladdin.xlsx.stamp)."""
    def write(tmp: Path) -> None:
        if pkg.stamp != file_stamp(pkg.path):
            raise NotUnderstood("the workbook changed while it was being marked")
        try:
            pkg.save(tmp)
        except RawCopyError as exc:
            raise NotUnderstood(f"{exc}: cannot be copied as it is") from exc
        if outgoing:
            stamp(tmp, outgoing)

    return atomic_write(target, write, verify=verify_xlsx, replace=replace)


def will_patch(source: Path, target: Path) -> bool:
    """Whether the patching writer is expected to write this copy (a look at the package only).

    Sheet-level surprises can still send it to openpyxl; MarkResult says so afterwards.
    """
    with open_package(source) as archive:
        try:
            main_part(Package(archive, source), target)
        except (NotUnderstood, ValueError, KeyError):
            return False
    return True


def build_marked(source: Path, target: Path, plan: MarkPlan, issue: IssueSheet,
                 also: Callable[[object], object] | None = None) -> Package:
    """The marked package, in memory; raises NotUnderstood, having written nothing, if openpyxl must do it.

    also: draws the 汇总 sheet into an openpyxl workbook (reports.files.add_summary_sheet); it is drawn
    into an empty one and moved across.
    """
    def apply(marker: Marker):
        selected = marker.apply(plan, issue)
        if also is not None:
            selected = marker.add_drawn_sheet(drawn_sheet(also), form.SUMMARY_SHEET)
        return selected

    return build(source, target, apply)


def mark_copy(source: Path, target: Path, plan: MarkPlan, issue: IssueSheet,
              also: Callable[[object], object] | None = None, replace: bool = False) -> Path:
    """The marked copy at target; raises NotUnderstood, having written nothing, if openpyxl must do it."""
    return save(build_marked(source, target, plan, issue, also), target, replace, outgoing="marked")


def feedback_copy(source: Path, target: Path, plan: MarkPlan, issue: IssueSheet, keep: set[str],
                  scope: str, replace: bool = False,
                  extra: tuple[str, Callable[[object], object]] | None = None,
                  redraw: tuple[str, Callable[[object], object]] | None = None) -> Path:
    """One branch's 退回修改 file: the marks, its 修改意见 list, only the sheets in keep, 设置 scoped to it.

    extra: (name, draw) of one more sheet drawn by openpyxl (the branch's 整改事项), placed after the list.
    redraw: (name, draw) of a kept sheet replaced in place by one drawn by openpyxl (the branch's 填写说明).
    Raises NotUnderstood, having written nothing, if openpyxl must do it (see xladdin.marks.feedback).
    """
    def apply(marker: Marker):
        selected = marker.apply(plan, issue)
        marker.keep_only(keep | {issue.name})
        marker.set_named_text(form.SCOPE_NAME, scope)
        if redraw is not None and (at := marker.wbx.index(redraw[0])) is not None:
            before, active = (marker.wbx.sheets[at - 1].name if at else None), marker.wbx.active
            marker.drop_sheet(redraw[0])  # the master's copy stays as it is
            marker.add_drawn_sheet(drawn_sheet(redraw[1]), redraw[0], after=before)
            marker.wbx.active = active
        if extra is not None:
            name, draw = extra
            marker.add_drawn_sheet(drawn_sheet(draw), name, after=issue.name)
        if marker.pkg.exists(CORE_PART):  # when it was generated, kept by whatever saves it next
            marker.pkg.write(CORE_PART, with_made(marker.pkg.read(CORE_PART), datetime.now()))
        return selected

    return save(build(source, target, apply), target, replace, outgoing="feedback")
