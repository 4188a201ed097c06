"""Run xlwings code without Excel: .xlsx -> remote-engine payload -> actions -> .xlsx.

``xlsx_to_payload`` builds the JSON book that ``xlwings.Book(json=payload)``
accepts (``xlwings/pro/_xlremote.py``, the shape that the Office.js client
sends); ``apply_actions`` replays ``book.json()["actions"]`` onto a copy of the
file with openpyxl. Tests only: the engine needs
``XLWINGS_LICENSE_KEY=noncommercial`` when xlwings is imported;
``ensure_remote_engine`` (called by ``load_book``) sets it and registers the
engine late if xlwings came first.

Payload (xlwings 0.37.8)::

    {"client": "Office.js", "version": xlwings.__version__,
     "book": {"name", "active_sheet_index", "selection"},
     "names": [{"name", "sheet_index", "address", "scope_sheet_name",
                "scope_sheet_index", "book_scope", ["refers_to"]}],
     "sheets": [{"name", "values", "pictures", "notes", "tables", "shapes",
                 "charts", "pivot_tables", "visibility", "show_gridlines",
                 "notes_supported", "print_area"}]}

Each action is ``{"func", "args", "values", "sheet_position", "start_row",
"start_column", "row_count", "column_count"}`` with 0-based positions.

Surprises:

- ``client`` must be ``"Office.js"``: ``Range.add_note`` raises
  NotImplementedError for any other client. Any other client must also send
  exactly the installed xlwings version, or ``Book`` raises.
- Sheet-scoped names show up as ``运一!c1_status`` (unquoted CJK sheet name);
  ``sheet["c1_status"]`` is read as the cell C1. Look names up with
  ``next(n for n in sheet.names if n.name.split("!")[-1] == "c1_status")``.
- Dates go out in ``setValues`` as plain strings (``2024-03-01`` or
  ``2024-03-01 12:30:00``) that Excel parses; the replay parses them too.
  Other strings are stored as they are, whereas Excel would turn "001" into 1.
- ``pictures.add(fig, name=...)`` queues ``addPicture`` plus
  ``setPictureName``; with ``update=True`` and an existing name it queues
  ``updatePicture``. openpyxl keeps no picture names, so names are tracked
  only within one replay.
- ``sheets.add()`` without before/after appends at the end (desktop Excel
  inserts before the active sheet).
"""

import base64
import datetime as dt
import io
import os
import re
import shutil
from copy import copy
from pathlib import Path

import openpyxl
import xlwings
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter, range_boundaries

_EPOCH = dt.datetime(1899, 12, 30)
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$")
_VISIBILITY = {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}


