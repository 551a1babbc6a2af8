"""Incremental builds (the store, the tracking, the render stage's page and body caches) and the parallel render.

After every step of a scripted series of edits, the build with the cache equals a clean build byte for
byte, and the pages it rendered again are exactly the pages whose bytes changed: everything else came
from the cache. The parallel render gives the serial render's bytes and its errors.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, TEMPLATES, write_tree
from sitegen.build import BuildResult, build
from sitegen.incremental.store import KEY_FILE, MAGIC, TAG_FILE, LiveStore, MemoryStore, Store
from sitegen.cli import main
from sitegen.errors import SiteErrors
from test_contract_site import CONTENT as CONTRACT

SEED_AS_OF = dt.date(2024, 10, 15)


def _bytes(result: BuildResult) -> dict[str, bytes]:
    return {f.path: f.data if f.data is not None else f.source.read_bytes() for f in result.files}  # type: ignore[union-attr]


class Site:
    """A site folder, built after each edit with the cache and without it (the reference)."""

    def __init__(self, root: Path, content: Path, as_of: dt.date, live: bool = False):
        """``live``: the store ``serve`` keeps across rebuilds (objects kept in memory) instead of the disk's."""
        self.root, self.content, self.as_of = root, content, as_of
        self.templates: Path | None = None
        disk = Store(root / ".sitegen-cache" / "render")
        self.store: MemoryStore = LiveStore(disk) if live else disk
        self.clean = self._clean()

    def _clean(self) -> dict[str, bytes]:
        return _bytes(build(self.content, self.templates, self.as_of))

    def step(self, exact: bool = True, also: frozenset[str] = frozenset()) -> set[str]:
        """Build with the cache; check it equals a clean build; return the pages rendered again.

        ``exact``: they are the pages whose bytes changed (else: at least those, for edits that are
        in every page's key, a template or --as-of). ``also``: pages that may be rendered again without
        changing, a page's declared reads (``render.reads``) being wider than what it shows here (a value its
        template reads only in a branch this site does not take)."""
        result = build(self.content, self.templates, self.as_of, store=self.store)
        clean = self._clean()
        got = _bytes(result)
        assert got.keys() == clean.keys()
        assert [p for p in got if got[p] != clean[p]] == []
        pages = {p.output for p in result.site.pages}
        assert set(result.rendered) | set(result.reused) == pages
        assert not set(result.rendered) & set(result.reused)
        changed = {p for p in pages if self.clean.get(p) != clean[p]}
        if exact:  # rendered again: exactly the pages that show the edit
            assert changed <= set(result.rendered) <= changed | also
        else:
            assert set(result.rendered) >= changed
        self.previous, self.clean = self.clean, clean
        self.last = result
        return set(result.rendered)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _seed(tmp_path: Path, live: bool = False) -> Site:
    """The seed's content, built cold and then with nothing changed (``live``: with ``serve``'s store)."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    site = Site(tmp_path, tmp_path / "content", SEED_AS_OF, live)
    assert len(site.step(exact=False)) == len(site.last.site.pages)  # cold: every page rendered
    assert site.step() == set() and site.last.converted == 0  # no change: nothing rendered or converted
    return site


@pytest.fixture
def seed(tmp_path: Path) -> Site:
    return _seed(tmp_path)


@pytest.mark.parametrize("live", [False, True], ids=["disk", "live"])
def test_seed_series_of_edits(tmp_path: Path, live: bool) -> None:
    """With the cache on disk (``build``) and with ``serve``'s, kept in memory from one rebuild to the next."""
    seed = _seed(tmp_path, live)
    c = seed.content
    action = c / "actions/2566/2023-03-01-saratakhian-san.md"
    action.write_text(action.read_text(encoding="utf-8") + "\nอีกหนึ่งย่อหน้าของการดำเนินการ\n", encoding="utf-8")
    assert seed.step() == {"actions/2566/2023-03-01-saratakhian-san/index.html"}  # its body: its page only
    assert seed.last.converted == 1

    _edit(c / "eit/2566/E7.md", "code: E7\n", "code: E7\nquestion: คำถามข้อ ๗ ที่หน่วยงานเขียนเอง\n")
    # the item's wording: its page, the measures page, the reports … (all that show it); also the home page (an
    # item's heading stands for its label when it has none) and an action page of the year (it looks through the
    # year's items for its own)
    worded = seed.step(also=frozenset({"index.html", "actions/2566/2022-10-27-health-fund-committee/index.html"}))
    assert "eit/2566/e7/index.html" in worded and "eit/2566/index.html" in worded and len(worded) > 2
    assert "eit/2566/e1/index.html" not in worded

    write_tree(c, "-- actions/2566/2023-05-02-new-action.md --\n---\ntitle: จัดอบรมเจ้าหน้าที่\n"
                  "date: 2566-05-02\nitems: [E7]\nstatus: done\n---\nอบรมแล้ว\n")
    added = seed.step()
    assert "actions/2566/2023-05-02-new-action/index.html" in added and "eit/2566/e7/index.html" in added

    (c / "actions/2566/2023-05-02-new-action.md").rename(c / "actions/2566/2023-05-03-renamed.md")
    renamed = seed.step()
    assert "actions/2566/2023-05-03-renamed/index.html" in renamed

    (c / "eit/2566/E15.md").unlink()
    changed_before = set(seed.clean)
    deleted = seed.step(exact=False)
    assert "eit/2566/index.html" in deleted
    # beyond the pages that changed: only the action pages, which look through the year's items for their own
    unchanged = {p for p in deleted if p in changed_before and seed.clean[p] == seed.previous[p]}
    assert unchanged and all(p.startswith("actions/") for p in unchanged)

    _edit(c / "site.yaml", "phone:", "fax: 044-000-000\n  phone:")
    assert "contact/index.html" in seed.step()

    seed.templates = seed.root / "templates"
    seed.templates.mkdir()
    (seed.templates / "action.html").write_text(
        (TEMPLATES / "action.html").read_text(encoding="utf-8") + "<!-- override -->\n", encoding="utf-8")
    assert len(seed.step(exact=False)) == len(seed.last.site.pages)  # a template: every page (any may include it)
    assert seed.step() == set()

    entries = sorted((seed.root / ".sitegen-cache").rglob("*"))
    seed.as_of = dt.date(2024, 11, 1)
    assert len(seed.step(exact=False)) == len(seed.last.site.pages)  # --as-of is in every page's key
    assert seed.step() == set()
    assert sorted((seed.root / ".sitegen-cache").rglob("*")) == entries  # replaced, not added: one site's size
    if isinstance(seed.store, LiveStore):  # serve's: everything in memory, nothing written to disk
        assert {p.name for p in entries if p.is_file()} <= {TAG_FILE, KEY_FILE}


