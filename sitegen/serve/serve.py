"""``sitegen serve``: build into a temporary folder, serve it on 127.0.0.1, rebuild and reload on change.

The pieces: watchfiles reports changes, a BuildQueue runs one build at a time, ``reload.py`` serves
the folder and tells open pages to reload. livereload was dropped: it injects an inline script,
which the pages' own CSP blocks, and it drops a reload that comes within ~2.7 s of the previous one.
Never touches output/. When a rebuild fails, the last good site stays up with the problems shown in a
banner on every page (and in the terminal), so nothing on screen pretends to be current.
"""

from __future__ import annotations

import datetime as dt
import gc
import html
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Collection, Iterable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from sitegen.build import Basis, build
from sitegen.rebuild import rebuild
from sitegen.incremental.store import LiveStore, Store, default_dir
from sitegen.errors import SiteErrors, count_summary, group_problems, print_problems
from sitegen.serve.reload import ReloadChannel, make_server
from sitegen.output import OutputFile
from sitegen.write.write import write_site

BANNER_CSS = b""".sitegen-errors{position:sticky;top:0;z-index:99;margin:0;padding:1rem;background:#7f1d1d;color:#fff;
white-space:pre-wrap;font:14px/1.5 monospace;max-height:50vh;overflow:auto}"""


EMPTY_PAGE = OutputFile("index.html", data=b'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">'
                       b"<title>sitegen</title></head><body><main></main></body></html>")


def with_banner(files: list[OutputFile], errors: SiteErrors, base_path: str) -> list[OutputFile]:
    """The last good site with the build's problems shown at the top of every page."""
    text = "\n".join(group_problems(errors.errors))
    banner = (
        f'<link rel="stylesheet" href="{base_path}static/_sitegen-errors.css">'
        f'<pre class="sitegen-errors" role="alert">สร้างเว็บไซต์ไม่สำเร็จ — หน้านี้เป็นฉบับก่อนหน้า | '
        f"build failed — showing the last good build\n\n{html.escape(text)}</pre>"
    ).encode()
    out = []
    for f in files:
        if f.path.endswith(".html") and f.data is not None:
            f = OutputFile(f.path, data=f.data.replace(b"<main", banner + b"<main", 1))
        out.append(f)
    out.append(OutputFile("static/_sitegen-errors.css", data=BANNER_CSS))
    return out


class Rebuilder:
    """Rebuilds the site into ``site_dir`` on every call; on failure keeps the last good build
    on screen with the problems in a banner. Returns True when the build succeeded.

    ``lock`` is held while the new site is swapped in, so the server never reads a missing folder."""

    def __init__(self, content: Path, templates: Path | None, as_of: dt.date | None, base_url: str, site_dir: Path,
                 lock: AbstractContextManager | None = None):
        self.content, self.templates, self.as_of = content, templates, as_of
        self.base_url, self.site_dir = base_url, site_dir
        self.lock = lock or nullcontext()
        self.last_good: list[OutputFile] = []
        # The loaded site stays in this process (the records, bodies, pages and the files written, as objects): a
        # save re-reads, re-converts and re-renders only what it touched. The first build starts from the disk cache.
        self.store = LiveStore(Store(default_dir(content) / "render"))
        self.basis: Basis | None = None
        """What the last good build read and made: a save of bodies alone is built from it (``rebuild``)."""

    def __call__(self, changed: Collection[Path] | None = None) -> bool:
        """Build after a save of the files ``changed`` (None: anything may have changed)."""
        as_of = self.as_of or dt.date.today()
        try:
            result = rebuild(self.basis, changed, as_of, self.store) if self.basis and changed else None
            # No PDFs: laying one out takes seconds, and a save must reach the browser in well under one.
            result = result or build(self.content, self.templates, as_of, self.base_url, pdf=False, store=self.store)
        except SiteErrors as exc:
            self.basis = None  # the files changed since the last good build are not known now: build them all
            print_problems([*exc.errors, *exc.warnings])
            th, en = count_summary(len(exc.errors), len(exc.warnings))
            print(f"ไม่สำเร็จ: {th} — ยังแสดงฉบับก่อนหน้า | failed: {en} — still serving the last good build",
                  file=sys.stderr, flush=True)
            with self.lock:
                write_site(with_banner(self.last_good or [EMPTY_PAGE], exc, "/"), self.site_dir)
            return False
        print_problems(result.warnings)
        self.basis = result.basis
        self.last_good = result.files
        with self.lock:
            count = write_site(result.files, self.site_dir, base_path=result.site.config.base_path, store=self.store)
        print(f"สร้างใหม่แล้ว {count} ไฟล์ (คำเตือน {len(result.warnings)} รายการ) | rebuilt {count} files "
              f"({len(result.warnings)} warning(s)) — {self.base_url}", flush=True)
        return True


