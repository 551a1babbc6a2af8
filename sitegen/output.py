"""The one record every stage after the model passes on: a file of the built site, in memory.

Its own module so that render, open data, write and serve share it without importing one another.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class OutputFile:
    """A file of the built site: ``data`` to write, or a ``source`` file to copy."""

    path: str
    """Relative to the output folder, POSIX separators."""
    data: bytes | None = None
    source: Path | None = None
    key: str = ""
    """What the bytes are made from, when the render stage knows it (a page's key): one path with one key has
    one content, so the write stage need not read a file it left with this key. "" when only the bytes tell."""
