"""Web names (``urls.names``): Thai file names keep their letters, every document gets a unique readable
address, and a file renamed on the way is told where it went."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from conftest import ungroup
from sitegen.urls.names import assign_paths, web_name


@pytest.mark.parametrize("name, web", [
    ("2566-03-01 ประชุม สภา", "2566-03-01-ประชุม-สภา"),
    ("ประชุมสภา", "ประชุมสภา"),
    ("รายงาน_๒๕๖๖ (ฉบับที่ ๑)", "รายงาน-2566-ฉบับที่-1"),
    ("2023-03-01 Meeting", "2023-03-01-meeting"),
    ("***", ""),
])
def test_web_name(name, web):
    assert web_name(name) == web


def test_thai_file_names_get_unique_readable_addresses_with_a_warning(make_site, run, tmp_path):
    action = "---\ntitle: ประชุม\ndate: 2024-03-01\nitems: [E7]\n---\n"
    content = make_site(f"""\
-- actions/2567/ประชุม สภา.md --
{action}-- actions/2567/ประชุม-สภา.md --
{action}-- actions/2567/ประชุม_สภา.md --
{action}""")
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 0, err
    err = ungroup(err)
    out = tmp_path / "output/actions/2567"
    assert sorted(p.name for p in out.iterdir()) == ["ประชุม-สภา", "ประชุม-สภา-2", "ประชุม-สภา-3"]
    # the file already named like its address keeps it; the others are told where they went
    assert "content/actions/2567/ประชุม สภา.md: ชื่อไฟล์ใช้เป็นที่อยู่เว็บตรง ๆ ไม่ได้ จึงเผยแพร่ที่ /actions/2567/ประชุม-สภา-2/" in err
    assert "ประชุม_สภา.md: ชื่อไฟล์ใช้เป็นที่อยู่เว็บตรง ๆ ไม่ได้ จึงเผยแพร่ที่ /actions/2567/ประชุม-สภา-3/" in err
    assert "ประชุม-สภา.md: " not in err
    html = (tmp_path / "output/eit/2567/e7/index.html").read_text(encoding="utf-8")
    assert ('href="/actions/2567/%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%8A%E0%B8%B8%E0%B8%A1'
            '-%E0%B8%AA%E0%B8%A0%E0%B8%B2/"') in html


def test_a_link_to_a_renamed_file_follows_its_address(make_site, run, tmp_path):
    content = make_site("-- pages/เกี่ยวกับ เรา.md --\n---\ntitle: เกี่ยวกับ\n---\nดู [ข้อ](../eit/2567/E7.md)\n"
                        "-- pages/home2.md --\n---\ntitle: อื่น\n---\n[ไป](เกี่ยวกับ%20เรา.md)\n")
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 0, err
    assert ('href="/%E0%B9%80%E0%B8%81%E0%B8%B5%E0%B9%88%E0%B8%A2%E0%B8%A7%E0%B8%81%E0%B8%B1%E0%B8%9A'
            '-%E0%B9%80%E0%B8%A3%E0%B8%B2/"') in (tmp_path / "output/home2/index.html").read_text(encoding="utf-8")


def test_a_name_with_no_letter_is_an_error(make_site, run):
    content = make_site("-- pages/___.md --\n---\ntitle: x\n---\nx\n")
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 1 and "content/pages/___.md: ชื่อไฟล์ต้องมีตัวอักษรหรือตัวเลข" in err


def test_assign_paths_is_deterministic():
    rels = [PurePosixPath(p) for p in ("news/2567/ก ข.md", "news/2567/ก-ข.md", "news/2567/ก_ข.md")]
    assert assign_paths(rels) == assign_paths(reversed(rels))
