"""Load stage, attachments part: which file types may be published, judged by what web servers would send.

An attachment is served from the site's own origin, where the pages' CSP (a ``<meta>`` tag inside each
page) does not reach: a file a server sends as HTML, XHTML, any XML, SVG or JavaScript runs its script
with the site's authority. A list of refused suffixes always misses one (Debian's ``mime.types`` serves
``.xhtm`` as XHTML and ``.es`` as JavaScript), so this is an allowlist: the types agencies publish, each
checked by ``tests/load/test_attachments.py`` against the servers' own tables (``servertypes/``: Apache's,
nginx's, Debian's, and Python's ``mimetypes``), plus the extensions a site adds in ``site.yaml``
(``attachment_types``), which are judged by those tables when the site is built.

Servers read the type from the end of the name, case-insensitively; Apache reads every dot-separated
part of it (``report.php.pdf`` may run as PHP where ``.php`` has a handler; a last part it does not know
leaves the type of the one before it). So the last part must be allowed exactly (a name that ends in a dot
or a space is not what it looks like: Windows servers drop them), and no earlier part may be a type that
runs script or a server script.
"""

from __future__ import annotations

import functools
import mimetypes
import re
from importlib import resources
from types import MappingProxyType

from sitegen import messages
from sitegen.errors import SiteError

ALLOWED = MappingProxyType({  # (Thai, English) kind → extensions, as agencies publish them
    ("PDF", "PDF"): ("pdf",),
    ("รูปภาพ", "pictures"): ("jpg", "jpeg", "png", "gif", "webp", "bmp", "tif", "tiff", "avif", "svg"),
    ("เอกสารสำนักงาน", "office documents"): ("doc", "docx", "odt", "rtf", "ppt", "pptx", "pps", "ppsx", "odp"),
    ("ตารางคำนวณ", "spreadsheets"): ("xls", "xlsx", "ods", "csv"),
    ("ข้อความ", "plain text"): ("txt",),
    ("ไฟล์บีบอัด", "archives"): ("zip", "rar", "7z"),
    ("เสียงและวิดีโอ", "audio and video"): ("mp3", "m4a", "wav", "ogg", "oga", "mp4", "m4v", "webm", "mov", "avi",
                                           "wmv", "mpg", "mpeg"),
})
ALLOWED_EXTENSIONS = frozenset(ext for group in ALLOWED.values() for ext in group)

SERVER_SCRIPTS = frozenset({
    "php", "php3", "php4", "php5", "php7", "php8", "pht", "phtml", "phar", "phps", "asp", "aspx", "asa", "asax",
    "ascx", "ashx", "asmx", "axd", "cshtml", "vbhtml", "jsp", "jspx", "cfm", "cfml", "cgi", "fcgi", "pl", "py", "rb",
    "sh", "shtml", "shtm", "stm", "ssi", "htaccess", "htpasswd",
})
"""Extensions that hosts commonly hand to a program (PHP, ASP.NET, JSP, CGI, server-side includes)."""

TABLES = ("apache", "nginx", "debian")
"""The servers' type tables shipped in ``sitegen/load/servertypes/`` (sources and versions in SOURCES.md)."""

_EXTENSION = re.compile(r"[a-z0-9][a-z0-9_+-]{0,15}")


def script_capable(media_type: str) -> bool:
    """Whether a browser shown a file of this type may run script in it as a page of the site: HTML, XHTML,
    any XML (XHTML elements inside run), SVG, XSLT, JavaScript, Flash, HTML Components, MHTML and mail."""
    kind, _, sub = media_type.lower().partition("/")
    return (sub in ("html", "xml", "xsl", "x-shockwave-flash", "vnd.adobe.flash.movie", "x-component", "hta")
            or sub.endswith(("+xml", "html")) or sub.startswith(("xml-", "x-httpd-"))
            or kind in ("message", "multipart")
            or any(word in sub for word in ("javascript", "ecmascript", "jscript", "livescript", "vbscript",
                                            "server-parsed", "php")))


def _parse_apache(text: str) -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        for ext in words[1:]:
            table.setdefault(ext.lower(), set()).add(words[0].lower())
    return table


def _parse_nginx(text: str) -> dict[str, set[str]]:
    """nginx's ``types { type ext ext; … }`` block."""
    body = re.sub(r"#[^\n]*", "", text)
    body = body[body.index("{") + 1:body.rindex("}")]
    return _parse_apache("\n".join(body.split(";")))


@functools.cache
def server_tables() -> MappingProxyType[str, dict[str, frozenset[str]]]:
    """Each shipped table and Python's own (``python``: ``mimetypes`` without the system's files),
    as extension (lower case, no dot) → the types it is sent as."""
    folder = resources.files("sitegen.load") / "servertypes"
    tables = {}
    for name in TABLES:
        text = (folder / f"{name}.types").read_text(encoding="utf-8")
        parsed = _parse_nginx(text) if name == "nginx" else _parse_apache(text)
        tables[name] = {ext: frozenset(types) for ext, types in parsed.items()}
    python = mimetypes.MimeTypes(filenames=())
    pairs = [(ext, kind) for strict in (True, False) for ext, kind in python.types_map[strict].items()]
    tables["python"] = {}
    for ext, kind in pairs:
        tables["python"][ext.lstrip(".").lower()] = tables["python"].get(ext.lstrip(".").lower(), frozenset()) | {kind}
    return MappingProxyType(tables)


