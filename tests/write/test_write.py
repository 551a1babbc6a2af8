"""Write stage: atomic swap, leftovers from killed builds, refusals."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ROOT, snapshot
from sitegen.incremental.store import Store
from sitegen.output import OutputFile
from sitegen.write.lock import output_lock
from sitegen.write import write
from sitegen.write.write import MARKER, OutputError, write_site


def leftovers(parent: Path) -> list[str]:
    """What sits beside the output besides the output and its lock file."""
    return sorted(p.name for p in parent.iterdir() if p.name not in ("output", ".output.lock"))


def listed(out: Path) -> list[str]:
    """The files the marker lists (its lines that are not comments)."""
    return [line for line in (out / MARKER).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]


def test_write_replaces_whole_folder(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("a/index.html", b"one"), OutputFile("old.txt", b"x")], out)
    write_site([OutputFile("a/index.html", b"two")], out)
    assert snapshot(out) == {"a/index.html": b"two"}  # files of the old build do not linger
    assert leftovers(tmp_path) == []  # no temporary folders left
    assert listed(out) == ["a/index.html"]
    assert oct(out.stat().st_mode & 0o777) == "0o755"


def test_refuses_paths_outside_output_and_keeps_old_site(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("index.html", b"old")], out)
    with pytest.raises(ValueError):
        write_site([OutputFile("index.html", b"new"), OutputFile("../evil.txt", b"x")], out)
    with pytest.raises(ValueError):
        write_site([OutputFile("index.html", b"new"), OutputFile("index.html", b"again")], out)
    assert snapshot(out) == {"index.html": b"old"}
    assert not (tmp_path / "evil.txt").exists()
    assert leftovers(tmp_path) == []


def test_copies_source_files(tmp_path):
    src = tmp_path / "src.pdf"
    src.write_bytes(b"%PDF")
    write_site([OutputFile("files/x.pdf", source=src)], tmp_path / "out")
    assert (tmp_path / "out/files/x.pdf").read_bytes() == b"%PDF"


SLOW_WRITER = """
import sys, time
from pathlib import Path
from sitegen.incremental.store import Store
from sitegen.output import OutputFile
from sitegen.write.write import write_site

def files():
    for i in range(100000):
        if i == 50:
            print("writing", flush=True)
        time.sleep(0.001)
        yield OutputFile(f"page{i}.html", b"new")

