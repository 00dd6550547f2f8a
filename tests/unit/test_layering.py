"""The stages import one another one way only: no import cycle between govfoi's subpackages and top-level
modules (read, parse, check, corpus, briefs, cli, testing, codes, template, ...).

Every import statement counts, at the top of a module or inside a function, under TYPE_CHECKING or not: an
import moved into a function to dodge a cycle still is one.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "govfoi"


def _module_name(path: Path) -> tuple[str, bool]:
    """The dotted name of a source file, and whether it is a package's __init__."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _exists(module: str) -> bool:
    path = PACKAGE.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imported(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """Every govfoi module the source imports; ``from govfoi.x import y`` is the module govfoi.x.y when
    that is a module, else govfoi.x."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if _exists(sub) else target)
    return {m for m in found if m == "govfoi" or m.startswith("govfoi.")}


def _unit(module: str) -> str:
    """The part of govfoi a module belongs to: its subpackage or top-level module (``govfoi`` for the
    package's own __init__)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "govfoi"


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path in sorted(PACKAGE.rglob("*.py")):
        module, is_package = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for target in _imported(tree, module, is_package):
            a, b = _unit(module), _unit(target)
            if a != b:
                graph[a].add(b)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as the list of its nodes (the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycle_between_subpackages():
    graph = package_graph()
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle between govfoi's parts: " + " -> ".join(cycle or [])


def test_the_graph_is_read():
    """The stages' known imports are found, so that an empty graph cannot pass for an acyclic one."""
    graph = package_graph()
    assert {"read", "template", "check"} <= graph["parse"]
    assert "parse" in graph["corpus"]
    assert "govfoi" in graph["cli"]  # only in a function (--version): counted too
    assert "corpus" in graph["govfoi"]  # only under TYPE_CHECKING: counted too


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"read": {"parse"}, "parse": {"read"}}, ["parse", "read", "parse"]),
        ({"parse": {"check"}, "check": {"template"}, "template": {"parse"}}, ["check", "template", "parse", "check"]),
        ({"parse": {"read", "check"}, "check": {"template"}, "read": {"template"}}, None),
    ],
)
def test_find_cycle(graph, cycle):
    assert find_cycle(graph) == cycle


MAX_MODULE_LINES = 400  # issue 13: a module a newcomer reads in one sitting


def test_no_module_is_over_400_lines():
    long = {
        str(path.relative_to(PACKAGE)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these modules by stage: {long}"
