"""``sitegen init``: a new site from the starter files shipped in ``sitegen/scaffold/files/``.

The scaffold rule (other parts of sitegen add files there and rely on it): every file under
``sitegen/scaffold/files/`` is written, keeping its relative path, where

- a path part starting with ``dot-`` becomes ``.`` + the rest (``dot-github/workflows/x.yml`` →
  ``.github/workflows/x.yml``): package data and editors handle dot-files badly;
- ``_fiscal_year_`` and ``_today_`` in a path part become the fiscal year (พ.ศ.) and today's ISO
  date (``content/eit/_fiscal_year_/index.md.j2`` → ``content/eit/2570/index.md``);
- a file ending in ``.j2`` is rendered with Jinja (autoescape off, StrictUndefined) with the
  answers (see ``Answers.context``), and the suffix is dropped; the filter ``yaml`` writes a value
  as a quoted YAML scalar, ``thai`` a number in Thai digits (the ``digits: thai`` init writes).
Everything here is pure; only ``write_files`` touches the disk, and it never overwrites.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

import jinja2

from sitegen import DISTRIBUTION
from sitegen.thai import be_year, fiscal_year, thai_digits

# Official abbreviations of the kinds of local government (longest first, so เทศบาลตำบล is not read as เทศบาล).
SHORT_FORMS = (
    ("องค์การบริหารส่วนจังหวัด", "อบจ."),
    ("องค์การบริหารส่วนตำบล", "อบต."),
    ("เทศบาลตำบล", "ทต."),
    ("เทศบาลเมือง", "ทม."),
    ("เทศบาลนคร", "ทน."),
)


def short_name_for(name: str) -> str:
    """``องค์การบริหารส่วนตำบลสระตะเคียน`` → ``อบต.สระตะเคียน``; other names are kept as they are."""
    name = name.strip()
    for full, short in SHORT_FORMS:
        if name.startswith(full) and len(name) > len(full):
            return short + name[len(full):].strip()
    return name


def requirement(version: str) -> str:
    """What an agency's CI installs: this very version from the package index, with the PDF extra (WeasyPrint),
    so that its published site is the one init's machine builds, with the round reports' PDFs."""
    return f"{DISTRIBUTION}[pdf]=={version}"


def be_iso(day: dt.date) -> str:
    """``2026-12-01`` → ``2569-12-01`` (the contract prefers Buddhist-era dates)."""
    return f"{be_year(day.year)}-{day.month:02d}-{day.day:02d}"


@dataclass(frozen=True, slots=True)
class Answers:
    """What ``init`` asks, with the derived values the starter files use."""

    name: str
    district: str
    province: str
    short_name: str
    base_url: str
    today: dt.date
    contact: dict[str, str] = field(default_factory=dict)
    sitegen_version: str = ""
    catalog_from: int | None = None
    """The newest year whose catalogs sitegen ships, when it ships none for this fiscal year."""
    issue_form: str = ""
    """The staff issue form of this fiscal year (``issueform.render_issue_form``)."""
    oit: tuple[tuple[str, str, str | None], ...] = ()
    """The fiscal year's OIT items as the build will have them: (code, title, the generated page that answers it)."""

    @property
    def fiscal_year(self) -> int:
        return fiscal_year(self.today)

    def context(self) -> dict[str, object]:
        fy = self.fiscal_year
        first = self.oit[0] if self.oit else ("O1", "โครงสร้าง", None)
        return {"name": self.name, "short_name": self.short_name, "district": self.district,
                "province": self.province, "base_url": self.base_url, "contact": self.contact,
                "fiscal_year": fy, "today": be_iso(self.today), "today_iso": self.today.isoformat(),
                "sitegen_version": self.sitegen_version, "catalog_from": self.catalog_from,
                "sitegen_requirement": requirement(self.sitegen_version), "issue_form": self.issue_form,
                "oit_first": {"code": first[0], "title": first[1]}, "images": False,
                "oit_auto": [{"code": code, "title": title, "page": _answering_page(kind, fy)}
                             for code, title, kind in self.oit if kind]}


