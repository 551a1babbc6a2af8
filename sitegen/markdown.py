"""Markdown → HTML with markdown-it-py (CommonMark + GFM tables, as in the GitHub preview staff edit in).

Links between content files are written as relative source paths (``../eit/2566/index.md``) so they
work in the GitHub preview; here they become the pages' URLs, and a link to nothing is an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from sitegen.errors import SiteError


class LinkError(ValueError):
    """A link that leads nowhere; args are (th, en)."""


Resolver = Callable[[str], str]
"""Turns a link as written into the URL to publish; raises LinkError."""


# Raw HTML that the sanitiser will remove; staff are told, so nothing they wrote disappears unnoticed.
UNSAFE_HTML = re.compile(
    r"<\s*/?\s*(script|style|iframe|object|embed|form|input|button|link|meta|base|svg|math)\b"
    r"|\son[a-z]+\s*=|javascript\s*:|vbscript\s*:|data\s*:",
    re.IGNORECASE,
)
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


def make_markdown() -> MarkdownIt:
    """CommonMark with GFM tables and strikethrough; raw HTML is parsed, then sanitised by nh3."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def sanitize(html: str) -> str:
    """Keep only safe tags, attributes and URL schemes (nh3 / ammonia): no script, no event
    handlers, no javascript: or data: URLs."""
    return nh3.clean(html, url_schemes=SAFE_SCHEMES, link_rel=None)


def _rewrite(tokens: list[Token], resolve: Resolver, shown: str, body_line: int, errors: list[SiteError]) -> None:
    line = body_line
    unsafe_lines: set[int] = set()

    def unsafe(at: int) -> None:
        if at not in unsafe_lines:
            unsafe_lines.add(at)
            errors.append(_unsafe(shown, at))

    for token in tokens:
        if token.map:
            line = body_line + token.map[0]
        offset = 0  # lines into the block: a link on a paragraph's 2nd line is reported there
        if token.type == "html_block":
            for i, block_line in enumerate(token.content.split("\n")):
                if UNSAFE_HTML.search(block_line):
                    unsafe(line + i)
        for child in token.children or ():
            if child.type == "html_inline" and UNSAFE_HTML.search(child.content):
                unsafe(line + offset)
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


def _unsafe(shown: str, line: int) -> SiteError:
    return SiteError(
        shown, line,
        "ตัด HTML ที่อาจไม่ปลอดภัย (script, on…=, javascript:, data:, iframe, form) ออกจากหน้าเว็บ — ลบออกจากไฟล์ หรือเขียนเป็น Markdown",
        "unsafe HTML (script, on…=, javascript:, data:, iframe, form) was removed from the page — delete it or write it in Markdown",
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
