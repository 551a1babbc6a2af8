"""Write stage: atomic swap, leftovers from killed builds, refusals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.render import OutputFile
from sitegen.write import MARKER, write_site


def snapshot(folder: Path) -> dict[str, bytes]:
    """The site's files and their bytes (the marker aside)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != MARKER}


def leftovers(parent: Path) -> list[str]:
    """What sits beside the output besides the output and its lock file."""
    return sorted(p.name for p in parent.iterdir() if p.name not in ("output", ".output.lock"))


def test_write_replaces_whole_folder(tmp_path):
    out = tmp_path / "output"
    write_site([OutputFile("a/index.html", b"one"), OutputFile("old.txt", b"x")], out)
    write_site([OutputFile("a/index.html", b"two")], out)
    assert snapshot(out) == {"a/index.html": b"two"}  # files of the old build do not linger
    assert leftovers(tmp_path) == []  # no temporary folders left
    assert (out / MARKER).read_text(encoding="utf-8").splitlines()[1:] == ["a/index.html"]
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
from sitegen.render import OutputFile
from sitegen.write import write_site

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
                            cwd=Path(__file__).parent.parent)
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
    from sitegen.write import recover

    recover(out)
    assert snapshot(out) == {"index.html": b"previous"}
