"""Timing one child process: wall time, CPU time (user + sys) and peak RSS, from ``os.wait4``.

Nothing here judges a number; the harness only records them (no timed assertions anywhere).
"""

from __future__ import annotations

import os
import platform
import re
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
    stages: tuple[tuple[str, float], ...] = ()
    """sitegen's stages and their seconds, from its stage lines (``stage_times``); empty for the peers."""


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

    @property
    def profile(self) -> str:
        """The stages of the median run (by wall time), largest first: "pages 20.1 s (47 %) · …"."""
        run = sorted(self.runs, key=lambda r: r.wall)[len(self.runs) // 2]
        if not run.stages:
            return "–"
        parts = sorted(run.stages, key=lambda s: -s[1])
        return " · ".join(f"{name} {sec:.2f} s ({sec / run.wall:.0%})" for name, sec in parts if sec >= 0.005)


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
    stages = stage_times(log.read_text(encoding="utf-8", errors="replace"), wall)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stages)  # Linux reports KiB


STAGE_LINE = re.compile(r"^sitegen: .* \| (?P<what>[^…]+)… \((?P<at>[\d.]+) s\)$", re.M)
TOTAL = re.compile(r"files in (?P<total>[\d.]+) s")
STAGE_NAMES = {"reading": "load", "checking": "check", "converting": "Markdown", "rendering": "pages",
               "indexing": "search", "making the open": "open data", "making": "PDFs", "writing": "write"}


def stage_times(log: str, wall: float) -> tuple[tuple[str, float], ...]:
    """Where a sitegen build's time went, from the lines it prints as each stage begins (a build of more than 300
    pages, or with PDFs) and its summary's total: each stage's seconds, "load" for the time before the first line
    when that is not the reading's own, and "start" for what the total leaves out (starting Python, exiting)."""
    found = [(m["what"], float(m["at"])) for m in STAGE_LINE.finditer(log)]
    total = TOTAL.search(log)
    if not found or total is None:
        return ()
    end = float(total["total"])
    out = [("start", max(wall - end, 0.0))]
    if found[0][1] > 0:  # the first line came later than the start: reading the content (a build without PDFs
        out.append(("load", found[0][1]))  # shows no line for it, its file count not known yet)
    for (what, at), (_, following) in zip(found, [*found[1:], ("", end)]):
        name = next((v for k, v in STAGE_NAMES.items() if what.startswith(k)), what)
        out.append((name, following - at))
    return tuple(out)


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
