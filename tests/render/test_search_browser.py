"""search.js in Debian's Chromium on the seed site: a fixed list of queries and the pages each must find.

Every query is typed into /search/ as a reader would; the links shown must be exactly the expected
pages, in the order of the Python reference (sitegen/render/search/text.py), each holding every term, with its
hits highlighted. Words checked by hand against the built pages: จ้าง and ร้องเรียน do occur (in the
ITA items' descriptions) and must find only those pages; ประมูล, โควิด, ตำบลกอง, กองทุนตำบล occur
nowhere (all their bigrams do, so the index alone would let them through).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser import Tab
from conftest import ROOT, TEMPLATES
from sitegen.cli import main
from sitegen.render.search.text import SearchDoc, fold, search, terms
from sitegen.render.search.entries import page_entry
from sitegen.render.search.files import index_files, load_docs
from sitegen.render.search.postings import gram_shard

FUND = "actions/2566/2022-10-27-health-fund-committee/"
NEWSLETTER = "actions/2566/2023-03-01-saratakhian-san/"
YEAR, R6, R12 = "eit/2566/", "eit/2566/report-6-months/", "eit/2566/report-12-months/"
FUND_PAGES = [FUND, "", YEAR, R6, R12, "eit/2566/e14/"]


@dataclass(frozen=True)
class Query:
    text: str
    pages: tuple[str, ...] | None = None
    """Exactly these pages, in this order (None: see count and first)."""
    count: int = 0
    first: tuple[str, ...] = ()


QUERIES = [
    # parts of compounds (Pagefind finds none of these four)
    Query("กองทุน", tuple(FUND_PAGES)),
    Query("บริการปฐม", tuple(FUND_PAGES)),
    Query("ไตรมาส", (YEAR, R6, R12, "eit/2566/e6/")),
    Query("ตำบล", count=20, first=("", YEAR, "about/")),
    Query("ปฐมภูมิ", tuple(FUND_PAGES)),
    Query("สาระตะเคียนสาร", (NEWSLETTER, "", YEAR, R6, R12, "eit/2566/e7/")),
    # with and without spaces between Thai words
    Query("นายก อบต.", tuple(FUND_PAGES)),
    Query("นายกอบต.", tuple(FUND_PAGES)),
    Query("หัวหน้าหน่วย บริการปฐมภูมิ", tuple(FUND_PAGES)),
    Query("หัวหน้าหน่วยบริการปฐมภูมิ", tuple(FUND_PAGES)),
    Query("  คณะกรรมการ   กองทุน ", tuple(FUND_PAGES)),
    Query("กองทุน ไตรมาส", (YEAR, R6, R12)),  # AND: only the pages with both
    # Thai and Arabic digits
    Query("๒๕๖๖", count=60, first=(YEAR, R6, R12)),
    Query("2566", count=60, first=(YEAR, R6, R12)),
    Query("๒๕66", count=60, first=(YEAR, R6, R12)),
    Query("27 ตุลาคม 2565", (R6, R12, "", YEAR, "eit/2566/e14/", FUND, "ita/2566/")),
    Query("๒๗ ตุลาคม ๒๕๖๕", (R6, R12, "", YEAR, "eit/2566/e14/", FUND, "ita/2566/")),
    Query("ประจำปีงบประมาณ2566", tuple(FUND_PAGES)),
    # codes: the item's own page first
    Query("E7", ("eit/2566/e7/", YEAR, R6, R12, NEWSLETTER)),
    Query("e7", ("eit/2566/e7/", YEAR, R6, R12, NEWSLETTER)),
    Query("E๗", ("eit/2566/e7/", YEAR, R6, R12, NEWSLETTER)),
    Query("E1", ("eit/2566/e1/", "", YEAR, R6, R12)),  # not the pages of E10 … E15; home lists E๑ as due
    Query("O12", ("ita/2566/o12/", "ita/2566/")),
    Query("ข้อ E๗", ("eit/2566/e7/", NEWSLETTER, YEAR, R6, R12)),
    Query("ข้อE7", (NEWSLETTER,)),  # side by side: only where "ข้อ E๗" is written
    # present only in the ITA items' descriptions
    Query("จ้าง", ("ita/2566/o19/", "ita/2566/o20/", "ita/2566/o21/", "ita/2566/o22/", "ita/2566/")),
    Query("ร้องเรียน", ("ita/2566/o27/", "ita/2566/o28/", "ita/2566/o29/", "ita/2566/")),
    # absent from the site
    Query("ประมูล", ()),
    Query("โควิด", ()),
    Query("ตำบลกอง", ()),
    Query("กองทุนตำบล", ()),
    Query("น้ำท่วม", ()),
]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` served on a free local port: its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def seed_url(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The seed site built as of the end of FY2566, served on a free local port."""
    out = tmp_path_factory.mktemp("seed-search") / "output"
    assert main(["build", "--no-pdf", "--content", str(ROOT / "content"), "--templates", str(TEMPLATES),
                 "--out", str(out), "--as-of", "2566-09-30"]) == 0
    with served(out) as url:
        yield url, out