write_site(files(), Path(sys.argv[1]))
"""


def test_killed_build_leaves_previous_site_and_next_build_cleans_up(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("index.html", b"old site")], out)
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(out)], stdout=subprocess.PIPE, text=True,
                            cwd=ROOT)
    assert proc.stdout.readline().strip() == "writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert snapshot(out) == {"index.html": b"old site"}
    assert any(p.name.startswith(".output.tmp-") for p in tmp_path.iterdir())  # the killed build's leftovers
    write_site([OutputFile("index.html", b"new site")], out)
    assert snapshot(out) == {"index.html": b"new site"}
    assert leftovers(tmp_path) == []


def test_recovers_when_killed_between_the_two_renames(tmp_path):
    out = tmp_path / "output"
    (tmp_path / ".output.old-123").mkdir()
    (tmp_path / ".output.old-123/index.html").write_bytes(b"previous")
    from sitegen.write.write import recover

    recover(out)
    assert snapshot(out) == {"index.html": b"previous"}


def test_unchanged_files_are_not_touched_and_keep_their_mtime(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("index.html", b"home"), OutputFile("a/index.html", b"one")], out)
    past = 1_000_000_000
    for name in ("index.html", "a/index.html"):
        os.utime(out / name, (past, past))
    inode = (out / "index.html").stat().st_ino
    write_site([OutputFile("index.html", b"home"), OutputFile("a/index.html", b"two")], out)
    assert (out / "index.html").stat().st_mtime == past and (out / "index.html").stat().st_ino == inode
    assert (out / "a/index.html").stat().st_mtime != past
    assert snapshot(out) == {"index.html": b"home", "a/index.html": b"two"}


def test_a_file_left_as_sitegen_wrote_it_is_not_read_again(tmp_path, monkeypatch):
    """Its stat still what the build cache says and its ident (a page's key, the bytes' hash, the copied file's
    stat) the same: one lstat, no read."""
    out, store = tmp_path / "output", Store(tmp_path / "cache")
    files = [OutputFile("index.html", b"home", key="k1"), OutputFile("a/index.html", b"one"),
             OutputFile("c.css", source=ROOT / "pyproject.toml")]
    write_site(files, out, store=store)
    before = {p: (out / p).stat().st_mtime_ns for p in ("index.html", "a/index.html", "c.css")}

    def read(path, *args, **kwargs):
        if path.name != MARKER:  # the marker is read, to compare it with the new one
            raise AssertionError(f"read {path}")
        return real_read(path, *args, **kwargs)
    real_open, real_read = Path.open, write._read_upto

    def open_(path: Path, *args, **kwargs):
        if path.name in ("c.css", "pyproject.toml"):
            read(path)
        return real_open(path, *args, **kwargs)
    monkeypatch.setattr("sitegen.write.write._read_upto", read)
    monkeypatch.setattr(Path, "open", open_)
    write_site(files, out, store=store)
    assert {p: (out / p).stat().st_mtime_ns for p in before} == before
    with pytest.raises(AssertionError):  # another key: compared byte for byte
        write_site([OutputFile("index.html", b"home", key="k2"), *files[1:]], out, store=store)
    with pytest.raises(AssertionError):  # without the cache: compared byte for byte
        write_site(files, out)


@pytest.mark.parametrize("key", ["", "k1"])
def test_a_file_changed_behind_sitegens_back_is_put_right(tmp_path, key):
    """Its stat no longer what the cache says: compared byte for byte, and written again (a same-size edit)."""
    out, store = tmp_path / "output", Store(tmp_path / "cache")
    files = [OutputFile("index.html", b"home", key=key), OutputFile("a/index.html", b"one")]
    write_site(files, out, store=store)
    (out / "index.html").write_bytes(b"hone")
    (out / "a/index.html").unlink()
    write_site(files, out, store=store)
    assert snapshot(out) == {"index.html": b"home", "a/index.html": b"one"}
    (out / "index.html").write_bytes(b"home")  # changed back by hand: the same bytes, left as they are
    write_site(files, out, store=store)
    assert snapshot(out) == {"index.html": b"home", "a/index.html": b"one"}
    other = tmp_path / "other"  # written by a build without the cache: its next build compares
    write_site(files, other)
    (other / "index.html").write_bytes(b"hone")
    write_site(files, other, store=store)
    assert snapshot(other) == {"index.html": b"home", "a/index.html": b"one"}


def test_user_files_in_the_output_survive_and_obsolete_pages_go(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("index.html", b"1"), OutputFile("old/index.html", b"gone soon")], out)
    (out / "CNAME").write_text("www.example.go.th\n")
    (out / "old/notes.txt").write_text("mine")
    write_site([OutputFile("index.html", b"2")], out)
    assert snapshot(out) == {"index.html": b"2", "CNAME": b"www.example.go.th\n", "old/notes.txt": b"mine"}


def test_a_user_file_where_the_site_writes_is_refused_unless_forced(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("index.html", b"1")], out)
    (out / "robots.txt").write_text("mine")
    with pytest.raises(OutputError) as err:
        write_site([OutputFile("index.html", b"2"), OutputFile("robots.txt", b"site")], out)
    assert err.value.path == out / "robots.txt" and "--force" in err.value.en
    assert snapshot(out) == {"index.html": b"1", "robots.txt": b"mine"} and leftovers(tmp_path) == []
    write_site([OutputFile("index.html", b"2"), OutputFile("robots.txt", b"site")], out, force=True)
    assert snapshot(out) == {"index.html": b"2", "robots.txt": b"site"}


def test_a_file_of_the_old_site_may_become_a_folder_and_back(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("index.html", b"1"), OutputFile("files/a", b"file")], out)
    write_site([OutputFile("index.html", b"1"), OutputFile("files/a/b.pdf", b"pdf")], out)
    assert snapshot(out) == {"index.html": b"1", "files/a/b.pdf": b"pdf"}
    write_site([OutputFile("index.html", b"1"), OutputFile("files/a", b"file again")], out)
    assert snapshot(out) == {"index.html": b"1", "files/a": b"file again"}
    (out / "files/a").unlink()
    (out / "files/a").mkdir()
    (out / "files/a/mine.txt").write_text("mine")  # a user's folder where the site writes a file
    with pytest.raises(OutputError):
        write_site([OutputFile("index.html", b"2"), OutputFile("files/a", b"file")], out)
    assert snapshot(out) == {"index.html": b"1", "files/a/mine.txt": b"mine"}


def test_folder_sitegen_did_not_make_is_refused_and_force_keeps_user_files(tmp_path):
    www = tmp_path / "www"
    www.mkdir()
    (www / "data.txt").write_bytes(b"keep\x00me")
    with pytest.raises(OutputError) as err:
        write_site([OutputFile("index.html", b"site")], www)
    assert err.value.path == www and "--force" in err.value.en and "--force" in err.value.th
    assert snapshot(www) == {"data.txt": b"keep\x00me"}
    said: list[str] = []
    write_site([OutputFile("index.html", b"site")], www, force=True, say=said.append)
    assert snapshot(www) == {"data.txt": b"keep\x00me", "index.html": b"site"}
    assert len(said) == 1 and "--force" in said[0] and "kept" in said[0]
    write_site([OutputFile("index.html", b"again")], www, say=said.append)  # marked now: no --force needed
    assert snapshot(www) == {"data.txt": b"keep\x00me", "index.html": b"again"} and len(said) == 1


def test_empty_folder_is_used(tmp_path):
    out = tmp_path / "public"
    out.mkdir()
    write_site([OutputFile("index.html", b"site")], out)
    assert snapshot(out) == {"index.html": b"site"} and (out / MARKER).is_file()


def test_out_naming_a_file_is_refused_and_the_file_kept(tmp_path):
    out = tmp_path / "output"
    out.write_bytes(b"a user's file")
    with pytest.raises(OutputError) as err:
        write_site([OutputFile("index.html", b"site")], out)
    assert err.value.path == out and "is a file" in err.value.en
    assert out.read_bytes() == b"a user's file" and leftovers(tmp_path) == []


def test_output_of_the_previous_sitegen_is_taken_over_without_deleting(tmp_path):
    out = tmp_path / "output"
    for name, data in (("index.html", b"old"), ("static/site.css", b"css"), ("old-page/index.html", b"x")):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    said: list[str] = []
    write_site([OutputFile("index.html", b"new"), OutputFile("static/site.css", b"css2")], out, say=said.append)
    assert snapshot(out) == {"index.html": b"new", "static/site.css": b"css2", "old-page/index.html": b"x"}
    assert len(said) == 1 and "earlier sitegen" in said[0]
    assert listed(out) == ["index.html", "static/site.css"]


def test_disk_full_while_staging_leaves_the_site_and_no_leftovers(tmp_path, monkeypatch):
    out = tmp_path / "output"
    write_site([OutputFile("index.html", b"old")], out)

    def full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)

    monkeypatch.setattr(write, "_write_file", full)
    with pytest.raises(OutputError) as err:
        write_site([OutputFile("index.html", b"new")], out)
    assert err.value.path == out and "disk is full" in err.value.en and "ดิสก์เต็ม" in err.value.th
    assert err.value.line is None
    monkeypatch.undo()
    assert snapshot(out) == {"index.html": b"old"} and leftovers(tmp_path) == []


def test_failure_half_way_through_the_moves_puts_the_old_site_back(tmp_path, monkeypatch):
    out = tmp_path / "output"
    old = {f"p{i}/index.html": b"old %d" % i for i in range(6)} | {"gone.html": b"obsolete"}
    write_site([OutputFile(p, d) for p, d in old.items()], out)
    real, calls = os.replace, []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 4:
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    new = [OutputFile(f"p{i}/index.html", b"new %d" % i) for i in range(6)] + [OutputFile("added.html", b"+")]
    with pytest.raises(OutputError) as err:
        write_site(new, out)
    monkeypatch.undo()
    assert "permission denied" in err.value.en and len(calls) > 4  # it failed half way, then put things back
    assert snapshot(out) == old and leftovers(tmp_path) == []
    assert write_site(new, out) == 7 and snapshot(out) == {f.path: f.data for f in new}


def test_the_site_is_whole_at_every_step_of_the_swap(tmp_path, monkeypatch):
    out = tmp_path / "output"
    old = [OutputFile("index.html", b"old"), OutputFile("a/index.html", b"a"), OutputFile("b/index.html", b"b")]
    write_site(old, out)
    steps: list[list[str]] = []
    real_replace = os.replace

    def look():
        steps.append([p for p in ("index.html", "a/index.html") if not (out / p).is_file()])

    def replace(src, dst):
        look()
        real_replace(src, dst)
        look()

    monkeypatch.setattr(os, "replace", replace)
    new = [OutputFile("index.html", b"new"), OutputFile("a/index.html", b"a2"), OutputFile("c/index.html", b"c")]
    write_site(new, out)
    monkeypatch.undo()
    assert len(steps) >= 6 and all(missing == [] for missing in steps), steps
    assert snapshot(out) == {f.path: f.data for f in new}


def test_a_second_writer_waits_or_gives_up(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("index.html", b"1")], out)
    with output_lock(out.absolute(), 0, print):
        with pytest.raises(OutputError) as err:
            write_site([OutputFile("index.html", b"2")], out, wait=0)
        assert f"pid {os.getpid()}" in err.value.en and "--wait" in err.value.en
    waiting, said = threading.Event(), []
    release = threading.Event()

    def hold():
        with output_lock(out.absolute(), 0, print):
            release.set()
            waiting.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    release.wait(30)

    def say(message):
        said.append(message)
        waiting.set()

    write_site([OutputFile("index.html", b"3")], out, wait=60, say=say)
    holder.join()
    assert len(said) == 1 and "waiting for another sitegen build" in said[0] and "รอ" in said[0]
    assert snapshot(out) == {"index.html": b"3"}


KILLED_MID_SWAP = """
import json, os, signal, sys
from pathlib import Path
from sitegen.incremental.store import Store
from sitegen.output import OutputFile
from sitegen.write.write import write_site

