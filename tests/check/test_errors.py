"""One test per kind of content error, through the CLI (in-process).

Each test builds a valid site into an output folder, breaks the content, builds again into the same
folder and checks: exit 1, ``content/<path>:<line>: <thai> | <english>`` on stderr with the line
computed by hand from the fixture text, and the output folder byte-identical to before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ITEM_E7, SITE_YAML, ungroup, write_tree

AS_OF = ("--as-of", "2567-06-01")  # FY 2567, after both rounds opened
THAI = re.compile(r"[\u0e00-\u0e7f]")
ENGLISH = re.compile(r"[A-Za-z]{3,}")

# A valid action of FY 2567 for E7 (2567-01-15 = 15 Jan 2024).
ACTION = """\
---
title: ประชุมชี้แจงเจ้าหน้าที่
date: 2567-01-15
items: [E7]
---
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``: relative POSIX path → bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass
class Built:
    content: Path
    out: Path
    before: dict[str, bytes]


@pytest.fixture
def built(make_site, run, tmp_path) -> Built:
    """The default site (site.yaml + eit/2567/E7.md), built once into tmp_path/output."""
    content = make_site()
    out = tmp_path / "output"
    code, _, err = run("build", *AS_OF, content=content, out=out)
    assert code == 0, err
    before = snapshot(out)
    assert "eit/2567/e7/index.html" in before
    return Built(content, out, before)


def problem_line(err: str, prefix: str) -> str:
    """The stderr line that starts with ``prefix``; checks it has a Thai and an English part."""
    lines = [line for line in ungroup(err).splitlines() if line.startswith(prefix)]
    assert lines, f"no line starts with {prefix!r} in:\n{err}"
    line = lines[0]
    th, sep, en = line[len(prefix):].partition(" | ")
    assert sep, f"no 'thai | english' separator: {line!r}"
    assert THAI.search(th), f"no Thai text before ' | ': {line!r}"
    assert ENGLISH.search(en), f"no English text after ' | ': {line!r}"
    return line


def rebuild_fails(run, built: Built, *prefixes: str) -> str:
    """Build again into the same folder; assert exit 1, each ``path:line: `` prefix, output unchanged.

    Returns stderr. Each prefix is matched exactly at the start of a line (``content/x.md:3: ``).
    """
    code, out, err = run("build", *AS_OF, content=built.content, out=built.out)
    assert code == 1, f"exit {code}\nstdout:\n{out}\nstderr:\n{err}"
    for prefix in prefixes:
        problem_line(err, prefix)
    assert snapshot(built.out) == built.before, "the previous output was changed"
    left = [p for p in built.out.parent.glob(f".{built.out.name}.*") if p.suffix != ".lock"]
    assert not left, "temporary folder left"
    return err


def rebuild_ok(run, built: Built) -> str:
    code, out, err = run("build", *AS_OF, content=built.content, out=built.out)
    assert code == 0, err
    return out


def write(built: Built, files: str) -> None:
    """Write ``-- path --`` files into the content folder (see conftest.write_tree)."""
    write_tree(built.content, files)


# --- front matter syntax ------------------------------------------------------------------------

def test_yaml_syntax_error(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        code: E7
        responsible: งาน: ประชาสัมพันธ์
        measures:
          - เผยแพร่ผลงาน
        monitoring:
          - รายงานผู้บริหาร
        ---
    """)
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:3: ")
    line = problem_line(err, "content/eit/2567/E7.md:3: ")
    assert "ใส่เครื่องหมายคำพูด" in line and "put the whole text in quotes" in line  # the usual cause, in plain words


def test_yaml_unclosed_quote_points_at_the_quote(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        code: E7
        responsible: "งานประชาสัมพันธ์
        measures: [เผยแพร่ผลงาน]
        monitoring: [รายงานผู้บริหาร]
        ---
    """)
    rebuild_fails(run, built, "content/eit/2567/E7.md:3: ")


