"""Check stage, the measures' items: what an item file answers (its subject: a question or item of the IIT,
EIT or OIT, or a whole indicator of one of them), its disagreements with the catalog, its folder and its fiscal
year, and the columns a year's ``columns:`` chooses against what its items hold.

Pure functions of documents and catalogs; ``validate`` calls them and keeps the records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sitegen import messages
from sitegen.catalog.catalogs import Catalogs, Indicator, Subject, catalog_hint, tool_of, year_subjects
from sitegen.catalog.schema import KIND_WHAT
from sitegen.load.content import SourceDoc
from sitegen.errors import SiteError
from sitegen.fields import COLUMNS, Column, normalize_code, shown_code
from sitegen.thai import fiscal_year, fiscal_year_span, thai_date

OPTIONAL_COLUMNS = {"deadline": "deadline", "budget": "budget", "target": "target", "result": "result"}
"""Columns that show an optional item field (column → front-matter key)."""
REQUIRED_COLUMNS = ("issue", "actions")
"""Columns every table keeps: the item each row is about, and what was done (the round reports' point)."""


def _file_name(key: str) -> str:
    return f"{shown_code(key)}.md"


def _key(doc: SourceDoc, values: Mapping[str, Any], errors: list[SiteError]) -> str | None:
    """The subject key the file names: its ``code``, or ``tool`` + ``indicator`` for a whole indicator."""
    code, tool, number = values.get("code"), values.get("tool"), values.get("indicator")
    if code is not None:
        owner = tool_of(code)
        if owner is None:
            errors.append(messages.NOT_AN_ITA_CODE.error(doc.shown, doc.lines.get("code", 1), code=code))
            return None
        if tool is not None and tool != owner:
            errors.append(messages.CODE_OF_OTHER_TOOL.error(doc.shown, doc.lines.get("tool", 1), code=shown_code(code),
                                                            owner=owner, tool=tool))
        return code
    if tool and number:
        return f"{tool}-{number}"
    if "code" in doc.meta or ("tool" in doc.meta and tool is None) or ("indicator" in doc.meta and number is None):
        return None  # a value given is wrong itself, and already reported
    if tool or number:
        given, other = ("tool", "indicator") if tool else ("indicator", "tool")
        errors.append(messages.WHOLE_INDICATOR_HALF.error(doc.shown, doc.lines.get(given, 1), given=given, other=other))
        return None
    errors.append(messages.CODE_MISSING.error(doc.shown, doc.body_line - 1))
    return None


def _find(doc: SourceDoc, fy: int, key: str, catalogs: Catalogs, subjects: Mapping[str, Subject],
          errors: list[SiteError]) -> Subject | None:
    """The subject of ``key`` in the year's catalogs; a missing catalog or code is an error."""
    tool = tool_of(key) or "EIT"
    kind = tool.lower()
    what = KIND_WHAT[kind]
    known = sorted(catalogs.of(kind))
    if fy not in catalogs.of(kind):
        hint_th, hint_en = catalog_hint(fy, kind, known)
        errors.append(messages.NO_CATALOG_FOR_YEAR.error(doc.shown, None, what=what, fy=fy,
                                                         years=", ".join(map(str, known)), hint_th=hint_th, tool=tool,
                                                         hint_en=hint_en))
        return None
    subject = subjects.get(key)
    if subject is not None:
        return subject
    mine = [s for s in subjects.values() if s.tool == tool]
    if key.startswith(f"{tool}-"):
        numbers = [s.indicator.number for s in mine if s.whole]
        errors.append(messages.NO_SUCH_INDICATOR.error(doc.shown, doc.lines.get("indicator", doc.lines.get("code", 1)),
                                                       number=key[4:], what=what, fy=fy, first=numbers[0],
                                                       last=numbers[-1], tool=tool))
        return None
    codes = [shown_code(s.key) for s in mine if not s.whole]
    errors.append(messages.NO_SUCH_ITEM.error(doc.shown, doc.lines.get("code", 1), code=shown_code(key), what=what,
                                              fy=fy, first=codes[0], last=codes[-1], tool=tool))
    return None


def _indicator(doc: SourceDoc, subject: Subject, values: Mapping[str, Any], subjects: Mapping[str, Subject],
               errors: list[SiteError]) -> Indicator:
    """The indicator the item is shown under: the catalog's, or for an IIT question whose indicator is
    unconfirmed the one the file names (``indicator:``)."""
    number = values.get("indicator")
    if number is None or subject.whole or number == subject.indicator.number:
        return subject.indicator
    line, code = doc.lines.get("indicator", 1), shown_code(subject.key)
    if subject.movable:
        mine = {s.indicator.number: s.indicator for s in subjects.values() if s.tool == subject.tool and s.whole}
        if number in mine:
            return mine[number]
        errors.append(messages.INDICATOR_OUT_OF_RANGE.error(doc.shown, line, tool=subject.tool, first=min(mine),
                                                            last=max(mine), number=number))
    else:
        errors.append(messages.INDICATOR_OF_CATALOG.error(doc.shown, line, code=code, expected=subject.indicator.number,
                                                          number=number))
    return subject.indicator


def _deadline(doc: SourceDoc, fy: int, deadline: object) -> list[SiteError]:
    """A deadline date outside the item's fiscal year: most often a typo in the year (a warning)."""
    start, end = fiscal_year_span(fy)
    if not isinstance(deadline, dt.date) or start <= deadline <= end:
        return []
    return [messages.DEADLINE_OUTSIDE_YEAR.warning(doc.shown, doc.lines.get("deadline", 1),
                                                   deadline_th=thai_date(deadline, "arabic"),
                                                   deadline_fy=fiscal_year(deadline), fy=fy,
                                                   start_th=thai_date(start, "arabic"), end_th=thai_date(end, "arabic"),
                                                   deadline=deadline.isoformat(), start=start.isoformat(),
                                                   end=end.isoformat())]


def item_problems(
    doc: SourceDoc, fy: int, catalogs: Catalogs, values: Mapping[str, Any],
    subjects: Mapping[str, Subject] | None = None,
) -> tuple[Subject | None, Indicator | None, list[SiteError]]:
    """What an item file answers, the indicator it is shown under, and its problems: a code that is not in
    the year's catalog of its tool, a file name other than the code, an indicator or fiscal year other than
    the catalog's / the folder's, a deadline outside the fiscal year (a warning). ``subjects``: the year's
    (``year_subjects``), when the caller has them already."""
    errors: list[SiteError] = []
    subjects = year_subjects(fy, catalogs) if subjects is None else subjects
    key = _key(doc, values, errors)
    subject = _find(doc, fy, key, catalogs, subjects, errors) if key else None
    if key and normalize_code(doc.rel.stem) != key:
        named = (f"code: {shown_code(key)}" if "code" in values
                 else f"tool: {values['tool']} กับ indicator: {values['indicator']}")
        errors.append(messages.FILE_NAME_NOT_CODE.error(doc.shown, doc.lines.get("code", doc.lines.get("tool", 1)),
                                                        name=doc.rel.name, named=named, file=_file_name(key),
                                                        key_name=named.split(":")[0],
                                                        named_en=named.replace(" กับ ", " and ")))
    indicator = _indicator(doc, subject, values, subjects, errors) if subject else None
    if "fiscal_year" in values and values["fiscal_year"] != fy:
        errors.append(messages.FISCAL_YEAR_NOT_FOLDER.error(doc.shown, doc.lines.get("fiscal_year", 1),
                                                            year=values["fiscal_year"], fy=fy))
    errors.extend(_deadline(doc, fy, values.get("deadline")))
    return subject, indicator, errors


def column_problems(measures: SourceDoc, columns: tuple[Column, ...], items: Iterable[SourceDoc]) -> list[SiteError]:
    """``columns:`` of a year's measures document against its items: the issue and actions columns are
    needed (an error); a field an item sets that no column shows would be hidden (a warning naming the file)."""
    errors = []
    keys = {c.key for c in columns}
    line = measures.lines.get("columns", 1)
    for needed in REQUIRED_COLUMNS:
        if needed not in keys:
            errors.append(messages.COLUMN_NEEDED.error(measures.shown, line, needed=needed, heading=COLUMNS[needed][0]))
    shown = keys | ({"deadline"} if "monitoring" in keys else set())  # the monitoring cell shows the deadline
    for doc in items:
        fields = ("responsible", "measures", "monitoring", *OPTIONAL_COLUMNS)
        hidden = [k for k in fields if k in doc.meta and k not in shown]
        for key in hidden:
            errors.append(messages.FIELD_NOT_SHOWN.warning(doc.shown, doc.lines.get(key, 1), key=key,
                                                           shown=measures.shown))
    return errors
