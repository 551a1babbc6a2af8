"""Render stage, Markdown part: every document body of the site → sanitised HTML, each document once.

A body shown on several pages (a year's introduction on its measures page and every round report, an
action on its page and in the feed) is converted once here and looked up by its document afterwards.
Runs before the pages are rendered, so its link problems join every other stage's in one report.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from types import MappingProxyType

import jinja2
from markupsafe import Markup

from sitegen.errors import SiteError
from sitegen.render.markdown import make_markdown, render_markdown
from sitegen.model.records import Body, Site
from sitegen.incremental.track import body_html

BodyHtml = Mapping[PurePosixPath, str]
"""A document (content-relative path) → the HTML of its body."""


def render_bodies(site: Site) -> tuple[BodyHtml, list[SiteError]]:
    """The HTML of every body the model lists; link problems and removed HTML as errors and warnings."""
    md = make_markdown()
    errors: list[SiteError] = []
    html: dict[PurePosixPath, str] = {}
    for body in site.bodies:
        if body.rel in html:
            continue
        if not body.text.strip():
            html[body.rel] = ""
            continue
        html[body.rel] = render_markdown(md, body.text, site.resolver(body.rel), body.shown, body.line, errors)
    return MappingProxyType(html), errors


@jinja2.pass_context
def markdown_filter(context: jinja2.runtime.Context, body: Body | None) -> Markup:
    """``{{ action.body | markdown }}``: the body's HTML, from the ``bodies`` the page was rendered with."""
    if body is None:
        return Markup("")
    return Markup(body_html(body, context["bodies"]))  # a tracked body is observed by its HTML (track.py)
