"""The schema of a catalog file (``eit-<FY>.yaml`` / ``oit-<FY>.yaml``), checked by hand so every
problem carries its ``path:line`` and a Thai + English fix, like the content's front matter."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sitegen import messages
from sitegen.errors import SiteError
from sitegen.messages import Message
from sitegen.fields import normalize_code, shown_code

PERIODS = ("standing", "current_fy", "previous_fy", "six_month", "monthly")
TOOLS = ("IIT", "EIT", "OIT")
"""The three ITA tools in their official order (indicators 1–5, 6–8, 9–10)."""
PREFIX = {"IIT": "I", "EIT": "E", "OIT": "O"}
"""The letter of each tool's question codes (the official forms write IIT's lower-case: i1 … i30)."""
MAX_CODE = 99
"""Question and item numbers run 1–99: the longest list so far is OIT 2563–2566 (O1–O43), IIT has 30
questions and EIT 15, so two digits leave room while a typo such as O430 or a placeholder such as X1 is
refused."""
ANSWER_KINDS = ("measures", "report", "report_previous", "contact")
"""What a generated page answers: the measures document, its round reports, the previous fiscal
year's 12-month report (2569 O26 reports on 2568), the contact page."""

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a catalog mapping."""

    name: str
    kind: str
    """int | text | label (a number or a text, kept as text: "9.1") | bool | text_list | list | code | choice"""
    required: bool = False
    entries: tuple[Key, ...] = ()
    """For ``list``: the keys of each entry (a mapping)."""
    choices: tuple[str, ...] = ()
    prefix: str = ""
    """For ``code``: the letter the code must start with (E, I or O)."""


def _entries(*keys: Key) -> tuple[Key, ...]:
    return keys


def _question_schema(prefix: str, wording_required: bool) -> tuple[Key, ...]:
    """An EIT or IIT catalog: indicators holding the questions (IIT's shipped ones have no wording)."""
    return _entries(
        Key("fiscal_year", "int", True), Key("based_on", "int"), Key("verified", "bool"), Key("source", "text"),
        Key("indicators", "list", entries=_entries(
            Key("number", "int", True), Key("name", "text", True),
            Key("items", "list", True, _entries(
                Key("code", "code", True, prefix=prefix), Key("question", "text", wording_required),
                Key("options", "text_list"), Key("verified", "bool"),
            )),
        )),
    )


EIT_SCHEMA = _question_schema("E", True)
IIT_SCHEMA = _question_schema("I", False)
OIT_SCHEMA = _entries(
    Key("fiscal_year", "int", True), Key("verified", "bool"), Key("source", "text"),
    Key("indicators", "list", True, _entries(
        Key("number", "int", True), Key("name", "text", True),
        Key("subindicators", "list", True, _entries(
            Key("number", "label", True), Key("name", "text", True),
            Key("groups", "list", True, _entries(
                Key("name", "text", True),
                Key("items", "list", True, _entries(
                    Key("code", "code", True, prefix="O"), Key("title", "text", True),
                    Key("period", "choice", True, choices=PERIODS), Key("hint", "text"),
                    Key("verified", "bool"), Key("answers", "choice", choices=ANSWER_KINDS),
                )),
            )),
        )),
    )),
)
_KIND_TH = {"int": "ตัวเลขจำนวนเต็ม เช่น 2570", "text": "ข้อความ", "label": "ตัวเลขหรือข้อความ เช่น \"9.1\"",
            "bool": "true หรือ false", "text_list": "รายการข้อความ (บรรทัดขึ้นต้นด้วย - )",
            "list": "รายการ (บรรทัดขึ้นต้นด้วย - )", "code": "รหัส เช่น E7, i4 หรือ O1", "choice": "ค่าที่กำหนด"}
_KIND_EN = {"int": "a whole number such as 2570", "text": "a text", "label": "a number or a text such as \"9.1\"",
            "bool": "true or false", "text_list": "a list of texts (lines starting with - )",
            "list": "a list (lines starting with - )", "code": "a code such as E7, i4 or O1",
            "choice": "one of the set values"}


class _Checker:
    def __init__(self, shown: str, lines: dict[Path_, int], what: str, kind: str):
        self.shown, self.lines, self.what, self.kind = shown, lines, what, kind
        self.errors: list[SiteError] = []
        self.codes: dict[str, Path_] = {}

    def line(self, path: Path_) -> int | None:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def error(self, path: Path_, message: Message, **fields: object) -> None:
        self.errors.append(message.error(self.shown, self.line(path), what=self.what, **fields))

    def mapping(self, value: object, keys: tuple[Key, ...], path: Path_) -> dict | None:
        if not isinstance(value, dict):
            example = f"sitegen catalog {EXAMPLE_YEAR} --kind {self.kind}"
            self.error(path, messages.CATALOG_NOT_A_MAPPING, example=example)
            return None
        known = {k.name: k for k in keys}
        out = {}
        for name, raw in value.items():
            key = known.get(name)
            if key is None:
                close = difflib.get_close_matches(str(name), list(known), n=1)
                mean_th = f" หมายถึง '{close[0]}' หรือเปล่า?" if close else f" ใช้ได้: {', '.join(known)}"
                mean_en = f" did you mean '{close[0]}'?" if close else f" known: {', '.join(known)}"
                self.error(path + (str(name),), messages.CATALOG_UNKNOWN_KEY, name=name, mean_th=mean_th,
                           mean_en=mean_en)
                continue
            if raw is not None:
                checked = self.value(raw, key, path + (name,))
                if checked is not None:
                    out[name] = checked
        for key in keys:
            if key.required and key.name not in value:
                self.error(path, messages.CATALOG_KEY_MISSING, name=key.name)
        return out

    def wrong(self, path: Path_, key: Key) -> None:
        choices = f" ({', '.join(key.choices)})" if key.choices else ""
        self.error(path, messages.CATALOG_WRONG_VALUE, name=key.name, kind_th=_KIND_TH[key.kind],
                   kind_en=_KIND_EN[key.kind], choices=choices)

    def value(self, raw: object, key: Key, path: Path_) -> object:
        kind = key.kind
        if kind == "int" and isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if kind == "bool" and isinstance(raw, bool):
            return raw
        if kind in ("text", "label") and isinstance(raw, str) and raw.strip():
            return raw.strip()
        if kind == "label" and isinstance(raw, int | float) and not isinstance(raw, bool):
            return str(raw)
        if kind == "choice" and raw in key.choices:
            return raw
        if kind == "text_list" and isinstance(raw, list) and all(isinstance(v, str) and v.strip() for v in raw):
            return [v.strip() for v in raw]
        if kind == "code" and isinstance(raw, str):
            return self.code(raw, key, path)
        if kind == "list" and isinstance(raw, list):
            entries = [self.mapping(v, key.entries, path + (i,)) for i, v in enumerate(raw)]
            return [e for e in entries if e is not None]
        self.wrong(path, key)
        return None

    def code(self, raw: str, key: Key, path: Path_) -> str | None:
        code = normalize_code(raw)
        number = code[len(key.prefix):] if code.startswith(key.prefix) else ""
        if not (number.isascii() and number.isdigit() and 1 <= int(number) <= MAX_CODE and number[0] != "0"):
            tool = next(t for t, p in PREFIX.items() if p == key.prefix)
            first, last = shown_code(f"{key.prefix}1"), shown_code(f"{key.prefix}{MAX_CODE}")
            self.error(path, messages.CATALOG_NOT_A_CODE, raw=raw, tool=tool, first=first, last=last)
            return None
        if code in self.codes:
            self.error(path, messages.CATALOG_CODE_TWICE, code=code, first=self.line(self.codes[code]))
            return None
        self.codes[code] = path
        return code


KIND_WHAT = {"eit": "แบบวัด EIT", "iit": "แบบวัด IIT", "oit": "รายการ OIT"}
SCHEMAS = {"eit": EIT_SCHEMA, "iit": IIT_SCHEMA, "oit": OIT_SCHEMA}
EXAMPLE_YEAR = 2566
"""A year every kind of catalog is shipped for: the example a message points to."""


def check_catalog(data: dict, lines: dict[Path_, int], shown: str, kind: str) -> tuple[dict, list[SiteError]]:
    """Check one catalog file's data (``kind``: eit, iit or oit); return it cleaned (codes normalised,
    labels as text) and the problems found. An EIT or IIT file needs ``indicators`` unless it is
    ``based_on`` another year."""
    what = KIND_WHAT[kind]
    checker = _Checker(shown, lines, what, kind)
    clean = checker.mapping(data, SCHEMAS[kind], ()) or {}
    if kind != "oit" and "indicators" not in data and "based_on" not in data:
        checker.error((), messages.CATALOG_NO_QUESTIONS)
    return clean, checker.errors
