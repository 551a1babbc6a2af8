"""What the commands share: the one usage-error type (printed by ``cli.main``, exit 2), the argument types (a date
in พ.ศ. or ค.ศ. with Thai digits, a base URL, seconds), the options of a site's folders, and the prompts of the
commands that ask."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from sitegen.thai import parse_date


class UsageError(Exception):
    """A problem with a command's options or files, not with the content: ``cli.main`` prints it as
    ``sitegen: ไทย | English`` (after ``where``, the file or folder concerned, if given) and exits 2. Each of ``th``
    and ``en`` says what is wrong and how to fix it."""

    def __init__(self, th: str, en: str, where: str | None = None):
        super().__init__(f"{where}: {th} | {en}" if where else f"{th} | {en}")
        self.th, self.en, self.where = th, en, where


def failed(th: str, en: str) -> int:
    """Say why a command failed (not a usage problem: its work could not be done) and return exit code 1."""
    print(f"sitegen: {th} | {en}", file=sys.stderr)
    return 1


def date_arg(text: str) -> dt.date:
    """The date of ``--as-of``, ``--date`` and ``--today``: ``YYYY-MM-DD``, the year พ.ศ. or ค.ศ., Thai digits too."""
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def base_url_arg(text: str) -> str:
    """``--base-url``: an absolute http(s) address on one line, ending in ``/``."""
    from sitegen.load.config import check_base_url

    try:
        return check_base_url(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def seconds_arg(text: str) -> float:
    """A number of seconds ≥ 0 (``--wait``)."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also NaN
        raise argparse.ArgumentTypeError(f"ต้องเป็นจำนวนวินาที ≥ 0 ไม่ใช่ {text!r} | must be a number of seconds ≥ 0")
    return seconds


def add_content(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default ./content)")


def add_templates(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--templates", type=Path, default=None,
                        help="แม่แบบของเว็บไซต์เองที่ใช้แทนแม่แบบในโปรแกรม | own templates overriding the theme's "
                             "(default ./templates if it exists)")


def add_as_of(parser: argparse.ArgumentParser, what: str = "build the site") -> None:
    parser.add_argument("--as-of", type=date_arg, default=None, metavar="YYYY-MM-DD",
                        help=f"{what} as of this date (พ.ศ. or ค.ศ.; default today)")


def templates_folder(given: Path | None) -> Path | None:
    """``--templates``, else ``./templates`` when the site has one, else None (the theme's alone)."""
    return given if given is not None else Path("templates") if Path("templates").is_dir() else None


def require_folders(*folders: Path | None) -> None:
    """Raise UsageError for the first of ``folders`` (None: not given) that is not a folder."""
    for folder in folders:
        if folder is not None and not folder.is_dir():
            raise UsageError(f"ไม่พบโฟลเดอร์ {folder}", f"folder {folder} not found")


def require_site(content: Path, th_then: str, en_then: str) -> None:
    """Raise UsageError unless ``content`` holds a site.yaml; ``th_then``/``en_then`` say what to do instead."""
    if not (content / "site.yaml").is_file():
        raise UsageError(f"ไม่พบ {content}/site.yaml — {th_then}", f"{content}/site.yaml not found — {en_then}")


Ask = Callable[[str], str]


def ask(question: str) -> str:
    """One answer from the person at the terminal (``input``; tests replace it)."""
    return input(question)


def prompt(label: str, default: str = "", required: bool = False) -> str:
    """Ask until there is an answer; Enter takes the default."""
    while True:
        shown = f" [{default}]" if default else ""
        answer = ask(f"{label}{shown}: ").strip() or default
        if answer or not required:
            return answer
        print("  ต้องกรอกข้อนี้ | this one is required", file=sys.stderr)


def cancelled() -> int:
    """Nobody answered (end of input) or Ctrl+C at a question: nothing was written; exit 2."""
    print("\nsitegen: ยกเลิก ไม่ได้เขียนไฟล์ใด | cancelled, nothing written "
          "(ใช้ --yes และตัวเลือกอื่นเมื่อไม่มีผู้ตอบ | use --yes and the options when nobody can answer)", file=sys.stderr)
    return 2