def test_yaml_unclosed_bracket_and_missing_space_are_named_where_they_are(run, built):
    write(built, """\
        -- actions/2567/2024-03-01-a.md --
        ---
        title: ประชุม
        date: 2567-03-01
        items: [E7
        ---
        -- actions/2567/2024-03-02-b.md --
        ---
        title: ประชุม
        date: 2567-03-02
        items: [E7]
        status:done
        ---
    """)
    err = rebuild_fails(run, built, "content/actions/2567/2024-03-01-a.md:4: ",
                        "content/actions/2567/2024-03-02-b.md:5: ")
    assert "วงเล็บ [ ที่เปิดในบรรทัดนี้ยังไม่ได้ปิด" in problem_line(err, "content/actions/2567/2024-03-01-a.md:4: ")
    line = problem_line(err, "content/actions/2567/2024-03-02-b.md:5: ")
    assert "no space after the ':' — write status: done" in line
    assert "while parsing" not in err and "could not find" not in err


def test_front_matter_not_closed(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        code: E7
        responsible: งานประชาสัมพันธ์
        measures:
          - เผยแพร่ผลงาน
        monitoring:
          - รายงานผู้บริหาร

        เนื้อหา
    """)
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:1: ")
    assert "not closed" in err


def test_front_matter_is_a_list(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        - code: E7
        - responsible: งานประชาสัมพันธ์
        ---
    """)
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:2: ")
    assert "key: value" in err


def test_duplicate_key(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        code: E7
        responsible: งานประชาสัมพันธ์
        measures:
          - เผยแพร่ผลงาน
        monitoring:
          - รายงานผู้บริหาร
        responsible: สำนักปลัด
        ---
    """)
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:8: ")
    line = problem_line(err, "content/eit/2567/E7.md:8: ")
    assert "'responsible'" in line and "line 3" in line


# --- keys and values ----------------------------------------------------------------------------

def test_missing_required_key(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        code: E7
        measures:
          - เผยแพร่ผลงาน
        monitoring:
          - รายงานผู้บริหาร
        ---
    """)
    # reported on the closing --- line, before which the key belongs
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:7: ")
    line = problem_line(err, "content/eit/2567/E7.md:7: ")
    assert "'responsible'" in line and "ผู้รับผิดชอบ" in line and "missing" in line


def test_required_key_empty(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        code: E7
        responsible:
        measures:
          - เผยแพร่ผลงาน
        monitoring:
          - รายงานผู้บริหาร
        ---
    """)
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:3: ")
    assert "empty" in problem_line(err, "content/eit/2567/E7.md:3: ")


def test_unknown_key_did_you_mean(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        code: E7
        responsable: งานประชาสัมพันธ์
        measures:
          - เผยแพร่ผลงาน
        monitoring:
          - รายงานผู้บริหาร
        ---
    """)
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:3: ", "content/eit/2567/E7.md:8: ")
    line = problem_line(err, "content/eit/2567/E7.md:3: ")
    assert "'responsable'" in line
    th, _, en = line.partition(" | ")
    assert "'responsible'" in th and "did you mean 'responsible'" in en


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("\n  name: งานประชาสัมพันธ์", "makes it a nested mapping"),
        (" 123", "read as a number"),
        (" [งานหนึ่ง, งานสอง]", "it is a list"),
        (" yes", "read as a yes/no value"),
    ],
    ids=["mapping", "number", "list", "bool"],
)
def test_wrong_type_where_text_is_needed(run, built, value, kind):
    key, other = ("target", "responsible: งาน") if kind == "it is a list" else ("responsible", "target: ร้อยละ 80")
    write(built, f"""\
-- eit/2567/E7.md --
---
code: E7
{key}:{value}
{other}
measures:
  - เผยแพร่ผลงาน
monitoring:
  - รายงานผู้บริหาร
---
""")
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:3: ")
    line = problem_line(err, "content/eit/2567/E7.md:3: ")
    assert "ต้องเป็นข้อความ" in line and "must be text" in line and kind in line


@pytest.mark.parametrize("entry", ["  -", '  - ""', "  - '   '"], ids=["null", "empty-string", "blank"])
def test_empty_list_entry(run, built, entry):
    write(built, f"""\
-- eit/2567/E7.md --
---
code: E7
responsible: งานประชาสัมพันธ์
measures:
  - เผยแพร่ผลงาน
{entry}
  - รายงานผู้บริหาร
monitoring:
  - รายงานผู้บริหาร
---
""")
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:6: ")
    line = problem_line(err, "content/eit/2567/E7.md:6: ")
    assert "'measures'" in line and "entry 2" in line and "empty" in line


