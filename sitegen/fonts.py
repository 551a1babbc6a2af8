"""The self-hosted Sarabun font (OFL, from the fontpkg-sarabun package) subset to the characters the site
uses and written as WOFF2, so a phone on metered data fetches ~40 KB per weight instead of ~90 KB of TTF.

The character set is fixed, not taken from the content: every build (and every agency's site) ships the
same font bytes, which browsers and CDNs cache across content changes. It holds the Thai block, Basic
Latin and the punctuation the templates and Thai typing use; a character outside it (a staff member's
"é") is drawn by the reader's own fallback font (site.css names Noto Sans Thai and Tahoma after Sarabun).
The subset is deterministic: the source's ``head.modified`` is kept (fontTools would otherwise stamp the
build time) and WOFF2's Brotli compression has no clock or randomness in it.

Making it takes about two seconds (fontTools is pure Python, Brotli at its highest quality), too long for
every ``sitegen build``, so the result is kept in the user's cache folder (``$XDG_CACHE_HOME/sitegen/fonts``,
else ``~/.cache/…``) under a hash of everything it depends on: the source font, the characters and the
fontTools version. A cache file that is not a whole WOFF2 file is made again; one that cannot be written is
simply not kept.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import tempfile
from importlib import metadata, resources
from pathlib import Path

SOURCE_PACKAGE = "fontpkg_sarabun"
FACES = ("Sarabun-Regular", "Sarabun-Bold")
"""The weights site.css uses (400 and 700); each is published as ``static/fonts/<face>.woff2``."""
LICENSE = "OFL.txt"

PUNCTUATION = "\u00a0·×–—‘’“”…•‹›≤≥"
"""Beyond Basic Latin: the no-break space, the middle dot and dashes the templates write, curly quotes
and the ellipsis that Thai keyboards and word processors produce, the breadcrumb's ›, and ≤ ≥."""
CHARACTERS = frozenset(
    [*range(0x20, 0x7F), *range(0x0E01, 0x0E3B), *range(0x0E3F, 0x0E5C), *map(ord, PUNCTUATION)]
)
"""Code points kept: Basic Latin, the Thai block (ก … ๛, with the digits ๐–๙ and ฿), PUNCTUATION."""


def source_font(face: str) -> bytes:
    """The TTF of ``face`` as the font package ships it."""
    return (resources.files(SOURCE_PACKAGE) / "files" / f"{face}.ttf").read_bytes()


def font_license() -> bytes:
    """The SIL Open Font License text, which must travel with the font (OFL §2)."""
    return (resources.files(SOURCE_PACKAGE) / "LICENSE").read_bytes()


def subset_woff2(ttf: bytes, characters: frozenset[int] = CHARACTERS) -> bytes:
    """``ttf`` cut down to ``characters`` (with the glyphs their Thai shaping needs) as WOFF2 bytes.

    fontTools' default layout features keep what Thai needs: ``ccmp`` (sara am, marks on tall
    consonants), ``mark``/``mkmk`` (stacked vowels and tone marks), ``locl``, ``liga`` and ``kern``.
    Hinting is dropped: browsers on phones ignore TrueType hints."""
    from fontTools import subset  # imported here: a build that finds the subset in its cache never needs it
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(ttf), recalcTimestamp=False)
    options = subset.Options()
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(characters))
    subsetter.subset(font)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue()


def cache_dir() -> Path | None:
    """Where subsets are kept between builds (None when there is no home folder to put it in)."""
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:
        return None
    return base / "sitegen" / "fonts"


def _is_whole_woff2(data: bytes) -> bool:
    """The WOFF2 signature and the file length its header gives (a cut-off file fails)."""
    return data[:4] == b"wOF2" and len(data) >= 12 and int.from_bytes(data[8:12], "big") == len(data)


def cached_subset(face: str) -> bytes:
    """``subset_woff2`` of ``face``, from the cache folder when it was made before with the same inputs."""
    ttf = source_font(face)
    inputs = [ttf, ",".join(map(str, sorted(CHARACTERS))).encode(), metadata.version("fonttools").encode()]
    key = hashlib.sha256(b"\0".join(inputs)).hexdigest()[:32]
    folder = cache_dir()
    path = folder / f"{face}-{key}.woff2" if folder else None
    try:
        if path is not None and _is_whole_woff2(data := path.read_bytes()):
            return data
    except OSError:
        pass
    data = subset_woff2(ttf)
    if path is not None:
        _keep(path, data)
    return data


def _keep(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (a temporary file, then a rename), ignoring any OS fault."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as out:
            tmp = out.name
            out.write(data)
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


@functools.cache
def site_fonts() -> tuple[tuple[str, bytes], ...]:
    """(output path under ``static/``, bytes) of each subset face and the licence, once per process."""
    faces = tuple((f"fonts/{face}.woff2", cached_subset(face)) for face in FACES)
    return (*faces, (f"fonts/{LICENSE}", font_license()))