def _iso(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _payload_value(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return _iso(value)
    if isinstance(value, dt.date):
        return _iso(dt.datetime.combine(value, dt.time()))
    if isinstance(value, dt.time):
        return _iso(dt.datetime.combine(_EPOCH.date(), value))
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    return value


def _names(wb) -> list[dict]:
    titles = wb.sheetnames
    entries = [(name, None) for name in wb.defined_names.values()]
    for ix, ws in enumerate(wb.worksheets):
        entries += [(name, ix) for name in ws.defined_names.values()]
    names = []
    for defined, scope in entries:
        dests = list(defined.destinations) if defined.type == "RANGE" else []
        single = len(dests) == 1 and dests[0][0] in titles
        names.append(
            {
                "name": defined.name,
                "sheet_index": titles.index(dests[0][0]) if single else None,
                "address": dests[0][1] if single else None,
                "scope_sheet_name": None if scope is None else titles[scope],
                "scope_sheet_index": scope,
                "book_scope": scope is None,
                "refers_to": f"={defined.attr_text}",
            }
        )
    return names


def _tables(ws) -> list[dict]:
    tables = []
    for table in ws.tables.values():
        c1, r1, c2, r2 = range_boundaries(table.ref)
        head = table.headerRowCount != 0
        total = bool(table.totalsRowCount)
        left, right = get_column_letter(c1), get_column_letter(c2)
        tables.append(
            {
                "name": table.displayName,
                "range_address": table.ref,
                "header_row_range_address": f"{left}{r1}:{right}{r1}" if head else None,
                "data_body_range_address": f"{left}{r1 + head}:{right}{r2 - total}",
                "total_row_range_address": f"{left}{r2}:{right}{r2}" if total else None,
                "show_headers": head,
                "show_totals": total,
                "table_style": table.tableStyleInfo.name if table.tableStyleInfo else None,
                "show_autofilter": table.autoFilter is not None,
            }
        )
    return tables


def _sheet(ws) -> dict:
    rows = ws.iter_rows(
        min_row=1, min_col=1, max_row=ws.max_row, max_col=ws.max_column, values_only=True
    )
    pictures = [
        {"name": f"Picture {i}", "width": img.width, "height": img.height, "left": 0, "top": 0}
        for i, img in enumerate(ws._images, start=1)
    ]
    notes = [
        {"address": cell.coordinate}
        for row in ws.iter_rows()
        for cell in row
        if cell.comment is not None
    ]
    return {
        "name": ws.title,
        "values": [[_payload_value(v) for v in row] for row in rows],
        "pictures": pictures,
        "notes": notes,
        "notes_supported": True,
        "tables": _tables(ws),
        "shapes": [],
        "charts": [],
        "pivot_tables": [],
        "visibility": _VISIBILITY.get(ws.sheet_state, "Visible"),
        "show_gridlines": ws.sheet_view.showGridLines is not False,
        "print_area": None,
    }


def ensure_remote_engine() -> None:
    """Register xlwings' remote engine, even if xlwings was imported first.

    xlwings registers it only when ``XLWINGS_LICENSE_KEY`` is set at import
    time; a test run imports xlwings long before any test sets the variable.
    """
    if "remote" in {engine.name for engine in xlwings.engines}:
        return
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    from xlwings.main import Engine
    from xlwings.pro import _xlremote

    xlwings.engines.add(Engine(impl=_xlremote.engine))


def load_book(path) -> xlwings.Book:
    """``xlwings.Book(json=xlsx_to_payload(path))`` on the remote engine."""
    ensure_remote_engine()
    return xlwings.Book(json=xlsx_to_payload(path))


def xlsx_to_payload(path) -> dict:
    """The JSON book for ``xlwings.Book(json=...)``; formulas give cached values."""
    path = Path(path)
    wb = openpyxl.load_workbook(path, data_only=True)
    try:
        selection = wb.active.sheet_view.selection[0].sqref or "A1"
    except (IndexError, AttributeError):
        selection = "A1"
    return {
        "client": "Office.js",
        "version": xlwings.__version__,
        "book": {
            "name": path.name,
            "active_sheet_index": wb.worksheets.index(wb.active),
            "selection": str(selection),
        },
        "names": _names(wb),
        "sheets": [_sheet(ws) for ws in wb.worksheets],
    }


class _Replay:
    """Applies remote-engine actions to an openpyxl workbook."""

    def __init__(self, wb):
        self.wb = wb
        self.alerts: list[dict] = []
        self.picture_names: dict[tuple[str, int], str] = {}
        self.locked_pictures: dict[tuple[str, int], bool] = {}

    def run(self, action: dict) -> None:
        handler = getattr(self, action["func"], None)
        if handler is None:
            raise NotImplementedError(f"xlwings_harness cannot replay {action['func']!r}")
        handler(action)

    # helpers
    def sheet(self, action):
        return self.wb.worksheets[action["sheet_position"]]

    def cells(self, action):
        ws = self.sheet(action)
        r0, c0 = action["start_row"] + 1, action["start_column"] + 1
        return ws.iter_rows(
            min_row=r0,
            min_col=c0,
            max_row=r0 + action["row_count"] - 1,
            max_col=c0 + action["column_count"] - 1,
        )

    # values
    def setValues(self, action):
        ws = self.sheet(action)
        for i, row in enumerate(action["values"]):
            for j, value in enumerate(row):
                cell = ws.cell(action["start_row"] + 1 + i, action["start_column"] + 1 + j)
                cell.value = _cell_value(value)

    def rangeClearContents(self, action):
        for row in self.cells(action):
            for cell in row:
                cell.value = None

    def rangeClearFormats(self, action):
        for row in self.cells(action):
            for cell in row:
                cell.style = "Normal"

    def rangeClear(self, action):
        self.rangeClearContents(action)
        self.rangeClearFormats(action)

    def sheetClearContents(self, action):
        for row in self.sheet(action).iter_rows():
            for cell in row:
                cell.value = None

    # formats
    def setRangeColor(self, action):
        fill = _fill(action["args"][0])
        for row in self.cells(action):
            for cell in row:
                cell.fill = fill

    def setRangeColors(self, action):
        for row, colors in zip(self.cells(action), action["args"][0], strict=True):
            for cell, color in zip(row, colors, strict=True):
                if color != "keep":
                    cell.fill = _fill(color)

    def setNumberFormat(self, action):
        for row in self.cells(action):
            for cell in row:
                cell.number_format = action["args"][0]

    def setFontProperty(self, action):
        prop, value = action["args"]
        attr = {"bold": "b", "italic": "i", "size": "sz"}.get(prop, prop)
        if prop == "color":
            value = "FF" + value.lstrip("#").upper()
        for row in self.cells(action):
            for cell in row:
                font = copy(cell.font)
                setattr(font, attr, value)
                cell.font = font

    def setColumnWidth(self, action):
        ws = self.sheet(action)
        for c in range(action["column_count"]):
            ws.column_dimensions[get_column_letter(action["start_column"] + 1 + c)].width = (
                action["args"][0]
            )

    def setRowHeight(self, action):
        ws = self.sheet(action)
        for r in range(action["row_count"]):
            ws.row_dimensions[action["start_row"] + 1 + r].height = action["args"][0]

    def setAutofit(self, action):
        pass  # Excel measures text; nothing to reproduce in a file

    setSheetAutofit = setAutofit

    def setScreenUpdating(self, action):
        pass  # a display setting of the running Excel; nothing to keep in a file

    # notes
    def addNote(self, action):
        address, text = action["args"]
        self.sheet(action)[address.replace("$", "")].comment = Comment(text, "xlwings")

    setNoteText = addNote

    def deleteNote(self, action):
        self.sheet(action)[action["args"][0].replace("$", "")].comment = None

    # sheets
    def addSheet(self, action):
        index, name = action["args"]
        self.wb.create_sheet(title=name, index=index)

    def setSheetName(self, action):
        self.sheet(action).title = action["args"][0]

    def sheetDelete(self, action):
        self.wb.remove(self.sheet(action))

    def activateSheet(self, action):
        self.wb.active = action["args"][0]

    # pictures
    def addPicture(self, action):
        data, column, row, _left, _top = action["args"]
        ws = self.sheet(action)
        ws.add_image(_image(data), f"{get_column_letter(column + 1)}{row + 1}")

    def updatePicture(self, action):
        data, index, name, width, height = action["args"]
        ws = self.sheet(action)
        old = ws._images[index]
        new = _image(data)
        new.anchor = old.anchor
        if width and height:
            new.width, new.height = width, height
        ws._images[index] = new
        self.picture_names[(ws.title, index)] = name

    def setPictureName(self, action):
        index, name = action["args"]
        self.picture_names[(self.sheet(action).title, index)] = name

    def setPictureLockAspectRatio(self, action):
        index, locked = action["args"]
        self.locked_pictures[(self.sheet(action).title, index)] = bool(locked)

    def setPictureWidth(self, action):
        self._resize(action, "width")

    def setPictureHeight(self, action):
        self._resize(action, "height")

    def _resize(self, action, side):
        # Sizes arrive in points; openpyxl keeps pixels at 96 dpi.
        index, points = action["args"]
        ws = self.sheet(action)
        image = ws._images[index]
        new = points * 96 / 72
        other = "height" if side == "width" else "width"
        if self.locked_pictures.get((ws.title, index)):
            setattr(image, other, getattr(image, other) * new / getattr(image, side))
        setattr(image, side, new)

    def deletePicture(self, action):
        del self.sheet(action)._images[action["args"][0]]

    # messages
    def alert(self, action):
        prompt, title, buttons, mode, _callback = action["args"]
        self.alerts.append(
            {"prompt": prompt, "title": title, "buttons": buttons, "mode": mode}
        )


def _cell_value(value):
    if value == "":
        return None
    if isinstance(value, str) and _DATE_TEXT.match(value):
        return dt.datetime.fromisoformat(value)
    return value


def _fill(color):
    if not color:
        return PatternFill(fill_type=None)
    return PatternFill("solid", fgColor="FF" + color.lstrip("#").upper())


def _image(data: str) -> Image:
    return Image(io.BytesIO(base64.b64decode(data)))


def apply_actions(actions: list, src_xlsx, dst_xlsx) -> list[dict]:
    """Replay ``actions`` onto a copy of ``src_xlsx`` saved as ``dst_xlsx``.

    Returns the alerts (``app.alert``) in order, as dicts with ``prompt``,
    ``title``, ``buttons`` and ``mode``. Unknown actions raise
    NotImplementedError, so a test never passes on a silently dropped change.
    """
    if Path(src_xlsx).resolve() != Path(dst_xlsx).resolve():
        shutil.copyfile(src_xlsx, dst_xlsx)
    wb = openpyxl.load_workbook(dst_xlsx)
    replay = _Replay(wb)
    for action in actions:
        replay.run(action)
    wb.save(dst_xlsx)
    return replay.alerts
