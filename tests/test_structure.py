"""The shape of the pipeline: data flows one way. The packages are ranked from the shared leaves to the command
line (``ORDER``, docs/architecture.md) and no module imports one of a package ranked above its own, nor one that
imports it back (also through imports inside functions or under ``if TYPE_CHECKING``, which would only hide it)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name below ``sitegen`` (``errors``, ``load.content``; a package by
    its own name, ``load`` for ``load/__init__.py``; the top package's ``__init__`` as ``""``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _target(module: str, known: dict[str, Path]) -> str:
    """The module an import of ``sitegen.<module>`` reaches (``sitegen`` itself: ``""``)."""
    name = module.removeprefix("sitegen").removeprefix(".")
    while name and name not in known:  # a name inside a module: ``from sitegen.x import y`` reaches x
        name = name.rpartition(".")[0]
    return name


def imports() -> dict[str, set[str]]:
    """Module → the sitegen modules it imports anywhere in its body (``if TYPE_CHECKING`` and function-level
    imports too): ``from sitegen.load import content`` reaches ``load.content``, ``from sitegen.load.content
    import X`` reaches ``load.content`` as well."""
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                found.add("<relative import>")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sitegen":
                found.update(_target(f"{node.module}.{alias.name}", known) for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update(_target(a.name, known) for a in node.names if a.name.split(".")[0] == "sitegen")
        graph[name] = found - {name}
    return graph


ORDER: tuple[tuple[str, ...], ...] = (
    ("", "errors", "thai", "output", "workers", "progress", "fields", "messages"),  # shared leaves ("": __init__)
    ("urls",),
    ("load",),
    ("catalog",),
    ("check",),
    ("model",),
    ("incremental",),
    ("render",),
    ("write",),
    ("build", "rebuild"),
    ("serve",),
    ("publish",),
    ("scaffold",),
    ("importer",),
    ("cli",),
    ("__main__",),
)
"""The packages (and top-level modules) of sitegen, bottom to top: each may import only its own rank and below."""
RANK = {name: rank for rank, names in enumerate(ORDER) for name in names}


def rank_of(module: str) -> int:
    """The rank of a module: its top-level package's (``load.content`` → ``load``); KeyError for one not in ORDER."""
    return RANK[module.split(".")[0]]


def upward(graph: dict[str, set[str]]) -> list[str]:
    """Every import of a module ranked above the importer's package, as ``importer → imported``."""
    return sorted(f"{m} → {n}" for m, deps in graph.items() for n in deps if rank_of(n) > rank_of(m))


def test_every_module_has_a_place_in_the_order():
    assert [m for m in modules() if m.split(".")[0] not in RANK] == []


def test_no_package_imports_one_above_it():
    assert upward(imports()) == []


def test_the_order_check_sees_an_upward_import():
    """load is below check: config.py once imported lint.sample_text; the check would name that import."""
    assert upward({"load.config": {"check.lint", "errors"}, "check.lint": {"load.content"}}) == [
        "load.config → check.lint"]
    assert upward({"render.pages": {"incremental.store"}, "incremental.track": {"render.bodies"}}) == [
        "incremental.track → render.bodies"]


def external(module: str) -> set[str]:
    """The third-party and standard modules a sitegen module imports, by their top-level name."""
    tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
    found = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    found |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and not n.level}
    return found - {"sitegen"}


def test_writing_knows_no_templates():
    """The write stage moves bytes into place: no template library and nothing of the render stage."""
    graph = imports()
    for module in in_package("write"):
        assert external(module) & {"jinja2", "markupsafe", "markdown_it", "markdown_it_pyrs", "nh3"} == set(), module
        assert [d for d in graph[module] if d.split(".")[0] == "render"] == [], module


def test_only_the_front_ends_write_and_only_after_a_whole_build():
    """``build`` loads, checks, models and renders everything in memory and writes nothing; the commands and the
    development server write its result (so a content error leaves the previous site untouched)."""
    graph = imports()
    writers = {m for m, deps in graph.items() for d in deps if d.startswith("write.") and not m.startswith("write")}
    assert writers and {m.split(".")[0] for m in writers} <= {"cli", "serve"}


