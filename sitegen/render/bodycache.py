"""Render stage, Markdown part with the cache: a body's HTML is converted again only when it could differ.

A body's HTML depends on its text (and where it starts, for the lines of its messages) and on what each
link it contains resolves to. So an entry keeps, with the HTML and the problems found, every link the
conversion asked about and the answer it got; it is reused when the text is the same and every one of
those links still gets the same answer (a renamed target changes the answer, an unrelated new file does
not). All bodies of a site are one entry (one read, one write per build).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import PurePosixPath
from types import MappingProxyType

from sitegen.incremental.store import Store, fingerprint
from sitegen.render.bodies import BodyHtml
from sitegen.errors import SiteError
from sitegen.model.links import LinkError
from sitegen.render.markdown import make_markdown, render_markdown
from sitegen.model.records import Body, Site

Answer = list[str]
"""``[target, "ok", url]`` or ``[target, "error", th, en]``."""


def _answer(resolve: Callable[[str], str], target: str) -> Answer:
    try:
        return [target, "ok", resolve(target)]
    except LinkError as exc:
        return [target, "error", *map(str, exc.args)]


def _recording(resolve: Callable[[str], str], answers: list[Answer]) -> Callable[[str], str]:
    def recorded(target: str) -> str:
        answer = _answer(resolve, target)
        answers.append(answer)
        if answer[1] == "ok":
            return answer[2]
        raise LinkError(*answer[2:])
    return recorded


def _body_key(body: Body) -> str:
    return fingerprint(str(body.rel), body.shown, str(body.line), body.text)


def _load(store: Store, name: str) -> dict[str, dict]:
    payload = store.get(name)
    try:
        found = json.loads(payload) if payload else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _reuse(entry: object, resolve: Callable[[str], str]) -> tuple[str, list[SiteError]] | None:
    """The entry's HTML and problems if every link it asked about gets the same answer today."""
    try:
        assert isinstance(entry, dict)
        if any(_answer(resolve, a[0]) != a for a in entry["links"]):
            return None
        errors = [SiteError(p, line, th, en, warning) for p, line, th, en, warning in entry["errors"]]
        return str(entry["html"]), errors
    except (AssertionError, LookupError, TypeError, ValueError):  # a foreign or damaged entry: convert again
        return None


def render_bodies_cached(site: Site, store: Store, name: str) -> tuple[BodyHtml, list[SiteError], int]:
    """``bodies.render_bodies`` through the cache entry ``name``; also returns how many bodies were converted."""
    old = _load(store, name)
    new: dict[str, dict] = {}
    md = None
    errors: list[SiteError] = []
    html: dict[PurePosixPath, str] = {}
    converted = 0
    for body in site.bodies:
        if body.rel in html:
            continue
        if not body.text.strip():
            html[body.rel] = ""
            continue
        k = _body_key(body)
        resolve = site.resolver(body.rel)
        reused = _reuse(old.get(k), resolve)
        if reused is None:
            md = md or make_markdown()
            answers: list[Answer] = []
            found: list[SiteError] = []
            text = render_markdown(md, body.text, _recording(resolve, answers), body.shown, body.line, found)
            reused = text, found
            converted += 1
            new[k] = {"links": answers, "html": text,
                      "errors": [[str(e.path), e.line, e.th, e.en, e.warning] for e in found]}
        else:
            new[k] = old[k]
        html[body.rel], found = reused
        errors.extend(found)
    if converted or new.keys() != old.keys():
        store.put(name, json.dumps(new, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"))
    return MappingProxyType(html), errors, converted