def _answering_page(kind: str, fy: int) -> str:
    """Which generated page answers an OIT item of ``answers: kind`` (for the staff guide)."""
    return {"measures": f"เอกสารมาตรการ `/eit/{fy}/` (ไฟล์ `content/eit/{fy}/index.md`)",
            "report": f"รายงานรอบ ๖ และ ๑๒ เดือน `/eit/{fy}/report-…/`",
            "report_previous": f"รายงานรอบ ๑๒ เดือนของปีงบประมาณ {thai_digits(fy - 1)} `/eit/{fy - 1}/report-12-months/`",
            "contact": "หน้า \"ติดต่อเรา\" `/contact/` (จาก `contact:` ใน `content/site.yaml`)"}.get(kind, kind)


def target_path(rel: PurePosixPath, answers: Answers) -> PurePosixPath:
    """Where a scaffold file is written (the rule in the module docstring)."""
    parts = []
    for part in rel.parts:
        part = "." + part[4:] if part.startswith("dot-") else part
        part = part.replace("_fiscal_year_", str(answers.fiscal_year)).replace("_today_", answers.today.isoformat())
        parts.append(part)
    path = PurePosixPath(*parts)
    return path.with_suffix("") if path.suffix == ".j2" else path


def _walk(folder: Traversable, rel: PurePosixPath) -> list[tuple[PurePosixPath, Traversable]]:
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__" or entry.name.startswith("."):
            continue
        if entry.is_dir():
            out.extend(_walk(entry, rel / entry.name))
        else:
            out.append((rel / entry.name, entry))
    return out


def scaffold_sources() -> list[PurePosixPath]:
    """Every starter file, relative to ``sitegen/scaffold/files/``."""
    return [rel for rel, _ in _walk(resources.files("sitegen.scaffold") / "files", PurePosixPath())]


def _yaml_scalar(value: object) -> str:
    # A JSON string is a valid double-quoted YAML scalar: safe for any name, colon or quote included.
    return json.dumps(str(value), ensure_ascii=False)


STAFF_GUIDE = PurePosixPath("คู่มือเจ้าหน้าที่.md.j2")
"""The staff guide: written into every new site, and (with the sample's screenshots) the project's
docs/staff-guide.md."""


def _env() -> jinja2.Environment:
    env = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["yaml"] = _yaml_scalar
    env.filters["thai"] = thai_digits  # text init writes follows the digits: thai it writes into site.yaml
    return env


def render_scaffold(answers: Answers) -> list[tuple[PurePosixPath, bytes]]:
    """The files of a new site: (path relative to the site folder, content)."""
    env = _env()
    out = []
    for rel, entry in _walk(resources.files("sitegen.scaffold") / "files", PurePosixPath()):
        data = entry.read_bytes()
        if rel.suffix == ".j2":
            data = env.from_string(data.decode("utf-8")).render(answers.context()).encode("utf-8")
        out.append((target_path(rel, answers), data))
    return out


def staff_guide(answers: Answers, images: bool) -> str:
    """The staff guide alone; ``images``: with the screenshots of ``docs/img/`` (the project's own copy)."""
    template = (resources.files("sitegen.scaffold") / "files" / STAFF_GUIDE.as_posix()).read_text(encoding="utf-8")
    return _env().from_string(template).render({**answers.context(), "images": images})


def write_files(root: Path,
                files: list[tuple[PurePosixPath, bytes]]) -> tuple[list[PurePosixPath], list[PurePosixPath]]:
    """Write each file under ``root`` unless it exists; return (written, kept as they were).

    Existing files are skipped, not refused, so that ``init`` can be run again in a site to add
    starter files a newer sitegen ships (a workflow) without touching anything staff wrote."""
    written, kept = [], []
    for rel, data in files:
        path = root / rel
        if path.exists() or path.is_symlink():
            kept.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as handle:  # "x": never replace a file that appeared meanwhile
            handle.write(data)
        written.append(rel)
    return written, kept


def check_agency_name(name: str) -> str | None:
    """Why ``name`` cannot be the agency's full name, or None."""
    if not name.strip():
        return "ต้องมีชื่อหน่วยงาน | the agency's name is required"
    if re.search(r"[\x00-\x1f]", name):
        return "ชื่อมีอักขระควบคุม | the name holds control characters"
    return None
