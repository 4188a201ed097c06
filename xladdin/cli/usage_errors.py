"""click's usage errors said in one Chinese line: where (command, option), what is wrong, how to fix it.

The line is built from the error's structure (its class, its command, the
parameter or option it names, the words typed), never by rewording click's
English message, so whatever click's wording, no English reaches the user.
Only our own parameter types' messages (ReportDate's) are shown as they are:
they are Chinese and say how to write the value.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from difflib import get_close_matches

import click
from click.exceptions import NoArgsIsHelpError, NoSuchCommand

from xladdin.cli.errors import EXIT_USAGE
from xladdin.cli.help_format import first_sentence, range_words

# Kept in the context's meta, which every context of one run shares.
TYPED_WORDS = "huitoukan.typed-words"  # the command line as typed, for re-reading a bad value
NEWEST_CONTEXT = "huitoukan.newest-context"  # the parser's errors name no command; the newest context does
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et")


class ChineseUsageError(click.UsageError):
    """A usage error already said in Chinese: one line on stderr (and JSON on stdout when --json was asked)."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, ctx: click.Context | None = None, as_json: bool = False) -> None:
        super().__init__(message, ctx)
        self.as_json = as_json

    def show(self, file=None) -> None:
        if self.as_json:
            click.echo(json.dumps({"error": {"code": "usage", "message": self.message}}, ensure_ascii=False))
        click.echo(f"错误：{self.message}", file=file, err=file is None)


def speaks_chinese(param_type: click.ParamType, message: str) -> bool:
    """Whether a type's own failure message can be shown: ours are Chinese, click's English
    (even when they quote a Chinese value, as in “'八千' is not a valid integer.”)."""
    made_by_click = type(param_type).__module__.split(".")[0] == "click"
    return not made_by_click and any("\u4e00" <= ch <= "\u9fff" for ch in message)


def asked_for_json(ctx: click.Context) -> bool:
    words = ctx.meta.get(TYPED_WORDS, [])
    words = words[: words.index("--")] if "--" in words else words
    return any(word == "--json" or word.startswith("--json=") for word in words)


def explain(exc: click.UsageError, ctx: click.Context) -> str:
    """The Chinese line (without “错误：”) for `exc`, raised while `ctx` was the innermost context."""
    ctx = exc.ctx or ctx
    if isinstance(exc, NoSuchCommand):
        return _unknown_command(exc.command_name, ctx)
    if isinstance(exc, click.NoSuchOption):
        return _unknown_option(exc.option_name, ctx)
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        return _missing(exc.param, ctx)
    if isinstance(exc, click.BadParameter):
        return _bad_value(exc, ctx)
    if isinstance(exc, click.BadOptionUsage):
        return _option_misused(exc.option_name, ctx)
    if isinstance(exc, click.BadArgumentUsage):
        return f"{ctx.command_path} 的参数个数不对。用法：{_usage(ctx)}。{_help_hint(ctx)}"
    # What is left is click's own plain UsageError (ours are UserError): a group's missing command, or extra words.
    if isinstance(exc, NoArgsIsHelpError) or isinstance(ctx.command, click.Group):
        return _nothing_given(ctx)  # “Missing command.”, or the help page that click shows for no words at all
    extra = _typed(ctx)[1]
    if extra:
        return _extra_words(extra, ctx)
    return f"{ctx.command_path} 的用法有误。{_help_hint(ctx)}"


def _help_hint(ctx: click.Context, what: str = "用法") -> str:
    names = ctx.command.get_help_option_names(ctx) if ctx.command.add_help_option else []
    return f"运行 {ctx.command_path} {max(names, key=len)} 查看{what}。" if names else ""


def _usage(ctx: click.Context) -> str:
    return " ".join([ctx.command_path, *ctx.command.collect_usage_pieces(ctx)])


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{'、'.join(names[:-1])} 或 {names[-1]}"


def _quoted(words) -> str:
    return "、".join(f"“{word}”" for word in words)


def _label(param: click.Parameter, ctx: click.Context) -> str:
    if isinstance(param, click.Argument):
        return f"参数 {param.make_metavar(ctx)}"
    return f"选项 {'/'.join([*param.opts, *param.secondary_opts])}"


def _visible_commands(ctx: click.Context) -> list[str]:
    group = ctx.command
    return [name for name in group.list_commands(ctx)
            if (command := group.get_command(ctx, name)) is not None and not command.hidden]


def _option_names(command: click.Command, ctx: click.Context) -> list[str]:
    return [name for param in command.get_params(ctx) if isinstance(param, click.Option) and not param.hidden
            for name in (*param.opts, *param.secondary_opts)]


