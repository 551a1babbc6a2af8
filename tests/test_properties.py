"""Property tests (hypothesis): random front matter and bodies never make the build raise anything but
``SiteErrors``, never hang, and never put script into the output.

Each example is a content folder with a valid site.yaml and a valid eit/2567/E7.md plus generated
files: an item (E7.md, replacing the valid one, or E9.md), an action and a page. Their front matter is
``yaml.safe_dump`` of a random mapping (real keys and random ones, values of every YAML type, hostile
paths and dates, very long strings) or random text between ``---`` lines; bodies are random text mixed
with Markdown links and raw HTML attacks; now and then a whole file is random bytes or cp874.

Known bugs found by these tests are pinned as strict xfails at the bottom (minimal inputs as hypothesis
printed them); the property test steps over those same crashes (``KNOWN_BUGS``) so that it keeps looking
for new ones. When a bug is fixed, its xfail starts passing (strict → the suite fails): delete the xfail
marker and the ``KNOWN_BUGS`` entry together.
"""

from __future__ import annotations

import datetime as dt
import re
import signal
import tempfile
import traceback
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import ITEM_E7, SITE_YAML, TEMPLATES
from sitegen.build import build
from sitegen.errors import SiteErrors

AS_OF = dt.date(2024, 6, 1)
HANG_SECONDS = 20  # one example building for longer than this is a hang

# --- strategies -----------------------------------------------------------------------------------

REAL_KEYS = ["code", "responsible", "measures", "monitoring", "deadline", "question", "options", "indicator",
             "fiscal_year", "title", "date", "items", "status", "attachments"]
HOSTILE = [
    "../../etc/passwd", "files/x.pdf", "files/missing.pdf", "/etc/passwd", "files/../../etc/passwd",
    "files\\..\\..\\x", "C:\\Windows\\win.ini", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "https://example.go.th/x.pdf",
    "http://", "file:///etc/passwd", "//evil.example/x", "mailto:a@b.c", "", " ", "E7", "e๗", "E07", "E16",
    "E0", "done", "in_progress", "yes", "no", "~", "null", "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>", "{{ 7*7 }}", "{% raw %}", "อำเภอเสิงสา่ง", "เพียงใดเพียงใด",
]
DATES = ["2566-02-30", "2567-01-15", "2567-13-01", "2567-00-10", "25xx-01-01", "2024-06-01", "2024-06-02",
         "2023-09-30", "2023-10-01", "1899-01-01", "2743-01-01", "๒๕๖๗-๐๑-๑๕", "2567-1-5", "2567/01/15",
         "2567-01-15T10:00:00", "2567-02-29", "2568-02-29", "9999-12-31", "0000-00-00"]
NUMBERS = ["7", "๗", "2567", "07", "-1", "1e3", "0x10", "1_000", "7.0", "+7", "²", "①", "٧", "E²", "9" * 5000,
           "E" + "7" * 5000]


def _long(draw_text):
    return st.builds(lambda unit, n: (unit * n)[:100_000], draw_text, st.integers(500, 100_000))


short_text = st.text(max_size=40)
thai_text = st.lists(st.sampled_from(["น้ำ", "ที่", "ผู้บริหาร", "ประชาสัมพันธ์", "ต่าง ๆ", "ฯลฯ", "E๗", "๒๕๖๗", " ",
                                      "ก่ี", "\u200b", "\u202e", "\x00", "\x85", "\u2028", "\ufeff", "\r", "\t"]),
                     max_size=12).map("".join)
scalar = st.one_of(
    short_text, thai_text, st.integers(), st.floats(), st.booleans(), st.none(),
    st.sampled_from(HOSTILE), st.sampled_from(DATES), st.sampled_from(NUMBERS),
    # now and then a very long string (up to 100k characters)
    st.integers(0, 40).flatmap(lambda k: _long(st.text(min_size=1, max_size=8)) if k == 0 else short_text),
)
key = st.one_of(st.sampled_from(REAL_KEYS), st.text(max_size=12))
value = st.recursive(
    scalar,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(key, children, max_size=4),
    max_leaves=10,
)


