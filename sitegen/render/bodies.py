"""Render stage, Markdown part: every document body of the site → sanitised HTML, each document once, and again
only when it could differ from what the store holds.

A body shown on several pages (a year's introduction on its measures page and every round report, an action on
its page and in the feed) is converted once here and looked up by its document afterwards. This runs before the
pages are rendered, so its link problems join every other stage's in one report.

A body's HTML depends on its text (and where it starts, for the lines of its messages) and on what each link it
contains resolves to. So an entry keeps, with the HTML and the problems found, every link the conversion asked
about and the answer it got; it is reused when the text is the same and every one of those links still gets the
same answer (a renamed target changes the answer, an unrelated new file does not). All bodies of a site are one
entry (one read, one write per build).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath
from types import MappingProxyType

import jinja2
from markupsafe import Markup

from sitegen.errors import SiteError
from sitegen.incremental.store import MemoryStore, fingerprint
from sitegen.incremental.track import body_html
from sitegen.model.links import LinkError, Links
from sitegen.model.records import Body, Site
from sitegen.render.markdown import make_markdown, render_markdown

BodyHtml = Mapping[PurePosixPath, str]
"""A document (content-relative path) → the HTML of its body."""

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


def _decode(payload: bytes) -> dict[str, dict]:
    try:
        found = json.loads(payload)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _encode(entries: dict[str, dict]) -> bytes:
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


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


def render_bodies(site: Site, store: MemoryStore, place: str) -> tuple[BodyHtml, list[SiteError], int]:
    """The HTML of every body the model lists, reused from ``store`` where it could not differ; link problems and
    removed HTML as errors and warnings; and how many bodies were converted. ``place`` (the content folder) names
    the site's entry."""
    name = fingerprint("bodies", place)
    old = store.get_object(name, _decode) or {}
    new: dict[str, dict] = {}
    md = None
    errors: list[SiteError] = []
    html: dict[PurePosixPath, str] = {}
    converted = 0
    links = Links(site.links)
    for body in site.bodies:
        if body.rel in html:
            continue
        if not body.text.strip():
            html[body.rel] = ""
            continue
        key = _body_key(body)
        resolve = links.resolver(body.rel)
        reused = _reuse(old.get(key), resolve)
        if reused is None:
            md = md or make_markdown()
            answers: list[Answer] = []
            found: list[SiteError] = []
            text = render_markdown(md, body.text, _recording(resolve, answers), body.shown, body.line, found)
            reused = text, found
            converted += 1
            new[key] = {"links": answers, "html": text,
                        "errors": [[str(e.path), e.line, e.th, e.en, e.warning] for e in found]}
        else:
            new[key] = old[key]
        html[body.rel], found = reused
        errors.extend(found)
    if converted or new.keys() != old.keys():
        store.put_object(name, new, _encode)
    return MappingProxyType(html), errors, converted


@jinja2.pass_context
def markdown_filter(context: jinja2.runtime.Context, body: Body | None) -> Markup:
    """``{{ action.body | markdown }}``: the body's HTML, from the ``bodies`` the page was rendered with."""
    if body is None:
        return Markup("")
    return Markup(body_html(body, context["bodies"]))  # a tracked body is observed by its HTML (incremental.track)
