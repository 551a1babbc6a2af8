"""`sitegen init`, `sitegen new`, Thai file names, the theme inside the package, --version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import pytest

from conftest import ITEM_E7, SITE_YAML, TEMPLATES, ungroup, write_tree
from sitegen.authoring import run_authoring_command
from sitegen.cli import main, make_parser
from sitegen.scaffold.newfile import file_stem
from sitegen.scaffold.init import Answers, render_scaffold, short_name_for, target_path

TODAY = dt.date(2026, 12, 1)  # FY2570, a year sitegen ships no catalog for
INIT = ["--yes", "--name", "องค์การบริหารส่วนตำบลทดลอง", "--district", "เมือง", "--province", "ขอนแก่น",
        "--today", "2026-12-01"]


@pytest.fixture(autouse=True)
def elsewhere(tmp_path, monkeypatch):
    """Run every command from a folder with no templates/ (as a new agency would)."""
    monkeypatch.chdir(tmp_path)


def build_ok(root: Path, capsys, as_of: str = "2569-12-01") -> str:
    out = root / "output"
    code = main(["build", "--no-pdf", "--content", str(root / "content"), "--out", str(out), "--as-of", as_of])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.err


# --- init -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, short", [
    ("องค์การบริหารส่วนตำบลสระตะเคียน", "อบต.สระตะเคียน"),
    ("เทศบาลตำบลบ้านเป้า", "ทต.บ้านเป้า"),
    ("เทศบาลเมืองเลย", "ทม.เลย"),
    ("เทศบาลนครขอนแก่น", "ทน.ขอนแก่น"),
    ("องค์การบริหารส่วนจังหวัดเลย", "อบจ.เลย"),
    ("โรงเรียนบ้านทดลอง", "โรงเรียนบ้านทดลอง"),
])
def test_short_name_is_derived(name, short):
    assert short_name_for(name) == short


def test_scaffold_path_rule():
    answers = Answers("ก", "ข", "ค", "ง", "https://x.example/", TODAY)
    assert target_path(PurePosixPath("dot-github/workflows/publish.yml"), answers) == PurePosixPath(".github/workflows/publish.yml")
    assert target_path(PurePosixPath("dot-gitignore"), answers) == PurePosixPath(".gitignore")
    assert target_path(PurePosixPath("content/eit/_fiscal_year_/index.md.j2"), answers) == PurePosixPath("content/eit/2570/index.md")
    assert target_path(PurePosixPath("content/actions/_fiscal_year_/_today_-x.md.j2"), answers) == PurePosixPath(
        "content/actions/2570/2026-12-01-x.md")


SAMPLE = "(ข้อความตัวอย่าง)"


def edit_the_samples(root: Path) -> None:
    """What staff do with init's files: make each sample text their own (here: keep it, without the mark)."""
    for path in (root / "content").rglob("*"):
        if path.suffix in (".md", ".yaml"):
            path.write_text(path.read_text(encoding="utf-8").replace(f"{SAMPLE} ", ""), encoding="utf-8")


