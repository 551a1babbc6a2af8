"""The self-hosted font (fonts.py): a deterministic WOFF2 subset of Sarabun, its licence, its @font-face rules;
and the page-weight budget of the seed site."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import html
import io
import re
import time

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from fontTools.ttLib import TTFont

from sitegen.render import fonts
from sitegen.build import build
from sitegen.output import OutputFile

BUDGET = 60 * 1024
"""Bytes a page may transfer before its fonts: its HTML, CSS and scripts, gzip-compressed."""


@pytest.fixture(scope="module")
def seed() -> dict[str, bytes]:
    """The seed site as of 2 Apr 2566 (both round reports open), in memory: path → bytes."""
    files = build(ROOT / "content", None, dt.date(2023, 4, 2)).files
    return {f.path: _bytes(f) for f in files}


def _bytes(f: OutputFile) -> bytes:
    if f.data is not None:
        return f.data
    assert f.source is not None
    return f.source.read_bytes()


def _subset(face: str) -> TTFont:
    return TTFont(io.BytesIO((fonts.SHIPPED / f"{face}.woff2").read_bytes()))


def test_fonts_are_woff2_subsets_with_the_licence(seed):
    assert sorted(p for p in seed if p.startswith("static/fonts/")) == [
        "static/fonts/OFL.txt", "static/fonts/Sarabun-Bold.woff2", "static/fonts/Sarabun-Regular.woff2"]
    assert b"SIL OPEN FONT LICENSE" in seed["static/fonts/OFL.txt"]
    for face in fonts.FACES:
        data = seed[f"static/fonts/{face}.woff2"]
        assert data[:4] == b"wOF2"
        assert len(data) < len(fonts.source_font(face)) / 2


@pytest.mark.parametrize("face", fonts.FACES)
def test_subset_keeps_thai_latin_and_punctuation_and_drops_the_rest(face):
    source = TTFont(io.BytesIO(fonts.source_font(face))).getBestCmap()
    kept = set(_subset(face).getBestCmap())
    assert kept == fonts.CHARACTERS & set(source)
    assert {ord("ก"), ord("๙"), ord("ำ"), ord("E"), ord("“"), ord("–")} <= kept
    assert ord("é") in source and ord("é") not in kept  # Vietnamese/Latin-1 letters are left to the fallback


@pytest.mark.parametrize("face", fonts.FACES)
def test_subset_keeps_the_features_thai_shaping_needs(face):
    font = _subset(face)
    gsub = {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}
    gpos = {r.FeatureTag for r in font["GPOS"].table.FeatureList.FeatureRecord}
    assert "ccmp" in gsub and {"mark", "mkmk"} <= gpos


def test_every_character_of_the_seed_pages_that_sarabun_has_is_in_the_subset(seed):
    source = set(TTFont(io.BytesIO(fonts.source_font("Sarabun-Regular"))).getBestCmap())
    used: set[int] = set()
    for path, data in seed.items():
        if path.endswith(".html"):
            text = html.unescape(re.sub(r"<[^>]+>", " ", data.decode("utf-8")))
            used.update(ord(c) for c in text if not c.isspace() or c == "\u00a0")
    missing = sorted(chr(c) for c in used & source - fonts.CHARACTERS)
    assert not missing, f"characters the pages use that the subset lacks: {missing}"


SMALL = frozenset(map(ord, "E๑๒ กขค"))
"""A few characters: the timestamp check needs a real subset, not the whole site's (~2 s)."""


def test_subset_bytes_do_not_depend_on_the_clock(monkeypatch):
    """fontTools stamps head.modified with the time (or SOURCE_DATE_EPOCH) unless told not to."""
    ttf = fonts.source_font("Sarabun-Bold")
    first = fonts.subset_woff2(ttf, SMALL)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)
    assert fonts.subset_woff2(ttf, SMALL) == first
    assert TTFont(io.BytesIO(first))["head"].modified == TTFont(io.BytesIO(ttf))["head"].modified


