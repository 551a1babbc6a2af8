"""Bodies rendered by markdown-it-pyrs (``render.fastmarkdown``) get the bytes and the problems markdown-it-py's path
gives them (``markdown.render_full``): on random Markdown with links, raw HTML, tables, code and Thai, whenever the
fast path answers, it answers the same; and ordinary bodies do take it."""

from __future__ import annotations

import sys
from pathlib import PurePosixPath

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from sitegen.errors import SiteError
from sitegen.load.content import split_front_matter
from sitegen.model.links import Links, LinkTargets, Resolver
from sitegen.render import fastmarkdown, markdown

ATOMS = [
    "ก", "ข้อ", "๒๕๖๖", "a", "b", " ", "  ", "\n", "\n\n", "*", "**", "_", "~~", "~", "`", "```", "#", "# ", "## ",
    "- ", "1. ", "2) ", "> ", "|", " | ", "|---|---|\n", ":--", "--:", "[", "]", "(", ")", "![", "](", "\\", "!",
    "&amp;", "&nbsp;", "&#42;", "&copy", '"', "'", "    ", "\t", "---", "===", "+ ", '[x]: /u "t"\n', "[x]",
    "https://a.th/x", "../E1.md", "(../E1.md)", "ภาษาไทย", "。", "，", "—", "“", "”", "¡", "€", "฿", "$", "%", ".", ",",
    ":", ";", "\u00a0", "\u200b", "\r", "\x00", "=", "+", "{", "}", "@", "a@b.th", "www.x.th", "\u0e31", "\u0e48",
    "[a](../E1.md)", "[ก ข](https://ไทย.th/ก)", '![i](p.png "t")', "[r][x]", "<x>", "<b>ก</b>", "<script>", "<!--",
    "1.", "10. ", "* ", "***", "___", "\n- ", "\n1. ", "\n> ", "\n#", "\n|", "\n    ", "\n\t", "  \n",
    "[m](mailto:a@b.th)", "[t](tel:044-123)", "[j](javascript:x)", "[d](&#106;avascript:x)", "[n](nowhere.md)",
    "[f](files/รายงาน.pdf)", "[h](#top)", "[q](https://a.th/?a=1&b=2)", "[u](HTTPS://A.th:8080/x)", "[e](http://@x)",
    "[p](a.md:3)", "javascript:", "profile:", "(https://x.th/a_b)", "[s](/news/)", "[w](//x.th/)", "[v](data:x)",
]
MARKDOWNISH = st.one_of(
    st.lists(st.sampled_from(ATOMS), max_size=40).map("".join),
    st.text(alphabet=st.sampled_from(list("ab ก\n*_~`#-1.)>|:[]()!\\&;<@/") + ["\u00a0", "฿"]), max_size=60),
)


# The real resolver of a document content/pages/x.md: unsafe schemes, missing files and bad URLs are LinkErrors.
resolve = Links(LinkTargets("/", {PurePosixPath("E1.md"): "e1/", PurePosixPath("pages/x.md"): "x/"},
                            (PurePosixPath("pages/files/รายงาน.pdf"), PurePosixPath("pages/p.png")), ())
                ).resolver(PurePosixPath("pages/x.md"))


def _asking(asked: list[str], resolve: Resolver):
    def asked_and_resolved(target: str) -> str:
        asked.append(target)
        return resolve(target)
    return asked_and_resolved


def any_document(target: str) -> str:
    """Every Markdown file exists (the seed's and the corpus's links lead to their own sites' files)."""
    return "/site/" + target if target.endswith(".md") else resolve(target)


Result = tuple[str, list[str], list[SiteError]]


def both(text: str, resolve: Resolver = resolve) -> tuple[Result, Result]:
    """(html, the links asked about, problems) through ``render_markdown`` and through markdown-it-py alone; each
    link ``render_markdown`` asks about once."""
    md = markdown.make_markdown()
    results = []
    for render in (markdown.render_markdown, markdown.render_full):
        asked: list[str] = []
        errors: list[SiteError] = []
        html = render(md, text, _asking(asked, resolve), "content/x.md", 4, errors)
        results.append((html, asked, errors))
    return results[0], results[1]


def outcome(result: Result) -> tuple:
    html, _, errors = result
    return html, [(e.path, e.line, e.th, e.en, e.warning) for e in errors]


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWNISH)
@example("*   \n:--")  # a table without pipes: pyrs only
@example("€**https://a.th/x* ")  # a currency sign is punctuation for emphasis in markdown-it-py only
@example("![\\[a](../E1.md)* b")  # an escaped bracket in alt text
@example("- a\n\n> ")  # an empty blockquote
@example("[ก ข](https://ไทย.th/ก)")  # a Thai host name: punycoded by markdown-it-py only
def test_the_fast_path_gives_what_markdown_it_py_gives(text: str) -> None:
    fast = fastmarkdown.render_fast(text, resolve)
    quick, full = both(text)
    assert outcome(quick) == outcome(full)
    assert quick[1] == list(dict.fromkeys(full[1]))  # the same links, each asked once, in the same order
    if fast is not None:
        assert markdown.sanitize(fast) == full[0] and full[2] == []