class BuildQueue:
    """Runs builds one at a time on its own thread. A change while a build runs asks for exactly
    one more build after it (however many files were saved meanwhile), so the last save always
    gets built and builds never overlap. Each build is told the files changed since the one before."""

    def __init__(self, rebuild: Callable[[Collection[Path] | None], object], done: Callable[[], None]):
        self._rebuild, self._done = rebuild, done
        self._wake = threading.Condition()
        self._pending = self._stopped = False
        self._changed: set[Path] | None = set()
        """The files changed since the last build began (None: not known)."""
        self._builds = 0
        self._thread = threading.Thread(target=self._run, name="sitegen-build", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def request(self, changed: Iterable[Path] | None = None) -> None:
        """The files ``changed`` changed (None: something did): build again (now, or after the build that is
        running)."""
        with self._wake:
            self._changed = None if changed is None or self._changed is None else self._changed | set(changed)
            self._pending = True
            self._wake.notify()

    def stop(self) -> None:
        """Let the running build finish, then end the thread."""
        with self._wake:
            self._stopped = True
            self._wake.notify()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._pending or self._stopped)
                if self._stopped:
                    return
                self._pending = False
                changed, self._changed = self._changed, set()
            try:
                self._rebuild(changed)
            except Exception as exc:  # a crash (a bug) must not end live reload; say what it was
                print(f"sitegen: สร้างใหม่ไม่สำเร็จ ({exc!r}) | rebuild crashed: {exc!r}", file=sys.stderr, flush=True)
            self._done()
            self._builds += 1
            keep_heap(self._builds)


COLLECT_EVERY = 50
"""Builds after which the garbage collector looks through the whole heap again (``keep_heap``)."""


def keep_heap(builds: int) -> None:
    """After a build: leave every object alive now (the loaded site, millions of them at 10 000 documents) out of the
    garbage collector's passes, which otherwise went through all of them during the next save's build (0.4 s of a
    one-second save). What a later build drops is still freed as its last reference goes; every ``COLLECT_EVERY``
    builds the heap is collected whole once, so garbage held in a cycle is not kept for long."""
    if builds % COLLECT_EVERY == 0:
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def watch_folders(folders: tuple[Path, ...], changed: Callable[[set[Path]], None], stop: threading.Event) -> bool:
    """Call ``changed`` with the paths of each burst of file changes under ``folders`` until ``stop`` is set.
    Returns False (and sets ``stop``) when watching failed.

    watchfiles uses inotify (FSEvents, ReadDirectoryChangesW elsewhere): a save is seen at once,
    and a burst (an editor's write-then-rename) is grouped until 50 ms pass with no new change."""
    import watchfiles  # imported here: only serve needs it

    try:
        # never the cache, should a content folder hold one (a rebuild would follow each build)
        ignored = watchfiles.DefaultFilter(ignore_dirs=(*watchfiles.DefaultFilter.ignore_dirs, ".sitegen-cache"))
        for changes in watchfiles.watch(*folders, watch_filter=ignored, stop_event=stop, step=50, debounce=1600,
                                        raise_interrupt=False):
            changed({Path(path) for _, path in changes})
    except Exception as exc:  # a folder removed or unreadable: say so and stop, never a silent dead reload
        print(f"sitegen: ติดตามการแก้ไขไฟล์ไม่ได้อีกต่อไป ({exc}) — ตรวจโฟลเดอร์แล้วเริ่ม sitegen serve ใหม่ | "
              f"cannot watch for changes any more ({exc}) — check the folders and start sitegen serve again",
              file=sys.stderr, flush=True)
        stop.set()
        return False
    return True


def _on_signals(stop: threading.Event) -> dict[int, object]:
    """Make SIGINT, SIGTERM and SIGHUP set ``stop``; return the previous handlers."""
    def handler(signum, frame):
        stop.set()

    signals = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]
    return {s: signal.signal(s, handler) for s in signals}  # (Windows has no SIGHUP)


def serve(content: Path, templates: Path | None, as_of: dt.date | None, host: str, port: int) -> int:
    """Serve until Ctrl+C, SIGTERM or SIGHUP, then remove the temporary folder. Returns the exit code."""
    channel = ReloadChannel()
    root = Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
    stop = threading.Event()
    previous = _on_signals(stop)
    try:
        try:
            server = make_server(root / "site", channel, host, port)
        except OSError as exc:
            print(f"sitegen: เปิดพอร์ต {port} ไม่ได้ ({exc.strerror}) — ใช้ --port อื่น | "
                  f"cannot listen on {host}:{port} ({exc.strerror}) — choose another --port", file=sys.stderr)
            return 2
        base_url = f"http://{host}:{server.server_address[1]}/"
        rebuild = Rebuilder(content, templates, as_of, base_url, root / "site", channel.site_lock)
        queue = BuildQueue(rebuild, channel.publish)
        # Watch from before the first build: a save during it is then built right after it.
        watched: list[bool] = []  # the watcher's result: False when it failed

        def watch() -> None:
            watched.append(watch_folders((content, templates) if templates else (content,), queue.request, stop))

        watcher = threading.Thread(target=watch, name="sitegen-watch", daemon=True)
        watcher.start()
        rebuild(None)
        keep_heap(1)
        queue.start()
        threading.Thread(target=server.serve_forever, name="sitegen-http", daemon=True).start()
        print(f"เปิดดูที่ {base_url} (กด Ctrl+C เพื่อหยุด) | serving at {base_url} (Ctrl+C to stop)", flush=True)
        while not stop.wait(1):  # a timed wait, so a signal is handled within a second on any platform
            pass
        channel.close()
        server.shutdown()
        server.server_close()
        queue.stop()
        watcher.join()
        return 0 if all(watched) else 1
    finally:
        shutil.rmtree(root, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
