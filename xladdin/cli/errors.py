"""What every click command shares: the two kinds of failure, told apart for the user.

A user's mistake (UserError) becomes one Chinese line on stderr and exit 2
(with --json, also {"error": {"code", "message"}} on stdout); anything else
is a bug: its traceback goes to the log file, exit 3.
"""

from __future__ import annotations

import functools
import json
import sys

import click

from xladdin.errors import UserError

EXIT_USAGE = 2
EXIT_BUG = 3


def guarded(func):
    """Turn failures into the two kinds the user can tell apart."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except UserError as exc:
            if kwargs.get("as_json"):
                click.echo(json.dumps({"error": {"code": exc.code, "message": str(exc)}}, ensure_ascii=False))
            click.echo(f"错误：{exc}", err=True)
            sys.exit(EXIT_USAGE)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception:  # the last line of defence for bugs
            from xladdin.logs import log_exception

            log = log_exception()
            click.echo(f"内部错误：程序出现异常，详细信息已记录到 {log}。请把该文件发给维护人员。", err=True)
            sys.exit(EXIT_BUG)

    return wrapper
