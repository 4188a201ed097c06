"""The result page's view model: plain dataclasses the templates read, built from a job's outcomes.

One workbook: its matrix, 雷同 section and findings by branch, and its downloads. A round
(several files) adds the 回收情况 and, with a 整改台账 among the files, the ledger counts; its
merged workbook is then shown as one workbook is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from xladdin.core.findings import is_pending
from xladdin.spec import form as spec
from xladdin.spec import labels
from xladdin.spec.labels import SEVERITY_LABELS, VERDICT_FILLS
from xladdin.web.outcome import OUTPUT_KINDS, OUTPUT_LABELS, FileOutcome, FindingRow, download_name
from xladdin.web.round_outcome import LedgerOutcome
from xladdin.web.round_view import CollectionView, collection_view, status_css
from xladdin.web.similarity import SimilarityGroup, similarity_groups
from xladdin.web.store import Job

BRANCH_FILE_WORDS = "工作簿"  # findings about the whole workbook, not one branch sheet


@dataclass
class VerdictCell:
    symbol: str
    label: str
    fill: str  # "#C6EFCE": the summary workbook's fill for this verdict
    css: str  # the class that paints it (see verdict_css)

    @property
    def text(self) -> str:
        return f"{self.symbol} {self.label}"


@dataclass
class MatrixRow:
    file: str
    branch: str
    cells: list[VerdictCell]
    errors: int
    warnings: int
    reported: bool = True
    pending: str | None = None  # its file came back but could not be used: why, for the office (待核实)


@dataclass
class FindingView:
    where: str  # the cell, e.g. B34; empty for a finding about the workbook
    what: str  # the field as a person knows it: 第四项·责任人
    severity: str  # "error" / "warning", for styling
    severity_label: str
    how: str  # the message without its 【sheet】cell： prefix: what is wrong and how to fix it


@dataclass
class BranchGroup:
    title: str
    errors: int
    warnings: int
    findings: list[FindingView]


@dataclass
class Download:
    label: str
    name: str  # the Chinese file name the browser saves
    url: str


@dataclass
class FileView:
    name: str
    refused: str | None = None
    notes: list[str] = field(default_factory=list)
    groups: list[BranchGroup] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    feedback: list[str] = field(default_factory=list)  # a round's feedback files, as named in the zip


@dataclass
class PageView:
    job_id: str
    mode: str  # "office" or "self"
    criteria: list[tuple[str, str]]  # (第一项, the notice's wording) for the matrix header
    legend: list[VerdictCell]
    files: list[FileView] = field(default_factory=list)
    matrix: list[MatrixRow] = field(default_factory=list)
    many_files: bool = False
    everything: Download | None = None  # all outputs as one zip
    errors: int = 0
    warnings: int = 0
    refused: int = 0
    # Self-check: the branch shown, whether it may be sent, or the sheets to choose from.
    branch: str = ""
    ready_to_send: bool = False
    branch_choices: list[str] = field(default_factory=list)
    branch_problem: str = ""
    similarity: list[SimilarityGroup] = field(default_factory=list)  # 雷同: the text warnings, grouped
    # A round: several files collected into one workbook.
    is_round: bool = False
    uploads: int = 0  # files uploaded
    collection: CollectionView | None = None  # None also for one workbook dropped with a ledger
    ledger: LedgerOutcome | None = None  # 整改台账 counts, when a ledger came with the files
    round_refused: str | None = None  # nothing could be collected: why
    round_notes: list[str] = field(default_factory=list)


def verdict_cell(verdict: str) -> VerdictCell:
    return VerdictCell(labels.VERDICT_SYMBOLS[verdict], labels.VERDICT_LABELS[verdict], f"#{VERDICT_FILLS[verdict]}",
                       f"v-{verdict}")


def verdict_css() -> str:
    """The verdict colours as CSS, from the marks' own fills: the page and the summary cannot drift apart.

    A stylesheet, not style attributes, because the page's CSP allows no inline styles.
    """
    verdicts = "".join(f".v-{verdict}{{background-color:#{fill}}}\n" for verdict, fill in VERDICT_FILLS.items())
    return verdicts + status_css()


LEGEND = [verdict_cell(v) for v in (spec.COMPLETE, spec.REMEDIATING, spec.INCOMPLETE)]
UNREPORTED_CHIP = verdict_cell(spec.UNREPORTED)
# Grey like 未报送: nothing of the branch is counted yet, but it did send its file.
PENDING_CHIP = VerdictCell(labels.VERDICT_SYMBOLS[spec.UNREPORTED], labels.PENDING_LABEL, UNREPORTED_CHIP.fill,
                           UNREPORTED_CHIP.css)


def row_cells(b) -> list[VerdictCell]:
    if is_pending(b):
        return [PENDING_CHIP] * len(spec.CRITERIA)
    return [verdict_cell(b.verdicts[c.id]) for c in spec.CRITERIA]


def strip_where(message: str, sheet: str = "", cell: str | None = None) -> str:
    # The page shows the sheet and cell in their own columns; "【运一】B9：" would only repeat them,
    # and so would "【汽机】" before a finding about the whole sheet (尚未填写, 待核实).
    where = f"【{sheet}】{cell or ''}"
    if sheet and message.startswith(where):
        return message[len(where):].removeprefix("：")
    return message.split("：", 1)[1] if message.startswith("【") and "：" in message else message


def finding_view(f: FindingRow) -> FindingView:
    what = spec.field_title(f.field) if f.field in spec.FIELDS_BY_NAME else (
        f"第{spec.criterion(f.criterion).ordinal}项" if f.criterion else "")
    return FindingView(f.cell or "", what, f.severity, SEVERITY_LABELS[f.severity],
                       strip_where(f.message, f.sheet, f.cell))


def file_groups(outcome: FileOutcome, only_sheet: str | None = None) -> list[BranchGroup]:
    names = {b.sheet: b.branch for b in outcome.branches}
    by_sheet: dict[str, list[FindingRow]] = defaultdict(list)
    for f in outcome.findings:
        if only_sheet is None or f.sheet == only_sheet:
            by_sheet[f.sheet].append(f)
    groups = []
    # The workbook's branch order, as the matrix has it (text warnings come after every sheet's own
    # findings, so the order they were found in would put a branch with only a 雷同 warning last);
    # findings about the workbook or an unlisted sheet come first.
    order = {sheet: n for n, sheet in enumerate(names)}
    for sheet, found in sorted(by_sheet.items(), key=lambda item: order.get(item[0], -1)):
        title = names.get(sheet) or (f"“{sheet}”表" if sheet else BRANCH_FILE_WORDS)
        groups.append(BranchGroup(title, sum(f.severity == "error" for f in found),
                                  sum(f.severity == "warning" for f in found), [finding_view(f) for f in found]))
    return groups


def downloads(job: Job, outcome: FileOutcome, base: str) -> list[Download]:
    return [Download(OUTPUT_LABELS[kind], download_name(outcome.display_name, kind),
                     f"{base}/files/{outcome.index}/{kind}")
            for kind in OUTPUT_KINDS if kind in outcome.outputs]


def page_view(job: Job, base: str, branch: str = "") -> PageView:
    """base: the job's URL (/results/<id>), for download links."""
    view = PageView(job.id, job.mode, [(f"第{c.ordinal}项", c.title) for c in spec.CRITERIA], LEGEND)
    outcomes = job.ordered()
    view.many_files = len(outcomes) > 1
    if job.mode == "self":
        _self_check(view, outcomes[0], branch, base, job)
        return view
    if job.round is not None:
        _round(view, job, base)
        return view
    _office(view, outcomes, job, base)
    return view


