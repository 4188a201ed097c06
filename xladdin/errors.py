"""The two kinds of failure: a user's mistake, and everything else (a bug)."""

from __future__ import annotations

from xladdin.spec.messages import render_error


class UserError(Exception):
    """A problem the user can fix: a stable code and one Chinese line that says where, what and how.

    UserError("file-too-big", name=…, mb=…, limit=…) renders the catalogue's
    template for the code (xladdin.spec.messages.FILE_ERRORS).
    """

    def __init__(self, code: str, /, **kwargs: object) -> None:
        self.code = code
        super().__init__(render_error(code, **kwargs))
