"""Render stage, worker processes (``workers.py``): results in order, and a dead worker is an error with a
message, never a hang (``multiprocessing.Pool`` waits forever for a task whose worker was killed)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT
from sitegen import workers
from sitegen.build import build
from sitegen.errors import SiteErrors

pytestmark = pytest.mark.skipif(not workers.can_fork(), reason="workers are forked")


def _dies_in_workers(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
    """``owner.name`` kills any process but this test's that calls it: a worker then dies mid-task (forked after
    the patch, it inherits it)."""
    real, parent = getattr(owner, name), os.getpid()

    def killed(*args: object) -> object:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args)

    monkeypatch.setattr(owner, name, killed)


def _recorded_forks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """The (function, worker count) of every ``forked_map`` from now on."""
    forked: list[tuple[str, int]] = []
    real_map = workers.forked_map
    monkeypatch.setattr(workers, "forked_map",
                        lambda fn, items, count: forked.append((fn.__name__, count)) or real_map(fn, items, count))
    return forked


@pytest.fixture(autouse=True)
def deadline() -> Iterator[None]:
    """A hang fails the test instead of the whole run."""
    def late(signum, frame):
        raise TimeoutError("the forked map hung")
    old = signal.signal(signal.SIGALRM, late)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def square(n: int) -> int:
    return n * n


def test_results_come_back_in_order_from_every_worker() -> None:
    assert workers.forked_map(square, range(200), 3) == [n * n for n in range(200)]
    assert workers.forked_map(square, [], 2) == []


def kill_on_seven(n: int) -> int:
    if n == 7:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer does
    return n


def raise_on_seven(n: int) -> int:
    if n == 7:
        raise ValueError("seven")
    return n


def squares(chunk: list[int]) -> list[int]:
    return [n * n for n in chunk]


def killed_on_seven(chunk: list[int]) -> list[int]:
    return [kill_on_seven(n) for n in chunk]


def test_work_for_speed_only_is_given_back_to_the_caller_when_workers_do_not_pay_or_die(monkeypatch) -> None:
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    assert workers.for_speed(squares, list(range(50)), 10, 4) == [n * n for n in range(50)]  # chunks, in order
    assert workers.for_speed(squares, [3], 1, 4) is None  # one item: no fork
    assert workers.for_speed(killed_on_seven, list(range(20)), 1, 3) is None  # a dead worker: the caller's work
    monkeypatch.setenv("SITEGEN_WORKERS", "")
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(workers, "_running", lambda: 1)
    assert workers.for_speed(squares, list(range(50)), 51, 4) is None  # fewer than the minimum


def test_a_killed_worker_is_an_error_naming_the_signal_and_no_worker_is_left() -> None:
    with pytest.raises(workers.WorkerDied) as died:
        workers.forked_map(kill_on_seven, range(20), 2)
    assert died.value.what == "stopped by SIGKILL (out of memory?)"
    with pytest.raises(workers.WorkerDied) as failed:
        workers.forked_map(raise_on_seven, range(20), 2)
    assert failed.value.what == "ValueError('seven')"
    assert multiprocessing.active_children() == []


def test_a_page_worker_killed_ends_the_build_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """The build stops with the error (so output/ is left as it was) instead of waiting for ever."""
    import sitegen.render.pages

    rendered = sitegen.render.pages._render_one

    def killed(job, i, digests):
        if job.site.pages[i].output == "about/index.html":
            os.kill(os.getpid(), signal.SIGKILL)
        return rendered(job, i, digests)

    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    monkeypatch.setattr(sitegen.render.pages, "_render_one", killed)  # the workers are forked: they inherit it
    with pytest.raises(SiteErrors) as caught:
        build(ROOT / "content", None, dt.date(2024, 9, 30))
    [error] = caught.value.errors
    assert "a page-rendering worker process stopped by SIGKILL (out of memory?)" in error.en
    assert "SITEGEN_WORKERS=1" in error.en and "SITEGEN_WORKERS=1" in error.th


def test_a_search_worker_killed_leaves_its_entries_to_the_build_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """Search entries are made in workers for speed only: a dead one costs time, not the build."""
    import sitegen.render.search.entries

    as_of = dt.date(2024, 9, 30)
    serial = {f.path: f.data for f in build(ROOT / "content", None, as_of).files}
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    _dies_in_workers(monkeypatch, sitegen.render.search.entries, "page_entry")
    assert {f.path: f.data for f in build(ROOT / "content", None, as_of).files} == serial


def test_bodies_converted_in_workers_are_the_serial_ones_and_a_killed_worker_costs_only_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Bodies are converted in workers for speed only: the same HTML and problems (in the same order) as one
    process gives, and a dead worker leaves its bodies to the build itself."""
    import sitegen.render.bodies

    as_of = dt.date(2024, 9, 30)
    monkeypatch.setenv("SITEGEN_WORKERS", "1")
    serial = build(ROOT / "content", None, as_of)
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    monkeypatch.setattr(sitegen.render.bodies, "PARALLEL_MIN", 2)
    monkeypatch.setattr(sitegen.render.bodies, "CHUNK", 1)
    forked = _recorded_forks(monkeypatch)
    parallel = build(ROOT / "content", None, as_of)
    assert ("_convert_chunk", 2) in forked  # the bodies went to two workers
    assert {f.path: f.data for f in parallel.files} == {f.path: f.data for f in serial.files}
    assert [str(w) for w in parallel.warnings] == [str(w) for w in serial.warnings]
    _dies_in_workers(monkeypatch, sitegen.render.bodies, "render_markdown")
    again = build(ROOT / "content", None, as_of)
    assert {f.path: f.data for f in again.files} == {f.path: f.data for f in serial.files}


