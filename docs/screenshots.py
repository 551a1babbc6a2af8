"""Retake the staff guide's screenshots of the sample site: ``python docs/screenshots.py``.

Builds the sample (content/) as of a fixed date into a temporary folder, serves it on 127.0.0.1 and
photographs a few pages at phone (360 px) and desktop (1280 px) width with the system Chromium through
Playwright (``pip install playwright``; no ``playwright install``: the browser is Debian's). The PNGs are
reduced to a palette of 64 colours with Pillow, if installed, to keep the repository small.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"
AS_OF = "2566-04-02"
SHOTS = [  # (file name, page, width, height)
    ("home-1280.png", "", 1280, 800),
    ("measures-1280.png", "eit/2566/", 1280, 900),
    ("report-6-months-1280.png", "eit/2566/report-6-months/", 1280, 900),
    ("item-360.png", "eit/2566/e7/", 360, 740),
    ("ita-360.png", "ita/2566/", 360, 740),
]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def build(out: Path) -> None:
    subprocess.run([sys.executable, "-m", "sitegen", "build", "--no-pdf", "--content", str(ROOT / "content"),
                    "--out", str(out), "--as-of", AS_OF, "--base-url", "http://127.0.0.1:8765/"], check=True)


def shrink(path: Path) -> None:
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        image.convert("RGB").quantize(64).save(path, optimize=True)


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(site)
        handler = functools.partial(Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 8765), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                for name, page_path, width, height in SHOTS:
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(f"http://127.0.0.1:8765/{page_path}", wait_until="networkidle")
                    page.screenshot(path=OUT / name)
                    page.close()
                    shrink(OUT / name)
                    print(OUT / name)
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
