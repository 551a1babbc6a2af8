"""The build cache (``.sitegen-cache/``): authenticated entries, written atomically, never trusted blindly.

Every entry is a file that starts with a magic line and an HMAC-SHA256 of its name and the rest, keyed with
a secret only the cache's owner can read (``.sitegen-key``, 0600, made on first use in the cache's folder):
a truncated, corrupt, old-version, forged (its sum recomputed by someone who cannot read the key) or
foreign (another cache's, or another entry's under this name) entry does not match and is ignored (the
build renders it again and replaces it), never an error. A folder is the cache's own only when the cache
made it (``CACHEDIR.TAG``, which backup tools also know) or it holds nothing but entries of an earlier
sitegen; a folder of someone else's (``SITEGEN_CACHE_DIR=$HOME``: ``$HOME/pdf/``) is not used at all, so
nothing in it is read, written or cleaned up. Entries are written to a temporary name and moved into place with
``os.replace``, so two builds sharing one cache (two outputs, two terminals) only ever see whole entries. What makes
an entry valid (the keys) is decided by its users, the render stage's pages and bodies.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
import tempfile
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast

MAGIC = b"sitegen-cache 3\n"
"""Raise the number when an entry's layout changes: older entries then no longer match."""

ENV = "SITEGEN_CACHE_DIR"
KEY_FILE = ".sitegen-key"
TAG_FILE = "CACHEDIR.TAG"
TAG = (b"Signature: 8a477f597d28d172789f06886806bc55\n"
       b"# This file is a cache directory tag created by sitegen: everything here can be deleted.\n")
KEY_BYTES = 32
T = TypeVar("T")


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


def fingerprint(*parts: str | bytes) -> str:
    """The sha256 of the parts, each length-prefixed so that no two lists of parts give one fingerprint."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(b"%d:" % len(data) + data)
    return h.hexdigest()


def _render_entry(name: str) -> bool:
    """The render cache's own names: its two-letter shard folders (``ab/abcd…``)."""
    return len(name) == 2 and all(c in "0123456789abcdef" for c in name)


def claim(folder: Path, own: Callable[[str], bool]) -> bytes | None:
    """The key of the cache in ``folder``, making the folder (tagged) and the key on first use; None when the
    folder is not the cache's own (``own``: whether a name is one of this cache's entries) or cannot be used."""
    try:
        folder.mkdir(parents=True, mode=0o700)
        write_atomic(folder / TAG_FILE, TAG)
    except FileExistsError:
        if not tagged(folder):
            try:
                names = [n for n in os.listdir(folder) if n not in (KEY_FILE, TAG_FILE) and not n.startswith(".tmp-")]
            except OSError:
                return None
            if not folder.is_dir() or folder.is_symlink() or not all(map(own, names)):
                return None  # someone else's folder: never used, so never cleaned up
            try:
                write_atomic(folder / TAG_FILE, TAG)  # an earlier sitegen's cache: adopted
            except OSError:
                return None
    except OSError:
        return None
    return _key(folder)


def tagged(folder: Path) -> bool:
    """Whether sitegen made ``folder`` as a cache (its ``CACHEDIR.TAG``)."""
    try:
        with open(folder / TAG_FILE, "rb") as f:
            return f.read(len(TAG) + 1) == TAG
    except OSError:
        return False


def _read_key(path: Path) -> bytes | None:
    """The key in ``path`` if it is a regular file of this user's that no one else may read; else None."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        owner_only = not hasattr(os, "geteuid") or (st.st_uid == os.geteuid() and not st.st_mode & 0o077)
        if not stat.S_ISREG(st.st_mode) or not owner_only or st.st_size != KEY_BYTES:
            return None
        return os.read(fd, KEY_BYTES + 1)
    finally:
        os.close(fd)


def _key(folder: Path) -> bytes | None:
    """The folder's key, made atomically when there is none (a temporary 0600 file hard-linked into place, so two
    builds starting together end with one key). None when it cannot be read or is not only its owner's."""
    path = folder / KEY_FILE
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")  # made 0600
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_bytes(KEY_BYTES))
            try:
                os.link(temp, path)
            except FileExistsError:  # another build made it first: use that one
                pass
        finally:
            os.unlink(temp)
        return _read_key(path)
    except OSError:
        return None


class MemoryStore:
    """Entries by name in this process's memory: the store of a build without a cache folder (``--no-cache``,
    ``check``, a library call). Rendering always goes through a store; this one has the interface of ``Store``.

    ``lasting``: whether a later build may ask for what is put now (a store on disk, or a memory store that a
    caller keeps for its next build). A render records what each page read only for a lasting store: for a
    store that ends with the build, recording would cost a fifth of the render and save nothing."""

    def __init__(self, lasting: bool = False):
        self.lasting = lasting
        self.memory: dict[str, bytes | None] = {}

    def get(self, name: str) -> bytes | None:
        return self.memory.get(name)

    def put(self, name: str, payload: bytes) -> None:
        self.memory[name] = payload

    def get_object(self, name: str, decode: Callable[[bytes], T]) -> T | None:
        """The entry ``name`` as its user decodes it (None when there is none). Whoever keeps a store across
        builds (``LiveStore``) gives back the object put, with no decoding; so an object put or got is never
        changed afterwards."""
        payload = self.get(name)
        return None if payload is None else decode(payload)

    def put_object(self, name: str, value: T, encode: Callable[[T], bytes]) -> None:
        """Keep ``value`` as the entry ``name`` (``encode``: its bytes, for a store that keeps bytes)."""
        self.put(name, encode(value))


