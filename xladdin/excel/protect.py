"""Protected sheets and workbooks on the Excel path: never a password prompt, never a silent loss.

Desktop Excel refuses values, fills and notes on locked cells of a protected
sheet, and new or deleted sheets in a workbook whose structure is protected.
- A sheet protected without a password (the template's sheets are) is
  unprotected with ``Unprotect("")`` and protected again afterwards with the
  same options. ``Unprotect()`` without an argument would make Excel ask for
  the password, sheet after sheet; ``Unprotect("")`` fails at once instead.
- A sheet with a password is left alone: one alert names every such sheet,
  before anything in the workbook changes. We never learn, drop or replace a
  password.
- A protected workbook structure gets the same kind of alert.
Only COM exposes protection. In xlwings' remote engine ``api`` is the
workbook's JSON payload, which knows no protection, so there is nothing to lift.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

from xladdin.errors import UserError

# Everything Worksheet.Protect can set, read back so that Protect restores it as it was.
ALLOW = (
    "AllowFormattingCells",
    "AllowFormattingColumns",
    "AllowFormattingRows",
    "AllowInsertingColumns",
    "AllowInsertingRows",
    "AllowInsertingHyperlinks",
    "AllowDeletingColumns",
    "AllowDeletingRows",
    "AllowSorting",
    "AllowFiltering",
    "AllowUsingPivotTables",
)
class PasswordProtected(UserError):
    """A sheet we may not write to: its protection has a password."""

    def __init__(self, sheet: str):
        super().__init__("sheet-password", sheets=sheet_list([sheet]))
        self.sheet = sheet


def sheet_list(sheets: list[str]) -> str:
    return "、".join(f"“{name}”" for name in sheets)


def is_protected(api) -> bool:
    return any(bool(getattr(api, flag, False)) for flag in ("ProtectContents", "ProtectDrawingObjects", "ProtectScenarios"))


def protection_options(api) -> dict[str, object]:
    options: dict[str, object] = {name: getattr(api.Protection, name) for name in ALLOW}
    options.update(
        DrawingObjects=api.ProtectDrawingObjects,
        Contents=api.ProtectContents,
        Scenarios=api.ProtectScenarios,
        UserInterfaceOnly=api.ProtectionMode,
    )
    return options


@contextlib.contextmanager
def unprotected(sheet) -> Iterator[None]:
    """Lift a sheet's password-free protection for the block, then put the same protection back."""
    api = sheet.api
    if not is_protected(api):
        yield
        return
    options = protection_options(api)
    try:
        api.Unprotect("")
    except Exception as exc:  # a COM error: the empty password is wrong, so the sheet has one
        raise PasswordProtected(sheet.name) from exc
    try:
        yield
    finally:
        api.Protect(**options)


def refuse_protected_structure(book) -> None:
    if getattr(book.api, "ProtectStructure", False):
        raise UserError("structure-protected")


@contextlib.contextmanager
def writable(book, sheet_names: Iterable[str], structure: bool = True) -> Iterator[None]:
    """The named sheets (and the structure) writable for the block, or one alert before any change."""
    if structure:
        refuse_protected_structure(book)
    with contextlib.ExitStack() as stack:
        locked = []
        for name in sheet_names:
            try:
                stack.enter_context(unprotected(book.sheets[name]))
            except PasswordProtected:
                locked.append(name)
        if locked:
            raise UserError("sheet-password", sheets=sheet_list(locked))  # the sheets lifted so far are protected again on the way out
        yield
