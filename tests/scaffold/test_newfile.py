"""``sitegen new``: a content file of every kind that the build accepts as it is (``scaffold.newfile``), its
attachments copied in without overwriting, the codes it offers and asks for, and placeholders that never go live."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ITEM_E7, SITE_YAML, build_ok, ungroup, write_tree
from sitegen.cli import main
from sitegen.scaffold.newfile import file_stem


@pytest.fixture(autouse=True)
def elsewhere(tmp_path, monkeypatch):
    """Run every command from a folder with no templates/ (as a new agency would)."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def content(tmp_path) -> Path:
    return write_tree(tmp_path / "content", f"-- site.yaml --\n{SITE_YAML}-- eit/2567/E7.md --\n{ITEM_E7}")


def new(content: Path, *args: str) -> int:
    return main(["new", *args, "--content", str(content)])


@pytest.mark.parametrize("args, page", [
    (["action", "ประชุมประชาคม: แผนพัฒนา", "--items", "e7", "--date", "2567-03-01"],
     "actions/2567/2024-03-01-ประชุมประชาคม-แผนพัฒนา/index.html"),
    (["item", "--code", "E9", "--fy", "2567"], "eit/2567/e9/index.html"),
    (["news", "ประกาศรับสมัคร", "--date", "2024-01-10", "--oit", "O4"], "news/2567/2024-01-10-ประกาศรับสมัคร/index.html"),
    (["page", "Structure", "--fy", "2567", "--oit", "O1"], "structure/index.html"),
])
def test_new_writes_a_file_that_builds(content, capsys, args, page):
    assert new(content, *args) == 0, capsys.readouterr().err
    build_ok(content.parent, capsys, "2567-06-01")
    html = (content.parent / "output" / page).read_text(encoding="utf-8")
    assert "<html lang=\"th\"" in html


def test_new_document_copies_its_attachment_and_builds(content, tmp_path, capsys):
    pdf = tmp_path / "แผนการจัดซื้อ 2567.PDF"
    pdf.write_bytes(b"%PDF-1.4 x")
    assert new(content, "document", "แผนการจัดซื้อจัดจ้าง", "--attach", str(pdf), "--fy", "2567", "--oit", "o3") == 0
    assert (content / "files/2567/แผนการจัดซื้อ-2567.pdf").read_bytes() == b"%PDF-1.4 x"
    build_ok(content.parent, capsys, "2567-06-01")
    assert (content.parent / "output/documents/แผนการจัดซื้อจัดจ้าง/index.html").is_file()
    assert new(content, "document", "อื่น") == 2 and "--attach" in capsys.readouterr().err


@pytest.mark.parametrize("args, source, link", [
    (["action", "ประชุม", "--items", "E7", "--date", "2567-03-01"], "actions/2567/2024-03-01-ประชุม.md",
     "actions/2567/2024-03-01-ประชุม/index.html"),
    (["news", "ประกาศ", "--date", "2567-03-01"], "news/2567/2024-03-01-ประกาศ.md",
     "news/2567/2024-03-01-ประกาศ/index.html"),
    (["document", "แผน", "--fy", "2567"], "documents/แผน.md", "documents/แผน/index.html"),
    (["item", "--code", "E9", "--fy", "2567"], "eit/2567/E9.md", "eit/2567/e9/index.html"),
    (["page", "โครงสร้าง", "--fy", "2567"], "pages/โครงสร้าง.md", "โครงสร้าง/index.html"),
])
def test_every_new_kind_attaches_a_file_from_outside_and_from_content_files(content, tmp_path, capsys, args, source,
                                                                            link):
    outside = tmp_path / "รายงาน การประชุม.pdf"
    outside.write_bytes(b"%PDF-1.4 minutes")
    inside = content / "files/2567/คำสั่ง.pdf"
    inside.parent.mkdir(parents=True)
    inside.write_bytes(b"%PDF-1.4 order")
    # a file from elsewhere, one in content/files/ named from here and as attachments: names it, and a link
    assert new(content, *args, "--attach", str(outside), "--attach", "content/files/2567/คำสั่ง.pdf",
               "--attach", "files/2567/คำสั่ง.pdf", "--attach", "https://www.example.go.th/x") == 0
    assert (content / "files/2567/รายงาน-การประชุม.pdf").read_bytes() == b"%PDF-1.4 minutes"
    assert sorted(p.name for p in (content / "files/2567").iterdir()) == ["คำสั่ง.pdf", "รายงาน-การประชุม.pdf"]
    text = (content / source).read_text(encoding="utf-8")
    if args[0] in ("action", "news", "document"):
        assert ('attachments:\n  - "files/2567/รายงาน-การประชุม.pdf"\n  - "files/2567/คำสั่ง.pdf"\n'
                '  - "files/2567/คำสั่ง.pdf"\n  - "https://www.example.go.th/x"\n') in text
    else:  # no attachments: key: links in the text, by their relative source path
        assert "(../../files/2567/รายงาน-การประชุม.pdf)" in text or "(../files/2567/รายงาน-การประชุม.pdf)" in text
    build_ok(content.parent, capsys, "2567-06-01")
    html = (content.parent / "output" / link).read_text(encoding="utf-8")
    for name in ("รายงาน-การประชุม.pdf", "คำสั่ง.pdf"):
        assert f'href="/files/2567/{quote(name)}"' in html, name
    assert 'href="https://www.example.go.th/x"' in html


