"""The first run reads well: problems of one kind are one block, failed builds keep their warnings,
the summary counts both, and "ปีปัจจุบัน" and the "last updated" dates follow --as-of."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil

from bs4 import BeautifulSoup
from conftest import TEMPLATES, ungroup
from sitegen.errors import SiteError, group_problems
from sitegen.serve.serve import Rebuilder


def no_action(path: str, line: int, code: str, months: int, fy: int = 2566) -> SiteError:
    return SiteError(
        path, line,
        f"ข้อ {code} ไม่มีการดำเนินการในรอบ {months} เดือนซึ่งสิ้นสุดแล้ว — เพิ่มไฟล์ใน actions/{fy}/ ถ้ามีการดำเนินการ",
        f"{code} has no action in the {months}-month round, which has ended — add a file to actions/{fy}/ if "
        "something was done",
        warning=True)


def test_one_kind_is_one_block_with_every_place():
    problems = [no_action("content/eit/2566/E2.md", 3, "E2", 6), no_action("content/eit/2566/E1.md", 5, "E1", 6),
                no_action("content/eit/2566/E1.md", 5, "E1", 12)]
    assert group_problems(problems) == [
        "[คำเตือน/warning] ×3: ข้อ … ไม่มีการดำเนินการในรอบ … เดือนซึ่งสิ้นสุดแล้ว — เพิ่มไฟล์ใน actions/2566/ ถ้ามีการดำเนินการ"
        " | … has no action in the … round, which has ended — add a file to actions/2566/ if something was done",
        "content/eit/2566/E1.md:5: E1 · 6 | E1 · 6-month",
        "content/eit/2566/E1.md:5: E1 · 12 | E1 · 12-month",
        "content/eit/2566/E2.md:3: E2 · 6 | E2 · 6-month",
    ]
    # Nothing is lost: written out again, the block gives each problem's own line.
    assert ungroup("\n".join(group_problems(problems))).splitlines() == [
        f"{p}  [คำเตือน/warning]" for p in sorted(problems, key=SiteError.sort_key)]


def test_identical_messages_list_only_their_places():
    same = [SiteError(f"content/news/2567/{n}.md", 3, "ลงวันที่หลังวันที่สร้าง (2567-01-01) — แก้วันที่",
                      "dated after the as-of date (2567-01-01) — fix the date", warning=True) for n in "ab"]
    assert group_problems(same) == [
        "[คำเตือน/warning] ×2: ลงวันที่หลังวันที่สร้าง (2567-01-01) — แก้วันที่ | "
        "dated after the as-of date (2567-01-01) — fix the date",
        "content/news/2567/a.md:3:", "content/news/2567/b.md:3:"]


def test_lone_and_unlike_problems_stay_one_line_each_errors_first():
    warning = no_action("content/eit/2566/E1.md", 5, "E1", 6)
    other_year = no_action("content/eit/2567/E1.md", 5, "E1", 6, fy=2567)  # another fix: another kind
    unlike = [SiteError("content/a.md", 2, f"{th} — แก้", f"{en} — fix") for th, en in
              (("ไม่รู้จักช่อง 'titel'", "unknown key 'titel'"), ("ไฟล์ว่าง ไม่มีข้อความ", "empty file with no text"))]
    assert group_problems([warning, other_year, *unlike]) == [
        *(f"{e}  [ผิดพลาด/error]" for e in unlike), f"{warning}  [คำเตือน/warning]", f"{other_year}  [คำเตือน/warning]"]


ROUND_WARNING = "has no action in the"
BROKEN_PAGE = "-- pages/bad.md --\n---\ntitel: x\ntitle: y\n---\nข้อความ\n"


def test_failed_build_prints_errors_then_warnings_and_counts_both(make_site, run, tmp_path):
    content = make_site(BROKEN_PAGE)
    code, _, err = run("build", "--as-of", "2567-10-01", content=content)  # both rounds of 2567 ended, no action
    assert code == 1
    lines = err.splitlines()
    error_at = next(i for i, line in enumerate(lines) if line.startswith("content/pages/bad.md:2: "))
    warnings_at = next(i for i, line in enumerate(lines) if ROUND_WARNING in line)
    assert error_at < warnings_at, err
    assert lines[warnings_at].startswith("[คำเตือน/warning] ×2: ")
    assert lines[warnings_at + 1].startswith("content/eit/2567/E7.md:2: ")
    assert lines[-1].startswith("ไม่สำเร็จ: ผิดพลาด 1 รายการ คำเตือน 2 รายการ")
    assert "| failed: 1 error(s), 2 warning(s)" in lines[-1]
    assert not (tmp_path / "output").exists()


def test_template_error_still_reports_the_warnings(make_site, run, tmp_path):
    templates = shutil.copytree(TEMPLATES, tmp_path / "templates")
    (templates / "404.html").write_text("{{ no_such_name }}\n", "utf-8")
    code, _, err = run("build", "--as-of", "2567-10-01", "--templates", str(templates), content=make_site())
    assert code == 1
    assert "404.html" in err and ROUND_WARNING in err
    assert "ผิดพลาด 1 รายการ คำเตือน 2 รายการ" in err


def test_successful_build_counts_its_warnings(make_site, run):
    code, out, err = run("build", "--as-of", "2567-10-01", content=make_site())
    assert code == 0
    assert "(คำเตือน 2 รายการ)" in out and "(2 warning(s))" in out
    assert len([line for line in ungroup(err).splitlines() if ROUND_WARNING in line]) == 2


def badges(out) -> list[str]:
    soup = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    return [h2.get_text(" ", strip=True) for h2 in soup.select("h2") if h2.select_one(".badge")]


def test_this_year_badge_follows_as_of(make_site, run, tmp_path):
    content = make_site()  # content for fiscal year 2567 only (1 Oct 2566 – 30 Sep 2567)
    for as_of, expected in (("2567-09-30", ["ปีงบประมาณ พ.ศ. ๒๕๖๗ ปีปัจจุบัน"]), ("2567-10-15", [])):
        out = tmp_path / f"out-{as_of}"
        code, _, err = run("build", "--as-of", as_of, content=content, out=out)
        assert code == 0, err
        assert badges(out) == expected, as_of  # on 2567-10-15 fiscal year 2568 has begun


def test_last_updated_never_after_as_of(make_site, run, tmp_path):
    content = make_site()
    later = dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC).timestamp()
    os.utime(content / "eit/2567/E7.md", (later, later))  # changed "after" the day the site is built as of
    out = tmp_path / "output"
    code, _, err = run("build", "--as-of", "2024-06-01", content=content, out=out)
    assert code == 0, err
    page = (out / "eit/2567/e7/index.html").read_text("utf-8")
    assert re.search(r'ปรับปรุงล่าสุด <time datetime="2024-06-01">', page), page
    lastmods = re.findall(r"<lastmod>([^<]+)</lastmod>", (out / "sitemap.xml").read_text("utf-8"))
    assert lastmods and max(lastmods) == "2024-06-01"


def test_serve_rebuild_prints_errors_then_warnings(make_site, tmp_path, capsys):
    rebuild = Rebuilder(make_site(BROKEN_PAGE), TEMPLATES, dt.date(2024, 10, 1), "http://127.0.0.1:8000/",
                        tmp_path / "served")
    assert rebuild() is False
    err = capsys.readouterr().err
    assert err.index("content/pages/bad.md:2: ") < err.index(ROUND_WARNING)
    assert "ไม่สำเร็จ: ผิดพลาด 1 รายการ คำเตือน 2 รายการ — ยังแสดงฉบับก่อนหน้า" in err
    assert "failed: 1 error(s), 2 warning(s) — still serving the last good build" in err
