"""The package carries everything it needs: theme, scaffold and catalogs are package data.

The quick tests check the package-data globs of pyproject.toml against the files in the tree, the
way setuptools expands them, and that every template the renderer can ask for is found through
importlib.resources. The slow test builds a wheel, installs it into a fresh venv outside the
repository and builds a site that holds only content/ (run with ``-m slow``)."""

from __future__ import annotations

import datetime as dt
import glob
import os
import re
import subprocess
import sys
import tomllib
import venv
from importlib import resources
from pathlib import Path

import pytest

from conftest import ROOT, ungroup
from sitegen.build import build
from sitegen.render.templates import TEMPLATES

PACKAGE = ROOT / "sitegen"


def _package_data() -> dict[str, list[str]]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]


def _matched(package_dir: Path, patterns: list[str]) -> set[Path]:
    # setuptools expands package-data patterns with glob(recursive=True) below the package folder
    return {Path(package_dir, m) for p in patterns for m in glob.glob(p, root_dir=package_dir, recursive=True)
            if Path(package_dir, m).is_file()}


@pytest.mark.parametrize("package, folder", [("sitegen", "theme"), ("sitegen.scaffold", "files"),
                                             ("sitegen.load", "servertypes")])
def test_every_theme_scaffold_and_server_table_file_is_package_data(package, folder):
    package_dir = ROOT / package.replace(".", "/")
    files = {p for p in (package_dir / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert files, folder
    assert files <= _matched(package_dir, _package_data()[package])


def test_every_folder_of_python_code_is_a_package_the_wheel_finds():
    """pyproject finds the packages by their __init__.py (namespaces off): a folder of modules without one
    would be left out of the wheel, and the installed sitegen would fail on its first import of it."""
    find = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    assert find["find"] == {"include": ["sitegen*"], "namespaces": False}
    folders = {p.parent for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}
    assert [f for f in folders if not (f / "__init__.py").is_file()] == []


def test_nested_scaffold_folders_are_matched_too(tmp_path):
    """The publishing workflow lives in scaffold/files/dot-github/workflows/: three levels down."""
    deep = tmp_path / "files/dot-github/workflows/publish.yml"
    deep.parent.mkdir(parents=True)
    deep.write_text("on: push\n")
    assert deep in _matched(tmp_path, _package_data()["sitegen.scaffold"])


def test_every_catalog_is_package_data():
    files = set((PACKAGE / "catalog/data").glob("*-*.yaml"))
    assert len(files) >= 11 and files <= _matched(PACKAGE / "catalog", _package_data()["sitegen.catalog"])


def test_every_template_the_renderer_asks_for_is_found_through_importlib_resources():
    site = build(ROOT / "content", None, dt.date(2566, 10, 15)).site
    wanted = {TEMPLATES[p.kind] for p in site.pages}
    theme = resources.files("sitegen") / "theme" / "templates"
    for entry in theme.iterdir():  # and every template those extend, include or import
        if entry.name.endswith(".html"):
            wanted |= set(re.findall(r"{%-?\s*(?:extends|include|import|from)\s+[\"']([^\"']+)[\"']",
                                     entry.read_text(encoding="utf-8")))
    assert {"base.html", "macros.html", "measures.html", "ita.html", "contact.html"} <= wanted
    missing = [name for name in sorted(wanted) if not (theme / name).is_file()]
    assert missing == []
    assert (theme / "static" / "site.css").is_file()


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_builds_a_folder_with_only_content(tmp_path):
    """pip wheel → a venv outside the repository → sitegen init → sitegen build."""
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                   check=True, env=env)
    wheel = next(wheels.glob("sitegen_ita-*.whl"))
    venv.create(tmp_path / "venv", with_pip=True)
    bin_dir = tmp_path / "venv" / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True, env=env)
    sitegen = str(bin_dir / "sitegen")
    version = subprocess.run([sitegen, "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("sitegen ")
    subprocess.run([sitegen, "init", "x", "--yes", "--name", "องค์การบริหารส่วนตำบลทดลอง", "--district", "เมือง",
                    "--province", "ขอนแก่น"], cwd=tmp_path, check=True, env=env)
    site = tmp_path / "x"
    assert not (site / "templates").exists()
    done = subprocess.run([sitegen, "build"], cwd=site, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    # what it says: its stages, a warning for each sample text init wrote, and that the PDFs need the pdf extra
    said = [line for line in ungroup(done.stderr).splitlines() if line and not line.startswith("sitegen: ")]
    expected = ("sample text not edited yet", "WeasyPrint is not installed")
    assert said and all(any(e in line for e in expected) for line in said), done.stderr
    assert (site / "output/index.html").is_file() and (site / "output/static/site.css").is_file()
    assert (site / "output/static/fonts/Sarabun-Regular.woff2").is_file()


def test_ci_runs_the_readmes_commands():
    """The README's first screen shows the commands a developer types; .ci/run runs the same (without the serve)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_screen = readme[: readme.index("\n---\n")]
    blocks = re.findall(r"^```sh\n(.*?)^```", first_screen, re.M | re.S)
    assert len(blocks) == 2  # the agency's path, then the developer's
    develop = [line.split("   #")[0].strip() for line in blocks[1].splitlines()]
    install, tests = develop
    assert install.endswith(" && .venv/bin/sitegen serve") and tests == ".venv/bin/python -m pytest"
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert install.removesuffix(" && .venv/bin/sitegen serve") in ci and tests in ci
    assert all("venv" in line for line in develop[:1])  # PEP 668: never pip into the system's Python
    agency = blocks[0].splitlines()
    assert agency[0].startswith('python3 -m venv ~/sitegen && ~/sitegen/bin/pip install "sitegen-ita[pdf]"')
