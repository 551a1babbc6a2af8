"""Load stage, attachments part: refuse files that would run script from the site's own origin,
and clean SVG images before they are copied.

Attachments under ``files/`` are served from the same origin as the pages. The pages' CSP is a
``<meta>`` tag inside each page, so it does not cover these files: an ``.html`` attachment, or an
SVG with ``<script>`` or ``onload=``, opened from the site would run its script with the site's
authority (read its pages, forge its forms, show fake notices under the agency's address).
Which types may be published is ``filetypes.py``'s judgement.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from xml.parsers import expat

from sitegen import messages
from sitegen.errors import SiteError
from sitegen.urls.safety import scheme_of

SVG_NS = "http://www.w3.org/2000/svg"
_XHTML_NS = "http://www.w3.org/1999/xhtml"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
# Elements that run script, embed other documents or pages, or redirect: removed with their content.
_ACTIVE = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "frame", "frameset",
           "applet", "base", "meta", "link", "audio", "video"}
_ANIMATION = {"set", "animate", "animatetransform", "animatemotion", "animatecolor"}
_URL_REF = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.IGNORECASE | re.DOTALL)
_SAFE_IMAGE_DATA = re.compile(r"data:image/(png|jpeg|gif|webp);", re.IGNORECASE)  # bitmaps cannot run script


@dataclass(frozen=True, slots=True)
class Cleaned:
    data: bytes
    removed: tuple[str, ...]
    """What was taken out (``<script>``, ``onload=``, ``href=javascript:``), in document order, once each."""


def _local(name: str) -> tuple[str, str]:
    """(namespace, lower-case local name) of an ElementTree name ``{ns}local``."""
    ns, _, local = name[1:].partition("}") if name.startswith("{") else ("", "", name)
    return ns, local.lower()


def _safe_href(tag: str, value: str) -> bool:
    """A local ``#fragment``; or a relative file beside the SVG; or (for ``<image>``) a bitmap data URL."""
    text = value.strip()
    if text.startswith("#"):
        return True
    if tag == "use":  # <use> of another file pulls in its script and handlers
        return False
    if tag == "image" and _SAFE_IMAGE_DATA.match(text):
        return True
    return (scheme_of(text) is None and not text.startswith(("/", "\\")) and ".." not in re.split(r"[/\\]", text)
            and not re.search(r"[\x00-\x20]", text))


def _outside_refs(css: str) -> bool:
    """CSS that fetches something or runs script: url() of anything but #fragment, @import, expression()."""
    if re.search(r"@import|expression\s*\(|javascript:|behavior\s*:", css, re.IGNORECASE):
        return True
    return any(not m.group(2).strip().startswith("#") for m in _URL_REF.finditer(css))


def _clean_element(el: ET.Element, removed: list[str]) -> None:
    for child in list(el):
        if not isinstance(child.tag, str):  # a comment: harmless text
            continue
        ns, tag = _local(child.tag)
        target = (child.get("attributeName") or "").strip().lower()
        if tag in _ACTIVE or ns == _XHTML_NS:
            removed.append(f"<{tag}>")
            el.remove(child)
        elif tag in _ANIMATION and (target.endswith("href") or target.startswith("on")):
            removed.append(f"<{tag} attributeName={target}>")  # would set a link or handler when played
            el.remove(child)
        elif tag == "style" and _outside_refs("".join(child.itertext())):
            removed.append("<style> (url/@import)")
            el.remove(child)
        else:
            _clean_attributes(child, tag, removed)
            _clean_element(child, removed)


def _clean_attributes(el: ET.Element, tag: str, removed: list[str]) -> None:
    for name, value in list(el.attrib.items()):
        ns, local = _local(name)
        scheme = scheme_of(value)
        if local.startswith("on"):
            removed.append(f"{local}=")
        elif local == "href" and not _safe_href(tag, value):
            removed.append(f"href={scheme}:" if scheme else "href=")
        elif ns == _XML_NS and local == "base":
            removed.append("xml:base=")
        elif ("url(" in value.lower() or local == "style") and _outside_refs(value):
            removed.append(f"{local}=url()")
        elif scheme in ("javascript", "vbscript", "data") and not (local == "href" and _safe_href(tag, value)):
            removed.append(f"{local}={scheme}:")
        else:
            continue
        del el.attrib[name]


