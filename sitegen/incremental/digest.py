"""Incremental builds, keys: a digest of the part of a value that a declaration (a *spec*) says counts.

A spec is one of:

- ``ALL``: the whole value: a leaf by its type and repr, a record by its type and every field, a sequence or
  mapping by every entry, a set by its entries' digests sorted, a ``Body`` with the identity of its HTML (what a
  page shows of it);
- ``HTML``: a ``Body`` by the identity of its HTML alone (the ``markdown`` filter's output);
- a dict ``{attribute: spec}``: a record by its type and those attributes (properties included);
- a one-element list ``[spec]``: a sequence by its type, its length and each element by ``spec``.

None (an optional record that is not there) and every leaf digest the same under any spec. Digests are memoised
by the value's identity and the spec's for the whole build, so a record shared by many pages (a year, its
items) is digested once per spec; the memo keeps each value alive, so no identity is reused within it.
The render stage declares what each kind of page shows in these terms (``render.reads``); the tests prove the
declarations against what the templates really read (``incremental.track``).
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from pathlib import PurePath, PurePosixPath
from typing import Any

from sitegen.model.records import Body


class Whole:
    """The spec of a whole value (``ALL``) or of a body's HTML (``HTML``)."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


ALL = Whole("ALL")
HTML = Whole("HTML")
Spec = Whole | dict[str, "Spec"] | list["Spec"]

LEAVES = (str, int, float, bool, type(None), dt.date, enum.Enum, PurePath)
_LEAF_TYPES = {str, int, float, bool, type(None), dt.date, dt.datetime, PurePosixPath}
MISSING = object()
SEP = "\x1f"
"""Between the parts of a digest: never in a part (a repr escapes control characters, a digest is hex)."""


class Undigestable(Exception):
    """A value of a shape the digest cannot name stably (a function, an object of unknown type)."""


_LEAF_BY_TYPE: dict[type, bool] = {}


def _is_leaf(value: object) -> bool:
    kind = type(value)
    found = _LEAF_BY_TYPE.get(kind)
    if found is None:  # once per type: an isinstance against every leaf type was a tenth of a page key
        found = _LEAF_BY_TYPE[kind] = kind in _LEAF_TYPES or isinstance(value, LEAVES)
    return found


def leaf_token(value: object) -> str:
    return "?" if value is MISSING else f"{type(value).__name__}:{value!r}"


def _sha(parts: list[str]) -> str:
    return hashlib.sha256(SEP.join(parts).encode("utf-8", "surrogatepass")).hexdigest()


_NAMES: dict[type, tuple[str, ...]] = {}


def field_names(kind: type) -> tuple[str, ...]:
    names = _NAMES.get(kind)
    if names is None:
        names = _NAMES[kind] = tuple(f.name for f in fields(kind))
    return names


class Digester:
    """Digests of values under specs for one build. ``html``: the identity of a body's HTML, given its path
    (a hash of the HTML, or of what the HTML is made from)."""

    def __init__(self, html: Callable[[PurePosixPath], str]):
        self.html = html
        self.memo: dict[tuple[int, int], tuple[object, str]] = {}

    def of(self, value: object, spec: Spec) -> str:
        """The digest of ``value`` under ``spec`` (a leaf: its token)."""
        if value is MISSING or _is_leaf(value):
            return leaf_token(value)
        key = (id(value), id(spec))
        hit = self.memo.get(key)
        if hit is not None:
            return hit[1]
        if spec is ALL:
            found = self._whole(value)
        elif spec is HTML:
            found = "html:" + self.html(value.rel)  # type: ignore[attr-defined]
        elif type(spec) is dict:
            found = _sha([type(value).__qualname__,
                          *(self._part(getattr(value, name, MISSING), sub) for name, sub in spec.items())])
        elif type(spec) is list:
            if not isinstance(value, (tuple, list)):
                raise Undigestable(f"{type(value).__name__} is not a sequence")
            sub = spec[0]
            found = _sha([type(value).__name__, str(len(value)), *(self._part(v, sub) for v in value)])
        else:
            raise TypeError(f"not a spec: {spec!r}")
        self.memo[key] = (value, found)
        return found

    def _part(self, value: object, spec: Spec) -> str:
        """``of``, with a leaf's token made here: most parts of a record are leaves, and the call was a third of
        a page key."""
        if _LEAF_BY_TYPE.get(type(value)):
            return f"{type(value).__name__}:{value!r}"
        return self.of(value, spec)

    def _whole(self, value: object) -> str:
        if isinstance(value, (tuple, list)):
            if all(_is_leaf(v) for v in value):
                return f"{type(value).__name__}:{value!r}"
            return _sha([type(value).__name__, str(len(value)), *(self._part(v, ALL) for v in value)])
        if is_dataclass(value) and not isinstance(value, type):
            kind = type(value)
            parts = [kind.__qualname__, *(self._part(getattr(value, name), ALL) for name in field_names(kind))]
            if kind is Body:  # what a page shows of a body is its HTML
                parts.append(self.html(value.rel))  # type: ignore[attr-defined]
            return _sha(parts)
        if isinstance(value, (frozenset, set)):  # no order of its own: its elements' digests sorted
            return _sha([type(value).__name__, str(len(value)), *sorted(self.of(v, ALL) for v in value)])
        if isinstance(value, Mapping):
            return _sha(["{}", str(len(value)), *(f"{self.of(k, ALL)}={self.of(v, ALL)}" for k, v in value.items())])
        raise Undigestable(type(value).__name__)


def covers(spec: Spec | None, steps: list[Any], op: str) -> bool:
    """Whether ``spec`` (of a root) covers an observation ``op`` (``incremental.track``: ``o`` a value or a
    record's type, ``n`` a length, ``d`` the whole value, ``h`` a body's HTML) made at the path ``steps``
    (attribute names, ``"*"`` for any index, ``("k", key)`` for a mapping key)."""
    for step in steps:
        if spec is ALL:
            return True
        if spec is None or isinstance(spec, Whole):
            return False
        if isinstance(spec, dict) and isinstance(step, str) and step != "*":
            spec = spec.get(step)
        elif isinstance(spec, list) and step == "*":
            spec = spec[0]
        else:
            return False
    if spec is ALL:
        return True
    if spec is None:
        return False
    if op == "h":
        return spec is HTML
    if op == "n":
        return isinstance(spec, list)
    return op == "o"  # a leaf's value or a record's type: every spec digests both
