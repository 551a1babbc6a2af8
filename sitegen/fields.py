"""The fields of front matter and site.yaml: typed, checked by hand so messages carry Thai text and lines.

Decisions (documented in README): a single text where a list is expected becomes a one-entry list;
numbers, yes/no, lists and mappings are never silently turned into text (quote them; the message
shows the value as typed); empty text counts as missing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sitegen import messages
from sitegen.errors import Invalid, SiteError
from sitegen.thai import arabic_digits, parse_date

_CODE = re.compile(r"([A-Z]+)0*([0-9]{1,6})", re.ASCII)
_INDICATOR = re.compile(r"(IIT|EIT|OIT)[-_]?0*([0-9]{1,6})", re.ASCII)


@dataclass(frozen=True, slots=True)
class Field:
    """One front-matter key: its name, kind, whether it is required, and its Thai label."""

    name: str
    kind: str
    """text | texts | text_list | steps | number | amount | date | date_or_text | code | code_list | choice |
    mapping | mapping_raw | columns (each checked by its function in ``_KINDS``)."""
    required: bool = False
    default: object = None
    choices: tuple[str, ...] = ()
    th: str = ""
    aliases: tuple[tuple[str, str], ...] = ()
    """For ``choice``: other words staff type for a choice (``ดำเนินการแล้ว`` → ``done``)."""


@dataclass(frozen=True, slots=True)
class Step:
    """One entry of ``measures:`` or ``monitoring:``: its text and its sub-steps (๑.๑, ๑.๒ …), if any."""

    text: str
    steps: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a year's measures table: which field it shows, its heading, its label on a phone card."""

    key: str
    """One of COLUMNS."""
    heading: str
    label: str


COLUMNS = {
    "issue": ("ประเด็นที่ต้องปรับปรุง แก้ไข/ ประเด็นที่ต้องพัฒนา", "ประเด็นที่ต้องปรับปรุง"),
    "responsible": ("ผู้รับผิดชอบ", "ผู้รับผิดชอบ"),
    "measures": ("ขั้นตอนหรือวิธีการ/มาตรการ", "ขั้นตอนหรือวิธีการ/มาตรการ"),
    "monitoring": ("การรายงานผลและการกำกับติดตาม", "การรายงานผลและการกำกับติดตาม"),
    "deadline": ("กำหนดเวลาแล้วเสร็จ", "กำหนดเวลาแล้วเสร็จ"),
    "target": ("ตัวชี้วัด/ค่าเป้าหมาย", "ตัวชี้วัด/ค่าเป้าหมาย"),
    "budget": ("งบประมาณ", "งบประมาณ"),
    "actions": ("การดำเนินการ", "การดำเนินการ"),
    "result": ("ผลการดำเนินงาน", "ผลการดำเนินงาน"),
}
"""Every column a measures table may have (key → default heading, phone-card label), in the default order.
Without a deadline column, the monitoring column also shows the deadline and is headed
"การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ", as in the seed."""


def normalize_code(value: str) -> str:
    """``"e๗"``, ``" E07 "`` → ``"E7"``, ``"i๔"`` → ``"I4"``, a whole indicator ``"iit-4"``, ``"IIT 4"`` →
    ``"IIT-4"``; anything else is returned upper-cased, unchanged otherwise."""
    text = arabic_digits(value).strip().upper().replace(" ", "")
    if match := _INDICATOR.fullmatch(text):
        return f"{match.group(1)}-{int(match.group(2))}"
    match = _CODE.fullmatch(text)
    return f"{match.group(1)}{int(match.group(2))}" if match else text


def shown_code(code: str) -> str:
    """A code as the official forms write it: IIT questions lower-case (``I4`` → ``i4``), the rest as they are."""
    return "i" + code[1:] if code[:1] == "I" and code[1:].isdigit() else code


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


_WRONG_TYPE = {  # (Thai, English) for why YAML read the value as something other than text
    bool: ("คำว่า yes/no/on/off/true/false ถูกอ่านเป็นค่าจริง/เท็จ",
           "yes/no/on/off/true/false is read as a yes/no value"),
    int: ("ถูกอ่านเป็นตัวเลข", "it is read as a number"),
    float: ("ถูกอ่านเป็นตัวเลข", "it is read as a number"),
    dict: ("มีเครื่องหมาย : ในข้อความ จึงถูกอ่านเป็นชุดข้อมูลย่อย", "a ':' in the text makes it a nested mapping"),
    list: ("เป็นรายการ (บรรทัดขึ้นต้นด้วย -) แต่ช่องนี้รับข้อความเดียว",
           "it is a list (lines starting with -), but this key takes one text"),
}


