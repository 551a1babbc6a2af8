"""Raw HTML in Markdown: what of it the page keeps, and its links.

Three jobs, all before nh3 sanitises the rendered page. First, ``neutralise`` makes sure no text staff
typed can vanish: a tag the sanitiser does not keep is shown as the text it is (``<script>`` in prose that
talks about tags), never handed to the HTML parser, which would take everything after an unclosed
``<script>``, ``<style>``, ``<template>``, ``<textarea>`` … as that element's content and drop it with the
element. What passes is only whole tags of kept elements (CommonMark's own tag syntax, ASCII white space)
and text, so the sanitiser's parser reads exactly those tags; a comment left open, which would hide the rest
of the page, is an error. Second, ``removals`` says which attributes and URL schemes nh3 will drop; third,
``rewrite_links`` turns relative ``href``/``src`` links into the pages' URLs like Markdown links. Those two
read the tags with the standard library's HTML parser (not regular expressions, which cannot tell an
attribute from text inside another attribute's quotes, or a quoted ``>`` from a tag's end).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from sitegen.urls.safety import SAFE_SCHEMES, scheme_of

KEPT_TAGS = frozenset(nh3.ALLOWED_TAGS - {"rp"})
"""The elements a page keeps (nh3's defaults, less ``<rp>``, whose text every browser's own style sheet hides)."""
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


_WS = "[ \t\n\f\r]"  # the HTML tokenizer's white space (a regex \s also takes U+00A0, which is a name's part there)
_ATTRIBUTE = rf"""{_WS}+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:{_WS}*={_WS}*(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*"))?"""
_TAG = re.compile(rf"<([A-Za-z][A-Za-z0-9-]*)(?:{_ATTRIBUTE})*{_WS}*/?>|</([A-Za-z][A-Za-z0-9-]*){_WS}*>")
_COMMENT = re.compile(r"<!---?>|<!--(?:[^-]|-[^-]|--[^>])*-->")
_MARKUP = re.compile(r"<[?][\s\S]*?[?]>|<![A-Za-z][^>]*>|<!\[CDATA\[[\s\S]*?\]\]>")  # PIs, declarations, CDATA


@dataclass(frozen=True, slots=True)
class Neutral:
    """A raw HTML fragment made safe to hand to the sanitiser's parser."""

    html: str
    shown_as_text: tuple[tuple[int, str], ...]
    """(line, what) for each tag or declaration shown as text, the first time on each line."""
    open_comment: int | None
    """The line of a ``<!--`` never closed (everything after it would be hidden), or None."""


def neutralise(fragment: str) -> Neutral:
    """``fragment`` with every tag of an element the page does not keep, every declaration and every ``<``
    that starts no tag written as text (``&lt;script&gt;``), and closed comments left out (nh3 drops them;
    hidden on purpose, as in GitHub's preview). Kept tags and text pass as they are."""
    out: list[str] = []
    shown: list[tuple[int, str]] = []
    done = 0
    open_comment = None
    while (at := fragment.find("<", done)) >= 0:
        out.append(fragment[done:at])
        line = fragment.count("\n", 0, at) + 1
        if tag := _TAG.match(fragment, at):
            name = (tag.group(1) or tag.group(2)).lower()
            if name in KEPT_TAGS:
                out.append(tag.group())
            else:
                out.append(html.escape(tag.group(), quote=False))
                shown.append((line, f"<{name}>"))
            done = tag.end()
        elif comment := _COMMENT.match(fragment, at):
            done = comment.end()
        elif fragment.startswith("<!--", at):
            open_comment = open_comment or line
            out.append("&lt;")
            done = at + 1
        else:
            if markup := _MARKUP.match(fragment, at):
                shown.append((line, markup.group()[:2] + ("…>" if len(markup.group()) > 2 else "")))
            out.append("&lt;")
            done = at + 1
    out.append(fragment[done:])
    return Neutral("".join(out), tuple(dict.fromkeys(shown)), open_comment)


def start_tags(fragment: str) -> list[StartTag]:
    """Every start tag, with names in lower case and attribute values with their character references read."""
    parser = _Tags(fragment)
    parser.feed(fragment)
    parser.close()
    return parser.tags


def removals(fragment: str) -> list[tuple[int, str]]:
    """(line, what) for each thing ``nh3.clean`` will drop from a ``neutralise``d fragment: an attribute
    (``onclick=``) or a URL scheme (``javascript:``), the first time on each line."""
    found: list[tuple[int, str]] = []
    for tag in start_tags(fragment):
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