class _Builder(ET.TreeBuilder):
    """Keeps comments; drops processing instructions (``<?xml-stylesheet?>`` can load an XSLT that runs script)."""

    def __init__(self, removed: list[str]):
        super().__init__(insert_comments=True)
        self.removed = removed

    def pi(self, target, text=None):  # type: ignore[no-untyped-def]
        self.removed.append(f"<?{target}?>")


def _prescan(data: bytes) -> dict[str, str]:
    """Parse once with expat alone: refuse a DTD or entity declaration (entities can expand to
    gigabytes or read local files) and collect the namespace prefixes, to write them back as they were."""
    prefixes: dict[str, str] = {}
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(*_: object) -> None:
        raise ValueError("DTD")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartNamespaceDeclHandler = lambda prefix, uri: prefixes.setdefault(uri, prefix or "")
    parser.Parse(data, True)
    return prefixes


def _with_prefixes(root: ET.Element, prefixes: dict[str, str]) -> ET.Element:
    """Write the namespaces back with the file's own prefixes (ElementTree would invent ns0:, ns1:
    through global state): names become ``prefix:local`` and the root declares every prefix."""
    if len(set(prefixes.values())) != len(prefixes):  # a prefix bound to two namespaces: keep ElementTree's names
        return root

    def name(qualified: str) -> str:
        if not qualified.startswith("{"):
            return qualified
        uri, _, local = qualified[1:].partition("}")
        if uri == _XML_NS:
            return f"xml:{local}"
        prefix = prefixes.get(uri)
        return qualified if prefix is None else f"{prefix}:{local}" if prefix else local

    for el in root.iter():
        if isinstance(el.tag, str):
            el.tag = name(el.tag)
            el.attrib = {name(k): v for k, v in el.attrib.items()}
    declared = {("xmlns:" + p if p else "xmlns"): uri for uri, p in sorted(prefixes.items(), key=lambda i: i[1])}
    root.attrib = {**declared, **root.attrib}
    return root


def clean_svg(data: bytes) -> Cleaned:
    """Remove from an SVG everything that can run script or fetch from outside. Unchanged bytes when
    nothing is removed (so a clean file is copied exactly). Raises ValueError("DTD") or expat.ExpatError."""
    prefixes = _prescan(data)
    removed: list[str] = []
    parser = ET.XMLParser(target=_Builder(removed))
    parser.feed(data)
    root = parser.close()
    ns, tag = _local(root.tag)
    if tag != "svg" or ns not in (SVG_NS, ""):  # an XHTML page saved as .svg would render as a page
        raise ValueError(f"the outermost element is <{tag}>, not <svg>")
    _clean_attributes(root, tag, removed)
    _clean_element(root, removed)
    if not removed:
        return Cleaned(data, ())
    text = ET.tostring(_with_prefixes(root, prefixes), encoding="unicode")
    return Cleaned(b'<?xml version="1.0" encoding="UTF-8"?>\n' + text.encode("utf-8") + b"\n",
                   tuple(dict.fromkeys(removed)))


def svg_problem(shown: str, data: bytes) -> tuple[Cleaned | None, SiteError | None]:
    """Clean an SVG attachment: (what to publish, a warning naming what was removed), or
    (None, an error) for an SVG that cannot be read safely."""
    try:
        cleaned = clean_svg(data)
    except (ValueError, expat.ExpatError, ET.ParseError) as exc:
        dtd = str(exc) == "DTD"
        th = "มี DTD หรือการประกาศ entity (<!DOCTYPE …>) ซึ่งไม่ปลอดภัย" if dtd else "อ่านเป็น SVG/XML ไม่ได้"
        en = ("it has a DTD or entity declaration (<!DOCTYPE …>), which is unsafe" if dtd
              else f"it cannot be read as SVG/XML ({exc})")
        return None, messages.SVG_REFUSED.error(shown, getattr(exc, "lineno", None), th=th, en=en)
    if not cleaned.removed:
        return cleaned, None
    what = ", ".join(cleaned.removed)
    return cleaned, messages.SVG_CLEANED.warning(shown, None, what=what)
