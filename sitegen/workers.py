"""Worker processes for the stages that pay for them (reading documents in ``incremental.records``, Markdown in
``render.bodies``, pages in ``render.pages``, search entries in ``render.search.entries``, PDFs in ``render.pdf``): how
many (decided once per build, ``planned``), and a forked map whose workers never outlive it and whose death is an error,
not a hang.

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
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")
ENV = "SITEGEN_WORKERS"
"""``1``: everything in this process; ``N``: N workers whatever the size of the job (tests force 2)."""
MAX = 8


def forced() -> int | None:
    """The number ``SITEGEN_WORKERS`` asks for, or None."""
    value = os.environ.get(ENV, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


_planned: int | None = None
"""``idle()``'s answer for the build under way (``planned``), or None: asked afresh."""


@contextmanager
def planned() -> Iterator[None]:
    """``idle()`` decided once for what runs inside (a build), from the machine's load as it begins: once a build's
    own workers have run, the load average counts them, and a later stage would see a busy machine and go without."""
    global _planned
    _planned = None
    _planned = idle()
    try:
        yield
    finally:
        _planned = None


def idle() -> int:
    """Worker processes the machine has room for: the cores that other work leaves idle, 1 when fewer than two are
    (one process then does best), ``SITEGEN_WORKERS`` when set; the build's plan (``planned``) when one was made.

    Other work is the 1-minute load average, less this build, or fewer when fewer processes are running now
    (``_running``): the average lags a minute behind, so right after another program ended (a build started
    after ``pip install``, or after another site generator in the benchmark) it still counts that program, and the
    build went without workers on an idle machine."""
    if (wanted := forced()) is not None:
        return wanted
    if _planned is not None:
        return _planned
    if not can_fork():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    others = max(0.0, os.getloadavg()[0] - 1)  # the build itself is running by now: one of the load is its own
    if (running := _running()) is not None:
        others = min(others, running - 1)
    spare = int(cores - others + 0.5)
    return max(1, min(spare, MAX)) if spare >= 2 else 1


def _running() -> int | None:
    """How many processes are running or ready to run now, this one included (Linux: ``/proc/loadavg``'s fourth
    field); None where that is not known."""
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            return max(1, int(f.read().split()[3].split("/")[0]))
    except (OSError, ValueError, IndexError):
        return None


def for_tasks(count: int, minimum: int) -> int:
    """Worker processes for ``count`` tasks: ``idle()`` from ``minimum`` tasks on (fewer do not pay for forking),
    else 1 (none); ``SITEGEN_WORKERS`` when set, whatever the count."""
    return idle() if count >= minimum or forced() else 1


def for_speed(fn: Callable[[list[T]], list[R]], items: list[T], minimum: int, chunk: int,
              cost: Callable[[T], int] | None = None) -> list[R] | None:
    """``fn`` over ``items`` in forked workers (``balanced_map``) when there are ``minimum`` items or more and cores
    to spare, the results in order; None when workers do not pay or one died: the caller then does the work itself.
    For the stages whose workers only save time (reading documents, Markdown, search entries, shard files)."""
    count = for_tasks(len(items), minimum)
    if count < 2 or len(items) < 2 or not can_fork():
        return None
    try:
        return balanced_map(fn, items, count, chunk, cost)
    except WorkerDied:
        return None


