"""Remake the theme's favicon.ico from its favicon.svg (run once after changing the SVG; the build only copies them).

The SVG is drawn by Debian's Chromium at 16, 32 and 48 px and Pillow packs the three into one ICO, so the
two files show the same picture: ``pip install -e ".[docs]" && python docs/make_favicon.py``.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parent.parent / "sitegen/theme/templates/static"
SIZES = (16, 32, 48)


def main() -> None:
    svg = (STATIC / "favicon.svg").read_text(encoding="utf-8")
    images = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for size in SIZES:
            page = browser.new_page(viewport={"width": size, "height": size})
            sized = svg.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
            page.set_content(f"<body style='margin:0'>{sized}</body>")
            images.append(Image.open(io.BytesIO(page.screenshot(omit_background=True))).convert("RGBA"))
            page.close()
        browser.close()
    largest = images[-1]
    largest.save(STATIC / "favicon.ico", format="ICO", sizes=[(s, s) for s in SIZES], append_images=images[:-1])
    print(f"wrote {STATIC / 'favicon.ico'}")


if __name__ == "__main__":
    main()