def _typed(ctx: click.Context) -> tuple[dict, list[str]]:
    """What the user typed for ctx's command: its values by parameter name, and the words left over.

    Re-reads the whole command line the way click did (each group's parser takes
    its options and the command name), because click's errors do not keep the value.
    """
    words = ctx.meta.get(TYPED_WORDS)
    if words is None:
        return {}, []
    outer = []
    node = ctx.parent
    while node is not None:
        outer.append(node)
        node = node.parent
    try:
        for group_ctx in reversed(outer):
            _, rest, _ = group_ctx.command.make_parser(group_ctx).parse_args(args=list(words))
            words = rest[1:]
        values, extra, _ = ctx.command.make_parser(ctx).parse_args(args=list(words))
    except click.UsageError:  # never a traceback while explaining a mistake: say it without the value
        return {}, []
    return values, extra


# Words a person may type for a command, that spelling will not find: the name used in the brief or
# a chat (web), or the task in Chinese. Only a word whose command exists where it was typed is offered.
LIKELY_WORDS = {
    "web": "serve", "www": "serve", "http": "serve", "server": "serve", "browser": "serve", "网页": "serve",
    "浏览器": "serve", "页面": "serve",
    "校验": "check", "检查": "check", "validate": "check", "verify": "check",
    "合并": "collect", "收集": "collect", "回收": "collect", "merge": "collect",
    "汇总": "summary", "报告": "report", "情况报告": "report", "台账": "ledger", "模板": "template",
    "拆分": "split", "下发": "split", "退回": "feedback", "修复": "repair", "示例": "sample",
}


def _unknown_command(name: str, ctx: click.Context) -> str:
    where, known = ctx.command_path, _visible_commands(ctx)
    text = f"{where} 没有“{name}”这个命令。"
    close = get_close_matches(name, known, n=3, cutoff=0.6)
    meant = LIKELY_WORDS.get(name.strip().lower())
    if meant in known:
        command = ctx.command.get_command(ctx, meant)
        # What the command is for, up to its first pause: “启动本机网页”, “收集各支部报回的文件”.
        about = re.split("[：（，。]", first_sentence(command.help))[0] if command is not None and command.help else ""
        text += f"是不是要用 {where} {meant}" + (f"（{about}）" if about else "") + "？"
    elif close:
        text += f"是不是要用 {_either(close)}？"
    elif name.lower().endswith(WORKBOOK_SUFFIXES) and "check" in known:
        text += f"要校验这个工作簿，请写成 {where} check {name}。"
    return text + _help_hint(ctx, "所有命令")


def _unknown_option(name: str, ctx: click.Context) -> str:
    where = ctx.command_path
    owners = []
    if isinstance(ctx.command, click.Group):
        owners = [sub for sub in _visible_commands(ctx)
                  if name in _option_names(ctx.command.get_command(ctx, sub), ctx)]
    if owners:  # typed before the command's name
        return (f"{name} 是命令 {_either(owners)} 的选项，要写在命令名后面，如 {where} {owners[0]} {name}。"
                f"{_help_hint(ctx, '所有选项')}")
    text = f"{where} 没有 {name} 这个选项。"
    close = get_close_matches(name, _option_names(ctx.command, ctx), n=3, cutoff=0.6)
    if close:
        text += f"是不是要用 {_either(close)}？"
    return text + _help_hint(ctx, "所有选项")


def _missing(param: click.Parameter, ctx: click.Context) -> str:
    where = ctx.command_path
    if isinstance(param, click.Argument):
        return f"{where} 缺少参数 {param.make_metavar(ctx)}。用法：{_usage(ctx)}。{_help_hint(ctx)}"
    about = first_sentence(param.help).removesuffix("。") if param.help else ""
    shortest = min(param.opts, key=len)
    typed = _lookalike(param, ctx)
    if typed:  # "－o" from a Chinese input method: the option is there, only its dash is wrong
        return (f"{where} 缺少必填的{_label(param, ctx)}：命令中的“{typed}”用的是全角或中文横线，"
                f"请改为英文半角的 {ascii_dashes(typed)}。{_help_hint(ctx)}")
    return (f"{where} 缺少必填的{_label(param, ctx)}{f'（{about}）' if about else ''}。"
            f"请加上 {shortest} {param.make_metavar(ctx)}。{_help_hint(ctx)}")


_DASHES = str.maketrans(dict.fromkeys("－—–‐‑−﹣", "-"))


def ascii_dashes(word: str) -> str:
    return unicodedata.normalize("NFKC", word.split("=", 1)[0]).translate(_DASHES)


def _lookalike(param: click.Parameter, ctx: click.Context) -> str | None:
    """The word typed for this option with a non-ASCII dash (－o, —output), if there is one."""
    for word in ctx.meta.get(TYPED_WORDS) or ():
        head = word.split("=", 1)[0]
        if not head.startswith("-") and ascii_dashes(head) in param.opts:
            return head
    return None


