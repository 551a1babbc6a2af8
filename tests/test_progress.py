"""Progress of long work: a deploy's uploads (one line rewritten on a terminal, a dozen plain lines in a log)
and a large build's stages; ``--quiet`` silences both; ``check`` says nothing more than before."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TEMPLATES
from sitegen.cli import main
from sitegen.progress import PAGES, Stages, Transfer, size_text


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_sizes_read_as_people_read_them():
    assert [size_text(n) for n in (0, 999, 1536, 5 * 1024 * 1024, 3 * 1024 ** 3)] == [
        "0 B", "999 B", "1.5 KB", "5.0 MB", "3.0 GB"]


def test_a_log_gets_a_line_per_tenth_of_the_bytes_and_one_when_a_slow_link_is_quiet():
    out, clock = io.StringIO(), Clock()
    transfer = Transfer(out, tty=False, clock=clock)
    transfer.begin(100, 100 * 1024)
    for i in range(100):
        clock.now += 0.1 if i != 50 else 40  # one file takes 40 s
        transfer.sent(1024)
    transfer.end()
    lines = out.getvalue().splitlines()
    assert lines[0] == "อัปโหลด 100 ไฟล์ 100.0 KB | uploading 100 file(s), 100.0 KB"
    assert "\r" not in out.getvalue()
    assert len(lines) <= 13
    assert lines[-1] == "อัปโหลด | uploading 100/100 ไฟล์/files, 100.0 KB/100.0 KB (100 %)"
    percents = [int(re.search(r"\((\d+) %\)", line)[1]) for line in lines[1:]]
    assert percents == [10, 20, 30, 40, 50, 51, 60, 70, 80, 90, 100]  # 51: the line after 40 quiet seconds


def test_empty_files_count_by_files():
    out = io.StringIO()
    transfer = Transfer(out, tty=False)
    transfer.begin(4, 0)
    for _ in range(4):
        transfer.sent(0)
    assert out.getvalue().splitlines()[-1].endswith("4/4 ไฟล์/files, 0 B/0 B (100 %)")


def test_a_terminal_gets_one_line_rewritten_in_place():
    out, clock = io.StringIO(), Clock()
    transfer = Transfer(out, tty=True, clock=clock)
    transfer.begin(1000, 1000)
    for _ in range(1000):
        clock.now += 0.001  # a thousand files a second: the line is rewritten ten times a second, not a thousand
        transfer.sent(1)
    transfer.end()
    text = out.getvalue()
    assert text.count("\n") == 1 and text.endswith("(100 %)\x1b[K\n")
    assert 10 <= text.count("\r") <= 12
    assert text.split("\r")[-1].startswith("อัปโหลด | uploading 1000/1000 ไฟล์/files")


def test_quiet_says_nothing():
    out = io.StringIO()
    for tty in (True, False):
        transfer = Transfer(out, tty=tty, quiet=True)
        transfer.begin(3, 30)
        for _ in range(3):
            transfer.sent(10)
        transfer.end()
    assert out.getvalue() == ""


def test_stages_show_for_a_large_build_or_one_with_pdfs():
    out = io.StringIO()
    small = Stages(out)
    for stage, count in (("load", 0), ("check", 12), ("render", 40), ("write", 60)):
        small.begin(stage, count)
    assert out.getvalue() == ""
    large = Stages(out)
    for stage, count in (("load", 0), ("check", PAGES + 1), ("render", 10_059), ("pdf", 0), ("write", 10_100)):
        large.begin(stage, count)
    lines = out.getvalue().splitlines()
    assert [line.split(" | ")[1].split("…")[0] for line in lines] == [
        f"checking {PAGES + 1} files", "rendering 10,059 pages", "writing 10,100 files"]
    out = io.StringIO()
    with_pdf = Stages(out, pdf=True)
    with_pdf.begin("load")
    with_pdf.begin("pdf", 2)
    assert re.fullmatch(r"sitegen: อ่านเนื้อหา… \| reading the content… \(\d+\.\d s\)\n"
                        r"sitegen: ทำ PDF ของรายงาน 2 ฉบับ… \| making 2 report PDF\(s\)… \(\d+\.\d s\)\n",
                        out.getvalue())


# --- end to end ---------------------------------------------------------------------------------------

def test_a_build_with_pdfs_shows_its_stages_and_quiet_silences_them(tmp_path, capsys):
    args = ["build", "--content", str(ROOT / "content"), "--templates", str(TEMPLATES), "--as-of", "2566-03-15"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    err = capsys.readouterr().err
    stages = [line.split(" | ")[1].split("…")[0] for line in err.splitlines() if line.startswith("sitegen: ")]
    assert stages[:2] == ["reading the content", f"checking {len(list((ROOT / 'content').rglob('*.md')))} files"]
    assert re.fullmatch(r"converting \d+ Markdown bodies", stages[2])
    assert re.fullmatch(r"rendering \d+ pages", stages[3]) and re.fullmatch(r"indexing \d+ pages for search", stages[4])
    assert stages[5] == "making the open data" and re.fullmatch(r"writing \d+ files", stages[-1])
    assert main([*args, "--out", str(tmp_path / "b"), "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    assert main([*args, "--out", str(tmp_path / "c"), "--no-pdf"]) == 0  # small, no PDFs: only the summary
    assert capsys.readouterr().err == ""


def test_check_says_no_more_than_before(capsys):
    args = ["--content", str(ROOT / "content"), "--templates", str(TEMPLATES), "--as-of", "2566-03-15"]
    assert main(["check", *args]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out.startswith("ตรวจแล้ว ไม่พบข้อผิดพลาด")


FILES = 300


@pytest.fixture
def big_site(tmp_path) -> Path:
    """A built site of a few hundred files (one a PDF-sized 200 KB)."""
    out = tmp_path / "output"
    (out / "pages").mkdir(parents=True)
    (out / "index.html").write_text("home", "utf-8")
    for i in range(FILES - 2):
        (out / "pages" / f"p{i}.html").write_text(f"page {i} " * (50 + i), "utf-8")
    (out / "report.pdf").write_bytes(os.urandom(200 * 1024))
    return out


def _deploy_command(server, out: Path, www: Path) -> list[str]:
    import getpass

    return [sys.executable, "-m", "sitegen", "deploy", "--out", str(out), "--host", "127.0.0.1",
            "--port", str(server["port"]), "--user", getpass.getuser(), "--path", str(www),
            "--key", str(server["key"]), "--known-hosts", str(server["known_hosts"])]


def test_a_deploy_in_a_log_shows_plain_progress_lines(server, big_site, tmp_path):
    done = subprocess.run(_deploy_command(server, big_site, tmp_path / "www"), capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert "\r" not in done.stderr and 3 <= len(lines) <= 13
    assert lines[0].startswith(f"อัปโหลด {FILES} ไฟล์ ")
    assert re.fullmatch(rf"อัปโหลด \| uploading {FILES}/{FILES} ไฟล์/files, (\S+ \S+)/\1 \(100 %\)", lines[-1])
    assert f"upload {FILES}, delete 0" in done.stdout
    assert len(list((tmp_path / "www" / "pages").iterdir())) == FILES - 2


def test_a_deploy_on_a_terminal_rewrites_one_line(server, big_site, tmp_path):
    main_fd, child_fd = pty.openpty()
    proc = subprocess.Popen(_deploy_command(server, big_site, tmp_path / "www"), stdin=child_fd, stdout=child_fd,
                            stderr=child_fd, cwd=ROOT, close_fds=True)
    os.close(child_fd)
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # EIO: the child has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main_fd)
    assert proc.wait(timeout=300) == 0
    text = b"".join(chunks).decode("utf-8")
    progress, summary = text.rsplit("\r\n", 2)[0], text.rsplit("\r\n", 2)[1]
    assert "\r" in progress and f"{FILES}/{FILES} ไฟล์/files" in progress.split("\r")[-1]
    assert progress.split("\r")[-1].endswith("(100 %)\x1b[K")
    assert f"upload {FILES}, delete 0" in summary


def test_quiet_deploy_shows_no_progress(server, big_site, tmp_path):
    done = subprocess.run([*_deploy_command(server, big_site, tmp_path / "www"), "--quiet"], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0 and done.stderr == ""
