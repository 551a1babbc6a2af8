"""The output folder from the command line, with real processes: two builds at once, kill -9 of either,
read-only folders as a non-root user, folders sitegen did not make, a reader during the write."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from conftest import ITEM_E7, ROOT, SITE_YAML, TEMPLATES
from sitegen.build import build
from sitegen.write.lock import output_lock
from sitegen.write.write import MARKER, write_site

AS_OF = "2567-09-30"
ACTIONS = 100  # enough for a write that lasts long enough to be caught; the slow variant has thousands


def make_content(root: Path, actions: int, name: str = "องค์การบริหารส่วนตำบลทดสอบ") -> Path:
    """A generated site: one item and ``actions`` actions in FY2567."""
    content = root / "content"
    (content / "eit/2567").mkdir(parents=True)
    (content / "actions/2567").mkdir(parents=True)
    (content / "site.yaml").write_text(SITE_YAML.replace("องค์การบริหารส่วนตำบลทดสอบ", name), encoding="utf-8")
    (content / "eit/2567/E7.md").write_text(ITEM_E7, encoding="utf-8")
    for i in range(actions):
        day = dt.date(2023, 10, 1) + dt.timedelta(days=i % 360)
        (content / f"actions/2567/{day}-a{i:04d}.md").write_text(
            f"---\ntitle: การดำเนินการที่ {i}\ndate: {day}\nitems: [E7]\n---\nรายละเอียด {i}\n", encoding="utf-8")
    return content


def expected(content: Path) -> dict[str, bytes]:
    result = build(content, TEMPLATES, dt.date(2024, 9, 30))  # as the run fixture builds: no PDFs
    return {f.path: f.data if f.data is not None else Path(f.source or "").read_bytes() for f in result.files}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != MARKER}


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith((".output.tmp-", ".output.old-")))


class Sites:
    """Two versions of a generated site (every page differs between them), the output of v1 and what
    v2 builds to."""

    def __init__(self, root: Path, actions: int):
        self.root = root
        self.v1 = make_content(root / "v1", actions)
        self.v2 = make_content(root / "v2", actions, "องค์การบริหารส่วนตำบลทดสอบใหม่")
        self.expected_v2 = expected(self.v2)
        self.v1_out = root / "v1-output"
        write_site(build(self.v1, TEMPLATES, dt.date(2024, 9, 30)).files, self.v1_out)

    def project(self, name: str) -> Path:
        """A project folder whose output/ holds the v1 site."""
        folder = self.root / name
        shutil.copytree(self.v1_out, folder / "output")
        return folder


def make_sites(actions: int):
    # Under /tmp and readable by all: the read-only tests run the build as another user.
    root = Path(tempfile.mkdtemp(prefix="sitegen-output-test-"))
    root.chmod(0o755)
    yield Sites(root, actions)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def sites():
    yield from make_sites(ACTIONS)


@pytest.fixture(scope="module")
def small():
    yield from make_sites(3)


def start(content: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "sitegen", "build", "--content", str(content), "--templates", str(TEMPLATES),
         "--out", str(out), "--as-of", AS_OF, "--no-pdf", *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def read_until(proc: subprocess.Popen[str], word: str) -> str:
    """Read the build's stderr up to the line holding ``word``."""
    assert proc.stderr is not None
    for line in proc.stderr:
        if word in line:
            return line
    raise AssertionError(f"the build ended without saying {word!r}")


def poll(proc: subprocess.Popen[str], ready: Callable[[], bool]) -> bool:
    """Wait for the moment ``ready`` says; False when the build ended first."""
    while not ready():
        if proc.poll() is not None:
            return False
        time.sleep(0.0002)
    return True


def writing(parent: Path, pid: int) -> bool:
    """Whether build ``pid`` has begun to write (its temporary folder exists)."""
    return bool(tmp_folders(parent, pid))


def moving(parent: Path, pid: int) -> bool:
    """Whether build ``pid`` is moving files into the output (its journal exists)."""
    return any((t / "journal.json").exists() for t in tmp_folders(parent, pid))


def is_whole(site: dict[str, bytes], old: dict[str, bytes], new: dict[str, bytes]) -> bool:
    """Every page both builds have is there, and every file is as one of them made it (none half-written)."""
    return (old.keys() & new.keys()) <= site.keys() and all(site[p] in (old.get(p), new.get(p)) for p in site)


def tmp_folders(parent: Path, pid: int | None = None) -> list[Path]:
    prefix = f".output.tmp-{pid}-" if pid else ".output.tmp-"
    return [p for p in parent.iterdir() if p.name.startswith(prefix)]


