"""Same content + same --as-of → byte-identical output, whatever the locale, time zone or file order."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, TEMPLATES, snapshot


def build(out: Path, env_extra: dict[str, str]) -> dict[str, bytes]:
    env = {**os.environ, **env_extra}
    subprocess.run([sys.executable, "-m", "sitegen", "build", "--content", str(ROOT / "content"),
                    "--templates", str(TEMPLATES), "--out", str(out), "--as-of", "2566-04-01"],
                   check=True, env=env, capture_output=True, cwd=ROOT)
    return snapshot(out)


def test_two_builds_are_byte_identical(tmp_path):
    first = build(tmp_path / "a", {"TZ": "Asia/Bangkok", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "1"})
    second = build(tmp_path / "b", {"TZ": "America/New_York", "LC_ALL": "C", "LANG": "C", "PYTHONHASHSEED": "2"})
    assert list(first) == list(second)
    assert first == second
    assert "eit/2566/report-6-months/index.html" in first


def test_as_of_changes_only_what_it_should(tmp_path):
    before = build(tmp_path / "a", {})
    from sitegen.cli import main

    assert main(["build", "--no-pdf", "--content", str(ROOT / "content"), "--templates", str(TEMPLATES),
                 "--out", str(tmp_path / "b"), "--as-of", "2566-03-01"]) == 0
    after = snapshot(tmp_path / "b")
    assert "eit/2566/report-12-months/index.html" in before
    assert "eit/2566/report-12-months/index.html" not in after  # not opened yet on 1 Mar 2566


def test_independent_of_file_creation_order(tmp_path):
    from sitegen.cli import main

    files = sorted(p for p in (ROOT / "content").rglob("*") if p.is_file())
    outputs = []
    for name, order in (("fwd", files), ("rev", files[::-1])):
        content = tmp_path / name / "content"
        for src in order:  # creation order differs, and so may the directory listing order
            dst = content / src.relative_to(ROOT / "content")
            dst.parent.mkdir(parents=True, exist_ok=True)
            # copy2 keeps the modification time: outside git it is each page's "last updated"
            # date, and two copies made at different moments must still be the same content.
            shutil.copy2(src, dst)
        out = tmp_path / name / "output"
        assert main(["build", "--no-pdf", "--content", str(content), "--templates", str(TEMPLATES),
                     "--out", str(out), "--as-of", "2566-04-01"]) == 0
        outputs.append(snapshot(out))
    assert outputs[0] == outputs[1]
