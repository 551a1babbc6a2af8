"""Search at scale: index size and query time in Chromium on a generated corpus (not part of the tests).

    python bench/search_bench.py [N] [OUT]      # default 10000 pages, a temporary folder
    python bench/search_bench.py --site DIR     # the query list on a built site (bench/.work/out/sitegen)

Builds the seed site, then replaces its index with one of N generated pages (sentences of the seed's
own pages recombined, seeded, so every run is the same corpus), serves it and types a fixed list of
queries into /search/ in Debian's Chromium. Prints the index size (raw and gzip) against the HTML of
the seed pages, the time to load the index, and per query the median time from the keystroke to the
results on screen.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import random
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.cli import main  # noqa: E402
from sitegen.render.search import SearchDoc, build_index, load_docs  # noqa: E402

QUERIES = ["กองทุน", "บริการปฐม", "ไตรมาส", "ตำบล", "ประชุม คณะกรรมการ", "ประชุมคณะกรรมการ", "๒๕๖๖", "2566",
           "E7", "ข้อ E๗", "จ้าง", "ร้องเรียน", "โควิด", "ก", "นายกอบต. สมาชิกสภา"]


def corpus(seed_docs: list[SearchDoc], n: int) -> list[SearchDoc]:
    """``n`` pages of 8–40 of the seed's phrases each, titled with a phrase, a code and a number."""
    rng = random.Random(2566)
    phrases = sorted({p for d in seed_docs for p in d.text.split(" ") if len(p) > 3})
    docs = []
    for number in range(n):
        code = f"E{rng.randint(1, 15)}"
        title = f"{rng.choice(phrases)} ข้อ {code} ครั้งที่ {number + 1}"
        text = " ".join(rng.choice(phrases) for _ in range(rng.randint(8, 40)))
        docs.append(SearchDoc(f"actions/bench/{number}/", title, (code.lower(),), text))
    return docs


def quiet_handler(directory: Path) -> functools.partial:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass
    return functools.partial(Quiet, directory=str(directory))


def main_bench(n: int, out: Path) -> None:
    site = out / "site"
    shutil.rmtree(site, ignore_errors=True)
    assert main(["build", "--content", str(ROOT / "content"), "--out", str(site), "--as-of", "2566-09-30"]) == 0
    seed_index = (site / "search/index.json").read_bytes()
    seed_docs = load_docs(seed_index)
    html = sum(p.stat().st_size for p in site.rglob("*.html"))
    print(f"seed: {len(seed_docs)} pages, index {len(seed_index):,} B ({len(gzip.compress(seed_index)):,} gzip)"
          f" for {html:,} B of HTML")
    index = build_index(corpus(seed_docs, n))
    (site / "search/index.json").write_bytes(index)
    print(f"corpus: {n} pages, index {len(index):,} B ({len(gzip.compress(index)):,} gzip)")
    measure(site)


def measure_built(site: Path) -> None:
    """The query list on a site built already (``bench/.work/out/sitegen``: the benchmark corpus's)."""
    index = (site / "search/index.json").read_bytes()
    html = sum(p.stat().st_size for p in site.rglob("*.html"))
    print(f"{site}: {len(load_docs(index))} pages, index {len(index):,} B ({len(gzip.compress(index)):,} gzip)"
          f" for {html:,} B of HTML")
    measure(site)


def measure(site: Path) -> None:
    """Serve ``site``, open its search page in Chromium and time each query of ``QUERIES``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), quiet_handler(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/")
        page.wait_for_selector(".search-form[data-ready=true]", timeout=120_000)
        load = page.evaluate("performance.now()")
        print(f"page open to index ready: {load:.0f} ms")
        for query in QUERIES:
            times = page.evaluate("""query => {
                const input = document.getElementById('search-q'), times = [];
                for (let i = 0; i < 7; i++) {
                    input.value = query;
                    const start = performance.now();
                    input.dispatchEvent(new Event('input'));
                    times.push(performance.now() - start);
                }
                return times;
            }""", query)
            count = page.locator("#search-status").get_attribute("data-count")
            print(f"{query!r:28} {count:>6} pages  median {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--site":
        measure_built(Path(sys.argv[2]))
    else:
        size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
        folder = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="search-bench-"))
        main_bench(size, folder)