def _round(view: PageView, job: Job, base: str) -> None:
    done = job.round
    view.is_round, view.uploads, view.round_notes = True, len(done.names), done.notes
    view.many_files = False  # the matrix is the merged workbook's: one row per branch
    view.collection = collection_view(done.collection) if done.collection else None
    if done.refused:  # with the files not used, when that is why
        view.round_refused = done.refused
        return
    view.ledger = done.ledger
    if done.run is not None:
        _office(view, [done.run], job, base)


def _office(view: PageView, outcomes: list[FileOutcome], job: Job, base: str) -> None:
    for outcome in outcomes:
        fv = FileView(outcome.display_name, outcome.refused, outcome.notes)
        view.files.append(fv)
        if outcome.refused:
            view.refused += 1
            continue
        fv.groups, fv.downloads = file_groups(outcome), downloads(job, outcome, base)
        fv.feedback = [name for name, _ in outcome.feedback]  # a round's, or one merged workbook's
        fv.errors, fv.warnings = outcome.errors, outcome.warnings
        view.errors += fv.errors
        view.warnings += fv.warnings
        view.matrix += [MatrixRow(outcome.display_name, b.branch, row_cells(b), b.errors, b.warnings, b.reported,
                                  b.pending if is_pending(b) else None) for b in outcome.branches]
    if any(not row.reported and not row.pending for row in view.matrix):
        view.legend = [*view.legend, UNREPORTED_CHIP]
    if any(row.pending for row in view.matrix):
        view.legend = [*view.legend, PENDING_CHIP]
    usable = [o for o in outcomes if not o.refused]
    if len(usable) == 1:  # copies are found within one workbook
        view.similarity = similarity_groups(usable[0])
    if any(fv.downloads for fv in view.files):
        view.everything = Download("全部结果（zip）", "回头看校验结果.zip", f"{base}/all.zip")


def find_branch(outcome: FileOutcome, wanted: str):
    """The branch sheet a person means by a short name (运一), a full name (运一党支部) or the sheet's name."""
    wanted = wanted.strip()
    for b in outcome.branches:
        if wanted in (b.sheet, b.branch) or (wanted and b.branch == f"{wanted}党支部"):
            return b
    return None


def _self_check(view: PageView, outcome: FileOutcome, branch: str, base: str, job: Job) -> None:
    fv = FileView(outcome.display_name, outcome.refused, outcome.notes)
    view.files.append(fv)
    if outcome.refused:
        view.refused = 1
        return
    chosen = find_branch(outcome, branch) if branch else None
    if chosen is None and not branch and len(outcome.branches) == 1:
        chosen = outcome.branches[0]
    if chosen is None:
        view.branch_choices = [b.sheet for b in outcome.branches]
        view.branch_problem = (
            f"文件中没有“{branch}”支部的工作表。请在下面选择您所在的支部。" if branch
            else "请选择您所在的支部。")
        return
    view.branch = chosen.branch
    fv.groups = file_groups(outcome, only_sheet=chosen.sheet)
    # Counted from what is shown, so "可以报送" never sits beside an error on the page.
    fv.errors = sum(g.errors for g in fv.groups)
    fv.warnings = sum(g.warnings for g in fv.groups)
    fv.downloads = downloads(job, outcome, base)
    view.errors, view.warnings = fv.errors, fv.warnings
    view.ready_to_send = fv.errors == 0
    view.matrix = [MatrixRow(outcome.display_name, chosen.branch,
                             [verdict_cell(chosen.verdicts[c.id]) for c in spec.CRITERIA], fv.errors, fv.warnings)]