BODY = """## ผลการดำเนินงาน ๒๕๖๖

ดำเนินการ**ครบถ้วน** ตาม[แผน](../E1.md) และ[ประกาศ](files/รายงาน.pdf "ประกาศ") ดูที่ https://www.example.go.th
หรือ [เว็บไซต์](https://www.example.go.th/a?x=1&y=2#top) [อีเมล](mailto:saraban@example.go.th) [โทร](tel:044-123456)

- รายการที่ ๑ ~~ยกเลิก~~ _เน้น_
- รายการที่ 2

1. ขั้นแรก
2. ขั้นสอง

| ลำดับ | รายการ | งบประมาณ (บาท) |
|---|---|--:|
| 1 | ซ่อมถนน | 40,200 |

![แผนภาพ](p.png)

> หมายเหตุ: ข้อมูล ณ วันที่ 1 มีนาคม 2566
"""


def test_an_ordinary_body_takes_the_fast_path_with_its_links_resolved() -> None:
    fast = fastmarkdown.render_fast(BODY, resolve)
    assert fast is not None and 'href="/e1/"' in fast
    quick, full = both(BODY)
    assert outcome(quick) == outcome(full)


def _bodies() -> list[tuple[str, str]]:
    """(where, body) of every Markdown file of the seed and the fixtures, and of a 200-document benchmark corpus."""
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import make_docs, sitegen_files

    paths = sorted([*(ROOT / "content").rglob("*.md"), *(ROOT / "tests/fixtures").rglob("*.md")])
    texts = [(str(path), path.read_text(encoding="utf-8")) for path in paths]
    texts += [(name, text) for name, text in sitegen_files(make_docs(200)) if name.endswith(".md")]
    return [(where, split_front_matter(text, where)[2]) for where, text in texts]


def test_the_seed_fixture_and_corpus_bodies_take_the_fast_path_with_the_same_bytes() -> None:
    bodies = _bodies()
    assert len(bodies) > 220
    for where, body in bodies:
        assert fastmarkdown.render_fast(body, any_document) is not None, where
        quick, full = both(body, any_document)
        assert outcome(quick) == outcome(full) and quick[1] == list(dict.fromkeys(full[1])), where


@pytest.mark.parametrize("text", [
    "[x](javascript:alert(1))",  # pyrs drops the link; the full path reports it
    "[x](&#106;avascript:alert(1))",
    "[x](nowhere.md)",  # a link that leads nowhere is reported at its line
    "a <b>b</b>",
    "[ก](https://ไทย.th/)",
    "[a `b`](c)",  # pyrs panics on some code spans in link text
    "> " * 100_000 + "a",  # pyrs overflows the stack
    "- " * 30_000 + "a",
])
def test_bodies_pyrs_would_get_wrong_take_the_full_path(text: str) -> None:
    assert fastmarkdown.render_fast(text, resolve) is None
    quick, full = both(text)
    assert outcome(quick) == outcome(full)


def test_an_unsafe_or_broken_link_is_reported_at_its_line_by_the_full_path() -> None:
    text = "ย่อหน้า [ตกลง](https://a.th/)\n\n[x](javascript:alert(1))\nต่อ [y](nowhere.md)\n"
    assert fastmarkdown.render_fast(text, resolve) is None
    quick, full = both(text)
    assert outcome(quick) == outcome(full)
    assert [error.line for error in quick[2]] == [6, 7] and "javascript" not in quick[0]


def test_without_the_wheel_every_body_takes_the_full_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastmarkdown, "_renderer", lambda: None)
    assert fastmarkdown.render_fast(BODY, resolve) is None
    quick, full = both(BODY)
    assert outcome(quick) == outcome(full)


@given(st.text(alphabet=st.sampled_from(list("aZ09.-+:/@?#%&=_~()!*',;[]") + ["ก", "é"]), max_size=30))
@example("http://@x")
@example("https://a.th:/x")
@example("tel:@1")
def test_a_target_said_to_be_the_same_is_what_markdown_it_py_writes(target: str) -> None:
    """A link destination (no white space: Markdown ends it there) that ``same_url`` passes, encoded as both
    libraries encode it, is what markdown-it-py's normalizeLink writes."""
    import mdurl
    from markdown_it.common.normalize_url import normalizeLink

    written = mdurl.encode(target)
    if fastmarkdown.same_url(written):
        assert normalizeLink(target) == written