@st.composite
def dumped_front_matter(draw) -> str:
    """(a) yaml.safe_dump of a mapping of real and random keys."""
    meta = draw(st.dictionaries(key, value, max_size=8))
    flow = draw(st.sampled_from([False, None, True]))
    return yaml.safe_dump(meta, allow_unicode=draw(st.booleans()), sort_keys=False, default_flow_style=flow)


YAML_BITS = ["code: E7\n", "responsible: งาน\n", "measures:\n  - ก\n", "monitoring: [ข]\n", "title: x\n",
             "date: 2567-01-15\n", "items: [E7]\n", "key: value: more\n", "  - indented\n", "\t- tab\n",
             "a: 'unclosed\n", "b: \"unclosed\n", "? [complex, key]\n: value\n", "- list\n", "&a anchor\n",
             "*alias\n", "!!python/object:os.system ls\n", "!tag x\n", "<<: {code: E7}\n", "%YAML 1.1\n",
             "---\n", "...\n", "{a: 1}\n", "[1, 2]\n", "'q': |\n  block\n", "k: >\n  folded\n", "#\n", ":\n",
             "k: !!int x\n", "k: !!float x\n", "k: !!bool maybe\n", "k: !!timestamp 2566-02-30\n", "k: !!binary x\n",
             "k: !!set {a}\n", "k: !!omap [a]\n", "indicator: " + "9" * 5000 + "\n", "k: " + "[" * 3000 + "\n",
             "k: " + "{a: " * 3000 + "\n", "k: &a [*a]\n", "k: *nowhere\n", "k: &x\n  - &x y\n", "? !!null\n: x\n"]


def alias_bomb(levels: int) -> str:
    """Each level lists the previous one nine times: 9**levels strings from a few hundred bytes."""
    lines = ["a0: &a0 [ก, ก, ก, ก, ก, ก, ก, ก, ก]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


raw_front_matter = st.lists(
    st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=30), st.integers(1, 4).map(alias_bomb)), max_size=8,
).map("".join)
"""(b) random text between the --- lines: broken YAML."""

LINK_TARGETS = st.one_of(
    st.text(max_size=30), st.sampled_from(HOSTILE),
    st.sampled_from(["../eit/2567/E7.md", "../../eit/2567/index.md", "../x.md", "../../files/x.pdf",
                     "../../../outside.md", "/eit/2567/", "/files/x.pdf", "#top", "?q=1", "%2e%2e/%2e%2e/x",
                     "..%2F..%2Fetc%2Fpasswd", "files/x.pdf#page=2", "E7.md", "./", "", "../pages/x.md"]),
)
MARKDOWN = st.one_of(
    st.builds("[{}]({})".format, st.text(max_size=8), LINK_TARGETS),
    st.builds("[{}](<{}>)".format, st.text(max_size=8), LINK_TARGETS),
    st.builds("![{}]({})".format, st.text(max_size=8), LINK_TARGETS),
    st.builds("<{}>".format, LINK_TARGETS),
    st.builds("[ref]\n\n[ref]: {}\n".format, LINK_TARGETS),
)
RAW_HTML = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>', '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>', '<a href="&#x6A;avascript&colon;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>', '<svg onload=alert(1)>', '<iframe srcdoc="<script>alert(1)</script>">',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<object data="javascript:alert(1)"></object>', '<form action="javascript:alert(1)"><button>x</button></form>',
    '<base href="javascript:alert(1)//">', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<scr<script>ipt>alert(1)</script>", "<<script>script>alert(1)</script>", "<!--<script>-->alert(1)",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', "<style>*{x:expression(alert(1))}</style>",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "<details open ontoggle=alert(1)>", '<video><source onerror="alert(1)"></video>', "<b>ok</b>", "<div>\n\n</div>",
    "<table><tr><td>x</td></tr></table>", "<textarea><script>alert(1)</script></textarea>",
    "<xmp><script>alert(1)</script></xmp>", '<a href="vbscript:msgbox(1)">x</a>', "</div></p></body>",
]
body = st.lists(
    st.one_of(st.text(), thai_text, MARKDOWN, st.sampled_from(RAW_HTML),
              st.sampled_from(["\n", "\n\n", "# ", "- ", "> ", "```\n", "    ", "| a | b |\n|---|---|\n", "*", "_"])),
    max_size=10,
).map("".join)


