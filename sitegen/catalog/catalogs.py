"""Catalog stage: the official IIT and EIT questions and OIT items per fiscal year, kept as YAML data.

Catalogs come from three places, later ones winning for a year: the files shipped in
``sitegen/catalog/data/``, the agency's own ``content/catalogs/eit-<FY>.yaml`` / ``iit-<FY>.yaml`` / ``oit-<FY>.yaml``
(a file replaces that year's shipped catalog whole: one file is the whole truth for its year, and an
agency that wants to change one item starts from ``sitegen catalog FY --export``), and
``catalog_from: <FY>`` in a year's ``eit/<FY>/index.md`` (the year follows an earlier year's
catalog, every item marked unverified). Every file is checked with ``path:line`` messages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from sitegen import messages
from sitegen.catalog.schema import PREFIX, TOOLS, check_catalog
from sitegen.load.tree import read_text
from sitegen.load.yamllines import parse_yaml_mapping, yaml_lines
from sitegen.errors import SiteError, SiteErrors
from sitegen.thai import arabic_digits

_FILE = re.compile(r"(eit|iit|oit)-(\d{4})\.yaml")
KINDS = ("eit", "iit", "oit")
"""The kinds of catalog file (``sitegen catalog --kind``)."""


@dataclass(frozen=True, slots=True)
class Indicator:
    """An ITA indicator, e.g. 7 ประสิทธิภาพการสื่อสาร."""

    number: int
    name: str


@dataclass(frozen=True, slots=True)
class Question:
    """One question of the EIT (E1 … E15) or IIT (i1 … i30) as worded on that year's form."""

    code: str
    number: int
    indicator: Indicator
    question: str
    """The wording; "" where no source gives it (the shipped IIT questions)."""
    options: tuple[str, ...]
    """The check-box options printed under the question (may be empty)."""
    verified: bool
    """False where the wording (for IIT also its indicator) is not confirmed against the official manual."""
    tool: str = "EIT"


EitQuestion = Question
"""The name of ``Question`` before IIT questions joined it."""


@dataclass(frozen=True, slots=True)
class EitCatalog:
    """The questions of one tool (EIT, or IIT) for one fiscal year, in form order."""

    fiscal_year: int
    questions: Mapping[str, Question]
    """Read-only (catalogs are shared by every build of the process)."""
    indicators: tuple[Indicator, ...]
    source: str
    follows: int | None = None
    """The earlier year whose catalog this year follows (``catalog_from``), if any."""
    tool: str = "EIT"


QuestionCatalog = EitCatalog
"""An EIT or IIT catalog: the two have one shape."""


@dataclass(frozen=True, slots=True)
class OitItem:
    """One OIT item: something the agency website must show, checked by the assessors."""

    code: str
    title: str
    indicator: Indicator
    """9 การเปิดเผยข้อมูล or 10 การป้องกันการทุจริต."""
    subindicator: str
    """e.g. ``"9.1 ข้อมูลพื้นฐาน"``."""
    group: str
    period: str
    """What the data must cover: one of PERIODS."""
    hint: str
    verified: bool
    answers: str | None
    """One of ANSWER_KINDS: answered automatically by a generated page."""


@dataclass(frozen=True, slots=True)
class OitCatalog:
    fiscal_year: int
    items: Mapping[str, OitItem]
    """In official order; read-only."""
    verified: bool
    source: str
    follows: int | None = None

    def answering(self, kind: str) -> tuple[OitItem, ...]:
        """The items a generated page of this kind answers: any codes, or none (2568 may have no
        measures item)."""
        return tuple(i for i in self.items.values() if i.answers == kind)

    def answered_by(self, kind: str) -> OitItem | None:
        return next(iter(self.answering(kind)), None)


@dataclass(frozen=True, slots=True)
class Catalogs:
    """The catalogs in force for a site, by fiscal year (พ.ศ.)."""

    eit: Mapping[int, EitCatalog]
    oit: Mapping[int, OitCatalog]
    """Read-only, like ``iit``: the shipped ones are cached for the process, and each build shares them."""
    iit: Mapping[int, EitCatalog] = field(default_factory=lambda: MappingProxyType({}))

    def of(self, kind: str) -> Mapping[int, EitCatalog] | Mapping[int, OitCatalog]:
        """The catalogs of one kind (eit, iit, oit)."""
        if kind == "oit":
            return self.oit
        return self.iit if kind == "iit" else self.eit


