"""Load stage: find the content files, decode them, split front matter from the body (its YAML read by
``yamllines``), and check the attachments under ``files/``.

This is the only stage that reads content. It knows nothing about what the keys mean.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sitegen import messages
from sitegen.errors import SiteError
from sitegen.load.attachments import svg_problem
from sitegen.load.filetypes import refusal, refused_error
from sitegen.load.tree import Found, check_readable, read_bytes, read_text, shown_path, walk_content
from sitegen.load.yamllines import Parsed, parse_yaml


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """One Markdown document as written: front matter and body, with source line numbers (``site.yaml`` too, as
    its values without a body)."""

    rel: PurePosixPath
    """Path relative to the content folder, e.g. ``eit/2566/E7.md``."""
    shown: str
    """Path as shown in messages, e.g. ``content/eit/2566/E7.md``."""
    meta: dict[str, object]
    """The front matter, keys in file order."""
    lines: dict[str, int]
    """Line of each front-matter key (``"title"``) and list entry (``"measures[0]"``)."""
    body: str
    """The Markdown after the front matter."""
    body_line: int
    """File line on which ``body`` starts."""
    has_front_matter: bool = True
    typed: dict[str, str] = field(default_factory=dict)
    """Source text of the values YAML did not read as text (``"phone": "044123456"``)."""


@dataclass(frozen=True, slots=True)
class Content:
    """Everything the load stage found under the content folder."""

    root: Path
    docs: tuple[SourceDoc, ...]
    files: dict[PurePosixPath, int] = field(default_factory=dict)
    """Attachments under ``files/``: relative path → size in bytes."""
    others: tuple[PurePosixPath, ...] = ()
    """Files in places the contract gives no meaning to (reported by the validate stage)."""
    unreadable: tuple[PurePosixPath, ...] = ()
    """Markdown files that exist but could not be read (their error is already reported)."""
    cleaned: dict[PurePosixPath, bytes] = field(default_factory=dict)
    """Attachments published with changed bytes: SVG images with their script taken out."""
    refused: frozenset[PurePosixPath] = frozenset()
    """Files under ``files/`` that are not published (their error is already reported)."""
    walked: tuple[Found, ...] = ()
    """Every file the walk found (catalogs and site.yaml too), for the history stage: one walk per build."""


def split_front_matter(text: str, shown: str) -> tuple[str | None, int, str, int]:
    """Split ``---``-fenced front matter from the body.

    Returns (yaml text or None, its first file line, body, body's first file line).
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, 1, text, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), 2, "\n".join(lines[i + 1:]), i + 2
    raise messages.FRONT_MATTER_NOT_CLOSED.error(shown, 1)


def load_document(root: Path, rel: PurePosixPath) -> SourceDoc:
    """Read and split one Markdown file. Raises SiteError."""
    shown = shown_path(root, rel)
    text = read_text(root / rel, shown)
    fm, fm_line, body, body_line = split_front_matter(text, shown)
    parsed = parse_yaml(fm, shown, fm_line) if fm is not None else Parsed({}, {}, {})
    return SourceDoc(rel, shown, parsed.meta, parsed.lines, body, body_line, has_front_matter=fm is not None,
                     typed=parsed.typed)


def _load(root: Path, found: Found) -> SourceDoc:
    return load_document(root, found.rel)


def _is_document(rel: PurePosixPath) -> bool:
    return rel.parts[0] not in ("files", "catalogs") and rel.suffix.lower() == ".md"


def load_content(root: Path, attachment_types: frozenset[str] = frozenset(),
                 load: Callable[[Path, Found], SourceDoc] = _load,
                 prepare: Callable[[Path, list[Found]], None] | None = None) -> tuple[Content, list[SiteError]]:
    """Walk ``root`` in sorted order; return what was found and the problems met on the way.
    ``attachment_types``: the extensions site.yaml adds to the attachments that may be published. ``load``: how a
    document is read (``load_document``, or through the record cache of ``incremental.records``); ``prepare`` is
    told every document before the first is loaded (the record cache reads many in worker processes)."""
    found, errors = walk_content(root)
    if prepare is not None:
        prepare(root, [entry for entry in found if _is_document(entry.rel)])
    docs: list[SourceDoc] = []
    files: dict[PurePosixPath, int] = {}
    others: list[PurePosixPath] = []
    unreadable: list[PurePosixPath] = []
    cleaned: dict[PurePosixPath, bytes] = {}
    refused: set[PurePosixPath] = set()
    for entry in found:
        rel = entry.rel
        try:
            if rel.parts[0] == "files":
                size = _attachment(root, rel, entry.size, cleaned, refused, errors, attachment_types)
                if size is not None:
                    files[rel] = size
            elif rel.parts[0] == "catalogs":  # the agency's own catalogs: read and checked by the catalog stage
                continue
            elif _is_document(rel):
                docs.append(load(root, entry))
            elif rel != PurePosixPath("site.yaml"):
                others.append(rel)
        except SiteError as exc:
            errors.append(exc)
            if rel.suffix.lower() == ".md":
                unreadable.append(rel)
    content = Content(root, tuple(docs), files, tuple(others), tuple(unreadable), cleaned, frozenset(refused),
                      tuple(found))
    return content, errors


def _attachment(root: Path, rel: PurePosixPath, size: int, cleaned: dict[PurePosixPath, bytes],
                refused: set[PurePosixPath], errors: list[SiteError], types: frozenset[str]) -> int | None:
    """Check one file under files/: its size as published, or None when it is refused.
    Raises SiteError when it cannot be read."""
    shown = shown_path(root, rel)
    if why := refusal(rel.name, types):
        errors.append(refused_error(shown, why))
        refused.add(rel)
        return None
    if rel.suffix.lower() != ".svg":
        check_readable(root / rel, shown)
        return size
    result, problem = svg_problem(shown, read_bytes(root / rel, shown))
    if problem is not None:
        errors.append(problem)
    if result is None:
        refused.add(rel)
        return None
    if result.removed:
        cleaned[rel] = result.data
    return len(result.data)
