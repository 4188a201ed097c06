"""Write values into a branch form, by spec address or by the sheet's defined names."""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xladdin import spec


def fill_sheet(ws: Worksheet, values: Mapping[str, object]) -> None:
    """Write field name -> value at the spec's cell for that field."""
    for name, value in values.items():
        field = spec.FIELDS_BY_NAME.get(name)
        if field is None:
            raise KeyError(f"unknown field {name!r}")
        ws[field.cell] = value


def fill_by_names(wb: Workbook, sheet_name: str, values: Mapping[str, object]) -> None:
    """Write field name -> value through the sheet-scoped defined names (the public contract)."""
    ws = wb[sheet_name]
    for name, value in values.items():
        if name not in ws.defined_names:
            raise KeyError(f"sheet {sheet_name!r} has no defined name {name!r}")
        for title, coord in ws.defined_names[name].destinations:
            wb[title][coord.replace("$", "")] = value
