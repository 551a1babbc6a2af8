"""Load stage, site.yaml: read ``content/site.yaml`` into a SiteConfig."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from sitegen import messages
from sitegen.load.content import SourceDoc
from sitegen.load.tree import read_text, shown_path
from sitegen.load.yamllines import parse_yaml
from sitegen.errors import Invalid, SiteError, SiteErrors
from sitegen.load.filetypes import extra_refusal, normalize_extension
from sitegen.fields import Field, check_fields
from sitegen.urls.safety import url_problem

SITE_FIELDS = (
    Field("name", "text", required=True, th="ชื่อหน่วยงาน"),
    Field("short_name", "text", required=True, th="ชื่อย่อ"),
    Field("district", "text", required=True, th="อำเภอ"),
    Field("province", "text", required=True, th="จังหวัด"),
    Field("base_url", "text", required=True, th="ที่อยู่เว็บไซต์"),
    Field("digits", "choice", choices=("thai", "arabic"), default="thai", th="ตัวเลข"),
    Field("contact", "mapping", default={}, th="ช่องทางติดต่อ"),
    Field("attachment_types", "text_list", default=[], th="ชนิดไฟล์แนบที่เพิ่ม"),
)


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """The agency, from ``site.yaml``."""

    name: str
    short_name: str
    district: str
    province: str
    base_url: str
    """Absolute URL ending in ``/``, e.g. ``https://sratakhian.example/``."""
    digits: str
    """``thai`` or ``arabic``: the digits of numbers the site generates."""
    contact: tuple[tuple[str, str], ...]
    attachment_types: frozenset[str] = frozenset()
    """Extensions (lower case, no dot) the site adds to the attachments that may be published (``filetypes.py``)."""

    def __post_init__(self) -> None:
        # Every page, feed, sitemap and robots.txt line starts with base_url: it can never hold a line break.
        if problem := url_problem(self.base_url):
            raise Invalid(*problem)

    @property
    def base_path(self) -> str:
        """The path part of ``base_url`` (``/`` or ``/sub/``): every internal link starts with it."""
        return urlsplit(self.base_url).path


def check_base_url(value: str) -> str:
    """Return ``value`` ending in ``/``; raise Invalid unless it is an absolute
    http(s) URL on one line (urlsplit itself silently drops newlines and tabs, so check first)."""
    value = value.strip(" ")
    if problem := url_problem(value):
        raise Invalid(*problem)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise messages.NOT_A_WEB_ADDRESS.invalid()
    return value.rstrip("/") + "/"


def load_config(content_dir: Path, base_url: str | None = None) -> SiteConfig:
    """Read ``site.yaml`` from ``content_dir``; ``base_url`` (from the CLI) overrides the file's.

    Raises SiteError (or SiteErrors via the caller) with every problem found."""
    return read_config(content_dir, base_url)[0]


def read_config(content_dir: Path, base_url: str | None = None) -> tuple[SiteConfig, SourceDoc]:
    """``load_config`` with ``site.yaml`` as read (its values and their lines), on which the check stage warns
    about sample text that ``init`` wrote and nobody has edited yet.

    Raises SiteError (or SiteErrors via the caller) with every problem found.
    """
    rel = PurePosixPath("site.yaml")
    shown = shown_path(content_dir, rel)
    path = content_dir / rel
    if not path.is_file():
        raise messages.SITE_YAML_MISSING.error(shown, None)
    if not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(content_dir)):
        raise messages.SITE_YAML_SYMLINK.error(shown, None)
    parsed = parse_yaml(read_text(path, shown), shown, 1)
    meta, lines = parsed.meta, parsed.lines
    errors: list[SiteError] = []
    values = check_fields(meta, lines, SITE_FIELDS, shown, errors, "site.yaml", typed=parsed.typed)
    if base_url is not None:
        values["base_url"] = base_url
    elif "base_url" in values:
        values["base_url"] = meta["base_url"]  # as typed: the text check strips the line breaks to be checked
    if "base_url" in values:
        try:
            values["base_url"] = check_base_url(str(values["base_url"]))
        except Invalid as exc:
            errors.append(SiteError(shown, lines.get("base_url"), f"base_url {exc.th}", f"base_url {exc.en}"))
    types = _attachment_types(values.get("attachment_types", []), lambda i: lines.get(f"attachment_types[{i}]")
                              or lines.get("attachment_types"), shown, errors)
    if errors:
        raise SiteErrors(errors)
    contact = tuple(values["contact"].items())  # texts only: check_fields refused anything else
    config = SiteConfig(
        name=values["name"], short_name=values["short_name"], district=values["district"],
        province=values["province"], base_url=values["base_url"], digits=values["digits"],
        contact=contact, attachment_types=types,
    )
    return config, SourceDoc(rel, shown, meta, lines, "", 1, typed=parsed.typed)


def _attachment_types(entries: list[str], line_of, shown: str, errors: list[SiteError]) -> frozenset[str]:
    """The extensions of ``attachment_types``; one that would run script (or that servers do not know) is an
    error on its line, never added."""
    types = set()
    for i, entry in enumerate(entries):
        ext = normalize_extension(entry)
        if why := extra_refusal(ext):
            errors.append(messages.ATTACHMENT_TYPE_REFUSED.error(shown, line_of(i), entry=entry, why_th=why[0],
                                                                 why_en=why[1]))
        else:
            types.add(ext)
    return frozenset(types)
