"""Browser fixtures (a pytest plugin, loaded by conftest.py): Debian's Chromium driven by Playwright.

Playwright's wheel bundles its driver; its own browser download (``playwright install``) is never used,
so the tests run the Chromium the machine has. Without it the browser tests skip on a developer's
machine and fail in CI (``CI`` set), so a CI image that lost its browser cannot pass by skipping.

    def test_x(browser_tab):             # a fresh page, its console and requests recorded
        browser_tab.page.goto(url); ...; assert not browser_tab.csp_violations()
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class Tab:
    """A browser page and what it did: console messages (and page errors), and every URL it requested."""

    page: Any
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return [m for m in self.console if "Content Security Policy" in m]


@pytest.fixture
def browser_tab(browser) -> Iterator[Tab]:
    """A new page in its own context (Thai locale), recording its console and its requests."""
    context = browser.new_context(locale="th-TH")
    tab = Tab(context.new_page())
    tab.page.on("console", lambda message: tab.console.append(f"{message.type}: {message.text}"))
    tab.page.on("pageerror", lambda error: tab.console.append(f"pageerror: {error}"))
    tab.page.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()