def test_contract_series_of_edits(tmp_path: Path) -> None:
    content = write_tree(tmp_path / "content", CONTRACT)
    (content / "files/2567").mkdir(parents=True)
    (content / "files/2567/form.pdf").write_bytes(b"%PDF-1.4 test" + b"0" * 2000)
    site = Site(tmp_path, content, dt.date(2024, 10, 15))
    site.step(exact=False)
    assert site.step() == set()
    # a link target renamed: the body linking to it is converted again, with the new link (or its error)
    body = content / "eit/2567/index.md"
    _edit(body, "ITA ปี 2566", "ITA ปี 2566 (ปรับปรุง)")
    assert "eit/2567/index.html" in site.step()
    _edit(content / "site.yaml", "name: องค์การบริหารส่วนตำบลบ้านทดลอง", "name: องค์การบริหารส่วนตำบลบ้านทดลองใหม่")
    assert len(site.step()) == len(site.last.site.pages)  # the name is on every page
    for news in sorted((content / "news").rglob("*.md"))[:1]:
        news.write_text(news.read_text(encoding="utf-8") + "\nเพิ่มเติม\n", encoding="utf-8")
        assert site.step()
    assert site.step() == set()


def test_agency_series_of_edits(tmp_path: Path) -> None:
    """The fields of issue 16 reach the cache's records like the others: a budget, a sub-step, a unit, a status,
    the year's columns."""
    shutil.copytree(ROOT / "tests/fixtures/agency-2567/content", tmp_path / "content")
    c = tmp_path / "content"
    site = Site(tmp_path, c, dt.date(2024, 6, 1))
    site.step(exact=False)
    assert site.step() == set()
    _edit(c / "eit/2567/IIT-4.md", "budget: 20000", "budget: 25000")
    assert {"eit/2567/iit-4/index.html", "eit/2567/index.html"} <= site.step()
    _edit(c / "eit/2567/IIT-4.md", "      - สำรวจทรัพย์สินที่บุคลากรยืมใช้บ่อย\n",
          "      - สำรวจทรัพย์สิน\n      - จัดทำทะเบียน\n")
    assert "eit/2567/report-6-months/index.html" in site.step()
    _edit(c / "eit/2567/O4.md", "responsible: [งานประชาสัมพันธ์, กองช่าง]", "responsible: [งานประชาสัมพันธ์]")
    assert "eit/2567/o4/index.html" in site.step()
    _edit(c / "actions/2567/2024-03-01-ช่องทางถามตอบ.md", "status: ยังไม่ดำเนินการ", "status: เสร็จแล้ว")
    assert "index.html" in site.step()  # the home page's chart counts it as done now
    _edit(c / "eit/2567/index.md", "  - result\n", "")
    # result is no column now (a warning for E6 and IIT-4): every table changes; the item pages read the columns
    # for their headings too, and are rendered again with the same bytes
    assert "eit/2567/index.html" in site.step(exact=False)
    assert site.step() == set()


