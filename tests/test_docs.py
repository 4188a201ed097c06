"""The README's generated tables match the spec."""

from __future__ import annotations

from conftest import ROOT

from xladdin.spec import form
from xladdin.spec.docs import END, START, rules_markdown


def test_readme_rules_table_is_current():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert block == rules_markdown().strip(), "run: python -m xladdin.spec.docs"


def test_readme_names_every_defined_name_and_criterion():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for f in form.FIELDS:
        assert f"`{f.name}`" in text
    for c in form.CRITERIA:
        assert c.title in text


def test_readme_opens_with_the_two_commands():
    lines = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines[2].startswith("bash scripts/run-sample.sh") and lines[3].startswith("bash scripts/test.sh")
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text()
