"""Worker processes for the stages that pay for them (pages in ``render.pages``, PDFs in ``render.pdf``):
how many, and a forked map whose workers never outlive it and whose death is an error, not a hang.

Workers are forked, so they inherit the build's model, templates and imported libraries instead of
unpickling them; they pay only with cores to spare: on a busy machine they add CPU time (forking,
copying the memory they touch, sending results back) and gain nothing (bench/profile.md).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import signal
from collections.abc import Callable, Iterable
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


class WorkerDied(Exception):
    """A worker ended without giving all its results: killed (out of memory, ``kill -9``) or crashed in a
    library, or its function raised. A dead worker must end the build with a message, never hang it (as
    ``multiprocessing.Pool`` does when a worker dies mid-task)."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


def _serve(fn: Callable[[Any], Any], tasks: Any, results: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle: it ends the workers
    while (task := tasks.get()) is not None:
        number, item = task
        try:
            results.put((number, True, fn(item)))
        except Exception as exc:  # noqa: BLE001 — sent to the parent, which raises it as WorkerDied
            results.put((number, False, repr(exc)))


def forked_map(fn: Callable[[Any], Any], items: Iterable[Any], count: int) -> list[Any]:
    """``[fn(item) for item in items]`` computed by ``count`` forked processes, each taking the next item
    when it is free. What they read of the parent stays shared: the collector is kept off the memory they
    inherit. Raises WorkerDied when a worker dies or ``fn`` raises; the workers never outlive the call
    (Ctrl+C included)."""
    todo = list(items)
    context = multiprocessing.get_context("fork")
    tasks, results = context.Queue(), context.Queue()
    for task in [*enumerate(todo), *[None] * count]:
        tasks.put(task)
    gc.freeze()
    processes = [context.Process(target=_serve, args=(fn, tasks, results), daemon=True) for _ in range(count)]
    try:
        for process in processes:
            process.start()
        done: dict[int, Any] = {}
        quiet = 0  # looks at an empty queue since every worker ended (their last results may be in the pipe)
        while len(done) < len(todo):
            try:
                number, ok, value = results.get(timeout=0.2)
            except queue.Empty:
                dead = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
                if dead:
                    raise WorkerDied(_ended(dead[0])) from None
                quiet = quiet + 1 if all(p.exitcode == 0 for p in processes) else 0
                if quiet > 5:
                    raise WorkerDied(_ended(0)) from None
                continue
            if not ok:
                raise WorkerDied(value)
            done[number] = value
        return [done[number] for number in range(len(todo))]
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
            if process.pid is not None:
                process.join()
        tasks.cancel_join_thread()  # tasks nobody will read must not keep this process from exiting
        tasks.close()
        results.close()
        gc.unfreeze()


def _ended(code: int) -> str:
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        return f"stopped by {name}" + (" (out of memory?)" if code == -signal.SIGKILL else "")
    return f"exited with status {code} before giving its results"