def sent_as(ext: str) -> dict[str, frozenset[str]]:
    """table → the types it sends a file ending in ``.ext`` as (tables that do not know it are left out)."""
    return {name: table[ext] for name, table in server_tables().items() if ext in table}


@functools.cache
def _dangerous() -> frozenset[str]:
    """Every extension that some table sends as a type that runs script, and the server scripts."""
    return frozenset({ext for table in server_tables().values() for ext, types in table.items()
                      if any(map(script_capable, types))} | SERVER_SCRIPTS)


def _runs_script(ext: str) -> tuple[str, str] | None:
    """(Thai, English) why a file ending in ``.ext`` would run script, or None."""
    if ext in SERVER_SCRIPTS:
        return ("เครื่องแม่ข่ายอาจรันไฟล์นี้เป็นโปรแกรม", "a web server may run it as a program")
    for name, types in sent_as(ext).items():
        for kind in sorted(types):
            if script_capable(kind):
                return (f"เครื่องแม่ข่ายส่งเป็น {kind} (ตาราง {name}) ซึ่งเบราว์เซอร์รันสคริปต์ในนามของเว็บไซต์นี้ได้",
                        f"servers send it as {kind} ({name}'s table), in which a browser runs script as this site")
    return None


def allowed_list() -> tuple[str, str]:
    """The allowed types as (Thai, English) text for messages."""
    th = "; ".join(f"{kind[0]} {' '.join('.' + e for e in exts)}" for kind, exts in ALLOWED.items())
    en = "; ".join(f"{kind[1]} {' '.join('.' + e for e in exts)}" for kind, exts in ALLOWED.items())
    return th, en


def refusal(name: str, extra: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """Why a file called ``name`` may not be published, as (Thai, English), or None when it may.
    ``extra``: the extensions the site's ``attachment_types`` adds (already judged by ``extra_refusal``)."""
    if name != name.rstrip(". "):
        return ("ชื่อไฟล์ลงท้ายด้วยจุดหรือช่องว่าง ซึ่งเครื่องแม่ข่ายบางแบบตัดทิ้งแล้วอ่านชนิดไฟล์จากส่วนก่อนหน้า",
                "the name ends in a dot or a space, which some servers drop before reading the type from what is left")
    parts = [part.lower() for part in name.split(".")[1:]]
    if not parts:
        return ("ชื่อไฟล์ไม่มีนามสกุลบอกชนิดไฟล์ เครื่องแม่ข่ายจึงส่งโดยไม่บอกชนิด และเบราว์เซอร์จะเดาเอง (อาจเป็นหน้าเว็บ)",
                "the name has no extension, so a server sends it without a type and the browser guesses one "
                "(possibly a web page)")
    for part in parts[:-1]:
        if part in _dangerous() and part not in ALLOWED_EXTENSIONS | extra:
            inner = _runs_script(part) or ("", "")
            return (f"ชื่อไฟล์มี .{part} อยู่ข้างใน และ Apache อ่านทุกส่วนของชื่อ: {inner[0]}",
                    f"the name holds .{part}, and Apache reads every part of a name: {inner[1]}")
    last = parts[-1]
    if last in ALLOWED_EXTENSIONS or last in extra:
        return None
    return _runs_script(last) or (f".{last} ไม่ใช่ชนิดไฟล์ที่เผยแพร่ได้", f".{last} is not a type that can be published")


def normalize_extension(value: str) -> str:
    """``".DWG"`` → ``"dwg"``."""
    return value.strip().lstrip(".").lower()


def extra_refusal(ext: str) -> tuple[str, str] | None:
    """Why a site may not add ``ext`` (normalised, no dot) to its attachment types, or None."""
    if not _EXTENSION.fullmatch(ext):
        return ("ไม่ใช่นามสกุลไฟล์ (ตัวอักษร a-z ตัวเลข - _ + ไม่เกิน 16 ตัว เช่น dwg)",
                "is not a file extension (up to 16 of a-z, 0-9, -, _, +, such as dwg)")
    if why := _runs_script(ext):
        return why
    if ext in _dangerous():
        return ("เป็นชนิดไฟล์ที่รันสคริปต์ได้", "is a type that can run script")
    if not all(ext in server_tables()[name] for name in ("apache", "debian")):
        return ("Apache ไม่รู้จักชนิดไฟล์นี้ จึงส่งโดยไม่บอกชนิด และเบราว์เซอร์จะเดาเอง (อาจเป็นหน้าเว็บที่มีสคริปต์)",
                "Apache does not know this type, so it sends such files without one and the browser guesses "
                "(possibly a web page with script)")
    return None


def refused_error(shown: str, why: tuple[str, str]) -> SiteError:
    """The error for an attachment ``refusal`` refused: why, the types that may be published, and the fixes."""
    kinds_th, kinds_en = allowed_list()
    return messages.ATTACHMENT_REFUSED.error(shown, None, why_th=why[0], kinds_th=kinds_th, why_en=why[1],
                                             kinds_en=kinds_en)
