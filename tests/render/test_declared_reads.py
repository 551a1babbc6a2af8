"""The declared reads of the theme's templates (``render.reads``) against what the templates really read.

``incremental.track`` is the oracle: every page of every kind, of the seed (two dates), the contract, ITA and
agency sites, is rendered with its inputs behind the tracking proxies, and every value the template reached
(through macros, filters and the Python helpers it calls) must lie under the page kind's declared spec. A read
that is not declared would be a value a page shows without being in its key: an edit of it would leave the page
stale. The test names the template's read path to add.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import ROOT, write_tree
from sitegen.build import build
from sitegen.incremental import track
from sitegen.incremental.digest import ALL, covers
from sitegen.model.records import PageKind, Site
from sitegen.render.pages import roots, tracked_kinds
from sitegen.render.reads import ROOTS
from sitegen.render.templates import TEMPLATES, make_env
from sites import make_ita_site
from test_contract_site import CONTENT as CONTRACT


def _contract(tmp: Path) -> Path:
    content = write_tree(tmp / "content", CONTRACT)
    (content / "files/2567").mkdir(parents=True)
    (content / "files/2567/form.pdf").write_bytes(b"%PDF-1.4 test" + b"0" * 2000)
    return content


SITES = {
    "seed-2567-10-15": (lambda tmp: ROOT / "content", dt.date(2024, 10, 15)),
    "seed-2566-04-02": (lambda tmp: ROOT / "content", dt.date(2023, 4, 2)),
    "seed-2566-11-01": (lambda tmp: ROOT / "content", dt.date(2023, 11, 1)),
    "contract": (_contract, dt.date(2024, 10, 15)),
    "ita": (make_ita_site, dt.date(2023, 6, 1)),
    "agency": (lambda tmp: ROOT / "tests/fixtures/agency-2567/content", dt.date(2024, 6, 1)),
}


def _path(nodes: list, node: int) -> tuple[str, list]:
    """The root name and the steps of a recorded node, indices as ``*``."""
    steps: list = []
    while True:
        parent, step = nodes[node]
        if parent < 0:
            return step, steps[::-1]
        steps.append("*" if isinstance(step, int) else step)
        node = parent


def undeclared(site: Site, bodies, declared=ROOTS) -> dict[str, set[str]]:
    """Each kind's reads that its spec (in ``declared``) does not cover, as ``op root.path`` strings."""
    env = make_env(None, site.config.digits)
    missing: dict[str, set[str]] = {}
    for page in site.pages:
        log = track.Log(roots(page, site, bodies), bodies, {})
        env.get_template(TEMPLATES[page.kind]).render(**{name: log.root(name) for name in log.roots})
        specs = declared[page.kind]
        for op, node in log.seen:
            root, steps = _path(log.nodes, node)
            if not steps and op == "o":  # a root's own type is fixed by the code
                continue
            if not covers(specs.get(root), steps, op):
                missing.setdefault(page.kind.value, set()).add(f"{op} {'.'.join(map(str, [root, *steps]))}")
    return missing


@pytest.mark.parametrize("name", SITES)
def test_every_value_a_theme_template_reads_is_declared(name, tmp_path):
    make, as_of = SITES[name]
    result = build(make(tmp_path), None, as_of)
    assert result.basis is not None
    bodies = result.basis.bodies
    assert undeclared(result.site, bodies) == {}


def test_a_read_left_out_of_a_declaration_is_named():
    """The oracle can fail: the action pages' declaration without the action's title misses that read."""
    result = build(ROOT / "content", None, dt.date(2024, 10, 15))
    assert result.basis is not None
    bodies = result.basis.bodies
    page = dict(ROOTS[PageKind.ACTION]["page"])  # type: ignore[arg-type]
    action = {k: v for k, v in page["data"]["action"].items() if k != "title"}
    short = {**ROOTS, PageKind.ACTION: {**ROOTS[PageKind.ACTION], "page": {**page, "data": {
        **page["data"], "action": action}}}}
    assert undeclared(result.site, bodies, short) == {"action": {"o page.data.action.title"}}


def test_every_kind_of_page_is_rendered_by_the_sites_above(tmp_path):
    kinds = set()
    for name, (make, as_of) in SITES.items():
        kinds |= {p.kind for p in build(make(tmp_path / name), None, as_of).site.pages}
    assert kinds == set(PageKind)


def test_covers_follows_the_spec():
    assert covers({"data": {"action": {"title": ALL}}}, ["data", "action", "title"], "o")
    assert not covers({"data": {"action": {"date": ALL}}}, ["data", "action", "title"], "o")
    assert not covers({"data": {"items": {"title": ALL}}}, ["data", "items"], "n")
    assert covers({"data": {"items": [{"title": ALL}]}}, ["data", "items"], "n")
    assert not covers({"body": ALL, "intro": {}}, ["intro"], "h")


def test_the_pages_of_a_sites_own_template_are_tracked(tmp_path):
    """A site's own template may read anything: its pages fall back to ``incremental.track``'s recorded reads."""
    templates = tmp_path / "templates"
    templates.mkdir()
    env = make_env(None, "arabic")
    assert tracked_kinds(None, env) == frozenset() == tracked_kinds(templates, env)
    (templates / "action.html").write_text('{% extends "base.html" %}', encoding="utf-8")
    assert tracked_kinds(templates, make_env(templates, "arabic")) == {PageKind.ACTION}
    (templates / "base.html").write_text("{{ page.title }}", encoding="utf-8")
    assert tracked_kinds(templates, make_env(templates, "arabic")) == set(PageKind)
