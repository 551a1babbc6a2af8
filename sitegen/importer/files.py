"""``sitegen import``, the files: an imported report → the content files it makes, then writing them.

The texts are pure (``drafts``): YAML front matter dumped by PyYAML, so every value that YAML would read as
something else (``2566``, ``yes``, ``a: b``, ``#…``) is quoted, and nothing else is; dates are written
``2566-03-01`` as the contract prefers. Each file starts with a comment naming the table and row it came from.

Writing (``plan_files``, ``write_files``) never replaces a file: a file that exists is kept and reported
(importing the same report twice writes nothing the second time). The one exception is ``init``'s
example files of that fiscal year while they are still exactly as ``init`` wrote them (``eit/<FY>/index.md``,
``E7.md``, the example action): an agency that runs ``init`` and then imports its report gets its own
measures in their place, and nothing anyone typed is lost.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from sitegen.importer.cells import Step
from sitegen.importer.tables import Place
from sitegen.importer.rows import Action, Item, Report
from sitegen.scaffold.newfile import Draft, file_stem
from sitegen.scaffold.init import be_iso


class _BeDate(str):
    """A Buddhist-era date, written unquoted (``2566-03-01``); sitegen's loader reads it as text."""


class _Flow(tuple):
    """A list written on one line: ``items: [E7]``."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)  # "  - entry" under its key, as the contract shows


_Dumper.add_representer(_BeDate, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", str(v)))
_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", list(v), flow_style=True))


def dump(values: dict[str, Any]) -> str:
    return yaml.dump(values, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9, default_flow_style=False)


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _comment(source: str, place: Place | None) -> str:
    name = _CONTROL.sub(" ", source)
    if place is None:
        return f"# นำเข้าจาก {name} | imported from {name}\n"
    line = (f" บรรทัด {place.line}", f", line {place.line}") if place.line else ("", "")
    return (f"# นำเข้าจาก {name} ตาราง {place.table} แถว {place.row}{line[0]} | "
            f"imported from {name}, table {place.table}, row {place.row}{line[1]}\n")


def _steps(steps: tuple[Step, ...]) -> list[Any]:
    return [{s.text: list(s.subs)} if s.subs else s.text for s in steps]


def _value(value: object) -> object:
    if isinstance(value, dt.date):
        return _BeDate(be_iso(value))
    if isinstance(value, tuple):
        return list(value)
    return value


def item_text(item: Item, source: str) -> str:
    ref = item.ref
    values: dict[str, Any] = {"tool": ref.tool, "indicator": ref.number} if ref.indicator else {"code": ref.code}
    for key, value in (("question", item.question), ("options", list(item.options)),
                       ("responsible", item.responsible), ("measures", _steps(item.measures)),
                       ("monitoring", _steps(item.monitoring)), ("deadline", item.deadline), ("budget", item.budget),
                       ("target", item.target), ("result", item.result)):
        if value not in (None, "", []):
            values[key] = _value(value)
    return f"---\n{_comment(source, item.place)}{dump(values)}---\n"


def action_text(action: Action, source: str) -> str:
    values = {"title": action.title, "date": _BeDate(be_iso(action.day)),
              "items": _Flow(r.code for r in action.refs), "status": "done"}
    return f"---\n{_comment(source, action.place)}{dump(values)}---\n"


_MARKDOWN = re.compile(r"([\\`*_\[\]<&|~])")
_LINE_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)]))", re.MULTILINE)


def markdown_text(text: str) -> str:
    """Plain text as Markdown that shows exactly that text: the characters Markdown would read as markup
    (emphasis, links, raw HTML, tables, a heading or list at a line's start) are escaped with a backslash."""
    escaped = _MARKDOWN.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(2) else
                           f"{m.group(1)}{m.group(3)}\\{m.group(4)}", escaped)


def index_text(report: Report, source: str, catalog_from: int | None) -> str:
    values: dict[str, Any] = {"title": report.title} if report.title else {}
    follow = ""
    if catalog_from is not None:
        follow = (f"# โปรแกรมยังไม่มีแบบวัดของปี {report.fiscal_year}: ใช้ข้อคำถามของปี {catalog_from} ไปพลาง "
                  f"(แสดงว่า \"ยังไม่ยืนยัน\") | follow {catalog_from}'s catalog until this year has one\n"
                  f"catalog_from: {catalog_from}\n")
    body = "\n\n".join(markdown_text(p) for p in report.intro)
    head = f"---\n{_comment(source, None)}{dump(values) if values else ''}{follow}---\n"
    return head + (f"\n{body}\n" if body else "")