def test_unknown_status(run, built):
    write(built, """\
        -- actions/2567/2024-01-15-meeting.md --
        ---
        title: ประชุมชี้แจงเจ้าหน้าที่
        date: 2567-01-15
        items: [E7]
        status: finished
        ---
    """)
    err = rebuild_fails(run, built, "content/actions/2567/2024-01-15-meeting.md:5: ")
    line = problem_line(err, "content/actions/2567/2024-01-15-meeting.md:5: ")
    assert "'finished'" in line and "done" in line and "in_progress" in line


# --- the catalog, codes and references ----------------------------------------------------------

def test_unknown_eit_code_for_the_year(run, built):
    write(built, """\
        -- eit/2567/E16.md --
        ---
        code: E16
        responsible: งานประชาสัมพันธ์
        measures: [เผยแพร่ผลงาน]
        monitoring: [รายงานผู้บริหาร]
        ---
    """)
    err = rebuild_fails(run, built, "content/eit/2567/E16.md:2: ")
    line = problem_line(err, "content/eit/2567/E16.md:2: ")
    assert "E16" in line and "2567" in line and "E1 to E15" in line


def test_file_name_does_not_match_code(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        code: E8
        responsible: งานประชาสัมพันธ์
        measures: [เผยแพร่ผลงาน]
        monitoring: [รายงานผู้บริหาร]
        ---
    """)
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:2: ")
    line = problem_line(err, "content/eit/2567/E7.md:2: ")
    assert "E7.md" in line and "E8" in line


def test_duplicate_item(run, built):
    write(built, """\
        -- eit/2567/E07.md --
        ---
        code: E7
        responsible: สำนักปลัด
        measures: [เผยแพร่ผลงาน]
        monitoring: [รายงานผู้บริหาร]
        ---
    """)
    # The file not named exactly like its code (E07.md) is the one blamed, whatever the file order.
    err = rebuild_fails(run, built, "content/eit/2567/E07.md:2: ")
    assert "content/eit/2567/E7.md" in problem_line(err, "content/eit/2567/E07.md:2: ")


def test_action_names_item_without_file(run, built):
    write(built, """\
        -- actions/2567/2024-01-15-meeting.md --
        ---
        title: ประชุมชี้แจงเจ้าหน้าที่
        date: 2567-01-15
        items:
          - E7
          - E9
        ---
    """)
    err = rebuild_fails(run, built, "content/actions/2567/2024-01-15-meeting.md:6: ")
    assert "eit/2567/E9.md" in problem_line(err, "content/actions/2567/2024-01-15-meeting.md:6: ")


def test_indicator_disagrees_with_catalog(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        code: E7
        responsible: งานประชาสัมพันธ์
        measures: [เผยแพร่ผลงาน]
        monitoring: [รายงานผู้บริหาร]
        indicator: "6"
        ---
    """)
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:6: ")
    assert "indicator 7, not 6" in problem_line(err, "content/eit/2567/E7.md:6: ")


def test_fiscal_year_disagrees_with_folder(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        code: E7
        responsible: งานประชาสัมพันธ์
        measures: [เผยแพร่ผลงาน]
        monitoring: [รายงานผู้บริหาร]
        fiscal_year: "2566"
        ---
    """)
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:6: ")
    line = problem_line(err, "content/eit/2567/E7.md:6: ")
    assert "2566" in line and "eit/2567" in line


def test_indicator_and_fiscal_year_that_agree_are_accepted_as_text(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        code: E7
        responsible: งานประชาสัมพันธ์
        measures: [เผยแพร่ผลงาน]
        monitoring: [รายงานผู้บริหาร]
        indicator: "๗"
        fiscal_year: "2567"
        ---
    """)
    rebuild_ok(run, built)


