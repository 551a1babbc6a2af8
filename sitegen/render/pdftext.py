"""The report PDF's text as the user wrote it, for those who copy it, search it or read it aloud.

WeasyPrint maps each glyph to text through the font's ToUnicode map, one text per glyph for the whole
file, taken from the first cluster the glyph is drawn in. HarfBuzz draws ำ as two glyphs (ํ + า) and
merges the syllable into one cluster, so the cluster's first glyphs get no text and its last one all of
it ("ดำ"); from then on every า of the file reads "ดำ" ("ก้ำร" for "การ"), and ด reads as nothing.

Two fixes, neither changing a character of the text that is laid out:
- each line of text is drawn in a marked-content span whose /ActualText is the line as written
  (PDF 1.5, 14.9.4): Acrobat, Chrome and poppler's pdftotext give exactly the user's characters;
- the ToUnicode map gives each glyph its own character (from the font's cmap, and for a glyph that
  the font substitutes for another, that one's), so viewers that ignore /ActualText (Apple Preview,
  Firefox) read "ดํา": ำ's compatibility decomposition, the same under NFKC, instead of "ดา".

WeasyPrint has no option for either, so its line drawing is wrapped while a PDF is made (``_fonts``
and ``draw_first_line`` are its internals; without them, a later WeasyPrint, the PDF is made as
WeasyPrint makes it, and the tests of the extracted text fail).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def faithful_text() -> Iterator[None]:
    """While WeasyPrint draws in this thread: every line with its /ActualText, every glyph its own text."""
    import pydyf
    from weasyprint.draw import text as drawing

    draw_line = getattr(drawing, "draw_first_line", None)
    if draw_line is None:
        yield
        return
    own_text: dict[int, dict[int, frozenset[str]]] = {}  # id(font) → glyph → the texts it stands for

    def with_actual_text(stream: Any, textbox: Any, *args: Any) -> Any:
        if not textbox.text.strip():  # WeasyPrint draws nothing for it
            return draw_line(stream, textbox, *args)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(textbox.text)}))
        try:
            return draw_line(stream, textbox, *args)
        finally:
            stream.end_marked_content()
            for font in getattr(stream, "_fonts", {}).values():
                if id(font) not in own_text:
                    own_text[id(font)] = glyph_characters(font.file_content, font.index)
                fix_glyph_text(font.to_unicode, own_text[id(font)])

    drawing.draw_first_line = with_actual_text
    try:
        yield
    finally:
        drawing.draw_first_line = draw_line


def fix_glyph_text(to_unicode: dict[int, str], own: dict[int, frozenset[str]]) -> None:
    """Give each glyph of ``to_unicode`` whose text is not one of the texts it stands for the first
    of them (glyphs the font says nothing of keep theirs). For ํ่ drawn as one glyph, the font's
    two orders give "่ํ" (the tone mark first, as in ม่ำ's NFKC form) and "ํ่"; the first is chosen."""
    for glyph, text in to_unicode.items():
        chars = own.get(glyph)
        if chars and text not in chars:
            to_unicode[glyph] = min(chars)


def glyph_characters(font_file: bytes, index: int = 0) -> dict[int, frozenset[str]]:
    """Each glyph of the font and the characters it stands for: the cmap's, and for a glyph the font
    puts in place of others (GSUB single, alternate and ligature substitutions: a tone mark moved left
    or down, ํ and ่ as one glyph) those glyphs' characters."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(font_file), fontNumber=index, lazy=True)
    order = font.getGlyphOrder()
    ids = {name: i for i, name in enumerate(order)}
    chars: dict[str, set[str]] = {}
    for code, name in (font.getBestCmap() or {}).items():
        chars.setdefault(name, set()).add(chr(code))
    made: dict[str, set[str]] = {}  # glyphs the font draws in place of others, and their texts
    substitutions = list(_substitutions(font))
    for _ in range(3):  # a substitute of a substitute (a moved form of a ligature of marks)
        for parts, target in substitutions:
            texts = [chars.get(part) or made.get(part) or set() for part in parts]
            if target not in chars and all(len(text) == 1 for text in texts):
                made.setdefault(target, set()).add("".join(next(iter(text)) for text in texts))
    chars.update(made)
    return {ids[name]: frozenset(c) for name, c in chars.items() if name in ids}


def _substitutions(font: Any) -> Iterator[tuple[tuple[str, ...], str]]:
    """(glyphs, the glyph put in their place) of the font's one-to-one, alternate and ligature
    substitutions (the parts of a one-to-many one, such as ำ's ํ and า, are characters of their own)."""
    if "GSUB" not in font or font["GSUB"].table.LookupList is None:
        return
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = table.ExtSubTable if table.LookupType == 7 else table
            if table.LookupType == 1:
                yield from (((source,), target) for source, target in table.mapping.items())
            elif table.LookupType == 3:
                yield from (((source,), alt) for source, alts in table.alternates.items() for alt in alts)
            elif table.LookupType == 4:
                yield from (((first, *lig.Component), lig.LigGlyph)
                            for first, ligs in table.ligatures.items() for lig in ligs)