@pytest.mark.full  # real concurrent processes; write/test_write.py covers the journal in-process
def test_two_builds_at_once_one_waits_and_the_site_is_complete_and_never_missing(sites):
    project = sites.project("two")
    out = project / "output"
    seen = {"stats": 0, "missing": 0}
    done = threading.Event()

    def read():  # a web server serving output/ in place
        while not done.is_set():
            seen["stats"] += 1
            if not (out / "index.html").is_file():
                seen["missing"] += 1
            time.sleep(0.001)  # leave the CPU to the builds

    reader = threading.Thread(target=read)
    reader.start()
    try:
        with output_lock(out, 0, print):  # both builds are made to wait, then run against each other
            first = start(sites.v2, out)
            assert "waiting for another sitegen build" in read_until(first, "waiting")
            second = start(sites.v1, out)
            line = read_until(second, "waiting")
            assert f"(pid {os.getpid()})" in line and "รอ sitegen อีกตัว" in line
            impatient = start(sites.v1, out, "--wait", "0")
            _, err = impatient.communicate()
            assert impatient.returncode == 2 and "Traceback" not in err
            assert f"{out}: sitegen อีกตัว (pid {os.getpid()})" in err and "--wait SECONDS" in err
        assert first.wait() == 0 and second.wait() == 0
    finally:
        done.set()
        reader.join()
    assert seen["stats"] > 100 and seen["missing"] == 0
    final = snapshot(out)  # whichever wrote last, its site is whole: every expected file, nothing foreign
    assert final in (sites.expected_v2, snapshot(sites.v1_out))
    assert leftovers(project) == []


@pytest.mark.full  # real concurrent processes; write/test_write.py covers the journal in-process
def test_kill_9_of_the_first_build_while_it_moves_files_the_waiting_second_completes_the_site(sites):
    for attempt in range(5):  # a fast machine may finish the moves between two looks: try again
        project = sites.project(f"kill-first-{attempt}")
        out = project / "output"
        old = snapshot(out)
        with output_lock(out, 0, print):
            first = start(sites.v2, out)
            read_until(first, "waiting")
        assert poll(first, partial(writing, project, first.pid))
        second = start(sites.v2, out)
        if poll(first, partial(moving, project, first.pid)):
            break
        assert first.wait() == 0 and second.wait() == 0
    else:
        pytest.fail("never caught the first build while it moved files in")
    first.send_signal(signal.SIGKILL)
    assert first.wait() == -signal.SIGKILL
    assert is_whole(snapshot(out), old, sites.expected_v2)
    assert second.wait() == 0  # it took the lock the kill released, and finished what was left
    assert snapshot(out) == sites.expected_v2 and leftovers(project) == []


@pytest.mark.full  # real concurrent processes; write/test_write.py covers the journal in-process
def test_kill_9_of_the_second_build_while_it_writes_the_next_build_completes_the_site(sites):
    for attempt in range(5):  # a fast machine may finish the second build between two looks: try again
        project = sites.project(f"kill-second-{attempt}")
        out = project / "output"
        old = snapshot(out)
        with output_lock(out, 0, print):
            first = start(sites.v1, out)
            read_until(first, "waiting")
        # The second starts once the first holds the lock (it writes, or is done): started together, the
        # second could take the lock first, and the first's recovery then finished its moves (CI saw it).
        poll(first, partial(writing, project, first.pid))
        second = start(sites.v2, out)
        # Watch from now: the second begins to write the moment the first lets go of the lock. Kill it at
        # once: waiting for the first to exit gave the second time to finish (CI failed so once).
        caught = poll(second, partial(writing, project, second.pid))
        if caught:
            second.send_signal(signal.SIGKILL)
        killed = second.wait() == -signal.SIGKILL
        assert first.wait() == 0
        if killed:
            break
        assert second.returncode == 0  # it finished before the kill landed: try again
    else:
        pytest.fail("never caught the second build while it wrote")
    assert is_whole(snapshot(out), old, sites.expected_v2)
    assert tmp_folders(project)  # the killed build's leftovers, until the next build
    assert start(sites.v2, out, "--wait", "0").wait() == 0  # the lock file left behind blocks nothing
    assert snapshot(out) == sites.expected_v2 and leftovers(project) == []


