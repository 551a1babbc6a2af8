"""``sitegen new KIND [TITLE]``: a new content file (action, item, news, document, page) that the build accepts as
it is, with its attachments copied into ``content/files/<FY>/``; the text comes from ``scaffold.newfile``, the
questions ask what only staff know, and nothing is ever written over another file."""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sitegen.catalog.catalogs import Catalogs, Subject, catalog_hint, tool_of, year_subjects
from sitegen.cli.common import UsageError, ask, cancelled, date_arg, prompt, require_site
from sitegen.errors import SiteErrors, print_problems
from sitegen.fields import normalize_code, shown_code
from sitegen.scaffold import newfile
from sitegen.thai import fiscal_year, fiscal_year_span


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help="สร้างไฟล์เนื้อหาใหม่ | write a new content file")
    p.add_argument("kind", choices=newfile.KINDS)
    p.add_argument("title", nargs="?", help="ชื่อเรื่อง | the title")
    p.add_argument("--content", type=Path, default=Path("content"))
    p.add_argument("--date", type=date_arg, help="วันที่ (พ.ศ. หรือ ค.ศ.; ค่าเริ่มต้นวันนี้) | the date (default today)")
    p.add_argument("--fy", type=int, help="ปีงบประมาณ พ.ศ. (ค่าเริ่มต้นจากวันที่) | fiscal year (default: the date's)")
    p.add_argument("--code", help="รหัสข้อสำหรับ new item เช่น E7, i4, O21 หรือ IIT-4 (ทั้งตัวชี้วัด) | "
                                  "the code for new item")
    p.add_argument("--tool", type=str.upper, choices=("IIT", "EIT", "OIT"),
                   help="เครื่องมือการประเมินของ new item (ถามถ้าไม่ใส่) | "
                        "the ITA tool for new item (asked when not given)")
    p.add_argument("--items", help="ข้อของการดำเนินการ เช่น E1,i4,IIT-4 | the items of an action")
    p.add_argument("--oit", help="ข้อ OIT ที่ไฟล์นี้ตอบ เช่น O1,O7 (ของปี --fy) | OIT items the file answers")
    p.add_argument("--attach", action="append", default=[], metavar="FILE",
                   help="ไฟล์แนบของเอกสาร (คัดลอกไปไว้ใน content/files/) | an attachment (copied into content/files/)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        draft, plan = _draft(args)
    except SiteErrors as exc:  # the site's own catalog files: their problems first
        print_problems(exc.errors)
        return 1
    except (EOFError, KeyboardInterrupt):
        return cancelled()
    target = args.content / draft.path
    if target.exists():
        raise UsageError(f"มีไฟล์ {target} อยู่แล้ว ไม่เขียนทับ — ใช้ชื่อเรื่องอื่น หรือแก้ไฟล์เดิม",
                         f"{target} exists; not overwritten")
    _copy(plan, args.content)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:
        handle.write(draft.text)
    print(f"เขียนไฟล์ {target} แล้ว — แก้ข้อความที่ขึ้นต้นด้วย (ข้อความตัวอย่าง) แล้ว sitegen build | wrote {target} — "
          "replace the text marked (ข้อความตัวอย่าง), then build")
    return 0


def _draft(args: argparse.Namespace) -> tuple[newfile.Draft, AttachPlan]:
    """The new file's draft from the options and the answers, and the attachments to copy first."""
    content: Path = args.content
    require_site(content, "เรียกคำสั่งในโฟลเดอร์ของเว็บไซต์ (หรือใช้ --content / sitegen init)",
                 "run it in the site's folder (or --content, or sitegen init)")
    catalogs = _site_catalogs(content)
    day, fy = _day_and_year(args)
    oit = _oit_codes(args, fy, catalogs)
    title = (args.title or "").strip()
    if args.kind != "item" and not title:
        title = prompt("ชื่อเรื่อง | title", required=True)
    if args.kind == "document" and not args.attach:
        raise UsageError("เอกสารต้องมีไฟล์แนบอย่างน้อย 1 ไฟล์ — ใส่ --attach ไฟล์.pdf (หรือลิงก์ https://…)",
                         "a document needs an attachment — give --attach FILE (or an https:// link)")
    plan = _attachments(args.attach, content, fy)
    if args.kind == "item":
        return newfile.draft_item(_item_question(args, fy, catalogs, content), fy, plan.refs), plan
    if args.kind == "action":
        items = _action_items(args, fy, catalogs, content)
        return newfile.draft_action(title, day, fy, items, oit, plan.refs), plan
    if args.kind == "news":
        return newfile.draft_news(title, day, fy, oit, plan.refs), plan
    if args.kind == "document":
        return newfile.draft_document(title, args.date, plan.refs, oit), plan
    return newfile.draft_page(title, oit, plan.refs), plan


def _site_catalogs(content: Path) -> Catalogs:
    """The catalogs the site's build uses; SiteErrors when one of its own catalog files has a problem."""
    from sitegen.build import site_catalogs

    catalogs, errors = site_catalogs(content)
    if problems := [e for e in errors if not e.warning]:
        raise SiteErrors(problems)
    return catalogs


def _codes(text: str) -> list[str]:
    return list(dict.fromkeys(normalize_code(c) for c in text.replace(" ", ",").split(",") if c.strip()))


def _pick(options: dict[str, str], label: str, many: bool) -> list[str]:
    """Offer ``options`` (code as shown → text) and read the codes chosen (typed in any case or digits)."""
    for code, text in options.items():
        print(f"  {code:<5} {text}")
    by_key = {normalize_code(code): code for code in options}
    while True:
        chosen = [by_key.get(c, c) for c in _codes(ask(f"{label}: "))]
        if chosen and all(c in options for c in chosen) and (many or len(chosen) == 1):
            return chosen
        print(f"  เลือกจาก | choose from: {', '.join(options)}", file=sys.stderr)


def _oit_codes(args: argparse.Namespace, fy: int, catalogs: Catalogs) -> dict[int, list[str]]:
    if not args.oit:
        return {}
    catalog = catalogs.oit.get(fy)
    if catalog is None:
        raise UsageError(f"ไม่มีรายการ OIT ของปี {fy} — ใส่ --fy", f"there is no OIT catalog for {fy} — give --fy")
    codes = _codes(args.oit)
    if unknown := [c for c in codes if c not in catalog.items]:
        raise UsageError(f"ไม่มีข้อ {', '.join(unknown)} ใน OIT ปี {fy} (มี {', '.join(catalog.items)})",
                         f"{', '.join(unknown)} not in the OIT catalog of {fy}")
    return {fy: codes}


def _day_and_year(args: argparse.Namespace) -> tuple[dt.date, int]:
    day = args.date or dt.date.today()
    fy = args.fy or fiscal_year(day)
    if args.fy and args.date is None and fiscal_year(day) != fy:
        day = fiscal_year_span(fy)[1] if fiscal_year(day) > fy else fiscal_year_span(fy)[0]
    if fiscal_year(day) != fy:
        raise UsageError(f"วันที่ {day} อยู่ในปีงบประมาณ {fiscal_year(day)} ไม่ใช่ {fy}",
                         f"{day} is in fiscal year {fiscal_year(day)}, not {fy}")
    return day, fy


def _with_files(content: Path, fy: int) -> set[str]:
    """The codes that have an item file in ``eit/<fy>/`` (``i4.md`` and ``I4.md`` alike)."""
    folder = content / "eit" / str(fy)
    return {normalize_code(p.stem) for p in folder.glob("*.md") if p.name != "index.md"} if folder.is_dir() else set()


def _item_question(args: argparse.Namespace, fy: int, catalogs: Catalogs, content: Path) -> Subject:
    """The subject of a new item: ``--code``, or the tool (``--tool`` or asked) and then one of its questions,
    items or whole indicators that has no file yet."""
    subjects = year_subjects(fy, catalogs)
    if args.code:
        code = (_codes(args.code) or [""])[0]
        if code not in subjects:
            tool = tool_of(code) or args.tool or "EIT"
            if fy not in catalogs.of(tool.lower()):
                hint = catalog_hint(fy, tool.lower(), sorted(catalogs.of(tool.lower())))[0]
                raise UsageError(f"ไม่มีแบบวัด {tool} ของปี {fy} — {hint}", f"no {tool} catalog for {fy}")
            known = ", ".join(shown_code(k) for k, s in subjects.items() if s.tool == tool)
            raise UsageError(f"ไม่มีข้อ {args.code} ในแบบวัด {tool} ปี {fy} (มี {known})", f"not an {tool} item of {fy}")
        return subjects[code]
    tools = [t for t in ("IIT", "EIT", "OIT") if any(s.tool == t for s in subjects.values())]
    if not tools:
        hint = catalog_hint(fy, "eit", sorted(catalogs.eit))[0]
        raise UsageError(f"ไม่มีแบบวัดของปี {fy} — {hint}", f"no catalog for {fy}")
    tool = args.tool or _pick({t: TOOL_NAMES[t] for t in tools}, "เครื่องมือการประเมิน | the tool", many=False)[0]
    have = _with_files(content, fy)
    free = {shown_code(k): newfile.subject_line(s) for k, s in subjects.items() if s.tool == tool and k not in have}
    if not free:
        raise UsageError(f"ทุกข้อของแบบวัด {tool} ปี {fy} มีไฟล์แล้ว", f"every item of the {tool} of {fy} has a file")
    chosen = _pick(free, f"รหัสข้อ {tool} (ข้อคำถาม หรือ {tool}-<เลข> ทั้งตัวชี้วัด) | the code", many=False)[0]
    return subjects[chosen]


TOOL_NAMES = {"IIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (บุคลากรของหน่วยงาน)",
              "EIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (ผู้มาติดต่อ)",
              "OIT": "แบบวัดการเปิดเผยข้อมูลสาธารณะ (ข้อมูลบนเว็บไซต์)"}


def _action_items(args: argparse.Namespace, fy: int, catalogs: Catalogs, content: Path) -> list[str]:
    subjects = year_subjects(fy, catalogs)
    have = {shown_code(k): newfile.subject_line(s) for k, s in subjects.items() if k in _with_files(content, fy)}
    if not have:
        example = next((shown_code(k) for k, s in subjects.items() if s.tool == "EIT" and not s.whole), None)
        first = f"sitegen new item --fy {fy} --code {example}" if example else f"sitegen new item --fy {fy}"
        raise UsageError(f"ยังไม่มีไฟล์ข้อมาตรการในปี {fy} — สร้างก่อนด้วย {first}",
                         f"no item files in {fy} yet — first: {first}")
    if args.items:
        codes = [shown_code(c) for c in _codes(args.items)]
        if missing := [c for c in codes if c not in have]:
            raise UsageError(f"ข้อ {', '.join(missing)} ไม่มีไฟล์ใน eit/{fy}/ (มี {', '.join(have)})",
                             f"{', '.join(missing)} have no item file in eit/{fy}/")
        return codes
    return _pick(have, "ข้อที่เกี่ยวข้อง คั่นด้วย , | the items, comma-separated", many=True)


@dataclass(frozen=True, slots=True)
class AttachPlan:
    """What ``--attach`` does: the references the new file gets, and the copies to make first."""

    refs: list[str]
    """``files/…`` paths under content/ and outside links, in the order given."""
    copies: list[tuple[Path, PurePosixPath, PurePosixPath]]
    """(outside file, where it goes under content/, the name it would have had when that was taken)."""


def _in_files(item: str, content: Path) -> PurePosixPath | None:
    """The ``files/…`` path of a file already under ``content/files/``, named either from here
    (``content/files/x.pdf``) or as ``attachments:`` names it (``files/x.pdf``); None for any other file."""
    files = (content / "files").resolve()
    for candidate in (Path(item), content / item):
        if candidate.is_file() and candidate.resolve().is_relative_to(files):
            return PurePosixPath(candidate.resolve().relative_to(content.resolve()).as_posix())
    return None


def _place(content: Path, wanted: PurePosixPath, source: Path,
           planned: dict[PurePosixPath, Path]) -> tuple[PurePosixPath, bool]:
    """Where ``source`` goes under ``content``: ``wanted``, or ``name-2.pdf``, ``name-3.pdf`` … , the first name
    that is free, or that already holds (or is about to hold) the very same bytes: (name, already there)."""
    candidate, n = wanted, 1
    while True:
        path = content / candidate
        there = planned.get(candidate) or (path if path.is_file() else None)
        if there is not None and filecmp.cmp(there, source, shallow=False):
            return candidate, True
        if there is None and not path.exists() and not path.is_symlink():
            return candidate, False
        n += 1
        candidate = wanted.with_name(f"{wanted.stem}-{n}{wanted.suffix}")


def _attachments(given: list[str], content: Path, fy: int) -> AttachPlan:
    """References for the new file, and the outside files to copy into ``files/<FY>/`` (never over another file:
    a taken name becomes ``name-2.pdf``; a file with the same bytes already there is referred to instead)."""
    plan = AttachPlan([], [])
    for item in given:
        if item.startswith(("http://", "https://")):
            plan.refs.append(item)
        elif (inside := _in_files(item, content)) is not None:
            plan.refs.append(inside.as_posix())
        elif not Path(item).is_file():
            raise UsageError(f"ไม่พบไฟล์ {item} — ใส่ที่อยู่ไฟล์ในเครื่อง หรือ files/… ของไฟล์ใน content/files/",
                             f"file {item} not found — give a file on this computer, or files/… of one in "
                             "content/files/")
        else:
            wanted = newfile.attachment_target(Path(item).name, fy)
            rel, there = _place(content, wanted, Path(item), {rel: source for source, rel, _ in plan.copies})
            if not there:
                plan.copies.append((Path(item), rel, wanted))
            plan.refs.append(rel.as_posix())
    return plan


def _copy(plan: AttachPlan, content: Path) -> None:
    for source, rel, wanted in plan.copies:
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        with open(source, "rb") as src, open(content / rel, "xb") as dst:  # "x": never over a file
            shutil.copyfileobj(src, dst)
        if rel != wanted:
            print(f"  มีไฟล์ {content / wanted} อยู่แล้ว จึงตั้งชื่อใหม่ | {content / wanted} exists, so the copy is named "
                  f"{rel.name}")
        print(f"  คัดลอก | copied  {source} → {content / rel}")
