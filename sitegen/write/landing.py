"""Write stage, the order of the moves: a page lands only after the new pages it links to.

The files of a build are moved into the output one by one (``write.py``), and a web server serving the
folder shows whatever is there at each moment (a kill shows it for good, until the next build). So a page
that links to a page not yet there must land after it: pages others link to first (an action, a news
item, an attachment, the CSS), the pages that link (lists, indexes, item and report pages, the home page)
last. Only links to *new* files matter: a file that is already in the output, in its old version, is
never missing. A ring of new pages linking to each other (a new item and its first action, in one build)
cannot land without one moment where the first links to the second; such a ring is entered at one of its
own files, so the files that merely link to it still wait for all of it.
"""

from __future__ import annotations

import heapq
import html
import re
from collections.abc import Callable, Sequence
from urllib.parse import unquote

from sitegen.urls import scheme

_LINK = re.compile(rb'(?:href|src)="([^"#?]*)')
_LISTS = (".xml", ".json", ".csv", ".txt")
"""Generated files that list pages by URL (feed, sitemap, search index, open data, robots.txt)."""


def links(data: bytes, base_path: str) -> set[str]:
    """The output files an HTML page links to inside the site (``href``/``src`` under ``base_path``)."""
    found = set()
    for match in _LINK.finditer(data):
        url = html.unescape(match.group(1).decode("utf-8", "replace"))
        if url.startswith(base_path):
            path = unquote(url[len(base_path):])
            found.add(scheme.output(path) if path == "" or path.endswith("/") else path)
    return found


def _lists_pages(path: str) -> bool:
    return path.endswith(_LISTS) and not path.startswith(("files/", "static/"))


def landing_order(changed: Sequence[str], new: set[str], data: Callable[[str], bytes | None],
                  base_path: str) -> list[str]:
    """``changed`` reordered so that each file comes after the new files it links to (``data``: a file's bytes,
    None for a file copied from its source, which links to nothing); otherwise in build order."""
    if not new:
        return list(changed)
    index = {path: i for i, path in enumerate(changed)}
    new_pages = {p for p in new if p.endswith(".html")}
    needs: dict[str, set[str]] = {}
    for path in changed:
        if path.endswith(".html") and (content := data(path)) is not None:
            needs[path] = (links(content, base_path) & new) - {path}
        elif _lists_pages(path):
            needs[path] = new_pages - {path}
        else:
            needs[path] = set()
    waiting: dict[str, list[str]] = {}
    count = {path: len(needs[path]) for path in changed}
    for path, targets in needs.items():
        for target in targets:
            waiting.setdefault(target, []).append(path)
    ready = [index[p] for p in changed if not count[p]]
    heapq.heapify(ready)
    order: list[str] = []
    placed: set[str] = set()
    while len(order) < len(changed):
        if not ready:  # only rings are left to wait on: enter one
            heapq.heappush(ready, index[_on_a_ring(next(p for p in changed if p not in placed), needs, placed, index)])
        path = changed[heapq.heappop(ready)]
        if path in placed:
            continue
        order.append(path)
        placed.add(path)
        for later in waiting.get(path, ()):
            count[later] -= 1
            if not count[later] and later not in placed:
                heapq.heappush(ready, index[later])
    return order


def _on_a_ring(start: str, needs: dict[str, set[str]], placed: set[str], index: dict[str, int]) -> str:
    """A file on a ring of unplaced files, found by following ``start``'s first missing link until a file repeats
    (every unplaced file is waiting for another one, so the walk never ends anywhere else)."""
    seen: set[str] = set()
    path = start
    while path not in seen:
        seen.add(path)
        path = min((t for t in needs[path] if t not in placed), key=index.__getitem__)
    return path
