"""Injection: raw HTML is sanitised (nh3), front matter is escaped, pages carry a strict CSP."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import ungroup

ATTACKS = """\
-- pages/attack.md --
---
title: ทดสอบ <img src=x onerror=alert(1)>
---
<script>alert("block")</script>

""" """ข้อความ <b>ตัวหนา</b> <img src="https://example.go.th/x.png" onerror="alert(1)" alt="รูป"> """ """\
<a href="javascript:alert(1)">คลิก</a>
<a href="JaVaScRiPt:alert(1)">คลิก2</a> <a href="data:text/html;base64,PHNjcmlwdD4=">คลิก3</a>
<iframe src="https://evil.example/"></iframe><svg onload="alert(1)"></svg>
<div style="background:url(javascript:alert(1))">กล่อง</div>

[md link](https://example.go.th/)

<form action="https://evil.example/"><input name="x"></form>
"""


@pytest.fixture
def attacked(make_site, run, tmp_path):
    code, _, err = run("build", "--as-of", "2567-06-01", content=make_site(ATTACKS))
    assert code == 0, err
    return (tmp_path / "output/attack/index.html").read_text("utf-8"), err


def test_no_script_handlers_or_dangerous_urls_reach_the_output(attacked):
    html, _ = attacked
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all(["script", "iframe", "svg", "form", "input", "object", "embed"]) == []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), tag
            text = " ".join(value) if isinstance(value, list) else str(value)
            assert not re.search(r"javascript:|data:|vbscript:", text, re.IGNORECASE), tag
            assert name != "style", tag
    # safe markup and the text survive
    assert "<b>ตัวหนา</b>" in html and "กล่อง" in html and 'alt="รูป"' in html


def test_front_matter_values_are_escaped(attacked):
    html, _ = attacked
    assert "<img src=x onerror" not in html
    assert "ทดสอบ &lt;img src=x onerror=alert(1)&gt;" in html


def test_removed_html_is_reported_by_line(attacked):
    _, err = attacked
    said = re.findall(r"content/pages/attack\.md:(\d+): (?:ตัด HTML|HTML ที่เว็บไซต์ไม่รองรับ)", ungroup(err))
    lines = sorted({int(m) for m in said})
    assert lines == [4, 6, 7, 8, 9, 13]
    assert "warning" in err
    assert "content/pages/attack.md:4: HTML ที่เว็บไซต์ไม่รองรับ (<script>)" in ungroup(err)  # shown as the text it is


def test_data_image_in_markdown_is_an_error(make_site, run):
    content = make_site("-- pages/x.md --\n---\ntitle: x\n---\n![a](data:image/png;base64,AAAA)\n")
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 1 and "content/pages/x.md:4: " in err and "data:" in err


def test_every_page_has_a_strict_csp(make_site, run, tmp_path):
    assert run("build", "--as-of", "2567-06-01", content=make_site())[0] == 0
    for page in (tmp_path / "output").rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None, page
        policy = dict(part.strip().split(" ", 1) for part in meta["content"].split(";"))
        assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
        assert "unsafe-inline" not in meta["content"] and "*" not in meta["content"]
