"""Render stage, Markdown part: every document body of the site → sanitised HTML, each document once, and again
only when it could differ from what the store holds.

A body shown on several pages (a year's introduction on its measures page and every round report, an action on
its page and in the feed) is converted once here and looked up by its document afterwards. This runs before the
pages are rendered, so its link problems join every other stage's in one report.

A body's HTML depends on its text (and where it starts, for the lines of its messages) and on what each link it
contains resolves to. So an entry keeps, with the HTML and the problems found, every link the conversion asked
about and the answer it got; it is reused when the text is the same and every one of those links still gets the
same answer (a renamed target changes the answer, an unrelated new file does not). The answers are asked again
only when the site's link targets changed since they were given (``_targets_key``, kept in the entry). All bodies of
a site are kept in buckets (``incremental.buckets``: one read each, written only when they changed). Many bodies
to convert (a cold build) are converted in worker processes (``workers``): Markdown and nh3's sanitising are most of
the stage, and a body's conversion is its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from pathlib import PurePosixPath
from types import MappingProxyType

import jinja2
from markupsafe import Markup

from sitegen import workers
from sitegen.errors import SiteError
from sitegen.incremental.buckets import Buckets
from sitegen.incremental.store import MemoryStore, code_fingerprint, fingerprint
from sitegen.incremental.track import body_html
from sitegen.model.links import LinkError, Links, LinkTargets
from sitegen.model.records import Body, Site
from sitegen.render.markdown import make_markdown, render_markdown

BodyHtml = Mapping[PurePosixPath, str]
"""A document (content-relative path) → the HTML of its body."""

Answer = list[str]
"""``[target, "ok", url]`` or ``[target, "error", th, en]``."""
Problem = list  # [path, line, th, en, warning]: a SiteError as plain values (crosses processes, kept as JSON)
Converted = tuple[str, list[Answer], list[Problem]]
"""A body converted: its HTML, the links it asked about with their answers, its problems."""
Texts = Mapping[PurePosixPath, str]
"""A document → its Markdown body (``SourceDoc.body``)."""
Problems = Mapping[PurePosixPath, tuple[SiteError, ...]]
"""A document → the problems its body's conversion found (its links'; HTML taken out)."""

PARALLEL_MIN = 400
"""Bodies to convert below which worker processes cost more than they save."""
CHUNK = 64
_job: tuple[list[tuple[Body, str]], Links] | None = None
"""The bodies to convert and the site's links; set before the fork, inherited by the workers."""


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


def _body_key(body: Body, text: str) -> str:
    return fingerprint(str(body.rel), body.shown, str(body.line), text)


def _decode(payload: bytes) -> dict[str, dict]:
    try:
        found = json.loads(payload)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _encode(entries: dict[str, dict]) -> bytes:
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def _targets_key(targets: LinkTargets) -> str:
    """What every link's answer is a function of, besides the link and its document: the site's link targets
    and the code that resolves them."""
    return fingerprint(code_fingerprint(), targets.base_path, *sorted(f"{rel}\0{path}"
                                                                      for rel, path in targets.documents.items()),
                       "\0".join(map(str, targets.files)), "\0".join(map(str, targets.refused)))


def _reuse(entry: object, resolve: Callable[[str], str], targets: str) -> tuple[str, list[SiteError]] | None:
    """The entry's HTML and problems if every link it asked about gets the same answer today: certainly so when
    the entry's answers were given for today's link targets (``targets``), else each link is asked again (the
    10 000 bodies' links of an edit's build: a third of a second)."""
    try:
        assert isinstance(entry, dict)
        if entry.get("targets") != targets and any(_answer(resolve, a[0]) != a for a in entry["links"]):
            return None
        errors = [SiteError(p, line, th, en, warning) for p, line, th, en, warning in entry["errors"]]
        return str(entry["html"]), errors
    except (AssertionError, LookupError, TypeError, ValueError):  # a foreign or damaged entry: convert again
        return None