def test_init_writes_a_site_that_builds_at_once_and_names_every_sample_text(tmp_path, capsys):
    assert main(["init", "x", *INIT]) == 0
    root = tmp_path / "x"
    written = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert {"content/site.yaml", "content/eit/2570/index.md", "content/pages/about.md", ".gitignore", "README.md",
            "content/eit/2570/E7.md", "content/actions/2570/2026-12-01-example.md"} <= written
    measures = (root / "content/eit/2570/index.md").read_text(encoding="utf-8")
    assert "catalog_from: 2569" in measures
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๗๐" in measures and "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙" in measures  # digits: thai
    assert "](คู่มือเจ้าหน้าที่.md)" in (root / "README.md").read_text(encoding="utf-8")
    assert "sitegen new action" in (root / "คู่มือเจ้าหน้าที่.md").read_text(encoding="utf-8")
    err = ungroup(build_ok(root, capsys))  # builds (the preview works), every sample line named
    samples = sorted(line.split(": ")[0] for line in err.splitlines() if "sample text not edited yet" in line)
    assert samples == ["content/actions/2570/2026-12-01-example.md:4", "content/actions/2570/2026-12-01-example.md:9",
                       "content/eit/2570/E7.md:5", "content/eit/2570/E7.md:7", "content/eit/2570/E7.md:9",
                       "content/eit/2570/index.md:10", "content/pages/about.md:7", "content/site.yaml:11"]
    assert "ข้อความตัวอย่าง ยังไม่ได้แก้ (responsible) — แก้เป็นข้อความจริงของหน่วยงาน" in err
    assert "write the agency's own text and delete (ข้อความตัวอย่าง)" in err
    assert len(err.strip().splitlines()) == len(samples)  # nothing else
    assert (root / "output/actions/2570/2026-12-01-example/index.html").is_file()
    assert (root / "output/contact/index.html").is_file()
    assert "อบต.ทดลอง" in (root / "output/index.html").read_text(encoding="utf-8")
    check = ["check", "--strict", "--content", str(root / "content"), "--as-of", "2569-12-01"]
    assert main(check) == 1  # the publish workflow's check: no sample text goes live
    assert "ผิดพลาด 8 รายการ" in capsys.readouterr().err
    edit_the_samples(root)
    assert main(check) == 0
    assert capsys.readouterr().err == ""


def test_an_address_someone_accepted_is_not_sample_text(tmp_path, capsys):
    replies = iter(["องค์การบริหารส่วนตำบลหนองบัว", "เมือง", "อุดรธานี", "", "", "", "", "", ""])
    args = make_parser().parse_args(["init", "y", "--today", "2026-12-01"])
    assert run_authoring_command(args, lambda _: next(replies)) == 0
    assert 'address: "อำเภอเมือง จังหวัดอุดรธานี"' in (tmp_path / "y/content/site.yaml").read_text(encoding="utf-8")


def test_init_renders_every_scaffold_file_and_keeps_answers_safe_in_yaml():
    answers = Answers('ชื่อ: มี "เครื่องหมาย"', "เมือง", "เลย", "ย่อ", "https://x.example/", TODAY,
                      {"address": "ที่อยู่: 1"}, "9.9", 2569)
    files = dict(render_scaffold(answers))
    import yaml
    site = yaml.safe_load(files[PurePosixPath("content/site.yaml")])
    assert site["name"] == 'ชื่อ: มี "เครื่องหมาย"' and site["contact"] == {"address": "ที่อยู่: 1"}
    assert not any(p.suffix == ".j2" or any(part.startswith("dot-") for part in p.parts) for p in files)


def test_init_never_overwrites(tmp_path, capsys):
    (tmp_path / "x" / "content").mkdir(parents=True)
    mine = tmp_path / "x" / "content" / "site.yaml"
    mine.write_text("name: ของเดิม\n", encoding="utf-8")
    assert main(["init", "x", *INIT]) == 0
    assert mine.read_text(encoding="utf-8") == "name: ของเดิม\n"
    assert "ไม่เขียนทับ | kept    x/content/site.yaml" in capsys.readouterr().out
    assert (tmp_path / "x" / "content/pages/about.md").is_file()  # the others are still written


def test_init_asks_in_order_and_enter_takes_the_defaults(tmp_path):
    asked: list[str] = []
    answers = iter(["องค์การบริหารส่วนตำบลหนองบัว", "เมือง", "อุดรธานี", "", "", "", "042 000 000", "", ""])

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    args = make_parser().parse_args(["init", "y", "--today", "2026-12-01"])
    assert run_authoring_command(args, ask) == 0
    labels = [p.split(" | ")[0].split(" (")[0].split(" [")[0] for p in asked]
    assert labels[:6] == ["ชื่อเต็มของหน่วยงาน เช่น องค์การบริหารส่วนตำบลสระตะเคียน", "อำเภอ", "จังหวัด", "ชื่อย่อ",
                          "ที่อยู่เว็บไซต์", "ที่อยู่สำนักงาน"]
    assert "[อบต.หนองบัว]" in asked[3]
    site = (tmp_path / "y/content/site.yaml").read_text(encoding="utf-8")
    assert 'short_name: "อบต.หนองบัว"' in site and 'phone: "042 000 000"' in site and "email" not in site


