"""Every usage error is one Chinese line with exit 2, and every --help is Chinese: for every command.

The commands are enumerated from the click group, so a command added later is
tested without anyone listing it here. Mistakes are made from each command's
own parameters: an unknown or misspelt option, a missing required option or
argument, an option without its value, a flag given one, a bad date, number
or choice, an extra argument, a group without its command.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from xladdin.cli import main
from xladdin.cli.options import ReportDate
from xladdin.core.textwidth import display_width


def tree(group: click.Group = main, path: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from tree(command, (*path, name))


COMMANDS = [((), main), *tree()]
LEAVES = [(path, command) for path, command in COMMANDS if not isinstance(command, click.Group)]
GROUPS = [(path, command) for path, command in COMMANDS if isinstance(command, click.Group)]


def label(path) -> str:
    return " ".join(("huitoukan", *path))


def option_cases(wanted):
    return [pytest.param(path, command, param, id=f"{label(path)} {param.opts[-1]}")
            for path, command in LEAVES for param in command.params
            if isinstance(param, click.Option) and wanted(param)]


def takes_value(param: click.Parameter) -> bool:
    return not (param.is_flag or param.count)


CJK = re.compile(r"[\u4e00-\u9fff]")
# What click says in English, in its errors and on its help pages.
CLICK_ERROR_WORDS = ("Error", "Usage", "Missing", "Invalid", "No such", "Try ", "Got unexpected", "requires",
                     "does not", "is not", "Did you mean", "Aborted", "option", "argument", "command")
CLICK_HELP_WORDS = ("Usage:", "Options:", "Commands:", "Positional arguments", "Show this message",
                    "Show the version", "[default:", "required]", "(dynamic)", "Choose from")
CLICK_METAVARS = re.compile(r"\b(TEXT|PATH|INTEGER|FLOAT|DIRECTORY|FILENAME|BOOLEAN|RANGE|OPTIONS|COMMAND|ARGS|"
                            r"DATETIME|UUID)\b")


def words_of(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{2,}", text))


def our_words() -> set[str]:
    """The Latin words our own commands use: names, options, metavars and help texts (checked Chinese below)."""
    found = {"huitoukan", "help"}  # --help is added by click, not in params
    for path, command in COMMANDS:
        found |= words_of(" ".join(path)) | words_of(command.help or "")
        for param in command.params:
            found |= words_of(" ".join([*param.opts, *param.secondary_opts, param.name or ""]))
            found |= words_of(getattr(param, "help", None) or "")
            found |= words_of(" ".join(map(str, getattr(param.type, "choices", ()))))
    return found


OUR_WORDS = our_words()


def invoke(*args, **extra):
    return CliRunner().invoke(main, [str(a) for a in args], terminal_width=80, **extra)


def assert_one_chinese_line(result, typed=(), exit_code=2) -> str:
    """Exit 2, one line on stderr that starts 错误：, in Chinese, no English from click, no traceback."""
    assert result.exit_code == exit_code, (result.exit_code, result.output, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("错误：") and CJK.search(line), line
    assert not any(word in line for word in CLICK_ERROR_WORDS), line
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit), result.exception
    foreign = words_of(line) - OUR_WORDS - words_of(" ".join(map(str, typed)))
    assert not foreign, (foreign, line)
    line.encode("gbk")  # a Chinese Windows console (code page 936) can show every character
    return line


def plausible(param: click.Parameter, tmp_path: Path) -> str:
    """A value the parameter accepts, so that only the mistake under test is wrong."""
    kind = param.type
    if isinstance(kind, click.Path | click.File):
        folder = tmp_path / "输出"
        folder.mkdir(exist_ok=True)
        book = tmp_path / "填报表.xlsx"
        book.touch()
        return str(folder if isinstance(kind, click.Path) and not kind.file_okay else book)
    if isinstance(kind, ReportDate):
        return "2010-09-12"
    if isinstance(kind, click.Choice):
        return str(kind.choices[0])
    if isinstance(kind, click.IntRange | click.FloatRange):
        return str(kind.min if kind.min is not None else kind.max if kind.max is not None else 1)
    if isinstance(kind, click.types.IntParamType | click.types.FloatParamType):
        return "1"
    return "运一"


def filled(command: click.Command, tmp_path: Path, leave_out=None) -> list[str]:
    """Every required parameter given, except `leave_out`: options first, then the arguments in order."""
    options, arguments = [], []
    for param in command.params:
        if param is leave_out or not param.required:
            continue
        if isinstance(param, click.Argument):
            arguments.append(plausible(param, tmp_path))
        else:
            options += [param.opts[0], plausible(param, tmp_path)]
    return options + arguments


# --- usage errors, for every command -------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[label(p) for p, _ in COMMANDS])
def test_unknown_option(path, command):
    line = assert_one_chinese_line(invoke(*path, "--no-such-thing"), ["--no-such-thing"])
    assert "--no-such-thing" in line and label(path) in line and "--help" in line


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[label(p) for p, _ in COMMANDS])
def test_misspelt_option_gets_a_did_you_mean(path, command):
    real = next(name for param in command.get_params(click.Context(command)) if isinstance(param, click.Option)
                and not param.hidden for name in param.opts if name.startswith("--") and len(name) > 4)
    typo = real[:4] + real[5:]  # one letter dropped: --json -> --jsn
    line = assert_one_chinese_line(invoke(*path, typo), [typo])
    assert typo in line and real in line


REQUIRED = [pytest.param(path, command, param, id=f"{label(path)} {param.name}")
            for path, command in LEAVES for param in command.params if param.required]


@pytest.mark.parametrize(("path", "command", "param"), REQUIRED)
def test_missing_required_option_or_argument(path, command, param, tmp_path):
    typed = filled(command, tmp_path, leave_out=param)
    line = assert_one_chinese_line(invoke(*path, *typed), typed)
    named = param.opts[0] if isinstance(param, click.Option) else param.make_metavar(click.Context(command))
    assert named in line and "缺少" in line


@pytest.mark.parametrize(("path", "command", "param"), option_cases(takes_value))
def test_option_without_its_value(path, command, param, tmp_path):
    typed = [*filled(command, tmp_path, leave_out=param), param.opts[0]]
    line = assert_one_chinese_line(invoke(*path, *typed), typed)
    assert f"{param.opts[0]} 后面缺少取值" in line


@pytest.mark.parametrize(("path", "command", "param"),
                         option_cases(lambda p: p.is_flag and any(n.startswith("--") for n in p.opts)))
def test_flag_given_a_value(path, command, param):
    flag = next(name for name in param.opts if name.startswith("--"))
    line = assert_one_chinese_line(invoke(*path, f"{flag}=1"), [flag])
    assert f"{flag} 是开关" in line


@pytest.mark.parametrize(("path", "command", "param"), option_cases(lambda p: isinstance(p.type, ReportDate)))
@pytest.mark.parametrize("bad", ["2010年13月45日", "去年", "9月12日"])
def test_bad_date(path, command, param, bad, tmp_path):
    typed = [*filled(command, tmp_path), param.opts[0], bad]
    line = assert_one_chinese_line(invoke(*path, *typed), typed)
    assert param.opts[0] in line and f"“{bad}”" in line and "2010年9月12日" in line


NUMBERS = option_cases(lambda p: isinstance(p.type, click.types.IntParamType | click.types.FloatParamType))


@pytest.mark.parametrize(("path", "command", "param"), NUMBERS)
def test_bad_number(path, command, param, tmp_path):
    bad_values = ["八千", "80.5" if isinstance(param.type, click.types.IntParamType) else "x"]
    if isinstance(param.type, click.IntRange) and param.type.max is not None:
        bad_values.append(str(param.type.max + 1))
    for bad in bad_values:
        typed = [*filled(command, tmp_path), param.opts[-1], bad]
        line = assert_one_chinese_line(invoke(*path, *typed), typed)
        assert param.opts[-1] in line and f"“{bad}”" in line and "须是" in line


@pytest.mark.parametrize(("path", "command", "param"), option_cases(lambda p: isinstance(p.type, click.Choice)))
def test_bad_choice_lists_the_choices(path, command, param, tmp_path):
    typed = [*filled(command, tmp_path), param.opts[-1], "不存在"]
    line = assert_one_chinese_line(invoke(*path, *typed), typed)
    assert "“不存在”" in line and all(f"“{choice}”" in line for choice in param.type.choices)


FIXED_ARITY = [(p, c) for p, c in LEAVES if not any(a.nargs == -1 for a in c.params if isinstance(a, click.Argument))]


@pytest.mark.parametrize(("path", "command"), FIXED_ARITY, ids=[label(p) for p, _ in FIXED_ARITY])
def test_extra_argument(path, command, tmp_path):
    """Commands that take a fixed number of arguments (collect and run take any number of files)."""
    typed = [*filled(command, tmp_path), "多余的词"]
    line = assert_one_chinese_line(invoke(*path, *typed), typed)
    assert "多出了参数“多余的词”" in line and f"用法：{label(path)} [选项]" in line


@pytest.mark.parametrize(("path", "command"), GROUPS, ids=[label(p) for p, _ in GROUPS])
def test_group_without_its_command(path, command):
    line = assert_one_chinese_line(invoke(*path))
    assert "缺少命令" in line and all(name in line for name, sub in command.commands.items() if not sub.hidden)
    assert assert_one_chinese_line(invoke(*path, "--")) == line  # click's other way of saying it


@pytest.mark.parametrize(("path", "command"), GROUPS, ids=[label(p) for p, _ in GROUPS])
def test_unknown_command_gets_a_did_you_mean(path, command):
    real = sorted(command.commands)[0]
    typo = real[:-1]
    line = assert_one_chinese_line(invoke(*path, typo, "x"), [typo])
    assert f"“{typo}”" in line and f"是不是要用 {real}" in line
    assert "是不是" not in assert_one_chinese_line(invoke(*path, "完全不像"))


@pytest.mark.parametrize(("word", "meant", "about"), [("web", "serve", "启动本机网页"), ("网页", "serve", "启动本机网页"),
                                                     ("合并", "collect", "收集各支部报回的文件")])
def test_a_likely_word_for_a_command_names_it(word, meant, about):
    line = assert_one_chinese_line(invoke(word), [word])
    assert line == (f"错误：huitoukan 没有“{word}”这个命令。是不是要用 huitoukan {meant}（{about}）？"
                    "运行 huitoukan --help 查看所有命令。")
    # Only where that command exists: a group without it says nothing of it.
    assert "serve" not in assert_one_chinese_line(invoke("addin", "web"), ["web"])


def test_an_option_before_its_command_is_pointed_after_it():
    line = assert_one_chinese_line(invoke("--json", "check", "x.xlsx"), ["x.xlsx"])
    assert "huitoukan check --json" in line


def test_a_workbook_without_a_command_points_to_check():
    line = assert_one_chinese_line(invoke("填报表.xlsx"), ["填报表.xlsx"])
    assert "huitoukan check 填报表.xlsx" in line


def test_run_output_folder_that_is_a_file(tmp_path):
    a_file = tmp_path / "结果.xlsx"
    a_file.touch()
    line = assert_one_chinese_line(invoke("run", "x.xlsx", "-o", a_file), [a_file, "x.xlsx"])
    assert f"“{a_file}”是一个文件" in line and "须是文件夹" in line


# --- --json --------------------------------------------------------------------------------------------------------

def test_usage_errors_with_json_also_answer_in_json():
    for typed in (["check", "--json", "--jsn", "x.xlsx"], ["check", "--json"], ["check", "--json=yes", "x.xlsx"]):
        result = invoke(*typed)
        line = assert_one_chinese_line(result, typed)
        assert json.loads(result.stdout) == {"error": {"code": "usage", "message": line.removeprefix("错误：")}}
    plain = invoke("check", "--jsn", "x.xlsx")
    assert plain.stdout == ""


# --- --help --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("flag", ["--help", "-h"])
@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[label(p) for p, _ in COMMANDS])
def test_help_is_chinese(path, command, flag):
    result = invoke(*path, flag)
    assert result.exit_code == 0 and result.stderr == ""
    page = result.stdout
    assert page.startswith(f"用法：{label(path)} [选项]") and "\n选项：\n" in page and "显示本帮助并退出。" in page
    assert not any(word in page for word in CLICK_HELP_WORDS), page
    assert not CLICK_METAVARS.search(page), page
    assert not re.search(r"[A-Za-z]", page.splitlines()[0].removeprefix(f"用法：{label(path)}"))  # FILE, NAMES
    if isinstance(command, click.Group):
        assert "\n命令：\n" in page and "命令 [参数]..." in page
    page.encode("gbk")
    for line in page.splitlines():
        assert display_width(line) <= 80, line
        assert not re.match(r"\s*[，。、；：？！）》」”]", line), line  # no line starts with a closing mark


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[label(p) for p, _ in COMMANDS])
def test_our_own_help_texts_are_chinese(path, command):
    assert command.help and CJK.search(command.help), label(path)
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help and CJK.search(param.help), (label(path), param.name)


def test_help_says_each_kind_of_value_in_chinese():
    assert "-o, --output-dir 文件夹" in invoke("feedback", "--help").stdout
    assert "--mark 路径" in invoke("check", "--help").stdout
    serve = invoke("serve", "--help").stdout
    assert "--host 文本" in serve and "--port 整数" in serve and "（默认：8765；取值 1～65535 之间）" in serve
    assert "--date 日期" in invoke("summary", "--help").stdout


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout == "huitoukan 0.1.0\n"


# --- through the real console script ------------------------------------------------------------------------------

SCRIPT = Path(sys.executable).with_name("huitoukan.exe" if sys.platform == "win32" else "huitoukan")


def run_script(*args):
    assert SCRIPT.exists(), f"the console script is not installed: pip install -e . ({SCRIPT})"
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, encoding="utf-8", timeout=120)


@pytest.mark.parametrize(("args", "expected"), [
    ([], "huitoukan 后面缺少命令"),
    (["chek", "填报表.xlsx"], "是不是要用 check"),
    (["check", "--jsn", "填报表.xlsx"], "是不是要用 --json"),
    (["summary", "填报表.xlsx"], "缺少必填的选项 -o/--output"),
    (["summary", "填报表.xlsx", "-o"], "-o 后面缺少取值"),
    (["summary", "填报表.xlsx", "-o", "汇总.xlsx", "--date", "2010年9月31日"], "“2010年9月31日”不是有效日期"),
    (["serve", "--port", "八千"], "须是 1～65535 之间的整数"),
    (["check", "--engine", "pandas", "填报表.xlsx"], "“auto”、“calamine”、“openpyxl”"),
    (["template", "-o", "模板.xlsx", "--force=yes"], "--force 是开关"),
    (["check", "我的", "填报表.xlsx"], "多出了参数“填报表.xlsx”"),
    (["addin"], "可用的命令：build、doctor、install、remove"),
])
def test_console_script_usage_errors(args, expected, tmp_path):
    proc = run_script(*args)
    assert proc.returncode == 2 and proc.stdout == "", (proc.stdout, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and expected in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr and not any(word in proc.stderr for word in CLICK_ERROR_WORDS)


def test_console_script_help_version_and_json():
    page = run_script("-h")
    assert page.returncode == 0 and page.stdout.startswith("用法：huitoukan [选项] 命令 [参数]...")
    assert "显示版本号并退出。" in page.stdout and "Usage" not in page.stdout
    version = run_script("--version")
    assert version.returncode == 0 and version.stdout == "huitoukan 0.1.0\n"
    as_json = run_script("check", "--json")
    assert as_json.returncode == 2 and json.loads(as_json.stdout)["error"]["code"] == "usage"


# --- commands added later inherit it ------------------------------------------------------------------------------

def later_commands() -> click.Group:
    """A tree built the way a new command would be: plain click decorators, add_command, a subgroup."""
    from xladdin.cli.group import ChineseGroup

    @click.group(cls=ChineseGroup, name="demo")
    def demo():
        """演示。"""

    @click.command()
    @click.option("--mode", type=click.Choice(["快", "慢"]), required=True, help="速度。")
    @click.option("--count", type=click.IntRange(1, 9), default=3, show_default=True, help="次数。")
    @click.option("--ratio", type=float, help="比例。")
    @click.argument("names", nargs=-1)
    def plain(mode, count, ratio, names):
        """一个后来才加入的普通命令。"""

    @click.command()
    @click.option("--how", type=click.Choice(["ctrl-c", "abort", "english"]), required=True, help="怎样停下。")
    def late(how):
        """加入子组以后才加上的命令。"""
        if how == "ctrl-c":
            raise KeyboardInterrupt
        if how == "abort":
            raise click.Abort
        click.get_current_context().fail("Some English nobody translated.")

    more = click.Group("more", help="后来加入的子命令组。")
    demo.add_command(plain)
    demo.add_command(more)
    more.add_command(late)  # after `more` joined the tree
    return demo


def test_a_plain_command_added_later_speaks_chinese():
    demo = later_commands()
    page = CliRunner().invoke(demo, ["plain", "--help"], terminal_width=80).stdout
    assert page.startswith("用法：demo plain [选项] [文本]...") and "--mode [快|慢]" in page
    assert "速度。（必填）" in page and "次数。（默认：3；取值 1～9 之间）" in page and "--ratio 数字" in page
    assert not any(word in page for word in CLICK_HELP_WORDS) and not CLICK_METAVARS.search(page)
    missing = CliRunner().invoke(demo, ["plain"])
    assert missing.exit_code == 2 and missing.stderr.startswith("错误：demo plain 缺少必填的选项 --mode（速度）")
    bad = CliRunner().invoke(demo, ["plain", "--mode", "快", "--ratio", "一半"])
    assert bad.exit_code == 2 and "取值“一半”无效，须是数字" in bad.stderr
    choice = CliRunner().invoke(demo, ["plain", "--mode", "中"])
    assert choice.exit_code == 2 and "须是 “快”、“慢” 之一" in choice.stderr


def test_a_subgroup_and_its_later_command_speak_chinese():
    demo = later_commands()
    page = CliRunner().invoke(demo, ["more", "late", "--help"]).stdout
    assert page.startswith("用法：demo more late [选项]") and "显示本帮助并退出。" in page
    typo = CliRunner().invoke(demo, ["more", "lat"])
    assert typo.exit_code == 2 and typo.stderr == "错误：demo more 没有“lat”这个命令。是不是要用 late？" \
                                                 "运行 demo more --help 查看所有命令。\n"


@pytest.mark.parametrize(("how", "stderr"), [("ctrl-c", "\n已中止。\n"), ("abort", "已中止。\n")])
def test_an_interruption_is_said_in_chinese_with_clicks_exit_code(how, stderr):
    result = CliRunner().invoke(later_commands(), ["more", "late", "--how", how])
    assert result.exit_code == 1 and result.stderr == stderr


def test_clicks_english_usage_error_from_a_command_becomes_a_chinese_line():
    result = CliRunner().invoke(later_commands(), ["more", "late", "--how", "english"])
    assert result.exit_code == 2
    assert result.stderr == "错误：demo more late 的用法有误。运行 demo more late --help 查看用法。\n"


def test_more_branches_than_the_settings_list_holds_is_refused(tmp_path):
    """A 61st branch would get a sheet but no row in 设置's list, and split would send it nothing."""
    from xladdin.spec import form

    names = ",".join(f"支部{i}" for i in range(form.BRANCH_TABLE_ROWS + 1))
    result = CliRunner().invoke(main, ["template", "--branches", names, "-o", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 2 and not (tmp_path / "t.xlsx").exists()
    assert f"给出了 {form.BRANCH_TABLE_ROWS + 1} 个支部" in result.output and "最多容纳 60 个" in result.output
    names = ",".join(f"支部{i}" for i in range(form.BRANCH_TABLE_ROWS))
    assert CliRunner().invoke(main, ["template", "--branches", names, "-o", str(tmp_path / "t.xlsx")]).exit_code == 0
