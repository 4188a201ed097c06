"""Write values into a branch form, by spec address or by the sheet's defined names.

Strings always land as text (text_safety.set_text): a branch may type "=1+1"
and mean the characters. A test that wants a real formula sets it explicitly
(cell.value = "=..." on the worksheet).
"""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xladdin.spec import form
from xladdin.xlsx.text import set_text


def fill_sheet(ws: Worksheet, values: Mapping[str, object]) -> None:
    """Write field name -> value at the spec's cell for that field."""
    for name, value in values.items():
        field = form.FIELDS_BY_NAME.get(name)
        if field is None:
            raise KeyError(f"unknown field {name!r}")
        set_text(ws[field.cell], value)


def fill_by_names(wb: Workbook, sheet_name: str, values: Mapping[str, object]) -> None:
    """Write field name -> value through the sheet-scoped defined names (the public contract)."""
    ws = wb[sheet_name]
    for name, value in values.items():
        if name not in ws.defined_names:
            raise KeyError(f"sheet {sheet_name!r} has no defined name {name!r}")
        for title, coord in ws.defined_names[name].destinations:
            set_text(wb[title][coord.replace("$", "")], value)
