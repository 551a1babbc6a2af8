"""Incremental builds, dependencies: what a template read while it rendered one page.

A page is rendered with its inputs (``page``, ``site``, ``nav``, ``bodies``) wrapped in ``Tracked``
proxies. Every value a template reaches is logged as an observation: the path it was reached by
(``page.data.year.title``) and a token for what it saw (the value itself, a record's type, a tuple's
length, a body's HTML). Replaying those paths on a later model gives the same tokens exactly when the
template would see the same values, so a page's cache key (``render.pages``) is the hash of its tokens:
an edit re-renders exactly the pages that read it, whatever the templates (a site's own included) do.
Anything the proxies cannot follow (a method call, a value used whole) is observed whole by its digest.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass
from pathlib import PurePath, PurePosixPath
from typing import Any

from sitegen.model.records import Body

Step = str | int | tuple[str, str]
"""An attribute name, a sequence index, or a mapping key (``("k", key)`` / ``("p", path)``)."""
Op = tuple[str, int]
"""An observation of a node (a path: a step from an earlier node): ``"o"`` its value, ``"n"`` its length,
``"d"`` its digest, ``"h"`` the HTML of the body there."""

LEAVES = (str, int, float, bool, type(None), dt.date, enum.Enum, PurePath)
MISSING = "<missing>"


class Uncacheable(Exception):
    """A value the digest cannot name stably (a function, an object of unknown shape): render every time."""


class Log:
    """The paths a render took (each a step from an earlier one) and its observations, each with its token."""

    __slots__ = ("nodes", "index", "seen", "roots", "bodies", "digests")

    def __init__(self, roots: Mapping[str, object], bodies: Mapping[PurePosixPath, str],
                 digests: dict[int, tuple[object, str]]):
        self.nodes: list[tuple[int, Step]] = []
        self.index: dict[tuple[int, Step], int] = {}
        self.seen: dict[Op, str] = {}
        self.roots, self.bodies = roots, bodies
        self.digests = digests
        """Whole-value digests by id; each keeps its object alive, so no id is reused within the build."""

    def node(self, parent: int, step: Step) -> int:
        found = self.index.get((parent, step))
        if found is None:
            found = self.index[(parent, step)] = len(self.nodes)
            self.nodes.append((parent, step))
        return found

    def note(self, op: str, node: int, token: str) -> None:
        self.seen.setdefault((op, node), token)

    def root(self, name: str) -> Any:
        return wrap(self.roots[name], self.node(-1, name), self)


def observe(value: object) -> str:
    """The token of a value reached by a path: leaves by their repr, containers by their type."""
    if isinstance(value, LEAVES):
        return repr(value)
    return f"<{type(value).__name__}>"


def _step_key(key: object) -> Step:
    if isinstance(key, str):
        return ("k", key)
    if isinstance(key, PurePosixPath):
        return ("p", str(key))
    if isinstance(key, int) and not isinstance(key, bool):
        return key
    raise Uncacheable(f"mapping key {type(key).__name__}")


def wrap(value: object, node: int, log: Log) -> Any:
    """The value a template gets at ``node``: leaves as they are, containers and records tracked."""
    seen, op = log.seen, ("o", node)
    if isinstance(value, LEAVES):
        if op not in seen:
            seen[op] = repr(value)
        return value
    if op not in seen:
        seen[op] = f"<{type(value).__name__}>"
    if callable(value) and not is_dataclass(value):
        raise Uncacheable("a function in the model")
    return Tracked(value, node, log)


def unwrap(value: object) -> object:
    return value._value if isinstance(value, Tracked) else value


class Tracked:
    """A record, tuple or mapping seen through a path; every access is an observation."""

    __slots__ = ("_value", "_node", "_log")

    def __init__(self, value: object, node: int, log: Log):
        self._value, self._node, self._log = value, node, log

    def _whole(self) -> object:
        self._log.note("d", self._node, digest(self._value, self._log))
        return self._value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # protocol probes (markupsafe's __html__, copy's __deepcopy__ …)
            raise AttributeError(name)
        log = self._log
        node = log.index.get((self._node, name))
        if node is None:
            node = log.node(self._node, name)
        try:
            value = getattr(self._value, name)
        except AttributeError:
            self._log.note("o", node, MISSING)
            raise
        if callable(value) and not is_dataclass(value):  # a method: its result depends on the whole value
            self._whole()
            return value
        return wrap(value, node, self._log)

    def __getitem__(self, key: object) -> Any:
        value = self._value
        if isinstance(key, slice):
            items = self._items()
            return [items[i] for i in range(*key.indices(len(items)))]
        if not isinstance(value, (tuple, list, Mapping)):
            raise TypeError(f"{type(value).__name__} is not subscriptable")
        node = self._log.node(self._node, _step_key(unwrap(key)))
        try:
            found = value[unwrap(key)]  # type: ignore[index, call-overload]
        except (LookupError, TypeError):
            self._log.note("o", node, MISSING)
            raise
        return wrap(found, node, self._log)

    def _items(self) -> list[Any]:
        value = self._value
        if isinstance(value, Mapping):  # iterating a mapping gives its keys; the template sees all of them
            self._whole()
            return list(value)
        if not isinstance(value, (tuple, list)):
            raise TypeError(f"{type(value).__name__} is not iterable")
        log = self._log
        log.note("n", self._node, str(len(value)))
        return [wrap(v, log.node(self._node, i), log) for i, v in enumerate(value)]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items())

    def __reversed__(self) -> Iterator[Any]:
        return reversed(self._items())

    def __len__(self) -> int:
        if isinstance(self._value, Mapping):
            self._whole()
            return len(self._value)
        self._log.note("n", self._node, str(len(self._value)))  # type: ignore[arg-type]
        return len(self._value)  # type: ignore[arg-type]

    def __bool__(self) -> bool:
        if isinstance(self._value, (tuple, list, Mapping)):
            return len(self) > 0
        return bool(self._value)  # a record: its type is observed already

    def __contains__(self, item: object) -> bool:
        return unwrap(item) in self._whole()  # type: ignore[operator]

    def __eq__(self, other: object) -> bool:
        other = other._whole() if isinstance(other, Tracked) else other
        return bool(self._whole() == other)

    def __hash__(self) -> int:
        return hash(self._whole())

    def __str__(self) -> str:
        return str(self._whole())

    def __repr__(self) -> str:
        return repr(self._whole())


def body_html(body: object, bodies: Mapping[PurePosixPath, str]) -> str:
    """The HTML of a body (a Body record, tracked or not), observed by its hash when tracked."""
    if isinstance(body, Tracked):
        log = body._log
        html = log.bodies[body._value.rel]  # type: ignore[attr-defined]
        log.note("h", body._node, _html_token(html))
        return html
    return bodies[body.rel]  # type: ignore[attr-defined]


def _html_token(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()


def digest(value: object, log: Log) -> str:
    """A stable hash of a whole value (records by their fields, bodies with their HTML); memoised per build."""
    key = id(value)
    if (memo := log.digests.get(key)) is not None:
        return memo[1]
    h = hashlib.sha256()
    _feed(h, value, log)
    found = h.hexdigest()
    if not isinstance(value, LEAVES):  # leaves are cheap; a container is hashed once per build
        log.digests[key] = (value, found)
    return found


def _feed(h: Any, value: object, log: Log) -> None:
    if isinstance(value, LEAVES):
        h.update(f"{type(value).__name__}:{value!r};".encode("utf-8", "surrogatepass"))
    elif is_dataclass(value) and not isinstance(value, type):
        h.update(f"<{type(value).__qualname__}(".encode())
        for f in fields(value):
            h.update(digest(getattr(value, f.name), log).encode())
        if isinstance(value, Body):  # what a page shows of a body is its HTML
            h.update(_html_token(log.bodies.get(value.rel, "")).encode())  # type: ignore[attr-defined]
        h.update(b")>")
    elif isinstance(value, (tuple, list)):
        h.update(f"[{len(value)}:".encode())
        for v in value:
            h.update(digest(v, log).encode())
        h.update(b"]")
    elif isinstance(value, Mapping):
        h.update(f"{{{len(value)}:".encode())
        for k, v in value.items():
            h.update(digest(k, log).encode() + digest(v, log).encode())
        h.update(b"}")
    else:
        raise Uncacheable(type(value).__name__)


_FAILED = object()


def _step(value: Any, step: Any) -> object:
    if isinstance(step, str):
        return getattr(value, step)
    if isinstance(step, int):
        return value[step]
    kind, key = step
    return value[PurePosixPath(key) if kind == "p" else key]


def replay(nodes: list, ops: list, log: Log) -> list[str] | None:
    """The tokens the recorded observations give on this model (None when a value cannot be digested).

    ``nodes`` and ``ops`` as recorded (``Log.nodes``, ``Log.seen``), lists or tuples alike (from JSON)."""
    values: list[object] = []
    for parent, step in nodes:
        if parent < 0:
            values.append(log.roots.get(step, _FAILED))
            continue
        value = values[parent]
        if value is not _FAILED:
            try:
                value = _step(value, step)
            except (LookupError, AttributeError, TypeError, ValueError):
                value = _FAILED
        values.append(value)
    tokens = []
    try:
        for op, node in ops:
            value = values[node]
            if value is _FAILED:
                tokens.append(MISSING)
            elif op == "o":
                tokens.append(observe(value))
            elif op == "n":
                tokens.append(str(len(value)))  # type: ignore[arg-type]
            elif op == "d":
                tokens.append(digest(value, log))
            elif op == "h":
                tokens.append(_html_token(log.bodies[value.rel]))  # type: ignore[attr-defined]
            else:
                return None
    except (Uncacheable, LookupError, AttributeError, TypeError):
        return None
    return tokens
