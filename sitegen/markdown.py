"""Markdown → HTML with markdown-it-py (CommonMark + GFM tables, as in the GitHub preview staff edit in).

Links between content files are written as relative source paths (``../eit/2566/index.md``) so they
work in the GitHub preview; here they become the pages' URLs, and a link to nothing is an error.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.token import Token

from sitegen.errors import SiteError


class LinkError(ValueError):
    """A link that leads nowhere; args are (th, en)."""


Resolver = Callable[[str], str]
"""Turns a link as written into the URL to publish; raises LinkError."""


def make_markdown() -> MarkdownIt:
    """CommonMark with GFM tables and strikethrough. Raw HTML is shown as text, not passed through."""
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def _rewrite(tokens: list[Token], resolve: Resolver, shown: str, body_line: int, errors: list[SiteError]) -> None:
    line = body_line
    for token in tokens:
        if token.map:
            line = body_line + token.map[0]
        offset = 0  # lines into the block: a link on a paragraph's 2nd line is reported there
        for child in token.children or ():
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


def render_markdown(
    md: MarkdownIt, text: str, resolve: Resolver, shown: str, body_line: int, errors: list[SiteError]
) -> str:
    """Render ``text`` (a document body starting on file line ``body_line``); link problems go to ``errors``."""
    env: dict = {}
    tokens = md.parse(text, env)
    _rewrite(tokens, resolve, shown, body_line, errors)
    return md.renderer.render(tokens, md.options, env)
