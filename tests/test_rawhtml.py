"""Raw HTML in Markdown is read with a real HTML parser: what the sanitiser drops is reported, relative links
are resolved, and text inside another attribute's quotes is never taken for an attribute."""

from __future__ import annotations

from sitegen.markdown import make_markdown, render_markdown
from sitegen.rawhtml import removals, rewrite_links


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
    assert removals(fragment) == [(2, "<script>"), (3, "javascript:"), (3, "style=")]
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
    html = render_markdown(make_markdown(), "text\n\n<div>\n<p onclick=\"x\">a</p>\n<a href=\"nowhere.md\">b</a>\n</div>\n",
                           _no_links, "content/pages/x.md", 5, errors)
    assert [(e.line, e.warning) for e in errors] == [(8, True), (9, False)]
    assert "onclick" not in html


def _no_links(target: str) -> str:
    from sitegen.links import LinkError

    raise LinkError("ไม่พบ", "not found")