def drafts(report: Report, source: str, catalog_from: int | None = None) -> list[Draft]:
    """Every file of the import: the measures document, one file per item, one per action."""
    fy = str(report.fiscal_year)
    out = [Draft(PurePosixPath("eit", fy, "index.md"), index_text(report, source, catalog_from))]
    out += [Draft(PurePosixPath("eit", fy, f"{i.ref.code}.md"), item_text(i, source)) for i in report.items]
    taken: set[str] = set()
    for action in sorted(report.actions, key=lambda a: (a.day, a.title)):
        stem = base = file_stem(action.title, action.day)
        n = 1
        while stem in taken:
            n += 1
            stem = f"{base}-{n}"
        taken.add(stem)
        out.append(Draft(PurePosixPath("actions", fy, f"{stem}.md"), action_text(action, source)))
    return out


# --- writing --------------------------------------------------------------------------------------

def init_examples(content: Path, fy: int) -> set[PurePosixPath]:
    """The example files ``init`` wrote for year ``fy`` that are still byte for byte as it wrote them."""
    from sitegen.load.config import load_config
    from sitegen.errors import SiteError, SiteErrors
    from sitegen.scaffold.init import Answers, render_scaffold
    from sitegen.thai import fiscal_year_span

    try:
        config = load_config(content)
    except (SiteError, SiteErrors):
        return set()
    index = content / "eit" / str(fy) / "index.md"
    text = index.read_text("utf-8", "replace") if index.is_file() else ""
    follows = re.search(r"^catalog_from: (\d{4})$", text, re.M)
    days = [fiscal_year_span(fy)[0]]
    for path in sorted((content / "actions" / str(fy)).glob("*-example.md")):
        try:
            days.append(dt.date.fromisoformat(path.name.removesuffix("-example.md")))
        except ValueError:
            continue
    found = set()
    for day in days:
        answers = Answers(config.name, config.district, config.province, config.short_name, config.base_url, day,
                          catalog_from=int(follows.group(1)) if follows else None)
        for rel, data in render_scaffold(answers):
            if rel.parts[0] != "content" or str(fy) not in rel.parts[1:3]:
                continue
            target = PurePosixPath(*rel.parts[1:])
            path = content / target
            if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
                found.add(target)
    return found


@dataclass(frozen=True, slots=True)
class Plan:
    write: tuple[Draft, ...]
    """New files, and init's unedited examples replaced."""
    kept: tuple[Draft, ...]
    """Files that exist: not written."""
    remove: tuple[PurePosixPath, ...]
    """init's unedited examples of the year that the import does not replace (the example action)."""
    replaced: tuple[PurePosixPath, ...]


def plan_files(files: list[Draft], content: Path, examples: set[PurePosixPath]) -> Plan:
    write: list[Draft] = []
    kept: list[Draft] = []
    for draft in files:
        path = content / draft.path
        exists = path.exists() or path.is_symlink()
        (kept if exists and draft.path not in examples else write).append(draft)
    written = {d.path for d in write}
    replaced = tuple(sorted(p for p in examples if p in written))
    remove = tuple(sorted(p for p in examples if p not in written)) if write else ()
    return Plan(tuple(write), tuple(kept), remove, replaced)


def write_files(plan: Plan, content: Path) -> list[PurePosixPath]:
    """Write the plan; returns the paths written, in order (an OSError leaves those before it written)."""
    done = []
    for draft in plan.write:
        path = content / draft.path
        path.parent.mkdir(parents=True, exist_ok=True)
        if draft.path in plan.replaced:  # an unedited example of init: swapped in one step
            handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(draft.text)
            os.replace(temp, path)
        else:
            with open(path, "x", encoding="utf-8", newline="\n") as out:
                out.write(draft.text)
        done.append(draft.path)
    for rel in plan.remove:
        (content / rel).unlink(missing_ok=True)
    return done
