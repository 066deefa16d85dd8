"""The suite's modules import each other without a cycle (type-only and function-level imports count too), and
importing the checks loads neither httpx nor schemathesis (the schemathesis phase resolves its checks by name)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from tests.paths import ROOT

PACKAGE = ROOT / "conformance"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The suite's modules `path` imports anywhere in it: `from a.b import c` is a.b.c when that is a module,
    else a.b."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module in known:
            for alias in node.names:
                found.add(f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known else node.module)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (or a module importing itself): Tarjan's."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_of_the_suite_imports_itself_through_others() -> None:
    known = modules()
    graph = {name: imports(path, known) - {name} for name, path in known.items()}
    assert "conformance.outcome" in graph["conformance.checks.registry"]  # the finder sees real imports
    assert cycles(graph) == []


def test_importing_the_checks_loads_neither_httpx_nor_schemathesis() -> None:
    probe = (
        "import json, sys; import conformance.checks; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('httpx', 'schemathesis'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []
    # ... while the schemathesis phase, which runs them, does resolve every one of them by name (hostile_inputs,
    # of that phase too, is the suite's own check).
    resolve = "from conformance.schema_phase import FUNCTIONS; print(sorted(FUNCTIONS))"
    done = subprocess.run([sys.executable, "-c", resolve], cwd=ROOT, capture_output=True, text=True, check=True)
    from conformance.checks import Phase, checks

    own = {c.name for c in checks(Phase.SCHEMATHESIS) if c.module == "schemathesis_checks"}
    assert done.stdout.strip() == str(sorted(own)) and len(own) == len(checks(Phase.SCHEMATHESIS)) - 1


def test_no_module_of_ours_is_over_400_lines() -> None:
    """Small modules with one job; the drift report (`upstream.py`, one long table of fact rules) is the exception."""
    package = ROOT / "conformance"
    long = {
        str(p.relative_to(package)): n
        for p in package.rglob("*.py")
        if p.name != "upstream.py" and (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not long, long
