"""One writer per output folder: an ``fcntl.flock`` on ``<parent>/.<name>.lock``.

The kernel drops a flock when its holder exits, however it exits (kill -9 included), so a lock file left
behind by a dead build never blocks the next one; the file itself is never deleted, because deleting a lock
file lets two processes lock two different files of the same name. The holder writes its pid into the file
so that a waiting build can say whom it waits for.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen.errors import SiteError

POLL_SECONDS = 0.1


class OutputError(SiteError):
    """The output folder cannot be written as asked: a usage or environment problem (exit 2), never
    a content one. ``path`` is the folder or file concerned, ``line`` is None."""


def lock_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.lock"


def _holder(fd: int) -> str:
    """The pid the lock's holder wrote into the file, or "" when it has not written it yet."""
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return text if text.isdigit() else ""


def _acquire(fd: int, out_dir: Path, wait: float, say: Callable[[str], None]) -> None:
    """Take the lock, waiting at most ``wait`` seconds (0: do not wait) for the build that holds it."""
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        pid = _holder(fd)
        who_th, who_en = (f" (pid {pid})", f" (pid {pid})") if pid else ("", "")
        if time.monotonic() >= deadline:
            raise OutputError(
                out_dir, None,
                f"sitegen อีกตัว{who_th}กำลังเขียนโฟลเดอร์นี้อยู่ — รอให้เสร็จแล้วสั่งใหม่ หรือใช้ --wait "
                "ให้รอนานขึ้น (วินาที)",
                f"another sitegen build{who_en} is writing this folder — run again when it has finished, "
                "or give --wait SECONDS to wait longer")
        if not told:
            say(f"{out_dir}: รอ sitegen อีกตัว{who_th}ที่กำลังเขียนโฟลเดอร์นี้ให้เสร็จก่อน (นานสุด {wait:g} วินาที) | "
                f"waiting for another sitegen build{who_en} of this folder to finish (at most {wait:g} s)")
            told = True
        time.sleep(POLL_SECONDS)


@contextmanager
def output_lock(out_dir: Path, wait: float, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the output lock of ``out_dir`` for the ``with`` block.

    Raises OutputError when another build still holds it after ``wait`` seconds, and OSError when the
    lock file cannot be made (the caller turns that into a message).
    """
    fd = os.open(lock_path(out_dir), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        _acquire(fd, out_dir, wait, say)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the flock
