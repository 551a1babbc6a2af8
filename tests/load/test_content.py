"""Load stage: decoding, front matter, YAML with line numbers."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from sitegen.load.content import load_content, load_document, split_front_matter
from sitegen.load.yamllines import parse_yaml_mapping
from sitegen.errors import SiteError


def test_split_front_matter_positions():
    fm, fm_line, body, body_line = split_front_matter("---\ntitle: x\n---\n\nbody\n", "f.md")
    assert (fm, fm_line, body_line) == ("title: x", 2, 4)
    assert body == "\nbody\n"
    assert split_front_matter("no front matter", "f.md") == (None, 1, "no front matter", 1)


def test_yaml_lines_for_keys_and_list_entries():
    meta, lines = parse_yaml_mapping("code: E7\nmeasures:\n  - a\n  - b\ndate: 2566-03-01\n", "f.md", 2)
    assert meta == {"code": "E7", "measures": ["a", "b"], "date": "2566-03-01"}  # dates stay text
    assert lines == {"code": 2, "measures": 3, "measures[0]": 4, "measures[1]": 5, "date": 6}


@pytest.mark.parametrize("text, line, words", [
    ("a: [1\n", 1, "syntax"),
    ("- a\n- b\n", 1, "front matter"),
    ("a: 1\na: 2\n", 2, "twice"),
])
def test_yaml_problems(text, line, words):
    with pytest.raises(SiteError) as info:
        parse_yaml_mapping(text, "f.md", 1)
    assert info.value.line == line and words in str(info.value)


# A syntax error is named where the writer must look (an unclosed bracket or quote: where it opened, not
# where PyYAML gave up, a line later) in Thai and English, without the parser's own English.
@pytest.mark.parametrize("text, line, th, en", [
    ("title: x\nitems: [E1\nstatus: done\n", 3, "วงเล็บ [ ที่เปิดในบรรทัดนี้ยังไม่ได้ปิด",
     "the '[' opened on this line is not closed"),
    ("title: x\nitems: [E1, E7\n", 3, "เติม ] หลังรายการสุดท้าย", "add ']' after the last entry"),
    ("title: x\nitems: [\n", 3, "วงเล็บ [ ที่เปิดในบรรทัดนี้", "the '[' opened on this line"),
    ("title: x\nitems: [E1, [E2\nstatus: done\n", 3, "วงเล็บ [", "the '['"),
    ("title: x\nmeasures:\n  - a\n  - [b\n  - c\n", 5, "วงเล็บ [", "'['"),
    ("title: x\ncontact: {phone: \"1\"\nemail: y\n", 3, "วงเล็บ { ที่เปิดในบรรทัดนี้ยังไม่ได้ปิด", "the '{' opened"),
    ('title: "ประชุม\nstatus: done\n', 2, "เปิดเครื่องหมายคำพูดในบรรทัดนี้แล้วไม่ได้ปิด",
     "a quote opened on this line is not closed"),
    ("title: x\nstatus:done\n", 3, "ไม่มีเว้นวรรคหลังเครื่องหมาย : — เขียนเป็น status: done",
     "no space after the ':' — write status: done"),
    ("status:done\ntitle: x\n", 2, "เขียนเป็น status: done", "write status: done"),
    ("status:done\n", 2, "เขียนเป็น status: done", "write status: done"),
    ("title: x\ndate 2566-03-01\n", 3, "ไม่มีเครื่องหมาย : หลังชื่อช่อง", "no ':' after the key"),
    ("title: x\nitems: [E1]]\n", 3, "วงเล็บปิด ] เกินมา", "a ']' that closes nothing"),
    ("measures:\n  - a\n - b\n", 4, "การย่อหน้าไม่ตรงกับบรรทัดอื่น", "the indentation does not match"),
    ("title: งาน: ประชุม\n", 2, "มีเครื่องหมาย : อยู่ในข้อความ", "a ':' inside a text — put the whole text in quotes"),
    ("title: \"ประชุม\" สภา\n", 2, "มีข้อความต่อท้ายหลังเครื่องหมายคำพูด", "text follows a closing quote"),
])
def test_yaml_syntax_errors_in_plain_words_at_the_right_line(text, line, th, en):
    with pytest.raises(SiteError) as info:
        parse_yaml_mapping(text, "f.md", 2)
    assert (info.value.line, th in info.value.th, en in info.value.en) == (line, True, True), str(info.value)
    raw = ("while parsing", "while scanning", "expected", "<stream end>", "flow sequence", "could not find")
    assert not any(word in str(info.value) for word in raw)


def test_a_url_in_a_list_is_not_a_missing_space():
    with pytest.raises(SiteError) as info:
        parse_yaml_mapping("links:\n  - https://x.go.th/\n  - [y\n", "f.md", 2)
    assert info.value.line == 4 and "วงเล็บ [" in info.value.th


def test_bom_crlf_and_nfc(tmp_path):
    decomposed = "Cafe\u0301"  # e + combining acute: NFC makes it one character
    (tmp_path / "x.md").write_bytes("\ufeff---\r\ntitle: t\r\n---\r\nบรรทัด\r\n".encode() + decomposed.encode())
    doc = load_document(tmp_path, PurePosixPath("x.md"))
    assert doc.meta == {"title": "t"} and doc.body == "บรรทัด\n" + "Caf\u00e9"
    assert doc.body_line == 4


def test_cp874_is_named(tmp_path):
    (tmp_path / "x.md").write_bytes("---\ntitle: ทดสอบ\n---\n".encode("cp874"))
    with pytest.raises(SiteError) as info:
        load_document(tmp_path, PurePosixPath("x.md"))
    assert "TIS-620" in str(info.value) and "UTF-8" in str(info.value) and info.value.line == 2


def test_load_content_sorts_and_sorts_out(tmp_path):
    root = tmp_path / "content"
    for rel, data in {"pages/b.md": "---\ntitle: b\n---\n", "pages/a.md": "---\ntitle: a\n---\n",
                      "files/x.pdf": "1234", "notes.txt": "?", ".git/config": "", "Thumbs.db": ""}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(data)
    content, errors = load_content(root)
    assert errors == []
    assert [str(d.rel) for d in content.docs] == ["pages/a.md", "pages/b.md"]
    assert content.files == {PurePosixPath("files/x.pdf"): 4}
    assert content.others == (PurePosixPath("notes.txt"),)


def test_symlink_out_of_content_is_refused(tmp_path):
    root = tmp_path / "content"
    (root / "files").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("secret")
    (root / "files/leak.txt").symlink_to(tmp_path / "secret.txt")
    content, errors = load_content(root)
    assert content.files == {}
    assert len(errors) == 1 and "symlink" in str(errors[0])
