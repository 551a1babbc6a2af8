"""The pages through a store (``render.pages``), unit by unit on the seed's model: a page is reused while nothing
it shows changed, rendered again when something did (or the date, the code or a template), a forged entry on disk
is never taken, a store that ends with the build keeps nothing, and a broken template fails its pages with the
template's file and line. Whole builds with edits: tests/incremental/test_incremental.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import secrets
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, TEMPLATES
from sitegen.build import build
from sitegen.incremental.store import MemoryStore, Store, fingerprint, pack, unpack
from sitegen.model.records import PageKind, Site
from sitegen.render.bodies import BodyHtml
from sitegen.render.pages import Done, Failed, render_pages

AS_OF = dt.date(2024, 10, 15)
PLACE = "/sites/seed/content"


@pytest.fixture(scope="module")
def seed() -> tuple[Site, BodyHtml]:
    result = build(ROOT / "content", None, AS_OF)
    assert result.basis is not None
    return result.site, result.basis.bodies


def outputs(site: Site) -> set[str]:
    return {p.output for p in site.pages}


def test_a_lasting_store_gives_every_page_back_as_it_was_rendered(seed):
    site, bodies = seed
    store = MemoryStore(lasting=True)
    first, errors = render_pages(site, bodies, store, None, PLACE)
    assert errors == [] and set(first.rendered) == outputs(site) and first.reused == ()
    again, _ = render_pages(site, bodies, store, None, PLACE)
    assert set(again.reused) == outputs(site) and again.rendered == ()
    assert again.html == first.html


def test_only_the_page_whose_shown_value_changed_is_rendered_again(seed):
    site, bodies = seed
    store = MemoryStore(lasting=True)
    first, _ = render_pages(site, bodies, store, None, PLACE)
    about = next(i for i, p in enumerate(site.pages) if p.kind is PageKind.FREE_PAGE)
    pages = list(site.pages)
    pages[about] = dataclasses.replace(pages[about], title="เกี่ยวกับเรา (แก้)")
    edited = dataclasses.replace(site, pages=tuple(pages))
    again, _ = render_pages(edited, bodies, store, None, PLACE)
    assert again.rendered == (site.pages[about].output,)
    assert "เกี่ยวกับเรา (แก้)".encode() in again.html[about]  # type: ignore[operator]
    assert [h for i, h in enumerate(again.html) if i != about] == [h for i, h in enumerate(first.html) if i != about]


def test_another_date_or_templates_render_every_page_again(seed, tmp_path):
    site, bodies = seed
    store = MemoryStore(lasting=True)
    render_pages(site, bodies, store, None, PLACE)
    later = dataclasses.replace(site, as_of=AS_OF + dt.timedelta(days=1))
    assert set(render_pages(later, bodies, store, None, PLACE)[0].rendered) == outputs(site)
    own = tmp_path / "templates"
    own.mkdir()
    (own / "page.html").write_text((TEMPLATES / "page.html").read_text("utf-8") + "\n", encoding="utf-8")
    assert set(render_pages(later, bodies, store, own, PLACE)[0].rendered) == outputs(site)


def test_a_store_that_ends_with_the_build_is_given_no_page(seed):
    """``check`` and ``--no-cache``: the pages render without recording what they read, and nothing is kept."""
    site, bodies = seed
    store = MemoryStore()
    first, _ = render_pages(site, bodies, store, None, PLACE)
    assert store.memory == {}
    again, _ = render_pages(site, bodies, store, None, PLACE)
    assert set(again.rendered) == outputs(site) and again.html == first.html
    assert render_pages(site, bodies, MemoryStore(lasting=True), None, PLACE)[0].html == first.html


def test_a_forged_entry_on_disk_is_rendered_again_and_its_html_never_shown(seed, tmp_path):
    site, bodies = seed
    folder = tmp_path / "cache" / "render"
    first, _ = render_pages(site, bodies, Store(folder), None, PLACE)
    about = next(p for p in site.pages if p.kind is PageKind.FREE_PAGE)
    page = fingerprint(PLACE, about.output)
    name = fingerprint("page entries", PLACE, page[:2])  # the bucket the page's entry is kept in
    path = folder / name[:2] / name
    secret = (folder / ".sitegen-key").read_bytes()
    payload = unpack(secret, name, path.read_bytes())
    assert payload is not None and b"<script>" not in payload
    bucket = pickle.loads(payload)
    bucket[page] = bucket[page].replace(b"</main>", b"<script>alert(1)</script></main>")
    path.write_bytes(pack(secrets.token_bytes(32), name, pickle.dumps(bucket)))  # its sum made without the key
    again, _ = render_pages(site, bodies, Store(folder), None, PLACE)
    assert about.output in again.rendered and again.html == first.html  # with the other pages of its bucket
    shutil.rmtree(folder / name[:2])  # a missing entry: rendered again too, and stored again
    assert about.output in render_pages(site, bodies, Store(folder), None, PLACE)[0].rendered
    assert render_pages(site, bodies, Store(folder), None, PLACE)[0].rendered == ()


def test_a_broken_template_fails_its_pages_with_the_templates_file_and_line(seed, tmp_path):
    site, bodies = seed
    own = tmp_path / "templates"
    own.mkdir()
    (own / "page.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{{ page.nothing }}\n{% endblock %}\n', encoding="utf-8")
    rendered, errors = render_pages(site, bodies, MemoryStore(), own, PLACE)
    assert [(str(e.path), e.line) for e in errors] == [("templates/page.html", 3)]
    assert "nothing" in errors[0].en and errors[0].en.endswith("— fix the template on this line")
    free = [i for i, p in enumerate(site.pages) if p.kind is PageKind.FREE_PAGE]
    assert [i for i, html in enumerate(rendered.html) if html is None] == free


def test_the_results_of_a_worker_are_typed_records_that_cross_processes():
    import pickle

    failed = Failed(3, "templates/page.html", 3, "แม่แบบ", "template")
    assert pickle.loads(pickle.dumps(failed)) == failed
    assert str(failed.error()) == "templates/page.html:3: แม่แบบ | template"
    done = Done(0, b"<html>", "", "")
    assert pickle.loads(pickle.dumps(done)) == done


def test_the_cached_build_equals_the_uncached_one(tmp_path):
    """The one render path through either store gives the same files as a build that keeps nothing."""
    content = ROOT / "content"
    plain = build(content, None, AS_OF)
    cached = build(content, None, AS_OF, store=Store(tmp_path / "render"))
    again = build(content, None, AS_OF, store=Store(tmp_path / "render"))
    files = [{f.path: f.data or Path(f.source).read_bytes() for f in r.files} for r in (plain, cached, again)]  # type: ignore[arg-type]
    assert files[0] == files[1] == files[2]
    assert set(again.reused) == outputs(plain.site) and again.converted == 0
    assert plain.converted == cached.converted > 0
