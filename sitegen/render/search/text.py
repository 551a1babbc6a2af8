"""Render stage, search: the searchable pages → a Thai full-text index, the search page and the list of all pages.

A page's searchable part (``SearchDoc``) is the text of its ``<main>``. ``page_doc`` reads it from the rendered
HTML: the reference, and the way for a site with templates of its own; the theme's pages get the same text from
their records (``records``), without reading the HTML back.

Thai is written without spaces between words, so no word list can cut it reliably (a dictionary keeps compounds
such as องค์การบริหารส่วนตำบล whole, and then ตำบล is never found). The index instead lists the character bigrams
of each page's text, and every candidate is checked against the text itself: a page is returned only when it
contains what was asked.

The query rules (``search.js`` implements the same; ``matches`` here is the reference the tests use):

- Text and query are *folded*: NFC, Thai digits as Arabic (๒๕๖๖ = 2566), ASCII letters lower case;
  every other character is kept as it is, one for one.
- The page text loses its white space, except one space between two ASCII letters or digits: Thai
  spaces are phrase breaks, not word breaks, so นายก อบต. and นายกอบต. are the same text, while
  "the 7" does not become "the7".
- The query is cut at its white space into terms. A page matches when its text holds every term
  (AND); so ประชุม คณะกรรมการ finds the pages holding both words anywhere, and ประชุมคณะกรรมการ the
  pages holding them side by side (with or without a space between). A term that starts or ends
  with a digit matches whole numbers only there (E1 is not found in E10, 256 not in 2566).
- Rank: a page whose code (E7, i4, O12 in its title) is the query, then pages whose title holds the
  whole query (its terms joined), then each term in the title, then the whole query in the text;
  ties keep the site's page order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html import unescape
from urllib.parse import quote, unquote



# Thai digits as Arabic and ASCII letters lower case, in one pass (one table is twice as fast as two), applied only
# to the runs of such characters (``str.translate`` looks up every character of a Thai text: four times slower).
FOLDED = str.maketrans("๐๑๒๓๔๕๖๗๘๙ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789abcdefghijklmnopqrstuvwxyz")
FOLDABLE = re.compile("[๐-๙A-Z]+")
# Every space but one between two ASCII letters or digits (see the module docstring). Each branch starts with the
# space, so the engine looks only at spaces (with a lookbehind first, it tried both branches at every character).
DROPPED_SPACE = re.compile(r" (?:(?<![a-z0-9] )|(?![a-z0-9]))")
CODE = re.compile(r"(?<![a-z0-9])[eio][0-9]{1,2}(?![0-9])")
SKIPPED_TAGS = {"script", "style", "template", "noscript"}
# Elements whose edges are word breaks: their texts are joined with a space.
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "nav", "ol", "p",
    "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One searchable page: its site path (percent-encoded, no base), title, codes and main text."""

    url: str
    title: str
    codes: tuple[str, ...]
    text: str


def fold(text: str) -> str:
    """The search form of a page's text (see the module docstring)."""
    return fold_clean(clean(text))


# One token of the HTML the build wrote: a comment, a tag (its attribute values always quoted, so a ">"
# inside one does not end it), or text. The pages are the theme's templates filled by Jinja (which
# escapes "<" in values) and Markdown sanitised and re-serialised by nh3, so they are well formed and
# this reads them as a parser would, at a tenth of html.parser's cost (search was a third of a small
# build). tests/render/test_search.py checks it against html.parser on every page of the seed and contract sites.
TOKEN = re.compile(r"""<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)|<""", re.S)
REFRESH = re.compile(r"""\shttp-equiv\s*=\s*["']?refresh""", re.I)


def _main_text(html: str) -> tuple[str, str, bool] | None:
    """(text of ``<main>`` without scripts and styles, text of its first ``<h1>``, whether the head
    has a refresh), or None without ``<main>``. Block elements' edges are spaces."""
    head_end, start, end = html.find("<body"), html.find("<main"), html.rfind("</main>")
    if start < 0 or end < start:
        return None
    refresh = any(m.group(2) and m.group(2).lower() == "meta" and REFRESH.search(m.group(3))
                  for m in TOKEN.finditer(html, 0, head_end if 0 <= head_end < start else 0))
    parts: list[str] = []
    h1: list[str] | None = None
    in_h1 = False
    skip = 0
    for m in TOKEN.finditer(html, start, end):
        closing, tag, _, text = m.groups()
        if text is not None:
            if not skip:
                data = unescape(text)
                parts.append(data)
                if in_h1 and h1 is not None:
                    h1.append(data)
        elif tag:
            tag = tag.lower()
            if tag in SKIPPED_TAGS:
                skip = max(0, skip - 1) if closing else skip + 1
            elif tag == "h1":
                if closing:
                    in_h1 = False
                elif h1 is None:
                    in_h1, h1 = True, []
            if tag in BLOCK_TAGS:
                parts.append(" ")
        elif m.group(0) == "<" and not skip:  # a lone "<" is text, as html.parser keeps it
            parts.append("<")
    return "".join(parts), "".join(h1 or ()), refresh