@pytest.fixture(scope="module")
def search_tab(browser, seed_url) -> Iterator[Tab]:
    """One search page for all the queries (each is typed over the last), its console and requests kept."""
    url, _ = seed_url
    context = browser.new_context(locale="th-TH")
    tab = Tab(context.new_page())
    tab.page.on("console", lambda message: tab.console.append(f"{message.type}: {message.text}"))
    tab.page.on("pageerror", lambda error: tab.console.append(f"pageerror: {error}"))
    tab.page.on("request", lambda request: tab.requests.append(request.url))
    tab.page.goto(url + "search/")
    expect(tab.page.locator(".search-form")).to_have_attribute("data-ready", "true")
    yield tab
    context.close()


def ask(page, query: str) -> list[str]:
    """Type ``query`` and press Enter; the result links (site paths, no leading slash)."""
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    expect(page.locator("#search-status")).to_have_attribute("data-query", query)
    return [href.removeprefix("/") for href in page.locator("#search-results a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")]


@pytest.mark.full  # one page load per query; the Python reference tests run quick
@pytest.mark.parametrize("query", QUERIES, ids=[q.text.strip() for q in QUERIES])
def test_query_finds_exactly_its_pages(seed_url, search_tab, query):
    url, out = seed_url
    docs = load_docs(out)
    page = search_tab.page
    found = ask(page, query.text)
    if query.pages is not None:
        assert found == list(query.pages)
    else:
        assert len(found) == min(query.count, 50) and found[:len(query.first)] == list(query.first)
        assert page.locator("#search-status").get_attribute("data-count") == str(query.count)
    assert found == search(docs, query.text)[:50]  # the script keeps the reference's rules and order
    by_url = {d.url: d for d in docs}
    words = terms(query.text)
    for hit in found:  # never a page without what was asked
        body = fold(f"{by_url[hit].title} {by_url[hit].text}")
        assert all(w in body for w in words), hit
    marks = page.locator("#search-results mark").all_text_contents()
    assert all(any(w in fold(m) for w in words) for m in marks), marks  # adjacent hits share one mark
    if found:  # the first result's snippet highlights each term its text holds
        shown = [fold(m) for m in page.locator("#search-results li").first.locator("mark").all_text_contents()]
        for word in words:
            if word in fold(by_url[found[0]].text):
                assert any(word in m for m in shown), (word, shown)
    status = page.locator("#search-status").text_content() or ""
    assert ("พบ" in status) if found else status.startswith("ไม่พบ")
    assert not search_tab.csp_violations(), search_tab.console
    assert not [m for m in search_tab.console if m.startswith("pageerror")], search_tab.console
    assert all(r.startswith(url) for r in search_tab.requests), search_tab.requests  # nothing leaves the site


def test_keyboard_only_from_the_header_to_a_result(seed_url, browser_tab):
    url, _ = seed_url
    page = browser_tab.page
    page.goto(url)
    for _ in range(40):  # Tab through the header until the search link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "ค้นหา":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(url + "search/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-q":
            break
    page.keyboard.type("ไตรมาส")
    page.keyboard.press("Enter")
    expect(page.locator("#search-status")).to_have_text("พบ ๔ หน้าที่มีคำว่า “ไตรมาส”")
    assert page.url.endswith("search/?q=%E0%B9%84%E0%B8%95%E0%B8%A3%E0%B8%A1%E0%B8%B2%E0%B8%AA")
    page.keyboard.press("Tab")  # the button
    page.keyboard.press("Tab")  # the first result
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/eit/2566/"


