"""`--help` in Chinese: the usage line, the headings, the few phrases click writes itself, and the metavars.

Our commands' own help texts are Chinese already. What click adds around them
is English: “Usage:”, “Options:”, “Show this message and exit.”,
“[default: 8765; 1<=x<=65535]”, and metavars such as TEXT or PATH. The
formatter (click's documented `Context.formatter_class` hook) writes the
headings and click's fixed phrases in Chinese and wraps by display width
(xladdin.cli.wrap); `metavar_noun` names a value's kind in Chinese.
"""

from __future__ import annotations

import inspect
import re

import click

from xladdin.core.textwidth import display_width, join_lines, wrap_paragraph

USAGE_PREFIX = "用法："
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."
CHAINED_SUBCOMMAND_METAVAR = "命令1 [参数]... [命令2 [参数]...]..."

# The headings click's Command and Group write (click.core, `formatter.section(_(…))`).
HEADINGS = {"Options": "选项", "Commands": "命令", "Positional arguments": "参数", "Arguments": "参数"}
# The help texts click gives the options it makes itself.
CLICK_PHRASES = {
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
}
# click appends “  [default: …; 1<=x<=65535; required]” to an option's help.
_EXTRAS = re.compile(r"\s*\[([^\[\]]+)\]$")
_RANGE = re.compile(r"(?P<low>[^<>=x]+)(?P<low_op><=?)x(?P<high_op><=?)(?P<high>[^<>=]+)|x(?P<op>[<>]=?)(?P<bound>.+)")


def range_words(low, high, low_open: bool = False, high_open: bool = False) -> str:
    """A number range in words that read before “的整数”: “1～65535 之间”, “不小于 1”, “大于 0 且小于 1”."""
    if low is not None and high is not None and not low_open and not high_open:
        return f" {low}～{high} 之间"
    parts = []
    if low is not None:
        parts.append(f"{'大于' if low_open else '不小于'} {low}")
    if high is not None:
        parts.append(f"{'小于' if high_open else '不大于'} {high}")
    return "且".join(parts) + " "


def _range_from_click(text: str) -> str | None:
    match = _RANGE.fullmatch(text)
    if match is None:
        return None
    if match["op"]:
        low = match["op"].startswith(">")
        bound = match["bound"]
        words = range_words(bound if low else None, None if low else bound,
                            match["op"] == ">", match["op"] == "<")
    else:
        words = range_words(match["low"], match["high"], match["low_op"] == "<", match["high_op"] == "<")
    return f"取值{words.rstrip()}"


def chinese_help_entry(text: str) -> str:
    """An option's help as click built it, with click's own phrases and bracketed extras in Chinese."""
    text = CLICK_PHRASES.get(text, text)
    match = _EXTRAS.search(text)
    if match is None:
        return text
    said = []
    for item in match[1].split("; "):
        if item.startswith("default: "):
            said.append(f"默认：{item.removeprefix('default: ')}")
        elif item.startswith("env var: "):
            said.append(f"环境变量：{item.removeprefix('env var: ')}")
        elif item == "required":
            said.append("必填")
        elif (in_range := _range_from_click(item)) is not None:
            said.append(in_range)
        else:
            return text  # a bracket the author wrote, not click's extras
    return f"{text[:match.start()]}（{'；'.join(said)}）"


def first_sentence(help_text: str) -> str:
    """A command's one-line description for the command list: its help up to the first “。”."""
    paragraph = inspect.cleandoc(help_text).partition("\f")[0].split("\n\n")[0]
    text = join_lines(paragraph.splitlines())
    head, stop, _ = text.partition("。")
    return head + stop


def metavar_noun(param_type: click.ParamType) -> str | None:
    """What a value is, in Chinese, for the help's metavar; None keeps click's own (choices, our types)."""
    if isinstance(param_type, click.Path):
        if not param_type.file_okay:
            return "文件夹"
        return "文件" if not param_type.dir_okay else "路径"
    nouns = (
        (click.File, "文件"), (click.types.IntParamType, "整数"), (click.types.FloatParamType, "数字"),
        (click.types.BoolParamType, "true|false"), (click.DateTime, "日期时间"), (click.types.StringParamType, "文本"),
    )
    for kind, noun in nouns:
        if isinstance(param_type, kind):
            return noun
    if isinstance(param_type, click.Choice | click.Tuple) or not param_type.name.isascii():
        return None
    return "值"


def _wrapped(text: str, width: int) -> list[str]:
    """A help entry's lines: each paragraph joined, then wrapped."""
    blocks = text.split("\n\n")
    return [line for block in blocks for line in wrap_paragraph(join_lines(block.splitlines()), width)] or [""]


class ChineseHelpFormatter(click.HelpFormatter):
    """click's help layout, in Chinese and measured in display columns."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        head = f"{'':>{self.current_indent}}{USAGE_PREFIX if prefix is None else prefix}{prog}"
        if not args:
            self.write(f"{head}\n")
            return
        room = self.width - display_width(head) - 1
        if room >= 20:
            lines = wrap_paragraph(args, room)
            pad = " " * (display_width(head) + 1)
            self.write(f"{head} {lines[0]}\n" + "".join(f"{pad}{line}\n" for line in lines[1:]))
        else:
            pad = " " * (self.current_indent + 4)
            self.write(f"{head}\n" + "".join(f"{pad}{line}\n" for line in wrap_paragraph(args, self.width - 4)))

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        blocks = []
        for block in re.split(r"\n\s*\n", text.expandtabs().strip("\n")):
            lines = block.splitlines()
            if not lines:
                continue
            if lines[0].strip() == "\b":  # click's mark for “do not rewrap this block”
                blocks.append("\n".join(f"{indent}{line}" for line in lines[1:]))
                continue
            own = " " * (len(lines[0]) - len(lines[0].lstrip()))
            wrapped = wrap_paragraph(join_lines(lines), self.width - len(indent) - len(own))
            blocks.append("\n".join(f"{indent}{own}{line}" for line in wrapped))
        self.write("\n\n".join(blocks) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(first, chinese_help_entry(second)) for first, second in rows]
        if not rows:
            return
        first_col = min(max(display_width(first) for first, _ in rows), col_max) + col_spacing
        indent = " " * self.current_indent
        text_width = max(self.width - self.current_indent - first_col, 10)
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = _wrapped(second, text_width)
            pad = " " * (first_col + self.current_indent)
            self.write(f"{lines[0]}\n" + "".join(f"{pad}{line}\n" for line in lines[1:]))