def _quoted(text: str) -> str:
    """``text`` in the quotes that keep it text in YAML."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _text(value: object, typed: str | None = None) -> str:
    """The text of a value that must be text; raise Invalid naming what YAML read
    instead and the fix, with the value as the user typed it (``typed``), not as YAML read it."""
    if not isinstance(value, str):
        th, en = _WRONG_TYPE.get(type(value), ("ไม่ใช่ข้อความ", "it is not text"))
        if typed:
            fix_th, fix_en = f"ใส่เครื่องหมายคำพูด {_quoted(typed)}", f"put it in quotes: {_quoted(typed)}"
            if not isinstance(value, (list, dict)):  # what YAML made of it, when that differs from what was typed
                read = "true" if value is True else "false" if value is False else str(value)
                if read != typed:
                    th, en = f"{th} ({read})", f"{en} ({read})"
        elif isinstance(value, list):
            fix_th, fix_en = "รวมเป็นข้อความเดียว", "make it one text"
        else:
            fix_th, fix_en = "ใส่เครื่องหมายคำพูดครอบทั้งข้อความ เช่น \"...\"", "put the whole text in quotes, e.g. \"...\""
        raise messages.NOT_TEXT.invalid(why_th=th, fix_th=fix_th, why_en=en, fix_en=fix_en)
    return value.strip()


TypedOf = Callable[[str], "str | None"]
T = TypeVar("T")


def _mapping(field: Field, value: object, line_of, typed_of: TypedOf, shown: str,  # type: ignore[no-untyped-def]
             errors: list[SiteError]) -> dict[str, str]:
    """A mapping of texts (``contact:``): every key and value must be text; an empty value is left out."""
    if not isinstance(value, dict):
        raise messages.NOT_A_MAPPING.invalid()
    out = {}
    for key, entry in value.items():
        path = f"{field.name}.{key}"
        try:
            if not isinstance(key, str):
                raise messages.NAME_NOT_TEXT.invalid(key=key)
            if entry is not None:
                out[key] = _text(entry, typed_of(path))
        except Invalid as exc:
            errors.append(SiteError(shown, line_of(path), f"'{path}' {exc.th}", f"'{path}' {exc.en}"))
    return out


@dataclass(frozen=True, slots=True)
class _Where:
    """Where a key's value stands: its line and how it was typed by path, and the error list to add to."""

    line_of: Callable[[str], int]
    typed_of: TypedOf
    shown: str
    errors: list[SiteError]

    def entry_error(self, path: str, th_where: str, en_where: str, exc: Invalid) -> None:
        self.errors.append(SiteError(self.shown, self.line_of(path), f"{th_where}: {exc.th}", f"{en_where}: {exc.en}"))


def _number(field: Field, value: object, where: _Where) -> int:
    text = arabic_digits(value).strip() if isinstance(value, str) else value
    # ASCII digits only, and few of them: str.isdigit() also accepts "²", and int() refuses 4300+ digits
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    if not (isinstance(text, str) and re.fullmatch(r"[0-9]{1,9}", text)):
        raise messages.NOT_A_WHOLE_NUMBER.invalid()
    return int(text)


def _date(field: Field, value: object, where: _Where) -> dt.date:
    if isinstance(value, int):
        raise messages.NOT_A_DATE.invalid()
    return parse_date(_text(value, where.typed_of(field.name)))


_AMOUNT = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?")
"""Baht as typed: digits, and at most two decimals (satang)."""
_ISO_LIKE = re.compile(r"\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\s*", re.ASCII)


def _date_or_text(field: Field, value: object, where: _Where) -> dt.date | str:
    """A date written ``YYYY-MM-DD`` (checked as a date), or any other text kept as typed
    (``ตลอดปีงบประมาณ พ.ศ. 2567``)."""
    text = _text(value, where.typed_of(field.name))
    return parse_date(text) if _ISO_LIKE.fullmatch(arabic_digits(text)) else text


def _amount(field: Field, value: object, where: _Where) -> int | float | str:
    """An amount of baht typed as a number (``20000``, ``1500.50``), or a text kept as typed. A number YAML
    would read from another spelling (``1_000``, ``0x10``, ``1e3``, ``12:30``) is refused, never converted."""
    if isinstance(value, str):
        return _text(value)
    typed = where.typed_of(field.name) or ""
    if isinstance(value, int | float) and not isinstance(value, bool) and _AMOUNT.fullmatch(typed):
        return value
    quoted = _quoted(typed or str(value))
    raise messages.NOT_AN_AMOUNT.invalid(quoted=quoted)


