"""Shared test helpers: build small content trees inline (Hugo's test style) and run the CLI."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sitegen.cli import main

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
    """Run ``sitegen <args>`` in-process with the default templates; return (exit code, stdout, stderr)."""

    def run_cli(*args: str, content: Path | None = None, out: Path | None = None) -> tuple[int, str, str]:
        argv = list(args)
        if content is not None:
            argv += ["--content", str(content)]
        if "--templates" not in argv:
            argv += ["--templates", str(TEMPLATES)]
        if argv[0] == "build":
            argv += ["--out", str(out or tmp_path / "output")]
        code = main(argv)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run_cli
