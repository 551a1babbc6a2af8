"""The warnings of issue 4 other than the Thai lint (see test_lint.py): items without an action in an
ended round, large attachments, actions dated after --as-of, raw HTML that is sanitised.

Every warning gets the same contract check (``warning_contract``): ``check`` and ``build`` exit 0 and
print ``path:line: ไทย | English  [คำเตือน/warning]``; with ``--strict`` both exit 1 with the same message,
and ``build --strict`` leaves the previously built output byte-identical.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ungroup, write_tree
from sitegen.check.validate import ATTACHMENT_WARN_BYTES

CALM = "2567-03-01"  # FY 2567 before 31 Mar: no round has ended, so the default site has no warning

ACTION = """\
---
title: ประชุมชี้แจงเจ้าหน้าที่
date: {date}
items: [E7]
---
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def lines_with(err: str, prefix: str, phrase: str) -> list[str]:
    return [line for line in ungroup(err).splitlines() if line.startswith(prefix) and phrase in line]


def warning_contract(run, content: Path, out: Path, as_of: str, prefix: str, phrase: str) -> str:
    """Check the warning everywhere; ``out`` holds a site built before the warning existed.

    Returns the warning line (without its label).
    """
    before = snapshot(out)
    code, _, err = run("check", "--as-of", as_of, content=content)
    assert code == 0, err
    found = lines_with(err, prefix, phrase)
    assert len(found) == 1, f"expected one {prefix}…{phrase} line in:\n{err}"
    message, label = found[0].rsplit("  [", 1)
    assert label == "คำเตือน/warning]"
    th, sep, en = message[len(prefix):].partition(" | ")
    assert sep and " — " in th and " — " in en, message

    code, _, err = run("check", "--as-of", as_of, "--strict", content=content)
    assert code == 1, err
    assert [line.rsplit("  [", 1) for line in lines_with(err, prefix, phrase)] == [[message, "ผิดพลาด/error]"]]

    code, _, err = run("build", "--as-of", as_of, "--strict", content=content, out=out)
    assert code == 1, err
    assert lines_with(err, prefix, phrase), err
    assert snapshot(out) == before, "build --strict changed the previous output"
    # (the build's cache, if the run puts it beside content/, is kept on purpose)
    names = sorted(p.name for p in out.parent.iterdir() if p.name != ".sitegen-cache")
    assert names == sorted(["content", out.name, f".{out.name}.lock"]), "temporary folder left behind"

    code, _, err = run("build", "--as-of", as_of, content=content, out=out)
    assert code == 0, err
    assert [line.rsplit("  [", 1)[0] for line in lines_with(err, prefix, phrase)] == [message]
    return message


@pytest.fixture
def site(make_site, run, tmp_path):
    """The default site (site.yaml + eit/2567/E7.md) and a function that builds it into tmp_path/output."""
    content = make_site()
    out = tmp_path / "output"

    def build(as_of: str = CALM) -> str:
        code, _, err = run("build", "--as-of", as_of, content=content, out=out)
        assert code == 0, err
        return err

    return content, out, build


def warnings_of(run, content: Path, as_of: str) -> list[str]:
    code, _, err = run("check", "--as-of", as_of, content=content)
    assert code == 0, err
    return [line for line in ungroup(err).splitlines() if line.endswith("[คำเตือน/warning]")]


# --- an item with no action in a round that has ended ---------------------------------------------

E7 = "content/eit/2567/E7.md:2: "  # the 'code:' line
ROUND_CASES = [
    # as-of (พ.ศ. / ค.ศ.), the rounds reported as ended without an action
    ("2567-03-31", []),             # last day of the 6-month round: not ended yet
    ("2024-03-31", []),
    ("2567-04-01", [6]),            # the day after
    ("2567-09-30", [6]),            # last day of the fiscal year: the 12-month round has not ended
    ("2567-10-01", [6, 12]),        # FY 2568 has begun
    ("2025-03-01", [6, 12]),
]


@pytest.mark.parametrize("as_of, rounds", ROUND_CASES)
def test_item_without_action_warns_only_once_its_round_has_ended(make_site, run, as_of, rounds):
    content = make_site()
    found = warnings_of(run, content, as_of)
    assert all(line.startswith(E7) for line in found), found
    assert sorted(int(m) for line in found for m in [line.split("-month round")[0].rsplit(" ", 1)[1]]) == rounds
    for line in found:
        assert "อยู่ระหว่างดำเนินการ" in line and "actions/2567/" in line  # what the report shows, and the fix