def test_attach_never_copies_over_another_file(content, tmp_path, capsys):
    taken = content / "files/2567/plan.pdf"
    taken.parent.mkdir(parents=True)
    taken.write_bytes(b"%PDF-1.4 the agency's own")
    ours = tmp_path / "plan.pdf"
    ours.write_bytes(b"%PDF-1.4 another")
    assert new(content, "document", "แผน", "--fy", "2567", "--attach", str(ours)) == 0
    assert taken.read_bytes() == b"%PDF-1.4 the agency's own"
    assert (content / "files/2567/plan-2.pdf").read_bytes() == b"%PDF-1.4 another"
    out = capsys.readouterr().out
    assert "plan.pdf exists, so the copy is named plan-2.pdf" in out
    assert '  - "files/2567/plan-2.pdf"' in (content / "documents/แผน.md").read_text(encoding="utf-8")
    same = tmp_path / "again/plan.pdf"  # the very bytes already there: referred to, not copied a third time
    same.parent.mkdir()
    same.write_bytes(b"%PDF-1.4 another")
    assert new(content, "news", "ข่าว", "--fy", "2567", "--attach", str(same), "--attach", str(same)) == 0
    assert sorted(p.name for p in taken.parent.iterdir()) == ["plan-2.pdf", "plan.pdf"]


def test_attach_of_a_missing_file_writes_nothing(content, capsys):
    assert new(content, "action", "x", "--items", "E7", "--fy", "2567", "--attach", "files/2567/nope.pdf") == 2
    assert "file files/2567/nope.pdf not found" in capsys.readouterr().err
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*")) == [
        "eit", "eit/2567", "eit/2567/E7.md", "site.yaml"]


def test_new_action_writes_the_date_in_the_buddhist_era_and_refuses_to_overwrite(content, capsys):
    assert new(content, "action", "ทดสอบ", "--items", "E7", "--date", "2024-03-01") == 0
    path = content / "actions/2567/2024-03-01-ทดสอบ.md"
    text = path.read_text(encoding="utf-8")
    assert "date: 2567-03-01" in text and "items: [E7]" in text
    path.write_text(text + "แก้แล้ว\n", encoding="utf-8")
    capsys.readouterr()
    assert new(content, "action", "ทดสอบ", "--items", "E7", "--date", "2024-03-01") == 2
    assert "ไม่เขียนทับ" in capsys.readouterr().err and path.read_text(encoding="utf-8").endswith("แก้แล้ว\n")


@pytest.mark.parametrize("args, says", [
    (["action", "x", "--items", "E4", "--fy", "2567"], "E4 have no item file in eit/2567/"),
    (["item", "--code", "E16", "--fy", "2567"], "not an EIT item of 2567"),
    (["news", "x", "--fy", "2567", "--oit", "O99"], "O99 not in the OIT catalog of 2567"),
    (["action", "x", "--items", "E7", "--fy", "2567", "--date", "2568-01-01"], "is in fiscal year 2568, not 2567"),
    (["item", "--code", "E1", "--fy", "2590"], "no EIT catalog for 2590"),
])
def test_new_refuses_bad_options_with_usage_errors(content, capsys, args, says):
    assert new(content, *args) == 2
    assert says in capsys.readouterr().err
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md")) == ["eit/2567/E7.md"]


