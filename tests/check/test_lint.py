"""Thai text lint (warnings): what it flags, what it must not flag, where it points, and the CLI.

Table-driven: each flagged case names the English phrase its message must contain, so a case that
is flagged for the wrong reason fails too. The no-false-positive sample is the real content of this
repository, the official EIT/OIT wording in the catalogs, and a list of words with every kind of
stacked mark. Last, the compiled pattern ``lint.lint_text`` searches with (``lint.SUSPECT``) flags exactly what
the plain loop over every character that it replaced flags, on random Thai-heavy text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, write_tree
from sitegen.check import lint
from sitegen.check.lint import lint_document, lint_text
from sitegen.load.content import load_content, load_document

AS_OF = ("--as-of", "2567-06-01")
SEED = ROOT / "tests" / "fixtures" / "seed-sratakhian-2566-6m.txt"

WRONG_ORDER = "wrong order after a vowel"
TONE_FIRST = "tone mark typed before the vowel"
NO_CONSONANT = "no consonant before it"
TWICE = "same mark typed twice"
STACKED = "two tone marks or signs stacked"
DOUBLED = "doubled phrase"
INVISIBLE = "invisible"


def english(text: str) -> list[str]:
    return [en for _, _, en in lint_text(text)]


# --- flagged --------------------------------------------------------------------------------------

FLAGGED = [
    # (id, text, phrase the English message must contain)
    ("seed-tone-after-sara-aa", "อำเภอเสิงสา่ง", WRONG_ORDER),
    ("tone-after-sara-e", "เ่ก", WRONG_ORDER),
    ("tone-after-sara-am", "นำ้", WRONG_ORDER),
    ("tone-before-sara-ii", "ก\u0e48\u0e35", TONE_FIRST),  # ก + ่ + ี (should be ก + ี + ่)
    ("tone-before-mai-han-akat", "ช\u0e48\u0e31ว", TONE_FIRST),  # ช + ่ + ั + ว
    ("tone-before-sara-ue", "ม\u0e49\u0e37อ", TONE_FIRST),
    ("tone-at-line-start", "\u0e48กา", NO_CONSONANT),
    ("vowel-at-line-start", "\u0e34ก", NO_CONSONANT),
    ("tone-after-space", "ก \u0e49", NO_CONSONANT),
    ("vowel-after-space", "คำ \u0e35ดี", NO_CONSONANT),
    ("tone-after-latin", "facebook\u0e48", NO_CONSONANT),
    ("vowel-after-latin", "E\u0e35", NO_CONSONANT),
    ("tone-after-thai-digit", "\u0e57\u0e48", NO_CONSONANT),
    ("tone-after-punctuation", "(\u0e48)", NO_CONSONANT),
    ("tone-twice", "ก\u0e48\u0e48", TWICE),
    ("vowel-twice", "ก\u0e35\u0e35", TWICE),
    ("thanthakhat-twice", "ศักดิ\u0e4c\u0e4c", TWICE),
    ("mai-ek-then-mai-tho", "ก\u0e48\u0e49", STACKED),
    ("mai-tho-then-mai-tri", "ก\u0e49\u0e4a", STACKED),
    ("tone-then-thanthakhat", "ก\u0e48\u0e4c", STACKED),
    ("doubled-phrase", "มากน้อยเพียงใดเพียงใด", DOUBLED),
    ("doubled-phrase-seed-spacing", "มากน้อย เพียงใดเพียงใด", DOUBLED),
    ("zero-width-space", "ประชา\u200bสัมพันธ์", INVISIBLE),
    ("zero-width-non-joiner", "ประชา\u200cสัมพันธ์", INVISIBLE),
    ("zero-width-joiner", "ประชา\u200dสัมพันธ์", INVISIBLE),
    ("word-joiner", "ประชา\u2060สัมพันธ์", INVISIBLE),
    ("feff-inside-text", "ประชา\ufeffสัมพันธ์", INVISIBLE),
    ("soft-hyphen", "ประชา\u00adสัมพันธ์", INVISIBLE),
    *((f"bidi-U+{c:04X}", f"abc{chr(c)}def", INVISIBLE) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))),
    *((f"C0-U+{c:04X}", f"ก{chr(c)}ข", INVISIBLE) for c in range(0x20) if chr(c) not in "\t\n"),
    ("delete", "ก\x7fข", INVISIBLE),
    ("C1-next-line", "ก\x85ข", INVISIBLE),
]


@pytest.mark.parametrize("text, expected", [pytest.param(t, e, id=i) for i, t, e in FLAGGED])
def test_flagged(text, expected):
    found = english(text)
    assert found, f"{text!r} is not flagged"
    assert any(expected in en for en in found), found


def test_invisible_message_names_the_code_point():
    (en,) = english("ก\u200bข")
    assert "U+200B" in en and "zero-width space" in en
    (en,) = english("ก\x01ข")
    assert "U+0001" in en


@pytest.mark.parametrize("char", ["\u200e", "\u200f", "\u061c"], ids=["LRM", "RLM", "ALM"])
def test_all_bidi_controls_are_flagged(char):
    assert english(f"abc{char}def")


def test_tab_and_newline_are_not_flagged():
    assert english("ก\tข\nค\tง") == []


def test_each_problem_reported_once_per_spot():
    assert len(english("อำเภอเสิงสา่ง")) == 1
    assert len(english("ก\u200b\u200bข")) == 2  # two characters, two warnings


def test_offsets_are_lines_within_the_text():
    text = "บรรทัดแรก\nบรรทัดสอง\nอำเภอเสิงสา่ง\n\nเพียงใดเพียงใด"
    found = [(offset, en) for offset, _, en in lint_text(text)]
    assert [offset for offset, _ in found] == [2, 4]
    assert WRONG_ORDER in found[0][1] and DOUBLED in found[1][1]


def test_quoted_word_does_not_start_with_a_combining_mark():
    marks = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
    for text in ("อำเภอเสิงสา่ง", "ที่ตั้งก\u0e48\u0e35", "ผู้บริหารกำ\u0e49"):
        for _, _, en in lint_text(text):
            word = en.split("“")[1].split("”")[0]
            assert word and word[0] not in marks, (text, word)


def test_messages_are_thai_and_english_with_a_fix():
    for _, th, en in lint_text("อำเภอเสิงสา่ง ก\u200bข เพียงใดเพียงใด"):
        assert " — " in th and " — " in en
        assert any("\u0e01" <= c <= "\u0e5b" for c in th.split(" — ")[1])


def test_the_seed_document_gives_exactly_its_two_known_typos():
    found = [(offset, en) for offset, _, en in lint_text(SEED.read_text("utf-8"))]
    lines = SEED.read_text("utf-8").split("\n")
    assert len(found) == 2, found
    assert "เสิงสา่ง" in lines[found[0][0]] and WRONG_ORDER in found[0][1]
    assert "เพียงใดเพียงใด" in lines[found[1][0]] and DOUBLED in found[1][1]


# --- not flagged ----------------------------------------------------------------------------------

CORRECT = [
    "น้ำ", "ที่", "นี่", "กี่", "ปี่", "ผู้", "ศักดิ์ศรี", "ทุ่มเท", "ประชาสัมพันธ์", "กั้น", "ชั่ว", "เลื่อน",
    "ฯลฯ", "ๆ", "ต่าง ๆ", "ต่างๆ", "เด็ก ๆ", "E๗", "E7", "๐๑๒๓๔๕๖๗๘๙", "พ.ศ. ๒๕๖๖", "facebookหน่วยงาน",
    "ไลน์หน่วยงาน", "ก๋วยเตี๋ยว", "จ๊ะ", "กิ๊ก", "เก็บ", "ก็", "ไม่", "สิ่ง", "ฤๅษี", "ฤทธิ์", "พฤษภาคม", "ทั้งนี้",
    "กษัตริย์", "รัฐธรรมนูญ", "องค์การบริหารส่วนตำบล", "อำเภอเสิงสาง", "เพื่อให้", "ซื่อสัตย์", "สุจริต", "คุ้มค่า",
    "ผู้บริหาร", "เบอร์โทรศัพท์", "สม่ำเสมอ", "ปี่พาทย์", "พุทธ", "ธรรมํ", "พุทฺโธ", "ตุ๊กตา", "ปู่", "อู๋", "ผู้ใหญ่บ้าน",
    # repetitions of fewer than four characters are ordinary Thai, not doubled phrases
    "เจ้าหน้าที่ที่รับผิดชอบ", "คณะกรรมการการเลือกตั้ง", "มากมาก", "ที่ที่",
    # mixed scripts, punctuation and markup
    "ติดต่อ https://www.facebook.com/หน่วยงาน (ไลน์: @sratakhian)", "**ตัวหนา** _เอียง_ [ลิงก์](../eit/2566/index.md)",
    "<b>ตัวหนา</b>", "“อยู่ระหว่างดำเนินการ”", "ก\tข", "\n\n",
]


@pytest.mark.parametrize("text", CORRECT)
def test_correct_thai_is_not_flagged(text):
    assert english(text) == []


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)


def test_the_repository_content_gives_no_warning():
    content, errors = load_content(ROOT / "content")
    assert errors == []
    assert len(content.docs) >= 10
    warnings = [str(w) for doc in content.docs for w in lint_document(doc)]
    assert warnings == []
    site = yaml.safe_load((ROOT / "content" / "site.yaml").read_text("utf-8"))
    assert [en for s in _strings(site) for en in english(s)] == []


def test_the_catalog_wording_gives_no_warning():
    texts = [s for path in sorted((ROOT / "sitegen" / "catalog" / "data").glob("*.yaml"))
             for s in _strings(yaml.safe_load(path.read_text("utf-8")))]
    assert sum(map(len, texts)) > 10_000  # a real sample of official Thai
    assert [(t, en) for t in texts for en in english(t)] == []


# --- line numbers ---------------------------------------------------------------------------------

def test_body_warning_points_at_its_file_line(tmp_path):
    write_tree(tmp_path, """\
        -- pages/about.md --
        ---
        title: เกี่ยวกับเรา
        ---

        ย่อหน้าแรก

        อำเภอเสิงสา่ง จังหวัดนครราชสีมา
        """)
    doc = load_document(tmp_path, PurePosixPath("pages/about.md"))
    (warning,) = lint_document(doc)
    assert (warning.path, warning.line, warning.warning) == (f"{tmp_path.name}/pages/about.md", 7, True)


def test_front_matter_warnings_point_at_the_key_and_the_list_entry(tmp_path):
    write_tree(tmp_path, """\
        -- eit/2567/E7.md --
        ---
        code: E7
        responsible: งานประชา\u200bสัมพันธ์
        measures:
          - เผยแพร่ผลงานทุกเดือน
          - ตอบคำถามมากน้อยเพียงใดเพียงใด
        monitoring:
          - รายงานผู้บริหาร
          - ผู้บริหารกำกับติดตามทุกเดือน
          - ก\u0e48\u0e35
        ---
        หมายเหตุ
        """)
    doc = load_document(tmp_path, PurePosixPath("eit/2567/E7.md"))
    found = sorted((w.line, w.en.split(":")[0]) for w in lint_document(doc))
    assert found == [(3, "'responsible'"), (6, "'measures'"), (10, "'monitoring'")]


def test_inline_list_entries_point_at_their_line(tmp_path):
    write_tree(tmp_path, """\
        -- actions/2567/2024-01-15-x.md --
        ---
        title: ประชุม
        date: 2567-01-15
        items: [E7]
        attachments: [files/a.pdf, "ก\u200bข"]
        ---
        """)
    doc = load_document(tmp_path, PurePosixPath("actions/2567/2024-01-15-x.md"))
    (warning,) = lint_document(doc)
    assert warning.line == 5


def test_line_numbers_after_a_unicode_line_separator_in_a_value(tmp_path):
    write_tree(tmp_path, """\
        -- pages/about.md --
        ---
        title: "เกี่ยวกับ\u2028เรา"
        note: เพียงใดเพียงใด
        ---
        ข้อความ
        """)
    doc = load_document(tmp_path, PurePosixPath("pages/about.md"))
    assert doc.lines["note"] == 3
    assert [w.line for w in lint_document(doc) if "doubled" in w.en] == [3]


def test_sample_text_is_a_warning_per_value_and_body_line_naming_the_key(tmp_path):
    write_tree(tmp_path, """\
        -- eit/2567/E7.md --
        ---
        # (ข้อความตัวอย่าง) in a comment is an instruction, not published
        code: E7
        responsible: (ข้อความตัวอย่าง) งานประชาสัมพันธ์
        measures:
          - เผยแพร่ผลงานทุกเดือน
          - (ข้อความตัวอย่าง) ตอบคำถาม
        monitoring: [รายงานผู้บริหาร]
        ---
        หมายเหตุ
        (ข้อความตัวอย่าง) เขียนที่นี่
        ตัวอย่าง (ตัวอย่าง) ข้อความตัวอย่าง: ไม่ใช่เครื่องหมาย
        """)
    doc = load_document(tmp_path, PurePosixPath("eit/2567/E7.md"))
    found = [(w.line, w.th.split(" — ")[0], w.warning) for w in lint_document(doc)]
    assert found == [(4, "ข้อความตัวอย่าง ยังไม่ได้แก้ (responsible)", True),
                     (7, "ข้อความตัวอย่าง ยังไม่ได้แก้ (measures[1])", True), (11, "ข้อความตัวอย่าง ยังไม่ได้แก้", True)]


def test_sample_text_in_site_yaml_points_at_its_line(make_site):
    from sitegen.check.lint import lint_site_yaml
    from sitegen.load.config import read_config

    content = make_site()
    site = (content / "site.yaml").read_text(encoding="utf-8")
    (content / "site.yaml").write_text(site + 'contact:\n  email: a@b.go.th\n  phone: "(ข้อความตัวอย่าง) 044"\n',
                                       encoding="utf-8")
    warnings = lint_site_yaml(read_config(content)[1])
    line = site.count("\n") + 3
    assert [(w.line, "(contact.phone)" in w.en, "--strict" in w.en) for w in warnings] == [(line, True, True)]


# --- end to end -----------------------------------------------------------------------------------

def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


LINTED_PAGE = """\
-- pages/about.md --
---
title: เกี่ยวกับเรา
---
ตั้งอยู่ในอำเภอเสิงสา่ง
"""
PREFIX = "content/pages/about.md:4: "


def _message(err: str, prefix: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith(prefix)]
    assert len(lines) == 1, err
    return lines[0]


def test_build_with_a_lint_problem_succeeds_and_warns(make_site, run, tmp_path):
    content = make_site(LINTED_PAGE)
    code, out, err = run("build", *AS_OF, content=content)
    assert code == 0, err
    line = _message(err, PREFIX)
    assert "warning" in line and "คำเตือน" in line and "สา่ง" in line
    assert "อำเภอเสิงสา่ง" in (tmp_path / "output/about/index.html").read_text("utf-8")  # shown as typed


def test_check_strict_turns_the_warning_into_an_error(make_site, run):
    content = make_site(LINTED_PAGE)
    code, _, plain = run("check", *AS_OF, content=content)
    assert code == 0, plain
    code, _, strict = run("check", *AS_OF, "--strict", content=content)
    assert code == 1, strict
    warned, failed = _message(plain, PREFIX), _message(strict, PREFIX)
    assert warned.rsplit("  [", 1)[0] == failed.rsplit("  [", 1)[0]  # the same message, only the label differs
    assert "error" in failed.rsplit("  [", 1)[1]


def test_build_strict_with_warnings_leaves_the_previous_output_untouched(make_site, run, tmp_path):
    content = make_site()
    out = tmp_path / "output"
    assert run("build", *AS_OF, content=content, out=out)[0] == 0
    before = snapshot(out)
    write_tree(content, LINTED_PAGE)
    code, _, err = run("build", *AS_OF, "--strict", content=content, out=out)
    assert code == 1, err
    _message(err, PREFIX)
    assert snapshot(out) == before
    kept = sorted(p.name for p in tmp_path.iterdir() if p.name != ".sitegen-cache")  # the cache is kept on purpose
    assert kept == [".output.lock", "content", "output"]  # no temporary folder
    code, _, err = run("build", *AS_OF, content=content, out=out)  # without --strict it goes through
    assert code == 0 and "about/index.html" in snapshot(out)


def test_a_bom_and_crlf_file_is_not_linted_for_them(make_site, run):
    content = make_site()
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_bytes("\ufeff---\r\ntitle: เกี่ยวกับเรา\r\n---\r\nข้อความ\r\n".encode("utf-8"))
    # before 31 Mar no round has ended, so the site has no other warning
    code, _, err = run("check", "--as-of", "2567-03-01", "--strict", content=content)
    assert code == 0, err


# --- cost -----------------------------------------------------------------------------------------

def _thai_without_repeats(n: int) -> str:
    import random

    rng = random.Random(1)
    return "".join(rng.choice([chr(c) for c in range(0x0E01, 0x0E2F)]) for _ in range(n))


# The two guards below catch a quadratic search (10^10 steps on these inputs: hours), not a slow machine:
# their bounds are far above the linear cost (well under a second), so a busy CI never trips them.
GUARD_SECONDS = 30


def test_long_lines_of_spaced_thai_are_cheap():
    import time

    letters = _thai_without_repeats(100_000)
    text = " ".join(letters[i:i + 30] for i in range(0, len(letters), 30))
    started = time.perf_counter()
    list(lint_text(text))
    assert time.perf_counter() - started < GUARD_SECONDS


def test_lint_of_a_long_unspaced_thai_line_is_not_quadratic():
    import signal

    def timeout(*_):
        raise TimeoutError(f"lint_text took more than {GUARD_SECONDS} s on 40,000 characters")

    text = _thai_without_repeats(40_000)
    old = signal.signal(signal.SIGALRM, timeout)
    signal.setitimer(signal.ITIMER_REAL, GUARD_SECONDS)
    try:
        list(lint_text(text))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# --- the compiled pattern = the per-character rules ------------------------------------------------

def reference(text: str) -> Iterator[tuple[int, str, str]]:
    """The rules as first written: a Python loop over every character of every line."""
    for offset, line in enumerate(text.split("\n")):
        for i, ch in enumerate(line):
            if ch in lint.MARKS:
                problem = lint._mark_problem(line, i)
                if problem:
                    start = max(0, i - 4)
                    while start > 0 and line[start] in lint.MARKS:
                        start -= 1
                    word = line[start: i + 3].strip()
                    yield (offset, f"{problem[0]} ใน “{word}” — พิมพ์คำนี้ใหม่",
                           f"{problem[1]} in “{word}” — retype this word")
            elif ch in lint.INVISIBLE or (unicodedata.category(ch) == "Cc" and ch != "\t"):
                name = lint.INVISIBLE.get(ch, "control character")
                yield (offset, f"มีอักขระที่มองไม่เห็น (U+{ord(ch):04X}) — ลบออก",
                       f"invisible {name} U+{ord(ch):04X} — delete it")
        for match in lint.DOUBLED.finditer(line):
            yield (offset, f"ข้อความซ้ำกัน “{match.group(0)}” — ลบคำที่ซ้ำ",
                   f"a doubled phrase “{match.group(0)}” — delete the repeat")


THAIISH = st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F),
    st.sampled_from([" ", "\n", "\t", "\r", "a", "\x00", "\x7f", "\x85", "\u200b", "\ufeff", "\u202e", "\u00ad"]),
), max_size=80)


@settings(max_examples=1000, deadline=None)
@given(THAIISH)
def test_the_pattern_flags_what_the_rules_flag(text: str) -> None:
    assert list(lint.lint_text(text)) == list(reference(text))


@given(st.sampled_from(sorted(lint.VOWELS_ABOVE_BELOW)), st.sampled_from(sorted(lint.MARKS)))
def test_every_pair_after_a_consonant(first: str, second: str) -> None:
    text = f"ก{first}{second} ข"
    assert list(lint.lint_text(text)) == list(reference(text))


def test_a_clean_line_and_a_mistyped_one() -> None:
    assert list(lint.lint_text("สวัสดีครับ\nอำเภอเมือง")) == []
    assert [line for line, _, _ in lint.lint_text("สวัสดี\nเสิงสา่ง")] == [1]
