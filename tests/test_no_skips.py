"""A missing feature must fail, never skip: the suite may only skip what cannot exist on this platform.

Skips once hid a missing xladdin.main() and a missing summary command while
the suite stayed green (issue 18). This test reads the test sources and allows
one kind of skip: `pytest.mark.skipif` on `sys.platform`, for behaviour that
only exists on the other operating system.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
SKIPPING = {"skip", "skipif", "xfail", "importorskip"}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


def skips_in(source: str) -> list[tuple[int, str]]:
    """(line, name) for every skip or xfail the source asks for, except a skipif on sys.platform."""
    tree = ast.parse(source)
    calls = {id(node.func): node for node in ast.walk(tree) if isinstance(node, ast.Call)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        name = _dotted(node)
        if node.attr not in SKIPPING or not name.startswith(("pytest.", "unittest.")):
            continue
        call = calls.get(id(node))  # None for a bare @pytest.mark.skip
        if call is not None and node.attr == "skipif" and call.args and "sys.platform" in ast.unparse(call.args[0]):
            continue
        found.append((node.lineno, name))
    return sorted(found)


SOURCES = sorted(TESTS.glob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_skips_but_platform_ones(path):
    assert skips_in(path.read_text(encoding="utf-8")) == []


def test_the_guard_sees_each_kind_of_skip():
    source = '''
import sys, pytest, unittest
@pytest.mark.skip
def a(): pass
@pytest.mark.skip(reason="later")
def b(): pass
@pytest.mark.skipif(not HAVE_IT, reason="x")
def c(): pass
@pytest.mark.xfail
def d(): pass
def e():
    pytest.skip("not yet")
    pytest.importorskip("docx")
    pytest.xfail("later")
@unittest.skip("old")
def f(): pass
@pytest.mark.skipif(sys.platform.startswith("win"), reason="the other platform")
def g(): pass
'''
    assert [line for line, _ in skips_in(source)] == [3, 5, 7, 9, 12, 13, 14, 15]
