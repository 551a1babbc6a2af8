"""Check stage, lint: warnings about Thai text that is probably mistyped, and about sample text that sitegen wrote
and nobody has edited yet (the build still succeeds; ``--strict``, the publish workflow's check, fails).

Thai stacks marks on a consonant in a fixed order: consonant, then an above/below vowel, then a tone
mark or other sign. Word processors accept any order and show the result almost right, so these
mistakes survive into PDFs (the seed's "เสิงสา่ง" is one: the tone mark was typed after the vowel า).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from sitegen import messages
from sitegen.load.content import SourceDoc
from sitegen.errors import SiteError

CONSONANTS = {chr(c) for c in range(0x0E01, 0x0E2F)}
VOWELS_ABOVE_BELOW = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47")
TONES_AND_SIGNS = set("\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
MARKS = VOWELS_ABOVE_BELOW | TONES_AND_SIGNS
SPACING_VOWELS = set("\u0e30\u0e32\u0e33\u0e40\u0e41\u0e42\u0e43\u0e44\u0e45")
INVISIBLE = {
    "\u200b": "zero-width space", "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner",
    "\u2060": "word joiner", "\u200e": "left-to-right mark", "\u200f": "right-to-left mark",
    "\u061c": "Arabic letter mark", "\u2028": "line separator", "\u2029": "paragraph separator",
    "\x85": "next-line character", "\ufeff": "zero-width no-break space (BOM)", "\u00ad": "soft hyphen",
    **{chr(c): "bidirectional control" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}
# Bounded phrase length keeps the search linear on long unspaced Thai runs.
DOUBLED = re.compile(r"([\u0e01-\u0e4e]{4,40})\1")


def _mark_problem(text: str, i: int) -> tuple[str, str] | None:
    """Why the combining mark at ``text[i]`` is misplaced, or None."""
    prev = text[i - 1] if i else ""
    mark = text[i]
    if prev in SPACING_VOWELS:
        return ("วรรณยุกต์หรือสระพิมพ์สลับลำดับกับสระ", "a tone mark or vowel typed in the wrong order after a vowel")
    if prev == mark:
        return ("พิมพ์เครื่องหมายซ้ำสองครั้ง", "the same mark typed twice")
    if prev in TONES_AND_SIGNS and mark in VOWELS_ABOVE_BELOW:
        return ("วรรณยุกต์อยู่ก่อนสระบน/ล่าง (ควรพิมพ์สระก่อน)", "a tone mark typed before the vowel above/below it")
    if prev in MARKS and mark in MARKS and prev in TONES_AND_SIGNS:
        return ("มีวรรณยุกต์หรือเครื่องหมายซ้อนกันเกินหนึ่งตัว", "two tone marks or signs stacked on one consonant")
    if prev not in CONSONANTS and prev not in MARKS:
        return ("สระหรือวรรณยุกต์ไม่มีพยัญชนะนำหน้า", "a vowel or tone mark with no consonant before it")
    return None


def _class(chars: Iterable[str]) -> str:
    return "".join(re.escape(c) for c in sorted(chars))


# The per-character rules of _mark_problem, as one pattern that finds only the characters they flag,
# so the scan runs in C instead of a Python loop over every character. A mark is in place after a
# consonant, or after an above/below vowel other than itself; every other mark is flagged (a tone
# mark or sign before it, a spacing vowel, no consonant, the same vowel twice). Then every invisible
# character and every control character (category Cc: U+0000–001F, U+007F–009F) but the tab and the
# line end (which a line never holds).
# Each branch starts with the character it matches (the look-behind comes after it), so the regex
# engine skips ahead to the next candidate character in C instead of trying every position.
SUSPECT = re.compile(
    f"[{_class(MARKS)}](?<![{_class(CONSONANTS | VOWELS_ABOVE_BELOW)}][{_class(MARKS)}])"
    + "".join(f"|{re.escape(v)}(?<={re.escape(v * 2)})" for v in sorted(VOWELS_ABOVE_BELOW))
    + rf"|[{_class(INVISIBLE)}\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def lint_text(text: str) -> Iterator[tuple[int, str, str]]:
    """Yield (line offset from 0, Thai message, English message) for each suspicious spot in ``text``."""
    if SUSPECT.search(text) is None and DOUBLED.search(text) is None:
        return  # the usual text: nothing to say, found without a Python loop
    for offset, line in enumerate(text.split("\n")):
        for found in SUSPECT.finditer(line):
            i, ch = found.start(), found.group()
            if ch in MARKS:
                problem = _mark_problem(line, i)
                if problem:
                    start = max(0, i - 4)
                    while start > 0 and line[start] in MARKS:  # never quote from the middle of a cluster
                        start -= 1
                    word = line[start: i + 3].strip()
                    yield (offset, f"{problem[0]} ใน “{word}” — พิมพ์คำนี้ใหม่",
                           f"{problem[1]} in “{word}” — retype this word")
            else:
                name = INVISIBLE.get(ch, "control character")
                yield (offset, f"มีอักขระที่มองไม่เห็น (U+{ord(ch):04X}) — ลบออก",
                       f"invisible {name} U+{ord(ch):04X} — delete it")
        for match in DOUBLED.finditer(line):
            yield (offset, f"ข้อความซ้ำกัน “{match.group(0)}” — ลบคำที่ซ้ำ",
                   f"a doubled phrase “{match.group(0)}” — delete the repeat")


SAMPLE_MARK = "(ข้อความตัวอย่าง)"
"""What sitegen writes before every sample text and placeholder (``init``'s starter files, ``new``'s drafts):
visible where it would be published, and deleted as staff replace the text with their own."""


def _texts(value: object, path: str) -> Iterator[tuple[str, str]]:
    """(path, text) of every text in a YAML value, by the paths of ``SourceDoc.lines``: ``measures[0]``,
    ``contact.phone``."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, entry in enumerate(value):
            yield from _texts(entry, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, entry in value.items():
            yield from _texts(entry, f"{path}.{key}")


def _sample(shown: str, line: int | None, where: str) -> SiteError:
    return messages.SAMPLE_TEXT.warning(shown, line, where=where, mark=SAMPLE_MARK)


def sample_text(shown: str, meta: dict[str, object], lines: dict[str, int], body: str = "",
                body_line: int = 1) -> list[SiteError]:
    """A warning per value and body line that still holds ``SAMPLE_MARK``, at its line."""
    found = [_sample(shown, lines.get(path) or lines.get(key), f" ({path})")
             for key, value in meta.items() for path, text in _texts(value, key) if SAMPLE_MARK in text]
    if SAMPLE_MARK in body:
        found += [_sample(shown, body_line + offset, "") for offset, line in enumerate(body.split("\n"))
                  if SAMPLE_MARK in line]
    return found


def lint_site_yaml(site_yaml: SourceDoc) -> list[SiteError]:
    """Warnings for ``site.yaml``: the values that still hold sample text (its names and contact details are not
    prose, so the Thai typing checks do not run on it)."""
    return sample_text(site_yaml.shown, site_yaml.meta, site_yaml.lines)


def lint_document(doc: SourceDoc) -> list[SiteError]:
    """Warnings for the front-matter values and body of one document."""
    warnings = sample_text(doc.shown, doc.meta, doc.lines, doc.body, doc.body_line)
    for key, value in doc.meta.items():
        for where, text in _texts(value, key):
            line = doc.lines.get(where) or doc.lines.get(key)
            for _, th, en in lint_text(text):
                warnings.append(SiteError(doc.shown, line, f"'{key}': {th}", f"'{key}': {en}", warning=True))
    for offset, th, en in lint_text(doc.body):
        warnings.append(SiteError(doc.shown, doc.body_line + offset, th, en, warning=True))
    return warnings