def test_indicator_and_fiscal_year_that_agree_are_accepted_as_numbers(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        code: E7
        responsible: งานประชาสัมพันธ์
        measures: [เผยแพร่ผลงาน]
        monitoring: [รายงานผู้บริหาร]
        indicator: 7
        fiscal_year: 2567
        ---
    """)
    rebuild_ok(run, built)


@pytest.mark.parametrize(("key", "value"), [("indicator", "เจ็ด"), ("fiscal_year", "2567.5"), ("indicator", "yes")])
def test_indicator_or_fiscal_year_not_a_whole_number(run, built, key, value):
    write(built, f"""\
-- eit/2567/E7.md --
---
code: E7
responsible: งานประชาสัมพันธ์
measures: [เผยแพร่ผลงาน]
monitoring: [รายงานผู้บริหาร]
{key}: {value}
---
""")
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:6: ")
    assert "whole number" in problem_line(err, "content/eit/2567/E7.md:6: ")


# --- dates --------------------------------------------------------------------------------------

def test_action_outside_its_folders_fiscal_year(run, built):
    # 2566-06-01 = 1 Jun 2023, fiscal year 2566, but the file is in actions/2567/.
    write(built, """\
        -- actions/2567/2023-06-01-meeting.md --
        ---
        title: ประชุมชี้แจงเจ้าหน้าที่
        date: 2566-06-01
        items: [E7]
        ---
    """)
    err = rebuild_fails(run, built, "content/actions/2567/2023-06-01-meeting.md:3: ")
    line = problem_line(err, "content/actions/2567/2023-06-01-meeting.md:3: ")
    assert "fiscal year 2566" in line and "actions/2566/" in line


@pytest.mark.parametrize(
    ("date", "says"),
    [
        ("2566-02-30", "not a real calendar date"),
        ("2567-02-30", "not a real calendar date"),
        ("2566-02-29", "not a real calendar date"),  # 2023 is not a leap year
        ("3000-01-01", "year 3000"),
        ("2300-01-01", "year 2300"),
        ("15/01/2567", "YYYY-MM-DD"),
        ("'20240115'", "YYYY-MM-DD"),
        ("20240115", "YYYY-MM-DD"),  # a YAML number
    ],
)
def test_bad_action_date(run, built, date, says):
    write(built, f"""\
-- actions/2567/2024-01-15-meeting.md --
---
title: ประชุมชี้แจงเจ้าหน้าที่
date: {date}
items: [E7]
---
""")
    err = rebuild_fails(run, built, "content/actions/2567/2024-01-15-meeting.md:3: ")
    line = problem_line(err, "content/actions/2567/2024-01-15-meeting.md:3: ")
    assert "'date'" in line and says in line


def test_bad_deadline(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        code: E7
        responsible: งานประชาสัมพันธ์
        measures: [เผยแพร่ผลงาน]
        monitoring: [รายงานผู้บริหาร]
        deadline: 2567-09-31
        ---
    """)
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:6: ")
    assert "not a real calendar date" in problem_line(err, "content/eit/2567/E7.md:6: ")


def test_leap_day_2567_is_a_valid_action_date(run, built):
    write(built, """\
        -- actions/2567/2024-02-29-meeting.md --
        ---
        title: ประชุมวันอธิกสุรทิน
        date: 2567-02-29
        items: [E7]
        ---
    """)
    rebuild_ok(run, built)
    assert "๒๙ กุมภาพันธ์ ๒๕๖๗" in (built.out / "actions/2567/2024-02-29-meeting/index.html").read_text("utf-8")


def test_action_after_as_of_is_only_a_warning(run, built):
    write(built, """\
        -- actions/2567/2024-09-01-later.md --
        ---
        title: ภายหลัง
        date: 2567-09-01
        items: [E7]
        ---
    """)
    code, _, err = run("build", *AS_OF, content=built.content, out=built.out)
    assert code == 0, err
    assert problem_line(err, "content/actions/2567/2024-09-01-later.md:3: ").endswith("[คำเตือน/warning]")
    assert not (built.out / "actions/2567/2024-09-01-later").exists()


# --- attachments and links ----------------------------------------------------------------------

def test_attachment_does_not_exist(run, built):
    write(built, """\
        -- files/2567/present.pdf --
        %PDF-1.4
        -- actions/2567/2024-01-15-meeting.md --
        ---
        title: ประชุมชี้แจงเจ้าหน้าที่
        date: 2567-01-15
        items: [E7]
        attachments:
          - files/2567/present.pdf
          - files/2567/absent.pdf
        ---
    """)
    err = rebuild_fails(run, built, "content/actions/2567/2024-01-15-meeting.md:7: ")
    assert "content/files/2567/absent.pdf" in problem_line(err, "content/actions/2567/2024-01-15-meeting.md:7: ")
    assert "present.pdf" not in err