@dataclass(frozen=True, slots=True)
class Subject:
    """What one item of a year's measures answers (its "ประเด็นที่ต้องปรับปรุง"): a question of the IIT or EIT, an
    item of the OIT, or a whole indicator of one of them."""

    key: str
    """The code an item file is named by and actions name it by: ``E7``, ``I4``, ``O21``, or ``IIT-4``."""
    tool: str
    """IIT, EIT or OIT."""
    indicator: Indicator
    question: str
    """The catalog's wording, the OIT item's title, or "" (a whole indicator; an IIT question without wording)."""
    options: tuple[str, ...]
    verified: bool
    order: int
    """Its place in the year's official order: tool (IIT, EIT, OIT), indicator, the whole indicator, then questions."""
    whole: bool = False
    """A whole indicator rather than one question."""
    movable: bool = False
    """The catalog's indicator is unconfirmed (IIT), so an item file may name another of the tool's."""


def tool_of(key: str) -> str | None:
    """The tool a subject key belongs to (``I4`` → IIT, ``OIT-9`` → OIT), or None."""
    if key[:3] in TOOLS and key[3:4] == "-":
        return key[:3]
    return next((tool for tool, prefix in PREFIX.items() if key[:1] == prefix and key[1:].isdigit()), None)


def year_subjects(fy: int, catalogs: Catalogs) -> dict[str, Subject]:
    """Every subject an item of ``fy`` may answer, by key, in the official order; a tool without a
    catalog for ``fy`` has none."""
    rows: list[tuple[str, str, Indicator, str, tuple[str, ...], bool]] = []  # (key, tool, indicator, text, options, ok)
    for tool in TOOLS:
        if tool == "OIT":
            oit = catalogs.oit.get(fy)
            items = oit.items.values() if oit else ()
            rows.extend((i.code, tool, i.indicator, i.title, (), i.verified) for i in items)
            continue
        catalog = (catalogs.iit if tool == "IIT" else catalogs.eit).get(fy)
        rows.extend((q.code, tool, q.indicator, q.question, q.options, q.verified)
                    for q in (catalog.questions.values() if catalog else ()))
    out: dict[str, Subject] = {}
    for key, tool, indicator, text, options, verified in rows:
        whole = f"{tool}-{indicator.number}"
        if whole not in out:
            out[whole] = Subject(whole, tool, indicator, "", (), True, len(out), whole=True)
        movable = tool == "IIT" and not verified
        out[key] = Subject(key, tool, indicator, text, options, verified, len(out), movable=movable)
    return out


# --- parsing: checked data → catalogs ---------------------------------------------------------

def _questions(data: dict, base: EitCatalog | None, tool: str) -> EitCatalog:
    verified_default = data.get("verified", True)
    fy = data["fiscal_year"]
    if base is not None:
        inherited = {code: replace(q, verified=q.verified and verified_default) for code, q in base.questions.items()}
        return EitCatalog(fy, MappingProxyType(inherited), base.indicators, data.get("source", ""), tool=tool)
    questions: dict[str, Question] = {}
    indicators = []
    for ind in data["indicators"]:
        indicator = Indicator(ind["number"], ind["name"])
        indicators.append(indicator)
        for item in ind["items"]:
            code = item["code"]
            questions[code] = Question(code, int(code[1:]), indicator, item.get("question", ""),
                                       tuple(item.get("options", ())), item.get("verified", verified_default), tool)
    return EitCatalog(fy, MappingProxyType(questions), tuple(indicators), data.get("source", ""), tool=tool)


def _oit(data: dict) -> OitCatalog:
    default = data.get("verified", True)
    items: dict[str, OitItem] = {}
    for ind in data["indicators"]:
        indicator = Indicator(ind["number"], ind["name"])
        for sub in ind["subindicators"]:
            for group in sub["groups"]:
                for item in group["items"]:
                    items[item["code"]] = OitItem(
                        item["code"], item["title"], indicator, f"{sub['number']} {sub['name']}", group["name"],
                        item["period"], item.get("hint", ""), item.get("verified", default), item.get("answers"))
    return OitCatalog(data["fiscal_year"], MappingProxyType(items), default, data.get("source", ""))


