"""``sitegen catalog FY``: the catalog in force for a year, as a YAML file the agency can start from.

The file has the schema of the shipped catalogs (``catalog.schema``), written out in full (no
``based_on``), so it reads back as the same catalog. A year with no catalog gets the nearest one — the
newest earlier one, or for a year before the first catalog of its kind that first one — renumbered to that
year and marked unverified, with a header that says so. So every year the build accepts can be exported.
"""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from sitegen.catalog.catalogs import Catalogs, EitCatalog, OitCatalog, follow_eit, follow_oit
from sitegen.catalog.schema import KIND_WHAT
from sitegen.fields import shown_code


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)


def eit_data(catalog: EitCatalog) -> dict:
    """The catalog (EIT or IIT) as catalog-file data."""
    indicators = []
    for indicator in catalog.indicators:
        items = []
        for q in (q for q in catalog.questions.values() if q.indicator == indicator):
            item: dict[str, object] = {"code": shown_code(q.code)}
            if q.question:
                item["question"] = q.question
            if q.options:
                item["options"] = list(q.options)
            item["verified"] = q.verified
            items.append(item)
        indicators.append({"number": indicator.number, "name": indicator.name, "items": items})
    return {"fiscal_year": catalog.fiscal_year, "source": catalog.source, "indicators": indicators}


def oit_data(catalog: OitCatalog) -> dict:
    indicators: list[dict] = []
    for item in catalog.items.values():
        if not indicators or indicators[-1]["number"] != item.indicator.number:
            indicators.append({"number": item.indicator.number, "name": item.indicator.name, "subindicators": []})
        subs = indicators[-1]["subindicators"]
        number, _, name = item.subindicator.partition(" ")
        if not subs or (subs[-1]["number"], subs[-1]["name"]) != (number, name):
            subs.append({"number": number, "name": name, "groups": []})
        groups = subs[-1]["groups"]
        if not groups or groups[-1]["name"] != item.group:
            groups.append({"name": item.group, "items": []})
        entry: dict[str, object] = {"code": item.code, "title": item.title, "period": item.period}
        if item.hint:
            entry["hint"] = item.hint
        if item.answers:
            entry["answers"] = item.answers
        entry["verified"] = item.verified
        groups[-1]["items"].append(entry)
    return {"fiscal_year": catalog.fiscal_year, "verified": catalog.verified, "source": catalog.source,
            "indicators": indicators}


def export_catalog(catalogs: Catalogs, fy: int, kind: str) -> str | None:
    """The YAML text of the ``kind`` (eit | iit | oit) catalog in force for ``fy``, or None when there is
    no catalog of that kind at all."""
    found: Mapping = catalogs.of(kind)
    if fy in found:
        catalog, origin = found[fy], None
    else:
        if not found:
            return None
        earlier = [y for y in found if y < fy]
        origin = max(earlier) if earlier else min(found)  # before the first catalog: the nearest, the first
        catalog = follow_oit(found[origin], fy) if kind == "oit" else follow_eit(found[origin], fy)
    data = oit_data(catalog) if kind == "oit" else eit_data(catalog)
    what = KIND_WHAT[kind]
    header = [f"# {what} ปีงบประมาณ {fy} — ไฟล์ตั้งต้นจากคำสั่ง sitegen catalog {fy} --kind {kind}",
              f"# วางไว้ที่ content/catalogs/{kind}-{fy}.yaml แล้วแก้ให้ตรงกับคู่มือการประเมิน ITA ปี {fy}:",
              "# ไฟล์นี้ใช้แทนรายการของปีนี้ในโปรแกรมทั้งชุด ข้อที่ตรวจทานแล้วให้เปลี่ยนเป็น verified: true"]
    if origin is not None:
        header.append(f"# ยังไม่มีรายการของปี {fy}: คัดลอกจากปี {origin} ทุกข้อจึงเป็น verified: false (ยังไม่ยืนยัน)")
    header.append(f"# ({kind.upper()} catalog for {fy}; it replaces the shipped one whole. "
                  "Check it against the official manual.)")
    return "\n".join(header) + "\n" + _dump(data)
