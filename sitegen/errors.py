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


class SiteErrors(Exception):
    """All the problems of one build, raised once at the end of a stage."""

    def __init__(self, errors: list[SiteError]):
        self.errors = sorted(errors, key=SiteError.sort_key)
        super().__init__("\n".join(str(e) for e in self.errors))


def raise_if_any(errors: list[SiteError]) -> None:
    """Raise SiteErrors when ``errors`` holds any real error (warnings alone pass)."""
    real = [e for e in errors if not e.warning]
    if real:
        raise SiteErrors(real)


def print_problems(problems: Iterable[SiteError], stream=None) -> None:
    """Print one problem per line (to stderr), errors and warnings labelled."""
    stream = stream or sys.stderr
    for problem in problems:
        label = "คำเตือน/warning" if problem.warning else "ผิดพลาด/error"
        print(f"{problem}  [{label}]", file=stream)
