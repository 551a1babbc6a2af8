"""Render stage, Markdown part: the bodies markdown-it-pyrs (Rust) renders byte for byte as markdown-it-py does.

markdown-it-pyrs is some 20 times faster, but it is not the same program: it has no token stream to rewrite, and
on some inputs its HTML differs (empty list items and blockquotes, tables without pipes, a few emphasis and code
span rules, image alt text across lines, Unicode white space, host names left un-punycoded, links it drops without
a word), and it panics or overflows the stack on some others. So a body takes it only when a cheap look at the
text (``alike``) rules out every such input: plain Markdown with no raw HTML, no ``<``, and links whose targets
markdown-it-py would write exactly as pyrs does. Its links are then resolved in the HTML, in document order, as
``markdown._rewrite`` resolves them in the tokens. Any other body, or one with a link that leads nowhere (whose
message needs its line), takes the full path. ``tests/render/test_fastmarkdown.py`` proves, on random Markdown, that
whenever this path gives HTML it is the full path's, with no problem the full path would report.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache
from typing import Protocol

from sitegen.model.links import LinkError, Resolver


class _Renderer(Protocol):
    def render(self, src: str) -> str: ...


@cache
def _renderer() -> _Renderer | None:
    """markdown-it-pyrs with markdown-it-py's rules (CommonMark, GFM tables, strikethrough), or None without it."""
    try:
        from markdown_it_pyrs import MarkdownIt
    except ImportError:  # a platform without its wheel: every body takes the full path
        return None
    renderer: _Renderer = MarkdownIt("commonmark").enable_many(["table", "strikethrough"])
    return renderer


_UNLIKE_CHARACTER = re.compile(  # HTML, and the white space markdown-it-py's str.strip takes and pyrs keeps
    "[<\x00\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_UNLIKE_LINE = re.compile(
    r"(?m)^(?:[ \t>]*>[ \t]*$"  # an empty blockquote line
    r"|[ \t>]*(?:[-+*]|\d{1,9}[.)])[ \t]*$"  # an empty list item
    r"|[ \t>]*\[[^\]\n]*\]:"  # a reference definition
    r"|(?:[ \t>]|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])){20})"  # nesting markdown-it-py cuts at 20 (pyrs overflows)
)
_REFUSED = ("javascript:", "vbscript:", "file:", "data:")
_REFUSED_SCHEME = re.compile(r"\b(?:javascript|vbscript|file|data):")  # links pyrs turns into text
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BLANK_CODE = re.compile(r"`[ \n]*`")
_ORDERED_NOT_ONE = re.compile(r"(?m)^[ \t>]*(?!0*1[.)])\d{1,9}[.)]")
_PLAIN_IMAGE = re.compile(r"!\[[^\[\]\n&`\\]*\]\(")
_DELIMITER_ROW = re.compile(r"(?m)^[ \t>]*[-:|][-:| \t]*$")
_BLOCK_START = re.compile(r"[ \t>]*(?:[-+*#]|\d{1,9}[.)])")


def _blocks(text: str) -> list[str]:
    """``text`` cut at its blank lines."""
    return _BLANK_LINE.split(text)


def _tables_alike(text: str) -> bool:
    """Every table has a pipe in its header and delimiter rows, and its rows all hold a pipe and start no other
    block (markdown-it-py ends a table there; pyrs reads on)."""
    for row in _DELIMITER_ROW.finditer(text):
        if row.start() == 0:
            continue
        header = text[text.rfind("\n", 0, row.start() - 1) + 1:row.start() - 1]
        if not header.strip():
            continue  # a thematic break, not a table
        if "|" not in header or "|" not in row.group():
            return False
        for line in text[row.end() + 1:].split("\n"):
            if not line.strip():
                break
            if "|" not in line or _BLOCK_START.match(line):
                return False
    return True


def _refused_scheme(text: str) -> bool:
    """Whether a link target may start with a scheme pyrs refuses, once entities and escapes are read (a
    superset: every character reference decoded, every backslash dropped, case folded)."""
    if "&" in text:
        text = html.unescape(text)
    text = text.replace("\\", "").casefold()
    return any(scheme in text for scheme in _REFUSED) and _REFUSED_SCHEME.search(text) is not None


def alike(text: str) -> bool:
    """Whether markdown-it-pyrs renders ``text`` as markdown-it-py does (before links are resolved)."""
    if _UNLIKE_CHARACTER.search(text) or "```" in text or "~~~" in text or _UNLIKE_LINE.search(text):
        return False  # fenced code: an unclosed fence ends in a newline only in pyrs
    if "`" in text and ("[" in text or _BLANK_CODE.search(text)):
        return False  # pyrs panics on some code spans in link text; a blank code span keeps its spaces only in py
    if "![" in text and text.count("![") != len(_PLAIN_IMAGE.findall(text)):
        return False  # image alt text: line breaks, entities and brackets are written differently
    if ">" in text and any(_ORDERED_NOT_ONE.search(chunk, chunk.find(">")) for chunk in _blocks(text) if ">" in chunk):
        return False  # a list starting at 2 or more ends a blockquote's lazy paragraph only in py
    if ("*" in text or "_" in text or "~" in text) and any(
            ord(c) > 127 and unicodedata.category(c)[0] == "S" for c in set(text)):
        return False  # ฿ € …: punctuation for emphasis only in py (CommonMark 0.31)
    return not _refused_scheme(text) and _tables_alike(text)


_LINK = re.compile(r'(<a href="|<img src=")([^"]*)"')
_SCHEME = re.compile(r"[a-z0-9.+-]+:", re.IGNORECASE)  # what markdown-it-py's URL parser (mdurl) takes for a scheme
_HOST = r"[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}"
_PLAIN_ABSOLUTE = re.compile(
    rf"(?i:https?)://{_HOST}(?::[0-9]{{1,5}})?(?:[/?#][^@]*)?|(?i:mailto):[A-Za-z0-9._+-]+@{_HOST}|(?i:tel):\+?[0-9-]+")


def same_url(url: str) -> bool:
    """Whether markdown-it-py writes this link target as pyrs wrote it (``url``, percent-encoded): a relative one
    (only encoded by both), or an absolute one whose ASCII host markdown-it-py's parse and format give back as is
    (it punycodes a non-ASCII host, drops an empty ``user@``, an empty port, a host of over 255 characters …)."""
    if url.startswith("//"):
        return False
    return not _SCHEME.match(url) or _PLAIN_ABSOLUTE.fullmatch(url) is not None


def _attribute(value: str) -> str:
    """markdown-it's escapeHtml."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def render_fast(text: str, resolve: Resolver) -> str | None:
    """The HTML (not yet sanitised) the full path gives ``text``, with its links resolved; None when this body
    must take the full path."""
    renderer = _renderer()
    if renderer is None or not alike(text):
        return None
    try:
        rendered = renderer.render(text)
    except BaseException as exc:  # pyo3's PanicException is a BaseException; nothing else is expected
        if type(exc).__name__ != "PanicException":
            raise
        return None
    if "<blockquote>\n</blockquote>" in rendered:
        return None  # an empty blockquote (say, holding only a reference): py writes it on one line
    parts = _LINK.split(rendered)  # text, (opening, target, text)*
    targets = [html.unescape(target) for target in parts[2::3]]
    if not all(map(same_url, targets)):
        return None
    try:
        parts[2::3] = [_attribute(resolve(target)) + '"' for target in targets]
    except LinkError:
        return None  # the full path reports it, at its line
    return "".join(parts)
