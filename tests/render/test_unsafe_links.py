"""Unsafe link schemes in Markdown, unsafe characters in URLs: errors on their line, never
published as text or written into robots.txt, the sitemap or the feed."""

from __future__ import annotations

import pytest

from conftest import SITE_YAML

PAGE = "-- pages/about.md --\n---\ntitle: เกี่ยวกับ\n---\nบรรทัดแรก\n\n{link}\n"
LINE = 6  # the file line of {link} in PAGE

UNSAFE = {
    "inline": "[คลิก](javascript:alert(1))",
    "upper case": "[คลิก](JaVaScRiPt:alert(1))",
    "data": "[คลิก](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "vbscript": "[คลิก](vbscript:msgbox(1))",
    "entity-encoded": "[คลิก](&#106;avascript:alert(1))",
    "hex entity": "[คลิก](&#x6A;avascript:alert(1))",
    "named entity colon": "[คลิก](javascript&colon;alert(1))",
    "leading spaces": "[คลิก](   javascript:alert(1))",
    "angle brackets": "[คลิก](< javascript:alert(1)>)",
    "autolink": "<javascript:alert(1)>",
    "autolink data": "<data:text/html;base64,PHNjcmlwdD4=>",
    "image data": "![รูป](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "image javascript": "![รูป](javascript:alert(1))",
    "file": "[คลิก](file:///etc/passwd)",
    "reference": "[คลิก][r]\n\n[r]: javascript:alert(1)",
}


@pytest.mark.parametrize("link", UNSAFE.values(), ids=UNSAFE.keys())
def test_unsafe_markdown_link_is_an_error_on_its_line(make_site, run, link):
    code, _, err = run("check", "--as-of", "2567-06-01", content=make_site(PAGE.format(link=link)))
    assert code == 1, err
    assert f"content/pages/about.md:{LINE}: ลิงก์แบบ " in err
    assert "links are not allowed" in err and "Traceback" not in err


def test_unsafe_link_on_a_later_line_of_a_paragraph(make_site, run):
    code, _, err = run("check", "--as-of", "2567-06-01",
                       content=make_site(PAGE.format(link="ข้อความ\nต่อ [x](javascript:alert(1))")))
    assert code == 1 and f"content/pages/about.md:{LINE + 1}: " in err


@pytest.mark.parametrize("link", ["[เว็บ](https://example.go.th/)", "<https://example.go.th/>",
                                  "[อีเมล](mailto:saraban@example.go.th)", "[โทร](tel:044123456)", "[บน](#top)"])
def test_safe_links_still_build(make_site, run, tmp_path, link):
    code, _, err = run("build", "--as-of", "2567-06-01", content=make_site(PAGE.format(link=link)))
    assert code == 0, err
    assert "<a href=" in (tmp_path / "output/about/index.html").read_text("utf-8")


@pytest.mark.parametrize("href", ["java&#9;script:alert(1)", "&#10;javascript:alert(1)", " javascript:alert(1)"])
def test_raw_html_link_with_hidden_scheme_never_reaches_the_page(make_site, run, tmp_path, href):
    code, _, err = run("build", "--as-of", "2567-06-01", content=make_site(PAGE.format(link=f'<a href="{href}">x</a>')))
    assert "Traceback" not in err
    if code == 0:  # removed by the sanitiser, with a warning
        assert "javascript" not in (tmp_path / "output/about/index.html").read_text("utf-8").lower()
        assert "warning" in err
    else:
        assert code == 1 and f"content/pages/about.md:{LINE}: " in err


# --- URLs: control characters and white space ---------------------------------------------------

def _site_yaml(base_url_line: str) -> str:
    return SITE_YAML.replace("base_url: https://test.example/", base_url_line)


@pytest.mark.parametrize("line", [
    'base_url: "https://test.example/\\nDisallow: /\\nSitemap: https://evil.example/x.xml"',
    "base_url: |\n  https://test.example/\n  Disallow: /",
    'base_url: "https://test.example/\\r"',
    'base_url: "https://test.example/ sub/"',
    'base_url: "https://test.example/\\u2028"',
    'base_url: "https://test.\\texample/"',
])
def test_control_characters_in_base_url_are_an_error_with_its_line(make_site, run, tmp_path, line):
    content = make_site()
    (content / "site.yaml").write_text(_site_yaml(line), "utf-8")
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 1, err
    assert "content/site.yaml:5: base_url " in err and "Traceback" not in err
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("url",
                         ["https://test.example/\nDisallow: /", "https://test.example/\t", "https://a b.example/"])
def test_control_characters_in_base_url_option_are_a_usage_error(make_site, run, url):
    code, _, err = run("build", "--as-of", "2567-06-01", "--base-url", url, content=make_site())
    assert code == 2 and "Traceback" not in err


def test_robots_txt_never_gets_an_extra_line(make_site, run, tmp_path):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from sitegen.load.config import SiteConfig, check_base_url

    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=30), st.text(max_size=30))
    def prop(host_tail: str, path: str) -> None:
        try:
            url = check_base_url(f"https://test{host_tail}.example/{path}")
            config = SiteConfig("n", "s", "d", "p", url, "thai", ())
        except ValueError:
            return
        text = f"User-agent: *\nAllow: /\nSitemap: {config.base_url}sitemap.xml\n"
        assert text.count("\n") == 3 and len(text.splitlines()) == 3

    prop()
    code, _, err = run("build", "--as-of", "2567-06-01", content=make_site())
    assert code == 0, err
    robots = (tmp_path / "output/robots.txt").read_text("utf-8")
    assert robots.splitlines() == ["User-agent: *", "Allow: /", "Sitemap: https://test.example/sitemap.xml"]


def test_site_config_refuses_a_line_break_whoever_builds_it():
    from sitegen.load.config import SiteConfig

    with pytest.raises(ValueError):
        SiteConfig("n", "s", "d", "p", "https://test.example/\nDisallow: /", "thai", ())


@pytest.mark.parametrize("ref", ['"https://example.go.th/a b.pdf"', '"https://example.go.th/a\\nb.pdf"',
                                 '"files/a\\u0000.pdf"', '"https://example.go.th/\\u00a0x.pdf"'])
def test_attachment_urls_with_control_characters_or_spaces_are_errors(make_site, run, ref):
    action = ("-- actions/2567/2024-01-10-x.md --\n---\ntitle: t\ndate: 2024-01-10\nitems: [E7]\n"
              f"attachments:\n  - {ref}\n---\n")
    code, _, err = run("check", "--as-of", "2567-06-01", content=make_site(action))
    assert code == 1 and "content/actions/2567/2024-01-10-x.md:6: " in err and "Traceback" not in err
    *problems, summary = err.splitlines()
    assert all(line.startswith("content/") for line in problems), err  # the quoted line break stays escaped


def test_attachment_file_name_with_spaces_is_fine(make_site, run, tmp_path):
    content = make_site("-- files/รายงาน ประจำปี.pdf --\n%PDF\n-- actions/2567/2024-01-10-x.md --\n---\ntitle: t\n"
                        "date: 2024-01-10\nitems: [E7]\nattachments: [files/รายงาน ประจำปี.pdf]\n---\n")
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 0, err