def test_init_with_yes_needs_the_name(capsys):
    assert main(["init", "z", "--yes"]) == 2
    assert "--name" in capsys.readouterr().err


# --- new --------------------------------------------------------------------------------------

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
    (["news", "ประกาศ", "--date", "2567-03-01"], "news/2567/2024-03-01-ประกาศ.md", "news/2567/2024-03-01-ประกาศ/index.html"),
    (["document", "แผน", "--fy", "2567"], "documents/แผน.md", "documents/แผน/index.html"),
    (["item", "--code", "E9", "--fy", "2567"], "eit/2567/E9.md", "eit/2567/e9/index.html"),
    (["page", "โครงสร้าง", "--fy", "2567"], "pages/โครงสร้าง.md", "โครงสร้าง/index.html"),
])
def test_every_new_kind_attaches_a_file_from_outside_and_from_content_files(content, tmp_path, capsys, args, source, link):
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
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*")) == ["eit", "eit/2567", "eit/2567/E7.md",
                                                                                     "site.yaml"]


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


def test_new_action_offers_the_codes_of_the_year(content, capsys):
    prompts: list[str] = []
    args = make_parser().parse_args(["new", "action", "เลือกข้อ", "--fy", "2567", "--date", "2567-02-01",
                                     "--content", str(content)])
    replies = iter(["E9", "e7"])  # E9 has no item file: asked again
    assert run_authoring_command(args, lambda p: prompts.append(p) or next(replies)) == 0
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


def test_new_item_asks_for_the_tool_then_offers_its_items_without_a_file(content, capsys):
    prompts: list[str] = []
    replies = iter(["iit", "E7", "iit-๔"])  # E7 is not an IIT item: asked again
    args = make_parser().parse_args(["new", "item", "--fy", "2567", "--content", str(content)])
    assert run_authoring_command(args, lambda p: prompts.append(p) or next(replies)) == 0
    listed = capsys.readouterr().out
    assert prompts[0].startswith("เครื่องมือการประเมิน | the tool") and len(prompts) == 3
    assert "IIT   แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน" in listed
    assert "OIT   แบบวัดการเปิดเผยข้อมูลสาธารณะ" in listed
    assert "IIT-4 ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ (ทั้งตัวชี้วัด)" in listed
    assert "i19   ข้อคำถามในตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ" in listed
    assert "tool: IIT\nindicator: 4\n" in (content / "eit/2567/IIT-4.md").read_text(encoding="utf-8")
    args = make_parser().parse_args(["new", "item", "--fy", "2567", "--tool", "eit", "--content", str(content)])
    replies = iter(["e7", "E6"])  # E7 has a file already: not offered
    assert run_authoring_command(args, lambda p: next(replies)) == 0
    assert "E7 " not in capsys.readouterr().out and (content / "eit/2567/E6.md").is_file()


def test_new_outside_a_site_says_so(tmp_path, capsys):
    assert main(["new", "page", "x", "--content", str(tmp_path / "nothing")]) == 2
    assert "site.yaml" in capsys.readouterr().err


# --- the file names of new files ----------------------------------------------------------------

def test_file_stem_is_the_web_name_cut_at_a_word():
    assert file_stem("ประชุม " * 30, dt.date(2024, 3, 1)).startswith("2024-03-01-ประชุม-")
    assert len(file_stem("ประชุม " * 30)) <= 60 and not file_stem("ประชุม " * 30).endswith("-")


# --- the theme inside the package ------------------------------------------------------------------

