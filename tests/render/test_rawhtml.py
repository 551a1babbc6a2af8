"""Raw HTML in Markdown is read with a real HTML parser: what the sanitiser drops is reported, relative links
are resolved, and text inside another attribute's quotes is never taken for an attribute."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, NavigableString
from bs4.element import RubyTextString

from conftest import ROOT
from sitegen.render.markdown import make_markdown, render_markdown
from sitegen.render.rawhtml import neutralise, removals, rewrite_links


def test_src_inside_a_title_attribute_is_not_a_report():
    assert removals('<abbr title="x src=javascript:alert(1) onclick=y">ITA</abbr>') == []
    seen = []
    fragment = '<abbr title="see src=missing.md">ITA</abbr>'
    assert rewrite_links(fragment, lambda target, line: seen.append(target) or "/x/") == fragment
    assert seen == []


def test_onclick_after_a_quoted_greater_than_is_reported():
    assert removals('<a title="a > b" onclick="steal()" href="https://x.example/">x</a>') == [(1, "onclick=")]


def test_tags_attributes_and_schemes_with_their_lines():
    fragment = '<p>\n<script>x</script>\n<img src="java&#9;script:alert(1)" style="x">\n</p>'
    neutral = neutralise(fragment)
    assert neutral.shown_as_text == ((2, "<script>"),) and "&lt;script&gt;x&lt;/script&gt;" in neutral.html
    assert removals(neutral.html) == [(3, "javascript:"), (3, "style=")]
    assert removals('<p title="Note: a colon is not a scheme">x</p>') == []


def test_relative_links_are_resolved_and_other_tags_left_as_written():
    fragment = "<p class=x>see <a href='../pages/about.md' title=\"a>b\">about</a> <img src=\"#top\"></p>"
    lines = []
    out = rewrite_links(fragment, lambda target, line: lines.append((target, line)) or "/about/")
    assert out == "<p class=x>see <a href=\"/about/\" title=\"a&gt;b\">about</a> <img src=\"#top\"></p>"
    assert lines == [("../pages/about.md", 1)]
    assert rewrite_links(fragment, lambda target, line: None) == fragment  # a broken link stays for the report


def test_reports_land_on_the_line_of_the_tag():
    errors = []
    text = "text\n\n<div>\n<p onclick=\"x\">a</p>\n<a href=\"nowhere.md\">b</a>\n</div>\n"
    html = render_markdown(make_markdown(), text, _no_links, "content/pages/x.md", 5, errors)
    assert [(e.line, e.warning) for e in errors] == [(8, True), (9, False)]
    assert "onclick" not in html


def _no_links(target: str) -> str:
    from sitegen.model.links import LinkError

    raise LinkError("ไม่พบ", "not found")


# --- nothing a user typed disappears ------------------------------------------------------------------------------

NAMES = [line.strip() for line in (ROOT / "tests/fixtures/html-element-names.txt").read_text("utf-8")
         .splitlines() if line.strip() and not line.startswith("#")]


def _shown(html: str) -> str:
    """The text a reader sees: the page's text nodes, white space squeezed; not comments, attribute values, nor
    what browsers never show (script, style, template, and <rp>, which their own style sheet hides)."""
    soup = BeautifulSoup(html, "html.parser")
    shown = (s for s in soup.find_all(string=True) if type(s) in (NavigableString, RubyTextString))
    return " ".join(" ".join(shown).split())


def _render(body: str, errors: list | None = None) -> str:
    return render_markdown(make_markdown(), body, lambda target: target, "content/pages/x.md", 5,
                           [] if errors is None else errors)


def test_prose_that_mentions_a_tag_keeps_every_later_paragraph():
    """On the landed main, each of these dropped everything after it, with one warning that <script> was removed."""
    for tag in ("script", "style", "template", "SCRIPT", "textarea", "title", "xmp", "plaintext", "noscript", "iframe"):
        errors: list = []
        html = _render(f"ขั้นตอน: เพิ่มแท็ก <{tag}> ในหน้าเว็บ\n\nย่อหน้าที่สอง\n\n## หัวข้อถัดไป\n\n- รายการสุดท้าย\n",
                       errors)
        text = _shown(html)
        assert f"ขั้นตอน: เพิ่มแท็ก <{tag}> ในหน้าเว็บ" in text, (tag, html)
        for later in ("ย่อหน้าที่สอง", "หัวข้อถัดไป", "รายการสุดท้าย"):
            assert later in text, (tag, later, html)
        assert "<h2>หัวข้อถัดไป</h2>" in html and "<li>รายการสุดท้าย</li>" in html  # still Markdown, not raw text
        assert [(e.line, e.warning) for e in errors] == [(5, True)] and "shown as text" in errors[0].en, tag


FORMS = ["<{n}>", "<{N}>", "</{n}>", "<{n}/>", "<{n} title=\"t\" onclick=\"alert(1)\" src=\"x\" data-x='a > b'>",
         "<{n}><{n}>", "<{n}><b>ตัวหนา", "<{N} CLASS=x>", "<{n}\nlang=th>"]


@pytest.mark.parametrize("name", NAMES)
def test_no_element_in_any_form_hides_the_text_after_it(name):
    """Every HTML element name, unclosed, nested, upper case, with attributes, inline and as a block of its own."""
    for i, form in enumerate(FORMS):
        tag = form.format(n=name, N=name.upper())
        for body in (f"ก่อน {tag} หลัง{i}\n\nย่อหน้าถัดไป{i}\n\n# หัวข้อท้าย{i}\n\nคำสุดท้าย{i}\n",
                     f"{tag}\nหลัง{i}\n\nย่อหน้าถัดไป{i}\n\n# หัวข้อท้าย{i}\n\nคำสุดท้าย{i}\n"):
            text = _shown(_render(body))
            for word in (f"หลัง{i}", f"ย่อหน้าถัดไป{i}", f"หัวข้อท้าย{i}", f"คำสุดท้าย{i}"):
                assert word in text, (tag, body, word)


def test_an_unclosed_comment_is_an_error_on_its_line_closed_ones_stay_hidden():
    errors: list = []
    html = _render("ก่อน\n\n<!-- ร่าง: ยังไม่เผยแพร่ -->\n\nหลัง\n", errors)
    assert errors == [] and "ร่าง" not in html and "หลัง" in _shown(html)  # hidden on purpose, as in GitHub's preview
    _render("ก่อน\n\n<!-- ลืมปิด\n\nข้อความที่ควรเห็น\n", errors)
    assert [(e.line, e.warning) for e in errors] == [(7, False)] and "<!--" in errors[0].en and "-->" in errors[0].en
    errors.clear()
    _render("<div>\n<!-- ลืมปิด\n</div>\n\nข้อความ\n", errors)
    assert [(e.line, e.warning) for e in errors] == [(6, False)]


def test_declarations_and_processing_instructions_are_shown_as_text():
    for markup in ("<?php echo 1; ?>", "<!DOCTYPE html>", "<![CDATA[ x ]]>"):
        errors: list = []
        assert markup in _shown(_render(f"ก่อน {markup} หลัง\n\nต่อ\n", errors)), markup
        assert "ต่อ" in _shown(_render(f"{markup}\n\nต่อ\n")) and errors and errors[0].warning
