"""``sitegen serve``'s save-to-reload latency: the time from saving a content file to the new build's id on
serve's reload channel (Server-Sent Events at ``/_sitegen/events``), which is what makes the open page reload.

Standard library only. The serve process runs on a copy of the content, so nothing a user wrote is edited.
``run.py`` measures it on the seed; run this file to measure it on any content folder (a corpus of
``corpus.py``), optionally paired with another checkout of sitegen (the baseline), taking turns:

    python bench/reload.py --content /tmp/c1000/sitegen/content --repeat 5 --rounds 2 --baseline /tmp/main
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
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


def measure_reload(cmd: list[str], cwd: Path, port: int, edited: Path, repeat: int, log: Path,
                   env: dict[str, str] | None = None) -> list[float]:
    """Start ``cmd`` (a ``sitegen serve`` on ``port``, in the environment ``env``), edit ``edited`` ``repeat``
    times and return the seconds from each save to the reload message. The server is stopped before returning."""
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
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


AS_OF = "2567-10-15"  # run.py's: after both fiscal years of the corpus


def serve_once(content: Path, work: Path, repeat: int, checkout: Path | None = None) -> list[float]:
    """Latencies of one serve (this sitegen, or the one in ``checkout``) on a fresh copy of ``content``, with its
    own cache (the first build is cold, each save is then built from what that serve holds), an action body
    edited ``repeat`` times."""
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(content, work / "content")
    actions = sorted((work / "content" / "actions").rglob("*.md"))
    edited = actions[len(actions) // 2]
    port = free_port()
    cmd = [sys.executable, "-m", "sitegen", "serve", "--content", str(work / "content"), "--port", str(port),
           "--as-of", AS_OF]
    env = {k: v for k, v in os.environ.items() if k != "SITEGEN_CACHE_DIR"}
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
    try:
        return measure_reload(cmd, work, port, edited, repeat, work / "serve.log", env)
    finally:
        shutil.rmtree(work / "content", ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/reload.py", description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, required=True, help="the content folder (a copy is served)")
    parser.add_argument("--repeat", type=int, default=5, help="saves per serve (default 5)")
    parser.add_argument("--rounds", type=int, default=1, help="serves of each sitegen, taking turns (default 1)")
    parser.add_argument("--baseline", type=Path, help="a checkout of another sitegen to pair with (PYTHONPATH)")
    args = parser.parse_args(argv)
    found: dict[str, list[float]] = {"this": [], "baseline": []}
    with tempfile.TemporaryDirectory(prefix="sitegen-reload-") as tmp:
        for n in range(args.rounds):
            for name, checkout in (("this", None), ("baseline", args.baseline)):
                if name == "baseline" and checkout is None:
                    continue
                runs = serve_once(args.content.resolve(), Path(tmp) / name, args.repeat, checkout)
                print(f"round {n + 1} {name}: " + " ".join(f"{t * 1000:.0f}" for t in runs) + " ms", flush=True)
                found[name] += runs
    for name, runs in found.items():
        if runs:
            print(f"{name}: median {statistics.median(runs) * 1000:.0f} ms, min {min(runs) * 1000:.0f}, "
                  f"max {max(runs) * 1000:.0f} ({len(runs)} saves; load {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
