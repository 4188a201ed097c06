"""The layout holds: rooms import downwards only, no cycles (not even inside functions), small modules,
and the `check` path stays free of the heavy libraries."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("xladdin", "reports")

# Lowest first. A module may import from its own layer or a lower one, never a higher one.
LAYERS = (
    ("xladdin.spec", "xladdin.errors", "xladdin.logs"),
    ("xladdin.core",),
    ("xladdin.xlsx",),
    ("xladdin.marks", "xladdin.forms", "xladdin.addin", "xladdin.ledger"),
    ("reports",),
    ("xladdin.jobs",),
    ("xladdin.cli", "xladdin.excel", "xladdin.web", "xladdin.__init__", "xladdin.__main__"),
)
MAX_LINES = 420  # "about 400"


def modules() -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__" and len(parts) > 1:
                parts = parts[:-1] if parts != ["xladdin", "__init__"] else parts
            out[".".join(parts)] = path
    return out


def _runtime_nodes(tree: ast.AST):
    """Every node except those under `if TYPE_CHECKING:`, which never run."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Our modules that a file imports, at the top or inside any function."""
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from pkg import module` depends on the module; `from pkg import name` on pkg itself.
            subs = [f"{node.module}.{a.name}" for a in node.names]
            names = [s for s in subs if s in known] or [node.module]
            if len(names) < len(subs):
                names.append(node.module)
        for name in names:
            # the longest known module that the name starts with
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    mods = modules()
    return {m: imports_of(p, set(mods)) - {m} for m, p in mods.items()}


def layer(module: str) -> int:
    for i, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return i
    raise AssertionError(f"{module} is in no layer: add its room to LAYERS and docs/architecture.md")


def test_every_module_has_a_layer(graph):
    for module in graph:
        if module not in ("xladdin", "reports"):
            layer(module)


def test_imports_point_down(graph):
    upward = [
        f"{m} -> {dep}" for m, deps in graph.items() for dep in deps
        if m not in ("xladdin", "reports") and dep not in ("xladdin", "reports") and layer(dep) > layer(m)
    ]
    assert upward == []


def test_no_import_cycles(graph):
    # Package __init__ files re-export their room's modules; a cycle through them is still a cycle.
    assert _cycles(graph) == []


def test_no_import_cycles_through_a_package_that_is_still_loading(graph):
    """Importing a.b.c runs a/b/__init__ first: that is an edge too, from outside the package.

    core.pending once imported core.checks.finding, whose package's __init__ imports the workbook
    rules, which import core.pending: `import xladdin.core.pending` alone then failed.
    """
    with_inits = {m: deps | {parent for dep in deps for parent in _packages_of(dep, graph)
                             if not (m == parent or m.startswith(parent + "."))}
                  for m, deps in graph.items()}
    assert _cycles(with_inits) == []


def _packages_of(module: str, graph: dict[str, set[str]]) -> list[str]:
    parts = module.split(".")
    return [p for i in range(1, len(parts)) if (p := ".".join(parts[:i])) in graph and p not in ("xladdin", "reports")]


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    seen: dict[str, int] = {}  # 1 = on the stack, 2 = done
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for dep in sorted(graph.get(node, ())):
            if seen.get(dep) == 1:
                cycles.append(" -> ".join([*path[path.index(dep):], dep]))
            elif dep not in seen:
                visit(dep, [*path, dep])
        seen[node] = 2

    for module in sorted(graph):
        if module not in seen:
            visit(module, [module])
    return cycles


def test_modules_stay_small():
    big = {m: n for m, p in modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert big == {}


def test_every_room_says_what_it_is_for():
    for init in [*(ROOT / "xladdin").rglob("__init__.py"), *(ROOT / "reports").rglob("__init__.py")]:
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init.relative_to(ROOT)} needs a one-line docstring saying what the room is for"


def test_check_path_stays_light():
    """`check` (and --json) never loads pandas, matplotlib, openpyxl, xlwings or a web or Word library."""
    heavy = ("pandas", "matplotlib", "openpyxl", "xlwings", "docx", "starlette", "uvicorn")
    code = (
        "import sys; from xladdin.cli import main\n"
        "for args in (['check', sys.argv[1]], ['check', '--json', sys.argv[1]]):\n"
        "    try:\n        main(args)\n    except SystemExit: pass\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(SAMPLE)], capture_output=True, text=True, check=False)
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stderr