def test_new_action_offers_the_codes_of_the_year(content, capsys, monkeypatch):
    prompts: list[str] = []
    replies = iter(["E9", "e7"])  # E9 has no item file: asked again
    monkeypatch.setattr("builtins.input", lambda p: prompts.append(p) or next(replies))
    assert main(["new", "action", "เลือกข้อ", "--fy", "2567", "--date", "2567-02-01", "--content", str(content)]) == 0
    listed = capsys.readouterr()
    assert "E7    หน่วยงานที่ท่านติดต่อ มีการเผยแพร่ผลงาน" in listed.out and "เลือกจาก | choose from: E7" in listed.err
    assert len(prompts) == 2
    assert "items: [E7]" in (content / "actions/2567/2024-02-01-เลือกข้อ.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, name, says", [
    (["--code", "i๔"], "i4.md", "code: i4\n# question: ("),
    (["--code", "iit-4"], "IIT-4.md", "tool: IIT\nindicator: 4\n"),
    (["--code", "O4"], "O4.md", "# ข้อ O4 (แบบวัด OIT ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล): ข้อมูลการติดต่อ\ncode: O4\n"),
])
def test_new_item_of_every_tool_and_a_whole_indicator_builds(content, capsys, args, name, says):
    assert new(content, "item", "--fy", "2567", *args) == 0, capsys.readouterr().err
    assert says in (content / "eit/2567" / name).read_text(encoding="utf-8")
    assert new(content, "action", "ทำตามข้อ", "--items", name[:-3], "--date", "2567-03-01") == 0
    build_ok(content.parent, capsys, "2567-06-01")


def test_new_item_asks_for_the_tool_then_offers_its_items_without_a_file(content, capsys, monkeypatch):
    prompts: list[str] = []
    replies = iter(["iit", "E7", "iit-๔"])  # E7 is not an IIT item: asked again
    monkeypatch.setattr("builtins.input", lambda p: prompts.append(p) or next(replies))
    assert main(["new", "item", "--fy", "2567", "--content", str(content)]) == 0
    listed = capsys.readouterr().out
    assert prompts[0].startswith("เครื่องมือการประเมิน | the tool") and len(prompts) == 3
    assert "IIT   แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน" in listed
    assert "OIT   แบบวัดการเปิดเผยข้อมูลสาธารณะ" in listed
    assert "IIT-4 ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ (ทั้งตัวชี้วัด)" in listed
    assert "i19   ข้อคำถามในตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ" in listed
    assert "tool: IIT\nindicator: 4\n" in (content / "eit/2567/IIT-4.md").read_text(encoding="utf-8")
    replies = iter(["e7", "E6"])  # E7 has a file already: not offered
    monkeypatch.setattr("builtins.input", lambda p: next(replies))
    assert main(["new", "item", "--fy", "2567", "--tool", "eit", "--content", str(content)]) == 0
    assert "E7 " not in capsys.readouterr().out and (content / "eit/2567/E6.md").is_file()


def test_new_outside_a_site_says_so(tmp_path, capsys):
    assert main(["new", "page", "x", "--content", str(tmp_path / "nothing")]) == 2
    assert "site.yaml" in capsys.readouterr().err


def test_file_stem_is_the_web_name_cut_at_a_word():
    assert file_stem("ประชุม " * 30, dt.date(2024, 3, 1)).startswith("2024-03-01-ประชุม-")
    assert len(file_stem("ประชุม " * 30)) <= 60 and not file_stem("ประชุม " * 30).endswith("-")


def test_new_placeholders_never_go_live(content, capsys):
    """Every placeholder ``new`` writes is sample text: the build shows it, the publish check refuses it."""
    assert new(content, "item", "--code", "E9", "--fy", "2567") == 0
    capsys.readouterr()
    assert main(["check", "--strict", "--content", str(content), "--as-of", "2567-01-01"]) == 1
    places = sorted(line.split(": ")[0] for line in ungroup(capsys.readouterr().err).splitlines()
                    if "sample text not edited yet" in line)
    assert places == ["content/eit/2567/E9.md:4", "content/eit/2567/E9.md:6", "content/eit/2567/E9.md:8"]
