"""Read-side faults of the file system: broken and looping symlinks, unreadable files and folders,
FIFOs and other special files, bad file names. Each is a path message (exit 1), never a traceback
or a hang, and the last built site stays as it was."""

from __future__ import annotations

import contextlib
import inspect
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import ITEM_E7, ROOT, SITE_YAML, TEMPLATES, ungroup, write_tree
from sitegen.cli import main

NOBODY = 65534


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built(make_site, run, tmp_path):
    """A content folder with a good site already built into tmp_path/output."""
    content = make_site()
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 0, err
    return content, tmp_path / "output", _snapshot(tmp_path / "output")


def _fails_cleanly(run, content: Path, out: Path, before: dict[str, bytes], *expected: str) -> str:
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 1, err
    assert "Traceback" not in err
    err = ungroup(err)
    for text in expected:
        assert text in err
    assert _snapshot(out) == before  # the last good site is left exactly as it was
    return err


def test_broken_symlink_is_a_path_message(run, built):
    content, out, before = built
    (content / "pages").mkdir()
    (content / "pages/about.md").symlink_to(content / "pages/gone.md")
    err = _fails_cleanly(run, content, out, before, "content/pages/about.md: ", "does not exist")
    assert "ไม่มีอยู่" in err


def test_symlink_loop_is_a_path_message(run, built):
    content, out, before = built
    (content / "pages").mkdir()
    (content / "pages/a.md").symlink_to("b.md")
    (content / "pages/b.md").symlink_to("a.md")
    err = _fails_cleanly(run, content, out, before, "content/pages/a.md: ", "content/pages/b.md: ", "loops")
    assert "วน" in err


def test_symlink_to_a_folder_is_refused_not_followed(run, built):
    content, out, before = built
    (content / "files").mkdir()
    (content / "files/again").symlink_to(content)  # followed, it would walk content/ forever
    _fails_cleanly(run, content, out, before, "content/files/again: ", "symlink to a folder")


def test_symlink_to_a_file_inside_content_is_read(run, make_site, tmp_path):
    content = make_site("-- pages/real.md --\n---\ntitle: จริง\n---\nเนื้อหา\n")
    (content / "pages/alias.md").symlink_to("real.md")
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 0, err
    assert "เนื้อหา" in (tmp_path / "output/alias/index.html").read_text("utf-8")


def _build_in_subprocess(content: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "--no-pdf", "--as-of", "2567-06-01", "--content", str(content),
         "--templates", str(TEMPLATES), "--out", str(out)],
        capture_output=True, text=True, timeout=60, cwd=ROOT,  # a hang fails here instead of blocking the suite
    )


def test_fifo_is_skipped_never_opened(make_site, tmp_path):
    content = make_site()
    (content / "pages").mkdir()
    os.mkfifo(content / "pages/pipe.md")
    os.mkfifo(content / "files-pipe")
    (content / "files").mkdir()
    os.mkfifo(content / "files/pipe.pdf")
    done = _build_in_subprocess(content, tmp_path / "output")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    report = ungroup(done.stderr)
    for name in ("pages/pipe.md", "files-pipe", "files/pipe.pdf"):
        assert f"content/{name}: " in report and "FIFO" in report
    assert "[คำเตือน/warning]" in done.stderr


def test_fifo_fails_a_strict_build(make_site, run):
    content = make_site()
    os.mkfifo(content / "eit/2567/E9.md")
    code, _, err = run("check", "--strict", "--as-of", "2567-06-01", content=content)
    assert code == 1 and "content/eit/2567/E9.md: " in err and "not a regular file" in err


def test_file_name_with_a_newline_cannot_forge_a_message_line(make_site, run):
    content = make_site()
    (content / "pages").mkdir()
    (content / "pages/x\nsite.yaml:1: fake.md").write_text("---\ntitle: x\n---\ny\n", "utf-8")
    code, _, err = run("check", "--as-of", "2567-06-01", content=content)
    assert code == 1
    assert "rename it" in err
    assert not any(line.startswith("site.yaml:1: fake") for line in err.splitlines())


