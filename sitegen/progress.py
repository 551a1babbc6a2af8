"""Progress of long work, told on stderr while it runs: a deploy's uploads and a large build's stages.

Small reporter objects that the work calls (``deploy`` its upload loop, ``build`` each stage); they never
change what is done, and ``quiet`` silences them.

- **Uploads** (``Transfer``): files and bytes done of the total. On a terminal, one line rewritten in
  place (``\\r``) at most ten times a second; elsewhere (CI logs, a pipe, a file) a plain line at each tenth
  of the bytes, and after 30 seconds without one on a slow link — at most a dozen lines for a whole site,
  yet a log that shows the job is alive.
- **Build stages** (``Stages``): one line as each stage begins (read, check, Markdown, render N pages, search,
  open data, PDFs, write),
  with the seconds since the start, for a build of more than ``PAGES`` pages or one that makes PDFs.
  A small site without PDFs builds in well under a second and says only its summary.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

PAGES = 300
"""A build with more pages than this shows its stages."""
QUIET_SECONDS = 30.0
"""The longest a non-terminal log goes without an upload line while bytes are moving."""
REFRESH = 0.1
"""Seconds between two rewrites of the terminal's line."""


def size_text(n: int) -> str:
    """``1536`` → ``"1.5 KB"`` (1024-based, as file managers show sizes)."""
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Transfer:
    """Files and bytes uploaded of the total; ``begin`` with the totals, ``sent`` after each file, ``end``."""

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False, tty: bool | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = _is_terminal(self.stream) if tty is None else tty
        self.clock = clock
        self.files = self.size = self.files_done = self.bytes_done = 0
        self.shown_tenth = 0
        self.shown_at = 0.0
        self.open_line = False

    def begin(self, files: int, size: int) -> None:
        self.files, self.size = files, size
        self.shown_at = self.clock()
        if not files or self.quiet:
            return
        if self.tty:
            self.stream.write(self._text() + "\x1b[K")
            self.stream.flush()
            self.open_line = True
        else:
            self._line(f"อัปโหลด {files} ไฟล์ {size_text(size)} | uploading {files} file(s), {size_text(size)}")

    def _share(self) -> float:
        """How much is done: by bytes, or by files when every file is empty (all files sent: all of it,
        even if a file changed its size since the total was taken)."""
        if self.files_done >= self.files:
            return 1.0
        if self.size:
            return min(self.bytes_done / self.size, 1.0)
        return self.files_done / self.files if self.files else 1.0

    def _text(self) -> str:
        percent = int(self._share() * 100)
        return (f"อัปโหลด | uploading {self.files_done}/{self.files} ไฟล์/files, "
                f"{size_text(self.bytes_done)}/{size_text(self.size)} ({percent} %)")

    def _line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def sent(self, nbytes: int) -> None:
        """One more file is on the server (``nbytes`` long)."""
        self.files_done += 1
        self.bytes_done += nbytes
        if self.quiet:
            return
        now, last = self.clock(), self.files_done == self.files
        if self.tty:
            if last or now - self.shown_at >= REFRESH:
                self.stream.write(f"\r{self._text()}\x1b[K")
                self.stream.flush()
                self.shown_at, self.open_line = now, True
            return
        tenth = int(self._share() * 10)
        if last or tenth > self.shown_tenth or now - self.shown_at >= QUIET_SECONDS:
            self._line(self._text())
            self.shown_tenth, self.shown_at = tenth, now

    def end(self) -> None:
        if self.open_line:
            self.stream.write("\n")
            self.stream.flush()
            self.open_line = False


STAGES = {
    "load": ("อ่านเนื้อหา", "reading the content"),
    "check": ("ตรวจเนื้อหา {n} ไฟล์", "checking {n} files"),
    "bodies": ("แปลง Markdown {n} ไฟล์", "converting {n} Markdown bodies"),
    "render": ("สร้าง {n} หน้า", "rendering {n} pages"),
    "search": ("ทำดัชนีค้นหา {n} หน้า", "indexing {n} pages for search"),
    "data": ("ทำข้อมูลเปิด", "making the open data"),
    "pdf": ("ทำ PDF ของรายงาน {n} ฉบับ", "making {n} report PDF(s)"),
    "write": ("เขียน {n} ไฟล์", "writing {n} files"),
}


class Stages:
    """A build's stages as they begin, when the build is large or makes PDFs."""

    def __init__(self, stream: TextIO | None = None, *, pdf: bool = False, quiet: bool = False,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.active = pdf
        self.clock = clock
        self.started = clock()

    def begin(self, stage: str, count: int = 0) -> None:
        """Stage ``stage`` (a key of STAGES) begins, on ``count`` files, pages or reports."""
        self.active = self.active or count > PAGES
        if self.quiet or not self.active or (stage == "pdf" and not count):
            return
        th, en = (text.format(n=f"{count:,}") for text in STAGES[stage])
        print(f"sitegen: {th}… | {en}… ({self.clock() - self.started:.1f} s)", file=self.stream, flush=True)


class Silent(Stages):
    """The stages of a build that tells nothing (``check``, ``serve``, the library's callers)."""

    def __init__(self) -> None:
        super().__init__(quiet=True)
