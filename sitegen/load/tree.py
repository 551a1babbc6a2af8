"""Load stage, file-system part: walk the content folder without ever hanging or crashing on it.

The walk uses ``os.scandir`` and ``lstat`` only, so it never follows a symlink into a loop, never
opens a FIFO (opening one blocks until a writer appears: the build would hang), and turns every
OS-level failure (a broken link, a folder it may not list, a file it may not read) into a message
naming the path. Files are opened non-blocking and checked to be regular files after opening, so a
file swapped for a FIFO between the walk and the read cannot hang the build either.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from sitegen import messages
from sitegen.errors import SiteError
from sitegen.load.encoding import EncodingProblem, decode_text, encoding_message

# Editors' and systems' litter: never content, so skipping it loses nothing a person wrote.
IGNORED_NAMES = {"Thumbs.db", "desktop.ini"}
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


@dataclass(frozen=True, slots=True)
class Found:
    """A regular file under the content folder (directly, or through a symlink that stays inside)."""

    rel: PurePosixPath
    """Relative to the content folder."""
    size: int
    mtime: float = 0.0
    """Modification time (of the target, for a symlink), for the pages' "last updated" without a second stat."""
    stamp: tuple[int, ...] = ()
    """Size, modification and change times (ns) and inode: while they stay, the file's bytes are taken to stay
    (the record cache, ``incremental.records``)."""


def shown_path(root: Path, rel: PurePosixPath | str) -> str:
    """How a content path is named in messages: ``<content folder name>/<rel>``."""
    return f"{root.name}/{rel}" if root.name else str(rel)


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""What ``_printable_name`` replaces: control characters, and the surrogates that stand for undecodable bytes."""


def _printable_name(name: str) -> str:
    """A file name as it can be printed: undecodable bytes and control characters replaced. (A name with neither,
    nearly every one, is returned as it is without a pass over its characters: a tenth of walking 10 000 files.)"""
    if not _UNPRINTABLE.search(name):
        return name
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join("\ufffd" if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 else c for c in text)


def _bad_name(name: str) -> bool:
    """Names that would break the ``path:line`` messages or web addresses: not UTF-8, or holding
    control characters (a newline in a name would forge a second message line)."""
    return _printable_name(name) != name


def os_message(exc: OSError) -> tuple[str, str]:
    """(Thai, English) for a failed read, with the fix."""
    if isinstance(exc, PermissionError):
        return ("ไม่มีสิทธิ์อ่านไฟล์หรือโฟลเดอร์นี้ — ให้สิทธิ์อ่าน (เช่น chmod a+r) หรือคัดลอกไฟล์มาใหม่",
                "permission denied: it cannot be read — make it readable (e.g. chmod a+r) or copy it again")
    reason = exc.strerror or type(exc).__name__
    return (f"อ่านไม่ได้ ({reason}) — ตรวจว่าไฟล์ยังอยู่และเปิดได้ แล้วคัดลอกมาใหม่",
            f"it cannot be read ({reason}) — check that it exists and opens, then copy it again")


def _not_regular(shown: str, mode: int) -> SiteError:
    kind = ("FIFO (named pipe)" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode)
            else "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special file")
    return messages.NOT_A_REGULAR_FILE.warning(shown, None, kind=kind)


def read_bytes(path: Path, shown: str) -> bytes:
    """The bytes of a regular file, opened without blocking. Raises SiteError for anything else."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        th, en = os_message(exc)
        raise SiteError(shown, None, th, en) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise replace(_not_regular(shown, mode), warning=False)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        th, en = os_message(exc)
        raise SiteError(shown, None, th, en) from None
    finally:
        os.close(fd)