def test_file_name_not_utf8_is_reported(make_site, run):
    content = make_site()
    (content / "pages").mkdir()
    with open(os.fsencode(content / "pages") + b"/\xff\xfe.md", "wb") as f:
        f.write(b"---\ntitle: x\n---\ny\n")
    code, _, err = run("check", "--as-of", "2567-06-01", content=content)
    assert code == 1 and "content/pages/\ufffd\ufffd.md: " in err and "not UTF-8" in err


# --- permissions: root ignores them, so these run the check as user 65534 in a forked child ---------

@pytest.fixture
def shared_site():
    """A site in a folder every user may read (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="sitegen-perm-"))
    folder.chmod(0o755)
    content = write_tree(folder / "content", f"-- site.yaml --\n{SITE_YAML}-- eit/2567/E7.md --\n{ITEM_E7}")
    for path in (folder, *folder.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield content
    for path in folder.rglob("*"):
        path.chmod(0o755)
    subprocess.run(["rm", "-rf", str(folder)], check=True)


def _check_as_nobody(content: Path, *extra: str) -> tuple[int, str]:
    """``sitegen check`` (or the command in ``extra``) in a forked child that has dropped root (so
    permissions apply)."""
    common = ["--as-of", "2567-06-01", "--content", str(content), "--templates", str(TEMPLATES)]
    argv = [*(extra or ("check",)), *common]
    # The same run as root first: it imports every module the run needs (codecs included) while the
    # Python installation can still be read (it may sit under /root, closed to user 65534).
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        main(["check", *common])
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 3
        try:
            os.close(read)
            if os.getuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            sys.stderr = sys.stdout = io.TextIOWrapper(os.fdopen(write, "wb"), encoding="utf-8")
            code = main(argv)
            sys.stderr.flush()
        except BaseException:
            import traceback
            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        err = pipe.read().decode("utf-8")
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), err


def test_unreadable_file_is_a_path_message_and_the_site_stays(shared_site):
    out = shared_site.parent / "output"
    assert main(["build", "--no-pdf", "--as-of", "2567-06-01", "--content", str(shared_site),
                 "--templates", str(TEMPLATES), "--out", str(out)]) == 0
    out.parent.chmod(0o777)  # so that only the content, not the folder, stops the build of user 65534
    before = _snapshot(out)
    (shared_site / "eit/2567/E7.md").chmod(0o000)
    code, err = _check_as_nobody(shared_site, "build", "--out", str(out))
    assert code == 1, err
    assert "Traceback" not in err
    assert "content/eit/2567/E7.md: " in err and "permission denied" in err and "ไม่มีสิทธิ์อ่าน" in err
    assert _snapshot(out) == before


def test_unreadable_attachment_is_reported_before_writing(shared_site):
    (shared_site / "files").mkdir(mode=0o755)
    (shared_site / "files/report.pdf").write_bytes(b"%PDF-1.4\n")
    (shared_site / "files/report.pdf").chmod(0o000)
    code, err = _check_as_nobody(shared_site)
    assert code == 1, err
    assert "content/files/report.pdf: " in err and "permission denied" in err and "Traceback" not in err


def test_unreadable_site_yaml_is_a_path_message(shared_site):
    (shared_site / "site.yaml").chmod(0o000)
    code, err = _check_as_nobody(shared_site)
    assert code == 1, err
    assert "content/site.yaml: " in err and "permission denied" in err and "Traceback" not in err


def test_folder_that_cannot_be_listed_is_a_path_message(shared_site):
    (shared_site / "pages").mkdir()
    (shared_site / "pages/about.md").write_text("---\ntitle: x\n---\ny\n", "utf-8")
    (shared_site / "pages").chmod(0o000)
    code, err = _check_as_nobody(shared_site)
    assert code == 1, err
    assert "content/pages: " in err and "permission denied" in err and "Traceback" not in err


def test_symlink_into_a_hidden_folder_is_refused(make_site, run, tmp_path):
    content = make_site()
    (content / ".git").mkdir()
    (content / ".git/config").write_text("[remote]\nurl = https://token@example/\n", "utf-8")
    (content / "files").mkdir()
    (content / "files/config.txt").symlink_to(content / ".git/config")
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 1 and "content/files/config.txt: " in err and "outside the content folder" in err
    assert not (tmp_path / "output").exists()


def test_site_yaml_linked_from_outside_is_not_read(make_site, run, tmp_path):
    content = make_site()
    (tmp_path / "other.yaml").write_text((content / "site.yaml").read_text("utf-8"), "utf-8")
    (content / "site.yaml").unlink()
    (content / "site.yaml").symlink_to(tmp_path / "other.yaml")
    code, _, err = run("check", "--as-of", "2567-06-01", content=content)
    assert code == 1 and "content/site.yaml: site.yaml เป็นลิงก์" in err and "it was not read" in err


def test_a_line_break_quoted_in_any_message_stays_on_one_line():
    from sitegen.errors import SiteError

    text = str(SiteError("content/x.md", 3, "ไม่รู้จักช่อง 'a\nb'", "unknown key 'a\r\nb\u2028c'"))
    assert text == "content/x.md:3: ไม่รู้จักช่อง 'a\\u000ab' | unknown key 'a\\u000d\\u000ab\\u2028c'"


def test_folders_nested_deeper_than_the_recursion_limit(make_site, run):
    content = make_site()
    deep = content / "files"
    deep.mkdir()
    for _ in range(300):
        deep = deep / "d"
        deep.mkdir()
    (deep / "x.pdf").write_bytes(b"%PDF-1.4\n")
    # A recursive walk needs a frame or more per level: with the limit 250 frames above this one,
    # 300 levels overflow it, while the build itself stays well within.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + 250)
    try:
        code, _, err = run("check", "--as-of", "2567-06-01", content=content)
    finally:
        sys.setrecursionlimit(limit)
    assert code == 0, err


# --- the site's templates/ follows content/'s rules ---------------------------------------------------------------

def test_templates_may_not_link_out_of_their_folder_nor_hang_on_a_fifo(make_site, run, tmp_path):
    """On the landed main templates/static/passwd.txt -> /etc/passwd was published (content/ refuses that link);
    on CI a committed link to ../.git/config would publish the checkout's token."""
    content = make_site()
    templates = tmp_path / "templates"
    (templates / "static").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git/config").write_text("token=secret\n", "utf-8")
    (templates / "static/passwd.txt").symlink_to("/etc/passwd")
    (templates / "static/config.txt").symlink_to("../../.git/config")
    (templates / "page.html").symlink_to("/etc/hostname")
    os.mkfifo(templates / "static/pipe.css")
    (templates / "static/own.css").write_text("p{}", "utf-8")
    (templates / "static/alias.css").symlink_to("own.css")  # inside the folder: fine
    code, _, err = run("build", "--as-of", "2567-06-01", "--templates", str(templates), content=content)
    assert code == 1 and "Traceback" not in err
    err = ungroup(err)
    for name in ("static/passwd.txt", "static/config.txt", "page.html"):
        assert f"templates/{name}: " in err and "outside the templates folder" in err, name
    assert "templates/static/pipe.css: " in err and "FIFO" in err
    assert not (tmp_path / "output").exists()
    for name in ("passwd.txt", "config.txt", "page.html"):
        (templates / name if name == "page.html" else templates / "static" / name).unlink()
    code, _, err = run("build", "--as-of", "2567-06-01", "--templates", str(templates), content=content)
    assert code == 0, err
    assert "templates/static/pipe.css: " in err and "warning" in err  # skipped, never opened
    assert (tmp_path / "output/static/alias.css").read_text("utf-8") == "p{}"
    assert not (tmp_path / "output/static/pipe.css").exists()