# Root ignores file permissions through two capabilities; a child without them (setpriv drops them from
# its bounding set before exec) is refused like any user, yet can still read the Python install and this
# checkout wherever CI put them (a switch to uid 65534 could not read a site-packages under /root).
WITHOUT_ROOT_POWERS = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--inh-caps=-all"]


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX only")
@pytest.mark.parametrize("read_only", ["output", "subfolder", "parent"])
def test_read_only_folders_give_a_message_and_keep_the_site(small, read_only):
    if os.geteuid() != 0 and shutil.which("setpriv") is None:
        pytest.skip("as a user, permissions already apply; as root, setpriv (util-linux) drops them")
    project = small.project(f"ro-{read_only}")
    out = project / "output"
    top = {"output": out, "subfolder": out / "actions", "parent": project}[read_only]
    locked = [top, *(p for p in top.rglob("*") if p.is_dir())] if read_only == "subfolder" else [top]
    old = snapshot(out)
    for folder in locked:
        folder.chmod(0o555)
    try:
        proc = subprocess.run(
            [*(WITHOUT_ROOT_POWERS if os.geteuid() == 0 else []), sys.executable, "-m", "sitegen", "build",
             "--content", str(small.v2), "--templates", str(TEMPLATES), "--as-of", AS_OF, "--out", str(out),
             "--no-pdf"], cwd=ROOT, capture_output=True, text=True)
    finally:
        for folder in locked:
            folder.chmod(0o755)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    shown = project if read_only == "parent" else out
    assert f"sitegen: {shown}" in proc.stderr
    assert "permission denied" in proc.stderr and "ไม่มีสิทธิ์เขียน" in proc.stderr
    assert snapshot(out) == old and leftovers(project) == []


def test_out_a_folder_with_user_files_needs_force(make_site, run, tmp_path):
    content = make_site()
    www = tmp_path / "www"
    www.mkdir()
    (www / "data.txt").write_bytes(b"keep\r\n\xe0\xb8\x81")
    code, _, err = run("build", content=content, out=www)
    assert code == 2 and f"sitegen: {www}: โฟลเดอร์นี้มีไฟล์อยู่แล้ว" in err and "add --force" in err
    assert sorted(p.name for p in www.iterdir()) == ["data.txt"]
    code, out, err = run("build", "--force", content=content, out=www)
    assert code == 0 and "--force: writing the site into a folder sitegen did not make" in err
    assert (www / "data.txt").read_bytes() == b"keep\r\n\xe0\xb8\x81" and (www / "index.html").is_file()


def test_out_a_regular_file_is_a_usage_error(make_site, run, tmp_path):
    target = tmp_path / "output"
    target.write_bytes(b"mine")
    code, _, err = run("build", content=make_site(), out=target)
    assert code == 2 and f"sitegen: {target}: เป็นไฟล์" in err and "is a file, not a folder" in err
    assert target.read_bytes() == b"mine" and leftovers(tmp_path) == []
    code, _, err = run("build", content=make_site(), out=target / "site")  # a file where a folder must be
    assert code == 2 and f"sitegen: {target}: มีไฟล์อยู่ในที่ที่ต้องเป็นโฟลเดอร์" in err and "Traceback" not in err
    assert target.read_bytes() == b"mine"


@pytest.mark.slow
def test_two_builds_of_a_large_site_a_moment_apart(tmp_path):
    content = make_content(tmp_path, 3000)
    out = tmp_path / "output"
    first = start(content, out)
    assert poll(first, partial(writing, tmp_path, first.pid))
    second = start(content, out)
    assert first.wait() == 0 and second.wait() == 0
    assert snapshot(out) == expected(content) and leftovers(tmp_path) == []


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MB tmpfs: a real full disk (needs root and a system that allows mounting)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_disk_full_is_a_message_and_the_site_stays(small, tiny_disk, run):
    out = tiny_disk / "output"
    assert run("build", "--as-of", AS_OF, content=small.v1, out=out)[0] == 0
    old = snapshot(out)
    free = os.statvfs(tiny_disk)
    (tiny_disk / "filler").write_bytes(b"\0" * (free.f_bavail * free.f_frsize - 8192))
    code, _, err = run("build", "--as-of", AS_OF, content=small.v2, out=out)
    assert code == 2 and "Traceback" not in err
    assert f"sitegen: {out}: ดิสก์เต็ม" in err and "the disk is full — free some space" in err
    assert snapshot(out) == old and leftovers(tiny_disk) == []
    (tiny_disk / "filler").unlink()
    assert run("build", "--as-of", AS_OF, content=small.v2, out=out)[0] == 0
    assert snapshot(out) == small.expected_v2