@pytest.mark.parametrize(
    "ref",
    ["../../etc/passwd", "files/../../etc/passwd", "/etc/passwd", "C:\\\\Users\\\\report.pdf", "file:///etc/passwd",
     "eit/2567/E7.md"],
    ids=["dotdot", "files-dotdot", "absolute", "windows", "file-url", "not-under-files"],
)
def test_attachment_outside_content_files(run, built, ref):
    write(built, f"""\
-- actions/2567/2024-01-15-meeting.md --
---
title: ประชุมชี้แจงเจ้าหน้าที่
date: 2567-01-15
items: [E7]
attachments:
  - "{ref}"
---
""")
    rebuild_fails(run, built, "content/actions/2567/2024-01-15-meeting.md:6: ")


def test_attachments_that_are_fine(run, built):
    write(built, """\
        -- files/2567/รายงาน ประชุม.pdf --
        %PDF-1.4
        -- actions/2567/2024-01-15-meeting.md --
        ---
        title: ประชุมชี้แจงเจ้าหน้าที่
        date: 2567-01-15
        items: [E7]
        attachments:
          - files/2567/รายงาน ประชุม.pdf
          - https://www.example.go.th/report.pdf
        ---
    """)
    rebuild_ok(run, built)
    assert (built.out / "files/2567/รายงาน ประชุม.pdf").read_bytes() == b"%PDF-1.4\n"


def test_link_to_missing_md_file(run, built):
    write(built, """\
        -- actions/2567/2024-01-15-meeting.md --
        ---
        title: ประชุมชี้แจงเจ้าหน้าที่
        date: 2567-01-15
        items: [E7]
        ---

        ที่ประชุมรับทราบมาตรการ

        ดู [ข้อ E8](../../eit/2567/E8.md) และ [ข้อ E7](../../eit/2567/E7.md)
    """)
    # Lines: 1 ---, 2 title, 3 date, 4 items, 5 ---, 6 blank, 7 text, 8 blank, 9 the links.
    err = rebuild_fails(run, built, "content/actions/2567/2024-01-15-meeting.md:9: ")
    line = problem_line(err, "content/actions/2567/2024-01-15-meeting.md:9: ")
    assert "content/eit/2567/E8.md" in line
    assert "E7.md" not in line and err.count("content/actions/2567/2024-01-15-meeting.md:") == 1


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("- หนึ่ง\n- สอง [x](missing.md)\n", 6),  # a list item: its own line
        ("| ก | ข |\n|---|---|\n| 1 | 2 |\n| 3 | [x](missing.md) |\n", 8),  # a table row
        ("# หัวข้อ\n\n> อ้างอิง [x](missing.md)\n", 7),  # a block quote
    ],
    ids=["list", "table", "quote"],
)
def test_link_line_in_blocks(run, built, body, line):
    write(built, f"-- pages/about.md --\n---\ntitle: เกี่ยวกับเรา\n---\n\n{body}")
    # Lines: 1 ---, 2 title, 3 ---, 4 blank (the body starts here), then the blocks from line 5.
    rebuild_fails(run, built, f"content/pages/about.md:{line}: ")


def test_link_on_second_line_of_paragraph(run, built):
    write(built, """\
        -- pages/about.md --
        ---
        title: เกี่ยวกับเรา
        ---
        บรรทัดแรกของย่อหน้า
        บรรทัดที่สอง [x](missing.md)
    """)
    rebuild_fails(run, built, "content/pages/about.md:5: ")


@pytest.mark.parametrize("target", ["../../../etc/passwd", "../../../../secret.md", "/etc/passwd"])
def test_link_escaping_content(run, built, target):
    write(built, f"""\
-- actions/2567/2024-01-15-meeting.md --
---
title: ประชุมชี้แจงเจ้าหน้าที่
date: 2567-01-15
items: [E7]
---
ดู [ไฟล์]({target})
""")
    rebuild_fails(run, built, "content/actions/2567/2024-01-15-meeting.md:6: ")


def test_links_that_resolve(run, built):
    write(built, """\
        -- actions/2567/2024-01-15-meeting.md --
        ---
        title: ประชุมชี้แจงเจ้าหน้าที่
        date: 2567-01-15
        items: [E7]
        ---
        ดู [ข้อ E7](../../eit/2567/E7.md#actions) และ [เกี่ยวกับเรา](../../pages/about.md)
        -- pages/about.md --
        ---
        title: เกี่ยวกับเรา
        ---
        [เว็บ](https://www.example.go.th/)
    """)
    rebuild_ok(run, built)
    html = (built.out / "actions/2567/2024-01-15-meeting/index.html").read_text("utf-8")
    assert 'href="/eit/2567/e7/#actions"' in html and 'href="/about/"' in html


