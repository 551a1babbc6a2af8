"""``sitegen import``, the rows: each item's cells (``tables.Entry``) → an item record and its actions. Pure.

- The question cell keeps the catalog's wording when it says the same (``fold``: spaces, digits and
  NFC aside, or a doubled phrase the Thai lint would flag, like the seed's "เพียงใดเพียงใด"); only a
  different wording is kept as ``question:``/``options:``.
- Numbered steps become list entries, sub-steps a one-key mapping entry; a deadline or budget that is a
  date or a plain amount is read as one (reported), anything else stays text as written.
- Each dated sentence of the การดำเนินการ cell is an action (its date phrase cut from the title);
  "อยู่ระหว่างดำเนินการ" is none; a sentence without a date is reported, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sitegen.catalog.catalogs import Catalogs
from sitegen.importer.cells import (
    FoundDate, Ref, Step, fold, find_dates, parse_amount, parse_date_cell, split_options, split_steps, without,
)
from sitegen.importer.read import Document
from sitegen.importer.tables import Entry, Note, Place, read_preamble, walk
from sitegen.check.lint import DOUBLED
from sitegen.scaffold.init import be_iso
from sitegen.thai import fiscal_year


@dataclass(frozen=True, slots=True)
class Wording:
    """The official wording of a question or item (the catalog's), or of a whole indicator (its name)."""

    question: str
    options: tuple[str, ...] = ()


Lookup = Callable[[Ref], "Wording | None"]


@dataclass(frozen=True, slots=True)
class Item:
    """One item file to write (``eit/<FY>/<code>.md``)."""

    ref: Ref
    place: Place
    question: str | None = None
    options: tuple[str, ...] = ()
    responsible: str | tuple[str, ...] | None = None
    measures: tuple[Step, ...] = ()
    monitoring: tuple[Step, ...] = ()
    deadline: dt.date | str | None = None
    budget: int | str | None = None
    target: str | None = None
    result: str | None = None


@dataclass(frozen=True, slots=True)
class Action:
    """One action file to write (``actions/<FY>/<date>-<title>.md``)."""

    title: str
    day: dt.date
    refs: tuple[Ref, ...]
    place: Place


@dataclass
class Told:
    """What the reading of the rows tells the summary."""

    normalised: list[Note] = field(default_factory=list)
    unplaced: list[Note] = field(default_factory=list)


def catalog_wording(catalogs: Catalogs, fy: int) -> Lookup:
    """The official wording of each code in the catalogs in force for ``fy``: EIT questions, OIT items,
    and indicator names; IIT questions when the catalogs have them (an ``iit`` mapping shaped like ``eit``)."""

    def lookup(ref: Ref) -> Wording | None:
        by_tool = {"EIT": catalogs.eit, "OIT": catalogs.oit, "IIT": getattr(catalogs, "iit", {})}[ref.tool]
        catalog = by_tool.get(fy)
        if catalog is None:
            return None
        entries = getattr(catalog, "questions", None) or getattr(catalog, "items", {})
        if ref.indicator:
            names = {i.number: i.name for i in getattr(catalog, "indicators", ())}
            names |= {e.indicator.number: e.indicator.name for e in entries.values()}
            return Wording(names[ref.number]) if ref.number in names else None
        entry = entries.get(ref.key)
        if entry is None:
            return None
        text = entry.question if hasattr(entry, "question") else entry.title  # "" for an IIT question without wording
        return Wording(text, tuple(getattr(entry, "options", ())))

    return lookup


def _texts(entry: Entry, kind: str) -> tuple[str, Place] | None:
    """All the text of one column kind of an item (rows joined by line ends), and where it began."""
    pieces = list(dict.fromkeys(t.strip() for t, _ in entry.texts.get(kind, []) if t.strip()))
    return ("\n".join(pieces), entry.texts[kind][0][1]) if pieces else None


def _same(cell: str, official: str) -> str | None:
    """How the cell says what the catalog says: "same" (spaces, digits, NFC aside), the doubled phrase
    that is its only difference, or None when the wording differs."""
    if fold(cell) == fold(official):
        return "same"
    for match in DOUBLED.finditer(fold(cell)):
        if fold(cell).replace(match.group(0), match.group(1), 1) == fold(official):
            return match.group(0)
    return None


def _question(entry: Entry, wording: Lookup) -> tuple[str | None, tuple[str, ...], tuple[str, str] | None]:
    """The question and options to write (None and () where the catalog's wording is kept), and why a
    cell's wording was not kept."""
    found = _texts(entry, "question")
    question, options = split_options(found[0] if found else "")
    official = wording(entry.ref)
    if official is None or not question:
        return (question or None), options, None
    if options and [fold(o) for o in options] == [fold(o) for o in official.options]:
        options = ()
    same = _same(question, official.question)
    if same == "same":
        return None, options, ("ถ้อยคำตรงกับแบบวัด จึงใช้ของแบบวัด",
                               "the wording is the catalog's, so the catalog's is used")
    if same is not None:
        return None, options, (f"ถ้อยคำตรงกับแบบวัดยกเว้นคำซ้ำ “{same}” จึงใช้ของแบบวัด",
                               f"the wording is the catalog's but for the repeat “{same}”, so the catalog's is used")
    return question, options, ("ถ้อยคำต่างจากแบบวัด จึงเขียนไว้เป็น question:",
                               "the wording differs from the catalog's, so it is written as question:")


def _steps(found: tuple[str, Place] | None, told: Told) -> tuple[Step, ...]:
    if found is None:
        return ()
    text, place = found
    steps, before = split_steps(text)
    if before:
        told.normalised.append(Note(f"ข้อความก่อนข้อ ๑ “{_cut(before)}” เป็นรายการแรก",
                                    f"the text before step 1 “{_cut(before)}” is the list's first entry", place))
        steps = (Step(before), *steps)
    flat: list[Step] = []
    for step in steps:  # sub-steps under a step with no text of its own are steps themselves
        flat.extend([Step(s) for s in step.subs] if not step.text else [step])
    return tuple(flat)


def _responsible(found: tuple[str, Place] | None, told: Told) -> str | tuple[str, ...] | None:
    """One unit as text; several (numbered, one a paragraph, or separated by commas) as a list."""
    if found is None:
        return None
    text, place = found
    steps, before = split_steps(text)
    units = [before] * bool(before) + [s.text for s in steps if s.text]
    if len(units) == 1 and "," in units[0]:
        units = [u.strip() for u in units[0].split(",") if u.strip()]
    if len(units) == 1:
        return units[0]
    told.normalised.append(Note(f"ผู้รับผิดชอบ {len(units)} หน่วยงานเป็นรายการ",
                                f"{len(units)} responsible units as a list", place))
    return tuple(units)


_DEADLINE_LABEL = re.compile(r"(?:^|(?<=\s))(?:กำหนดเวลาแล้วเสร็จ|กำหนดแล้วเสร็จ|กำหนดเวลา)\s*[:：]?\s*")
_WHOLE_YEAR = re.compile(r"(?:^|(?<=\s))ตลอดปีงบประมาณ(?:\s*(?:พ\.\s?ศ\.)?\s*[0-9๐-๙]{4})?\s*$")


def split_deadline(text: str) -> tuple[str, str | None]:
    """The seed's column "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ" holds both: the deadline is the
    text after a "กำหนดเวลาแล้วเสร็จ" label, a last paragraph that is a date, or a closing "ตลอดปีงบประมาณ …"."""
    label = _DEADLINE_LABEL.search(text)
    if label and text[label.end():].strip() and len(text[label.end():]) <= 80:
        return text[:label.start()].strip(), text[label.end():].strip()
    lines = text.split("\n")
    if len(lines) > 1 and parse_date_cell(lines[-1]):
        return "\n".join(lines[:-1]), lines[-1]
    if whole := _WHOLE_YEAR.search(text):
        return text[:whole.start()].strip(), whole.group(0).strip()
    return text, None


def _one_line(found: tuple[str, Place] | None) -> str | None:
    return " ".join(found[0].split()) if found else None


def _deadline(text: str | None, place: Place, told: Told) -> dt.date | str | None:
    if not text:
        return None
    day = parse_date_cell(text)
    if day is None:
        return " ".join(text.split())
    told.normalised.append(Note(f"กำหนดเวลา “{' '.join(text.split())}” → {be_iso(day)}",
                                f"deadline “{' '.join(text.split())}” → {be_iso(day)}", place))
    return day


def _budget(found: tuple[str, Place] | None, told: Told) -> int | str | None:
    if found is None:
        return None
    text = " ".join(found[0].split())
    amount = parse_amount(text)
    if amount is None:
        return text
    if text != str(amount):
        told.normalised.append(Note(f"งบประมาณ “{text}” → {amount}", f"budget “{text}” → {amount}", found[1]))
    return amount


def read_item(entry: Entry, wording: Lookup, told: Told) -> Item:
    """The item of one entry (its rows), with what was read in another form told."""
    code = entry.ref.code
    question, options, kept = _question(entry, wording)
    said = ([(f"รหัส {entry.written} → {code}", f"code {entry.written} → {code}")] if entry.written != code else []) \
        + ([kept] if kept else [])
    if said:
        told.normalised.append(Note(f"{code}: " + "; ".join(th for th, _ in said),
                                    f"{code}: " + "; ".join(en for _, en in said), entry.place))
    monitoring = _texts(entry, "monitoring")
    deadline_text = _one_line(_texts(entry, "deadline"))
    deadline_place = entry.texts["deadline"][0][1] if "deadline" in entry.texts else entry.place
    if merged := _texts(entry, "monitoring+deadline"):
        rest, deadline_in = split_deadline(merged[0])
        monitoring = (f"{monitoring[0]}\n{rest}" if monitoring else rest, merged[1]) if rest else monitoring
        if deadline_in and not deadline_text:
            deadline_text, deadline_place = deadline_in, merged[1]
    return Item(entry.ref, entry.place, question, options, _responsible(_texts(entry, "responsible"), told),
                _steps(_texts(entry, "measures"), told), _steps(monitoring, told),
                _deadline(deadline_text, deadline_place, told), _budget(_texts(entry, "budget"), told),
                _one_line(_texts(entry, "target")), _one_line(_texts(entry, "result")))


_NOT_YET = {fold(w) for w in ("อยู่ระหว่างดำเนินการ", "กำลังดำเนินการ", "ยังไม่ได้ดำเนินการ", "ยังไม่ดำเนินการ",
                              "-", "–")}


def _sentences(text: str) -> list[str]:
    steps, before = split_steps(text)
    out = [before] if before else []
    for step in steps:
        out.extend([*step.subs] if step.subs else [step.text])  # a step with sub-steps heads them
    return [s for s in out if s]


def _problem(sentence: str, chosen: FoundDate | None, fy: int) -> tuple[str, str] | None:
    """Why a sentence of the การดำเนินการ cell makes no action, or None."""
    if chosen is None:
        return ("ไม่มีวันที่ จึงสร้างการดำเนินการไม่ได้ — เพิ่มวันที่ เช่น “ดำเนินการเมื่อวันที่ ๑ มีนาคม ๒๕๖๖” "
                "หรือใช้ sitegen new action", "it has no date, so no action was made — add one, e.g. "
                "“ดำเนินการเมื่อวันที่ ๑ มีนาคม ๒๕๖๖”, or use sitegen new action")
    if chosen.day is None:
        return (f"“{chosen.written}” ไม่ใช่วันที่ในปฏิทิน — แก้วันที่",
                f"“{chosen.written}” is not a calendar date — correct it")
    if fiscal_year(chosen.day) != fy:
        return (f"วันที่ {be_iso(chosen.day)} ไม่อยู่ในปีงบประมาณ {fy} — แก้วันที่ หรือนำเข้ารายงานของปีนั้น",
                f"{be_iso(chosen.day)} is not in fiscal year {fy} — correct it, or import that year's report")
    if not without(sentence, chosen):
        return "มีแต่วันที่ ไม่มีชื่อการดำเนินการ — เขียนว่าทำอะไร", "only a date, no title — say what was done"
    return None


def read_actions(entry: Entry, fy: int, told: Told) -> list[Action]:
    """One action per dated sentence of the item's การดำเนินการ cell: the date after "ดำเนินการเมื่อ" (the
    last one, when a sentence has several), else its first date."""
    found = _texts(entry, "actions")
    if found is None:
        return []
    text, place = found
    actions = []
    for sentence in _sentences(text):
        if fold(sentence) in _NOT_YET:
            continue
        dates = find_dates(sentence)
        led = [d for d in dates if d.written.startswith(("ดำเนินการ", "ได้ดำเนินการ", "เมื่อ"))]
        chosen = led[-1] if led else dates[0] if dates else None
        why = _problem(sentence, chosen, fy)
        if why is not None or chosen is None or chosen.day is None:
            why = why or ("", "")
            told.unplaced.append(Note(f"การดำเนินการ “{_cut(sentence)}”: {why[0]}",
                                      f"action “{_cut(sentence)}”: {why[1]}", place))
            continue
        actions.append(Action(without(sentence, chosen), chosen.day, (entry.ref,), place))
        told.normalised.append(Note(f"วันที่ “{chosen.written}” → {be_iso(chosen.day)}",
                                    f"date “{chosen.written}” → {be_iso(chosen.day)}", place))
        if len(dates) > 1:
            told.normalised.append(Note(f"ประโยคนี้มีหลายวันที่ ใช้ {be_iso(chosen.day)} เป็นวันที่ของการดำเนินการ",
                                        f"the sentence has several dates; {be_iso(chosen.day)} is the action's", place))
    return actions


def _cut(text: str, size: int = 50) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def merge_entries(entries: tuple[Entry, ...], told: Told) -> list[Entry]:
    """One entry per code: a code that has rows in two places (two measures for one question) is read as one
    item, its rows' texts in document order."""
    merged: dict[str, Entry] = {}
    for entry in entries:
        first = merged.get(entry.ref.key)
        if first is None:
            texts = {k: list(v) for k, v in entry.texts.items()}
            merged[entry.ref.key] = Entry(entry.ref, entry.written, entry.place, texts)
            continue
        for kind, pieces in entry.texts.items():
            if kind != "question":
                first.texts.setdefault(kind, []).extend(pieces)
        told.normalised.append(Note(
            f"{entry.ref.code} มีอีกแถวที่ {first.place.th}: อ่านรวมเป็นข้อเดียว",
            f"{entry.ref.code} also has a row at {first.place.en}: read as one item", entry.place))
    return list(merged.values())


def merge_actions(actions: list[Action]) -> list[Action]:
    """The same action (date and title) named in the cells of several items is one action listing them all."""
    by_key: dict[tuple[dt.date, str], Action] = {}
    for action in actions:
        key = (action.day, fold(action.title))
        known = by_key.get(key)
        by_key[key] = action if known is None else \
            Action(known.title, known.day, tuple(dict.fromkeys((*known.refs, *action.refs))), known.place)
    return list(by_key.values())


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one import writes, and what its summary tells."""

    fiscal_year: int
    title: str | None
    intro: tuple[str, ...]
    items: tuple[Item, ...]
    actions: tuple[Action, ...]
    normalised: tuple[Note, ...]
    unplaced: tuple[Note, ...]
    left_out: tuple[Note, ...]


def read_report(doc: Document, fy: int, wording: Lookup) -> Report:
    """The whole document: preamble, items and actions of fiscal year ``fy``."""
    preamble = read_preamble(doc)
    walked = walk(doc)
    told = Told(list(walked.notes), list(walked.unplaced))
    items, actions = [], []
    for entry in merge_entries(walked.entries, told):
        items.append(read_item(entry, wording, told))
        actions.extend(read_actions(entry, fy, told))
    return Report(fy, preamble.title, preamble.intro, tuple(items), tuple(merge_actions(actions)),
                  tuple(sorted(told.normalised, key=_order)), tuple(sorted(told.unplaced, key=_order)),
                  (*preamble.left_out, *walked.left_out))


def _order(note: Note) -> tuple[int, int, int]:
    """Notes in document order: table, row, column."""
    place = note.place
    return (place.table, place.row, place.column or 0) if place else (0, 0, 0)
