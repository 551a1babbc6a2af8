"""``--format github``: annotations on the right file and line, GitHub's escaping, the job summary."""

from __future__ import annotations

from pathlib import Path

from conftest import ITEM_E7, SITE_YAML, TEMPLATES, write_tree

from sitegen.publish.annotate import escape_data, escape_property, repo_path
from sitegen.cli import main

BROKEN_ACTION = """\
---
title: ประชุม
date: 2567-02-30
items: [E7]
---
"""


def run_github(tmp_path: Path, monkeypatch, capsys, content: Path, *args: str) -> tuple[int, str, str]:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code = main([*args, "--content", str(content), "--templates", str(TEMPLATES), "--format", "github",
                 "--as-of", "2567-04-02"])
    out = capsys.readouterr().out
    return code, out, summary.read_text(encoding="utf-8") if summary.exists() else ""


def test_escaping_follows_github_toolkit():
    assert escape_data("100% a\r\nb") == "100%25 a%0D%0Ab"
    assert escape_property("C:\\a,b:c%\n") == "C%3A\\a%2Cb%3Ac%25%0A"


def test_repo_path_re_roots_a_content_sub_folder(tmp_path: Path):
    content = tmp_path / "sites" / "x" / "content"
    assert repo_path("content/eit/2567/E7.md", [content], tmp_path) == "sites/x/content/eit/2567/E7.md"
    assert repo_path("templates/base.html", [content, tmp_path / "templates"], tmp_path) == "templates/base.html"
    assert repo_path("issue #3", [content], tmp_path) == "issue #3"


def test_check_annotates_a_broken_file_in_a_sub_folder(tmp_path: Path, monkeypatch, capsys):
    content = write_tree(tmp_path / "sites" / "x" / "content", f"-- site.yaml --\n{SITE_YAML}"
                         f"-- eit/2567/E7.md --\n{ITEM_E7}-- actions/2567/2024-02-01-meeting.md --\n{BROKEN_ACTION}")
    code, out, summary = run_github(tmp_path, monkeypatch, capsys, content, "check")
    assert code == 1
    assert out.splitlines() == [
        "::error file=sites/x/content/actions/2567/2024-02-01-meeting.md,line=3,title=sitegen::"
        "ช่อง 'date' ไม่มีวันที่ 2567-02-30 ในปฏิทิน | 'date' 2567-02-30 is not a real calendar date",
        # a failed build still reports its warnings (the broken action leaves E7 without one)
        "::warning file=sites/x/content/eit/2567/E7.md,line=2,title=sitegen::ข้อ E7 ไม่มีการดำเนินการในรอบ 6 เดือน"
        "ซึ่งสิ้นสุดแล้ว (รายงานจะแสดง “อยู่ระหว่างดำเนินการ”) — เพิ่มไฟล์ใน actions/2567/ ถ้ามีการดำเนินการ | "
        "E7 has no action in the 6-month round, which has ended (the report shows “อยู่ระหว่างดำเนินการ”) — "
        "add a file to actions/2567/ if something was done",
    ]
    assert summary.splitlines()[:7] == [
        "## sitegen: ❌ ไม่ผ่าน | failed",
        "",
        "ข้อผิดพลาด 1 · คำเตือน 1 | 1 error(s), 1 warning(s)",
        "",
        "| | ไฟล์ : บรรทัด | ปัญหา |",
        "|---|---|---|",
        "| ❌ | `sites/x/content/actions/2567/2024-02-01-meeting.md:3` | "
        "ช่อง 'date' ไม่มีวันที่ 2567-02-30 ในปฏิทิน \\| 'date' 2567-02-30 is not a real calendar date |",
    ]


def test_build_annotates_warnings_and_summarises_readiness(tmp_path: Path, monkeypatch, capsys):
    content = write_tree(tmp_path / "content", f"-- site.yaml --\n{SITE_YAML}-- eit/2567/E7.md --\n{ITEM_E7}")
    code, out, summary = run_github(tmp_path, monkeypatch, capsys, content, "build", "--out", str(tmp_path / "out"))
    assert code == 0
    assert out.splitlines()[0].startswith(
        "::warning file=content/eit/2567/E7.md,line=2,title=sitegen::ข้อ E7 ไม่มีการดำเนินการ")
    assert "ข้อผิดพลาด 0 · คำเตือน 1 | 0 error(s), 1 warning(s)" in summary
    # The readiness table of the fiscal year of --as-of, in readiness's Markdown format.
    assert "## ความพร้อม ITA ปีงบประมาณ 2567 ณ วันที่ 2 เมษายน 2567" in summary
    assert "| ข้อ | หัวข้อ | สถานะ | หมายเหตุ | URL |" in summary


def test_without_summary_variable_only_annotations(tmp_path: Path, monkeypatch, capsys):
    content = write_tree(tmp_path / "content", f"-- site.yaml --\n{SITE_YAML}-- eit/2567/E7.md --\n{ITEM_E7}")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--content", str(content), "--templates", str(TEMPLATES), "--format", "github",
                 "--as-of", "2567-04-02", "--strict"])
    assert code == 1
    assert capsys.readouterr().out.startswith("::error file=content/eit/2567/E7.md,line=2,title=sitegen::")
    assert list(tmp_path.glob("*.md")) == []
