"""``sitegen serve``'s save-to-reload latency: the time from saving a content file to the new build's id on
serve's reload channel (Server-Sent Events at ``/_sitegen/events``), which is what makes the open page reload.

Standard library only. The serve process runs on a copy of the content, so nothing a user wrote is edited.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from measure import BenchError

EVENTS = "/_sitegen/events"
SETTLE = 0.5  # seconds between edits: serve queues every save, so no wait is needed for correctness
TIMEOUT = 600.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"sitegen serve exited with {proc.returncode} before serving")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.1)
    raise BenchError(f"sitegen serve did not answer at {url} within {timeout:.0f} s")


class Events:
    """The build ids serve announces on its event stream, read line by line."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        self.conn.request("GET", EVENTS)
        self.response = self.conn.getresponse()

    def next_build(self, seen: str | None) -> str:
        """Block until the stream names a build other than ``seen``; return its id."""
        while True:
            line = self.response.readline()
            if not line:
                raise BenchError("sitegen serve closed its event stream")
            text = line.decode().strip()
            if text.startswith("data:") and (build := text[5:].strip()) != seen:
                return build

    def close(self) -> None:
        self.conn.close()


def _latencies(port: int, edited: Path, repeat: int) -> list[float]:
    events = Events(port)
    current = events.next_build(None)  # the build on screen now
    original = edited.read_bytes()
    found = []
    try:
        for i in range(repeat):
            time.sleep(SETTLE)
            edited.write_bytes(original + f"\nbench reload {i}\n".encode())
            saved = time.perf_counter()
            current = events.next_build(current)
            found.append(time.perf_counter() - saved)
    finally:
        edited.write_bytes(original)
        events.close()
    return found


def measure_reload(cmd: list[str], cwd: Path, port: int, edited: Path, repeat: int, log: Path) -> list[float]:
    """Start ``cmd`` (a ``sitegen serve`` on ``port``), edit ``edited`` ``repeat`` times and return the
    seconds from each save to the reload message. The server is stopped before returning."""
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/", proc, TIMEOUT)
            return _latencies(port, edited, repeat)
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