def _convert(bodies: list[tuple[Body, str]], links: Links) -> list[Converted]:
    md = make_markdown()
    out: list[Converted] = []
    for body, markdown in bodies:
        answers: list[Answer] = []
        found: list[SiteError] = []
        text = render_markdown(md, markdown, _recording(links.resolver(body.rel), answers), body.shown,
                               body.line, found)
        out.append((text, answers, [[str(e.path), e.line, e.th, e.en, e.warning] for e in found]))
    return out


def _convert_chunk(indices: list[int]) -> list[Converted]:
    assert _job is not None
    bodies, links = _job
    return _convert([bodies[i] for i in indices], links)


def _converted(bodies: list[tuple[Body, str]], links: Links) -> list[Converted]:
    """``_convert`` of ``bodies``, in worker processes when there are enough of them; in this process if a
    worker dies (converting in workers is only for speed)."""
    global _job
    if not bodies:
        return []
    _job = bodies, links
    try:
        done = workers.for_speed(_convert_chunk, list(range(len(bodies))), PARALLEL_MIN, CHUNK)
    finally:
        _job = None
    return done if done is not None else _convert(bodies, links)


def render_bodies(site: Site, texts: Texts, store: MemoryStore, place: str) -> tuple[BodyHtml, Problems, int]:
    """The HTML of every body the model lists (its Markdown in ``texts``), reused from ``store`` where it could not
    differ; each body's link problems and removed HTML (errors and warnings); and how many bodies were converted.
    ``place`` (the content folder) names the site's entry."""
    buckets: Buckets[str, dict] = Buckets(store, fingerprint("bodies", place), _encode, _decode, part=str)
    old = buckets.load()
    new: dict[str, dict] = {}
    links = Links(site.links)
    targets = _targets_key(site.links)
    found: dict[PurePosixPath, tuple[str, list[SiteError]]] = {}
    todo: list[tuple[Body, str]] = []
    for body in site.bodies:
        text = texts[body.rel]
        if body.rel in found or not text.strip():
            found.setdefault(body.rel, ("", []))
            continue
        key = _body_key(body, text)
        reused = _reuse(entry := old.get(key), links.resolver(body.rel), targets)
        if reused is None:
            found[body.rel] = ("", [])  # its place in the order; made below
            todo.append((body, text))
        else:
            assert isinstance(entry, dict)
            new[key] = entry if entry.get("targets") == targets else {**entry, "targets": targets}
            found[body.rel] = reused
    for (body, markdown), (text, answers, problems) in zip(todo, _converted(todo, links)):
        new[_body_key(body, markdown)] = {"links": answers, "html": text, "errors": problems, "targets": targets}
        found[body.rel] = text, [SiteError(*problem) for problem in problems]
    buckets.save(new)
    html = {rel: text for rel, (text, _) in found.items()}
    return MappingProxyType(html), MappingProxyType({rel: tuple(e) for rel, (_, e) in found.items()}), len(todo)


def convert_bodies(site: Site, texts: Texts, changed: Collection[PurePosixPath], before: BodyHtml
                   ) -> tuple[BodyHtml, Problems]:
    """``before`` with the bodies of the documents ``changed`` converted again from ``texts`` (none blank), and
    their problems: a save that changed only those bodies (serve's ``rebuild``). Nothing is kept in a store: the
    next whole build finds their entries changed and converts them again."""
    todo = [(body, texts[body.rel]) for body in dict.fromkeys(b for b in site.bodies if b.rel in changed)]
    html, problems = dict(before), {}
    for (body, _), (text, _, found) in zip(todo, _converted(todo, Links(site.links))):
        html[body.rel] = text
        problems[body.rel] = tuple(SiteError(*problem) for problem in found)
    return MappingProxyType(html), MappingProxyType(problems)


@jinja2.pass_context
def markdown_filter(context: jinja2.runtime.Context, body: Body | None) -> Markup:
    """``{{ action.body | markdown }}``: the body's HTML, from the ``bodies`` the page was rendered with."""
    if body is None:
        return Markup("")
    return Markup(body_html(body, context["bodies"]))  # a tracked body is observed by its HTML (incremental.track)