class LiveStore(MemoryStore):
    """``serve``'s store: every entry stays in this process's memory from one rebuild to the next, the large ones
    (the records, the bodies, the written files) as the objects their users made, so a save costs neither a read
    nor an unpickling of the whole site. An entry not yet in memory is read once from ``disk`` (what an earlier
    ``sitegen build`` left), which this store never writes: a save's entries would cost a write per rebuild."""

    def __init__(self, disk: MemoryStore | None = None):
        super().__init__(lasting=True)
        self.disk = disk
        self.objects: dict[str, tuple[object, Callable[[Any], bytes] | None]] = {}
        """Entries as objects, with how to make their bytes (None: the bytes read are in ``memory``)."""

    def get(self, name: str) -> bytes | None:
        value, encode = self.objects.get(name, (None, None))
        if encode is not None:
            return encode(value)
        if name not in self.memory:
            self.memory[name] = self.disk.get(name) if self.disk is not None else None
        return self.memory[name]

    def put(self, name: str, payload: bytes) -> None:
        self.objects.pop(name, None)
        self.memory[name] = payload

    def get_object(self, name: str, decode: Callable[[bytes], T]) -> T | None:
        if name in self.objects:
            return cast(T, self.objects[name][0])
        value = super().get_object(name, decode)
        if value is not None:
            self.objects[name] = (value, None)
        return value

    def put_object(self, name: str, value: T, encode: Callable[[T], bytes]) -> None:
        self.memory.pop(name, None)
        self.objects[name] = (value, encode)


class Store(MemoryStore):
    """Entries by name in one folder, authenticated and written atomically; a folder that is not the cache's own
    (or cannot be used) makes it a memory store for this process (``serve`` on a read-only site)."""

    def __init__(self, folder: Path):
        super().__init__(lasting=True)
        self.folder: Path | None = folder
        self._made: set[Path] = set()
        self._secret: bytes | None = None

    def _key(self) -> bytes | None:
        """The folder's key, claimed on first use; a folder that is not the cache's own makes a memory store."""
        if self._secret is None and self.folder is not None:
            self._secret = claim(self.folder, _render_entry)
            if self._secret is None:
                self.folder = None
        return self._secret

    def _path(self, name: str) -> Path:
        assert self.folder is not None
        return self.folder / name[:2] / name

    def get(self, name: str) -> bytes | None:
        secret = self._key()
        if self.folder is None or secret is None:
            return super().get(name)
        try:
            with self._path(name).open("rb") as f:
                head, payload = f.read(HEAD), f.read()  # two reads, not a copy of a large payload
        except OSError:
            return None
        return _verified(secret, name, head, payload)

    def put(self, name: str, payload: bytes) -> None:
        """Write an entry; a cache that cannot be written (full disk, read-only folder) is only slower."""
        secret = self._key()
        if self.folder is None or secret is None:
            super().put(name, payload)
            return
        path = self._path(name)
        try:
            if path.parent not in self._made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
            write_atomic(path, _head(secret, name, payload), payload)  # not joined: an entry may be 100 MB
        except OSError:
            pass


def _mac(secret: bytes, name: str, payload: bytes | memoryview) -> bytes:
    mac = hmac.new(secret, name.encode("utf-8", "surrogatepass") + b"\0", hashlib.sha256)
    mac.update(payload)  # not joined to the name: no copy of a large entry
    return mac.hexdigest().encode()


def _head(secret: bytes, name: str, payload: bytes) -> bytes:
    return MAGIC + _mac(secret, name, payload) + b"\n"


def pack(secret: bytes, name: str, payload: bytes) -> bytes:
    """An entry: the magic line, the MAC of its name and payload, the payload."""
    return _head(secret, name, payload) + payload


HEAD = len(MAGIC) + 65
"""The bytes before an entry's payload: the magic line and the MAC's line."""


def _verified(secret: bytes, name: str, head: bytes, payload: bytes) -> bytes | None:
    if len(head) != HEAD or not head.startswith(MAGIC) or head[-1:] != b"\n":
        return None
    return payload if hmac.compare_digest(_mac(secret, name, payload), head[len(MAGIC):-1]) else None


def unpack(secret: bytes, name: str, data: bytes) -> bytes | None:
    """The payload of the entry ``name``, or None for anything that is not a whole entry this cache wrote under it."""
    return _verified(secret, name, data[:HEAD], data[HEAD:])


def write_atomic(path: Path, *parts: bytes) -> None:
    """Write ``parts`` one after the other to a temporary file beside ``path``, then move it into place in one step."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            for part in parts:
                f.write(part)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