# --- site.yaml ----------------------------------------------------------------------------------

def test_site_yaml_missing(run, built):
    (built.content / "site.yaml").unlink()
    err = rebuild_fails(run, built, "content/site.yaml: ")
    assert "site.yaml is missing" in err


def test_site_yaml_missing_required_key(run, built):
    (built.content / "site.yaml").write_text(SITE_YAML.replace("province: ขอนแก่น\n", ""), "utf-8")
    err = rebuild_fails(run, built, "content/site.yaml:1: ")
    line = problem_line(err, "content/site.yaml:1: ")
    assert "'province'" in line and "จังหวัด" in line


def test_site_yaml_unknown_key(run, built):
    (built.content / "site.yaml").write_text(SITE_YAML.replace("province:", "provnce:"), "utf-8")
    # Lines: 1 name, 2 short_name, 3 district, 4 provnce, 5 base_url.
    err = rebuild_fails(run, built, "content/site.yaml:4: ", "content/site.yaml:1: ")
    assert "did you mean 'province'" in problem_line(err, "content/site.yaml:4: ")


@pytest.mark.parametrize("url", ["test.example", "ftp://test.example/", "https://", "https://test.example/?a=1"])
def test_site_yaml_bad_base_url(run, built, url):
    (built.content / "site.yaml").write_text(SITE_YAML.replace("https://test.example/", url), "utf-8")
    err = rebuild_fails(run, built, "content/site.yaml:5: ")
    assert "base_url" in problem_line(err, "content/site.yaml:5: ")


def test_site_yaml_bad_digits(run, built):
    (built.content / "site.yaml").write_text(SITE_YAML + "digits: roman\n", "utf-8")
    err = rebuild_fails(run, built, "content/site.yaml:6: ")
    assert "'roman'" in problem_line(err, "content/site.yaml:6: ")


def test_site_yaml_syntax_error(run, built):
    (built.content / "site.yaml").write_text(SITE_YAML.replace("district: เมือง", "district: เมือง: ขอนแก่น"), "utf-8")
    rebuild_fails(run, built, "content/site.yaml:3: ")


# --- files in the wrong place, encodings ----------------------------------------------------------

@pytest.mark.parametrize(
    "rel", ["notes.txt", "E7.md", "eit/E7.md", "eit/2567/extra/E7.md", "actions/meeting.md", "eit/2567/scan.pdf"])
def test_file_in_a_place_with_no_meaning(run, built, rel):
    path = built.content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\ntitle: x\n---\n" if rel.endswith(".md") else "บันทึก\n", "utf-8")
    err = rebuild_fails(run, built, f"content/{rel}: ")
    assert "files/" in problem_line(err, f"content/{rel}: ")


def test_file_saved_as_cp874(run, built):
    (built.content / "eit/2567/E7.md").write_bytes(ITEM_E7.encode("cp874"))
    # The first non-ASCII byte is on line 3 ("responsible: งาน...").
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:3: ")
    line = problem_line(err, "content/eit/2567/E7.md:3: ")
    th, _, en = line.partition(" | ")
    assert "UTF-8" in th and "UTF-8" in en and "TIS-620" in line


def test_site_yaml_saved_as_cp874(run, built):
    (built.content / "site.yaml").write_bytes(SITE_YAML.encode("cp874"))
    err = rebuild_fails(run, built, "content/site.yaml:1: ")
    assert "save it again with the encoding UTF-8" in err


def test_file_not_text(run, built):
    (built.content / "eit/2567/E7.md").write_bytes(b"---\ncode: E7\n\xff\xfe\x00\x00\n---\n")
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:3: ")
    assert "UTF-8" in err


# --- many problems at once ----------------------------------------------------------------------