DAMAGES: tuple[Callable[[bytes], bytes], ...] = (
    lambda data: data[: len(data) // 2],                    # truncated
    lambda data: data[:-1] + bytes([data[-1] ^ 1]),          # one bit flipped
    lambda data: b"sitegen-cache 1\n" + data[len(MAGIC):],   # an older layout
    lambda data: b"\x00garbage",                            # someone else's file
)


def test_damaged_cache_is_rebuilt_not_an_error(seed: Site) -> None:
    entries = sorted(p for p in (seed.root / ".sitegen-cache").rglob("*") if p.is_file()
                     and p.name not in (KEY_FILE, TAG_FILE))
    assert len(entries) > len(DAMAGES)
    for n, path in enumerate(entries):  # each kind of damage on a share of the entries
        path.write_bytes(DAMAGES[n % len(DAMAGES)](path.read_bytes()))
    assert len(seed.step(exact=False)) == len(seed.last.site.pages)  # nothing reused
    assert seed.last.converted > 0
    assert seed.step() == set()


def test_two_sites_share_one_cache(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "a/content")
    shutil.copytree(ROOT / "content", tmp_path / "b/content")
    _edit(tmp_path / "b/content/site.yaml", "phone:", "fax: 044-000-000\n  phone:")
    a, b = Site(tmp_path / "a", tmp_path / "a/content", SEED_AS_OF), Site(tmp_path / "b", tmp_path / "b/content",
                                                                          SEED_AS_OF)
    b.store = a.store
    a.step(exact=False), b.step(exact=False)
    assert a.step() == set() and b.step() == set()


def test_cli_no_change_rebuild_rewrites_nothing(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("SITEGEN_CACHE_DIR", raising=False)  # the test run's shared cache (conftest.py)
    shutil.copytree(ROOT / "content", tmp_path / "content")
    args = ["build", "--content", str(tmp_path / "content"), "--out", str(tmp_path / "out"), "--as-of", "2567-10-15"]
    assert main(args) == 0
    assert (tmp_path / ".sitegen-cache/render").is_dir()
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert main(args) == 0
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert after == before
    # a page changed behind sitegen's back (same size) and one deleted: put right by the next build, from the cache
    page, other = tmp_path / "out/eit/2566/index.html", tmp_path / "out/contact/index.html"
    good = page.read_bytes()
    page.write_bytes(good.replace("มาตรการ".encode(), "มาตรกาน".encode(), 1))
    other.unlink()
    assert main(args) == 0
    assert page.read_bytes() == good and other.is_file()
    shutil.rmtree(tmp_path / ".sitegen-cache")
    assert main([*args, "--no-cache"]) == 0
    assert not (tmp_path / ".sitegen-cache").exists()
    capsys.readouterr()


def test_cache_dir_from_environment(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert main(["build", "--content", str(ROOT / "content"), "--out", str(tmp_path / "out"),
                 "--as-of", "2567-10-15"]) == 0
    assert any((tmp_path / "elsewhere/render").rglob("*"))
    capsys.readouterr()


def test_parallel_render_gives_the_serial_bytes(tmp_path: Path, monkeypatch) -> None:
    serial = _bytes(build(ROOT / "content", None, SEED_AS_OF))
    monkeypatch.setenv("SITEGEN_WORKERS", "2")
    assert _bytes(build(ROOT / "content", None, SEED_AS_OF)) == serial
    cached = build(ROOT / "content", None, SEED_AS_OF, store=Store(tmp_path / "cache"))
    assert _bytes(cached) == serial and len(cached.rendered) == len(cached.site.pages)


def test_parallel_render_reports_template_errors_like_serial(tmp_path: Path, monkeypatch) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "item.html").write_text("<p>{{ page.data.nope }}</p>\n",
                                         encoding="utf-8")
    found = []
    for workers in ("1", "2"):
        monkeypatch.setenv("SITEGEN_WORKERS", workers)
        with pytest.raises(SiteErrors) as caught:
            build(ROOT / "content", templates, SEED_AS_OF, store=Store(tmp_path / f"cache{workers}"))
        found.append([str(e) for e in caught.value.errors])
    assert found[0] == found[1] and len(found[0]) == 1 and "templates/item.html:1" in found[0][0]


def test_workers_only_for_large_sites(monkeypatch) -> None:
    from sitegen.render.pages import PARALLEL_MIN, workers_for

    from sitegen import workers

    monkeypatch.delenv("SITEGEN_WORKERS", raising=False)
    running = [1]  # the machine's state is the test's own: never the real load of whoever runs the suite
    monkeypatch.setattr(workers, "_running", lambda: running[0])
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(4)))
    assert workers_for(PARALLEL_MIN - 1) == 1
    assert workers_for(PARALLEL_MIN) == 4
    monkeypatch.setattr(os, "getloadavg", lambda: (4.0, 4.0, 4.0))  # the build and 3 others: one core to spare
    running[0] = 4
    assert workers_for(PARALLEL_MIN) == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (1.0, 1.0, 1.0))  # only the build itself: both cores
    running[0] = 1
    assert workers_for(PARALLEL_MIN) == 2
    monkeypatch.setenv("SITEGEN_WORKERS", "3")
    assert workers_for(1) == 3


