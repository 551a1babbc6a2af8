"""The search index builder and the reference of the query rules (sitegen/render/search/text.py); search.js is
tested against the same rules in Chromium (tests/test_search_browser.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import example, given, settings
from html.parser import HTMLParser
import unicodedata
from hypothesis import strategies as st

from conftest import ROOT, TEMPLATES
from sitegen.cli import main
from sitegen.render.markdown import sanitize
from sitegen.render.search.text import (
    BLOCK_TAGS, FOLDED, NOT_PLAIN, SKIPPED_TAGS, SearchDoc, _main_text, clean, contains, fold, html_text, page_doc,
    search, terms,
)
from sitegen.render.search.files import load_docs


def doc(url: str, text: str, title: str = "", codes: tuple[str, ...] = ()) -> SearchDoc:
    return SearchDoc(url, title, codes, text)


def page(main: str, head: str = "") -> str:
    return (f"<!DOCTYPE html><html lang='th'><head>{head}<title>t</title></head><body>"
            f"<header><nav>เมนูหลัก หน้าแรก</nav></header><main>{main}</main><footer>ที่อยู่ ตำบล</footer></body></html>")


# --- folding -------------------------------------------------------------------------------------

def test_fold_digits_case_and_thai_spaces():
    assert fold("ปี ๒๕๖๖") == fold("ปี2566") == "ปี2566"
    assert fold("E๗") == fold("e7") == "e7"
    assert fold("นายก  อบต.\n สมาชิก") == "นายกอบต.สมาชิก"
    assert fold("the 7 items") == "the 7 items"  # spaces between Latin words and digits stay
    assert fold("ก\u0e33") == fold("กำ")  # NFC: sara am typed as nikhahit + sara aa


def test_terms_cut_the_query_at_its_spaces():
    assert terms("  ประชุม   คณะกรรมการ ") == ["ประชุม", "คณะกรรมการ"]
    assert terms("E๗ e7") == ["e7"]
    assert terms(" \t ") == []


def test_numbers_match_whole_at_a_digit_edge():
    assert contains("e7ข้อ", "e7")
    assert not contains("e10", "e1")
    assert not contains("25661", "2566")
    assert not contains("12566", "2566")
    assert contains("ปี2566ข้อ", "2566")
    assert contains("e1 e10", "e1")  # a later whole hit still counts
    assert contains("กองทุนหลักประกัน", "ทุนหลัก")


# --- extracting the pages ------------------------------------------------------------------------

def test_page_doc_takes_the_main_text_and_its_heading():
    html = page("<h1><span class='code'>E๗</span> การเผยแพร่</h1><p>กอง<b>ทุน</b>หลักประกัน</p>"
                "<script>var x = 'ลับ';</script><table><tr><td>หนึ่ง</td><td>สอง</td></tr></table>")
    found = page_doc("eit/2566/e7/index.html", html)
    assert found == SearchDoc("eit/2566/e7/", "E๗ การเผยแพร่", ("e7",), "E๗ การเผยแพร่ กองทุนหลักประกัน หนึ่ง สอง")


def test_page_doc_reads_quoted_attributes_entities_and_comments():
    html = page('<h1 title="E1 > E2">ข้อ&nbsp;E๗</h1><!-- <p>ซ่อน</p> --><p><a title=\'a > "b"\' href="/x?a=1&amp;b=2">'
                'ลิงก์</a> A&amp;B &lt;main&gt;</p>')
    found = page_doc("x/index.html", html)
    assert found == SearchDoc("x/", "ข้อ E๗", ("e7",), "ข้อ E๗ ลิงก์ A&B <main>")  # &nbsp; is white space


def test_page_doc_leaves_out_redirects_and_pages_without_main():
    refresh = page("<h1>O1</h1>", '<meta http-equiv="refresh" content="0; url=/">')
    assert page_doc("ita/2566/o1/index.html", refresh) is None
    assert page_doc("x.html", "<html><body><p>ไม่มี main</p></body></html>") is None


def test_thai_addresses_are_percent_encoded_once():
    found = page_doc("news/2567/ประชุม-สภา/index.html", page("<h1>ประชุมสภา</h1>"))
    assert found is not None
    assert found.url == "news/2567/%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%8A%E0%B8%B8%E0%B8%A1-%E0%B8%AA%E0%B8%A0%E0%B8%B2/"


# Pieces of HTML, of the kind a body's HTML is made of and of the kinds it never holds (upper-case tags, comments,
# scripts, a bare "<" or "&", unclosed quotes), for the fast reading of a body's text to be checked on both.
FRAGMENT_PIECES = st.sampled_from([
    "<p>", "</p>", "<li>", "</li>", "<br>", "<h1>", "</h1>", "<td>", "<b>", "</b>", "<a href=\"x>y\">", "</a>",
    "<p-x>", "<pX>", "<P>", "</P>", "<img alt='a b'>", "<span title=\"", "&amp;", "&lt;", "&#3585;", "&#x0E01;",
    "&amp", "&", "&foo;", "<", ">", "</", "<!-- ก -->", "<script>x</script>", "<style>p{}</style>", "<noscript>",
    "</template>", "<1", "ก", "ข้อ", "E7", " ", "\n", "\t", "\u00a0", "\u200b", "\x1c", "\"", "'", "x",
])


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(FRAGMENT_PIECES, max_size=24))
@example(["ก", "<pX>", "ข"]).via("a tag named like a block's, but not one")
@example(["ก", "<p-x>", "ข", "<br>", "ค"]).via("the same, and a block")
@example(["ก", "<a href=\"x>y\">", "ข", "</a>", "&amp", "x"])
@example(["<", "ก", "<script>x</script>", "ข", "<!-- ก -->"])
def test_a_body_s_text_read_in_passes_is_its_text_read_token_by_token(pieces):
    fragment = "".join(pieces)
    found = _main_text(f"<main>{fragment}</main>")
    assert html_text(fragment) == (clean(found[0]) if found else "")


def test_a_body_as_nh3_writes_it_is_read_in_passes():
    """The passes must serve the bodies they were made for, not only agree with the tokens when they fall back."""
    html = sanitize("<p>ก &amp; ข <b>ค</b></p><ul><li>ง</li></ul>")
    assert not NOT_PLAIN.search(html)
    assert html_text(html) == "ก & ข ค ง"


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(["ก", "a", "7", "A", "๗", " ", "\n", "\t", "\u00a0", "\u2003", "\x1c", "\x85",
                                     "\u200b", "\u0e33", "\u0e4d\u0e32"])).map("".join))
def test_clean_and_fold_treat_white_space_as_the_regex_did(text):
    nfc = unicodedata.normalize("NFC", text)
    assert clean(text) == re.sub(r"\s+", " ", nfc).strip()
    folded = clean(text).translate(FOLDED)
    assert fold(text) == re.sub(r" (?![a-z0-9])|(?<![a-z0-9]) ", "", folded)


# --- the index -----------------------------------------------------------------------------------

DOCS = [
    doc("a/", "กองทุนหลักประกันสุขภาพ ประจำปี ๒๕๖๖", "คณะกรรมการกองทุน"),
    doc("b/", "รายงานผลทุกไตรมาส ข้อ E๗ และ E๑๐", "ข้อ E๗ การเผยแพร่", ("e7",)),
    doc("c/", "the 7 items, not e7", "English"),
]


# --- the query rules -----------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    ("กองทุน", ["a/"]),
    ("ทุนหลัก", ["a/"]),  # a part of a compound
    ("๒๕๖๖", ["a/"]), ("2566", ["a/"]), ("๒๕66", ["a/"]),
    ("ประจำปี2566", ["a/"]), ("ประจำปี ๒๕๖๖", ["a/"]),
    ("กองทุน สุขภาพ", ["a/"]), ("สุขภาพ กองทุน", ["a/"]),
    ("กองทุน ไตรมาส", []),  # AND: no page has both
    ("E7", ["b/", "c/"]), ("e๗", ["b/", "c/"]),  # the page whose code it is first
    ("E1", []), ("566", []),  # whole numbers: not inside E10 or 2566
    ("the 7", ["c/"]), ("the7", []),
    ("จ้าง", []), ("", []),
])
def test_query_rules(query, expected):
    assert search(DOCS, query) == expected


def test_title_hits_rank_first():
    docs = [doc("x/", "ไตรมาส ไตรมาส ไตรมาส"), doc("y/", "อื่น ๆ", "รายงานไตรมาส")]
    assert search(docs, "ไตรมาส") == ["y/", "x/"]


THAI = st.text(st.sampled_from("กขคงจตทนบปมยรลวสหอะาิีุูเแโไ่้๊ั็ำ๐๑๒๓๔๕๖๗๘๙ 0123456789E"), max_size=40)


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(THAI, min_size=1, max_size=6), query=THAI)
def test_never_a_page_without_every_term(texts, query):
    docs = [doc(f"{n}/", t) for n, t in enumerate(texts)]
    found = set(search(docs, query))

    def oracle(term: str) -> re.Pattern[str]:  # the rule, written independently as a pattern
        before = "(?<![0-9])" if term[0].isdigit() else ""
        after = "(?![0-9])" if term[-1].isdigit() else ""
        return re.compile(before + re.escape(term) + after)

    for d in docs:
        holds = bool(terms(query)) and all(oracle(t).search(fold(d.text)) for t in terms(query))
        assert (d.url in found) == holds


@settings(max_examples=150, deadline=None)
@given(text=THAI.filter(lambda t: fold(t)), data=st.data())
def test_any_substring_of_the_text_finds_its_page(text, data):
    folded = fold(text)
    start = data.draw(st.integers(0, len(folded) - 1))
    end = data.draw(st.integers(start + 1, len(folded)))
    part = folded[start:end].strip()
    if not part or (part[0].isdigit() and start and folded[start - 1].isdigit()) \
            or (part[-1].isdigit() and end < len(folded) and folded[end].isdigit()):
        return  # a piece of a number: whole numbers only, by the rules
    if unicodedata.normalize("NFC", part) != part:
        return  # no query is this: a query is NFC, and dropping a space between two marks can leave them out of order
    assert search([doc("p/", text)], part) == ["p/"]


# --- in the build --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "output"
    assert main(["build", "--no-pdf", "--content", str(ROOT / "content"), "--templates", str(TEMPLATES),
                 "--out", str(out), "--as-of", "2566-09-30"]) == 0
    return out


def test_build_writes_the_index_of_every_page(seed_site):
    docs = load_docs(seed_site)
    urls = {d.url for d in docs}
    pages = {str(p.relative_to(seed_site).parent) + "/" for p in seed_site.rglob("index.html")}
    redirects = {u for u in pages if "http-equiv=\"refresh\"" in (seed_site / u / "index.html").read_text("utf-8")}
    assert urls == {u.removeprefix("./") for u in pages - redirects - {"search/", "pages/"}}
    assert "eit/2566/e7/" in urls and "search/" not in urls
    assert search(docs, "บริการปฐม")[0] == "actions/2566/2022-10-27-health-fund-committee/"


class _Reference(HTMLParser):
    """The text of <main> by the standard library's parser: what search.py's tokenizer must agree with."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.inside += tag == "main"
        self.skip += bool(self.inside and tag in SKIPPED_TAGS)
        self.parts += [" "] if self.inside and tag in BLOCK_TAGS else []

    def handle_endtag(self, tag):
        self.skip -= bool(self.inside and tag in SKIPPED_TAGS)
        self.parts += [" "] if self.inside and tag in BLOCK_TAGS else []
        self.inside -= tag == "main"

    def handle_data(self, data):
        self.parts += [data] if self.inside and not self.skip else []


