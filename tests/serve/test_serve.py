"""serve: a broken edit keeps the last good site up, with the problems shown on every page."""

from __future__ import annotations

import datetime as dt
import re
import signal
import socket
import threading
from pathlib import Path
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import ITEM_E7, TEMPLATES
from sitegen.build import build
from sitegen.errors import SiteErrors
from sitegen.serve.reload import ReloadChannel, make_server
from sitegen.serve.serve import BuildQueue, Rebuilder


def test_broken_edit_keeps_last_good_site_with_banner(make_site, tmp_path, capsys):
    content = make_site()
    site = tmp_path / "served"
    rebuild = Rebuilder(content, TEMPLATES, dt.date(2024, 6, 1), "http://127.0.0.1:8000/", site)
    assert rebuild() is True
    good = (site / "eit/2567/e7/index.html").read_text("utf-8")
    assert "sitegen-errors" not in good and 'href="/eit/2567/"' in good

    (content / "eit/2567/E7.md").write_text(ITEM_E7.replace("responsible:", "responsable:"), "utf-8")
    assert rebuild() is False
    shown = (site / "eit/2567/e7/index.html").read_text("utf-8")
    assert "งานประชาสัมพันธ์" in shown  # the last good content is still there
    assert 'class="sitegen-errors" role="alert"' in shown and "did you mean &#x27;responsible&#x27;" in shown
    assert (site / "static/_sitegen-errors.css").is_file()
    assert "content/eit/2567/E7.md:3:" in capsys.readouterr().err  # and in the terminal

    (content / "eit/2567/E7.md").write_text(ITEM_E7, "utf-8")
    assert rebuild() is True
    assert "sitegen-errors" not in (site / "eit/2567/e7/index.html").read_text("utf-8")


def test_first_build_broken_shows_only_the_errors(make_site, tmp_path):
    content = make_site("-- site.yaml --\nname: x\n")
    site = tmp_path / "served"
    assert Rebuilder(content, TEMPLATES, dt.date(2024, 6, 1), "http://127.0.0.1:8000/", site)() is False
    page = (site / "index.html").read_text("utf-8")
    assert "short_name" in page and "sitegen-errors" in page


# --- the dev server: reload script, serialised builds, clean exit ------------------------------------

CSP = "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"


def test_build_output_has_no_reload_script_and_the_strict_csp(make_site, run, tmp_path):
    code, _, err = run("build", "--as-of", "2024-06-01", content=make_site())
    assert code == 0, err
    pages = sorted((tmp_path / "output").rglob("*.html"))
    assert pages
    for path in pages:
        text = path.read_text("utf-8")
        assert "_sitegen" not in text and "livereload" not in text, path
        assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in text, path
        if path == tmp_path / "output/search/index.html":  # the one script of the site: the search page's file
            text = text.replace('<script src="/static/search.js" defer></script>', "", 1)
        assert "<script" not in text, path


