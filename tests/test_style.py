"""The code stays clean: ruff (pyflakes, bugbear, pyupgrade) and mypy, as CI runs them."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff():
    result = run("ruff", "check", "sitegen", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy():
    result = run("mypy", "sitegen")
    assert result.returncode == 0, result.stdout + result.stderr
