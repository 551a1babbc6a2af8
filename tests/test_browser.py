"""Every page type of two built sites, checked in Debian's Chromium (tests/conftest.py) as readers meet them:
axe-core (WCAG 2.1 A/AA) with 0 violations, in light and dark mode; the W3C Nu validator with 0 errors on every
generated HTML file and the CSS; no sideways scroll or clipped text at 360 px or at 200 % text on 1280 px;
tap targets of 24 px (WCAG 2.2 2.5.8); the menu by keyboard alone; no motion when reduced motion is asked for.
Screenshots of every page at 360 × 740 and 1280 × 800 go to ``test-output/screenshots/`` (git-ignored) to look at.

The sites: the repository's content/ (the seed, Thai digits, at the site root) and the contract site of
test_contract_site.py (arabic digits, under a sub-path) with a news item and a document added. The tools come
from npm (tests/tools/package.json, installed into the git-ignored tests/tools/node_modules by .ci/run, or here
on first use); vnu.jar needs Java. A page type is one line of PAGES. The dark-mode pass and the screenshots
are marked ``full``: run in CI (``CI`` set) or with SITEGEN_FULL=1 (tests/conftest.py).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest

import pagechecks
from conftest import ROOT, TEMPLATES, write_tree
from test_contract_site import CONTENT as CONTRACT

# The whole page-by-page suite is the "full" browser run: CI (CI set) and SITEGEN_FULL=1 run it, a
# developer's quick run leaves it out (it alone takes about two minutes on two cores).
pytestmark = pytest.mark.full

TOOLS = Path(__file__).parent / "tools"
SHOTS = ROOT / "test-output" / "screenshots"

EXTRA = """\
-- news/2567/2024-01-10-ประชุม-สภา.md --
---
title: ประกาศผลการประชุมสภา อบต. สมัยสามัญ
date: 2567-01-10
attachments: [files/2567/form.pdf]
---
สภา อบต.บ้านทดลองประชุมสมัยสามัญ ครั้งที่ 1 ดู[มาตรการ](../../eit/2567/index.md)
-- documents/plan-2567.md --
---
title: แผนปฏิบัติการป้องกันการทุจริต ประจำปี 2567
date: 2566-10-01
attachments: [files/2567/form.pdf]
---
แผนฉบับนี้สรุปมาตรการของปีงบประมาณ
"""

# Every page type: (name, path on the contract site, path on the seed site or None if it has none).
PAGES = [
    ("home", "index.html", "index.html"),
    ("measures", "eit/2567/index.html", "eit/2566/index.html"),
    ("report-6", "eit/2567/report-6-months/index.html", "eit/2566/report-6-months/index.html"),
    ("report-12", "eit/2567/report-12-months/index.html", "eit/2566/report-12-months/index.html"),
    ("item", "eit/2567/e1/index.html", "eit/2566/e11/index.html"),
    ("action", "actions/2567/2023-11-15-meeting/index.html", "actions/2566/2023-03-01-saratakhian-san/index.html"),
    ("news-list", "news/index.html", None),
    ("news", "news/2567/2024-01-10-ประชุม-สภา/index.html", None),
    ("documents", "documents/index.html", None),
    ("document", "documents/plan-2567/index.html", None),
    ("page", "about/index.html", "about/index.html"),
    ("ita", "ita/2567/index.html", "ita/2566/index.html"),
    ("ita-item", "ita/2567/o1/index.html", "ita/2566/o1/index.html"),
    ("contact", "contact/index.html", "contact/index.html"),
    ("search", "search/index.html", "search/index.html"),
    ("pages", "pages/index.html", "pages/index.html"),
    ("404", "404.html", "404.html"),
]
# The agency fixture of issue 16 (IIT/EIT/OIT and whole-indicator items, its own columns, sub-steps, several units,
# a planned action), as of a day in its year: the pages whose layout those change.
AGENCY = ROOT / "tests" / "fixtures" / "agency-2567" / "content"
AGENCY_PAGES = [
    ("home", "index.html"),
    ("measures", "eit/2567/index.html"),
    ("report-6", "eit/2567/report-6-months/index.html"),
    ("report-12", "eit/2567/report-12-months/index.html"),
    ("item-indicator", "eit/2567/iit-4/index.html"),
    ("item-iit", "eit/2567/i13/index.html"),
    ("action-planned", "actions/2567/2024-03-01-ช่องทางถามตอบ/index.html"),
]


@dataclass(frozen=True)
class Site:
    name: str
    root: Path   # the folder served at / (the pages' links are absolute paths: /abt/static/site.css)
    out: Path    # the built site inside it, at its base URL's path
    url: str     # the built site's address


def _build(root: Path, content: Path, out: Path, as_of: str) -> None:
    from sitegen.cli import main

    assert main(["build", "--no-pdf", "--content", str(content), "--templates", str(TEMPLATES), "--out", str(out),
                 "--as-of", as_of]) == 0


@functools.cache
def _server(root: Path) -> str:
    """A local web server for ``root`` (a thread, for the whole run): the pages need their absolute paths."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # no request log in the test output
        pass


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Site]:
    root = tmp_path_factory.mktemp("browser-sites")
    content = write_tree(root / "contract-content", CONTRACT + EXTRA)
    (content / "files/2567").mkdir(parents=True)
    (content / "files/2567/form.pdf").write_bytes(b"%PDF-1.4 test" + b"0" * 2000)
    _build(root, content, root / "contract/abt", "2024-10-15")  # base_url https://www.example.org/abt/
    _build(root, ROOT / "content", root / "seed", "2566-10-15")
    _build(root, AGENCY, root / "agency", "2567-06-01")
    return {"contract": Site("contract", root / "contract", root / "contract/abt", _server(root / "contract") + "abt/"),
            "seed": Site("seed", root / "seed", root / "seed", _server(root / "seed")),
            "agency": Site("agency", root / "agency", root / "agency", _server(root / "agency"))}


