"""Live reload in a real browser: every save reaches the open page, the strict CSP stays in force.

``sitegen serve`` runs as a real subprocess and Debian's Chromium opens its pages (tests/browser.py).
The page is never reloaded by the test: each change on screen comes from the reload script.
"""

from __future__ import annotations

import time

import pytest
from conftest import ITEM_E7
from playwright.sync_api import expect

SHOWN_WITHIN = 2.0  # seconds: the promise, a save is on screen within 2 s
WAIT_MS = 15_000  # how long the test waits to see it at all (a loaded machine polls slowly)


def loaded_at(page) -> float:
    """When the page on screen was parsed and shown (epoch seconds), by the browser's own clock."""
    return page.evaluate("(performance.timeOrigin"
                         " + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd) / 1000")


def test_every_save_reaches_the_open_page(make_site, serve_site, browser_tab):
    content = make_site()
    _, url = serve_site(content)
    page = browser_tab.page
    page.goto(url + "eit/2567/e7/")
    main = page.locator("main")
    expect(main).to_contain_text("งานประชาสัมพันธ์")
    item = content / "eit/2567/E7.md"

    first = time.time()
    item.write_text(ITEM_E7.replace("งานประชาสัมพันธ์", "กองคลัง"), "utf-8")
    expect(main).to_contain_text("กองคลัง", timeout=WAIT_MS)
    assert first < loaded_at(page) < first + SHOWN_WITHIN

    # A typo spotted and saved again 1.5 s after the first save (livereload 2.7 dropped this one).
    time.sleep(max(0.0, first + 1.5 - time.time()))
    second = time.time()
    item.write_text(ITEM_E7.replace("responsible:", "responsable:"), "utf-8")
    banner = page.locator(".sitegen-errors")
    expect(banner).to_be_visible(timeout=WAIT_MS)
    assert second < loaded_at(page) < second + SHOWN_WITHIN
    expect(banner).to_contain_text("content/eit/2567/E7.md:3:")
    expect(main).to_contain_text("กองคลัง")  # the last good build stays on screen under the banner

    third = time.time()
    item.write_text(ITEM_E7, "utf-8")
    expect(banner).to_have_count(0, timeout=WAIT_MS)
    expect(main).to_contain_text("งานประชาสัมพันธ์")
    assert third < loaded_at(page) < third + SHOWN_WITHIN

    assert not browser_tab.csp_violations(), browser_tab.console
    assert all(r.startswith(url) for r in browser_tab.requests), browser_tab.requests  # nothing leaves the site


def test_missing_chromium_skips_locally_and_fails_in_ci(monkeypatch):
    import browser

    monkeypatch.setattr(browser, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        browser._chromium_path()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        browser._chromium_path()