def clean(text: str) -> str:
    """NFC, each run of white space one space, none at the ends: the form a page's text is kept in."""
    # str.split() and r"\s" take the same characters for white space (both ``str.isspace``); split is 2.6× faster.
    return " ".join(unicodedata.normalize("NFC", text).split())


# A body's HTML as nh3 writes it (no comments, no scripts, every "&" of its text an entity) is read with one pass of
# the regex engine over its tags and one unescape, instead of a token at a time (a quarter of the time): the tags are
# ``TOKEN``'s, so a ">" or "<" in a quoted attribute reads alike. Anything else is read by ``_main_text``;
# tests/render/test_search.py checks that both read any fragment alike.
TAG = re.compile(r"""</?([a-zA-Z][a-zA-Z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
NOT_PLAIN = re.compile(r"<!|<(?i:script|style|template|noscript)"
                       r"|&(?!(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);)")


def _tag_text(tag: re.Match[str]) -> str:
    return " " if tag.group(1).lower() in BLOCK_TAGS else ""


def html_text(fragment: str) -> str:
    """The text of an HTML fragment (a document body's HTML), read as ``<main>`` is: scripts and styles left out,
    block elements' edges spaces."""
    if not NOT_PLAIN.search(fragment):
        return clean(unescape(TAG.sub(_tag_text, fragment)))
    found = _main_text(f"<main>{fragment}</main>")
    return clean(found[0]) if found else ""


def site_path(output: str) -> str:
    """The address of an output file in the index: its site path, percent-encoded once, without the base."""
    path = output[: -len("index.html")] if output.endswith("index.html") else output
    return quote(unquote(path))


def codes_of(title: str) -> tuple[str, ...]:
    """The item codes a page's title names (``e7``, ``o12``), folded, in order, each once."""
    return tuple(dict.fromkeys(CODE.findall(fold(title))))


def page_doc(output: str, html: str) -> SearchDoc | None:
    """The searchable part of one rendered page, or None for a page with no ``<main>`` or a redirect."""
    found = _main_text(html)
    if found is None:
        return None
    text, h1, refresh = found
    text = clean(text)
    if refresh or not text:
        return None
    title = clean(h1)
    return SearchDoc(site_path(output), title, codes_of(title), text)


def bigrams(folded: str) -> set[str]:
    return {folded[i: i + 2] for i in range(len(folded) - 1)}


def fold_clean(text: str) -> str:
    """``fold`` of a text that is ``clean`` already (a page's text, or a piece of it that starts and ends with a
    character that is not white space): the same result, a third of the work."""
    return DROPPED_SPACE.sub("", FOLDABLE.sub(_folded, text))


def _folded(run: re.Match[str]) -> str:
    return run.group().translate(FOLDED)


def terms(query: str) -> list[str]:
    """The query cut at its white space, each part folded, repeats dropped."""
    return list(dict.fromkeys(fold(t) for t in unicodedata.normalize("NFC", query).split()))


def _is_digit(char: str) -> bool:
    return "0" <= char <= "9"


def contains(folded: str, term: str) -> bool:
    """``term`` occurs in ``folded``; a term with a digit at an edge must not continue a number there."""
    start = folded.find(term)
    while start >= 0:
        end = start + len(term)
        before_ok = not (_is_digit(term[0]) and start > 0 and _is_digit(folded[start - 1]))
        after_ok = not (_is_digit(term[-1]) and end < len(folded) and _is_digit(folded[end]))
        if before_ok and after_ok:
            return True
        start = folded.find(term, start + 1)
    return False


def score(doc: SearchDoc, query: str) -> int | None:
    """None when the page does not hold every term, else its rank score (higher first)."""
    words = terms(query)
    title, body = fold(doc.title), fold(f"{doc.title} {doc.text}")
    if not words or not all(contains(body, t) for t in words):
        return None
    whole = "".join(words)
    points = 1000 if whole in doc.codes else 0
    points += 100 if contains(title, whole) else 0
    points += 10 * sum(contains(title, t) for t in words)
    points += 5 if contains(body, whole) else 0
    return points


def search(docs: Sequence[SearchDoc], query: str) -> list[str]:
    """The URLs of the pages that match ``query``, best first: the reference of ``search.js``."""
    scored = [(s, n) for n, doc in enumerate(docs) if (s := score(doc, query)) is not None]
    return [docs[n].url for _, n in sorted(scored, key=lambda pair: (-pair[0], pair[1]))]
