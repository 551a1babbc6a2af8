"""``sitegen build`` and ``sitegen check`` from the command line: the theme inside the package and a site's own
``templates/`` (found without ``--templates``), a missing folder as a usage error, and the repository's sample
site (its example contact page, and ``check --ita`` naming the command that adds each missing item)."""

from __future__ import annotations

import pytest

from conftest import ROOT, SITE_YAML, TEMPLATES, build_ok, write_tree
from sitegen.cli import main


@pytest.fixture(autouse=True)
def elsewhere(tmp_path, monkeypatch):
    """Run every command from a folder with no templates/ (as a new agency would)."""
    monkeypatch.chdir(tmp_path)


def test_build_without_templates_uses_the_theme_and_a_site_folder_overrides_by_name(tmp_path, capsys):
    content = write_tree(tmp_path / "content",
                         f"-- site.yaml --\n{SITE_YAML}-- pages/about.md --\n---\ntitle: เกี่ยวกับ\n---\nข้อความ\n")
    build_ok(tmp_path, capsys, "2567-06-01")
    theme_css = (TEMPLATES / "static/site.css").read_bytes()
    assert (tmp_path / "output/static/site.css").read_bytes() == theme_css
    own = tmp_path / "templates"
    write_tree(own, "-- page.html --\n{% extends 'base.html' %}"
                    "{% block content %}<p>ของเราเอง {{ page.title }}</p>{% endblock %}\n"
                    "-- static/site.css --\nbody { color: black }\n-- static/extra.js --\n// x\n")
    build_ok(tmp_path, capsys, "2567-06-01")  # ./templates is picked up without --templates
    assert "ของเราเอง เกี่ยวกับ" in (tmp_path / "output/about/index.html").read_text(encoding="utf-8")
    assert (tmp_path / "output/static/site.css").read_text() == "body { color: black }\n"
    assert (tmp_path / "output/static/extra.js").is_file()
    assert "<nav" in (tmp_path / "output/index.html").read_text(encoding="utf-8")  # the theme's home page
    (own / "page.html").write_text("{% extends 'base.html' %}\n{% block content %}\n{{ page.nope }}\n{% endblock %}\n")
    assert main(["build", "--no-pdf", "--content", str(content), "--out", str(tmp_path / "output"),
                 "--as-of", "2567-06-01"]) == 1
    assert "templates/page.html:3:" in capsys.readouterr().err


def test_missing_templates_option_folder_is_a_usage_error(tmp_path, capsys):
    content = write_tree(tmp_path / "content", f"-- site.yaml --\n{SITE_YAML}")
    assert main(["check", "--content", str(content), "--templates", str(tmp_path / "nope")]) == 2
    assert "nope" in capsys.readouterr().err


def test_sample_site_has_a_contact_page_marked_as_examples(tmp_path, capsys):
    out = tmp_path / "output"
    assert main(["build", "--no-pdf", "--content", str(ROOT / "content"), "--out", str(out),
                 "--as-of", "2566-04-01"]) == 0
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
    assert main(["check", "--content", str(ROOT / "content"), "--ita", "2566", "--as-of", "2566-04-01",
                 "--format", fmt]) == 1
    out = capsys.readouterr().out
    for text in expected:
        assert text in out
    ready = "✓ O5" if fmt == "text" else "| O5 | ข้อมูลการติดต่อ | พร้อม |"
    assert ready in out  # the example contact details give /contact/, which answers O5
