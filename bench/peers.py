"""The peers: how to install each one when it is missing, its version, and its cold-build command.

Hugo comes from Debian (0.111), MkDocs and Pelican from PyPI into ``bench/.venv/``, Eleventy from npm
into ``bench/.node/``; nothing is installed into the project's own environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from measure import BenchError

BENCH = Path(__file__).resolve().parent
VENV = BENCH / ".venv"
NODE = BENCH / ".node"
ELEVENTY = NODE / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"
PIP_PACKAGES = ("mkdocs>=1.6", "pelican[markdown]>=4.9")
NPM_PACKAGE = "@11ty/eleventy@3"


@dataclass(frozen=True, slots=True)
class Peer:
    """A generator to compare with: its tree in the corpus and the command that builds it into ``out``."""

    name: str
    tree: str  # folder in the corpus
    command: Callable[[Path, Path], list[str | Path]]  # (tree, out) -> argv, run with cwd=tree
    version: Callable[[], list[str | Path]]

    def scratch(self, tree: Path) -> list[Path]:
        """Folders a build leaves in its source tree, removed before a cold build."""
        return [tree / "resources", tree / ".hugo_build.lock"] if self.name == "hugo" else []


PEERS = (
    Peer("hugo", "hugo", lambda tree, out: ["hugo", "--source", tree, "--destination", out],
         lambda: ["hugo", "version"]),
    Peer("mkdocs", "mkdocs", lambda tree, out: [VENV / "bin" / "mkdocs", "build", "-f", tree / "mkdocs.yml", "-d", out],
         lambda: [VENV / "bin" / "mkdocs", "--version"]),
    Peer("pelican", "pelican",
         lambda tree, out: [VENV / "bin" / "pelican", tree / "content", "-s", tree / "pelicanconf.py", "-o", out],
         lambda: [VENV / "bin" / "pelican", "--version"]),
    Peer("eleventy", "eleventy", lambda tree, out: ["node", ELEVENTY, "--output", out],
         lambda: ["node", ELEVENTY, "--version"]),
)


def _run(cmd: list[str | Path], what: str) -> None:
    print(f"bench: installing {what}: {' '.join(map(str, cmd))}", flush=True)
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if done.returncode != 0:
        raise BenchError(f"installing {what} failed:\n{done.stdout[-1500:]}{done.stderr[-1500:]}")


def install_hugo() -> None:
    if shutil.which("hugo"):
        return
    if os.geteuid() != 0:
        raise BenchError("hugo is missing: install it with `sudo apt-get install -y hugo` (Debian's 0.111)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "hugo"]):
        print(f"bench: installing hugo: {' '.join(cmd)}", flush=True)
        done = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise BenchError(f"{' '.join(cmd)} failed:\n{done.stderr[-1500:]}")


def install_python_peers() -> None:
    if (VENV / "bin" / "mkdocs").exists() and (VENV / "bin" / "pelican").exists():
        return
    if not (VENV / "bin" / "python").exists():
        _run([sys.executable, "-m", "venv", VENV], "the bench venv")
    _run([VENV / "bin" / "python", "-m", "pip", "install", "-q", *PIP_PACKAGES], "MkDocs and Pelican")


def install_eleventy() -> None:
    if ELEVENTY.exists():
        return
    if not shutil.which("npm"):
        raise BenchError("npm is missing: install it with `apt-get install -y npm`")
    _run(["npm", "install", "--prefix", NODE, "--no-audit", "--no-fund", NPM_PACKAGE], "Eleventy")


INSTALLERS = {"hugo": install_hugo, "mkdocs": install_python_peers, "pelican": install_python_peers,
              "eleventy": install_eleventy}


def install(names: list[str]) -> None:
    """Install every named peer that is missing (each installer runs once)."""
    for installer in dict.fromkeys(INSTALLERS[n] for n in names):
        installer()


def version(peer: Peer) -> str:
    done = subprocess.run([str(c) for c in peer.version()], capture_output=True, text=True)
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0].split(" from ")[0] if text else "?"