def test_all_problems_reported_in_one_run(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        code: E7
        measures: [เผยแพร่ผลงาน]
        monitoring: [รายงานผู้บริหาร]
        ---
        -- eit/2567/E16.md --
        ---
        code: E16
        responsible: งานประชาสัมพันธ์
        measures: [เผยแพร่ผลงาน]
        monitoring: [รายงานผู้บริหาร]
        ---
        -- actions/2567/2024-01-15-meeting.md --
        ---
        title: ประชุมชี้แจงเจ้าหน้าที่
        date: 2566-02-30
        items: [E7]
        ---
        -- actions/2567/2024-01-16-other.md --
        ---
        title: ประชุมอีกครั้ง
        date: 2567-01-16
        items: [E7]
        status: finished
        ---
        -- pages/about.md --
        ---
        titel: เกี่ยวกับเรา
        ---
        -- notes.txt --
        บันทึก
    """)
    (built.content / "site.yaml").write_text(SITE_YAML.replace("https://test.example/", "test.example"), "utf-8")
    err = rebuild_fails(
        run, built,
        "content/eit/2567/E7.md:5: ",
        "content/eit/2567/E16.md:2: ",
        "content/actions/2567/2024-01-15-meeting.md:3: ",
        "content/actions/2567/2024-01-16-other.md:5: ",
        "content/pages/about.md:2: ",
        "content/pages/about.md:3: ",
        "content/notes.txt: ",
        "content/site.yaml:5: ",
    )
    assert "ผิดพลาด 9 รายการ" in err and "9 error(s)" in err  # about.md also has no text


def test_link_errors_reported_with_front_matter_errors(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        code: E7
        measures: [เผยแพร่ผลงาน]
        monitoring: [รายงานผู้บริหาร]
        ---
        -- pages/about.md --
        ---
        title: เกี่ยวกับเรา
        ---
        [หาย](missing.md)
        -- pages/contact.md --
        ---
        title: ติดต่อ
        ---
        [ก็หาย](gone.md)
    """)
    rebuild_fails(run, built, "content/eit/2567/E7.md:5: ", "content/pages/about.md:4: ",
                  "content/pages/contact.md:4: ")


def test_link_errors_reported_with_site_yaml_errors(run, built):
    write(built, """\
        -- pages/about.md --
        ---
        title: เกี่ยวกับเรา
        ---
        [หาย](missing.md)
    """)
    (built.content / "site.yaml").write_text(SITE_YAML.replace("https://test.example/", "test.example"), "utf-8")
    rebuild_fails(run, built, "content/site.yaml:5: ", "content/pages/about.md:4: ")


# --- input that must be accepted ----------------------------------------------------------------

def test_bom_and_crlf_build(run, built):
    (built.content / "site.yaml").write_bytes(("\ufeff" + SITE_YAML).replace("\n", "\r\n").encode("utf-8"))
    (built.content / "eit/2567/E7.md").write_bytes(
        ("\ufeff" + ITEM_E7 + "\nหมายเหตุ [ลิงก์](../../pages/x.md)\n").replace("\n", "\r\n").encode("utf-8"))
    # Errors are still located on the right line with CRLF: the link is on line 10.
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:10: ")
    assert "pages/x.md" in err
    (built.content / "eit/2567/E7.md").write_bytes(("\ufeff" + ITEM_E7).replace("\n", "\r\n").encode("utf-8"))
    rebuild_ok(run, built)
    html = (built.out / "eit/2567/e7/index.html").read_text("utf-8")
    assert "งานประชาสัมพันธ์" in html and "\ufeff" not in html and "\r" not in html
    assert "องค์การบริหารส่วนตำบลทดสอบ" in html


def test_single_text_where_list_expected(run, built):
    write(built, """\
        -- eit/2567/E7.md --
        ---
        code: E7
        responsible: งานประชาสัมพันธ์
        measures: เผยแพร่ผลงานทุกเดือนทางเว็บไซต์
        monitoring: รายงานผู้บริหารทุกไตรมาส
        ---
        -- actions/2567/2024-01-15-meeting.md --
        ---
        title: ประชุมชี้แจงเจ้าหน้าที่
        date: 2567-01-15
        items: E7
        ---
    """)
    rebuild_ok(run, built)
    html = (built.out / "eit/2567/e7/index.html").read_text("utf-8")
    assert "เผยแพร่ผลงานทุกเดือนทางเว็บไซต์" in html and "รายงานผู้บริหารทุกไตรมาส" in html
    assert "ประชุมชี้แจงเจ้าหน้าที่" in html