def test_build_without_templates_uses_the_theme_and_a_site_folder_overrides_by_name(tmp_path, capsys):
    content = write_tree(tmp_path / "content", f"-- site.yaml --\n{SITE_YAML}-- pages/about.md --\n---\ntitle: เกี่ยวกับ\n---\nข้อความ\n")
    build_ok(tmp_path, capsys, "2567-06-01")
    theme_css = (TEMPLATES / "static/site.css").read_bytes()
    assert (tmp_path / "output/static/site.css").read_bytes() == theme_css
    own = tmp_path / "templates"
    write_tree(own, "-- page.html --\n{% extends 'base.html' %}{% block content %}<p>ของเราเอง {{ page.title }}</p>{% endblock %}\n"
                    "-- static/site.css --\nbody { color: black }\n-- static/extra.js --\n// x\n")
    build_ok(tmp_path, capsys, "2567-06-01")  # ./templates is picked up without --templates
    assert "ของเราเอง เกี่ยวกับ" in (tmp_path / "output/about/index.html").read_text(encoding="utf-8")
    assert (tmp_path / "output/static/site.css").read_text() == "body { color: black }\n"
    assert (tmp_path / "output/static/extra.js").is_file()
    assert "<nav" in (tmp_path / "output/index.html").read_text(encoding="utf-8")  # the theme's home page
    (own / "page.html").write_text("{% extends 'base.html' %}\n{% block content %}\n{{ page.nope }}\n{% endblock %}\n")
    assert main(["build", "--no-pdf", "--content", str(content), "--out", str(tmp_path / "output"), "--as-of", "2567-06-01"]) == 1
    assert "templates/page.html:3:" in capsys.readouterr().err


def test_missing_templates_option_folder_is_a_usage_error(tmp_path, capsys):
    content = write_tree(tmp_path / "content", f"-- site.yaml --\n{SITE_YAML}")
    assert main(["check", "--content", str(content), "--templates", str(tmp_path / "nope")]) == 2
    assert "nope" in capsys.readouterr().err


def test_version_comes_from_the_package_metadata(capsys):
    from importlib import metadata

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"sitegen {metadata.version('sitegen-ita')}"


def test_theme_copy_in_tests_matches_what_render_uses():
    from sitegen.render.templates import theme_dir

    assert theme_dir().resolve() == TEMPLATES.resolve()


# --- the sample site ------------------------------------------------------------------------------

def test_sample_site_has_a_contact_page_marked_as_examples(tmp_path, capsys):
    from conftest import ROOT

    out = tmp_path / "output"
    assert main(["build", "--no-pdf", "--content", str(ROOT / "content"), "--out", str(out), "--as-of", "2566-04-01"]) == 0
    html = (out / "contact/index.html").read_text(encoding="utf-8")
    assert "0 4400 0000 (ตัวอย่าง)" in html and "(ตัวอย่าง) ที่ทำการ" in html and ".example" in html


@pytest.mark.parametrize("fmt, expected", [
    ("text", ['✗ O1    ไม่มีข้อมูล  โครงสร้าง', "ต้องมี | needs: แสดงแผนผังโครงสร้าง",
              'เพิ่มด้วย | add with: sitegen new page "โครงสร้าง" --fy 2566 --oit O1',
              'sitegen new news "ข่าวประชาสัมพันธ์" --fy 2566 --oit O7',
              'sitegen new document "แผนปฏิบัติการป้องกันการทุจริต" --fy 2566 --oit O36 --attach ไฟล์.pdf']),
    ("markdown", ['| O1 | โครงสร้าง | ไม่มีข้อมูล |', '`sitegen new page "โครงสร้าง" --fy 2566 --oit O1` |']),
])
def test_check_ita_on_the_sample_says_which_command_adds_each_missing_item(capsys, fmt, expected):
    from conftest import ROOT

    assert main(["check", "--content", str(ROOT / "content"), "--ita", "2566", "--as-of", "2566-04-01",
                 "--format", fmt]) == 1
    out = capsys.readouterr().out
    for text in expected:
        assert text in out
    ready = "✓ O5" if fmt == "text" else "| O5 | ข้อมูลการติดต่อ | พร้อม |"
    assert ready in out  # the example contact details give /contact/, which answers O5


def test_new_placeholders_never_go_live(content, capsys):
    """Every placeholder ``new`` writes is sample text: the build shows it, the publish check refuses it."""
    assert new(content, "item", "--code", "E9", "--fy", "2567") == 0
    capsys.readouterr()
    assert main(["check", "--strict", "--content", str(content), "--as-of", "2567-01-01"]) == 1
    places = sorted(line.split(": ")[0] for line in ungroup(capsys.readouterr().err).splitlines()
                    if "sample text not edited yet" in line)
    assert places == ["content/eit/2567/E9.md:4", "content/eit/2567/E9.md:6", "content/eit/2567/E9.md:8"]