any_text = st.one_of(st.text(min_size=1, max_size=60), thai_text, st.sampled_from(HOSTILE))
maybe = st.integers(0, 3).map(lambda n: n == 0)  # True one time in four
GOOD_DATES = ["2567-01-15", "2024-03-31", "2566-10-01", "2567-06-01", "๒๕๖๗-๐๑-๑๕", "2567-1-5", "2024-06-01"]
SAFE_TARGETS = ["https://example.go.th/", "#top", "mailto:a@b.c", "tel:044000000", "javascript:alert(1)",
                "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "vbscript:msgbox(1)", "../pages/about.md",
                "../../files/x.pdf", "https://example.go.th/?q=<script>", "https://x.example/\"onmouseover=\"alert(1)"]
careful_body = st.lists(
    st.one_of(st.text(), thai_text, st.sampled_from(RAW_HTML),
              st.builds("[{}]({})".format, st.text(max_size=8), st.sampled_from(SAFE_TARGETS)),
              st.builds("[{}](<{}>)".format, st.text(max_size=8), st.sampled_from(SAFE_TARGETS)),
              st.sampled_from(["\n", "\n\n", "# ", "- ", "> ", "```\n", "| a | b |\n|---|---|\n", "*"])),
    max_size=10,
).map(lambda parts: "".join(parts) + "\nข้อความ\n")


@st.composite
def structured_front_matter(draw, section: str, stem: str, careful: bool) -> str:
    """Front matter with the section's keys and random texts (any Unicode, markup, hostile strings).

    ``careful``: texts never blank, dates and choices valid, no extra keys, so that many of these
    builds succeed and their HTML gets checked.
    """
    text = any_text.map(lambda t: "ข้อ " + t) if careful else any_text
    texts = st.lists(text, min_size=1, max_size=3)
    if section == "eit":
        meta = {"code": stem, "responsible": draw(text), "measures": draw(texts), "monitoring": draw(texts)}
        for name, strategy in (("deadline", st.sampled_from(GOOD_DATES if careful else DATES)), ("question", text),
                               ("options", texts), ("indicator",
                                                    st.sampled_from([7, "7", "๗"] if careful else [6, *NUMBERS])),
                               ("fiscal_year",
                                st.sampled_from([2567, "2567", "๒๕๖๗"] if careful else [2566, *NUMBERS]))):
            if draw(maybe):
                meta[name] = draw(strategy)
        if careful and stem != "E7":
            meta.pop("indicator", None)
    elif section == "actions":
        meta = {"title": draw(text), "date": draw(st.sampled_from(GOOD_DATES if careful else GOOD_DATES + DATES)),
                "items": draw(st.sampled_from([["E7"], "E7", ["e๗", "E07"]]
                                              + ([] if careful else [["E9"], ["E7", "E9"], []])))}
        if draw(maybe):
            meta["status"] = draw(st.sampled_from(["done", "in_progress"] + ([] if careful else ["Done", ""])))
        if draw(maybe):
            meta["attachments"] = draw(st.lists(
                st.sampled_from(["files/x.pdf", "https://example.go.th/a.pdf", "HTTPS://EXAMPLE.GO.TH/b"]
                                + ([] if careful else HOSTILE)), max_size=3))
    else:
        meta = {"title": draw(text)}
    if not careful and draw(st.integers(0, 3)) == 0:  # a random key, or a random value for a real key
        meta.update(draw(st.dictionaries(key, value, max_size=2)))
    return yaml.safe_dump(meta, allow_unicode=draw(st.booleans()), sort_keys=False)


@st.composite
def document(draw, section: str, stem: str, careful: bool) -> bytes:
    kind = draw(st.integers(3, 9) if careful else st.integers(0, 19))
    if kind == 0:  # random bytes: invalid UTF-8 and worse
        return draw(st.binary(max_size=300))
    if kind < 10:
        front = draw(structured_front_matter(section, stem, careful))
    else:
        front = draw(dumped_front_matter() if kind < 16 else raw_front_matter)
    layout = "---\n{fm}---\n{body}" if kind < 10 else draw(st.sampled_from(
        ["---\n{fm}---\n{body}", "---\n{fm}\n---\n{body}", "---\n{fm}{body}", "{body}", "---\n{fm}...\n{body}"]))
    text = layout.format(fm=front, body=draw(careful_body if careful else body))
    if kind == 1:  # saved by Thai Windows
        return text.encode("cp874", errors="replace")
    if kind == 2:  # BOM and CRLF
        return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8", errors="surrogatepass")
    return text.encode("utf-8", errors="surrogatepass")


