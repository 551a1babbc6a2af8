"""Small front-matter schema: typed fields, checked by hand so messages carry Thai text and lines.

Decisions (documented in README): a single text where a list is expected becomes a one-entry list;
numbers, yes/no, lists and mappings are never silently turned into text (quote them; the message
shows the value as typed); empty text counts as missing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sitegen.errors import Invalid, SiteError
from sitegen.thai import arabic_digits, parse_date

_CODE = re.compile(r"([A-Z]+)0*([0-9]{1,6})", re.ASCII)
_INDICATOR = re.compile(r"(IIT|EIT|OIT)[-_]?0*([0-9]{1,6})", re.ASCII)


@dataclass(frozen=True, slots=True)
class Field:
    """One front-matter key: its name, kind, whether it is required, and its Thai label."""

    name: str
    kind: str  # text | text_list | number | date | code | code_list | choice | mapping
    required: bool = False
    default: object = None
    choices: tuple[str, ...] = ()
    th: str = ""


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
    bool: ("คำว่า yes/no/on/off/true/false ถูกอ่านเป็นค่าจริง/เท็จ", "yes/no/on/off/true/false is read as a yes/no value"),
    int: ("ถูกอ่านเป็นตัวเลข", "it is read as a number"),
    float: ("ถูกอ่านเป็นตัวเลข", "it is read as a number"),
    dict: ("มีเครื่องหมาย : ในข้อความ จึงถูกอ่านเป็นชุดข้อมูลย่อย", "a ':' in the text makes it a nested mapping"),
    list: ("เป็นรายการ (บรรทัดขึ้นต้นด้วย -) แต่ช่องนี้รับข้อความเดียว", "it is a list (lines starting with -), but this key takes one text"),
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
        raise Invalid(f"ต้องเป็นข้อความ แต่{th} — {fix_th}", f"must be text: {en} — {fix_en}")
    return value.strip()


TypedOf = Callable[[str], "str | None"]


def _mapping(field: Field, value: object, line_of, typed_of: TypedOf, shown: str, errors: list[SiteError]) -> dict[str, str]:
    """A mapping of texts (``contact:``): every key and value must be text; an empty value is left out."""
    if not isinstance(value, dict):
        raise Invalid("ต้องเป็นชุดข้อมูลย่อยแบบ ชื่อ: ค่า", "must be a mapping of 'name: value' lines")
    out = {}
    for key, entry in value.items():
        path = f"{field.name}.{key}"
        try:
            if not isinstance(key, str):
                raise Invalid(f"ชื่อ {key!r} ต้องเป็นตัวอักษร — แก้ชื่อ", f"name {key!r} must be text — rename it")
            if entry is not None:
                out[key] = _text(entry, typed_of(path))
        except Invalid as exc:
            errors.append(SiteError(shown, line_of(path), f"'{path}' {exc.th}", f"'{path}' {exc.en}"))
    return out


def _check(field: Field, value: object, line_of, typed_of: TypedOf, shown: str, errors: list[SiteError]) -> object:
    """Coerce one value; raise Invalid for the whole key, or append per-entry errors."""
    typed = typed_of(field.name)
    if field.kind == "text":
        return _text(value, typed)
    if field.kind == "number":
        text = arabic_digits(value).strip() if isinstance(value, str) else value
        # ASCII digits only, and few of them: str.isdigit() also accepts "²", and int() refuses 4300+ digits
        if isinstance(text, bool) or not (isinstance(text, int) or (isinstance(text, str) and re.fullmatch(r"[0-9]{1,9}", text))):
            raise Invalid("ต้องเป็นตัวเลขจำนวนเต็ม เช่น 7", "must be a whole number, e.g. 7")
        return int(text)
    if field.kind == "date":
        if isinstance(value, int):
            raise Invalid("ต้องเขียนเป็น ปี-เดือน-วัน เช่น 2566-03-01", "must be YYYY-MM-DD, e.g. 2566-03-01")
        return parse_date(_text(value, typed))
    if field.kind == "code":
        return normalize_code(_text(value, typed))
    if field.kind == "choice":
        text = _text(value, typed)
        if text not in field.choices:
            raise Invalid(
                f"ค่า '{text}' ใช้ไม่ได้ — เลือก {' หรือ '.join(field.choices)}",
                f"'{text}' is not allowed — use {' or '.join(field.choices)}"
            )
        return text
    if field.kind == "mapping_raw":  # checked further by the caller, which knows what it maps
        if not isinstance(value, dict):
            raise Invalid("ต้องเป็นชุดข้อมูลย่อยแบบ ชื่อ: ค่า", "must be a mapping of 'name: value' lines")
        return value
    if field.kind == "mapping":
        return _mapping(field, value, line_of, typed_of, shown, errors)
    if field.kind in ("text_list", "code_list"):
        entries = value if isinstance(value, list) else [value]  # one text → a one-entry list
        out = []
        for i, entry in enumerate(entries):
            try:
                if _is_blank(entry):
                    raise Invalid("รายการนี้ว่าง — ลบบรรทัดนี้หรือเติมข้อความ", "this entry is empty — fill it in or delete the line")
                text = _text(entry, typed_of(f"{field.name}[{i}]"))
                out.append(normalize_code(text) if field.kind == "code_list" else text)
            except Invalid as exc:
                line = line_of(f"{field.name}[{i}]")
                errors.append(SiteError(shown, line, f"'{field.name}' รายการที่ {i + 1}: {exc.th}",
                                        f"'{field.name}' entry {i + 1}: {exc.en}"))
        return out
    raise AssertionError(field.kind)


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
            errors.append(SiteError(shown, line_of(key), f"ไม่รู้จักช่อง '{key}' — {hint_th}", f"unknown key '{key}' — {hint_en}"))
    values: dict[str, Any] = {}  # Any: each value has been checked against its Field's kind
    for field in fields:
        value = meta.get(field.name)
        if _is_blank(value):
            if field.required:
                label = f" ({field.th})" if field.th else ""
                where = "ว่างอยู่" if field.name in meta else "ไม่มี"
                errors.append(SiteError(
                    shown, line_of(field.name) if field.name in meta else missing_line,
                    f"{what}: ช่อง '{field.name}'{label} {where} แต่ต้องมี — เพิ่ม {field.name}: ... ในส่วนหัวก่อนบรรทัด --- ปิดท้าย",
                    f"required key '{field.name}' is {'empty' if field.name in meta else 'missing'} — add '{field.name}: ...' to the front matter",
                ))
            elif field.default is not None:
                values[field.name] = field.default
            continue
        before = len(errors)
        try:
            checked = _check(field, value, line_of, (typed or {}).get, shown, errors)
        except Invalid as exc:
            errors.append(SiteError(shown, line_of(field.name), f"ช่อง '{field.name}' {exc.th}", f"'{field.name}' {exc.en}"))
            continue
        if len(errors) == before:
            values[field.name] = checked
    return values

