"""Shared test helpers: build small content trees inline (Hugo's test style) and run the CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.write.write import MARKER

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "sitegen" / "theme" / "templates"

SITE_YAML = """\
name: องค์การบริหารส่วนตำบลทดสอบ
short_name: อบต.ทดสอบ
district: เมือง
province: ขอนแก่น
base_url: https://test.example/
"""

ITEM_E7 = """\
---
code: E7
responsible: งานประชาสัมพันธ์
measures:
  - เผยแพร่ผลงานทุกเดือน
monitoring:
  - รายงานผู้บริหารทุกไตรมาส
---
"""


HEADING = re.compile(r"\[(?P<label>[^\]]+)\] ×(?P<count>\d+): (?P<th>.*?) \| (?P<en>.*)$")


def ungroup(err: str) -> str:
    """The report with each block of one kind written out as one full line per place, as a lone problem
    is printed (``path:line: ไทย | English  [label]``), so tests can pin a message wherever it landed."""
    out: list[str] = []
    heading, left = None, 0
    for line in err.splitlines():
        if match := HEADING.match(line):
            heading, left = match, int(match["count"])
            continue
        if heading is None or left == 0:
            out.append(line)
            continue
        left -= 1
        where, _, detail = line.rstrip(":").partition(": ")
        detail_th, _, detail_en = detail.partition(" | ")

        def fill(template: str, runs: str) -> str:
            parts, values = template.split("…"), runs.split(" · ") if runs else []
            assert len(values) == len(parts) - 1, (template, runs)
            return "".join(p + v for p, v in zip(parts, [*values, ""]))

        th, en = fill(heading["th"], detail_th), fill(heading["en"], detail_en)
        out.append(f"{where}: {th} | {en}  [{heading['label']}]")
    return "\n".join(out) + "\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    """The site's files and their bytes (sitegen's output marker aside)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != MARKER}


def write_tree(root: Path, files: str) -> Path:
    """Create files from a text of ``-- path --`` headers, each followed by that file's content."""
    current: Path | None = None
    chunks: dict[Path, list[str]] = {}
    for line in textwrap.dedent(files).splitlines(keepends=True):
        if line.startswith("-- ") and line.rstrip().endswith(" --"):
            current = root / line.strip()[3:-3].strip()
            chunks[current] = []
        elif current is not None:
            chunks[current].append(line)
    for path, lines in chunks.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(lines), encoding="utf-8")
    return root


def build_ok(root: Path, capsys, as_of: str = "2569-12-01") -> str:
    """``sitegen build`` of ``root/content`` into ``root/output`` (no PDFs) that must succeed; its warnings."""
    out = root / "output"
    code = main(["build", "--no-pdf", "--content", str(root / "content"), "--out", str(out), "--as-of", as_of])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.err


@pytest.fixture
def make_site(tmp_path: Path):
    """``make_site(files, with_defaults=True)`` → the content folder, with site.yaml and E7 unless replaced."""

    def make(files: str = "", with_defaults: bool = True) -> Path:
        content = tmp_path / "content"
        if with_defaults:
            write_tree(content, f"-- site.yaml --\n{SITE_YAML}-- eit/2567/E7.md --\n{ITEM_E7}")
        return write_tree(content, files)

    return make


@pytest.fixture
def run(tmp_path: Path, capsys):
    """Run ``sitegen <args>`` in-process with the default templates (``build`` without PDFs); return
    (exit code, stdout, stderr)."""

    def run_cli(*args: str, content: Path | None = None, out: Path | None = None) -> tuple[int, str, str]:
        argv = list(args)
        if content is not None:
            argv += ["--content", str(content)]
        if "--templates" not in argv:
            argv += ["--templates", str(TEMPLATES)]
        if argv[0] == "build":
            argv += ["--out", str(out or tmp_path / "output")]
            argv.append("--no-pdf")  # laying out a report costs seconds; test_pdf.py tests the PDFs
        code = main(argv)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run_cli


pytest_plugins = ["browser", "servers"]  # tests/browser.py: the Chromium fixtures; tests/servers.py: SFTP and FTPS

FULL_RUN = bool(os.environ.get("CI") or os.environ.get("SITEGEN_FULL"))
"""CI (``CI`` set) and ``SITEGEN_FULL=1`` run every test; a developer's quick run leaves out the ``full`` ones."""


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "full: end to end with real processes, browsers or office software (page by "
                            "page browser checks, concurrent and killed builds, workflow steps); run when CI or "
                            "SITEGEN_FULL is set")
    _share_one_pdf_cache(config)


def pytest_collection_modifyitems(config, items) -> None:
    """Deselect the ``full`` tests on a developer's quick run (each feature keeps a quicker test there)."""
    if FULL_RUN:
        return
    kept = [item for item in items if item.get_closest_marker("full") is None]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if i.get_closest_marker("full")])
        items[:] = kept


@pytest.fixture
def serve_site(tmp_path: Path):
    """``serve_site(content)`` → (process, url): ``sitegen serve`` on a free port in a real subprocess,
    its temporary folders under ``tmp_path/tmp`` (TMPDIR). Stopped (SIGTERM) at the end of the test."""
    started: list[subprocess.Popen] = []

    def start(content: Path, as_of: str = "2024-06-01") -> tuple[subprocess.Popen, str]:
        (tmp_path / "tmp").mkdir(exist_ok=True)
        proc = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "serve", "--content", str(content), "--templates", str(TEMPLATES),
             "--port", "0", "--as-of", as_of],
            # stderr to a file: a pipe nobody reads would block the server once full of warnings
            stdout=subprocess.PIPE, stderr=(tmp_path / "serve-stderr.txt").open("w"), text=True, cwd=ROOT,
            env={**os.environ, "TMPDIR": str(tmp_path / "tmp"), "PYTHONUNBUFFERED": "1"},
        )
        started.append(proc)
        assert proc.stdout is not None
        watchdog = threading.Timer(120, proc.kill)  # a serve that hangs before serving fails the test, not the run
        watchdog.start()
        try:
            for line in proc.stdout:  # the first build, then the address it serves at
                if "serving at " in line:
                    return proc, line.split("serving at ")[1].split()[0]
        finally:
            watchdog.cancel()
        raise AssertionError(f"serve ended without serving: {proc.wait()}\n"
                             + (tmp_path / "serve-stderr.txt").read_text("utf-8"))

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)


def _share_one_pdf_cache(config: pytest.Config) -> None:
    """One cache folder for the whole run (workers and the builds they start inherit it): the many test
    builds of the same fixture content make each report PDF once, not once per temporary folder. The
    render cache goes there too; its entries are keyed by the content folder, so tests never share them."""
    if not hasattr(config, "workerinput") and "SITEGEN_CACHE_DIR" not in os.environ:
        import tempfile

        config._sitegen_cache = tempfile.TemporaryDirectory(prefix="sitegen-test-cache-")  # type: ignore[attr-defined]
        os.environ["SITEGEN_CACHE_DIR"] = config._sitegen_cache.name  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    cache = getattr(config, "_sitegen_cache", None)
    if cache is not None:
        os.environ.pop("SITEGEN_CACHE_DIR", None)
        cache.cleanup()
