"""The shape of the pipeline: data flows one way, so no module of sitegen imports one that imports it back
(also through imports inside functions, which would only hide the cycle)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"


def imports() -> dict[str, set[str]]:
    """Module → the sitegen modules it imports anywhere in its body (``sitegen.x`` → ``x``)."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.glob("*.py"):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "sitegen":
                found.update(alias.name for alias in node.names if (PACKAGE / f"{alias.name}.py").exists())
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sitegen."):
                found.add(node.module.split(".")[1])  # type: ignore[union-attr]
            elif isinstance(node, ast.Import):
                found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("sitegen."))
        graph[path.stem] = found - {path.stem}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, each once, as the path from its smallest module back to it."""
    found: list[list[str]] = []

    def visit(start: str, node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                found.append([*path, start])
            elif nxt > start and nxt not in path:
                visit(start, nxt, [*path, nxt])

    for start in sorted(graph):
        visit(start, start, [start])
    return found


def test_no_import_cycles():
    assert cycles(imports()) == []


def test_cycle_finder_sees_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_output_file_has_a_module_of_its_own():
    graph = imports()
    assert graph["output"] == set()
    assert {"write", "serve", "opendata", "render"} <= {m for m, deps in graph.items() if "output" in deps}
    assert all("render" not in graph[m] for m in ("write", "serve", "opendata"))
