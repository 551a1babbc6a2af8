"""The report PDFs' cache: a PDF made once is read back while nothing it was made from has changed.

Making a report's PDF takes seconds; reading it takes a millisecond. An entry is two files in
``.sitegen-cache/pdf/`` next to ``site.yaml`` (git-ignored): ``<page key>.deps`` lists the build's
files WeasyPrint fetched for that page (stylesheets, fonts, pictures), and ``<full key>.pdf`` is the
PDF, named by the sha256 of everything it was made from: the page's HTML as laid out (its print CSS
included), the layout libraries' versions, and the bytes of each fetched file. A changed stylesheet
or font therefore misses, even though the page's HTML is the same.

A cache is never a source of truth: an entry that cannot be read, is not a whole PDF or names no
files is a miss, and a cache that cannot be written leaves the build as it was, only slower. Both files
are entries of ``store``'s kind (HMAC-authenticated with the folder's own key), so a forged or
foreign one is a miss too; a folder the cache did not make is not used at all (``store.claim``).

Every change of a report makes a new PDF entry, so the folder would only grow: an entry read or written
has its date set to now, and a build that makes PDFs removes the entries no build has used for
``KEEP_DAYS`` (by date, not by "not this build's": one cache may serve several sites, ``SITEGEN_CACHE_DIR``):
only files named as its entries are (``<sha256>.pdf``, ``<sha256>.deps``, ``.tmp-…``), and only in a folder
it made (its ``CACHEDIR.TAG``), so ``SITEGEN_CACHE_DIR=$HOME`` never touches the PDFs in ``$HOME/pdf/``.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import time
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from sitegen.incremental.store import ENV, claim, default_dir, pack, tagged, unpack, write_atomic
from sitegen.output import OutputFile

KEEP_DAYS = 30
ENTRY = re.compile(r"[0-9a-f]{64}\.(?:pdf|deps)")
TEMPORARY = re.compile(r"\.tmp-[a-z0-9_]+")
"""The names of this cache's files (``store.write_atomic``'s temporary ones too); nothing else is ever removed."""
CACHE_VARIABLE = ENV
"""When set, the folder whose ``pdf/`` holds the cache instead (a CI cache, one cache for many sites)."""


def _own(name: str) -> bool:
    return bool(ENTRY.fullmatch(name))


def cache_folder(content_dir: Path) -> Path:
    """Where the PDFs made from ``content_dir`` are kept: ``pdf/`` of the site's one cache folder
    (``.sitegen-cache/`` beside ``content/``, or ``$SITEGEN_CACHE_DIR``), beside the render cache."""
    return default_dir(content_dir) / "pdf"


LIBRARIES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2")
CODE = ("render/pdf.py", "render/pdftext.py", "incremental/pdfcache.py")
"""sitegen's PDF code, by path in the package: a fix there must not be hidden by PDFs the old code made."""
PANGO = ("libpango-1.0.so.0", "libpango-1.0-0.dll", "libpango-1.0.dylib", "libpango-1.0-0", "pango-1.0")
"""The names WeasyPrint loads Pango by (``weasyprint/text/ffi.py``)."""


def engine_version() -> str:
    """The versions of what lays out and writes the PDF: the Python packages (from their metadata:
    importing WeasyPrint would cost a second on every build), Pango, and sitegen's PDF code."""
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} -")
    package = Path(__file__).resolve().parent.parent
    code = hashlib.sha256(b"".join((package / name).read_bytes() for name in CODE)).hexdigest()
    return "; ".join([*versions, f"pango {_pango_version()}", f"sitegen {code}"])


def _pango_version() -> str:
    """Pango's version (it breaks the lines), read from the library WeasyPrint loads; "-" without it."""
    for name in PANGO:
        try:
            return str(ctypes.CDLL(name).pango_version())
        except (OSError, AttributeError):
            continue
    return "-"


def page_key(styled: str, engine: str) -> str:
    """The key of a page's entry: its HTML as laid out, and the engine's versions."""
    return _sha256(engine.encode(), styled.encode("utf-8"))


def full_key(key: str, deps: list[str], files: Mapping[str, OutputFile]) -> str | None:
    """The PDF's name: the page key and the current bytes of each fetched file, or None when one
    of them is no longer in the build."""
    parts = [key.encode()]
    for path in deps:
        file = files.get(path)
        if file is None:
            return None
        try:
            data = file.data if file.data is not None else file.source.read_bytes()  # type: ignore[union-attr]
        except OSError:
            return None
        parts += [path.encode("utf-8"), hashlib.sha256(data).digest()]
    return _sha256(*parts)


def read_cached(folder: Path, key: str, files: Mapping[str, OutputFile]) -> bytes | None:
    """The cached PDF of the page with ``key`` made from the same files as now, or None."""
    secret = claim(folder, _own)
    if secret is None:
        return None
    try:
        listed = unpack(secret, f"{key}.deps", (folder / f"{key}.deps").read_bytes())
        deps = json.loads(listed.decode("utf-8")) if listed is not None else None
        if not isinstance(deps, list) or not all(isinstance(d, str) for d in deps):
            return None
        name = full_key(key, deps, files)
        pdf = unpack(secret, f"{name}.pdf", (folder / f"{name}.pdf").read_bytes()) if name else None
    except (OSError, ValueError):  # missing, unreadable, not JSON, not UTF-8
        return None
    if pdf is None or not _is_whole_pdf(pdf):
        return None
    for used in (folder / f"{key}.deps", folder / f"{name}.pdf"):
        try:
            os.utime(used)  # in use: kept by ``prune``
        except OSError:
            pass
    return pdf


def prune(folder: Path, now: float | None = None) -> None:
    """Remove the entries (and a killed build's temporary files) that no build has read or written for
    ``KEEP_DAYS``; what cannot be removed stays, as the cache is only ever a shortcut."""
    limit = (time.time() if now is None else now) - KEEP_DAYS * 86400
    if not tagged(folder):
        return  # a folder the cache did not make: nothing in it is the cache's to remove
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not ENTRY.fullmatch(entry.name) and not TEMPORARY.fullmatch(entry.name):
            continue  # not an entry of this cache: someone else's file, left alone
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < limit:
                os.unlink(entry.path)
        except OSError:
            pass


def write_cached(folder: Path, key: str, deps: list[str], files: Mapping[str, OutputFile], pdf: bytes) -> None:
    """Keep ``pdf`` for the page with ``key``, made from the build's files ``deps``; a cache that
    cannot be written is left as it is."""
    name = full_key(key, sorted(set(deps)), files)
    if name is None:
        return
    secret = claim(folder, _own)
    if secret is None:
        return
    try:
        write_atomic(folder / f"{name}.pdf", pack(secret, f"{name}.pdf", pdf))
        listed = json.dumps(sorted(set(deps))).encode("utf-8")
        write_atomic(folder / f"{key}.deps", pack(secret, f"{key}.deps", listed))
    except OSError:
        pass  # read-only content folder, full disk: the next build makes the PDF again


def _is_whole_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def _sha256(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()