@pytest.fixture
def dev_server(make_site, tmp_path):
    """An in-process dev server on a free port over a built site: (base URL, channel, site folder)."""
    site = tmp_path / "served"
    channel = ReloadChannel()
    assert Rebuilder(make_site(), TEMPLATES, dt.date(2024, 6, 1), "http://127.0.0.1/", site, channel.site_lock)()
    server = make_server(site, channel, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", channel, site
    channel.close()
    server.shutdown()
    server.server_close()


def test_served_pages_load_the_reload_script_from_the_site(dev_server):
    url, channel, site = dev_server
    with urllib.request.urlopen(url + "eit/2567/e7/") as response:
        served = response.read().decode("utf-8")
        assert response.headers["Cache-Control"] == "no-store"
    on_disk = (site / "eit/2567/e7/index.html").read_text("utf-8")
    tag = f'<script src="/_sitegen/reload.js" data-build="{channel.build_id}" data-events="/_sitegen/events"></script>'
    assert served == on_disk.replace("</head>", tag + "</head>", 1)  # only the tag added, CSP untouched
    assert "_sitegen" not in on_disk
    with urllib.request.urlopen(url + "_sitegen/reload.js") as response:
        assert response.headers["Content-Type"].startswith("text/javascript")
        assert b"EventSource" in response.read()
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(url + "no-such-page/")
    assert missing.value.code == 404 and "_sitegen/reload.js" in missing.value.read().decode("utf-8")


def test_event_stream_sends_the_newest_build_id(dev_server):
    url, channel, _ = dev_server
    with urllib.request.urlopen(url + "_sitegen/events") as stream:
        assert stream.headers["Content-Type"] == "text/event-stream"
        assert stream.readline().decode() == f"data: {channel.build_id}\n"  # at once: a late page still learns
        assert stream.readline() == b"\n"
        first = channel.build_id
        channel.publish()
        assert channel.build_id != first
        assert stream.readline().decode() == f"data: {channel.build_id}\n"


def test_a_save_during_a_build_gives_exactly_one_more_build():
    running, release = threading.Event(), threading.Event()
    builds: list[object] = []
    published = threading.Semaphore(0)

    def rebuild(changed):
        builds.append(changed)
        running.set()
        release.wait()

    queue = BuildQueue(rebuild, published.release)
    queue.start()
    queue.request({Path("a.md")})
    running.wait()
    for name in ("b.md", "c.md", "b.md"):  # three saves while the first build runs
        queue.request({Path(name)})
    release.set()
    published.acquire()
    published.acquire()
    queue.stop()
    # the saves made one more build, after the first one, never alongside; each told what changed since the last
    assert builds == [{Path("a.md")}, {Path("b.md"), Path("c.md")}]


def test_a_change_the_watcher_cannot_name_asks_for_a_whole_build():
    builds: list[object] = []
    published = threading.Semaphore(0)
    queue = BuildQueue(builds.append, published.release)
    queue.request({Path("a.md")})
    queue.request()
    queue.start()
    published.acquire()
    queue.request({Path("b.md")})
    published.acquire()
    queue.stop()
    assert builds == [None, {Path("b.md")}]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_removes_its_temporary_folder_when_stopped(make_site, serve_site, tmp_path, sig):
    proc, _ = serve_site(make_site())
    assert [p.name for p in (tmp_path / "tmp").iterdir()][0].startswith("sitegen-serve-")
    proc.send_signal(sig)
    assert proc.wait(timeout=30) == 0
    assert list((tmp_path / "tmp").iterdir()) == []
    assert "Traceback" not in (tmp_path / "serve-stderr.txt").read_text("utf-8")


def test_serve_on_a_taken_port_is_a_usage_error(make_site, run):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        code, _, err = run("serve", "--port", str(taken.getsockname()[1]), content=make_site())
    assert code == 2 and "--port" in err


def _get(url: str, host: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


def test_only_the_servers_own_address_is_answered(dev_server):
    """A page on evil.example whose name resolves to 127.0.0.1 (DNS rebinding) was answered on the landed main."""
    url, _, _ = dev_server
    port = url.rsplit(":", 1)[1].strip("/")
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        assert _get(url + "eit/2567/e7/", host)[0] == 200, host
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1:{int(port) + 1}", "127.0.0.1", "",
                 f"localhost.evil.example:{port}", f"127.0.0.1.nip.io:{port}"):
        code, body = _get(url + "eit/2567/e7/", host)
        assert code == 421 and b"127.0.0.1:PORT" in body and b"<html" not in body, host
    code, _ = _get(url + "_sitegen/events", f"evil.example:{port}")
    assert code == 421


def test_host_rules_when_listening_on_every_address():
    from sitegen.serve.reload import host_allowed

    assert host_allowed("192.168.1.5:8000", ("0.0.0.0", 8000)) and host_allowed("[fe80::1]:8000", ("::", 8000))
    assert not host_allowed("intranet.example:8000", ("0.0.0.0", 8000))
    assert not host_allowed("192.168.1.5:8000", ("127.0.0.1", 8000))


# --- serve keeps the site in memory: after every save it serves what a clean build makes ----------------------

RELOAD_TAG = re.compile(rb'<script src="/_sitegen/reload\.js" data-build="[^"]*" data-events="/_sitegen/events">'
                        rb"</script>")


def _served(url: str, path: str) -> bytes:
    with urllib.request.urlopen(url + urllib.parse.quote(path), timeout=60) as response:
        return RELOAD_TAG.sub(b"", response.read(), count=1)


def _serves_a_clean_build(content, url: str) -> None:
    """Every file of a clean build of ``content`` is served with its bytes (HTML without the reload tag)."""
    clean = build(content, TEMPLATES, dt.date(2024, 6, 1), url)
    assert clean.files
    for f in clean.files:
        assert _served(url, f.path) == (f.data if f.data is not None else f.source.read_bytes()), f.path


def test_every_save_serves_what_a_clean_build_makes(make_site, serve_site):
    """Through the real ``serve`` (watcher, build queue, the store it keeps, the write, the HTTP side): after each
    save, once the event stream names the new build, every file equals a clean build's."""
    content = make_site("-- actions/2567/2024-01-10-a.md --\n---\ntitle: ประชุม\ndate: 2567-01-10\nitems: [E7]\n"
                        "status: done\n---\nประชุมแล้ว\n")
    _, url = serve_site(content)
    action = content / "actions/2567/2024-01-10-a.md"
    saves = [
        lambda: action.write_text(action.read_text("utf-8") + "\nอีกย่อหน้าหนึ่ง\n", "utf-8"),  # a body
        lambda: (content / "eit/2567/E7.md").write_text(ITEM_E7.replace("งานประชาสัมพันธ์", "กองคลัง"), "utf-8"),
        lambda: action.rename(content / "actions/2567/2024-01-11-b.md"),
        lambda: (content / "eit/2567/E7.md").write_text(ITEM_E7.replace("responsible:", "responsable:"), "utf-8"),
        lambda: (content / "eit/2567/E7.md").write_text(ITEM_E7, "utf-8"),  # the broken save put right
        lambda: (content / "actions/2567/2024-01-11-b.md").unlink(),
    ]
    with urllib.request.urlopen(url + "_sitegen/events", timeout=120) as stream:
        def next_build(seen: str | None) -> str:
            while not (line := stream.readline().decode()).startswith("data: ") or line[6:].strip() == seen:
                assert line, "the event stream ended"
            return line[6:].strip()

        current = next_build(None)
        _serves_a_clean_build(content, url)
        for n, save in enumerate(saves):
            save()
            current = next_build(current)
            if n == 3:  # broken: the last good site stays, under the banner
                assert b"sitegen-errors" in _served(url, "eit/2567/e7/index.html")
                with pytest.raises(SiteErrors):
                    build(content, TEMPLATES, dt.date(2024, 6, 1), url)
            else:
                _serves_a_clean_build(content, url)


def test_what_serve_keeps_out_of_collection_is_still_collected_every_so_often():
    """``keep_heap``: after a build, the objects alive are left out of the collector's passes (a save's build then
    pays no pass over the loaded site); a cycle dropped later goes at the next whole collection."""
    import gc
    import weakref

    from sitegen.serve.serve import COLLECT_EVERY, keep_heap

    class Node:
        me: object = None

    node = Node()
    node.me = node  # a cycle: only the collector frees it
    gone = weakref.ref(node)
    try:
        keep_heap(1)
        del node
        gc.collect()
        assert gone() is not None  # frozen: passed over
        keep_heap(COLLECT_EVERY)
        assert gone() is None
    finally:
        gc.unfreeze()
