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


def test_testing_doc_names_real_tests_and_planted_bugs():
    """docs/testing.md's list of feared bugs names tests that exist and patches that exist, and misses no patch."""
    import ast
    import re

    text = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "`tests/" in line]
    assert len(rows) >= 10
    patches = {p.name[:2]: p for p in (ROOT / "scripts" / "mutants").glob("*.patch")}
    planted: set[str] = set()
    for row in rows:
        current = None
        for token in re.findall(r"`(tests/\w+\.py)?(::\w+)?`", row):
            current = token[0] or current
            assert current and (ROOT / current).is_file(), row
            if token[1]:
                defined = {n.name for n in ast.walk(ast.parse((ROOT / current).read_text(encoding="utf-8")))
                           if isinstance(n, ast.FunctionDef)}
                assert token[1][2:] in defined, f"{current}{token[1]} does not exist"
        planted |= set(re.findall(r"\b(\d\d)\b", row.rsplit("|", 2)[1]))
    assert planted == set(patches), "every planted patch is listed once in docs/testing.md, and only those"
    for patch in patches.values():
        head = patch.read_text(encoding="utf-8").splitlines()[:2]
        assert head[0].startswith("# tests: tests/") and head[1].startswith("# bug: "), patch.name