def _code(field: Field, value: object, where: _Where) -> str:
    return normalize_code(_text(value, where.typed_of(field.name)))


def _choice(field: Field, value: object, where: _Where) -> str:
    text = _text(value, where.typed_of(field.name))
    chosen = dict(field.aliases).get(text) or next((c for c in field.choices if c.lower() == text.lower()), None)
    if chosen is None:
        words = [w for w, _ in field.aliases]
        th_more = f" (หรือ {', '.join(words)})" if words else ""
        raise messages.NOT_A_CHOICE.invalid(text=text, choices_th=" หรือ ".join(field.choices), th_more=th_more,
                                            choices_en=" or ".join(field.choices))
    return chosen


def _mapping_raw(field: Field, value: object, where: _Where) -> dict:
    if not isinstance(value, dict):  # checked further by the caller, which knows what it maps
        raise messages.NOT_A_MAPPING.invalid()
    return value


_EMPTY = ("รายการนี้ว่าง — ลบบรรทัดนี้หรือเติมข้อความ", "this entry is empty — fill it in or delete the line")
_EMPTY_SUB = ("ข้อย่อยนี้ว่าง — ลบบรรทัดนี้หรือเติมข้อความ", "this sub-step is empty — fill it in or delete the line")


def _each(entries: list, paths: Callable[[int], str], names: Callable[[int], tuple[str, str]],
          convert: Callable[[object, str], T], where: _Where, empty: tuple[str, str] = _EMPTY) -> list[T]:
    """Each entry of a list converted (``convert(entry, its path)``); an empty or wrong one is an error on its own
    line, named by ``names(i)`` (Thai, English), and the others are kept, so all of a list's problems show at once."""
    out = []
    for i, entry in enumerate(entries):
        path = paths(i)
        try:
            if _is_blank(entry):
                raise Invalid(*empty)
            out.append(convert(entry, path))
        except Invalid as exc:
            where.entry_error(path, *names(i), exc)
    return out


def _entry_names(field: Field) -> Callable[[int], tuple[str, str]]:
    return lambda i: (f"'{field.name}' รายการที่ {i + 1}", f"'{field.name}' entry {i + 1}")


def _list(field: Field, value: object, where: _Where) -> list[str]:
    """``text_list`` / ``code_list``: a list of texts (codes normalised); one text is a one-entry list."""
    def text(entry: object, path: str) -> str:
        found = _text(entry, where.typed_of(path))
        return normalize_code(found) if field.kind == "code_list" else found

    return _each(value if isinstance(value, list) else [value], lambda i: f"{field.name}[{i}]", _entry_names(field),
                 text, where)


def _texts(field: Field, value: object, where: _Where) -> list[str]:
    """One text, or a list of texts (``responsible: [สำนักปลัด, กองคลัง]``)."""
    return _list(field, value, where) if isinstance(value, list) else [_text(value, where.typed_of(field.name))]


def _step(field: Field, entry: object, path: str, where: _Where) -> Step:
    """One entry of a ``steps`` list: a text, or ``- ข้อความ:`` with its sub-steps indented under it."""
    if not isinstance(entry, dict) or len(entry) != 1:
        return Step(_text(entry, where.typed_of(path)))
    (head, subs), = entry.items()
    if not isinstance(head, str) or not head.strip():
        raise messages.STEP_HEAD_NOT_TEXT.invalid()
    if isinstance(subs, str | dict) or (subs is not None and not isinstance(subs, list)):
        return Step(_text(entry, where.typed_of(path)))  # "ข้อความ: ต่อ" on one line: a ':' inside the text
    if not subs:
        raise messages.STEP_WITHOUT_SUBSTEPS.invalid()
    steps = _each(subs, lambda j: f"{path}.{head}[{j}]",
                  lambda j: (f"'{field.name}' ข้อย่อยที่ {j + 1} ของรายการนั้น",
                             f"'{field.name}' sub-step {j + 1} of it"),
                  lambda sub, sub_path: _text(sub, where.typed_of(sub_path)), where, _EMPTY_SUB)
    return Step(head.strip(), tuple(steps))


def _steps(field: Field, value: object, where: _Where) -> list[Step]:
    """``measures`` / ``monitoring``: entries of text, each optionally with sub-steps; one text is one entry."""
    return _each(value if isinstance(value, list) else [value], lambda i: f"{field.name}[{i}]", _entry_names(field),
                 lambda entry, path: _step(field, entry, path, where), where)