def test_output_a_mount_point_of_another_file_system(small, tmp_path, run):
    out = tmp_path / "output"
    out.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(out)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        for content, site in ((small.v1, snapshot(small.v1_out)), (small.v2, small.expected_v2)):
            code, _, err = run("build", "--as-of", AS_OF, content=content, out=out)
            assert code == 0, err
            assert snapshot(out) == site and leftovers(tmp_path) == [] and leftovers(out) == []
    finally:
        subprocess.run(["umount", str(out)], check=True)


@pytest.mark.parametrize("wait", ["-1", "nan", "soon"])
def test_wait_must_be_seconds(make_site, run, wait):
    code, _, err = run("build", "--wait", wait, content=make_site())
    assert code == 2 and "must be a number of seconds" in err


def test_out_through_a_symlink_loop_is_a_usage_error(make_site, run, tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    content = make_site()
    code, _, err = run("build", content=content, out=tmp_path / "a")
    assert code == 2 and f"sitegen: {tmp_path / 'a'}: " in err and "symlink to nothing (or a loop)" in err
    code, _, err = run("build", content=content, out=tmp_path / "a" / "site")
    assert code == 2 and f"sitegen: {tmp_path / 'a' / 'site'}: " in err and "a symlink loop is in the way" in err
    assert (tmp_path / "a").is_symlink() and "Traceback" not in err


def test_out_with_a_name_too_long_is_a_usage_error(make_site, run, tmp_path):
    for out in (tmp_path / ("n" * 300), tmp_path / ("n" * 300) / "site"):
        code, _, err = run("build", content=make_site(), out=out)
        assert code == 2 and f"sitegen: {out}: " in err and "name is too long" in err and "Traceback" not in err


def _stopped_while_writing(proc: subprocess.Popen[str], parent: Path) -> bool:
    """Stop ``proc`` (SIGSTOP) the moment it has begun to write (it holds the lock); False when it ended first."""
    if not poll(proc, partial(writing, parent, proc.pid)):
        return False
    proc.send_signal(signal.SIGSTOP)
    return True


def _first_stopped_while_writing(sites: Sites, out: Path, project: Path) -> subprocess.Popen[str]:
    """A build of v2 into ``out``, stopped while it holds the lock and writes (tried again if it finished first)."""
    for _attempt in range(5):
        first = start(sites.v2, out)
        if _stopped_while_writing(first, project):
            return first
        assert first.wait() == 0
    pytest.fail("never caught the first build while it wrote")


@pytest.mark.full  # real concurrent processes; write/test_write.py covers the spellings in-process
def test_two_spellings_of_one_folder_wait_for_each_other(sites):
    """--out real, --out link (link -> real) and --out sub/../real: on the landed main each spelling took its own
    lock and two builds wrote the same folder at once."""
    project = sites.project("spellings")
    out = project / "output"
    (project / "link").symlink_to("output")
    (project / "sub").mkdir()
    first = _first_stopped_while_writing(sites, out, project)
    try:
        for spelling in (project / "link", project / "sub/../output"):
            impatient = start(sites.v1, spelling, "--wait", "0")
            _, err = impatient.communicate()
            assert impatient.returncode == 2 and f"(pid {first.pid})" in err and "--wait SECONDS" in err, err
        second = start(sites.v1, project / "link")
        assert f"(pid {first.pid})" in read_until(second, "waiting")
    finally:
        first.send_signal(signal.SIGCONT)
    assert first.wait() == 0 and second.wait() == 0
    assert snapshot(out) == snapshot(sites.v1_out) and leftovers(project) == []
    assert not (project / ".link.lock").exists()


@pytest.mark.full
@pytest.mark.skipif(not shutil.which("unshare") or os.geteuid() != 0, reason="a bind mount needs root (unshare)")
def test_a_bind_mount_of_the_folder_waits_for_a_build_of_the_folder(sites):
    """Two paths to one folder that no resolving can join: the build through the bind mount (in a private mount
    namespace, so the machine's mounts are untouched) waits for the one writing the folder, then completes it."""
    project = sites.project("bind")
    out, other = project / "output", project / "elsewhere" / "www"
    other.mkdir(parents=True)
    first = _first_stopped_while_writing(sites, out, project)
    try:
        script = (f'mount --bind "{out}" "{other}" && exec "{sys.executable}" -m sitegen build --content "{sites.v1}" '
                  f'--templates "{TEMPLATES}" --out "{other}" --as-of {AS_OF} --no-pdf')
        second = subprocess.Popen(["unshare", "--mount", "--propagation", "private", "sh", "-c", script], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert "waiting for another sitegen build" in read_until(second, "waiting")
    finally:
        first.send_signal(signal.SIGCONT)
    assert first.wait() == 0
    _, err = second.communicate()
    assert second.returncode == 0, err
    assert snapshot(out) == snapshot(sites.v1_out) and leftovers(project) == [] and list(other.iterdir()) == []


# --- the commit never shows a link to a missing page ------------------------------------------------------------

_HREF = re.compile(r'(?:href|src)="(/[^"#?]*)')


def broken_links(out: Path) -> list[str]:
    """Every internal link of every page of ``out`` that leads to no file (as a web server serving it would find)."""
    broken = []
    for page in out.rglob("*.html"):
        for url in _HREF.findall(page.read_text("utf-8")):
            path = urllib.parse.unquote(html.unescape(url))[1:]
            target = out / (path + "index.html" if path == "" or path.endswith("/") else path)
            if not target.is_file():
                broken.append(f"{page.relative_to(out)} → {url}")
    return broken


def killed_at_move(files: list, out: Path, k: int) -> bool:
    """Write ``files`` into ``out`` in a forked process that is killed (SIGKILL) just before its move number ``k``
    into the output; True when it was killed, False when the write ended with fewer moves."""
    pid = os.fork()
    if pid == 0:  # the child: count the moves into the output, die at the k-th, as kill -9 would leave it
        moves = 0
        real = os.replace

        def replace(src, dst, *args, **kwargs):
            nonlocal moves
            if str(dst).startswith(str(out) + os.sep):
                moves += 1
                if moves == k:
                    os.kill(os.getpid(), signal.SIGKILL)
            return real(src, dst, *args, **kwargs)

        os.replace = replace
        try:
            write_site(files, out, say=lambda message: None)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status)


def test_a_kill_at_any_move_of_a_realistic_commit_leaves_no_link_to_a_missing_page(tmp_path):
    """On the landed main files moved in build order, so a new item page could be in place before the action
    pages it links to. The next day's build: new actions, a changed item, an action removed, news, a new page
    (in every page's menu). Not a ring of new pages linking to each other, which no order can land (landing.py)."""
    v1 = make_content(tmp_path / "v1", 12)
    (v1 / "news/2567").mkdir(parents=True)
    (v1 / "news/2567/2024-01-10-แรก.md").write_text("---\ntitle: ข่าวแรก\ndate: 2024-01-10\n---\nข่าว\n", "utf-8")
    shutil.copytree(v1, tmp_path / "v2/content")
    v2 = tmp_path / "v2/content"
    (v2 / "actions/2567/2023-10-05-a0004.md").unlink()
    for i in range(12, 16):
        (v2 / f"actions/2567/2024-05-0{i - 11}-new{i}.md").write_text(
            f"---\ntitle: การดำเนินการใหม่ {i}\ndate: 2024-05-0{i - 11}\nitems: [E7]\n---\nรายละเอียด\n", encoding="utf-8")
    (v2 / "eit/2567/E7.md").write_text(ITEM_E7.replace("ทุกเดือน", "ทุกสัปดาห์"), encoding="utf-8")
    (v2 / "news/2567/2024-05-02-ประชุม.md").write_text("---\ntitle: ประชุมสภา\ndate: 2024-05-02\n---\nประชุม\n", "utf-8")
    (v2 / "pages").mkdir()
    (v2 / "pages/about.md").write_text("---\ntitle: เกี่ยวกับ\n---\nดู[ข่าว](../news/2567/2024-01-10-แรก.md)\n", "utf-8")
    old = build(v1, TEMPLATES, dt.date(2024, 9, 30)).files
    new = build(v2, TEMPLATES, dt.date(2024, 9, 30)).files
    whole = {f.path: f.data if f.data is not None else Path(f.source).read_bytes() for f in new}
    base = tmp_path / "v1-out"
    write_site(old, base)
    assert broken_links(base) == []
    k = 1
    while True:
        out = tmp_path / f"out-{k}"
        shutil.copytree(base, out)
        if not killed_at_move(new, out, k):
            break
        assert broken_links(out) == [], k  # what a web server serving the folder shows from then on
        write_site(new, out)  # the next build finishes the commit
        assert broken_links(out) == [] and snapshot(out) == whole
        shutil.rmtree(out)
        k += 1
    assert k > 20  # every move of the commit was tried
    assert broken_links(out) == []
