"""Generate the README's rules and codes tables from the spec.

Run `python -m xladdin.spec.docs` to rewrite them in README.md; a test fails when
the README and the spec disagree.
"""

from __future__ import annotations

import re
from pathlib import Path

from xladdin.spec import form, messages
from xladdin.spec.rules_text import rules_rows

START, END = "<!-- generated:rules -->", "<!-- /generated:rules -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_markdown() -> str:
    lines = ["五个方面（通知原文）：", ""]
    lines += [f"{c.id}. {c.title}" for c in form.CRITERIA]
    lines += ["", "| 规则 | 要求 | 级别 |", "| --- | --- | --- |"]
    lines += [f"| {_cell(r)} | {_cell(q)} | {s} |" for r, q, s in rules_rows()]
    lines += ["", "| 代码 | 级别 | 含义 |", "| --- | --- | --- |"]
    labels = {messages.ERROR: "错误", messages.WARNING: "提示"}
    lines += [f"| `{c.code}` | {labels[c.severity]} | {_cell(c.title)} |" for c in messages.CODES.values()]
    lines += ["", "| 定义名称（工作表级） | 内容 | 类型 | 模板中的位置 |", "| --- | --- | --- | --- |"]
    for f in form.FIELDS:
        where = f"第{form.criterion(f.criterion).ordinal}项 · " if f.criterion else ""
        lines.append(f"| `{f.name}` | {where}{f.label} | {f.kind} | {f.cell} |")
    lines += ["", "| 定义名称（工作簿级，在“设置”表） | 内容 | 位置 |", "| --- | --- | --- |"]
    lines += [f"| `{s.name}` | {s.label} | {form.SETTINGS_SHEET}!{s.cell} |" for s in form.SETTING_FIELDS]
    lines.append(f"| `{form.BRANCHES_NAME}` | 支部名单（简称＝工作表名，全称） | {form.SETTINGS_SHEET}!{form.BRANCHES_RANGE} |")
    return "\n".join(lines)


def update_readme(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    block = f"{START}\n{rules_markdown()}\n{END}"
    new = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: block, text, flags=re.S)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    changed = update_readme(Path(__file__).resolve().parents[2] / "README.md")
    print("README.md updated" if changed else "README.md already up to date")