def balanced_map(fn: Callable[[list[T]], list[R]], items: list[T], count: int, chunk: int,
                 cost: Callable[[T], int] | None = None) -> list[R]:
    """``fn`` over ``items`` cut into chunks, by ``count`` forked workers (``forked_map``), the results in the
    items' order. A chunk holds ``chunk`` items, or with ``cost`` (what an item costs, roughly) what ``chunk``
    items of the median cost cost, an item dearer than that alone; the dearest chunks are handed out first. Cut
    by count, the few large pages of a site (a round report lists every action) fell in one chunk, often the
    last: one worker then ran for seconds alone."""
    if cost is None:
        cut = [items[i:i + chunk] for i in range(0, len(items), chunk)]
        return [result for part in forked_map(fn, cut, min(count, len(cut))) for result in part]
    weights = [max(1, cost(item)) for item in items]
    budget = chunk * sorted(weights)[len(weights) // 2]
    chunks: list[list[T]] = []
    spent: list[int] = []
    for item, weight in zip(items, weights):
        if not chunks or spent[-1] + weight > budget:
            chunks.append([])
            spent.append(0)
        chunks[-1].append(item)
        spent[-1] += weight
    order = sorted(range(len(chunks)), key=lambda c: -spent[c])  # stable: ties in the items' order
    done = forked_map(fn, [chunks[c] for c in order], min(count, len(chunks)))
    parts: list[list[R]] = [[] for _ in chunks]
    for c, part in zip(order, done):
        parts[c] = part
    return [result for part in parts for result in part]


class WorkerDied(Exception):
    """A worker ended without giving all its results: killed (out of memory, ``kill -9``) or crashed in a
    library, or its function raised. A dead worker must end the build with a message, never hang it (as
    ``multiprocessing.Pool`` does when a worker dies mid-task)."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


def _serve(fn: Callable[[Any], Any], items: list[Any], conn: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle: it ends the workers
    while (number := conn.recv()) is not None:
        try:
            conn.send((number, True, fn(items[number])))
        except Exception as exc:  # noqa: BLE001 — sent to the parent, which raises it as WorkerDied
            conn.send((number, False, repr(exc)))


def forked_map(fn: Callable[[Any], Any], items: Iterable[Any], count: int) -> list[Any]:
    """``[fn(item) for item in items]`` computed by ``count`` forked processes, each given the next item
    when it sends a result. What they read of the parent stays shared: the collector is kept off the memory
    they inherit. Raises WorkerDied when a worker dies or ``fn`` raises; the workers never outlive the call
    (Ctrl+C included).

    Each worker has a pipe of its own, written without a feeder thread: a worker killed halfway through
    sending a result closes its pipe, so the parent reads the end of the pipe (an error) instead of waiting
    for the rest of the message, as it would on a queue shared with the workers still alive."""
    todo = list(items)
    if not todo:
        return []
    context = multiprocessing.get_context("fork")
    gc.freeze()
    workers: dict[Connection, BaseProcess] = {}  # by the parent's end of the worker's pipe
    try:
        for _ in range(min(count, len(todo))):
            mine, theirs = context.Pipe()
            worker = context.Process(target=_serve, args=(fn, todo, theirs), daemon=True)
            worker.start()
            theirs.close()  # the worker's end lives in the worker only: its death is this end's EOF
            workers[mine] = worker
        following = iter(range(len(todo)))
        busy = [conn for conn in workers if _give(conn, next(following, None))]
        done: dict[int, Any] = {}
        while busy:
            for ready in wait(busy):
                conn = cast(Connection, ready)
                try:
                    number, ok, value = conn.recv()
                except (EOFError, OSError):
                    workers[conn].join()
                    raise WorkerDied(_ended(workers[conn].exitcode or 0)) from None
                if not ok:
                    raise WorkerDied(value)
                done[number] = value
                if not _give(conn, next(following, None)):
                    busy.remove(conn)  # it ends now: its pipe's end is no news
        return [done[number] for number in range(len(todo))]
    finally:
        for conn, process in workers.items():
            if process.is_alive():
                process.kill()
            process.join()
            conn.close()
        gc.unfreeze()


def _give(conn: Connection, number: int | None) -> bool:
    """Send a worker its next item's number, or None to end it; whether it got an item."""
    try:
        conn.send(number)
    except BrokenPipeError:
        return True  # it died: waiting on its pipe reads the end and names the signal
    return number is not None


def _ended(code: int) -> str:
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        return f"stopped by {name}" + (" (out of memory?)" if code == -signal.SIGKILL else "")
    return f"exited with status {code} before giving its results"