def test_a_shared_search_address_shows_its_results(seed_url, browser_tab):
    url, _ = seed_url
    page = browser_tab.page
    page.goto(url + "search/?q=E%E0%B9%97")  # ?q=E๗
    expect(page.locator("#search-status")).to_have_attribute("data-query", "E๗")
    assert page.locator("#search-results a").first.get_attribute("href") == "/eit/2566/e7/"
    assert page.locator("#search-q").input_value() == "E๗"


def test_without_javascript_the_form_leads_to_every_page(seed_url, browser):
    url, out = seed_url
    context = browser.new_context(java_script_enabled=False, locale="th-TH")
    page = context.new_page()
    page.goto(url + "search/")
    assert page.locator("noscript").count() == 1
    page.fill("#search-q", "ไตรมาส")
    page.press("#search-q", "Enter")
    page.wait_for_url(url + "pages/?q=*")
    expect(page.locator("h1")).to_have_text("รายการหน้าทั้งหมด")
    docs = load_docs(out)
    assert page.locator("main ol.page-list a").count() == len(docs)
    context.close()


def test_a_query_fetches_the_manifest_its_grams_shards_and_some_text(seed_url, browser):
    """The index is cut up so that a query downloads what it needs: the manifest, the shards of its grams (and of
    the whole query's, for the title rank) and the chunks of its candidates, not the whole index."""
    url, out = seed_url
    manifest = json.loads((out / "search/index.json").read_text("utf-8"))
    context = browser.new_context(locale="th-TH")
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url.removeprefix(url)) if "/search/" in r.url[len(url) - 1:]
            and r.url.endswith(".json") else None)
    page.goto(url + "search/?q=E%E0%B9%97")  # ?q=E๗: one bigram, e7
    expect(page.locator("#search-status")).to_have_attribute("data-query", "E๗")
    shards = {f"search/s/{manifest['shards'][gram_shard(g, len(manifest['shards']))]}.json" for g in ("e7",)}
    assert {f for f in fetched if f.startswith("search/s/")} == shards
    chunks = [f for f in fetched if f.startswith("search/t/")]
    assert 1 <= len(chunks) < len(manifest["chunks"])
    assert set(fetched) == {"search/index.json", *shards, *chunks} and len(fetched) == len(set(fetched))
    context.close()


def test_a_long_page_is_fetched_only_until_a_unit_holds_each_word(seed_url, browser, tmp_path):
    """A word on every unit of a long page (a round report of 5 000 actions, each naming its year): the page is
    found, with its snippet, from the first unit holding each word, not from every unit that may (that cost one
    query on the benchmark's 10 000 documents 217 chunk files; 29 now)."""
    site = tmp_path / "site"
    shutil.copytree(seed_url[1], site)
    for folder in ("s", "t"):
        shutil.rmtree(site / "search" / folder)
    lines = " ".join(f"กิจกรรมที่ {n} งานลอยกระทง ประจำปี ๒๕๖๗" for n in range(3000))
    docs = [SearchDoc("eit/2567/report/", "รายงานผล", (), f"{lines} ส่งท้ายด้วยการแข่งเรือ"),
            SearchDoc("actions/2567/a/", "งานลอยกระทง", (), "ลอยกระทงที่วัด")]
    entries = [page_entry(d) for d in docs]
    for path, data in index_files(entries):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(data)
    manifest = json.loads((site / "search/index.json").read_text("utf-8"))
    assert len(entries[0].units) > 40 and len(manifest["chunks"]) >= 20  # the long page spans many chunk files
    with served(site) as url:
        for query, expected in (("ลอยกระทง", ["actions/2567/a/", "eit/2567/report/"]),
                                ("ลอยกระทง แข่งเรือ", ["eit/2567/report/"])):
            context = browser.new_context(locale="th-TH")  # nothing fetched before
            page = context.new_page()
            chunks: set[str] = set()
            page.on("request", lambda r, chunks=chunks: chunks.add(r.url) if "/search/t/" in r.url else None)
            page.goto(url + "search/")
            assert ask(page, query) == expected == search(load_docs(site), query)
            assert page.locator("#search-results mark").count() >= 1
            assert len(chunks) <= 3, chunks  # the first unit (and, for แข่งเรือ, the last), not the forty between
            context.close()