@st.composite
def site_files(draw) -> dict[str, bytes | None]:
    """Relative path → file bytes (None: no such file).

    Half the examples are "careful": good file names and each file's own keys with random values, so
    that a fair share of builds succeed and their HTML is checked; the other half is anything.
    """
    careful = draw(st.booleans())
    code = draw(st.sampled_from(["E7", "E9"]))
    action = draw(st.sampled_from(["2024-01-15-meeting", "2024-06-02-later"] + ([] if careful else ["x-", "ก"])))
    page = draw(st.sampled_from(["about", "x"] + ([] if careful else ["index", "ก ข"])))
    return {
        f"eit/2567/{code}.md": draw(st.none() | document("eit", code, careful)),
        f"actions/2567/{action}.md": draw(st.none() | document("actions", action, careful)),
        f"pages/{page}.md": draw(st.none() | document("pages", page, careful)),
    }


# --- the property ---------------------------------------------------------------------------------


class Hang(Exception):
    pass


def _alarm(*_):
    raise Hang(f"build took more than {HANG_SECONDS} s")


# Bugs already reported (each pinned by a strict xfail below). Matched by exception type and the
# module/function that raises, so a new crash of the same type elsewhere is still a failure.
KNOWN_BUGS: list = []  # every bug these tests found is fixed; pin new ones here with a strict xfail


def _known(exc: BaseException) -> str | None:
    frames = traceback.extract_tb(exc.__traceback__)
    for exc_type, file_end, function, innermost, test in KNOWN_BUGS:
        if (isinstance(exc, exc_type)
                and any(f.filename.endswith(f"sitegen/{file_end}") and f.name == function for f in frames)
                and (innermost is None or frames[-1].filename.endswith(innermost))):
            return test
    return None


URL_ATTRS = {"href", "src", "action", "formaction", "poster", "srcset", "xlink:href", "data", "background", "cite"}


