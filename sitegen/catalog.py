"""Catalog stage: the official EIT questions per fiscal year, kept as YAML data in the package."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml


@dataclass(frozen=True, slots=True)
class Indicator:
    """An ITA indicator, e.g. 7 ประสิทธิภาพการสื่อสาร."""

    number: int
    name: str


@dataclass(frozen=True, slots=True)
class EitQuestion:
    """One EIT question (E1 … E15) as worded on that year's form."""

    code: str
    number: int
    indicator: Indicator
    question: str
    options: tuple[str, ...]
    """The check-box options printed under the question (may be empty)."""
    verified: bool
    """False where the wording is not confirmed against the official manual."""


@dataclass(frozen=True, slots=True)
class EitCatalog:
    """The EIT questions of one fiscal year, in form order."""

    fiscal_year: int
    questions: dict[str, EitQuestion]
    indicators: tuple[Indicator, ...]
    source: str


def _parse(data: dict, base: EitCatalog | None) -> EitCatalog:
    verified_default = data.get("verified", True)
    if base is not None:
        inherited = {
            code: EitQuestion(q.code, q.number, q.indicator, q.question, q.options, q.verified and verified_default)
            for code, q in base.questions.items()
        }
        return EitCatalog(data["fiscal_year"], inherited, base.indicators, data.get("source", ""))
    questions: dict[str, EitQuestion] = {}
    indicators = []
    for ind in data["indicators"]:
        indicator = Indicator(int(ind["number"]), ind["name"])
        indicators.append(indicator)
        for item in ind["items"]:
            code = item["code"]
            questions[code] = EitQuestion(
                code=code, number=int(code[1:]), indicator=indicator, question=item["question"],
                options=tuple(item.get("options", ())), verified=item.get("verified", verified_default),
            )
    return EitCatalog(data["fiscal_year"], questions, tuple(indicators), data.get("source", ""))


@functools.cache
def load_catalogs() -> dict[int, EitCatalog]:
    """All shipped EIT catalogs by fiscal year (พ.ศ.). Files are package data: ``catalogs/eit-<FY>.yaml``."""
    raw = {}
    for entry in resources.files("sitegen.catalogs").iterdir():
        if entry.name.startswith("eit-") and entry.name.endswith(".yaml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8"))
            raw[int(data["fiscal_year"])] = data
    catalogs: dict[int, EitCatalog] = {}
    for fy in sorted(raw):  # a year is based on an earlier one, so earlier years load first
        base_fy = raw[fy].get("based_on")
        catalogs[fy] = _parse(raw[fy], catalogs[base_fy] if base_fy else None)
    return catalogs


PERIODS = ("standing", "current_fy", "previous_fy", "six_month", "monthly")


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
    """``measures`` / ``report``: answered automatically by the generated measures document / round report."""


@dataclass(frozen=True, slots=True)
class OitCatalog:
    fiscal_year: int
    items: dict[str, OitItem]
    """In official order."""
    verified: bool
    source: str

    def answered_by(self, kind: str) -> OitItem | None:
        return next((i for i in self.items.values() if i.answers == kind), None)


@functools.cache
def load_oit_catalogs() -> dict[int, OitCatalog]:
    """All shipped OIT catalogs by fiscal year (พ.ศ.): ``catalogs/oit-<FY>.yaml``."""
    catalogs = {}
    for entry in sorted(resources.files("sitegen.catalogs").iterdir(), key=lambda e: e.name):
        if not (entry.name.startswith("oit-") and entry.name.endswith(".yaml")):
            continue
        data = yaml.safe_load(entry.read_text(encoding="utf-8"))
        default = data.get("verified", True)
        items: dict[str, OitItem] = {}
        for ind in data["indicators"]:
            indicator = Indicator(int(ind["number"]), ind["name"])
            for sub in ind["subindicators"]:
                for group in sub["groups"]:
                    for item in group["items"]:
                        assert item["period"] in PERIODS, (entry.name, item["code"])
                        items[item["code"]] = OitItem(
                            item["code"], item["title"], indicator, f"{sub['number']} {sub['name']}",
                            group["name"], item["period"], item.get("hint", ""),
                            item.get("verified", default), item.get("answers"),
                        )
        catalogs[int(data["fiscal_year"])] = OitCatalog(int(data["fiscal_year"]), items, default, data.get("source", ""))
    return catalogs
