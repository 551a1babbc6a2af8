"""Search at scale: index size and query time in Chromium on a generated corpus (not part of the tests).

    python bench/search_bench.py [N] [OUT]      # default 10000 pages, a temporary folder
    python bench/search_bench.py --site DIR     # the query list on a built site (bench/.work/out/sitegen)

Builds the seed site, then replaces its index with one of N generated pages (sentences of the seed's
own pages recombined, seeded, so every run is the same corpus), serves it and opens /search/?q=… in Debian's
Chromium for each query of a fixed list, each in a fresh browser context (nothing cached). Prints the index's
files and sizes (raw and gzip) against the HTML of the seed pages, and per query: the pages found (exact, or
"≥" when search.js stopped once the shown results were settled), the index files it fetched and their bytes
gzip-compressed (what a server with gzip sends; the manifest included, search.js not), and the time from
opening the page to the results on screen.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.cli import main  # noqa: E402
from sitegen.render.search.text import SearchDoc  # noqa: E402
from sitegen.render.search.entries import page_entry  # noqa: E402
from sitegen.render.search.files import index_files, load_docs  # noqa: E402

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


def sizes(site: Path) -> str:
    """The index's files: how many of each kind, bytes raw and gzip-compressed."""
    files = [p for p in (site / "search").rglob("*.json")]
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes())) for p in files)
    kinds = {kind: sum(1 for p in files if p.parent.name == kind) for kind in ("s", "t")}
    return f"index {len(files)} files ({kinds['s']} shards, {kinds['t']} text chunks), {raw:,} B ({packed:,} gzip)"


def main_bench(n: int, out: Path) -> None:
    site = out / "site"
    shutil.rmtree(site, ignore_errors=True)
    assert main(["build", "--content", str(ROOT / "content"), "--out", str(site), "--as-of", "2566-09-30"]) == 0
    seed_docs = load_docs(site)
    html = sum(p.stat().st_size for p in site.rglob("*.html"))
    print(f"seed: {len(seed_docs)} pages, {sizes(site)} for {html:,} B of HTML")
    for folder in ("s", "t"):
        shutil.rmtree(site / "search" / folder)
    for path, data in index_files([page_entry(d) for d in corpus(seed_docs, n)]):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(data)
    print(f"corpus: {n} pages, {sizes(site)}")
    measure(site)


def measure_built(site: Path) -> None:
    """The query list on a site built already (``bench/.work/out/sitegen``: the benchmark corpus's)."""
    html = sum(p.stat().st_size for p in site.rglob("*.html"))
    print(f"{site}: {len(load_docs(site))} pages, {sizes(site)} for {html:,} B of HTML")
    measure(site)


def measure(site: Path, queries: Sequence[str] = QUERIES) -> dict[str, int]:
    """Serve ``site`` and ask each query of ``queries`` on a fresh search page: what it fetched, and how fast.
    Returns each query's bytes (gzip) fetched."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), quiet_handler(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    packed: dict[str, int] = {}
    per_query: dict[str, int] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            fetched: list[str] = []
            page.on("request", lambda r, fetched=fetched: fetched.append(r.url) if r.url.endswith(".json") else None)
            page.goto(f"{url}search/?q={quote(query)}")
            settled = f"#search-status[data-query={json.dumps(query, ensure_ascii=False)}]"
            page.wait_for_selector(settled, timeout=300_000)
            done = page.evaluate("performance.now()")
            status = page.locator("#search-status")
            count, exact = status.get_attribute("data-count"), status.get_attribute("data-exact") == "true"
            for address in fetched:
                if address not in packed:
                    packed[address] = len(gzip.compress((site / address.removeprefix(url)).read_bytes()))
            total = sum(packed[a] for a in set(fetched))
            per_query[query] = total
            print(f"{query!r:28} {'' if exact else '≥'}{count:>6} pages  {len(set(fetched)):4} files "
                  f"{total:>10,} B gzip  {done:7.0f} ms")
            context.close()
        browser.close()
    server.shutdown()
    print(f"bytes per query (gzip): median {statistics.median(per_query.values()):,.0f}, "
          f"max {max(per_query.values()):,}")
    return per_query


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--site":
        measure_built(Path(sys.argv[2]))
    else:
        size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
        folder = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="search-bench-"))
        main_bench(size, folder)