CASES = [pytest.param((site, kind, path), id=f"{site}-{kind}")
         for kind, contract, seed in PAGES
         for site, path in (("contract", contract), ("seed", seed)) if path is not None]
CASES += [pytest.param(("agency", kind, path), id=f"agency-{kind}") for kind, path in AGENCY_PAGES]


def _missing(why: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


def _tool(path: str) -> Path:
    """A file of the npm test tools, installed on first use (``npm ci``); skipped without npm unless in CI."""
    target = TOOLS / "node_modules" / path
    if not target.exists():
        npm = shutil.which("npm")
        if npm is None:
            why = "npm not found (Debian: apt-get install npm) to install axe-core and vnu-jar"
            _missing(why)
        subprocess.run([npm, "ci", "--prefix", str(TOOLS), "--no-audit", "--no-fund"], check=True,
                       capture_output=True)
    return target


def test_the_page_list_covers_every_page_type_the_site_makes(sites):
    """A new kind of page (a new folder of output) must be added to PAGES, or this fails."""
    listed = {kind_path.split("/")[0] for _, c, s in PAGES for kind_path in (c, s) if kind_path}
    made = {p.relative_to(sites["contract"].out).parts[0] for p in sites["contract"].out.rglob("*.html")}
    made |= {p.relative_to(sites["seed"].out).parts[0] for p in sites["seed"].out.rglob("*.html")}
    assert made <= listed, made - listed
    for site in (sites["contract"], sites["seed"]):
        for _, contract, seed in PAGES:
            path = contract if site.name == "contract" else seed
            assert path is None or (site.out / path).is_file(), (site.name, path)
    assert all((sites["agency"].out / path).is_file() for _, path in AGENCY_PAGES)


# --- each page is loaded once per window size (a module-scoped fixture per case: pytest runs every test of a case
# in a row); the tests that change how it is shown (text size, dark mode, reduced motion) put it back after.

VIEWPORTS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 1, "is_mobile": True,
              "has_touch": True},
}


@pytest.fixture(scope="module")
def contexts(browser) -> Iterator[dict[str, Any]]:
    """A browser context per window size. They bypass the page's CSP so that axe can be injected (the CSP itself
    is tested in test_live_reload.py); the pages run no script of their own."""
    made = {name: browser.new_context(locale="th-TH", bypass_csp=True, **options)
            for name, options in VIEWPORTS.items()}
    yield made
    for context in made.values():
        context.close()


@pytest.fixture(scope="module", params=CASES)
def case(request, sites) -> tuple[Site, str, str]:
    site_name, kind, path = request.param
    return sites[site_name], kind, path


def _loaded(contexts, case, viewport: str) -> Iterator[Any]:
    site, _, path = case
    page = contexts[viewport].new_page()
    _open(page, site, path)
    yield page
    page.close()


@pytest.fixture(scope="module")
def desktop(contexts, case) -> Iterator[Any]:
    yield from _loaded(contexts, case, "desktop")


@pytest.fixture(scope="module")
def phone(contexts, case) -> Iterator[Any]:
    yield from _loaded(contexts, case, "phone")


