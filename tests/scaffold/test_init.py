"""``sitegen init``: the starter files of a new site (``scaffold.init``: the path rule, the answers safe in YAML, the
short name) and the command that asks for the answers and writes them without overwriting anything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath

import pytest

from conftest import build_ok, ungroup
from sitegen.cli import main
from sitegen.scaffold.init import Answers, render_scaffold, short_name_for, target_path

TODAY = dt.date(2026, 12, 1)  # FY2570, a year sitegen ships no catalog for
INIT = ["--yes", "--name", "องค์การบริหารส่วนตำบลทดลอง", "--district", "เมือง", "--province", "ขอนแก่น",
        "--today", "2026-12-01"]


@pytest.fixture(autouse=True)
def elsewhere(tmp_path, monkeypatch):
    """Run every command from a folder with no templates/ (as a new agency would)."""
    monkeypatch.chdir(tmp_path)


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
    assert target_path(PurePosixPath("dot-github/workflows/publish.yml"), answers) == PurePosixPath(
        ".github/workflows/publish.yml")
    assert target_path(PurePosixPath("dot-gitignore"), answers) == PurePosixPath(".gitignore")
    assert target_path(PurePosixPath("content/eit/_fiscal_year_/index.md.j2"), answers) == PurePosixPath(
        "content/eit/2570/index.md")
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


def test_an_address_someone_accepted_is_not_sample_text(tmp_path, capsys, monkeypatch):
    replies = iter(["องค์การบริหารส่วนตำบลหนองบัว", "เมือง", "อุดรธานี", "", "", "", "", "", ""])
    monkeypatch.setattr("builtins.input", lambda _: next(replies))
    assert main(["init", "y", "--today", "2026-12-01"]) == 0
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


def test_init_asks_in_order_and_enter_takes_the_defaults(tmp_path, monkeypatch):
    asked: list[str] = []
    answers = iter(["องค์การบริหารส่วนตำบลหนองบัว", "เมือง", "อุดรธานี", "", "", "", "042 000 000", "", ""])

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr("builtins.input", ask)
    assert main(["init", "y", "--today", "2026-12-01"]) == 0
    labels = [p.split(" | ")[0].split(" (")[0].split(" [")[0] for p in asked]
    assert labels[:6] == ["ชื่อเต็มของหน่วยงาน เช่น องค์การบริหารส่วนตำบลสระตะเคียน", "อำเภอ", "จังหวัด", "ชื่อย่อ",
                          "ที่อยู่เว็บไซต์", "ที่อยู่สำนักงาน"]
    assert "[อบต.หนองบัว]" in asked[3]
    site = (tmp_path / "y/content/site.yaml").read_text(encoding="utf-8")
    assert 'short_name: "อบต.หนองบัว"' in site and 'phone: "042 000 000"' in site and "email" not in site


def test_init_with_yes_needs_the_name(capsys):
    assert main(["init", "z", "--yes"]) == 2
    assert "--name" in capsys.readouterr().err
