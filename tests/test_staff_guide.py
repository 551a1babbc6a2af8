"""The staff guide: one template in the package (sitegen/scaffold/files/คู่มือเจ้าหน้าที่.md.j2), written by init into every
new site for its year, and this repository's docs/staff-guide.md made from it. Every command it (and the new
site's README) shows is taken from their ``sh`` blocks and run in a fresh init site: the quick run here with
this install's sitegen, the install lines by tests/test_release.py against a local package index."""

from __future__ import annotations

import datetime as dt
import os
import re
import runpy
import shlex
import subprocess
import sys
import threading
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT
from seeddocx import seed_docx
from sitegen.catalog.catalogs import load_oit_catalogs
from sitegen.cli import main
from sitegen.thai import fiscal_year

GUIDE = "คู่มือเจ้าหน้าที่.md"
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Command:
    source: str
    line: str

    @property
    def installs(self) -> bool:
        """Making the site's own venv and installing sitegen into it (from the package index: test_release.py)."""
        return self.line.startswith("python3 -m venv") or " install " in self.line


def commands(site: Path) -> list[Command]:
    """Every command line of the ``sh`` blocks of the new site's guide and README, in order."""
    found = []
    for name in (GUIDE, "README.md"):
        text = (site / name).read_text(encoding="utf-8")
        for block in re.findall(r"^```sh\n(.*?)^```", text, re.M | re.S):
            found += [Command(name, line.strip()) for line in block.splitlines()
                      if line.strip() and not line.strip().startswith("#")]
    return found


def init(root: Path, today: dt.date | None = None) -> Path:
    site = root / "agency"
    args = ["init", str(site), "--yes", "--name", "องค์การบริหารส่วนตำบลบ้านใหม่", "--district", "เมือง",
            "--province", "ขอนแก่น"]
    assert main([*args, *(["--today", today.isoformat()] if today else [])]) == 0
    return site


def test_the_projects_copy_is_the_shipped_guide():
    """docs/staff-guide.md is the template rendered for the sample: python docs/make_staff_guide.py remakes it."""
    made = runpy.run_path(str(ROOT / "docs/make_staff_guide.py"))["project_guide"]()
    assert (ROOT / "docs/staff-guide.md").read_text(encoding="utf-8") == made
    assert "![" in made and "O42" in made  # the sample's year: 2566, with the screenshots


def test_init_writes_the_guide_for_its_year_and_the_readme_links_it(tmp_path):
    site = init(tmp_path, dt.date(2026, 12, 1))  # FY2570: no catalog of its own, 2569's is followed
    guide = (site / GUIDE).read_text(encoding="utf-8")
    assert "](คู่มือเจ้าหน้าที่.md)" in (site / "README.md").read_text(encoding="utf-8")
    oit = load_oit_catalogs()[2569]
    for kind in ("measures", "report_previous", "contact"):
        item = oit.answered_by(kind)
        assert item is not None and f"**{item.code}** {item.title}" in guide, kind
    assert "O42" not in guide and "O43" not in guide  # 2566's codes
    assert "catalog_from: 2569" in guide and "ปีงบประมาณ พ.ศ. ๒๕๗๐" in guide
    assert "![" not in guide  # no screenshots in an agency's copy
    # Thai file names, as sitegen new writes them; never "pip install -e ." (an agency's repository is no package)
    assert "2026-12-01-ประชุมประชาคมหมู่บ้าน.md" in guide and "ภาษาไทยได้" in guide
    assert "ภาษาอังกฤษ" not in guide and "pip install -e" not in guide


def _serve(command: list[str], site: Path, env: dict[str, str]) -> str:
    """``sitegen serve`` as the guide shows it, on a free port: the first page it serves, then stopped."""
    proc = subprocess.Popen([*command, "--port", "0"], cwd=site, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    watchdog = threading.Timer(120, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "serving at " in line:
                with urllib.request.urlopen(line.split("serving at ")[1].split()[0]) as response:
                    return response.read().decode("utf-8")
        raise AssertionError(f"serve ended without serving: {proc.wait()}")
    finally:
        watchdog.cancel()
        proc.terminate()
        proc.wait(timeout=30)


def run_command(command: Command, site: Path, env: dict[str, str]) -> subprocess.CompletedProcess | str:
    words = shlex.split(command.line, comments=True)
    for i, word in enumerate(words[:-1]):  # a file the command attaches: one the staff member has
        if word == "--attach" and not (site / words[i + 1]).exists():
            (site / words[i + 1]).write_bytes(b"%PDF-1.4 " + words[i + 1].encode())
    if words[:2] == ["sitegen", "import"] and not (site / words[2]).exists():  # the agency's Word report
        seed_docx(site / words[2])
    if words[-1] == "serve":  # runs until Ctrl+C: here until its first page is served
        return _serve(words, site, env)
    return subprocess.run(words, cwd=site, env=env, capture_output=True, text=True, timeout=300)


def test_every_command_of_the_guide_and_the_readme_runs_in_a_fresh_init_site(tmp_path):
    site = init(tmp_path)  # today's fiscal year, as an agency starting now gets it
    listed = commands(site)
    assert sum(c.installs for c in listed) >= 2 and len(listed) >= 15
    # What the install lines make (test_release.py runs them against a package index): the site's venv with sitegen
    (site / ".venv/bin").mkdir(parents=True)
    (site / ".venv/bin/sitegen").symlink_to(BIN / "sitegen")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "HOME": str(tmp_path),
           "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    fy = fiscal_year(dt.date.today())
    for command in listed:
        if command.installs:
            continue
        done = run_command(command, site, env)
        if isinstance(done, str):
            assert '<html lang="th"' in done, command
            continue
        # `check --ita` reports the OIT items a new site still lacks with exit status 1 (and the command to add each)
        expected = (0, 1) if command.line.startswith("sitegen check --ita") else (0,)
        assert done.returncode in expected, f"{command}: {done.returncode}\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr, command
    assert (site / f"content/pages/{'โครงสร้าง-หน้าที่และอำนาจ' if fy >= 2569 else 'โครงสร้าง'}.md").is_file()
    assert (site / f"content/catalogs/eit-{fy}.yaml").is_file()
    assert (site / "output/index.html").is_file()
    attached = list((site / f"content/files/{fy}").iterdir())
    assert sorted(p.name for p in attached) == ["รายงานผลการอบรม.pdf", "แผนปฏิบัติการป้องกันการทุจริต.pdf"]


@pytest.mark.parametrize("line, installs", [
    ("python3 -m venv .venv", True), (".venv/bin/pip install -r requirements.txt", True),
    ("sitegen serve    # เปิดดู", False), ('sitegen new action "x" --items E7', False)])
def test_install_lines_are_told_apart(line, installs):
    assert Command("x", line).installs is installs