@pytest.mark.parametrize("date, as_of, rounds", [
    ("2567-01-15", "2567-10-01", []),      # in the first half: counts for both rounds
    ("2567-03-31", "2567-10-01", []),      # last day of the 6-month round
    ("2567-04-01", "2567-10-01", [6]),     # second half only: the 6-month round stays empty
    ("2567-09-30", "2567-10-01", [6]),
    ("2567-04-01", "2567-09-30", [6]),
])
def test_an_action_in_the_round_silences_its_warning(make_site, run, date, as_of, rounds):
    content = make_site(f"-- actions/2567/2024-x.md --\n{ACTION.format(date=date)}")
    found = warnings_of(run, content, as_of)
    months = sorted(int(line.split("-month round")[0].rsplit(" ", 1)[1]) for line in found if "-month round" in line)
    assert months == rounds


def test_an_action_of_another_item_does_not_count(make_site, run):
    e9 = "---\ncode: E9\nresponsible: งานประชาสัมพันธ์\nmeasures: [ตอบคำถาม]\nmonitoring: [รายงานผู้บริหาร]\n---\n"
    action = ACTION.format(date="2567-01-15").replace("[E7]", "[E9]")
    content = make_site(f"-- eit/2567/E9.md --\n{e9}-- actions/2567/2024-x.md --\n{action}")
    found = warnings_of(run, content, "2567-04-01")
    assert [line.split(":")[0] for line in found] == ["content/eit/2567/E7.md"]


def test_ended_round_warning_contract(site, run):
    content, out, build = site
    build("2567-03-31")
    warning_contract(run, content, out, "2567-04-01", E7, "6-month round")


# --- large attachments ----------------------------------------------------------------------------

def attach(content: Path, size: int) -> None:
    path = content / "files" / "2567" / "report.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.truncate(size)  # sparse: fast, and no disk space
    write_tree(content, """\
        -- actions/2567/2024-01-15-report.md --
        ---
        title: ส่งรายงาน
        date: 2567-01-15
        items: [E7]
        attachments:
          - https://example.go.th/report
          - files/2567/report.pdf
        ---
        """)


ATTACHMENT = "content/actions/2567/2024-01-15-report.md:7: "


@pytest.mark.parametrize("size, warned", [
    (0, False),
    (ATTACHMENT_WARN_BYTES - 1, False),
    (ATTACHMENT_WARN_BYTES, False),
    (ATTACHMENT_WARN_BYTES + 1, True),
    (3 * ATTACHMENT_WARN_BYTES, True),
])
def test_attachment_size_limit(make_site, run, size, warned):
    content = make_site()
    attach(content, size)
    found = warnings_of(run, content, CALM)
    assert [line.startswith(ATTACHMENT) for line in found] == ([True] if warned else [])
    if warned:
        limit = f"{ATTACHMENT_WARN_BYTES // 2**20} MB"
        assert f"{size / 2**20:.1f} MB" in found[0] and limit in found[0] and "files/2567/report.pdf" in found[0]


def test_the_documented_limit_is_10_mb():
    assert ATTACHMENT_WARN_BYTES == 10 * 1024 * 1024


def test_large_attachment_warning_contract(site, run):
    content, out, build = site
    build()
    attach(content, ATTACHMENT_WARN_BYTES + 1)
    warning_contract(run, content, out, CALM, ATTACHMENT, "MB")
    assert (out / "files/2567/report.pdf").stat().st_size == ATTACHMENT_WARN_BYTES + 1  # still published


# --- actions dated after --as-of ------------------------------------------------------------------

FUTURE = "content/actions/2567/2024-02-15-meeting.md:3: "  # the 'date:' line


def future_action(content: Path, body: str = "") -> None:
    write_tree(content, f"-- actions/2567/2024-02-15-meeting.md --\n{ACTION.format(date='2567-02-15')}{body}")


@pytest.mark.parametrize("as_of, warned",
                         [("2567-02-14", True), ("2024-02-14", True), ("2567-02-15", False), ("2567-02-16", False)])
def test_action_after_as_of_warns_and_is_not_shown(make_site, run, tmp_path, as_of, warned):
    content = make_site()
    future_action(content)
    code, _, err = run("build", "--as-of", as_of, content=content)
    assert code == 0, err
    assert bool(lines_with(err, FUTURE, "as-of")) == warned, err
    page = tmp_path / "output/actions/2567/2024-02-15-meeting/index.html"
    item = (tmp_path / "output/eit/2567/e7/index.html").read_text("utf-8")
    assert page.exists() != warned
    assert ("ประชุมชี้แจงเจ้าหน้าที่" in item) != warned


