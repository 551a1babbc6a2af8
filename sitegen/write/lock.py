"""One writer per output folder: an ``fcntl.flock`` on ``<parent>/.<name>.lock`` (on Windows, where there
is no flock, ``msvcrt.locking`` of its first byte; that branch is not run by the test suite).

The lock belongs to the folder, not to its spelling: the caller passes the real path (``real_folder``:
symlinks and ``..`` resolved), and while the folder exists the folder itself is locked too (a flock on the
directory), which also catches a second path to it that no resolving can see, such as a bind mount.

The kernel drops a flock when its holder exits, however it exits (kill -9 included), so a lock file left
behind by a dead build never blocks the next one; the file itself is never deleted, because deleting a lock
file lets two processes lock two different files of the same name. The holder writes its pid into the file
so that a waiting build can say whom it waits for.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen.errors import SiteError

POLL_SECONDS = 0.1
OPEN_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) \
    | getattr(os, "O_BINARY", 0)
PID_WIDTH = 20
"""The holder writes `` <pid>`` padded to a fixed width, so the record never needs truncating; the pid
starts at byte 1 because Windows forbids reading the byte it locks (byte 0)."""

if sys.platform == "win32":  # no flock: lock the first byte, which Windows also releases when a process dies
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


class OutputError(SiteError):
    """The output folder cannot be written as asked: a usage or environment problem (exit 2), never
    a content one. ``path`` is the folder or file concerned, ``line`` is None."""


def lock_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.lock"


def real_folder(out_dir: Path) -> Path:
    """The folder ``out_dir`` names, with symlinks and ``..`` resolved (also when it does not exist yet), so that
    every spelling of one folder gets one lock and one set of leftovers. A symlink to nothing stays as it is: it
    is refused, never followed to make its target."""
    out_dir = out_dir.absolute()
    if out_dir.is_symlink() and not out_dir.exists():
        return out_dir
    return Path(os.path.realpath(out_dir))


def _holder(fd: int) -> str:
    """The pid the lock's holder wrote into the file, or "" when it has not written it yet (or ``fd`` is the
    folder's own, which holds no pid)."""
    try:
        os.lseek(fd, 1, os.SEEK_SET)
        text = os.read(fd, PID_WIDTH).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""


def _write_pid(fd: int) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f" {os.getpid():<{PID_WIDTH}}\n".encode())


def _acquire(fd: int, out_dir: Path, wait: float, say: Callable[[str], None]) -> None:
    """Take the lock, waiting at most ``wait`` seconds (0: do not wait) for the build that holds it."""
    deadline = time.monotonic() + wait
    told = False
    while not _try_lock(fd):
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
    fd = os.open(lock_path(out_dir), OPEN_FLAGS, 0o644)
    folder = None
    try:
        started = time.monotonic()
        _acquire(fd, out_dir, wait, say)
        _write_pid(fd)
        folder = _open_folder(out_dir)
        if folder is not None:  # the same folder by another path (a bind mount) has another lock file
            _acquire(folder, out_dir, max(0.0, wait - (time.monotonic() - started)), say)
        yield
    finally:
        if folder is not None:
            os.close(folder)
        os.close(fd)  # releases the lock


def _open_folder(out_dir: Path) -> int | None:
    """A descriptor of the output folder itself to lock, or None where there is none (not made yet, Windows)."""
    if sys.platform == "win32":
        return None
    try:
        return os.open(out_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
                       | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