def _shape(font: TTFont) -> tuple[object, ...]:
    """What a subset is made of, independent of how a fontTools version orders its bytes."""
    features = tuple(sorted({r.FeatureTag for t in ("GSUB", "GPOS") for r in font[t].table.FeatureList.FeatureRecord}))
    return font.getBestCmap(), font.getGlyphOrder(), features


@pytest.mark.parametrize("face", fonts.FACES)
def test_the_shipped_files_are_what_fonts_py_makes(face):
    """The package ships the subset ``python -m sitegen.render.fonts`` makes (so a changed CHARACTERS is remade)."""
    made = TTFont(io.BytesIO(fonts.made_files()[f"{face}.woff2"]))
    assert _shape(made) == _shape(_subset(face))
    assert (fonts.SHIPPED / fonts.LICENSE).read_bytes() == fonts.font_license()


def test_the_build_never_makes_a_subset(monkeypatch):
    monkeypatch.setattr(fonts, "subset_woff2", lambda *_: pytest.fail("the build made a subset"))
    files = {f.path: _bytes(f) for f in build(ROOT / "content", None, dt.date(2023, 4, 2)).files}
    assert files["static/fonts/Sarabun-Bold.woff2"] == (fonts.SHIPPED / "Sarabun-Bold.woff2").read_bytes()


def test_font_faces_swap_and_name_files_the_build_writes(seed):
    css = seed["static/site.css"].decode("utf-8")
    faces = re.findall(r"@font-face\s*{([^}]*)}", css)
    assert len(faces) == len(fonts.FACES)
    for face in faces:
        assert "font-display: swap" in face
        url = re.search(r'url\("([^"]+)"\) format\("woff2"\)', face)
        assert url and f"static/{url[1]}" in seed
    head = BeautifulSoup(seed["index.html"], "html.parser").head
    preload = head.find("link", rel="preload")
    assert preload["type"] == "font/woff2" and preload["href"].lstrip("/") in seed


def test_a_site_font_of_the_same_name_replaces_the_subset(tmp_path):
    templates = tmp_path / "templates"
    (templates / "static/fonts").mkdir(parents=True)
    (templates / "static/fonts/Sarabun-Bold.woff2").write_bytes(b"wOF2 mine")
    from sitegen.render.templates import static_files

    out = {f.path: _bytes(f) for f in static_files(templates)}
    assert out["static/fonts/Sarabun-Bold.woff2"] == b"wOF2 mine"
    assert out["static/fonts/Sarabun-Regular.woff2"][:4] == b"wOF2"


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weight(path: str, files: dict[str, bytes]) -> int:
    """Bytes of the page at ``path`` and the CSS and scripts it loads, each gzip-compressed as a web server
    sends them (the seed's base URL is the host's root, so ``/static/site.css`` is ``static/site.css``)."""
    soup = BeautifulSoup(files[path], "html.parser")
    assets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assets += [script["src"] for script in soup.find_all("script", src=True)]
    return _gzipped(files[path]) + sum(_gzipped(files[a.lstrip("/")]) for a in assets)


def test_every_seed_page_stays_within_60_kb_before_fonts(seed):
    weights = {path: page_weight(path, seed) for path in seed if path.endswith(".html")}
    over = {path: size for path, size in weights.items() if size > BUDGET}
    assert not over, over
    assert len(weights) > 50 and max(weights.values()) > 5_000  # every page, and real sizes


def test_the_budget_counts_the_scripts_and_styles_a_page_loads(seed):
    """A check of the check: the home page loading a large script is over the budget."""
    heavy = dict(seed)
    # 100 KB that gzip cannot shrink
    heavy["static/big.js"] = b"".join(hashlib.sha256(b"%d" % i).digest() for i in range(3200))
    heavy["index.html"] = seed["index.html"].replace(b"</head>", b'<script src="/static/big.js"></script></head>')
    assert page_weight("index.html", seed) < BUDGET < page_weight("index.html", heavy)