def test_every_package_says_its_job_and_reexports_nothing():
    for name, path in modules().items():
        if path.name != "__init__.py" or name == "":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree)
        assert doc and len(doc.splitlines()) <= 2, name
        if name != "cli":  # the console script's main() lives in cli/__init__.py
            assert len(tree.body) == 1, f"{name}/__init__.py holds more than its docstring"


def in_package(package: str) -> list[str]:
    """The modules of one package of sitegen (``model``: ``model``, ``model.records`` …)."""
    return [name for name in modules() if name == package or name.startswith(package + ".")]


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


def test_the_import_finder_reads_every_kind_of_import():
    graph = imports()
    assert "errors" in graph["thai"]  # from sitegen.errors import Invalid
    assert "" in graph["scaffold.init"]  # from sitegen import DISTRIBUTION: the package's own __init__
    assert {"incremental.track", "workers"} <= graph["render.pages"]  # from sitegen.incremental import track
    assert "build" in graph["publish.issueform"]  # inside a function


MAX_FUNCTION_LINES = 80


def long_functions(source: str) -> list[str]:
    """The functions (methods, nested ones) of more than ``MAX_FUNCTION_LINES`` lines, with their first line."""
    return [f"{node.name}:{node.lineno}" for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno is not None and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]


def test_no_function_over_80_lines():
    found = {name: names for name, path in modules().items() if (names := long_functions(path.read_text("utf-8")))}
    assert found == {}
    assert long_functions("def f():\n" + "    x = 1\n" * 80) == ["f:1"]
    assert long_functions("def f():\n" + "    x = 1\n" * 79) == []


def test_cycle_finder_sees_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_output_file_has_a_module_of_its_own():
    graph = imports()
    assert graph["output"] == set()
    users = {m for m, deps in graph.items() if "output" in deps}
    assert {"write.write", "serve.serve", "render.opendata", "render.site"} <= users
    assert all(not d.startswith("render") for m in ("write.write", "serve.serve") for d in graph[m])


