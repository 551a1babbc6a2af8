"""Encoding detection: a file that is not UTF-8 is named for what it is, with the Save As fix."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from conftest import ITEM_E7
from sitegen.load.content import load_document
from sitegen.load.encoding import EncodingProblem, decode_text, sniff_wide
from sitegen.errors import SiteError

TEXT = "---\ntitle: เผยแพร่ผลงาน ประจำปี ๒๕๖๗\n---\nรายงานผลการดำเนินงาน (Report)\n"
WIDE = {
    "UTF-16 LE": "utf-16-le", "UTF-16 BE": "utf-16-be", "UTF-32 LE": "utf-32-le", "UTF-32 BE": "utf-32-be",
}


@pytest.mark.parametrize("name", WIDE)
@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
@pytest.mark.parametrize("text", [TEXT, ITEM_E7, "abc", "น้ำ"], ids=["thai", "ascii-item", "short-ascii", "short-thai"])
def test_utf16_and_utf32_are_named_with_or_without_bom(name, bom, text):
    data = ("\ufeff" + text if bom else text).encode(WIDE[name])
    assert sniff_wide(data) == name
    with pytest.raises(EncodingProblem) as info:
        decode_text(data)
    assert info.value.name == name


def test_utf16_without_bom_is_an_encoding_error_not_missing_front_matter(tmp_path):
    (tmp_path / "E7.md").write_bytes(ITEM_E7.encode("utf-16-le"))  # valid UTF-8 bytes, full of NULs
    with pytest.raises(SiteError) as info:
        load_document(tmp_path, PurePosixPath("E7.md"))
    message = str(info.value)
    assert "UTF-16 LE" in message and "Save As" in message and "UTF-8" in message
    assert info.value.line == 1


@pytest.mark.parametrize("codec", ["cp874", "tis-620", "iso8859-11"])
def test_legacy_thai_code_pages_are_named(codec):
    with pytest.raises(EncodingProblem) as info:
        decode_text(TEXT.encode(codec))
    assert info.value.name == "TIS-620/Windows-874" and info.value.line == 2


def test_windows_874_quotes_still_read_as_thai():
    with pytest.raises(EncodingProblem) as info:
        decode_text("---\ntitle: “ประกาศ” รายงานผลการดำเนินงานประจำปี\n---\n".encode("cp874"))
    assert info.value.name == "TIS-620/Windows-874"


@pytest.mark.parametrize("data", [
    "---\ntitle: Café crème brûlée\n---\n".encode("latin-1"),  # western Europe, not Thai
    bytes(range(0x80, 0x100)) * 4,  # binary
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
])
def test_other_bytes_are_not_called_thai(data):
    with pytest.raises(EncodingProblem) as info:
        decode_text(data)
    assert info.value.name is None


def test_utf8_is_read_and_a_stray_nul_is_not_utf16():
    assert decode_text(("\ufeff" + TEXT.replace("\n", "\r\n")).encode("utf-8")) == TEXT
    assert sniff_wide("บรรทัด\x00หนึ่ง ภาษาไทยยาวพอสมควร".encode()) is None


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16", "utf-32-be"])
def test_build_names_the_encoding_of_a_wide_file(make_site, run, tmp_path, codec):
    content = make_site()
    (content / "eit/2567/E7.md").write_bytes(ITEM_E7.encode(codec))
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 1 and "Traceback" not in err
    line = next(l for l in err.splitlines() if l.startswith("content/eit/2567/E7.md:1: "))
    assert "ไม่ใช่ UTF-8" in line and "Save As" in line and "no front matter" not in line
    assert not (tmp_path / "output").exists()
