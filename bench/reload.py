"""``sitegen serve``'s save-to-reload latency: the time from saving a content file to the reload message
the open browser gets over livereload's WebSocket (``/livereload``), as a browser would see it.

Needs tornado (livereload's own dependency, so present wherever ``sitegen serve`` works). The serve
process runs on a copy of the content, so nothing a user wrote is edited.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

from measure import BenchError

HELLO = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
# livereload ignores a change less than 3 s - delay after the last reload; wait longer between edits.
SETTLE = 3.5
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


class Messages:
    """The WebSocket's messages; a read that times out stays pending for the next one."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.pending: Any = None  # an asyncio future of the read in flight

    async def next(self, timeout: float) -> dict[str, Any] | None:
        """The next message, or None when none came within ``timeout`` seconds."""
        if self.pending is None:
            self.pending = asyncio.ensure_future(self.conn.read_message())
        try:
            text = await asyncio.wait_for(asyncio.shield(self.pending), timeout)
        except TimeoutError:
            return None
        self.pending = None
        if text is None:
            raise BenchError("sitegen serve closed the livereload connection")
        return dict(json.loads(text))

    async def drain(self, seconds: float) -> None:
        """Drop what arrives for ``seconds`` (the reload of the first build, of the last edit)."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            await self.next(left)


async def _latencies(port: int, edited: Path, repeat: int) -> list[float]:
    from tornado.websocket import websocket_connect

    conn = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
    messages = Messages(conn)
    await conn.write_message(json.dumps(HELLO))
    await messages.next(TIMEOUT)  # the server's hello
    await conn.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"}))
    original = edited.read_bytes()
    found = []
    try:
        for i in range(repeat):
            await messages.drain(SETTLE)
            edited.write_bytes(original + f"\nbench reload {i}\n".encode())
            saved = time.perf_counter()
            while True:
                message = await messages.next(TIMEOUT)
                if message is None:
                    raise BenchError(f"no reload within {TIMEOUT:.0f} s of saving {edited}")
                if message.get("command") == "reload":
                    found.append(time.perf_counter() - saved)
                    break
    finally:
        edited.write_bytes(original)
        conn.close()
    return found


def measure_reload(cmd: list[str], cwd: Path, port: int, edited: Path, repeat: int, log: Path) -> list[float]:
    """Start ``cmd`` (a ``sitegen serve`` on ``port``), edit ``edited`` ``repeat`` times and return the
    seconds from each save to the reload message. The server is stopped before returning."""
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/", proc, TIMEOUT)
            return asyncio.run(_latencies(port, edited, repeat))
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
