"""`huitoukan addin doctor`: what stands between a click on 校验并汇总 and a result, told plainly.

Each line starts with 【正常】, 【提示】 or 【问题】, says what was found and,
unless all is well, what to do. The Windows side (registry, environment,
paths) comes in through `WindowsSide`, so tests can give a fake one; the
add-in's Python is asked through `xladdin.addin.probe`, under the click's conditions.
"""

from __future__ import annotations

import ntpath
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from xladdin.addin.build import (
    ADDIN_FILENAME,
    CONFIG_SHEET,
    INTERPRETER_KEY,
    addin_version,
    config_sheet_settings,
    vba_version,
)
from xladdin.addin.location import installed_addin
from xladdin.addin.office import MACRO_SETTINGS, ExcelFacts, disabled_items, find_excel, macro_facts, office_versions
from xladdin.addin.probe import ProbeResult, probe
from xladdin.addin.registry import Registry

OK, TIP, PROBLEM = "【正常】", "【提示】", "【问题】"
REINSTALL = "请关闭所有 Excel 窗口，再双击离线安装包里的“安装.bat”（或运行 py -m xladdin addin install）。"
ALTERNATIVES = "请改用本机网页（运行 huitoukan serve，在浏览器中操作）或命令行（huitoukan check、huitoukan summary）。"
MIN_XLWINGS = "0.37.5"  # Range.set_colors, which the marks use, came in 0.37.5
TRUST_CENTER = "文件 → 选项 → 信任中心 → 信任中心设置"
DISABLED_ITEMS = "文件 → 选项 → 加载项 → 管理“禁用项目” → 转到"


@dataclass
class WindowsSide:
    """Everything the doctor reads from the machine besides files."""

    registry: Registry
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    platform: str = sys.platform
    here: Path = field(default_factory=lambda: Path(sys.executable))  # the Python running the doctor


def this_machine() -> WindowsSide:
    from xladdin.addin.registry import WindowsRegistry

    return WindowsSide(registry=WindowsRegistry())


def diagnose(side: WindowsSide | None = None, ask: Callable[[Path, list[str]], ProbeResult] = probe) -> list[str]:
    if side is None:
        if not sys.platform.startswith("win"):
            return [_not_windows(sys.platform)]
        side = this_machine()
    if not side.platform.startswith("win"):
        return [_not_windows(side.platform)]
    excel = find_excel(side.registry)
    lines = [f"{OK}系统是 Windows。", *excel_lines(excel)]
    addin, recorded = installed_addin(side.environ)
    if excel.excel is None and not addin.is_file():
        return lines  # nothing to check; an add-in installed anyway (--skip-excel-check) is checked below
    lines += addin_file_lines(addin, recorded)
    if not addin.is_file():
        return lines
    versions = office_versions(side.registry)
    lines.append(disabled_line(side.registry, versions))
    lines.append(trust_line(side.registry, versions, addin.parent, side.environ))
    settings = config_sheet_settings(addin)
    lines += settings_lines(settings)
    interpreter = str((settings or {}).get(INTERPRETER_KEY) or "")
    lines += interpreter_lines(interpreter, side.here)
    if not interpreter or not Path(interpreter).is_file():
        return lines
    extra = [str(addin.parent), *str((settings or {}).get("PYTHONPATH") or "").split(";")]
    found = ask(Path(interpreter), [p for p in extra if p])
    return lines + probe_lines(found, vba_version(addin), addin_version(addin))


def _not_windows(platform: str) -> str:
    return (
        f"{PROBLEM}回头看的 Excel 加载项只能用在 Windows 版 Excel 中，当前系统是 {platform}。"
        f"在这台电脑上{ALTERNATIVES}"
    )


def excel_lines(excel: ExcelFacts) -> list[str]:
    if excel.excel is None and excel.wps:
        return [
            f"{PROBLEM}没有找到 Microsoft Excel，只找到了 WPS。回头看的加载项只能在 Microsoft Excel 中使用，"
            f"WPS 里不会出现“回头看”选项卡。{ALTERNATIVES}"
        ]
    if excel.excel is None:
        return [f"{PROBLEM}没有找到 Microsoft Excel（注册表中没有 EXCEL.EXE）。加载项需要桌面版 Excel；{ALTERNATIVES}"]
    lines = [f"{OK}已安装 Microsoft Excel：{excel.excel}"]
    if excel.automation_server and ntpath.basename(excel.automation_server).lower() != "excel.exe":
        lines.append(
            f"{TIP}Excel 的自动化接口（Excel.Application）指向 {excel.automation_server}，不是 Excel，"
            "多半是 WPS 的兼容设置所致。按钮不受影响；但安装时无法向 Excel 询问启动文件夹，用的是默认位置。"
            "如需改正，请在 WPS 的配置工具中关闭与 Microsoft Office 的兼容，或修复安装 Office。"
        )
    if excel.wps:
        lines.append(f"{TIP}这台电脑也装了 WPS。请用 Excel 打开填报表再点按钮：WPS 里没有“回头看”选项卡。")
    return lines