@pytest.fixture(scope="module")
def contract_site(tmp_path_factory) -> Path:
    from golden import _contract

    root = tmp_path_factory.mktemp("contract")
    assert main(["build", "--no-pdf", "--content", str(_contract(root)), "--templates", str(TEMPLATES),
                 "--out", str(root / "output"), "--as-of", "2024-10-15"]) == 0
    return root / "output"


@pytest.mark.parametrize("site", ["seed", "contract"])
def test_the_tokenizer_reads_every_built_page_as_html_parser_does(site, request):
    folder = request.getfixturevalue(f"{site}_site")
    checked = 0
    for path in sorted(folder.rglob("*.html")):
        html = path.read_text("utf-8")
        found, reference = page_doc("p.html", html), _Reference()
        reference.feed(html)
        expected = " ".join("".join(reference.parts).split())
        if found is not None:
            assert " ".join(found.text.split()) == unicodedata.normalize("NFC", expected), path
            checked += 1
    assert checked >= 15  # the contract site has 19 pages with a <main>


def test_every_page_links_to_search_and_the_search_page_is_labelled(seed_site):
    for path in seed_site.rglob("*.html"):
        header = BeautifulSoup(path.read_text("utf-8"), "html.parser").find("header")
        assert header is not None and header.find("a", href="/search/", string="ค้นหา"), path
    soup = BeautifulSoup((seed_site / "search/index.html").read_text("utf-8"), "html.parser")
    form = soup.find("form", role="search")
    assert form is not None and form["action"] == "/pages/"  # without JavaScript: the list of all pages
    field = form.find("input", type="search")
    assert soup.find("label", attrs={"for": field["id"]})
    assert soup.find(id="search-status")["aria-live"] == "polite"
    assert soup.find("script", src="/static/search.js")
    assert (seed_site / "static/search.js").is_file()


def test_the_list_of_all_pages_links_every_indexed_page(seed_site):
    docs = load_docs(seed_site)
    soup = BeautifulSoup((seed_site / "pages/index.html").read_text("utf-8"), "html.parser")
    links = [a["href"] for a in soup.select("main ol.page-list a")]
    assert links == ["/" + d.url for d in docs]


@pytest.mark.parametrize("name", ["search", "pages"])
def test_a_free_page_cannot_take_the_search_addresses(make_site, run, name):
    code, _, err = run("build", "--as-of", "2024-06-01",
                       content=make_site(f"-- pages/{name}.md --\n---\ntitle: หน้าของเรา\n---\nข้อความ\n"))
    assert code == 1
    assert f"content/pages/{name}.md" in err and "the name is reserved" in err