def bilingual_strings_split_or_raised(source: str) -> list[int]:
    """Lines that raise a plain exception with a "ไทย | English" text, or split a text on " | " to get the two
    back: helpers hand Thai and English on as fields (``errors.Invalid``), never packed into one string."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and isinstance(node.exc.func, ast.Name)
                and node.exc.func.id in ("ValueError", "Exception", "RuntimeError")
                and any(isinstance(c, ast.Constant) and " | " in str(c.value) for c in ast.walk(node.exc))):
            found.append(node.lineno)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in ("split", "partition", "rpartition")
              and [getattr(a, "value", None) for a in node.args] == [" | "]):
            found.append(node.lineno)
    return found


def test_errors_carry_thai_and_english_as_fields():
    found = {name: lines for name, path in modules().items()
             if (lines := bilingual_strings_split_or_raised(path.read_text(encoding="utf-8")))}
    assert found == {}


def test_bilingual_string_finder():
    assert bilingual_strings_split_or_raised('raise ValueError(f"ผิด {x} | wrong {x}")\nth, en = str(e).split(" | ")\n'
                                             'raise ValueError("plain")\n') == [1, 2]


def test_cached_catalogs_are_read_only():
    from sitegen.catalog.catalogs import load_catalogs, load_site_catalogs

    catalogs, _ = load_site_catalogs(PACKAGE / "no-such-folder")
    with pytest.raises(TypeError):
        catalogs.eit[2566].questions["E1"] = catalogs.eit[2566].questions["E2"]  # type: ignore[index]
    with pytest.raises(TypeError):
        catalogs.oit[2599] = catalogs.oit[2566]  # type: ignore[index]
    mine = load_catalogs()
    del mine[2566]  # a copy of the top level: the next caller still gets every year
    assert 2566 in load_catalogs()


def test_one_jinja_environment_per_folder_and_digits(tmp_path, monkeypatch):
    from sitegen.render.templates import make_env, theme_dir

    assert make_env(None, "thai") is make_env(theme_dir(), "thai")
    assert make_env(None, "thai") is not make_env(None, "arabic")
    (tmp_path / "templates").mkdir()
    monkeypatch.chdir(tmp_path)
    assert make_env(Path("templates"), "thai") is make_env(tmp_path / "templates", "thai")
    assert make_env(Path("templates"), "thai") is not make_env(None, "thai")


def base_path_slices(source: str) -> list[int]:
    """Lines that cut ``base_path`` off a URL to get a site path back (``url[len(config.base_path):]``):
    URLs are built forward from site paths (``urls.scheme``), never taken apart."""
    return sorted({
        node.lineno for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Slice) and node.lower is not None
        and any(isinstance(n, ast.Attribute) and n.attr == "base_path" for n in ast.walk(node.lower))
    })


def test_no_url_is_cut_back_into_a_path():
    found = {name: lines for name, path in modules().items()
             if (lines := base_path_slices(path.read_text(encoding="utf-8")))}
    assert found == {}
    assert base_path_slices("path = a.url[len(config.base_path):]\nb = x[1:]\n") == [1]


def test_render_picks_a_template_for_every_kind_of_page_and_the_model_names_none():
    from sitegen.model.records import PageKind
    from sitegen.render.templates import TEMPLATES

    assert set(TEMPLATES) == set(PageKind)
    for module in in_package("model"):
        model = ast.parse(modules()[module].read_text(encoding="utf-8"))
        names = [n.value for n in ast.walk(model) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                 and n.value.endswith(".html") and " " not in n.value]
        assert names == [], module


def test_the_model_knows_no_html():
    """Markdown → HTML is the render stage's (render.bodies): the model's modules import no Markdown, HTML or
    template library, not even indirectly."""
    html_modules = {"markdown", "fastmarkdown", "rawhtml", "render", "bodies", "markdown_it", "markdown_it_pyrs", "nh3",
                    "jinja2", "markupsafe"}
    for module in in_package("model"):
        tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
        imported = {(n.module or "").removeprefix("sitegen.").split(".")[0] for n in ast.walk(tree)
                    if isinstance(n, ast.ImportFrom)}
        imported |= {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert imported & html_modules == set(), module
    graph = imports()
    reached, todo = set(), in_package("model")
    while todo:  # everything the model's modules import, directly or not
        for nxt in graph[todo.pop()] - reached:
            reached.add(nxt)
            todo.append(nxt)
    assert reached & html_modules == set()


def test_templates_read_typed_records_never_unpack_them_by_position():
    """``{% set year, item = page.data %}`` breaks silently when a record changes shape; fields do not."""
    import re

    unpacking = re.compile(r"{%-?\s*(set|for)\s+\w+\s*,\s*\w+\s*(=|in)\s*(page\.data|\w+\.by_round)\s*-?%}")
    templates = PACKAGE / "theme" / "templates"
    found = [p.name for p in templates.glob("*.html") if unpacking.search(p.read_text(encoding="utf-8"))]
    assert found == []
    assert unpacking.search("{% set year, item = page.data %}") and unpacking.search("{% for r, a in item.by_round %}")


def test_the_model_holds_data_and_no_callable():
    """The render stage builds what it calls from the model's data (a body's link resolver from ``Site.links``):
    no record of the model holds a function."""
    import dataclasses

    from sitegen.model import records

    typed = {f"{name}.{f.name}": str(f.type) for name, record in vars(records).items()
             if dataclasses.is_dataclass(record) and record.__module__ == records.__name__
             for f in dataclasses.fields(record)}
    assert "Site.links" in typed and "Page.data" in typed
    assert [field for field, kind in typed.items() if "Callable" in kind or "Resolver" in kind] == []
