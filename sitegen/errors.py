"""The one error type: a problem in a source file, with its position, in Thai and English."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(eq=False)  # not frozen: a frozen exception breaks when __traceback__ is set
class SiteError(Exception):
    """A problem in the content, printed as ``path:line: ภาษาไทย | English``.

    ``th`` and ``en`` each say what is wrong and, after " — ", how to fix it.
    ``path`` is relative to the project (e.g. ``content/eit/2566/E7.md``); ``line`` is 1-based.
    """

    path: PurePath | str
    line: int | None
    th: str
    en: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        # One problem, one line: a line break quoted from the content must not forge a second message.
        return _ONE_LINE.sub(lambda m: f"\\u{ord(m.group()):04x}", f"{where}: {self.th} | {self.en}")

    def sort_key(self) -> tuple[str, int]:
        return (str(self.path), self.line or 0)


class Invalid(ValueError):
    """A helper's refusal of one value, as Thai and English fields (each: what is wrong — how to fix).

    The helper does not know the file and line; its caller does, and turns this into a SiteError.
    A ValueError, so that command-line parsers (argparse types) catch it like any bad value."""

    def __init__(self, th: str, en: str):
        super().__init__(f"{th} | {en}")
        self.th, self.en = th, en


class SiteErrors(Exception):
    """All the problems of one build, raised once at the end of a stage.

    ``warnings`` are the build's warnings so far: a failed build still reports them (after its errors)."""

    def __init__(self, errors: list[SiteError], warnings: Iterable[SiteError] = ()):
        self.errors = sorted(errors, key=SiteError.sort_key)
        self.warnings = sorted(warnings, key=SiteError.sort_key)
        super().__init__("\n".join(str(e) for e in self.errors))


def raise_if_any(errors: list[SiteError]) -> None:
    """Raise SiteErrors when ``errors`` holds any real error (warnings alone pass, and ride along)."""
    real = [e for e in errors if not e.warning]
    if real:
        raise SiteErrors(real, [e for e in errors if e.warning])


LABELS = {False: "ผิดพลาด/error", True: "คำเตือน/warning"}


def _words(problem: SiteError) -> tuple[list[str], str, list[str], str]:
    """The message's "what is wrong" words and its fix (after " — "), in Thai and in English."""
    what_th, _, fix_th = problem.th.partition(" — ")
    what_en, _, fix_en = problem.en.partition(" — ")
    return what_th.split(" "), fix_th, what_en.split(" "), fix_en


def _runs(words: list[str], fixed: list[bool]) -> list[str]:
    """The runs of words where the messages differ, each run joined by spaces."""
    runs: list[str] = []
    for i, word in enumerate(words):
        if fixed[i]:
            continue
        if i and not fixed[i - 1]:
            runs[-1] += " " + word
        else:
            runs.append(word)
    return runs


def _template(words: list[str], fixed: list[bool]) -> str:
    return " ".join(w if fixed[i] else "…" for i, w in enumerate(words) if fixed[i] or not i or fixed[i - 1])


def _same(columns: list[list[str]]) -> list[bool]:
    return [len(set(column)) == 1 for column in zip(*columns)]


def _enough(fixed: list[bool]) -> bool:
    """Messages that share at least half their words (and two) are one kind; others stay apart."""
    return sum(fixed) >= max(2, (len(fixed) + 1) // 2)


def _block(group: list[SiteError]) -> list[str]:
    """One kind of problem: the message once (what differs shown as …), then each place with what differs."""
    label = LABELS[group[0].warning]
    parts = [_words(p) for p in group]
    fixed_th, fixed_en = _same([p[0] for p in parts]), _same([p[2] for p in parts])
    if len(group) == 1 or not (_enough(fixed_th) and _enough(fixed_en)):
        return [f"{p}  [{label}]" for p in group]
    _, fix_th, _, fix_en = parts[0]
    th = _template(parts[0][0], fixed_th) + (f" — {fix_th}" if fix_th else "")
    en = _template(parts[0][2], fixed_en) + (f" — {fix_en}" if fix_en else "")
    lines = [f"[{label}] ×{len(group)}: {th} | {en}"]
    for problem, (words_th, _, words_en, _) in zip(group, parts):
        where = f"{problem.path}:{problem.line}" if problem.line else f"{problem.path}"
        detail_th, detail_en = " · ".join(_runs(words_th, fixed_th)), " · ".join(_runs(words_en, fixed_en))
        lines.append(f"{where}: {detail_th} | {detail_en}" if detail_th or detail_en else f"{where}:")
    return lines


def group_problems(problems: Iterable[SiteError]) -> list[str]:
    """The lines that report ``problems``: errors first, then warnings, each in path:line order.

    Problems of one kind (the same fix, and the same words but for a few, such as a code or a
    round) are one block: a heading with the message once, then one ``path:line: what differs``
    line per place, so editors and CI still jump to every place. A problem of its own kind is one
    line, ``path:line: ไทย | English  [label]``. Pure: the caller prints (or annotates) the lines.
    """
    kinds: dict[tuple, list[SiteError]] = {}
    for problem in sorted(problems, key=lambda p: (p.warning, *p.sort_key())):
        words_th, fix_th, words_en, fix_en = _words(problem)
        kinds.setdefault((problem.warning, fix_th, fix_en, len(words_th), len(words_en)), []).append(problem)
    return [line for group in kinds.values() for line in _block(group)]


def count_summary(errors: int, warnings: int) -> tuple[str, str]:
    """The counts of a summary line: ``("ผิดพลาด 2 รายการ คำเตือน 18 รายการ", "2 error(s), 18 warning(s)")``."""
    return f"ผิดพลาด {errors} รายการ คำเตือน {warnings} รายการ", f"{errors} error(s), {warnings} warning(s)"


def print_problems(problems: Iterable[SiteError], stream=None) -> None:
    """Print the problems (to stderr), grouped by kind: errors first, then warnings."""
    stream = stream or sys.stderr
    for line in group_problems(problems):
        print(line, file=stream)