def addin_file_lines(addin: Path, recorded: bool) -> list[str]:
    if not addin.is_file():
        where = "安装时记录的位置" if recorded else "Excel 的默认启动文件夹"
        return [f"{PROBLEM}{where}没有加载项 {addin}，Excel 里不会出现“回头看”。{REINSTALL}"]
    lines = [f"{OK}加载项已安装：{addin}"]
    leftover = addin.with_name(ADDIN_FILENAME + ".tmp")
    if leftover.exists():
        lines.append(f"{TIP}启动文件夹里有旧版本安装时留下的临时文件 {leftover}，Excel 启动时会试图打开它。请关闭 Excel 后删除它。")
    return lines


def disabled_line(registry: Registry, versions: list[str]) -> str:
    if not versions:
        return f"{TIP}读不到 Excel 的“禁用项目”列表（这个用户可能还没打开过 Excel）。如果选项卡没有出现，请在 Excel 中查看：{DISABLED_ITEMS}。"
    for version in versions:
        if any(ADDIN_FILENAME in text.lower() for text in disabled_items(registry, version)):
            return (
                f"{PROBLEM}Excel 把加载项列入了“禁用项目”，所以不加载它。请在 Excel 中：{DISABLED_ITEMS}，"
                f"选中 {ADDIN_FILENAME}，点“启用”，然后重新打开 Excel。"
            )
    return f"{OK}加载项不在 Excel 的“禁用项目”列表中。"


def trust_line(registry: Registry, versions: list[str], folder: Path, environ: Mapping[str, str]) -> str:
    if not versions:
        return f"{TIP}读不到 Excel 的宏设置。如果点击按钮没有反应，请查看：{TRUST_CENTER} → 宏设置、受信任位置。"
    facts = macro_facts(registry, versions[0], str(folder), environ)
    if facts.signature_required:
        return (
            f"{PROBLEM}单位策略要求加载项带有受信任的数字签名，回头看的加载项没有签名，Excel 会不声不响地禁用它。"
            f"请联系信息部门为回头看放行，或{ALTERNATIVES}"
        )
    if facts.trusted and not facts.locations_disabled:
        return f"{OK}加载项所在的文件夹是受信任位置（{facts.trusted}），其中的宏可以运行。"
    name = MACRO_SETTINGS.get(facts.setting or 2, f"未知（{facts.setting}）")
    who = "（单位策略规定）" if facts.by_policy else ""
    where = "单位策略关闭了受信任位置" if facts.locations_disabled else "加载项所在的文件夹不是受信任位置"
    add_location = f"请在 {TRUST_CENTER} → 受信任位置中添加 {folder}"
    if facts.setting == 1:
        return f"{OK}宏设置为“{name}”{who}，加载项的宏可以运行（这种设置不安全，建议改为受信任位置）。"
    if facts.setting in (3, 4):
        fix = "请联系信息部门把这个文件夹设为受信任位置。" if facts.by_policy or facts.locations_disabled else f"{add_location}。"
        return f"{PROBLEM}宏设置为“{name}”{who}，且{where}：加载项的宏不会运行，按钮没有反应。{fix}"
    return (
        f"{TIP}宏设置为“{name}”{who}，{where}：打开 Excel 时如果出现安全警告，请点“启用内容”；"
        f"想免去警告，{add_location}。"
    )


