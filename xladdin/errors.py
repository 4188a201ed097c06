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

    def __reduce__(self) -> tuple:
        # Pickled as the line already rendered: a child process's UserError reaches its parent whole.
        return _restore, (type(self), self.code, str(self), self.__dict__)


def _restore(cls: type[UserError], code: str, message: str, state: dict) -> UserError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    error.code = code
    return error
