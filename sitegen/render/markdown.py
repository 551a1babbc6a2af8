"""Markdown → HTML with markdown-it-py (CommonMark + GFM tables, as in the GitHub preview staff edit in).

Links between content files are written as relative source paths (``../eit/2566/index.md``) so they
work in the GitHub preview; here they become the pages' URLs, and a link to nothing is an error.
Most bodies are plain Markdown that markdown-it-pyrs renders byte for byte alike, twenty times sooner
(``fastmarkdown``); markdown-it-py is imported only when a body needs it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import nh3

from sitegen.errors import SiteError
from sitegen.model.links import LinkError, Resolver
from sitegen.render.fastmarkdown import render_fast
from sitegen.render.rawhtml import neutralise, removals, rewrite_links
from sitegen.urls.safety import SAFE_SCHEMES

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block.state_block import StateBlock
    from markdown_it.token import Token


class Markdown:
    """The Markdown renderer of a build: markdown-it-py made (and imported) when the first body needs it."""

    def __init__(self) -> None:
        self._full: MarkdownIt | None = None

    @property
    def full(self) -> MarkdownIt:
        if self._full is None:
            self._full = _make_full()
        return self._full

    def render(self, text: str) -> str:
        """markdown-it-py's HTML of ``text``: links as written, not sanitised (the importer's tests read it)."""
        return self.full.render(text)


def make_markdown() -> Markdown:
    return Markdown()


def _make_full() -> MarkdownIt:
    """CommonMark with GFM tables and strikethrough; raw HTML is parsed, then sanitised by nh3.

    markdown-it's own ``validateLink`` turns ``[x](javascript:…)``, ``<data:…>`` and their
    entity-encoded forms into plain text without a word. Here every link becomes a link token,
    so that the resolver sees it and reports an unsafe scheme as an error on its line (and nh3
    still drops it, should one ever get past)."""
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import html_block

    def html_block_shown(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if _SHOWN_BLOCK.match(state.src, state.bMarks[start] + state.tShift[start]):
            return False
        return html_block(state, start, end, silent)

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.block.ruler.at("html_block", html_block_shown, {"alt": ["paragraph", "reference", "blockquote"]})
    return md


# A line starting with these opens a CommonMark HTML block that runs to its closing tag or to the end of the
# document: every later paragraph would be raw HTML. They are shown as text (rawhtml.neutralise), so the line
# is read as a paragraph instead and the Markdown after it stays Markdown.
_SHOWN_BLOCK = re.compile(r"<(?:(?:script|style|textarea)(?=[ \t>]|$)|[?]|![A-Za-z]|!\[CDATA\[)", re.IGNORECASE)


def sanitize(html: str) -> str:
    """Keep only safe tags, attributes and URL schemes (nh3 / ammonia): no script, no event
    handlers, no javascript: or data: URLs."""
    return nh3.clean(html, url_schemes=set(SAFE_SCHEMES), link_rel=None)


def _rewrite(tokens: list[Token], resolve: Resolver, shown: str, body_line: int, errors: list[SiteError]) -> None:
    def check_html(token: Token, at: int) -> None:
        neutral = neutralise(token.content)
        if neutral.open_comment is not None:
            errors.append(_open_comment(shown, at + neutral.open_comment - 1))
        for problem, found in ((_as_text, neutral.shown_as_text), (_removed, removals(neutral.html))):
            by_line: dict[int, list[str]] = {}
            for line, what in found:
                by_line.setdefault(line, []).append(what)
            errors.extend(problem(shown, at + line - 1, things) for line, things in by_line.items())
        token.content = neutral.html

        def rewrite(target: str, line: int) -> str | None:
            try:
                return resolve(target)
            except LinkError as exc:
                errors.append(SiteError(shown, at + line - 1, *exc.args))
                return None

        token.content = rewrite_links(token.content, rewrite)

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
        f"HTML that is unsafe or not supported ({what}) was removed from the page — delete it, or write it in "
        "Markdown / as a link",
        warning=True,
    )


def _as_text(shown: str, line: int, tags: list[str]) -> SiteError:
    what = ", ".join(tags)
    return SiteError(
        shown, line,
        f"HTML ที่เว็บไซต์ไม่รองรับ ({what}) แสดงเป็นข้อความตามที่พิมพ์ — ถ้าตั้งใจให้เป็นข้อความ ครอบด้วยเครื่องหมาย ` (แบบโค้ด) "
        "ถ้าไม่ใช่ ลบออก หรือเขียนเป็น Markdown / ใส่เป็นลิงก์",
        f"HTML the site does not keep ({what}) is shown as text, as typed — put it in `backticks` if it is meant as "
        "text, otherwise delete it, or write it in Markdown / as a link",
        warning=True,
    )


def _open_comment(shown: str, line: int) -> SiteError:
    return SiteError(
        shown, line,
        "ความคิดเห็น HTML <!-- ไม่มี --> ปิดท้าย ข้อความทั้งหมดหลังจากนี้จะถูกซ่อน — เติม --> ท้ายส่วนที่ต้องการซ่อน "
        "หรือลบ <!-- ออก",
        "an HTML comment <!-- is never closed with -->, so everything after it would be hidden — add --> where "
        "the hidden part ends, or delete the <!--",
    )


def render_markdown(
    md: Markdown, text: str, resolve: Resolver, shown: str, body_line: int, errors: list[SiteError]
) -> str:
    """Render ``text`` (a document body starting on file line ``body_line``); link problems go to ``errors``."""
    resolve = _once(resolve)  # a body the fast path hands over is not asked about its links twice
    fast = render_fast(text, resolve)
    if fast is not None:
        return sanitize(fast)
    return render_full(md, text, resolve, shown, body_line, errors)


def _once(resolve: Resolver) -> Resolver:
    """``resolve``, asked once per target (its answer or its LinkError kept)."""
    answers: dict[str, str | LinkError] = {}

    def resolved(target: str) -> str:
        if target not in answers:
            try:
                answers[target] = resolve(target)
            except LinkError as exc:
                answers[target] = exc
        answer = answers[target]
        if isinstance(answer, LinkError):
            raise LinkError(*answer.args)
        return answer
    return resolved


def render_full(
    md: Markdown, text: str, resolve: Resolver, shown: str, body_line: int, errors: list[SiteError]
) -> str:
    """``render_markdown`` through markdown-it-py's tokens, whatever the body: raw HTML checked and neutralised,
    links resolved, every problem at its line."""
    env: dict = {}
    full = md.full
    tokens = full.parse(text, env)
    _rewrite(tokens, resolve, shown, body_line, errors)
    return sanitize(full.renderer.render(tokens, full.options, env))