def settings_lines(settings: dict[str, str | bool] | None) -> list[str]:
    if settings is None:
        return [f"{PROBLEM}加载项的设置表（{CONFIG_SHEET}）没有启用，按钮不知道用哪个 Python。{REINSTALL}"]
    if settings.get("Use UDF Server") is True:
        lines = [
            f"{PROBLEM}加载项的设置“Use UDF Server”为 TRUE：按钮会改走 xlwings 的 COM 服务器，"
            f"需要 xlwings 的 DLL 和 COM 注册，回头看不是这样安装的。{REINSTALL}"
        ]
    else:
        lines = [f"{OK}加载项的设置“Use UDF Server”为 FALSE：每次点击启动一个新的 Python，不需要 xlwings 的 DLL 或 COM 服务器。"]
    if settings.get("Show Console") is True:
        lines.append(f"{TIP}加载项的设置“Show Console”为 TRUE：每次点击会弹出一个命令行窗口。不影响结果；重新安装可恢复。")
    if settings.get("Conda Path") or settings.get("Conda Env"):
        lines.append(f"{TIP}加载项设置了 Conda 环境，按钮会先启动 Conda，回头看不需要它。如果点击失败，{REINSTALL}")
    if settings.get("PYTHONPATH"):
        lines.append(f"{TIP}加载项设置了 PYTHONPATH（{settings['PYTHONPATH']}）。回头看作为软件包安装，不需要它。")
    return lines


def interpreter_lines(interpreter: str, here: Path) -> list[str]:
    if not interpreter:
        return [f"{PROBLEM}加载项没有设置 Python 解释器。{REINSTALL}"]
    if not Path(interpreter).is_file():
        return [f"{PROBLEM}加载项设置的 Python 不存在：{interpreter}（可能已卸载或移动）。{REINSTALL}"]
    lines = [f"{OK}加载项使用的 Python：{interpreter}"]
    if Path(interpreter).parent != here.parent:
        lines.append(f"{TIP}加载项用的 Python 与运行本检查的 Python（{here}）不是同一个。下面的检查以加载项用的为准。")
    return lines


def probe_lines(found: ProbeResult, vba: str | None, stamped: str | None) -> list[str]:
    if not found.started:
        return [f"{PROBLEM}无法启动加载项的 Python {found.executable}：{found.error}。{REINSTALL}"]
    if found.error:
        return [
            f"{PROBLEM}在加载项的 Python 里导入回头看失败：{found.error}。Excel 点按钮时也会这样失败。"
            f"请在这个 Python 里安装回头看：{REINSTALL}"
        ]
    lines = [
        f"{OK}加载项的 Python 能导入回头看 {found.xladdin} 和 xlwings {found.xlwings}"
        "（按 Excel 的方式检查：在 Python 所在文件夹运行，不带本窗口的 PYTHONPATH 等环境变量）。"
    ]
    if not found.has_main:
        lines.append(f"{PROBLEM}这个 Python 里的回头看缺少按钮调用的 main()，版本不对。{REINSTALL}")
    lines.append(_xlwings_line(vba, found.xlwings))
    lines.append(_xladdin_line(stamped, found.xladdin))
    return lines


def _release(version: str) -> tuple[int, ...]:
    """The leading numbers of a version ("0.37.5rc1" -> (0, 37, 5)); enough to compare releases."""
    return tuple(int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3])


def _older_than(version: str | None, minimum: str) -> bool:
    return version is not None and bool(_release(version)) and _release(version) < _release(minimum)


def _xlwings_line(vba: str | None, installed: str | None) -> str:
    if vba is None:
        return f"{PROBLEM}读不出加载项里 xlwings 运行代码的版本，文件可能已损坏。{REINSTALL}"
    if vba != installed:
        return (
            f"{PROBLEM}加载项里 xlwings 的版本是 {vba}，它的 Python 里是 {installed}。两者必须一致，"
            f"否则点按钮会报“找不到文件”（错误 53）。{REINSTALL}"
        )
    if _older_than(installed, MIN_XLWINGS):
        return f"{PROBLEM}xlwings {installed} 太旧，回头看需要 {MIN_XLWINGS} 或更高，否则每次点击都以“内部错误”结束。{REINSTALL}"
    return f"{OK}加载项与它的 Python 里的 xlwings 版本一致（{vba}）。"


def _xladdin_line(stamped: str | None, installed: str | None) -> str:
    if stamped is None:
        return f"{TIP}加载项里没有记录回头看的版本（由旧版本安装），无法核对。{REINSTALL}"
    if stamped != installed:
        return f"{PROBLEM}加载项是回头看 {stamped} 安装的，而它的 Python 里现在是回头看 {installed}。{REINSTALL}"
    return f"{OK}加载项与它的 Python 里的回头看版本一致（{stamped}）。"
