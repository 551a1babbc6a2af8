"""How the theme's font files are made: Sarabun (OFL, from the fontpkg-sarabun package) subset to the
characters the site uses and written as WOFF2, so a phone on metered data fetches ~15 KB per weight
instead of ~90 KB of TTF.

The build never runs this. The character set is fixed, not taken from the content, so every build and
every agency's site ships the same font bytes (browsers cache them across content changes), and they are
made once, here, and shipped in the package as theme static files (``theme/templates/static/fonts/``),
which a site's own ``templates/static/fonts/`` may replace like any other static file. Making them takes
about two seconds of pure-Python fontTools and Brotli at its highest quality: too long for every build,
and it would make fontTools a dependency of every agency's install.

    python -m sitegen.render.fonts          # after changing CHARACTERS or the source font: rewrites the files
    pip install -e ".[fonts]"        # fontpkg-sarabun, fontTools, brotli (also in the test extra)

The set holds the Thai block, Basic Latin and the punctuation the templates and Thai typing use; a
character outside it (a staff member's "é") is drawn by the reader's own fallback font (site.css names
Noto Sans Thai and Tahoma after Sarabun). The subset is deterministic: the source's ``head.modified`` is
kept (fontTools would otherwise stamp the time) and WOFF2's Brotli compression has no clock in it.
"""

from __future__ import annotations

import io
import sys
from importlib import resources
from pathlib import Path

SOURCE_PACKAGE = "fontpkg_sarabun"
FACES = ("Sarabun-Regular", "Sarabun-Bold")
"""The weights site.css uses (400 and 700); each is published as ``static/fonts/<face>.woff2``."""
LICENSE = "OFL.txt"
SHIPPED = Path(__file__).resolve().parent.parent / "theme" / "templates" / "static" / "fonts"
"""Where the made files live in the package (the theme's static folder)."""

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
    from fontTools import subset
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


def made_files() -> dict[str, bytes]:
    """File name → bytes of everything under ``static/fonts/``: each face's subset and the licence."""
    return {**{f"{face}.woff2": subset_woff2(source_font(face)) for face in FACES}, LICENSE: font_license()}


def main() -> int:
    SHIPPED.mkdir(parents=True, exist_ok=True)
    for name, data in made_files().items():
        (SHIPPED / name).write_bytes(data)
        print(f"{SHIPPED / name}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