@pytest.mark.full
def test_ctrl_c_ends_the_workers_without_a_traceback(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import write_corpus

    write_corpus(1500, tmp_path / "corpus")
    cmd = [sys.executable, "-m", "sitegen", "build", "--content", str(tmp_path / "corpus/sitegen/content"),
           "--out", str(tmp_path / "out"), "--as-of", "2567-10-15", "--no-cache"]
    build = subprocess.Popen(cmd, env={**os.environ, "SITEGEN_WORKERS": "2"}, start_new_session=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    workers: list[str] = []
    for _ in range(600):  # until the render's workers exist
        time.sleep(0.1)
        workers = subprocess.run(["ps", "-o", "pid=", "--ppid", str(build.pid)], capture_output=True,
                                 text=True).stdout.split()
        if workers or build.poll() is not None:
            break
    assert workers, "the build ended before its workers started"
    os.killpg(build.pid, signal.SIGINT)  # what a Ctrl+C in the terminal does: the whole process group
    _, err = build.communicate(timeout=120)
    assert build.returncode == 130
    assert "Traceback" not in err.decode() and "interrupted" in err.decode()
    assert not [w for w in workers if os.path.exists(f"/proc/{w}")]
    assert not (tmp_path / "out").exists()


def test_a_forged_or_foreign_render_entry_is_rebuilt_and_the_output_equals_no_cache(seed: Site, tmp_path: Path) -> None:
    """On the landed main an entry carried a plain sha256 of its own payload: an edited entry with the sum
    recomputed published inline script, and the output then differed from --no-cache."""
    import hashlib

    entries = sorted(p for p in (seed.root / ".sitegen-cache/render").rglob("*") if p.is_file()
                     and p.name not in (KEY_FILE, TAG_FILE))
    for path in entries:  # as an attacker who can write the cache but not read its key would
        payload = path.read_bytes()[len(MAGIC) + 65:].replace(b"<main", b"<script>alert(1)</script><main", 1)
        path.write_bytes(MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    assert len(seed.step(exact=False)) == len(seed.last.site.pages)  # none trusted; step() checks = no cache
    assert not any(b"alert(1)" in data for data in _bytes(seed.last).values())
    other = Store(tmp_path / "other-cache" / "render")  # another cache's entries, copied in under the same names
    build(seed.content, None, seed.as_of, store=other)
    for path in sorted(p for p in other.folder.rglob("*") if p.is_file() and p.name not in (KEY_FILE, TAG_FILE)):
        target = seed.root / ".sitegen-cache/render" / path.relative_to(other.folder)
        target.write_bytes(path.read_bytes())
    assert len(seed.step(exact=False)) == len(seed.last.site.pages)
    assert seed.step() == set()


def test_the_key_is_the_owners_alone_and_a_foreign_folder_is_not_used(tmp_path: Path) -> None:
    import stat

    store = Store(tmp_path / "cache" / "render")
    store.put("ab" * 32, b"x")
    key = tmp_path / "cache/render" / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_bytes()) == 32
    assert Store(tmp_path / "cache" / "render").get("ab" * 32) == b"x"
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine/thesis.docx").write_bytes(b"mine")
    foreign = Store(tmp_path / "mine")  # a folder of someone else's: neither read nor written
    foreign.put("cd" * 32, b"y")
    assert foreign.get("cd" * 32) == b"y" and sorted(p.name for p in (tmp_path / "mine").iterdir()) == ["thesis.docx"]


def test_records_are_kept_as_plain_values(seed: Site) -> None:
    """The record cache holds plain values, not the path and dataclass objects of a document (unpickling those was
    most of an edit's read of 10 000 records): a kept document takes the walk's path."""
    from sitegen.incremental.records import Records

    records = Records(seed.store, str(seed.content.resolve()))
    assert len(records.old) > 10
    payloads = [seed.store.get(records.buckets._name(n)) for n in range(records.buckets.count)]
    assert all(b"pathlib" not in p and b"SourceDoc" not in p and b"Record" not in p for p in payloads if p)


def test_the_record_cache_reports_what_a_clean_build_reports(tmp_path: Path, monkeypatch) -> None:
    """Documents kept from the last build (by stamp, or a touched file by its bytes) are not parsed again, and
    their lint warnings are given again: the warnings of a build with the cache are a clean build's."""
    from sitegen.incremental import records

    shutil.copytree(ROOT / "content", tmp_path / "content")
    c, store = tmp_path / "content", Store(tmp_path / ".sitegen-cache" / "render")
    action = c / "actions/2566/2023-03-01-saratakhian-san.md"
    action.write_text(action.read_text(encoding="utf-8") + "\nย่อหน้า\u200bที่มีอักขระล่องหน\n", encoding="utf-8")
    parsed: list[str] = []
    real = records.load_document
    monkeypatch.setattr(records, "load_document", lambda root, rel: parsed.append(str(rel)) or real(root, rel))

    def same_as_clean() -> list[str]:
        """The cached build's warnings (``parsed``: the documents it parsed), checked against a clean build's."""
        parsed.clear()
        got = [str(w) for w in build(c, None, SEED_AS_OF, store=store).warnings]
        done = list(parsed)
        assert got == [str(w) for w in build(c, None, SEED_AS_OF).warnings]
        parsed[:] = done
        return got

    first = same_as_clean()
    assert first and "actions/2566/2023-03-01-saratakhian-san.md" in parsed and len(parsed) > 10
    monkeypatch.setattr(records, "RACY", 0.0)  # the files were just written: their stamps count from now on
    assert same_as_clean() == first and parsed == []  # by their bytes (no stamp was kept: too recent)
    assert same_as_clean() == first and parsed == []  # by their stamps
    os.utime(action, ns=(1_000_000_000, 1_000_000_000))  # touched, the same bytes: hashed, not parsed
    assert same_as_clean() == first
    assert "actions/2566/2023-03-01-saratakhian-san.md" not in parsed
    action.write_text(action.read_text(encoding="utf-8").replace("\u200b", ""), encoding="utf-8")
    assert same_as_clean() == []
    assert parsed == ["actions/2566/2023-03-01-saratakhian-san.md"]


def test_kept_documents_are_not_checked_again_and_their_problems_are_given_again(tmp_path: Path,
                                                                                monkeypatch) -> None:
    """A kept document's checked fields (values and problems) come from the record cache: its fields are not
    checked again, and a build with the cache fails with exactly the errors of a clean build."""
    from sitegen.check import validate
    from sitegen.incremental import records

    shutil.copytree(ROOT / "content", tmp_path / "content")
    c, store = tmp_path / "content", Store(tmp_path / ".sitegen-cache" / "render")
    action = c / "actions/2566/2023-03-01-saratakhian-san.md"
    checked: list[str] = []
    real = validate.check_fields
    monkeypatch.setattr(validate, "check_fields", lambda meta, lines, fields, shown, *rest:
                        checked.append(shown) or real(meta, lines, fields, shown, *rest))
    monkeypatch.setattr(records, "RACY", 0.0)

    def outcome(cached: bool) -> list[str]:
        try:
            result = build(c, None, SEED_AS_OF, store=store if cached else None)
        except SiteErrors as exc:
            return [str(e) for e in [*exc.errors, *exc.warnings]]
        return [str(w) for w in result.warnings]

    first = outcome(True)
    assert len(checked) > 10
    checked.clear()
    assert outcome(True) == first and checked == []  # nothing changed: no document checked again
    _edit(action, "title:", "titel: แก้\ntitle:")  # an unknown key: the build fails
    checked.clear()
    failed = outcome(True)
    assert [c for c in checked] == ["content/actions/2566/2023-03-01-saratakhian-san.md"]
    assert any("titel" in line for line in failed) and failed == outcome(False)
    checked.clear()
    assert outcome(True) == failed and checked == []  # the kept document's error is given again
    _edit(action, "titel: แก้\n", "")
    assert outcome(True) == first


def test_a_bodys_links_are_asked_again_only_when_the_link_targets_change(tmp_path: Path, monkeypatch) -> None:
    """A kept body's links were answered for the link targets of the build that kept it: while the targets stay
    (a body or a title edited) none is asked again; a document added or removed asks every one again, and a link
    that now leads nowhere fails the build as a clean build does."""
    from sitegen.render import bodies

    asked: list[str] = []
    real = bodies._answer
    monkeypatch.setattr(bodies, "_answer", lambda resolve, target: asked.append(target) or real(resolve, target))
    content, store = tmp_path / "content", Store(tmp_path / ".sitegen-cache" / "render")
    shutil.copytree(ROOT / "content", content)
    pages = content / "pages"
    (pages / "help.md").write_text("---\ntitle: วิธีใช้\n---\n\nอ่าน[เกี่ยวกับเรา](about.md)\n", encoding="utf-8")

    def cached() -> list[str]:
        """The links the build with the cache asked about; its bytes are a clean build's."""
        asked.clear()
        result = build(content, None, SEED_AS_OF, store=store)
        found = sorted(asked)
        assert _bytes(result) == _bytes(build(content, None, SEED_AS_OF))
        return found

    assert cached() == ["../eit/2566/index.md", "about.md"]  # cold: every body converted
    assert cached() == []
    _edit(pages / "about.md", "ตั้งอยู่ใน", "ตั้งอยู่ที่")
    assert cached() == ["../eit/2566/index.md"]  # the edited body's own link, as it is converted again
    (pages / "contact-us.md").write_text("---\ntitle: ติดต่อ\n---\n\nโทร\n", encoding="utf-8")
    assert cached() == ["../eit/2566/index.md", "about.md"]  # new targets: every kept body's links asked again
    assert cached() == []
    (pages / "about.md").unlink()
    with pytest.raises(SiteErrors) as with_cache:
        build(content, None, SEED_AS_OF, store=store)
    with pytest.raises(SiteErrors) as clean:
        build(content, None, SEED_AS_OF)
    assert [str(e) for e in with_cache.value.errors] == [str(e) for e in clean.value.errors]
    assert any("help.md" in str(e) and "about.md" in str(e) for e in clean.value.errors)


def test_a_catalog_edit_renders_what_shows_it(tmp_path: Path) -> None:
    """An agency's own catalog (content/catalogs/) edited: the pages that show the question, and the same bytes
    as a clean build."""
    from conftest import SITE_YAML

    content = write_tree(tmp_path / "content", f"""-- site.yaml --
{SITE_YAML}-- catalogs/eit-2570.yaml --
fiscal_year: 2570
verified: true
source: "คู่มือการประเมิน ITA 2570 (ตัวอย่างในการทดสอบ)"
indicators:
  - number: 7
    name: ประสิทธิภาพการสื่อสาร
    items:
      - code: E1
        question: หน่วยงานเผยแพร่ข้อมูลที่ประชาชนควรทราบอย่างชัดเจน มากน้อยเพียงใด
-- eit/2570/index.md --
---
catalog_from: 2569
---
-- eit/2570/E1.md --
---
code: E1
responsible: งานประชาสัมพันธ์
measures: [เผยแพร่ข่าวทุกเดือน]
monitoring: [รายงานทุกไตรมาส]
---
""")
    site = Site(tmp_path, content, dt.date(2027, 4, 2))
    site.step(exact=False)
    assert site.step() == set()
    _edit(content / "catalogs/eit-2570.yaml", "อย่างชัดเจน", "อย่างชัดเจนและทันเวลา")
    # also the home page, rendered again unchanged: an item's heading stands for its label when it has none
    assert "eit/2570/e1/index.html" in site.step(also=frozenset({"index.html"}))
    assert site.step() == set()
