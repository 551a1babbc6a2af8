"""Browser fixtures (a pytest plugin, loaded by conftest.py): Debian's Chromium driven by Playwright.

Playwright's wheel bundles its driver; its own browser download (``playwright install``) is never used,
so the tests run the Chromium the machine has. Without it the browser tests skip on a developer's
machine and fail in CI (``CI`` set), so a CI image that lost its browser cannot pass by skipping.

    def test_x(browser_page):            # a fresh page, its console recorded
        page, console = browser_page
        page.goto(url); ...; assert not [m for m in console if "Content Security Policy" in m]
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _chromium_path() -> str:
    path = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    if path is None:
        why = f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium fonts-thai-tlwg)"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole run (starting it costs about a second)."""
    path = _chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(browser) -> Iterator[tuple[object, list[str]]]:
    """A new page in its own context, and the list its console messages (and page errors) go to."""
    context = browser.new_context(locale="th-TH")
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    yield page, console
    context.close()
