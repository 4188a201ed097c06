"""Where collected answers go: a fresh workbook of the current template, or the office's master (--into).

Values move through the sheets' defined names (the public contract), so a
master with inserted rows still gets every answer in its place. Writes are
atomic; the master is backed up before it is replaced.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook

from xladdin.core.model import WorkbookData
from xladdin.forms.collection_keep import OfficeSheet, read_office, write_office
from xladdin.forms.collection_sheet import COLS, HEADER_ROW, CollectionLine, write_collection_sheet
from xladdin.forms.fill import fill_by_names
from xladdin.forms.ownership import Notice
from xladdin.forms.round_settings import setting_values, write_settings
from xladdin.spec import form
from xladdin.spec.loop_text import notice
from xladdin.xlsx.write import atomic_write, backup, check_target

if TYPE_CHECKING:  # annotations only: collect imports this module
    from xladdin.forms.collect import Collection


def write_fresh(target: Path, branches: Sequence[form.Branch], values: Mapping[str, object],
                moves: Mapping[str, Mapping[str, object]], result: Collection, now: datetime,
                replace: bool = False) -> Path:
    from xladdin.forms.template import build_template

    wb = build_template(branches)
    write_settings(wb, dict(values), scope=None)
    for sheet, raw in moves.items():
        fill_by_names(wb, sheet, raw)
    _add_collection_sheet(wb, result, str(values.get("hk_campaign", "")), str(values.get("hk_round", "")), now)
    return atomic_write(target, wb.save, replace=replace)


def write_into(master: Path, data: WorkbookData, moves: dict[str, dict[str, object]], result: Collection,
               now: datetime) -> Path:
    """Replace the received branches' answers in master; returns the backup made first."""
    from openpyxl import load_workbook

    from xladdin.marks.budget import check_rewritable, rewrite_losses
    from xladdin.xlsx.owned import refuse_foreign_sheet
    from xladdin.xlsx.package import open_package
    from xladdin.xlsx.parts import read_workbook_info
    from xladdin.xlsx.read import library_errors

    _placeable(data, moves, result)
    keep_vba = master.suffix.lower() == ".xlsm"
    with open_package(master) as archive:
        check_rewritable(archive, read_workbook_info(archive), master.name)
        lost = rewrite_losses(archive, keep_vba)
    if lost:
        result.notices.append(Notice("into-losses", notice("into-losses", name=master.name, lost="、".join(lost))))
    with library_errors(master):
        wb = load_workbook(master, keep_vba=keep_vba, keep_links=True, rich_text=True)
    refuse_foreign_sheet(wb, form.COLLECTION_SHEET)
    for sheet, raw in moves.items():
        fill_by_names(wb, sheet, raw)
    office = OfficeSheet()
    if form.COLLECTION_SHEET in wb.sheetnames:
        office = read_office(wb[form.COLLECTION_SHEET])  # what the office typed there is carried, never dropped
        del wb[form.COLLECTION_SHEET]
    if office:
        what = "、".join(w for w, has in (("说明", any(office.notes.values())), ("表外的单元格", office.cells)) if has)
        result.notices.append(Notice("office-notes-kept", notice("office-notes-kept", what=what)))
    ours = setting_values(data.settings)
    _add_collection_sheet(wb, result, str(ours["hk_campaign"]), str(ours["hk_round"]), now, office)
    check_target(master)  # a master open in Excel is closed before it is backed up and replaced
    saved = backup(master)
    atomic_write(master, wb.save, replace=True)
    return saved


def _placeable(data: WorkbookData, moves: dict[str, dict[str, object]], result: Collection) -> None:
    """Keep only what the master has a named cell for; say which branches could not go in."""
    named = {sd.sheet: set(sd.cells) for sd in data.sheets}
    full = {r.branch.short: r.branch.full for r in result.rows}
    for sheet in list(moves):
        cells = named.get(sheet, set())
        if not cells:
            del moves[sheet]
            result.notices.append(Notice("into-no-sheet", notice("into-no-sheet", sheet=sheet, branch=full[sheet]),
                                         master_label(result), sheet, sheet))
            continue
        lost = [n for n in moves[sheet] if n not in cells]
        if lost:
            # The master lost these names: its old values stay, and the office is told.
            names = "、".join(form.field_title(n) for n in lost[:6]) + ("…" if len(lost) > 6 else "")
            result.notices.append(Notice("names-lost", notice("names-lost", file=master_label(result), sheet=sheet,
                                                              count=len(lost), names=names),
                                         master_label(result), sheet, sheet))
            moves[sheet] = {n: v for n, v in moves[sheet].items() if n in cells}


def master_label(result: Collection) -> str:
    return result.target.name


def attach_notes(result: Collection) -> list[str]:
    """Give each branch row its warnings; returns the ones that belong to no branch."""
    rows = {r.branch.short: r for r in result.rows}
    general = []
    for r in result.rows:
        r.notes = []
    for n in result.notices:
        if n.branch in rows:
            rows[n.branch].notes.append(n.message)
        else:
            general.append(n.message)
    return general


def _add_collection_sheet(wb: Workbook, result: Collection, campaign: str, round_name: str, now: datetime,
                          office: OfficeSheet | None = None) -> None:
    general = attach_notes(result)
    office = office or OfficeSheet()

    def notes(r) -> tuple[str, ...]:
        # The office's own 说明 lines follow ours (once: a 待核实 row may carry them already).
        said = "\n".join(r.notes)
        return (*r.notes, *(line for line in office.notes.get(r.branch.short, office.notes.get(r.branch.full, [])) if line not in said))

    # A conflict has no source: its row lists the files that disagree.
    lines = [CollectionLine(r.branch.full, r.status, r.file or "\n".join(r.files), r.fill_date or "", notes(r),
                            r.collected_at or "", r.branch.short) for r in result.rows]
    subtitle = f"收集时间：{now:%Y-%m-%d %H:%M}。{result.tally()}填报模板：{result.version}。"
    skipped = [(s.file, s.reason) for s in result.skipped]
    ws = write_collection_sheet(wb, f"{campaign}{round_name}回收情况", subtitle, lines, skipped, general)
    if office:
        rows = {key: HEADER_ROW + n for n, line in enumerate(lines, 1) for key in (line.branch, line.sheet)}
        write_office(ws, office, rows, len(COLS) + 1, HEADER_ROW + len(lines))  # and the hidden SHEET_COL
    wb.active = 0
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is wb.worksheets[0]  # one selected tab: several would open grouped in Excel
