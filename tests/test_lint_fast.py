"""Lint stage: the compiled pattern flags exactly what the per-character rules flag.

``lint.lint_text`` finds suspicious characters with one regular expression (``lint.SUSPECT``); this
checks it against the plain loop over every character that it replaced, on random Thai-heavy text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen import lint


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
                    yield offset, f"{problem[0]} ใน “{word}” — พิมพ์คำนี้ใหม่", f"{problem[1]} in “{word}” — retype this word"
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
