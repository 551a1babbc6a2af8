"""Markdown → HTML with markdown-it-py (CommonMark + GFM tables, as in the GitHub preview staff edit in).

Links between content files are written as relative source paths (``../eit/2566/index.md``) so they
work in the GitHub preview; here they become the pages' URLs, and a link to nothing is an error.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from sitegen.errors import SiteError
from sitegen.urls import scheme_of


class LinkError(ValueError):
    """A link that leads nowhere; args are (th, en)."""


Resolver = Callable[[str], str]
"""Turns a link as written into the URL to publish; raises LinkError."""


SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
GENERIC_ATTRIBUTES = {"lang", "title"}  # ammonia's attributes allowed on every tag
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>", re.DOTALL)
_ATTR = re.compile(r"""([^\s=/"'>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_SCHEME = re.compile(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_HTML_URL = re.compile(r"""(\b(?:href|src)\s*=\s*)("[^"]*"|'[^']*'|[^\s>"']+)""", re.IGNORECASE)


def make_markdown() -> MarkdownIt:
    """CommonMark with GFM tables and strikethrough; raw HTML is parsed, then sanitised by nh3.

    markdown-it's own ``validateLink`` turns ``[x](javascript:…)``, ``<data:…>`` and their
    entity-encoded forms into plain text without a word. Here every link becomes a link token,
    so that the resolver sees it and reports an unsafe scheme as an error on its line (and nh3
    still drops it, should one ever get past)."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def sanitize(html: str) -> str:
    """Keep only safe tags, attributes and URL schemes (nh3 / ammonia): no script, no event
    handlers, no javascript: or data: URLs."""
    return nh3.clean(html, url_schemes=SAFE_SCHEMES, link_rel=None)


def html_removals(fragment: str) -> list[str]:
    """What ``sanitize`` will drop from a piece of raw HTML (tags, attributes, URL schemes), so staff
    are told and nothing they wrote disappears unnoticed."""
    removed = []
    for closing, tag, rest in _TAG.findall(fragment):
        tag = tag.lower()
        if tag not in nh3.ALLOWED_TAGS:
            removed += [] if closing else [f"<{tag}>"]
            continue
        for name, value in _ATTR.findall(rest):
            name = name.lower()
            if name not in nh3.ALLOWED_ATTRIBUTES.get(tag, set()) | GENERIC_ATTRIBUTES:
                removed.append(f"{name}=")
            elif (scheme := _SCHEME.match(value.strip("\"'"))) and scheme.group(1).lower() not in SAFE_SCHEMES:
                removed.append(f"{scheme.group(1).lower()}:")
    return list(dict.fromkeys(removed))


def _rewrite_html(fragment: str, resolve: Resolver, report) -> str:
    """Resolve the relative href/src links in raw HTML like Markdown links (outside links are left
    to the sanitiser)."""
    def repl(match: re.Match) -> str:
        raw = match.group(2).strip("\"'")
        target = html.unescape(raw)
        if not target or target.startswith("#") or scheme_of(target):
            return match.group(0)
        try:
            return f'{match.group(1)}"{html.escape(resolve(target), quote=True)}"'
        except LinkError as exc:
            report(*exc.args)
            return match.group(0)

    return _HTML_URL.sub(repl, fragment)


def _rewrite(tokens: list[Token], resolve: Resolver, shown: str, body_line: int, errors: list[SiteError]) -> None:
    def check_html(token: Token, at: int) -> None:
        for i, part in enumerate(token.content.split("\n")):
            if removed := html_removals(part):
                errors.append(_removed(shown, at + i, removed))
        token.content = _rewrite_html(
            token.content, resolve, lambda th, en: errors.append(SiteError(shown, at, th, en)))

    line = body_line
    for token in tokens:
        if token.map:
            line = body_line + token.map[0]
        offset = 0  # lines into the block: a link on a paragraph's 2nd line is reported there
        if token.type == "html_block":
            check_html(token, line)
        for child in token.children or ():
            if child.type == "html_inline":
                check_html(child, line + offset)
            if child.type in ("softbreak", "hardbreak"):
                offset += 1
            attr = "href" if child.type == "link_open" else "src" if child.type == "image" else None
            if attr is None:
                continue
            target = str(child.attrGet(attr) or "")
            try:
                child.attrSet(attr, resolve(target))
            except LinkError as exc:
                th, en = exc.args
                errors.append(SiteError(shown, line + offset, th, en))


def _removed(shown: str, line: int, removed: list[str]) -> SiteError:
    what = ", ".join(removed)
    return SiteError(
        shown, line,
        f"ตัด HTML ส่วนที่ไม่ปลอดภัยหรือไม่รองรับ ({what}) ออกจากหน้าเว็บ — ลบออกจากไฟล์ หรือเขียนเป็น Markdown / ใส่เป็นลิงก์",
        f"HTML that is unsafe or not supported ({what}) was removed from the page — delete it, or write it in Markdown / as a link",
        warning=True,
    )


def render_markdown(
    md: MarkdownIt, text: str, resolve: Resolver, shown: str, body_line: int, errors: list[SiteError]
) -> str:
    """Render ``text`` (a document body starting on file line ``body_line``); link problems go to ``errors``."""
    env: dict = {}
    tokens = md.parse(text, env)
    _rewrite(tokens, resolve, shown, body_line, errors)
    return sanitize(md.renderer.render(tokens, md.options, env))