def read_catalog_file(text: str, shown: str, kind: str, fy: int | None) -> tuple[dict | None, list[SiteError]]:
    """Parse and check one catalog file's text; ``fy`` is the year its name says (None: any)."""
    try:
        raw, _ = parse_yaml_mapping(text, shown, 1)
    except SiteError as exc:  # the loader speaks of front matter; a catalog is a whole YAML file
        th = exc.th.replace("ส่วนหัว (front matter) ", "ไฟล์ YAML ").replace("ส่วนหัว", "ไฟล์ YAML ")
        return None, [SiteError(exc.path, exc.line, th, exc.en.replace("front matter", "YAML file"))]
    lines = yaml_lines(text)
    data, errors = check_catalog(raw, lines, shown, kind)
    if not errors and fy is not None and data["fiscal_year"] != fy:
        errors.append(messages.CATALOG_YEAR_MISMATCH.error(shown, lines.get(("fiscal_year",)), year=data["fiscal_year"],
                                                           kind=kind, fy=fy))
    return (None if errors else data), errors


def _based_on(data: dict, shown: str, text: str, kind: str,
              same: dict[int, EitCatalog]) -> tuple[EitCatalog | None, list[SiteError]]:
    base_fy = data.get("based_on")
    if base_fy is None:
        return None, []
    if base_fy in same and base_fy < data["fiscal_year"]:
        return same[base_fy], []
    known = ", ".join(map(str, sorted(y for y in same if y < data["fiscal_year"]))) or "-"
    tool = kind.upper()
    return None, [messages.BASED_ON_UNKNOWN.error(shown, yaml_lines(text).get(("based_on",)), tool=tool,
                                                  base_fy=base_fy, year=data["fiscal_year"], known=known)]


Found = dict[str, dict]
"""Catalogs being gathered, by kind (eit, iit, oit) and fiscal year."""


def _merge(files: list[tuple[int, str, str, str]], found: Found) -> list[SiteError]:
    """Add (fy, kind, shown, text) catalog files to ``found`` in year order; return the problems."""
    errors: list[SiteError] = []
    for fy, kind, shown, text in sorted(files, key=lambda f: (f[0], f[1])):
        data, problems = read_catalog_file(text, shown, kind, fy)
        errors.extend(problems)
        if data is None:
            continue
        if kind == "oit":
            found["oit"][fy] = _oit(data)
            continue
        base, problems = _based_on(data, shown, text, kind, found[kind])
        errors.extend(problems)
        if not problems:
            found[kind][fy] = _questions(data, base, kind.upper())
    return errors


def _catalogs(found: Found) -> Catalogs:
    return Catalogs(MappingProxyType(found["eit"]), MappingProxyType(found["oit"]), MappingProxyType(found["iit"]))


@functools.cache
def _shipped() -> Catalogs:
    files = []
    for entry in (resources.files("sitegen.catalog") / "data").iterdir():
        if match := _FILE.fullmatch(entry.name):
            files.append((int(match.group(2)), match.group(1), f"sitegen/catalog/data/{entry.name}",
                          entry.read_text(encoding="utf-8")))
    found: Found = {kind: {} for kind in KINDS}
    if errors := _merge(files, found):  # a broken shipped file is a sitegen bug: say where
        raise SiteErrors(errors)
    return _catalogs(found)


def load_catalogs() -> dict[int, EitCatalog]:
    """All shipped EIT catalogs by fiscal year (พ.ศ.). Files are package data: ``catalogs/eit-<FY>.yaml``."""
    return dict(_shipped().eit)


def load_iit_catalogs() -> dict[int, EitCatalog]:
    """All shipped IIT catalogs by fiscal year (พ.ศ.): ``catalogs/iit-<FY>.yaml``."""
    return dict(_shipped().iit)


def load_oit_catalogs() -> dict[int, OitCatalog]:
    """All shipped OIT catalogs by fiscal year (พ.ศ.): ``catalogs/oit-<FY>.yaml``."""
    return dict(_shipped().oit)


def shipped_catalogs() -> Catalogs:
    """Every shipped catalog (read-only, cached for the process)."""
    return _shipped()


# --- a site's catalogs ------------------------------------------------------------------------

