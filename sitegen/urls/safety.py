"""URL checks shared by the stages: control characters, whitespace, and the scheme a browser sees.

A URL is written into attributes, feeds, the sitemap and robots.txt; a newline in one would add a
line to robots.txt (``Disallow: /``) or split a feed. And browsers read ``java&#9;script:`` or
`` javascript:`` as ``javascript:``, so the scheme is taken the way the WHATWG URL parser takes it.
"""

from __future__ import annotations

import re

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
"""The URL schemes a link in content may use (and the sanitiser keeps)."""
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s")  # any Unicode white space: NBSP, U+2028, ideographic space …
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")


def url_problem(url: str, spaces_allowed: bool = False) -> tuple[str, str] | None:
    """(Thai, English) when ``url`` holds a control character (or white space, unless allowed:
    file paths may have spaces), with the fix; None when it is clean."""
    if found := _CONTROL.search(url):
        code = f"U+{ord(found.group()):04X}"
        return (f"มีอักขระควบคุมที่มองไม่เห็น ({code}) เช่น การขึ้นบรรทัดใหม่ — ลบอักขระนั้น ให้ที่อยู่อยู่ในบรรทัดเดียว",
                f"it holds an invisible control character ({code}), such as a line break — delete it, keep the "
                "address on one line")
    if not spaces_allowed and (found := _SPACE.search(url)):
        code = f"U+{ord(found.group()):04X}"
        return (f"มีช่องว่าง ({code}) อยู่ในที่อยู่เว็บ — ลบช่องว่าง หรือเขียนเป็น %20",
                f"it holds white space ({code}) — delete it, or write it as %20")
    return None


def scheme_of(url: str) -> str | None:
    """The scheme as a browser reads it (lower case), or None for a relative URL: leading and
    trailing C0 controls and spaces are stripped and tabs and newlines removed first."""
    if ":" not in url:  # the common case, made cheap: SVG files have thousands of attributes
        return None
    match = _SCHEME.match(_TAB_OR_NEWLINE.sub("", url.strip(_C0_OR_SPACE)))
    return match.group(1).lower() if match else None
