"""Timing one child process: wall time, CPU time (user + sys) and peak RSS, from ``os.wait4``.

Nothing here judges a number; the harness only records them (no timed assertions anywhere).
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class BenchError(Exception):
    """A step of the benchmark failed; the message says which and where its log is."""


@dataclass(frozen=True, slots=True)
class Run:
    """One measured run of a child process."""

    wall: float  # seconds, from start to exit
    cpu: float  # user + sys seconds of the child and the children it waited for
    rss_mib: float  # peak resident set size of the largest process in that tree


@dataclass(frozen=True, slots=True)
class Result:
    """Every run of one tool in one scenario, and what it produced."""

    scenario: str
    tool: str
    runs: tuple[Run, ...]
    pages: int  # HTML files in the output

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def rss(self) -> float:
        return max(r.rss_mib for r in self.runs)


def run_timed(cmd: Sequence[str | Path], cwd: Path, log: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` with its output in ``log``; raise BenchError when it fails."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    if code != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise BenchError(f"{' '.join(map(str, cmd))} exited with {code} (log: {log})\n{tail}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # Linux reports KiB


def count_pages(out: Path) -> int:
    """HTML files in a built site: the same yardstick for every tool."""
    return sum(1 for _ in out.rglob("*.html"))


def _first_line(path: str, prefix: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return next((line.split(":", 1)[1].strip() for line in f if line.startswith(prefix)), "?")
    except OSError:
        return "?"


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    mem_kib = _first_line("/proc/meminfo", "MemTotal").split()[0]
    os_name = "?"
    try:
        os_name = platform.freedesktop_os_release().get("PRETTY_NAME", "?")
    except OSError:
        pass
    return {
        "CPU": _first_line("/proc/cpuinfo", "model name"),
        "cores": str(os.cpu_count()),
        "RAM": f"{int(mem_kib) / 1024 / 1024:.1f} GiB" if mem_kib.isdigit() else "?",
        "OS": f"{os_name} (Linux {platform.release()})",
        "Python": sys.version.split()[0],
    }


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"