def test_documents_read_in_workers_give_what_one_process_gives(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    """Documents are read, parsed and linted in workers for speed only: the same problems (a file that does not
    load among them) and the same site as one process, kept by the record cache as the serial ones are; a dead
    worker leaves its documents to the build itself."""
    import shutil

    import sitegen.incremental.records as records
    from sitegen.errors import SiteErrors
    from sitegen.incremental.store import Store

    shutil.copytree(ROOT / "content", tmp_path / "content")
    content, as_of = tmp_path / "content", dt.date(2024, 9, 30)
    (content / "actions/2566/2023-05-01-broken.md").write_text("---\ntitle: [ไม่ปิด\n---\nข้อความ\n", encoding="utf-8")

    def outcome(store=None) -> list[str]:
        with pytest.raises(SiteErrors) as failed:
            build(content, None, as_of, store=store)
        return [str(e) for e in [*failed.value.errors, *failed.value.warnings]]

    monkeypatch.setenv("SITEGEN_WORKERS", "1")
    serial = outcome()
    assert any("2023-05-01-broken.md" in line for line in serial)
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    monkeypatch.setattr(records, "PARALLEL_MIN", 2)
    monkeypatch.setattr(records, "CHUNK", 2)
    parsed: list[str] = []
    real_load = records.load_document
    monkeypatch.setattr(records, "load_document", lambda root, rel: parsed.append(str(rel)) or real_load(root, rel))
    store = Store(tmp_path / "cache")
    assert outcome(store) == serial
    assert parsed == []  # every document was read in a worker (which appends to its own copy of the list)
    monkeypatch.setattr(records, "RACY", 0.0)
    assert outcome(store) == serial  # the bytes kept: read from the cache, the problems given again
    parsed.clear()
    # the stamps kept: only the file that does not load is read again (one file: by the build itself, no worker)
    assert outcome(store) == serial and parsed == ["actions/2566/2023-05-01-broken.md"]
    _dies_in_workers(monkeypatch, records, "read")
    assert outcome() == serial  # no cache: every document read again, by the build itself


def test_a_pdf_worker_killed_leaves_the_site_without_those_pdfs_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import sitegen.render.pdf

    def killed(*args):
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    monkeypatch.setattr(sitegen.render.pdf, "render_pdf", killed)
    result = build(ROOT / "content", None, dt.date(2023, 9, 30), pdf=True, pdf_cache=False)
    assert not [f for f in result.files if f.path.endswith(".pdf")]
    problems = [w.en for w in result.warnings if "PDF" in w.en]
    assert len(problems) == 2 and all("a PDF worker process stopped by SIGKILL" in p for p in problems)


def test_a_build_decides_its_workers_once_from_the_load_as_it_begins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once a build's own workers have run, the load average counts them: the stages after them are given what
    the first was, not one process for a machine that is only busy with the build."""
    monkeypatch.delenv("SITEGEN_WORKERS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    load = [0.5]
    monkeypatch.setattr(os, "getloadavg", lambda: (load[0],) * 3)
    monkeypatch.setattr(workers, "_running", lambda: None)  # the load average alone (not known elsewhere)
    with workers.planned():
        assert workers.idle() == 2
        load[0] = 3.0  # the build's own workers
        assert workers.idle() == 2
    assert workers.idle() == 1  # outside a build: asked afresh
    seen: list[int] = []
    real = workers.for_tasks

    def counted(count: int, minimum: int) -> int:
        load[0] += 1.0  # each stage's workers add to the load
        seen.append(workers.idle())
        return real(count, minimum)

    monkeypatch.setattr(workers, "for_tasks", counted)
    load[0] = 0.5
    build(ROOT / "content", None, dt.date(2024, 9, 30))
    assert seen and set(seen) == {2}


def test_shard_files_written_in_workers_are_the_serial_ones_and_a_killed_worker_costs_only_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The search index's shard files are written in workers for speed only: the same bytes as one process
    writes, and a dead worker leaves its shards to the build itself."""
    import sitegen.render.search.postings as postings

    as_of = dt.date(2024, 9, 30)
    monkeypatch.setenv("SITEGEN_WORKERS", "1")
    serial = {f.path: f.data for f in build(ROOT / "content", None, as_of).files}
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    monkeypatch.setattr(postings, "PARALLEL_MIN", 2)
    monkeypatch.setattr(postings, "CHUNK", 1)
    forked = _recorded_forks(monkeypatch)
    assert {f.path: f.data for f in build(ROOT / "content", None, as_of).files} == serial
    assert ("_write_shards", 2) in forked
    _dies_in_workers(monkeypatch, postings, "_shard")
    assert {f.path: f.data for f in build(ROOT / "content", None, as_of).files} == serial


def _sizes(chunk: list[int]) -> list[tuple[int, int]]:
    return [(item, len(chunk)) for item in chunk]


def test_balanced_map_cuts_by_cost_hands_the_dearest_chunks_out_first_and_keeps_the_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    handed: list[list[int]] = []
    real_map = workers.forked_map
    monkeypatch.setattr(workers, "forked_map",
                        lambda fn, chunks, count: handed.extend(chunks) or real_map(fn, chunks, count))
    items = list(range(40))
    cost = {7: 100, 30: 50}  # two large pages among small ones
    done = workers.balanced_map(_sizes, items, 2, 4, cost=lambda i: cost.get(i, 1))
    assert [item for item, _ in done] == items  # the results in the items' order
    assert dict(done)[7] == 1 and dict(done)[30] == 1  # each dear item alone in its chunk
    assert handed[0] == [7] and handed[1] == [30]  # and handed out first
    assert all(len(chunk) <= 4 for chunk in handed)  # the usual items four to a chunk
    assert [item for item, _ in workers.balanced_map(_sizes, items, 2, 4)] == items  # by count: chunks of 4


def test_page_keys_made_in_workers_reuse_what_one_process_reuses(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    """An edit's build makes the key of every page to compare with its entry in workers, for speed only: the same
    pages are reused as when one process makes them (a key made differently would render every page again), and
    an edited document's page is rendered again."""
    import shutil

    import sitegen.render.pages as pages
    from sitegen.incremental.store import Store

    shutil.copytree(ROOT / "content", tmp_path / "content")
    content, as_of = tmp_path / "content", dt.date(2024, 9, 30)
    monkeypatch.setenv("SITEGEN_WORKERS", "1")
    first = build(content, None, as_of, store=Store(tmp_path / "cache"))
    edited = sorted((content / "actions").rglob("*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nแก้ไขแล้ว\n", encoding="utf-8")
    serial = build(content, None, as_of, store=Store(tmp_path / "serial"))  # a cache of its own: every page
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    monkeypatch.setattr(pages, "PARALLEL_MIN", 2)
    forked = _recorded_forks(monkeypatch)
    again = build(content, None, as_of, store=Store(tmp_path / "cache"))
    assert "_key_chunk" in {name for name, _ in forked}
    assert {f.path: f.data for f in again.files} == {f.path: f.data for f in serial.files}
    assert 0 < len(again.rendered) < len(first.rendered) / 4  # the edited action's pages, not the site
    rel = edited.relative_to(content).as_posix()
    own = [p.output for p in again.site.pages if len(p.sources) == 1 and p.sources[0].endswith(rel)]
    assert own and set(own) <= set(again.rendered)  # its own page, which shows its body


def test_a_machine_idle_now_gets_workers_though_its_load_average_still_counts_a_program_that_ended(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The 1-minute load average lags: a build started right after another program (pip, another generator) saw
    the machine busy and went without workers. What runs now says otherwise; what runs now and has for a minute
    still counts."""
    monkeypatch.delenv("SITEGEN_WORKERS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (2.2, 1.7, 1.5))  # a program ended seconds ago
    monkeypatch.setattr(workers, "_running", lambda: 1)  # this build alone runs now
    assert workers.idle() == 2
    monkeypatch.setattr(workers, "_running", lambda: 2)  # and another program, running for a minute
    assert workers.idle() == 1
    monkeypatch.setattr(os, "getloadavg", lambda: (0.3, 0.5, 0.5))  # another program that has just started
    assert workers.idle() == 2
    running = workers._running()  # the real count on this machine: this process at least, where it is known
    assert running is None or running >= 1
