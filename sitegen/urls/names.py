"""Web addresses of content files: a readable, unique site path for every file name, Thai included.

Decision: Thai letters are kept (``ประชุมสภา.md`` → ``/news/2567/ประชุมสภา/``). The link is
percent-encoded in the HTML, and the browser's address bar shows the Thai again, which is what a
citizen or an assessor reads; a transliteration would be unreadable to staff and ambiguous (Thai has
several romanisation systems). ``sitegen new`` names files by the same rule, so a file it writes
keeps its name as its address.

Rule: NFC, lower case, Thai digits → 0-9; ASCII letters, digits and Thai letters and marks are
kept, every other run of characters becomes one ``-``. A name that is already its web name keeps
it; a name that had to be changed yields to those and takes ``-2``, ``-3`` … when its web name is
taken (the validate stage warns about each change).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import PurePosixPath
from types import MappingProxyType

from sitegen.urls import scheme
from sitegen.fields import normalize_code
from sitegen.thai import arabic_digits

_NOT_KEPT = re.compile(r"[^a-z0-9\u0e01-\u0e3a\u0e40-\u0e4e]+")
MAX_NAME = 60
"""Characters of a web name that ``sitegen new`` makes from a title (a Thai letter is 9 bytes encoded)."""


def web_name(name: str) -> str:
    """``"2023-03-01 ประชุม สภา"`` → ``"2023-03-01-ประชุม-สภา"``; ``""`` when nothing is left."""
    text = arabic_digits(unicodedata.normalize("NFC", name)).lower()
    return _NOT_KEPT.sub("-", text).strip("-")


def is_web_name(name: str) -> bool:
    """Whether a file name is used unchanged as its web name."""
    return bool(name) and web_name(name) == name


def _natural(rel: PurePosixPath) -> tuple[str, tuple[str, ...], str] | None:
    """(prefix, name parts, suffix) of a file's site path before de-duplication, or None."""
    parts = rel.parts
    if parts[0] in ("actions", "news") and len(parts) == 3:
        return f"{parts[0]}/{parts[1]}/", (rel.stem,), "/"
    if parts[0] == "documents" and len(parts) >= 2:
        return "documents/", (*parts[1:-1], rel.stem), "/"
    if parts[0] == "pages" and len(parts) >= 2:
        return "", (*parts[1:-1], rel.stem), "/"
    return None


def _parts(rel: PurePosixPath) -> tuple[str, ...]:
    return rel.parts


def assign_paths(rels: Iterable[PurePosixPath]) -> Mapping[PurePosixPath, str]:
    """The site path of each content document (``news/2567/ประชุม/``); documents whose name has no
    letter or digit at all get none. Deterministic: names are taken in sorted order."""
    return _assigned(tuple(rels))


@lru_cache(maxsize=1)  # a build asks twice for the same documents (checks, links): a fifth of a second at 10 000
def _assigned(rels: tuple[PurePosixPath, ...]) -> Mapping[PurePosixPath, str]:
    out: dict[PurePosixPath, str] = {}
    changed: list[tuple[PurePosixPath, str, str]] = []
    for rel in sorted(set(rels), key=_parts):  # PurePath's order, its parts compared once per path, not per pair
        parts = rel.parts
        if parts[0] == "eit" and len(parts) == 3:
            out[rel] = scheme.year(parts[1]) if rel.name == "index.md" else scheme.item(parts[1],
                                                                                        normalize_code(rel.stem))
            continue
        natural = _natural(rel)
        if natural is None:
            continue
        prefix, names, suffix = natural
        webs = [web_name(n) for n in names]
        if not all(webs):
            continue
        path = prefix + "/".join(webs)
        if all(w == n for w, n in zip(webs, names)):  # each name is its web name (``is_web_name``)
            out[rel] = path + suffix  # a clash between two such names is the validate stage's error
        else:
            changed.append((rel, path, suffix))
    taken = set(out.values())
    for rel, path, suffix in changed:
        candidate, n = path, 1
        while candidate + suffix in taken:
            n += 1
            candidate = f"{path}-{n}"
        out[rel] = candidate + suffix
        taken.add(candidate + suffix)
    return MappingProxyType(out)  # shared by the callers of one build: read only


def was_renamed(rel: PurePosixPath, path: str) -> bool:
    """Whether ``path`` differs from the file's own name (so staff should be told its address)."""
    natural = _natural(rel)
    if natural is None:
        return False
    prefix, names, suffix = natural
    return path != prefix + "/".join(unicodedata.normalize("NFC", n) for n in names) + suffix