def _open(page, site: Site, path: str):
    response = page.goto(site.url + path, wait_until="load")
    assert response is not None and response.status == 200, (path, response and response.status)
    # Every face the CSS declares, loaded before anything is measured: fonts.ready alone resolves at once when a
    # face's load has not begun yet, and the fallback font's wider menu wrapped to 3 rows ("assert 3 == 1") on a
    # machine busy with a browser and a web server beside the suite.
    page.evaluate("Promise.all([...document.fonts].map((face) => face.load())).then(() => document.fonts.ready)")
    return page


def _none(problems: list[str], where: str = "") -> None:
    assert not problems, f"{where}\n" + "\n".join(problems)


def _axe(page) -> list[str]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(_tool("axe-core/axe.min.js")))
    return page.evaluate(pagechecks.AXE)


def _shot(page, case, suffix: str) -> None:
    site, kind, _ = case
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{site.name}-{kind}-{suffix}.png"), full_page=True)


def test_axe_finds_no_wcag21_aa_violation(desktop):
    _none(_axe(desktop))


@pytest.mark.full
def test_screenshots_at_360_and_1280(desktop, phone, case):
    """For a person to look at: every page type as a phone and a desktop show it (test-output/screenshots/)."""
    _shot(phone, case, "360")
    _shot(desktop, case, "1280")
    assert (SHOTS / f"{case[0].name}-{case[1]}-360.png").stat().st_size > 1000


def test_phone_no_sideways_scroll_and_24px_targets(phone):
    _none(phone.evaluate(pagechecks.OVERFLOW))
    _none(phone.evaluate(pagechecks.TARGETS))


def test_phone_header_takes_at_most_a_quarter_of_the_screen(phone):
    """At 360 × 740 the header (name, menu button, search) leaves the first screen to the page: ≤ 185 px."""
    height = phone.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    assert height <= 740 / 4, height
    assert phone.evaluate("getComputedStyle(document.querySelector('.main-nav')).display") == "none"


def test_generated_numbers_follow_the_sites_digits(desktop, case):
    """The seed and the agency fixture say digits: thai, the contract site digits: arabic; what sitegen writes
    follows it."""
    found = desktop.evaluate(pagechecks.GENERATED_DIGITS)
    assert found["thai" if case[0].name == "contract" else "arabic"] == [], found


def test_every_page_links_a_favicon_that_is_there(desktop, case):
    site = case[0]
    icons = desktop.eval_on_selector_all("link[rel=icon]", "links => links.map((l) => l.href)")
    assert len(icons) == 2
    for url in [*icons, site.url + "favicon.ico"]:
        response = desktop.request.get(url)
        assert response.status == 200 and len(response.body()) > 100, url


def test_desktop_and_text_zoomed_to_200_percent(desktop):
    _none(desktop.evaluate(pagechecks.OVERFLOW))
    _none(desktop.evaluate(pagechecks.TARGETS))
    # The menu items stay on one row (they wrapped to a second row once).
    rows = desktop.evaluate("() => new Set([...document.querySelectorAll('.main-nav li')]"
                            ".map((li) => Math.round(li.getBoundingClientRect().top))).size")
    assert rows == 1
    desktop.evaluate("document.documentElement.style.fontSize = '200%'")
    try:
        _none(desktop.evaluate(pagechecks.OVERFLOW), "text at 200 %")
    finally:
        desktop.evaluate("document.documentElement.style.fontSize = ''")


@pytest.mark.full
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_dark_mode_is_dark_readable_and_axe_clean(desktop, phone, case, viewport):
    page = {"desktop": desktop, "phone": phone}[viewport]
    page.emulate_media(color_scheme="dark")
    try:
        colours = page.evaluate(pagechecks.COLOURS)
        assert pagechecks.luminance(colours["background"]) < 0.05, colours  # a dark page, not a white flash
        assert pagechecks.contrast(colours["background"], colours["text"]) >= 7, colours
        if viewport == "phone":
            _shot(page, case, "360-dark")
        else:  # axe checks every colour pair once, on the wide page with the tables
            _none(_axe(page), "dark")
    finally:
        page.emulate_media(color_scheme="light")


def test_nothing_moves_when_reduced_motion_is_asked(desktop):
    desktop.emulate_media(reduced_motion="reduce")
    try:
        _none(desktop.evaluate(pagechecks.MOTION))
    finally:
        desktop.emulate_media(reduced_motion="no-preference")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("site_name", ["contract", "seed"])