def follow_eit(base: EitCatalog, fy: int) -> EitCatalog:
    """``fy`` follows ``base``'s questions (EIT or IIT); none of the wording is confirmed for ``fy``."""
    questions = {c: replace(q, verified=False) for c, q in base.questions.items()}
    source = f"ตามแบบวัดปี {base.fiscal_year} (ยังไม่ยืนยัน)"
    return EitCatalog(fy, MappingProxyType(questions), base.indicators, source, base.fiscal_year, base.tool)


def follow_oit(base: OitCatalog, fy: int) -> OitCatalog:
    items = {c: replace(i, verified=False) for c, i in base.items.items()}
    return OitCatalog(fy, MappingProxyType(items), False, f"ตามรายการปี {base.fiscal_year} (ยังไม่ยืนยัน)",
                      base.fiscal_year)


def _user_files(content_dir: Path) -> tuple[list[tuple[int, str, str, str]], list[SiteError]]:
    folder = content_dir / "catalogs"
    files, errors = [], []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        rel = path.relative_to(content_dir).as_posix()
        shown = f"{content_dir.name}/{rel}" if content_dir.name else rel
        if path.is_dir() or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        match = _FILE.fullmatch(path.name)
        if not match or path.parent != folder:
            errors.append(messages.CATALOG_FILE_NAME.error(shown, None))
            continue
        try:
            files.append((int(match.group(2)), match.group(1), shown, read_text(path, shown)))
        except SiteError as exc:
            errors.append(exc)
    return files, errors


@dataclass(frozen=True, slots=True)
class FollowRequest:
    """``catalog_from: <year>`` in a year's measures document."""

    fiscal_year: int
    source_year: object
    shown: str
    line: int | None


def load_site_catalogs(content_dir: Path, follows: tuple[FollowRequest, ...] = ()) -> tuple[Catalogs, list[SiteError]]:
    """The catalogs in force for the site in ``content_dir``: shipped, then the site's own
    ``catalogs/*.yaml`` (whole years), then ``catalog_from`` for years that have no catalog."""
    shipped = _shipped()
    found: Found = {kind: dict(shipped.of(kind)) for kind in KINDS}
    files, errors = _user_files(content_dir)
    errors.extend(_merge(files, found))
    for req in follows:
        errors.extend(_follow(req, found))
    return _catalogs(found), errors


def _follow(req: FollowRequest, found: Found) -> list[SiteError]:
    """Apply one ``catalog_from``: each kind the year has no catalog of follows that earlier year's."""
    source = req.source_year
    if isinstance(source, str) and re.fullmatch(r"[0-9]{1,9}", arabic_digits(source).strip()):  # "๒๕๖๙"
        source = int(arabic_digits(source).strip())
    earlier = [y for y in sorted(set(found["eit"]) | set(found["oit"])) if y < req.fiscal_year]
    if not isinstance(source, int) or isinstance(source, bool) or source not in earlier:
        years = ", ".join(map(str, earlier)) or "-"
        return [messages.CATALOG_FROM_UNKNOWN.error(req.shown, req.line, source=source, fiscal_year=req.fiscal_year,
                                                    years=years, example=earlier[-1] if earlier else 2569)]
    errors = []
    if all(req.fiscal_year in found[kind] for kind in KINDS):
        errors.append(messages.CATALOG_FROM_NEEDLESS.warning(req.shown, req.line, fiscal_year=req.fiscal_year))
    for kind in KINDS:
        same = found[kind]
        if req.fiscal_year not in same and source in same:
            same[req.fiscal_year] = (follow_oit if kind == "oit" else follow_eit)(same[source], req.fiscal_year)
    return errors


def catalog_hint(fy: int, kind: str, known: list[int]) -> tuple[str, str]:
    """How staff add a catalog for ``fy`` (Thai, English) — never by editing the installed package."""
    path = f"content/catalogs/{kind}-{fy}.yaml"
    newest = max((y for y in known if y < fy), default=None)
    follow_th = f" หรือใส่ catalog_from: {newest} ในไฟล์ eit/{fy}/index.md" if newest else ""
    follow_en = f", or put catalog_from: {newest} in eit/{fy}/index.md" if newest else ""
    return (f"เพิ่มไฟล์ {path} (เริ่มจากคำสั่ง sitegen catalog {fy} --kind {kind} --export {path}){follow_th}",
            f"add {path} (start from: sitegen catalog {fy} --kind {kind} --export {path}){follow_en}")