@pytest.mark.parametrize("code", ["E๗", "e7", "E07", " E 7 "], ids=["thai-digit", "lowercase", "zero", "spaces"])
def test_code_spellings_accepted(run, built, code):
    write(built, f"""\
-- eit/2567/E7.md --
---
code: "{code}"
responsible: งานประชาสัมพันธ์
measures: [เผยแพร่ผลงาน]
monitoring: [รายงานผู้บริหาร]
---
-- actions/2567/2024-01-15-meeting.md --
---
title: ประชุมชี้แจงเจ้าหน้าที่
date: 2567-01-15
items: ["{code}"]
---
""")
    rebuild_ok(run, built)
    html = (built.out / "eit/2567/e7/index.html").read_text("utf-8")
    assert "E๗" in html and "ประชุมชี้แจงเจ้าหน้าที่" in html


def test_thai_digit_dates_accepted(run, built):
    write(built, """\
        -- actions/2567/2024-01-15-meeting.md --
        ---
        title: ประชุมชี้แจงเจ้าหน้าที่
        date: ๒๕๖๗-๐๑-๑๕
        items: [E๗]
        ---
    """)
    rebuild_ok(run, built)
    assert "๑๕ มกราคม ๒๕๖๗" in (built.out / "actions/2567/2024-01-15-meeting/index.html").read_text("utf-8")


# --- usage errors: exit 2 -----------------------------------------------------------------------

def test_unknown_subcommand(run, built):
    code, _, err = run("publish", "--content", str(built.content))
    assert code == 2
    assert "publish" in err
    assert snapshot(built.out) == built.before


@pytest.mark.parametrize("as_of", ["2566-02-30", "yesterday", "3000-01-01", "1/6/2567"])
def test_bad_as_of(run, built, as_of):
    code, _, err = run("build", "--as-of", as_of, content=built.content, out=built.out)
    assert code == 2
    assert "--as-of" in err and " | " in err
    assert snapshot(built.out) == built.before


def test_missing_content_folder(run, built, tmp_path):
    code, _, err = run("build", *AS_OF, content=tmp_path / "nowhere", out=built.out)
    assert code == 2
    assert "nowhere" in err and "not found" in err and THAI.search(err)
    assert snapshot(built.out) == built.before


def test_out_inside_content(run, built):
    code, _, err = run("build", *AS_OF, content=built.content, out=built.content)
    assert code == 2 and "--out" in err


def test_check_writes_nothing_and_reports(run, built):
    (built.content / "eit/2567/E7.md").write_text(ITEM_E7.replace("responsible:", "responsable:"), "utf-8")
    code, out, err = run("check", *AS_OF, content=built.content)
    assert code == 1
    problem_line(err, "content/eit/2567/E7.md:3: ")
    assert snapshot(built.out) == built.before


def test_bad_base_url_option_is_a_usage_error(run, built):
    code, _, err = run("build", *AS_OF, "--base-url", "test.example", content=built.content, out=built.out)
    assert code == 2
    assert "content/site.yaml" not in err
    assert snapshot(built.out) == built.before


# --- files with no front matter, empty files, pages with no text -------------------------------

@pytest.mark.parametrize("text, words", [("", "the file is empty"), ("just some text\n", "no front matter")])
def test_item_without_front_matter_gets_one_clear_error(run, built, text, words):
    (built.content / "eit/2567/E7.md").write_text(text, "utf-8")
    err = rebuild_fails(run, built, "content/eit/2567/E7.md:1: ")
    assert words in problem_line(err, "content/eit/2567/E7.md:1: ")
    assert err.count("content/eit/2567/E7.md") == 1  # not one error per missing key


def test_page_with_only_front_matter(run, built):
    write(built, """\
        -- pages/about.md --
        ---
        title: เกี่ยวกับเรา
        ---
    """)
    err = rebuild_fails(run, built, "content/pages/about.md:3: ")
    assert "ไม่มีเนื้อหา" in problem_line(err, "content/pages/about.md:3: ")


def test_misplaced_attachment_is_told_where_to_go(run, built):
    (built.content / "eit/2567/scan.pdf").write_bytes(b"%PDF")
    err = rebuild_fails(run, built, "content/eit/2567/scan.pdf: ")
    assert "content/files/" in problem_line(err, "content/eit/2567/scan.pdf: ")
