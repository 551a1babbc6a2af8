"""The dev server's HTTP side: serve the built folder and tell open pages when to reload.

Pages get one ``<script src="/_sitegen/reload.js">`` (a file of the site's own origin, which the pages'
``default-src 'self'`` CSP allows; an inline script would be blocked), added while serving, so the
files on disk stay exactly what ``build`` writes. The script listens on ``/_sitegen/events``
(Server-Sent Events, also 'self') and reloads when the build it was served with is no longer the
newest. Comparing build ids instead of forwarding "reload" messages means no save is ever lost:
a page that connects after a build, or misses an event, still sees that its build is old.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import shutil
import sys
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

RELOAD_JS_PATH = "/_sitegen/reload.js"
EVENTS_PATH = "/_sitegen/events"
KEEPALIVE_SECONDS = 15.0  # a comment line this often finds closed pages, so their threads end

RELOAD_JS = b"""// sitegen serve: reload this page when a newer build is ready (not part of the built site).
(function () {
  var me = document.currentScript, build = me.dataset.build;
  var events = new EventSource(me.dataset.events);
  events.onmessage = function (e) { if (e.data !== build) { events.close(); location.reload(); } };
})();
"""


class ReloadChannel:
    """The id of the newest build, and a lock that keeps readers out while a build is swapped in.

    The ids carry a random per-run prefix, so a page left open across a restart of ``serve`` reloads too.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._run = secrets.token_hex(4)
        self._count = 0
        self.closed = False
        self.site_lock = threading.Lock()

    @property
    def build_id(self) -> str:
        return f"{self._run}-{self._count}"

    def publish(self) -> None:
        """A new build is in place: every open page reloads."""
        with self._changed:
            self._count += 1
            self._changed.notify_all()

    def wait(self, seen: str | None, timeout: float) -> str:
        """The build id, once it differs from ``seen`` (or after ``timeout`` seconds, or on close)."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self.build_id != seen, timeout)
            return self.build_id

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def inject_reload(html: bytes, build_id: str) -> bytes:
    """``html`` with the reload script tag before ``</head>`` (unchanged when there is no head)."""
    tag = (f'<script src="{RELOAD_JS_PATH}" data-build="{build_id}" data-events="{EVENTS_PATH}"></script>'
           ).encode()
    return html.replace(b"</head>", tag + b"</head>", 1)


class ReloadHandler(SimpleHTTPRequestHandler):
    """Static files from the site folder, HTML with the reload script, and the reload channel."""

    channel: ReloadChannel

    def __init__(self, *args, channel: ReloadChannel, **kwargs):
        self.channel = channel
        super().__init__(*args, **kwargs)

    def parse_request(self) -> bool:
        """Answer only requests for this server's own address: a page of another site whose name an attacker points
        at 127.0.0.1 (DNS rebinding) would otherwise read the preview as its own origin."""
        if not super().parse_request():
            return False
        if not host_allowed(self.headers.get("Host", ""), self.server.server_address):  # type: ignore[arg-type]
            self.close_connection = True
            self._send(HTTPStatus.MISDIRECTED_REQUEST, "text/plain; charset=utf-8",
                       b"sitegen serve answers only http://127.0.0.1:PORT/, http://localhost:PORT/ or "
                       b"http://[::1]:PORT/ (the address it listens on)\n")
            return False
        return True

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload must fetch the new CSS and files too
        super().end_headers()

    def log_message(self, format: str, *args) -> None:
        """Quiet: the terminal is for build problems, not one line per request."""

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == RELOAD_JS_PATH:
            self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", RELOAD_JS)
        elif path == EVENTS_PATH:
            self._stream_events()
        else:
            self._send_file(path)

    def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_file(self, path: str) -> None:
        local = Path(self.translate_path(path))
        if path.endswith("/") and local.is_dir():
            local = local / "index.html"
        # Read the id before the file: the file is then at least that new, so a page is never told
        # it is current when it is not (at worst it reloads once more).
        build_id = self.channel.build_id
        page: tuple[HTTPStatus, bytes] | None = None
        file: BinaryIO | None = None
        with self.channel.site_lock:  # not during a swap, when the folder is briefly missing
            if local.suffix == ".html" and local.is_file():
                page = (HTTPStatus.OK, local.read_bytes())
            elif not local.exists() and (missing := Path(self.directory) / "404.html").is_file():
                page = (HTTPStatus.NOT_FOUND, missing.read_bytes())
            else:
                file = self.send_head()  # any other file: the standard handler (or its redirect, 404)
        if page is not None:
            self._send(page[0], "text/html; charset=utf-8", inject_reload(page[1], build_id))
        elif file is not None:
            try:
                shutil.copyfileobj(file, self.wfile)
            finally:
                file.close()

    def _stream_events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.close_connection = True
        seen: str | None = None
        while not self.channel.closed:
            current = self.channel.wait(seen, KEEPALIVE_SECONDS)
            message = f"data: {current}\n\n" if current != seen else ": keep-alive\n\n"
            try:
                self.wfile.write(message.encode())
                self.wfile.flush()
            except OSError:  # the page was closed or reloaded
                return
            seen = current


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def host_allowed(header: str, bound: tuple) -> bool:
    """Whether a ``Host`` header names the address the server listens on, ``bound`` (host, port): its port, and
    ``localhost``, a loopback address or the bound address itself, or, when it listens on every address
    (``0.0.0.0``), any address written as numbers. Never another name: DNS rebinding needs one."""
    listening, port = str(bound[0]).lower(), bound[1]
    host, sep, given_port = header.strip().lower().rpartition(":")
    if not sep or given_port != str(port) or not host:
        return False
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if host in LOOPBACK_NAMES or host == listening:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or ipaddress.ip_address(listening).is_unspecified


class DevServer(ThreadingHTTPServer):
    daemon_threads = True  # a page's open event stream never keeps the process alive
    block_on_close = False

    def handle_error(self, request, client_address) -> None:
        """A page reloaded mid-download is normal (say nothing); anything else is one line, never a traceback."""
        error = sys.exception()
        if not isinstance(error, ConnectionError):
            print(f"sitegen: คำขอ HTTP ผิดพลาด ({error!r}) | HTTP request failed: {error!r}", file=sys.stderr)


def make_server(site_dir: Path, channel: ReloadChannel, host: str, port: int) -> DevServer:
    """Bind ``host:port`` (0 picks a free port); raises OSError when it is taken. Call serve_forever()."""
    handler = partial(ReloadHandler, channel=channel, directory=os.fspath(site_dir))
    return DevServer((host, port), handler)
