"""Search entries from the records (sitegen/render/search/records.py): for every page of the seed and the fixture sites,
the entry made from the page's records is the entry read from its built HTML (``search.page_doc``, what the index
held before), so the index finds what a reader sees on the page and nothing the page does not show."""

from __future__ import annotations

import difflib

import pytest

from conftest import TEMPLATES
from golden import SITES
from sitegen.build import build
from sitegen.cli.common import date_arg
from sitegen.model.records import PageKind
from sitegen.render.search.text import SearchDoc, page_doc
from sitegen.render.search.files import load_docs
from sitegen.render.search.records import Shown, own_templates, record_doc, site_docs


def _where(html: SearchDoc | None, records: SearchDoc | None) -> str:
    """Where the two entries first differ, for the failure message."""
    if html is None or records is None:
        return f"from the HTML: {html}, from the records: {records}"
    for what, a, b in (("title", html.title, records.title), ("text", html.text, records.text)):
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op != "equal":
                return f"{what}: page {a[max(0, i1 - 30):i2 + 30]!r}, records {b[max(0, j1 - 30):j2 + 30]!r}"
    return f"url/codes: {html.url} {html.codes} ≠ {records.url} {records.codes}"


@pytest.mark.parametrize("name", sorted(SITES))
def test_every_page_s_record_text_is_the_text_its_main_shows(name, tmp_path):
    make, as_of, templates = SITES[name]
    content = make(tmp_path)
    result = build(content, TEMPLATES if templates else None, date_arg(as_of))
    assert result.basis is not None
    bodies = result.basis.bodies
    html = {f.path: f.data for f in result.files if f.data is not None}
    shown = Shown(result.site, bodies)
    kinds = set()
    for page in result.site.pages:
        read = None if page.kind is PageKind.NOT_FOUND else page_doc(page.output, html[page.output].decode("utf-8"))
        made = record_doc(shown, page)
        assert made == read, f"{page.output}: {_where(read, made)}"
        kinds.add(page.kind)
    assert len(kinds) >= 8, kinds  # the sites together show every kind of page
    assert site_docs(result.site, bodies, result.files, True) == site_docs(result.site, bodies, result.files, False)


def test_every_kind_of_page_has_its_text():
    from sitegen.render.search.records import TEXTS

    assert set(TEXTS) == set(PageKind) - {PageKind.NOT_FOUND}


def test_a_site_with_a_template_of_its_own_is_searched_by_its_html(tmp_path):
    assert not own_templates(None) and not own_templates(TEMPLATES)
    folder = tmp_path / "templates"
    (folder / "static").mkdir(parents=True)
    (folder / "static/site.css").write_text("main{}", "utf-8")
    assert not own_templates(folder)  # its own styles do not change any page's text
    (folder / "page.html").write_text("{% extends 'base.html' %}", "utf-8")
    assert own_templates(folder)


def test_an_own_template_s_words_are_found(make_site, run, tmp_path):
    content = make_site("-- pages/about.md --\n---\ntitle: เกี่ยวกับเรา\n---\nข้อความ\n")
    templates = tmp_path / "templates"
    templates.mkdir()
    page = (TEMPLATES / "page.html").read_text("utf-8")
    marker = "คำพิเศษของแม่แบบ"
    (templates / "page.html").write_text(page.replace("</h1>", f"</h1><p>{marker}</p>", 1), "utf-8")
    code, _, err = run("build", "--as-of", "2024-06-01", "--templates", str(templates), content=content)
    assert code == 0, err
    docs = load_docs(tmp_path / "output")
    assert [d.url for d in docs if marker in d.text] == ["about/"]