def _column(entry: object, path: str, where: _Where) -> Column:
    """``- budget`` (the default heading) or ``- budget: งบประมาณ (บาท)`` (the agency's own heading)."""
    key, heading = entry, None
    if isinstance(entry, dict) and len(entry) == 1:
        (key, heading), = entry.items()
        heading = _text(heading, where.typed_of(f"{path}.{key}")) if heading is not None else None
    if not isinstance(key, str) or key.strip().lower() not in COLUMNS:
        close = difflib.get_close_matches(str(key).strip().lower(), COLUMNS, n=1, cutoff=0.6)
        th_hint = f"หมายถึง '{close[0]}' หรือเปล่า?" if close else f"ใช้ได้: {', '.join(COLUMNS)}"
        en_hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(COLUMNS)}"
        raise messages.UNKNOWN_COLUMN.invalid(column=str(key), th_hint=th_hint, en_hint=en_hint)
    key = key.strip().lower()
    return Column(key, heading, heading) if heading else Column(key, *COLUMNS[key])


def _columns(field: Field, value: object, where: _Where) -> list[Column]:
    """``columns:`` of a measures document: the table's columns in order, each at most once."""
    out: list[Column] = []
    for i, entry in enumerate(value if isinstance(value, list) else [value]):
        path = f"{field.name}[{i}]"
        try:
            column = _column(entry, path, where)
            if any(c.key == column.key for c in out):
                raise messages.COLUMN_TWICE.invalid(key=column.key)
            out.append(column)
        except Invalid as exc:
            where.entry_error(path, f"'{field.name}' รายการที่ {i + 1}", f"'{field.name}' entry {i + 1}", exc)
    return out


def _mapping_kind(field: Field, value: object, where: _Where) -> dict[str, str]:
    return _mapping(field, value, where.line_of, where.typed_of, where.shown, where.errors)


_KINDS: dict[str, Callable[[Field, object, _Where], object]] = {
    "text": lambda field, value, where: _text(value, where.typed_of(field.name)),
    "texts": _texts, "text_list": _list, "code_list": _list, "steps": _steps, "number": _number, "amount": _amount,
    "date": _date, "date_or_text": _date_or_text, "code": _code, "choice": _choice, "mapping": _mapping_kind,
    "mapping_raw": _mapping_raw, "columns": _columns,
}


def check_fields(
    meta: dict[str, object], lines: dict[str, int], fields: tuple[Field, ...],
    shown: str, errors: list[SiteError], what: str, missing_line: int = 1, typed: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Check ``meta`` against ``fields``; append every problem to ``errors``.

    Returns the coerced values of the valid keys, with defaults for absent optional keys.
    ``what`` names the kind of file in messages (e.g. ``"ไฟล์ข้อ EIT"``); a missing key is reported on
    ``missing_line`` (the front matter's closing ``---``, before which it belongs). ``typed`` holds
    the source text of values that are not text (``Parsed.typed``), to show them as typed.
    """
    by_name = {f.name: f for f in fields}

    def line_of(key: str) -> int:
        return lines.get(key) or lines.get(key.split("[")[0]) or 1

    for key in meta:
        if key not in by_name:
            close = difflib.get_close_matches(key, by_name, n=1, cutoff=0.6)
            hint_th = f"หมายถึง '{close[0]}' หรือเปล่า?" if close else f"ช่องที่ใช้ได้: {', '.join(by_name)}"
            hint_en = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(by_name)}"
            errors.append(messages.UNKNOWN_KEY.error(shown, line_of(key), key=key, hint_th=hint_th, hint_en=hint_en))
    values: dict[str, Any] = {}  # Any: each value has been checked against its Field's kind
    for field in fields:
        value = meta.get(field.name)
        if _is_blank(value):
            if field.required:
                label = f" ({field.th})" if field.th else ""
                where = "ว่างอยู่" if field.name in meta else "ไม่มี"
                errors.append(messages.REQUIRED_KEY.error(shown,
                                                          line_of(field.name) if field.name in meta else missing_line,
                                                          what=what, name=field.name, label=label, state_th=where,
                                                          state_en="empty" if field.name in meta else "missing"))
            elif field.default is not None:
                values[field.name] = field.default
            continue
        before = len(errors)
        try:
            checked = _KINDS[field.kind](field, value, _Where(line_of, (typed or {}).get, shown, errors))
        except Invalid as exc:
            errors.append(SiteError(shown, line_of(field.name), f"ช่อง '{field.name}' {exc.th}",
                                    f"'{field.name}' {exc.en}"))
            continue
        if len(errors) == before:
            values[field.name] = checked
    return values

