"""Worker processes for the stages that pay for them (pages in ``pagecache.py``, PDFs in ``pdf.py``):
how many, and a forked pool that never outlives the build.

Workers are forked, so they inherit the build's model, templates and imported libraries instead of
unpickling them; they pay only with cores to spare: on a busy machine they add CPU time (forking,
copying the memory they touch, sending results back) and gain nothing (bench/profile.md).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

ENV = "SITEGEN_WORKERS"
"""``1``: everything in this process; ``N``: N workers whatever the size of the job (tests force 2)."""
MAX = 8


def forced() -> int | None:
    """The number ``SITEGEN_WORKERS`` asks for, or None."""
    value = os.environ.get(ENV, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def idle() -> int:
    """Worker processes the machine has room for: the cores the 1-minute load average leaves idle, 1 when
    fewer than two are (one process then does best), ``SITEGEN_WORKERS`` when set."""
    if (wanted := forced()) is not None:
        return wanted
    if not can_fork():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    # The build itself has been running for a while by now: one of the load average's is its own.
    spare = int(cores - max(0.0, os.getloadavg()[0] - 1) + 0.5)
    return max(1, min(spare, MAX)) if spare >= 2 else 1


def _quiet() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle: it ends the workers


@contextmanager
def forked_map(workers: int) -> Iterator[Callable[[Callable[[Any], Any], Iterable[Any]], Iterator[Any]]]:
    """``imap`` over a pool of ``workers`` forked processes, in order; the pool is ended on leaving
    (also on Ctrl+C or an error), so no worker outlives the build. What the workers read of the parent
    stays shared: the collector is kept off the pages they inherit."""
    gc.freeze()
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_quiet)
    try:
        yield pool.imap
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        gc.unfreeze()
