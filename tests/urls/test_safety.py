"""URL checks (``urls.safety``): control characters and white space in a URL, and the scheme as a browser reads it."""

from __future__ import annotations

import pytest

from sitegen.urls.safety import SAFE_SCHEMES, scheme_of, url_problem


@pytest.mark.parametrize("url, scheme", [
    ("files/2566/report.pdf", None), ("../eit/2566/index.md", None), ("#top", None), ("/news/", None),
    ("https://example.go.th/", "https"), ("MAILTO:x@example.go.th", "mailto"),
    ("java\tscript:alert(1)", "javascript"), ("\x01 javascript:alert(1)", "javascript"),
    ("jav\nascript:alert(1)", "javascript"), ("ไฟล์:ก.pdf", None),
])
def test_the_scheme_is_read_as_a_browser_reads_it(url, scheme):
    assert scheme_of(url) == scheme


def test_only_web_mail_and_phone_links_are_safe():
    assert SAFE_SCHEMES == {"http", "https", "mailto", "tel"}


def test_a_control_character_or_space_is_a_problem_with_its_code_point():
    th, en = url_problem("https://example.go.th/\nDisallow: /")  # type: ignore[misc]
    assert "U+000A" in th and "U+000A" in en and "one line" in en
    assert "U+00A0" in url_problem("https://example.go.th/ก\u00a0ข")[1]  # type: ignore[index]
    assert url_problem("files/รายงาน ปี 2566.pdf", spaces_allowed=True) is None
    assert url_problem("files/a\tb.pdf", spaces_allowed=True) is not None  # a tab is a control character
    assert url_problem("https://example.go.th/") is None
