"""The group that makes every huitoukan command speak Chinese: its usage errors, its help, its metavars.

Set once, on `main` (`cls=ChineseGroup`); everything below it inherits:
- Usage errors from any depth pass through the group's `parse_args` and
  `invoke`, where they become one Chinese line (xladdin.cli.usage_errors),
  exit 2, and `{"error": {"code": "usage", …}}` on stdout with --json.
- Help: before parsing, `speak_chinese` gives every command in the tree —
  also a plain `@click.command()` added later with `add_command`, and a
  subgroup such as `addin` — our context class, whose formatter writes Chinese,
  and Chinese defaults for the usage line, the metavars and the one-line
  descriptions. These are click's own documented attributes, set per command;
  nothing in click itself is patched.
"""

from __future__ import annotations

import contextlib

import click

from xladdin.cli.help_format import (
    CHAINED_SUBCOMMAND_METAVAR,
    OPTIONS_METAVAR,
    SUBCOMMAND_METAVAR,
    ChineseHelpFormatter,
    first_sentence,
    metavar_noun,
)
from xladdin.cli.usage_errors import NEWEST_CONTEXT, TYPED_WORDS, ChineseUsageError, asked_for_json, explain

EXIT_ABORTED = 1  # as click's own “Aborted!”


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The parser's errors (an option missing its value) carry no context:
        # the newest context is the one whose words were being parsed.
        self.meta[NEWEST_CONTEXT] = self


class Interrupted(click.ClickException):
    """Ctrl+C or a closed input: click would say “Aborted!”."""

    exit_code = EXIT_ABORTED

    def __init__(self, after_ctrl_c: bool) -> None:
        super().__init__("已中止。")
        self.after_ctrl_c = after_ctrl_c

    def show(self, file=None) -> None:
        # After Ctrl+C the terminal shows “^C” without a line break.
        line_break = "\n" if self.after_ctrl_c else ""
        click.echo(line_break + self.message, file=file, err=file is None)


@contextlib.contextmanager
def chinese_errors(ctx: click.Context):
    """Whatever click raises for a user's mistake leaves as one Chinese line."""
    try:
        yield
    except (ChineseUsageError, Interrupted):
        raise
    except click.UsageError as exc:
        innermost = exc.ctx or ctx.meta.get(NEWEST_CONTEXT, ctx)
        raise ChineseUsageError(explain(exc, innermost), innermost, asked_for_json(ctx)) from None
    except (KeyboardInterrupt, EOFError) as exc:
        raise Interrupted(after_ctrl_c=isinstance(exc, KeyboardInterrupt)) from None
    except click.Abort:
        raise Interrupted(after_ctrl_c=False) from None


def speak_chinese(command: click.Command) -> None:
    """Give `command`, and every command under it, our Chinese defaults where click's English ones are."""
    if command.context_class is click.Context:
        command.context_class = ChineseContext
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = OPTIONS_METAVAR
    if command.help and not command.short_help:
        # click cuts a description at “. ” or after 45 characters, with “...”; a Chinese one at its first “。”.
        command.short_help = first_sentence(command.help)
    for param in command.params:
        if param.metavar is not None or (isinstance(param, click.Option) and (param.is_flag or param.count)):
            continue
        noun = metavar_noun(param.type)
        if noun and isinstance(param, click.Argument):
            # click shows an argument by its name, upper-cased (FILE), and decorates only the metavar it
            # makes itself: an optional one in brackets, a repeated one with “...”.
            noun = f"{noun if param.required else f'[{noun}]'}{'...' if param.nargs != 1 else ''}"
        param.metavar = noun
    if isinstance(command, click.Group):
        if command.subcommand_metavar.startswith("COMMAND1"):
            command.subcommand_metavar = CHAINED_SUBCOMMAND_METAVAR
        elif command.subcommand_metavar.startswith("COMMAND"):
            command.subcommand_metavar = SUBCOMMAND_METAVAR
        for sub in command.commands.values():
            speak_chinese(sub)


class ChineseGroup(click.Group):
    """A click group whose whole tree answers in Chinese (see the module's docstring)."""

    context_class = ChineseContext
    group_class = type  # `@main.group()` makes another ChineseGroup

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        if parent is None:
            speak_chinese(self)  # here, so commands added after import are covered too
        return super().make_context(info_name, args, parent, **extra)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            ctx.meta.setdefault(TYPED_WORDS, list(args))
        with chinese_errors(ctx):
            return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        with chinese_errors(ctx):
            return super().invoke(ctx)
