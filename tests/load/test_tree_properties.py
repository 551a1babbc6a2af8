"""Property test of the load stage against the file system: hypothesis builds content/ trees with
random bytes, random names (Thai, spaces, dots), FIFOs, sockets, empty folders and symlinks to files,
folders, loops, missing targets and outside content/. The build must answer 0 or 1, never raise,
never hang (an alarm guards each example), and every problem it prints must name a path."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import socket
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import ITEM_E7, SITE_YAML, TEMPLATES, ungroup
from sitegen.cli import main

HANG_SECONDS = 20  # an example running longer than this is a hang (a FIFO opened, a loop followed)
PLACES = ["", "files", "files/2567", "pages", "eit/2567", "actions/2567", "news/2567", "documents"]
KINDS = ["bytes", "markdown", "svg", "folder", "fifo", "socket", "link-file", "link-folder", "link-loop",
         "link-self", "link-missing", "link-outside", "link-up"]
SUFFIXES = ["", ".md", ".pdf", ".svg", ".html", ".yaml", ".MD", ".txt"]

name = st.lists(
    st.sampled_from(list("abcxyz019-_ .") + ["ก", "ข", "น้ำ", "ที่", "๒๕๖๗", "\u200b", "É", "e\u0301"]),
    min_size=1, max_size=6,
).map("".join).filter(lambda n: n not in (".", "..") and n.strip() == n and not n.startswith("."))
markdown = st.sampled_from([
    "---\ntitle: หน้า\n---\nข้อความ [ลิงก์](../files/x.pdf)\n",
    "---\ntitle: t\ndate: 2024-01-15\nitems: [E7]\nattachments: [files/x.pdf]\n---\n",
    ITEM_E7, "---\ntitle: [a, b]\n---\n", "",
]).map(str.encode)
svg = st.sampled_from([
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect onload="x()"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', b"<svg><g></svg>",
    b'<!DOCTYPE svg [<!ENTITY a "a">]><svg>&a;</svg>',
])


@st.composite
def entries(draw) -> list[tuple[str, str, bytes]]:
    """(relative path, kind, bytes) for up to 8 entries."""
    out = []
    for _ in range(draw(st.integers(0, 8))):
        place = draw(st.sampled_from(PLACES))
        rel = "/".join(p for p in (place, draw(name) + draw(st.sampled_from(SUFFIXES))) if p)
        kind = draw(st.sampled_from(KINDS))
        data = (draw(markdown) if kind == "markdown" else draw(svg) if kind == "svg"
                else draw(st.binary(max_size=200)) if kind == "bytes" else b"")
        out.append((rel, kind, data))
    return out


def _make(content: Path, outside: Path, rel: str, kind: str, data: bytes) -> None:
    path = content / rel
    if os.path.lexists(path) or not os.path.realpath(path.parent).startswith(os.path.realpath(content)):
        raise FileExistsError(rel)  # never write through an earlier entry's symlink (the outside file must stay)
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind in ("bytes", "markdown", "svg"):
        path.write_bytes(data)
    elif kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        with socket.socket(socket.AF_UNIX) as s, contextlib.chdir(path.parent):  # short name: paths are limited
            s.bind(path.name)
    else:
        target = {"link-file": content / "site.yaml", "link-folder": content / "eit",
                  "link-loop": path.with_name("loop"), "link-self": path, "link-missing": content / "gone.md",
                  "link-outside": outside, "link-up": content}[kind]
        if kind == "link-loop" and not os.path.lexists(path.with_name("loop")):
            path.with_name("loop").symlink_to(path.name)
        path.symlink_to(target)


class Hang(Exception):
    pass


def _alarm(*_):
    raise Hang(f"the build took more than {HANG_SECONDS} s")


def _event(text: str) -> None:
    with contextlib.suppress(Exception):  # outside @given (the parametrized cases) there are no statistics
        event(text)


def check_tree(tree: list[tuple[str, str, bytes]], command: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content, outside = Path(tmp) / "content", Path(tmp) / "secret.txt"
        outside.write_text("secret")
        (content / "eit/2567").mkdir(parents=True)
        (content / "site.yaml").write_text(SITE_YAML, "utf-8")
        (content / "eit/2567/E7.md").write_text(ITEM_E7, "utf-8")
        (content / "files").mkdir()
        (content / "files/x.pdf").write_bytes(b"%PDF-1.4\n")
        for rel, kind, data in tree:
            try:
                _make(content, outside, rel, kind, data)
            except OSError:  # a name taken by an earlier entry, a file where a folder should be …
                _event("entry not made")
        argv = [command, "--as-of", "2567-06-01", "--content", str(content), "--templates", str(TEMPLATES)]
        if command == "build":
            argv += ["--out", str(Path(tmp) / "output"), "--quiet"]  # its stages are progress, not problems
        err = io.StringIO()
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = main(argv)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        _event(f"exit {code}")
        assert code in (0, 1), err.getvalue()
        report = ungroup(err.getvalue())  # blocks of one kind written out as one line per place
        problems = [line for line in report.splitlines() if line.endswith("]")]
        assert len(problems) == len(report.splitlines()) - (code == 1)  # plus the count line
        for line in problems:
            assert line.startswith(("content/", "content:")), line  # every problem names its path
        if code == 0 and command == "build":
            assert (Path(tmp) / "output/index.html").is_file()
        assert outside.read_text() == "secret"


SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(max_examples=25, **SETTINGS)  # type: ignore[arg-type]
@given(entries(), st.sampled_from(["check", "build"]))
def test_random_trees_never_crash_or_hang(tree, command):
    check_tree(tree, command)


@pytest.mark.slow
@settings(max_examples=1000, **SETTINGS)  # type: ignore[arg-type]
@given(entries(), st.sampled_from(["check", "build"]))
def test_random_trees_never_crash_or_hang_slow(tree, command):
    check_tree(tree, command)


@pytest.mark.parametrize("kinds", [["fifo"], ["link-loop"], ["link-self"], ["link-up"], ["socket"], ["link-missing"]])
def test_each_hostile_kind_alone(kinds):
    check_tree([(f"pages/x{i}.md", kind, b"") for i, kind in enumerate(kinds)], "build")


def _printable_by_every_character(name: str) -> str:
    """``tree._printable_name`` as it was written before its shortcut: the reference."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join("\ufffd" if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 else c for c in text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",))) | st.binary().map(os.fsdecode))
def test_a_printable_name_is_what_every_character_checked_gives(name: str) -> None:
    """The shortcut for names with no control character and no undecodable byte changes no answer. Names as the
    disk gives them: any text but surrogates, or any bytes decoded as ``os.fsdecode`` does (undecodable bytes as
    the surrogates U+DC80–U+DCFF; another lone surrogate is no file name, and both ways raise on it)."""
    from sitegen.load.tree import _bad_name, _printable_name

    assert _printable_name(name) == _printable_by_every_character(name)
    assert _bad_name(name) == (_printable_by_every_character(name) != name)
