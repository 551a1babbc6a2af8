"""Load stage, decoding part: read bytes as UTF-8, and name the encoding of a file that is not.

Staff save files from Word, Notepad and old Thai editors. A file in another encoding must not be
read as garbage or reported as "no front matter": the message names what it was saved as and how
to save it as UTF-8. Detection is by byte-order marks and byte patterns only (no guessing library):
the few encodings Thai offices actually produce are easy to tell apart.
"""

from __future__ import annotations

import codecs
import unicodedata

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 LE"), (b"\x00\x00\xfe\xff", "UTF-32 BE"),
    (b"\xff\xfe", "UTF-16 LE"), (b"\xfe\xff", "UTF-16 BE"),
)
_CODECS = {"UTF-32 LE": "utf-32-le", "UTF-32 BE": "utf-32-be", "UTF-16 LE": "utf-16-le", "UTF-16 BE": "utf-16-be"}
_SAMPLE = 4096  # bytes looked at to recognise a BOM-less UTF-16/32 file
THAI_CODE_PAGE = "TIS-620/Windows-874"


class EncodingProblem(ValueError):
    """The bytes are not UTF-8 text: ``name`` is what they are (or None: not text), ``line`` the first bad line."""

    def __init__(self, name: str | None, line: int):
        super().__init__(name, line)
        self.name, self.line = name, line


def _plain_share(text: str) -> float:
    """Share of characters that ordinary Thai/English text is made of (ASCII, Thai, common punctuation)."""
    if not text:
        return 0.0
    plain = sum(1 for c in text if c in "\t\n\r" or " " <= c <= "~" or "\u0e00" <= c <= "\u0e7f"
                or "\u2000" <= c <= "\u206f" or c == "\ufeff")
    return plain / len(text)


def sniff_wide(data: bytes) -> str | None:
    """Name a UTF-16/UTF-32 file (LE/BE, with or without a BOM), else None.

    Without a BOM, the NUL bytes give it away: ``-`` is ``2D 00`` in UTF-16 LE and ``2D 00 00 00`` in
    UTF-32 LE, Thai ``ก`` is ``01 0E`` (or ``0E 01``). Each candidate decoding of the start of the file is scored
    by how much of it is ordinary text; real UTF-8 text holds no NUL at all, so it never gets here.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    sample = data[:_SAMPLE]
    # Thai alone in UTF-16 has no NUL but a 0E byte in every character (ก is 01 0E); UTF-8 text has neither.
    if b"\x00" not in sample and sample.count(0x0E) * 4 < len(sample):
        return None
    best, best_share = None, 0.9  # the winner must read as ordinary text almost throughout
    for name, codec in _CODECS.items():
        try:  # not final: the sample may end inside a character
            text = codecs.getincrementaldecoder(codec)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        share = _plain_share(text) if "\x00" not in text else 0.0
        if share > best_share:
            best, best_share = name, share
    return best


def _is_thai_code_page(data: bytes) -> bool:
    """True when the bytes read as TIS-620/Windows-874 Thai: the non-ASCII characters are (nearly
    all) Thai, and the vowel and tone marks sit on Thai letters. Latin-1 "café" also maps into the
    Thai range (é is byte E9, a tone mark in TIS-620), but its marks follow Latin letters."""
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        return False
    high = [c for c in text if ord(c) >= 0x80]
    thai = sum(1 for c in high if "\u0e01" <= c <= "\u0e5b")
    marks = bad = 0
    for before, c in zip(" " + text, text):
        if "\u0e01" <= c <= "\u0e5b" and unicodedata.category(c) == "Mn":
            marks += 1
            bad += not ("\u0e01" <= before <= "\u0e5b")
    return bool(high) and thai >= 0.9 * len(high) and bad <= 0.1 * marks


def decode_text(data: bytes) -> str:
    """UTF-8 bytes (a BOM is fine) → text with LF line ends, NFC. Raises EncodingProblem."""
    wide = sniff_wide(data)
    if wide is not None:
        raise EncodingProblem(wide, 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EncodingProblem(THAI_CODE_PAGE if _is_thai_code_page(data) else None, line) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def encoding_message(problem: EncodingProblem) -> tuple[str, str]:
    """(Thai, English) naming what the file is and the Save As fix."""
    if problem.name is None:
        th, en = "ไฟล์นี้ไม่ใช่ข้อความ UTF-8", "the file is not UTF-8 text"
    else:
        th, en = f"ไฟล์นี้บันทึกเป็นรหัส {problem.name} ไม่ใช่ UTF-8", f"the file is saved as {problem.name}, not UTF-8"
    return (f"{th} — เปิดไฟล์แล้วบันทึกใหม่ (Save As) โดยเลือกการเข้ารหัส UTF-8",
            f"{en} — open it and save it again with the encoding UTF-8")