class _Audit(HTMLParser):
    """Collects what must never be in a page: script tags, event handlers, javascript:/data: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "base", "form"):
            self.problems.append(f"<{tag}>")
        for name, val in attrs:  # every attribute, duplicates included
            squeezed = re.sub(r"[\x00-\x20]", "", val or "").lower()
            if name.startswith("on") or name == "style":
                self.problems.append(f"<{tag} {name}=>")
            if name in URL_ATTRS and squeezed.startswith(("javascript:", "vbscript:", "data:")):
                self.problems.append(f"<{tag} {name}={val!r}>")
        named = dict(attrs)
        if tag == "meta" and (named.get("http-equiv") or "").lower() == "refresh":  # a redirect: where to?
            target = re.sub(r"[\x00-\x20]", "", (named.get("content") or "").partition("=")[2]).lower()
            if target.startswith(("javascript:", "vbscript:", "data:")) or not target:
                self.problems.append(f"<meta http-equiv=refresh content={named.get('content')!r}>")

    handle_startendtag = handle_starttag


def check_output(files) -> None:
    pages = [f for f in files if f.data is not None and f.path.endswith(".html")]
    assert pages
    for f in pages:
        html = f.data.decode("utf-8")  # raises if not UTF-8
        if f.path == "search/index.html":  # the theme's own search form and script (its one script), only these
            html = re.sub(r'<script src="[^"<>]*/static/search\.js" defer></script>', "", html, count=1)
            html = re.sub(r'<form class="search-form" role="search" action="[^"<>]*" method="get"'
                          r' data-index="[^"<>]*" data-base="[^"<>]*">', "", html, count=1)
        assert "<script" not in html.lower(), f.path
        audit = _Audit()
        audit.feed(html)
        audit.close()
        assert audit.problems == [], (f.path, audit.problems)


def build_once(files: dict[str, bytes | None]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        for rel, text in {"site.yaml": SITE_YAML.encode(), "eit/2567/E7.md": ITEM_E7.encode(),
                          "files/x.pdf": b"%PDF-1.4\n"}.items():
            (content / rel).parent.mkdir(parents=True, exist_ok=True)
            (content / rel).write_bytes(text)
        for rel, data in files.items():
            if data is not None:
                (content / rel).parent.mkdir(parents=True, exist_ok=True)
                (content / rel).write_bytes(data)
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
        try:
            result = build(content, TEMPLATES, AS_OF)
        except SiteErrors:
            event("SiteErrors")
            return
        except Exception as exc:
            known = _known(exc)
            if known is None:
                raise
            event(f"known bug: {known}")
            return
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        event("built")
        check_output(result.files)


# The default run stays quick with 100 random sites (about 2 s); the slow run below tries 20 000.
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(site_files())
def test_random_content_never_crashes_the_build(files):
    build_once(files)


@pytest.mark.slow
@settings(max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(site_files())
def test_random_content_never_crashes_the_build_slow(files):
    build_once(files)


# --- the bugs found, pinned -----------------------------------------------------------------------

def build_with(files: dict[str, str | bytes], seconds: float | None = None):
    """Build the default site plus ``files``; return the result or the SiteErrors raised.

    With ``seconds``, a build that runs longer raises TimeoutError.
    """
    def timeout(*_):
        raise TimeoutError(f"the build took more than {seconds} s")

    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        for rel, data in {"site.yaml": SITE_YAML, "eit/2567/E7.md": ITEM_E7, **files}.items():
            (content / rel).parent.mkdir(parents=True, exist_ok=True)
            (content / rel).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        if seconds:
            old = signal.signal(signal.SIGALRM, timeout)
            signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return build(content, TEMPLATES, AS_OF)
        except SiteErrors as exc:
            return exc
        finally:
            if seconds:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)


def errors_at(result, prefix: str) -> list[str]:
    assert isinstance(result, SiteErrors), "the build succeeded"
    return [str(e) for e in result.errors if str(e).startswith(prefix)]


@pytest.mark.parametrize("files", [
    {"pages/about.md": b"---\n\x1fcode: E7\n---\n"},  # hypothesis' minimal example
    {"pages/about.md": "---\ntitle: ประกาศ\x0b\n---\nข้อความ\n"},  # a vertical tab pasted from Word
    {"site.yaml": SITE_YAML + "contact:\n  phone: 0-4400-0000\x01\n"},
], ids=["page", "page-vtab", "site.yaml"])
def test_control_character_in_front_matter(files):
    result = build_with(files)
    path = "content/" + next(iter(files))
    assert errors_at(result, f"{path}:"), result


# A value nested a thousand deep was a RecursionError in PyYAML's composer until 280266d; now a clear error.
@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_deeply_nested_front_matter(opening):
    result = build_with({"eit/2567/E9.md": "---\nk: " + opening * 1000 + "\n---\n"})
    assert errors_at(result, "content/eit/2567/E9.md:2: ")


@pytest.mark.parametrize("value", ["!!int x", "!!float x", "!!bool maybe", "!!timestamp 2566-02-30", "9" * 5000],
                         ids=["int", "float", "bool", "timestamp", "5000-digits"])
def test_values_pyyaml_cannot_construct(value):
    result = build_with({"pages/about.md": f"---\ntitle: {value}\n---\nข้อความ\n"})
    assert errors_at(result, "content/pages/about.md:2: ")


@pytest.mark.parametrize("line", ['indicator: "²"', 'fiscal_year: "①"', 'indicator: "' + "9" * 5000 + '"',
                                  "code: E" + "7" * 5000],
                         ids=["superscript", "circled", "5000-digits", "code-5000-digits"])
def test_numbers_that_int_rejects(line):
    item = ITEM_E7.replace("code: E7\n", "") if line.startswith("code") else ITEM_E7
    result = build_with({"eit/2567/E7.md": item.replace("---\n", f"---\n{line}\n", 1)})
    assert errors_at(result, "content/eit/2567/E7.md:2: ")


# Nine levels of `&aN [*aM, ×9]` (under 500 bytes) made lint_document visit 9**9 strings (8 levels: 50 s,
# 10: over an hour) until 079036c, which refuses YAML aliases.
def test_yaml_alias_bomb_does_not_hang_the_build():
    result = build_with({"pages/about.md": f"---\n{alias_bomb(8)}title: x\n---\nข้อความ\n"}, seconds=2)
    assert errors_at(result, "content/pages/about.md:3: ")  # the first *alias