real, moves = os.replace, []
def replace(src, dst):
    real(src, dst)
    moves.append(dst)
    if len(moves) == int(sys.argv[2]):
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
write_site([OutputFile(p, d.encode()) for p, d in json.loads(sys.argv[3]).items()], Path(sys.argv[1]))
"""

PAGES_OLD = {f"p{i}/index.html": "old" for i in range(12)} | {"index.html": "old", "files/a": "a file"}
PAGES_NEW = {f"p{i}/index.html": "new" for i in range(10)} | {"index.html": "new", "files/a/b.pdf": "in a folder"}


@pytest.mark.parametrize("moves", [2, 5, 15])  # after the first removal, mid-way, after the new files
def test_build_killed_while_moving_files_in_is_rolled_forward(tmp_path, moves):
    out = tmp_path / "output"
    write_site([OutputFile(p, d.encode()) for p, d in PAGES_OLD.items()], out)
    proc = subprocess.run([sys.executable, "-c", KILLED_MID_SWAP, str(out), str(moves), json.dumps(PAGES_NEW)],
                          cwd=ROOT)
    assert proc.returncode == -signal.SIGKILL
    assert [p for p in leftovers(tmp_path) if p.startswith(".output.tmp-")]  # killed half way
    from sitegen.write.write import recover

    recover(out)
    assert snapshot(out) == {p: d.encode() for p, d in PAGES_NEW.items()}
    assert leftovers(tmp_path) == []


def test_ctrl_c_while_moving_files_in_finishes_the_moves(tmp_path, monkeypatch):
    out = tmp_path / "output"
    write_site([OutputFile(f"p{i}.html", b"old") for i in range(5)], out)
    real, calls = os.replace, []

    def interrupted(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(src, dst)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_site([OutputFile(f"p{i}.html", b"new") for i in range(5)], out)
    monkeypatch.undo()
    assert snapshot(out) == {f"p{i}.html": b"new" for i in range(5)} and leftovers(tmp_path) == []


def test_a_tampered_marker_deletes_nothing_outside_the_output(tmp_path):
    out = tmp_path / "site" / "output"
    write_site([OutputFile("index.html", b"1")], out)
    (tmp_path / "precious.txt").write_text("mine")
    (tmp_path / "absolute.txt").write_text("mine")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/page.html").write_text("mine too")
    (out / "linked").symlink_to(tmp_path / "elsewhere")
    with (out / MARKER).open("a", encoding="utf-8") as marker:
        marker.write(f"../../precious.txt\n{tmp_path / 'absolute.txt'}\nlinked/page.html\n./index.html\n\xff\n")
    write_site([OutputFile("index.html", b"2")], out)
    assert (tmp_path / "precious.txt").read_text() == "mine" and (tmp_path / "absolute.txt").read_text() == "mine"
    assert (tmp_path / "elsewhere/page.html").read_text() == "mine too"
    assert snapshot(out) == {"index.html": b"2"} and (out / "linked").is_symlink()


def test_check_output_says_why_without_a_traceback(tmp_path):
    from sitegen.write.write import check_output

    assert check_output(tmp_path / "new") is None
    (tmp_path / "www").mkdir()
    (tmp_path / "www/a.txt").write_text("x")
    problem = check_output(tmp_path / "www")
    assert problem is not None and str(problem).startswith(f"{tmp_path / 'www'}: โฟลเดอร์นี้มีไฟล์อยู่แล้ว")
    assert check_output(tmp_path / "www", force=True) is None


def test_a_running_builds_temporary_folder_is_never_removed(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("index.html", b"1")], out)
    with output_lock(out.absolute(), 0, print):  # a build that is writing: its lock and its folder
        live = tmp_path / f".output.tmp-{os.getpid()}-abcdefgh"
        (live / "site").mkdir(parents=True)
        with pytest.raises(OutputError):
            write_site([OutputFile("index.html", b"2")], out, wait=0)
        assert live.is_dir()
    write_site([OutputFile("index.html", b"2")], out, wait=0)  # once it is gone, its leftovers go
    assert not live.exists() and snapshot(out) == {"index.html": b"2"}


# --- one lock per real folder ---------------------------------------------------------------------------------------

def test_every_spelling_of_one_folder_takes_the_same_lock_and_finds_the_same_leftovers(tmp_path):
    """On the landed main --out real and --out link (link -> real) took two locks and wrote one folder at once."""
    real = tmp_path / "real"
    write_site([OutputFile("index.html", b"v1")], real)
    (tmp_path / "link").symlink_to("real")
    (tmp_path / "sub").mkdir()
    for spelling in (tmp_path / "link", tmp_path / "sub" / ".." / "real", tmp_path / "link" / ".." / "real"):
        with output_lock(real, 0, print):
            with pytest.raises(OutputError, match="another sitegen build"):
                write_site([OutputFile("index.html", b"v2")], spelling, wait=0)
        with output_lock(spelling, 0, print) if spelling.name != "link" else output_lock(real, 0, print):
            pass
    leftover = tmp_path / f".real.tmp-{os.getpid() + 1}-abc"  # a killed build's temporary folder
    leftover.mkdir()
    write_site([OutputFile("index.html", b"v2")], tmp_path / "link")
    assert not leftover.exists() and (real / "index.html").read_bytes() == b"v2" and (tmp_path / "link").is_symlink()
    assert not (tmp_path / ".link.lock").exists()


def test_a_second_path_to_the_folder_itself_waits_too(tmp_path):
    """A bind mount is a second path no resolving can see: the folder itself is locked while it exists."""
    from sitegen.write.lock import _open_folder

    real = tmp_path / "real"
    write_site([OutputFile("index.html", b"v1")], real)
    fd = _open_folder(real)
    assert fd is not None
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_EX)  # as a build of another spelling holds it
    try:
        with pytest.raises(OutputError, match="another sitegen build"):
            write_site([OutputFile("index.html", b"v2")], real, wait=0)
    finally:
        os.close(fd)
    write_site([OutputFile("index.html", b"v2")], real, wait=0)
    assert (real / "index.html").read_bytes() == b"v2"