def test_future_action_warning_contract(site, run):
    content, out, build = site
    build()
    future_action(content)
    message = warning_contract(run, content, out, "2567-02-14", FUTURE, "as-of")
    assert "2024-02-14" in message  # names the as-of date


def test_a_future_action_is_still_checked(make_site, run):
    content = make_site()
    future_action(content, "[รายงาน](../../files/2567/missing.pdf)\n")
    code, _, later = run("check", "--as-of", "2567-02-15", content=content)
    assert code == 1 and "content/actions/2567/2024-02-15-meeting.md:6: " in later  # on the day: an error
    code, _, now = run("check", "--as-of", "2567-02-14", content=content)
    assert code == 1 and "content/actions/2567/2024-02-15-meeting.md:6: " in now  # before it: the same error


# --- raw HTML that is sanitised -------------------------------------------------------------------

RAW_HTML = """\
-- pages/notice.md --
---
title: ประกาศ
---
ย่อหน้าแรก <b>ตัวหนา</b> และ `<script>` ในโค้ด

บรรทัดแรกของย่อหน้า
บรรทัดที่สอง <img src="https://example.go.th/x.png" onerror="alert(1)"> ต่อ

```html
<script>ตัวอย่างโค้ด ไม่ใช่ HTML</script>
```

<div>
<p>ข้อความ</p>
<iframe src="https://evil.example/"></iframe>
</div>
"""
NOTICE = "content/pages/notice.md:"


def test_sanitised_html_is_reported_on_its_lines_only(make_site, run, tmp_path):
    content = make_site(RAW_HTML)
    code, _, err = run("build", "--as-of", CALM, content=content)
    assert code == 0, err
    lines = sorted(int(line[len(NOTICE):].split(":")[0]) for line in ungroup(err).splitlines()
                   if line.startswith(NOTICE) and ("was removed from the page" in line or "is shown as text" in line))
    assert lines == [7, 15]  # not the safe <b>, not code spans or fenced code
    html = (tmp_path / "output/notice/index.html").read_text("utf-8")
    assert "<b>ตัวหนา</b>" in html and "ข้อความ" in html
    assert "onerror" not in html and "<iframe" not in html and "&lt;iframe" in html  # shown as the text it is
    assert "&lt;script&gt;ตัวอย่างโค้ด" in html  # code shown as text


def test_safe_html_gives_no_warning(make_site, run):
    content = make_site("""\
        -- pages/notice.md --
        ---
        title: ประกาศ
        ---
        <b>ตัวหนา</b> <i>เอียง</i> <a href="https://example.go.th/">ลิงก์</a><br>
        <table><tr><td>ช่อง</td></tr></table>
        """)
    assert warnings_of(run, content, CALM) == []


def test_sanitised_html_warning_contract(site, run):
    content, out, build = site
    build()
    write_tree(content, RAW_HTML)
    content_line = NOTICE + "15: "
    warning_contract(run, content, out, CALM, content_line, "is shown as text")


@pytest.mark.parametrize("tag", [
    '<video src="https://example.go.th/a.mp4" controls></video>',
    '<audio src="https://example.go.th/a.mp3" controls></audio>',
    "<template>ข้อความ</template>",
])
def test_every_removed_element_is_reported(make_site, run, tag):
    content = make_site(f"-- pages/notice.md --\n---\ntitle: ประกาศ\n---\n{tag}\n")
    assert [line for line in warnings_of(run, content, CALM) if line.startswith(NOTICE + "4: ")]


def test_links_in_raw_html_are_checked(make_site, run):
    content = make_site("""\
        -- pages/notice.md --
        ---
        title: ประกาศ
        ---
        <a href="../eit/2567/E99.md">ข้อที่ไม่มี</a>
        """)
    code, _, err = run("check", "--as-of", CALM, content=content)
    assert code == 1 and "content/pages/notice.md:4: " in err, err


def test_links_in_raw_html_are_rewritten_like_markdown_links(make_site, run, tmp_path):
    content = make_site("""\
        -- pages/notice.md --
        ---
        title: ประกาศ
        ---
        <a href="../eit/2567/E7.md">ข้อ E7</a> <img src="../files/2567/logo.png" alt="ตรา">
        """)
    (content / "files" / "2567").mkdir(parents=True)
    (content / "files" / "2567" / "logo.png").write_bytes(b"\x89PNG")
    code, _, err = run("build", "--as-of", CALM, content=content)
    assert code == 0, err
    html = (tmp_path / "output/notice/index.html").read_text("utf-8")
    assert '<a href="/eit/2567/e7/">ข้อ E7</a>' in html and 'src="/files/2567/logo.png"' in html
