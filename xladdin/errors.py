"""The two kinds of failure: a user's mistake, and everything else (a bug)."""


class UserError(Exception):
    """A problem the user can fix; its message is Chinese and says where, what and how."""
