"""Compare two workbooks on what a person or the tool can see, not on bytes."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet


def roundtrip(wb: Workbook) -> Workbook:
    """Save and reload, so a freshly built workbook compares like a file from disk."""
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    return load_workbook(buf)


def _color(c) -> str | None:
    return None if c is None else str(c.rgb)


def cell_signature(cell) -> tuple:
    f, fo, a = cell.fill, cell.font, cell.alignment
    return (
        cell.value,
        (f.fill_type, _color(f.fgColor)),
        (fo.name, fo.sz, fo.b, _color(fo.color)),
        cell.protection.locked,
        cell.number_format,
        (a.horizontal, a.vertical, a.wrap_text, a.indent),
        tuple(getattr(cell.border, s).style for s in ("left", "right", "top", "bottom")),
    )


def _names(names) -> dict[str, str]:
    return {k: v.attr_text for k, v in names.items()}


def _validations(ws: Worksheet) -> list[tuple]:
    return sorted(
        (str(dv.sqref), dv.type, dv.operator, dv.formula1, dv.formula2, dv.allow_blank, dv.showErrorMessage,
         dv.showInputMessage, dv.errorStyle, dv.errorTitle, dv.error, dv.promptTitle, dv.prompt)
        for dv in ws.data_validations.dataValidation
    )


def _sheet_props(ws: Worksheet) -> dict[str, object]:
    p, ps = ws.protection, ws.page_setup
    return {
        "protection": (p.sheet, p.formatCells, p.formatRows, p.formatColumns, p.password),
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "validations": _validations(ws),
        "names": _names(ws.defined_names),
        "widths": {k: d.width for k, d in ws.column_dimensions.items()},
        "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height},
        "page": (ps.paperSize, ps.orientation, ps.fitToWidth, ps.fitToHeight, ws.print_area, ws.print_title_rows),
        "breaks": [b.id for b in ws.row_breaks.brk],
        "freeze": ws.freeze_panes,
        "footer": ws.oddFooter.center.text,
    }


def diff_workbooks(a: Workbook, b: Workbook, limit: int = 40) -> list[str]:
    """Human-readable differences between a and b (empty when they match)."""
    out: list[str] = []
    if a.sheetnames != b.sheetnames:
        return [f"sheets: {a.sheetnames} != {b.sheetnames}"]
    if _names(a.defined_names) != _names(b.defined_names):
        out.append(f"workbook names: {_names(a.defined_names)} != {_names(b.defined_names)}")
    for wa, wb_ in zip(a.worksheets, b.worksheets, strict=True):
        pa, pb = _sheet_props(wa), _sheet_props(wb_)
        out += [f"{wa.title} {k}: {pa[k]!r} != {pb[k]!r}" for k in pa if pa[k] != pb[k]]
        for coord in sorted(set(wa._cells) | set(wb_._cells)):
            sa, sb = cell_signature(wa.cell(*coord)), cell_signature(wb_.cell(*coord))
            if sa != sb:
                out.append(f"{wa.title}!{wa.cell(*coord).coordinate}: {sa!r} != {sb!r}")
        if len(out) >= limit:
            break
    return out[:limit]