def check_readable(path: Path, shown: str) -> None:
    """Open and close a regular file (an attachment, copied later) so a file that cannot be read
    is reported now, with the content problems, not as a failure half-way through writing."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        th, en = os_message(exc)
        raise SiteError(shown, None, th, en) from None
    os.close(fd)


def _symlink(root: Path, path: Path, shown: str) -> os.stat_result | SiteError:
    """The target's stat for a symlink that stays inside the content folder, else its problem."""
    try:
        target = os.stat(path)  # follows the link; a loop ends in ELOOP, not in recursion
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            th, en = "ลิงก์ (symlink) นี้วนกลับมาที่ตัวเอง", "this symlink loops back on itself"
        elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
            th, en = "ลิงก์ (symlink) นี้ชี้ไปที่ไฟล์ที่ไม่มีอยู่", "this symlink points to a file that does not exist"
        else:
            th, en = os_message(exc)
            return SiteError(shown, None, th, en)
        return SiteError(shown, None, f"{th} — ลบลิงก์ แล้วคัดลอกไฟล์จริงมาไว้แทน",
                         f"{en} — delete the link and put the real file here")
    real, top = Path(os.path.realpath(path)), Path(os.path.realpath(root))
    # Hidden folders (.git: its config may hold a token) are never content, through a link neither.
    if not real.is_relative_to(top) or any(part.startswith(".") for part in real.relative_to(top).parts):
        return messages.SYMLINK_OUT_OF_FOLDER.error(shown, None, name=root.name)
    if stat.S_ISDIR(target.st_mode):
        # Followed, it would publish the same files twice (or loop); skipped, they would vanish silently.
        return messages.SYMLINK_TO_FOLDER.error(shown, None)
    return target


def _classify(root: Path, entry: os.DirEntry, shown: str) -> os.stat_result | SiteError:
    """The stat of a directory entry (of its target, for a symlink that may be followed), or its problem."""
    if _bad_name(entry.name):
        return messages.BAD_FILE_NAME.error(shown, None)
    try:
        st = entry.stat(follow_symlinks=False)
    except OSError as exc:
        th, en = os_message(exc)
        return SiteError(shown, None, th, en)
    return _symlink(root, Path(entry.path), shown) if stat.S_ISLNK(st.st_mode) else st


def walk_content(root: Path) -> tuple[list[Found], list[SiteError]]:
    """Every regular file under ``root`` in sorted order (hidden names and litter skipped), and the
    problems met: unreadable folders, bad names, broken/looping/outside symlinks, special files.
    The content folder and a site's templates folder are walked by these same rules.

    Iterative, not recursive: a folder nested a thousand deep is no RecursionError."""
    found: list[Found] = []
    problems: list[SiteError] = []
    folders = [(root, PurePosixPath())]
    while folders:
        folder, rel = folders.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            th, en = os_message(exc)
            problems.append(SiteError(shown_path(root, rel) if rel.parts else root.name or str(root), None,
                                      f"โฟลเดอร์นี้: {th}", f"this folder: {en}"))
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name in IGNORED_NAMES:
                continue
            shown = shown_path(root, rel / _printable_name(entry.name))
            st = _classify(root, entry, shown)
            if isinstance(st, SiteError):
                problems.append(st)
            elif stat.S_ISDIR(st.st_mode):
                folders.append((Path(entry.path), rel / entry.name))
            elif stat.S_ISREG(st.st_mode):
                stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
                found.append(Found(rel / entry.name, st.st_size, st.st_mtime, stamp))
            else:
                problems.append(_not_regular(shown, st.st_mode))
    found.sort(key=lambda f: f.rel.parts)  # the order of sorted paths, whatever the file system's order
    return found, problems


def found_file(root: Path, rel: PurePosixPath) -> Found | None:
    """``rel`` as ``walk_content`` finds it, if it is a regular file now (not a symlink: the walk's rules for those
    are its own) under folders whose names the walk takes; else None."""
    if any(part.startswith(".") or part in IGNORED_NAMES or _bad_name(part) for part in rel.parts):
        return None
    try:
        st = os.stat(root / rel, follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or os.path.realpath(root / rel) != os.path.join(os.path.realpath(root), *rel.parts):
        return None  # a folder on the way that is a symlink now
    return Found(rel, st.st_size, st.st_mtime, (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))


def read_text(path: Path, shown: str) -> str:
    """Read a text file as UTF-8 (a BOM is fine), with LF line ends and NFC normalisation.

    Raises SiteError for a file that cannot be read, or text in another encoding, naming the fix.
    """
    try:
        return decode_text(read_bytes(path, shown))
    except EncodingProblem as problem:
        th, en = encoding_message(problem)
        raise SiteError(shown, problem.line, th, en) from None
