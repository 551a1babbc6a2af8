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