def _bad_value(exc: click.BadParameter, ctx: click.Context) -> str:
    param = exc.param
    if param is None:
        return f"{ctx.command_path} 的取值无效。{_help_hint(ctx)}"
    where = f"{ctx.command_path} 的{_label(param, ctx)}"
    if speaks_chinese(param.type, exc.message):  # our own types (ReportDate) say what is wrong and how to fix it
        return f"{where} 取值无效：{exc.message}"
    value = _typed(ctx)[0].get(param.name)
    value = value if isinstance(value, str) else None
    need = requirement(param.type)
    problem = _path_problem(param.type, value) if isinstance(param.type, click.Path) and value else None
    if problem:
        return f"{where} 取值无效：{problem}，这里{need}。{_help_hint(ctx)}"
    shown = f"“{value}”" if value is not None else ""
    return f"{where} 取值{shown}无效，{need}。{_help_hint(ctx)}"


def requirement(param_type: click.ParamType) -> str:
    """What a value of this type must be, in words that follow “取值无效，”."""
    if isinstance(param_type, click.Choice):
        return f"须是 {_quoted(param_type.choices)} 之一"
    if isinstance(param_type, click.IntRange | click.FloatRange):
        noun = "整数" if isinstance(param_type, click.IntRange) else "数"
        if param_type.min is None and param_type.max is None:
            return f"须是{noun}"
        words = range_words(param_type.min, param_type.max, param_type.min_open, param_type.max_open)
        return f"须是{words}的{noun}"
    if isinstance(param_type, click.Path):
        kind = "文件夹" if not param_type.file_okay else "文件" if not param_type.dir_okay else "文件或文件夹"
        return f"须是{'已有的' if param_type.exists else ''}{kind}"
    if isinstance(param_type, click.DateTime):
        return f"须是日期时间，写法如 {_quoted(param_type.formats)}"
    needs = (
        (click.types.IntParamType, "须是整数"), (click.types.FloatParamType, "须是数字"),
        (click.types.BoolParamType, "须是 true 或 false"), (click.types.UUIDParameterType, "须是 UUID"),
        (click.File, "须是能打开的文件"),
    )
    return next((need for kind, need in needs if isinstance(param_type, kind)), "请对照说明改正")


def _path_problem(path_type: click.Path, value: str) -> str | None:
    """Why a path was refused, checked again on disk: click's message says it only in English."""
    if path_type.allow_dash and value == "-":
        return None
    checks = (
        (path_type.exists and not os.path.exists(value), f"找不到“{value}”"),
        (not path_type.file_okay and os.path.isfile(value), f"“{value}”是一个文件"),
        (not path_type.dir_okay and os.path.isdir(value), f"“{value}”是一个文件夹"),
        (path_type.readable and os.path.exists(value) and not os.access(value, os.R_OK), f"没有读取“{value}”的权限"),
        (path_type.writable and os.path.exists(value) and not os.access(value, os.W_OK), f"没有写入“{value}”的权限"),
        (path_type.executable and os.path.exists(value) and not os.access(value, os.X_OK), f"“{value}”不能运行"),
    )
    return next((problem for failed, problem in checks if failed), None)


def _option_misused(name: str, ctx: click.Context) -> str:
    where = ctx.command_path
    option = next((param for param in ctx.command.get_params(ctx) if isinstance(param, click.Option)
                   and name in (*param.opts, *param.secondary_opts)), None)
    if option is not None and (option.is_flag or option.count):
        return f"{where} 的选项 {name} 是开关，后面不能带取值。请只写 {name}。{_help_hint(ctx)}"
    how_many = f" {option.nargs} 个" if option is not None and option.nargs > 1 else ""
    if option is not None and isinstance(option.type, click.Choice):
        how = f"请在 {name} 后面写上 {_quoted(option.type.choices)} 之一"
    else:
        how = f"请写成 {name} {option.make_metavar(ctx) if option is not None else '取值'}"
    return f"{where} 的选项 {name} 后面缺少{how_many}取值。{how}。{_help_hint(ctx)}"


def _nothing_given(ctx: click.Context) -> str:
    where = ctx.command_path
    if isinstance(ctx.command, click.Group):
        known = "、".join(_visible_commands(ctx))
        return f"{where} 后面缺少命令。可用的命令：{known}。{_help_hint(ctx, '每个命令的说明')}"
    return f"{where} 缺少参数。用法：{_usage(ctx)}。{_help_hint(ctx)}"


def _extra_words(extra: list[str], ctx: click.Context) -> str:
    return (f"{ctx.command_path} 多出了参数{_quoted(extra)}。用法：{_usage(ctx)}。"
            f"路径中有空格时，请用英文双引号把整个路径括起来。{_help_hint(ctx)}")
