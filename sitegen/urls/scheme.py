"""The site's URL scheme: where each kind of page and generated file lives. Every stage asks here.

A *site path* is relative to the site's root, not percent-encoded, and ends in ``/`` for a page
(``eit/2566/e7/``, written as ``eit/2566/e7/index.html``) or in a file name (``404.html``,
``eit/2566/data.json``). A URL is ``base_path`` + the percent-encoded site path: links are built
forward from site paths, never turned back into paths. The content documents' own paths (actions,
news, documents, free pages, from their file names) come from ``names.assign_paths``, which
asks here for the EIT files'. A fiscal year is a number, or the folder name as written when
validation has yet to refuse it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

HOME = ""
NEWS = "news/"
DOCUMENTS = "documents/"
CONTACT = "contact/"
NOT_FOUND = "404.html"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
FAVICON = "favicon.ico"
"""A copy of the theme's (or the site's) ``static/favicon.ico`` at the root, where browsers and crawlers look."""
DATA_FILES = {"json": "data.json", "items": "items.csv", "actions": "actions.csv"}
"""Each fiscal year's open data, beside its measures page (templates get this as ``data_files``)."""


def year(fy: int | str) -> str:
    """The measures document of a fiscal year."""
    return f"eit/{fy}/"


def report(fy: int | str, slug: str) -> str:
    return f"{year(fy)}{slug}/"


def item(fy: int | str, code: str) -> str:
    """An EIT item page (``E7`` → ``eit/2566/e7/``)."""
    return f"{year(fy)}{code.lower()}/"


def year_data(fy: int | str, kind: str) -> str:
    return year(fy) + DATA_FILES[kind]


def news_item(fy: int | str, slug: str) -> str:
    return f"{NEWS}{fy}/{slug}/"


def document(slug: str) -> str:
    return f"{DOCUMENTS}{slug}/"


def free_page(slug: str) -> str:
    return f"{slug}/"


def ita(fy: int | str) -> str:
    return f"ita/{fy}/"


def ita_item(fy: int | str, code: str) -> str:
    """An OIT item's stable address, which never changes between builds."""
    return f"{ita(fy)}{code.lower()}/"


def output(path: str) -> str:
    """The file a site path is written to: a page folder gets its ``index.html``."""
    return path if path.endswith(".html") else path + "index.html"


@dataclass(frozen=True, slots=True)
class Urls:
    """Site paths → links, for one site (``base_path`` is ``/`` or ``/sub/``)."""

    base_path: str

    def url(self, path: str) -> str:
        """The link to a site path; Thai names are percent-encoded (the address bar shows them as Thai)."""
        return self.base_path + quote(path)

    def file_url(self, rel: PurePosixPath) -> str:
        """The link to a published content file (``files/2566/report.pdf`` keeps its path)."""
        return self.base_path + quote(str(rel))