def test_keyboard_reaches_skip_link_then_every_menu_link_with_a_visible_focus(sites, contexts, site_name, viewport):
    """On a wide screen the menu's links follow the agency's name; on a phone its "เมนู" button does, and Enter
    opens the same links (a <details>: no script)."""
    page = _open(contexts[viewport].new_page(), sites[site_name], "eit/2567/e1/index.html" if site_name == "contract"
                 else "eit/2566/e11/index.html")
    shown = ".main-nav a" if viewport == "desktop" else ".phone-menu nav a"
    menu = page.eval_on_selector_all(shown, "links => links.map((a) => a.getAttribute('href'))")
    assert len(menu) >= 4
    page.keyboard.press("Tab")
    first = page.evaluate(pagechecks.FOCUSED)
    assert "skip-link" in first["cls"] and first["inView"], first
    assert first["outline"] != "none" and first["outlineWidth"] >= 2, first
    if viewport == "phone":
        page.keyboard.press("Tab")  # the agency's name (home)
        page.keyboard.press("Tab")
        button = page.evaluate(pagechecks.FOCUSED)
        assert button["tag"] == "SUMMARY" and button["text"] == "เมนู" and button["inView"], button
        assert button["outline"] != "none" and button["outlineWidth"] >= 2, button
        assert page.evaluate("document.querySelector('.phone-menu').open") is False
        page.keyboard.press("Enter")
        assert page.evaluate("document.querySelector('.phone-menu').open") is True
    reached = []
    for _ in range(len(menu) + 3):  # (the agency's name, home, on a wide screen) then the menu
        page.keyboard.press("Tab")
        focused = page.evaluate(pagechecks.FOCUSED)
        if focused["inMenu"]:
            assert focused["inView"] and focused["outline"] != "none" and focused["outlineWidth"] >= 2, focused
            reached.append(focused["href"])
    assert reached == menu
    # The skip link does what it says: Enter on it moves the focus into the main content.
    _open(page, sites[site_name], "index.html")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()


def _menu_button(page) -> dict[str, Any]:
    """The "เมนู" button as Chromium's accessibility tree gives it to screen readers: its role and expanded state."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    for node in nodes:
        if node.get("name", {}).get("value") == "เมนู" and not node.get("ignored"):
            return {"role": node["role"]["value"],
                    **{prop["name"]: prop["value"].get("value") for prop in node.get("properties", [])}}
    raise AssertionError("no accessible node named เมนู")


def test_the_phone_menu_is_a_button_with_its_state_for_screen_readers(sites, contexts):
    page = _open(contexts["phone"].new_page(), sites["seed"], "index.html")
    closed = _menu_button(page)
    assert closed["role"] == "DisclosureTriangle" and closed["expanded"] is False, closed  # a button, collapsed
    assert closed.get("focusable") is True, closed
    page.click(".phone-menu summary")
    assert _menu_button(page)["expanded"] is True
    assert page.locator(".phone-menu nav a").first.is_visible()
    _none(page.evaluate(pagechecks.OVERFLOW), "menu open")
    _none(page.evaluate(pagechecks.TARGETS), "menu open")
    _none(_axe(page), "menu open")
    page.close()


def _vnu(args: list[str]) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        why = "java not found (Debian: apt-get install default-jre-headless) to run the Nu validator"
        _missing(why)
    jar = _tool("vnu-jar/build/dist/vnu.jar")
    # C1 only (TieredStopAtLevel=1) starts the JVM 4× faster for one short run; it needs a deeper stack.
    done = subprocess.run([java, "-Xss16m", "-XX:TieredStopAtLevel=1", "-jar", str(jar), "--errors-only",
                           "--format", "json", *args], capture_output=True, text=True)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    return [m for m in messages if m["type"] in ("error", "non-document-error")]


def test_nu_validator_finds_no_error_in_any_generated_file(sites):
    """One JVM run over every HTML file of both sites (about 5–10 s), and the theme's CSS."""
    files = sorted(str(p) for site in sites.values() for p in site.out.rglob("*.html"))
    assert len(files) > 30
    errors = _vnu(files)
    assert errors == [], "\n".join(f"{e.get('url')}:{e.get('lastLine')}: {e['message']}" for e in errors[:20])
    assert _vnu(["--css", str(sites["seed"].out / "static/site.css")]) == []


def test_search_works_under_the_sites_sub_path(sites, browser):
    """The contract site lives at /abt/: search.js fetches its index files there and links its results there."""
    from sitegen.render.search.text import search
    from sitegen.render.search.files import load_docs

    site = sites["contract"]
    expected = search(load_docs(site.out), "2567")
    assert expected
    context = browser.new_context(locale="th-TH")
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith(".json") else None)
    page.goto(site.url + "search/?q=2567")
    page.wait_for_selector("#search-status[data-query='2567']")
    links = page.locator("#search-results a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links == ["/abt/" + url for url in expected[:50]]
    assert fetched and all(url.startswith(site.url + "search/") for url in fetched), fetched
    context.close()
