"""Render stage: strict templates, escaping, errors with template file and line."""

from __future__ import annotations

import shutil

from conftest import TEMPLATES


def test_front_matter_is_escaped(make_site, run, tmp_path):
    content = make_site("""
        -- actions/2567/2024-01-10-x.md --
        ---
        title: <script>alert(1)</script> & "quotes"
        date: 2024-01-10
        items: [E7]
        ---
        <b>raw html</b> is kept when safe
        """)
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 0, err
    html = (tmp_path / "output/actions/2567/2024-01-10-x/index.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;" in html
    assert "<b>raw html</b> is kept when safe" in html


def test_template_typo_is_an_error_with_file_and_line(make_site, run, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    page = templates / "page.html"
    lines = page.read_text().splitlines()
    lines[3] = "<h1>{{ page.data.titel }}</h1>"
    page.write_text("\n".join(lines) + "\n")
    content = make_site("-- pages/about.md --\n---\ntitle: About\n---\nText\n")
    code, _, err = run("build", "--as-of", "2567-06-01", "--templates", str(templates), content=content)
    assert code == 1
    assert "templates/page.html:4:" in err and "titel" in err


def test_template_syntax_error(make_site, run, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "404.html").write_text("{% extends 'base.html' %}\n{% block content %}\n{% if %}\n{% endblock %}\n")
    code, _, err = run("build", "--as-of", "2567-06-01", "--templates", str(templates), content=make_site())
    assert code == 1 and "templates/404.html:3:" in err


def test_each_body_is_converted_once_and_shown_wherever_its_record_is(make_site, monkeypatch, tmp_path):
    """The year's introduction shows on the measures page and every round report, an action on its page
    and in the feed: render (render.bodies) converts each document's Markdown once and looks it up after."""
    import datetime as dt

    from sitegen.render import bodies
    from sitegen.build import build

    content = make_site("""
        -- eit/2567/index.md --
        ---
        title: มาตรการ
        ---
        บทนำ **สำคัญ**
        -- actions/2567/2024-01-10-x.md --
        ---
        title: งาน
        date: 2024-01-10
        items: [E7]
        ---
        ทำ *แล้ว*
        """)
    seen: list[str] = []
    real = bodies.render_markdown
    monkeypatch.setattr(bodies, "render_markdown", lambda md, text, *a: seen.append(text) or real(md, text, *a))
    result = build(content, TEMPLATES, dt.date(2024, 6, 1))
    assert sorted(seen) == ["ทำ *แล้ว*\n", "บทนำ **สำคัญ**\n"]
    pages = {f.path: f.data.decode("utf-8") for f in result.files if f.path.endswith((".html", ".xml"))}
    for path in ("eit/2567/index.html", "eit/2567/report-6-months/index.html", "eit/2567/report-12-months/index.html"):
        assert "บทนำ <strong>สำคัญ</strong>" in pages[path]
    assert "ทำ <em>แล้ว</em>" in pages["actions/2567/2024-01-10-x/index.html"]
    assert "ทำ &lt;em&gt;แล้ว&lt;/em&gt;" in pages["feed.xml"]  # Atom content type="html"


def test_link_problems_are_reported_with_every_other_problem(make_site, run):
    content = make_site("""
        -- actions/2567/2024-01-10-x.md --
        ---
        title: งาน
        date: 2024-01-10
        items: [E9]
        ---
        ดู [แผน](../../files/missing.pdf)
        """)
    code, _, err = run("check", "--as-of", "2567-06-01", content=content)
    assert code == 1
    assert "content/actions/2567/2024-01-10-x.md:6: ลิงก์ ../../files/missing.pdf" in err  # the link, on its line
    assert "content/actions/2567/2024-01-10-x.md:4: ข้อ E9" in err  # and validation's problem, in one run


def test_a_favicon_ships_with_the_theme_at_the_root_too_and_a_site_may_replace_it(make_site, run, tmp_path):
    """Every page links it; /favicon.ico, where browsers and crawlers ask, is there (no 404 in the server's log)."""
    content = make_site("-- pages/about.md --\n---\ntitle: About\n---\nText\n")
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 0, err
    out = tmp_path / "output"
    theme = (TEMPLATES / "static/favicon.ico").read_bytes()
    assert theme[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert (out / "favicon.ico").read_bytes() == (out / "static/favicon.ico").read_bytes() == theme
    assert (out / "static/favicon.svg").read_bytes().startswith(b"<svg ")
    for page in ("index.html", "about/index.html", "404.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in html, page
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html, page
    own = tmp_path / "templates/static/favicon.ico"
    own.parent.mkdir(parents=True)
    own.write_bytes(b"\x00\x00\x01\x00 the agency's own")
    code, _, err = run("build", "--as-of", "2567-06-01", "--templates", str(tmp_path / "templates"), content=content)
    assert code == 0, err
    assert (out / "favicon.ico").read_bytes() == (out / "static/favicon.ico").read_bytes() == own.read_bytes()


def test_generated_titles_follow_the_sites_digits(make_site, run, tmp_path):
    """The ITA item pages' titles and breadcrumbs said "O1" beside "๒๕๖๗"; init wrote "พ.ศ. 2570" beside "๒๕๗๐"."""
    code, _, err = run("build", "--as-of", "2567-06-01", content=make_site())
    assert code == 0, err
    html = (tmp_path / "output/ita/2567/o1/index.html").read_text(encoding="utf-8")
    assert "<title>O๑ " in html and '<li aria-current="page">O๑</li>' in html


def test_theme_copy_in_tests_matches_what_render_uses():
    from sitegen.render.templates import theme_dir

    assert theme_dir().resolve() == TEMPLATES.resolve()
