"""Raw HTML in Markdown, read with the standard library's HTML parser (not regular expressions, which
cannot tell an attribute from text inside another attribute's quotes, or a quoted ``>`` from a tag's end).

Two jobs, both before nh3 sanitises the rendered page: say what the sanitiser will drop, so nothing staff
wrote disappears unnoticed, and turn relative ``href``/``src`` links into the pages' URLs like Markdown links.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from sitegen.urls import SAFE_SCHEMES, scheme_of

GENERIC_ATTRIBUTES = frozenset({"lang", "title"})  # ammonia's attributes allowed on every tag
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "longdesc"})  # the allowed ones whose scheme nh3 checks
LINK_ATTRIBUTES = ("href", "src")  # the ones whose relative links are resolved


@dataclass(frozen=True, slots=True)
class StartTag:
    """One start tag of a fragment: where it is (line counted from 1, and offset of ``<``) and what it holds."""

    line: int
    start: int
    end: int
    tag: str
    attrs: tuple[tuple[str, str | None], ...]
    self_closing: bool


class _Tags(HTMLParser):
    def __init__(self, fragment: str):
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [i + 1 for i, c in enumerate(fragment) if c == "\n"]
        self.tags: list[StartTag] = []

    def _add(self, tag: str, attrs: list[tuple[str, str | None]], self_closing: bool) -> None:
        line, column = self.getpos()  # of the tag's "<": the parser moves on only after this call
        start = self.line_starts[line - 1] + column
        raw = self.get_starttag_text() or ""
        self.tags.append(StartTag(line, start, start + len(raw), tag, tuple(attrs), self_closing))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs, False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs, True)


def start_tags(fragment: str) -> list[StartTag]:
    """Every start tag, with names in lower case and attribute values with their character references read."""
    parser = _Tags(fragment)
    parser.feed(fragment)
    parser.close()
    return parser.tags


def removals(fragment: str) -> list[tuple[int, str]]:
    """(line, what) for each thing ``nh3.clean`` will drop: a tag (``<script>``), an attribute (``onclick=``)
    or a URL scheme (``javascript:``), the first time on each line."""
    found: list[tuple[int, str]] = []
    for tag in start_tags(fragment):
        if tag.tag not in nh3.ALLOWED_TAGS:
            found.append((tag.line, f"<{tag.tag}>"))
            continue
        allowed = nh3.ALLOWED_ATTRIBUTES.get(tag.tag, set()) | GENERIC_ATTRIBUTES
        for name, value in tag.attrs:
            if name not in allowed:
                found.append((tag.line, f"{name}="))
            elif name in URL_ATTRIBUTES and (scheme := scheme_of(value or "")) and scheme not in SAFE_SCHEMES:
                found.append((tag.line, f"{scheme}:"))
    return list(dict.fromkeys(found))


def _written(tag: StartTag, attrs: list[tuple[str, str | None]]) -> str:
    """A start tag written out again (nh3 writes every tag out anew after this, so the spelling is free)."""
    parts = "".join(f" {n}" if v is None else f' {n}="{html.escape(v, quote=True)}"' for n, v in attrs)
    return f"<{tag.tag}{parts}{' /' if tag.self_closing else ''}>"


def rewrite_links(fragment: str, rewrite: Callable[[str, int], str | None]) -> str:
    """``fragment`` with each relative ``href``/``src`` value replaced by ``rewrite(value, line)``, unless that
    returns None (a link that leads nowhere, reported by the caller). Other tags are left as written."""
    out, done = [], 0
    for tag in start_tags(fragment):
        attrs, changed = [], False
        for name, value in tag.attrs:
            if name in LINK_ATTRIBUTES and value and not value.startswith("#") and not scheme_of(value):
                new = rewrite(value, tag.line)
                if new is not None and new != value:
                    value, changed = new, True
            attrs.append((name, value))
        if changed:
            out += [fragment[done:tag.start], _written(tag, attrs)]
            done = tag.end
    return "".join(out) + fragment[done:]
