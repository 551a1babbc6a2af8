"""The build cache (``.sitegen-cache/``): checked entries, written atomically, never trusted blindly.

Every entry is a file that starts with a magic line and the sha256 of the rest: a truncated, corrupt,
foreign or old-version entry does not match and is ignored (the build renders it again and replaces
it), never an error. Entries are written to a temporary name and moved into place with ``os.replace``,
so two builds sharing one cache (two outputs, two terminals) only ever see whole entries. What makes
an entry valid (the keys) is decided by its users, ``pagecache.py`` and ``bodycache.py``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path

MAGIC = b"sitegen-cache 2\n"
"""Raise the number when an entry's layout changes: older entries then no longer match."""

ENV = "SITEGEN_CACHE_DIR"


def default_dir(content_dir: Path) -> Path:
    """``$SITEGEN_CACHE_DIR``, else ``.sitegen-cache/`` in the site's folder (the content folder's parent)."""
    return Path(os.environ[ENV]) if os.environ.get(ENV) else content_dir.resolve().parent / ".sitegen-cache"


@cache
def code_fingerprint() -> str:
    """A hash of sitegen's own code and shipped files: a new version, or an edited checkout, starts afresh."""
    h = hashlib.sha256()
    root = Path(str(resources.files("sitegen")))
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        if path.suffix in {".py", ".yaml", ".html", ".css", ".js", ".svg"}:
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def key(*parts: str | bytes) -> str:
    """The sha256 of the parts, each length-prefixed so that no two lists of parts give one key."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(b"%d:" % len(data) + data)
    return h.hexdigest()


class Store:
    """Entries by name in one folder (``None``: in memory only, for ``serve`` or a read-only site)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.memory: dict[str, bytes] = {}
        self._made: set[Path] = set()

    def _path(self, name: str) -> Path:
        assert self.folder is not None
        return self.folder / name[:2] / name

    def get(self, name: str) -> bytes | None:
        if self.folder is None:
            return self.memory.get(name)
        try:
            data = self._path(name).read_bytes()
        except OSError:
            return None
        return unpack(data)

    def put(self, name: str, payload: bytes) -> None:
        """Write an entry; a cache that cannot be written (full disk, read-only folder) is only slower."""
        if self.folder is None:
            self.memory[name] = payload
            return
        path = self._path(name)
        try:
            if path.parent not in self._made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
            write_atomic(path, pack(payload))
        except OSError:
            pass


def pack(payload: bytes) -> bytes:
    return MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def unpack(data: bytes) -> bytes | None:
    """The payload of an entry, or None for anything that is not a whole entry of this version."""
    head = len(MAGIC) + 65
    if not data.startswith(MAGIC) or len(data) < head or data[head - 1:head] != b"\n":
        return None
    payload = data[head:]
    return payload if hashlib.sha256(payload).hexdigest().encode() == data[len(MAGIC):head - 1] else None


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then move it into place in one step."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
