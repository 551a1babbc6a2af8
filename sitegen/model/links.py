"""Model stage, links part: what a link written in content (``../eit/2566/index.md``, ``/news/``, ``files/x.pdf``)
may lead to, as data of the model (``LinkTargets``), and the rule that turns a link into the URL to publish, or a
LinkError saying why it leads nowhere (``Links``, which the render stage builds from that data)."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote

from sitegen.load.content import Content
from sitegen.urls.names import assign_paths
from sitegen.urls.safety import SAFE_SCHEMES, scheme_of, url_problem
from sitegen.urls.scheme import Urls


class LinkError(ValueError):
    """A link that leads nowhere; args are (th, en)."""


Resolver = Callable[[str], str]
"""Turns a link as written into the URL to publish; raises LinkError."""


@dataclass(frozen=True, slots=True)
class LinkTargets:
    """Everything a link in content can lead to: each document's site path (``urls.names``), the published files
    under ``files/`` and the refused ones, and the base path every link starts with."""

    base_path: str
    documents: Mapping[PurePosixPath, str]
    """Each Markdown document (content-relative, the unreadable ones too) → its site path."""
    files: tuple[PurePosixPath, ...]
    """The files under ``files/`` that are published."""
    refused: tuple[PurePosixPath, ...]
    """The files under ``files/`` that are not (their own error says why)."""


def link_targets(base_path: str, content: Content) -> LinkTargets:
    documents = assign_paths((*(d.rel for d in content.docs), *content.unreadable))
    return LinkTargets(base_path, documents, tuple(sorted(content.files)),
                       tuple(sorted(content.refused)))


class Links:
    """Resolves links written in content to published URLs (site paths from ``urls.names``, links from
    ``urls.scheme``), for one site's ``LinkTargets``."""

    def __init__(self, targets: LinkTargets):
        self.urls = Urls(targets.base_path)
        self.url, self.file_url = self.urls.url, self.urls.file_url
        self.docs = targets.documents
        self.paths = set(targets.documents.values())
        self.files = frozenset(targets.files)
        self.refused = frozenset(targets.refused)

    def resolver(self, source: PurePosixPath) -> Resolver:
        """The resolver of the links written in the document ``source`` (relative links start from its folder)."""
        def resolve(target: str) -> str:
            scheme = scheme_of(target)
            if problem := url_problem(target, spaces_allowed=scheme is None):
                raise LinkError(f"ลิงก์ {target.strip()!r} {problem[0]}", f"link {target.strip()!r}: {problem[1]}")
            if not target or target.startswith("#"):
                return target
            if scheme is not None:
                if scheme in SAFE_SCHEMES:
                    return target
                raise LinkError(
                    f"ลิงก์แบบ {scheme}: ใช้ไม่ได้ (อาจรันสคริปต์หรือแอบแฝงเนื้อหา) — ใช้ลิงก์ https:// หรือไฟล์ใน content/files/",
                    f"{scheme}: links are not allowed (they can run script or hide content) — link to https:// or to "
                    "a file in content/files/",
                )
            path, hash_, fragment = target.partition("#")
            path = unquote(path.split("?")[0]).replace("\\", "/")
            suffix = hash_ + fragment
            if path.startswith("/"):  # a site path typed by hand
                key = path.lstrip("/")
                if key == "" or key in self.paths or key + "/" in self.paths:
                    return self.url(key if key == "" or key in self.paths else key + "/") + suffix
                if PurePosixPath(key) in self.files:
                    return self.file_url(PurePosixPath(key)) + suffix
                raise LinkError(f"ไม่มีหน้า {target} ในเว็บไซต์ — ตรวจที่อยู่ลิงก์",
                                f"there is no page {target} on the site — check the link")
            joined = posixpath.normpath(posixpath.join(str(source.parent), path)) if path else str(source)
            if joined == ".." or joined.startswith("../"):
                raise LinkError(
                    f"ลิงก์ {target} ชี้ออกไปนอกโฟลเดอร์ content — ลิงก์ได้เฉพาะไฟล์ใน content/",
                    f"link {target} points outside the content folder — link only to files inside content/",
                )
            rel = PurePosixPath(joined)
            for candidate in (rel, rel / "index.md"):
                if candidate in self.docs:
                    return self.url(self.docs[candidate]) + suffix
            if rel in self.files:
                return self.file_url(rel) + suffix
            if rel in self.refused:
                raise LinkError(f"ลิงก์ {target} ชี้ไปที่ไฟล์ที่ไม่เผยแพร่ (ดูข้อผิดพลาดของไฟล์นั้น) — แก้ไฟล์นั้นก่อน",
                                f"link {target} points to a file that is not published (see its own error) — fix "
                                "that file first")
            raise LinkError(
                f"ลิงก์ {target} ชี้ไปที่ content/{rel} ซึ่งไม่มีอยู่ — ตรวจชื่อไฟล์และโฟลเดอร์ (เขียนตำแหน่งเทียบกับไฟล์นี้)",
                f"link {target} points to content/{rel}, which does not exist — check the name (paths are relative "
                "to this file)",
            )
        return resolve
