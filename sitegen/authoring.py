"""Authoring commands: ``init`` (a new site), ``new`` (a new content file), ``catalog`` (the
catalog in force as a starting file). Thin wiring: the files come from scaffold.py, newfile.py and
``catalog.export``; this module asks, checks the answers, and writes without overwriting.
Exit 0 ok, 1 a content problem (a broken catalog file), 2 usage (a bad option, a file in the way)."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sitegen.errors import SiteErrors, print_problems
from sitegen.thai import fiscal_year, fiscal_year_span, parse_date

Ask = Callable[[str], str]
AUTHORING_COMMANDS = ("init", "new", "catalog")


def package_version() -> str:
    """The installed version, from the package metadata (pyproject.toml is the one source)."""
    from sitegen import __version__

    return __version__


class UsageError(Exception):
    """A problem with the command's options: printed as ``sitegen: …``, exit 2."""


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_authoring_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``init``, ``new`` and ``catalog`` to the CLI parser."""
    p = sub.add_parser("init", help="สร้างเว็บไซต์ใหม่ในโฟลเดอร์ DIR | start a new site in DIR")
    p.add_argument("dir", type=Path)
    for flag, th in (("--name", "ชื่อเต็มของหน่วยงาน"), ("--district", "อำเภอ"), ("--province", "จังหวัด"),
                     ("--short-name", "ชื่อย่อ"), ("--base-url", "ที่อยู่เว็บไซต์")):
        p.add_argument(flag, help=th)
    p.add_argument("--yes", "-y", action="store_true", help="ไม่ถาม ใช้ค่าเริ่มต้น | ask nothing, take the defaults")
    p.add_argument("--today", type=_date, default=None, help=argparse.SUPPRESS)  # for tests and demos

    p = sub.add_parser("new", help="สร้างไฟล์เนื้อหาใหม่ | write a new content file")
    p.add_argument("kind", choices=("action", "item", "news", "document", "page"))
    p.add_argument("title", nargs="?", help="ชื่อเรื่อง | the title")
    p.add_argument("--content", type=Path, default=Path("content"))
    p.add_argument("--date", type=_date, help="วันที่ (พ.ศ. หรือ ค.ศ.; ค่าเริ่มต้นวันนี้) | the date (default today)")
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

    p = sub.add_parser("catalog", help="แสดงหรือส่งออกแบบวัดที่ใช้ในปีนั้น | print or export the catalog in force")
    p.add_argument("fy", type=int)
    p.add_argument("--kind", choices=("eit", "iit", "oit"), default="eit")
    p.add_argument("--export", type=Path, metavar="FILE", help="เขียนลงไฟล์ (ไม่เขียนทับ) | write to FILE (never overwritten)")
    p.add_argument("--content", type=Path, default=Path("content"))


def run_authoring_command(args: argparse.Namespace, ask: Ask = input) -> int:
    """Run ``init`` / ``new`` / ``catalog``; return the exit code."""
    try:
        if args.command == "init":
            return run_init(args, ask)
        if args.command == "new":
            return run_new(args, ask)
        return run_catalog(args)
    except UsageError as exc:
        print(f"sitegen: {exc}", file=sys.stderr)
        return 2
    except SiteErrors as exc:
        print_problems(exc.errors)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("\nsitegen: ยกเลิก ไม่ได้เขียนไฟล์ใด | cancelled, nothing written "
              "(ใช้ --yes และตัวเลือกอื่นเมื่อไม่มีผู้ตอบ | use --yes and the options when nobody can answer)", file=sys.stderr)
        return 2


def _prompt(ask: Ask, label: str, default: str = "", required: bool = False) -> str:
    """Ask until there is an answer; Enter takes the default."""
    while True:
        shown = f" [{default}]" if default else ""
        answer = ask(f"{label}{shown}: ").strip() or default
        if answer or not required:
            return answer
        print("  ต้องกรอกข้อนี้ | this one is required", file=sys.stderr)


# --- init -------------------------------------------------------------------------------------

def run_init(args: argparse.Namespace, ask: Ask) -> int:
    from sitegen.catalog.catalogs import load_catalogs, load_oit_catalogs
    from sitegen.load.config import check_base_url
    from sitegen.scaffold.init import Answers, render_scaffold, short_name_for, write_files

    def value(given: str | None, th: str, flag: str, default: str = "", required: bool = False) -> str:
        if given is not None:
            return given.strip()
        if args.yes:
            if required and not default:
                raise UsageError(f"ใส่ {flag} ด้วย --yes | {th} | {flag} is required with --yes")
            return default
        return _prompt(ask, f"{th} | {flag}", default, required)

    name = value(args.name, "ชื่อเต็มของหน่วยงาน เช่น องค์การบริหารส่วนตำบลสระตะเคียน", "--name", required=True)
    district = value(args.district, "อำเภอ (ไม่ต้องพิมพ์คำว่าอำเภอ)", "--district", required=True)
    province = value(args.province, "จังหวัด (ไม่ต้องพิมพ์คำว่าจังหวัด)", "--province", required=True)
    if not (name and district and province):
        raise UsageError("ต้องมีชื่อหน่วยงาน อำเภอ และจังหวัด | --name, --district and --province are required")
    short = value(args.short_name, "ชื่อย่อ", "--short-name", short_name_for(name), required=True)
    base_url = value(args.base_url, "ที่อยู่เว็บไซต์", "--base-url", "https://www.example.go.th/", required=True)
    try:
        base_url = check_base_url(base_url)
    except ValueError as exc:
        raise UsageError(f"--base-url {exc}") from None
    contact = {"address": f"อำเภอ{district} จังหวัด{province}"}
    if args.yes:  # nobody saw the address: it is sample text until someone writes the office's own
        from sitegen.check.lint import SAMPLE_MARK

        contact["address"] = f"{SAMPLE_MARK} ที่ทำการ{short} อำเภอ{district} จังหวัด{province}"
    else:
        contact["address"] = _prompt(ask, "ที่อยู่สำนักงาน | address", contact["address"])
        for key, label in (("phone", "โทรศัพท์ | phone"), ("email", "อีเมล | email"), ("facebook", "Facebook (ลิงก์)")):
            if answer := _prompt(ask, label):
                contact[key] = answer
    today = args.today or dt.date.today()
    fy = fiscal_year(today)
    shipped = set(load_catalogs()) & set(load_oit_catalogs())
    # A year sitegen ships no catalog for follows the newest one, marked unverified on the site,
    # until the agency adds content/catalogs/ files: one line to delete later, no copied data that
    # would look official and would miss sitegen's later corrections.
    catalog_from = None if fy in shipped else max((y for y in shipped if y < fy), default=None)
    answers = Answers(name, district, province, short, base_url, today, contact, package_version(), catalog_from,
                      _issue_form(fy), _oit_items(fy))
    written, kept = write_files(args.dir, render_scaffold(answers))
    for rel in written:
        print(f"  เขียน | wrote   {args.dir / rel}")
    for rel in kept:
        print(f"  มีอยู่แล้ว ไม่เขียนทับ | kept    {args.dir / rel}")
    print(f"สร้างเว็บไซต์ใหม่แล้ว ({len(written)} ไฟล์) — cd {args.dir} แล้ว sitegen serve; แก้ข้อความที่ขึ้นต้นด้วย "
          "(ข้อความตัวอย่าง) ก่อนเผยแพร่ (ดู README.md และคู่มือเจ้าหน้าที่.md) | "
          f"new site ready ({len(written)} files) — cd {args.dir}, then sitegen serve; edit the text marked "
          "(ข้อความตัวอย่าง) before you publish (see README.md and คู่มือเจ้าหน้าที่.md)")
    return 0


def _oit_items(fy: int) -> tuple[tuple[str, str, str | None], ...]:
    """The OIT items of ``fy`` as the new site's build will have them (its own or the newest earlier year's)."""
    from sitegen.catalog.catalogs import load_oit_catalogs

    oit = load_oit_catalogs()
    catalog = oit.get(fy) or oit.get(max((y for y in oit if y < fy), default=0))
    return tuple((i.code, i.title, i.answers) for i in catalog.items.values()) if catalog else ()


def _issue_form(fy: int) -> str:
    """The staff form of ``fy``, from the catalogs the new site's build will use (its own or, through
    ``catalog_from``, the newest earlier ones)."""
    from sitegen.catalog.catalogs import Catalogs, follow_eit, follow_oit, shipped_catalogs
    from sitegen.publish.issueform import render_issue_form

    shipped = shipped_catalogs()

    def in_force(found: Mapping, follow: Callable) -> dict:
        earlier = [y for y in found if y < fy]
        return {fy: found[fy]} if fy in found else {fy: follow(found[max(earlier)], fy)} if earlier else {}

    eit = in_force(shipped.eit, follow_eit)
    catalogs = Catalogs(eit, in_force(shipped.oit, follow_oit), in_force(shipped.iit, follow_eit))
    return render_issue_form(eit[fy], catalogs)


# --- new --------------------------------------------------------------------------------------

def _site_catalogs(content: Path):
    from sitegen.build import site_catalogs

    catalogs, errors = site_catalogs(content)
    if problems := [e for e in errors if not e.warning]:
        raise SiteErrors(problems)
    return catalogs


def _codes(text: str) -> list[str]:
    from sitegen.fields import normalize_code

    return list(dict.fromkeys(normalize_code(c) for c in text.replace(" ", ",").split(",") if c.strip()))


def _pick(ask: Ask, options: dict[str, str], label: str, many: bool) -> list[str]:
    """Offer ``options`` (code as shown → text) and read the codes chosen (typed in any case or digits)."""
    from sitegen.fields import normalize_code

    for code, text in options.items():
        print(f"  {code:<5} {text}")
    by_key = {normalize_code(code): code for code in options}
    while True:
        chosen = [by_key.get(c, c) for c in _codes(ask(f"{label}: "))]
        if chosen and all(c in options for c in chosen) and (many or len(chosen) == 1):
            return chosen
        print(f"  เลือกจาก | choose from: {', '.join(options)}", file=sys.stderr)


def _oit_codes(args: argparse.Namespace, fy: int, catalogs) -> dict[int, list[str]]:
    if not args.oit:
        return {}
    catalog = catalogs.oit.get(fy)
    if catalog is None:
        raise UsageError(f"ไม่มีรายการ OIT ของปี {fy} — ใส่ --fy | there is no OIT catalog for {fy} — give --fy")
    codes = _codes(args.oit)
    if unknown := [c for c in codes if c not in catalog.items]:
        raise UsageError(f"ไม่มีข้อ {', '.join(unknown)} ใน OIT ปี {fy} (มี {', '.join(catalog.items)}) | "
                         f"{', '.join(unknown)} not in the OIT catalog of {fy}")
    return {fy: codes}


def _day_and_year(args: argparse.Namespace) -> tuple[dt.date, int]:
    day = args.date or dt.date.today()
    fy = args.fy or fiscal_year(day)
    if args.fy and args.date is None and fiscal_year(day) != fy:
        day = fiscal_year_span(fy)[1] if fiscal_year(day) > fy else fiscal_year_span(fy)[0]
    if fiscal_year(day) != fy:
        raise UsageError(f"วันที่ {day} อยู่ในปีงบประมาณ {fiscal_year(day)} ไม่ใช่ {fy} | {day} is in fiscal year {fiscal_year(day)}, not {fy}")
    return day, fy


def run_new(args: argparse.Namespace, ask: Ask) -> int:
    from sitegen.scaffold import newfile

    content: Path = args.content
    if not (content / "site.yaml").is_file():
        raise UsageError(f"ไม่พบ {content}/site.yaml — เรียกคำสั่งในโฟลเดอร์ของเว็บไซต์ (หรือใช้ --content / sitegen init) | "
                         f"{content}/site.yaml not found — run it in the site's folder (or --content, or sitegen init)")
    catalogs = _site_catalogs(content)
    day, fy = _day_and_year(args)
    oit = _oit_codes(args, fy, catalogs)
    title = (args.title or "").strip()
    if args.kind != "item" and not title:
        title = _prompt(ask, "ชื่อเรื่อง | title", required=True)
    if args.kind == "document" and not args.attach:
        raise UsageError("เอกสารต้องมีไฟล์แนบอย่างน้อย 1 ไฟล์ — ใส่ --attach ไฟล์.pdf (หรือลิงก์ https://…) | "
                         "a document needs an attachment — give --attach FILE (or an https:// link)")
    plan = _attachments(args.attach, content, fy)
    if args.kind == "item":
        draft = newfile.draft_item(_item_question(args, fy, catalogs, content, ask), fy, plan.refs)
    elif args.kind == "action":
        draft = newfile.draft_action(title, day, fy, _action_items(args, fy, catalogs, content, ask), oit, plan.refs)
    elif args.kind == "news":
        draft = newfile.draft_news(title, day, fy, oit, plan.refs)
    elif args.kind == "document":
        draft = newfile.draft_document(title, args.date, plan.refs, oit)
    else:
        draft = newfile.draft_page(title, oit, plan.refs)
    target = content / draft.path
    if target.exists():
        raise UsageError(f"มีไฟล์ {target} อยู่แล้ว ไม่เขียนทับ — ใช้ชื่อเรื่องอื่น หรือแก้ไฟล์เดิม | {target} exists; not overwritten")
    _copy(plan, content)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:
        handle.write(draft.text)
    print(f"เขียนไฟล์ {target} แล้ว — แก้ข้อความที่ขึ้นต้นด้วย (ข้อความตัวอย่าง) แล้ว sitegen build | wrote {target} — "
          "replace the text marked (ข้อความตัวอย่าง), then build")
    return 0


def _with_files(content: Path, fy: int) -> set[str]:
    """The codes that have an item file in ``eit/<fy>/`` (``i4.md`` and ``I4.md`` alike)."""
    from sitegen.fields import normalize_code

    folder = content / "eit" / str(fy)
    return {normalize_code(p.stem) for p in folder.glob("*.md") if p.name != "index.md"} if folder.is_dir() else set()


def _item_question(args, fy: int, catalogs, content: Path, ask: Ask):
    """The subject of a new item: ``--code``, or the tool (``--tool`` or asked) and then one of its questions,
    items or whole indicators that has no file yet."""
    from sitegen.catalog.catalogs import catalog_hint, tool_of, year_subjects
    from sitegen.scaffold.newfile import subject_line
    from sitegen.fields import shown_code

    subjects = year_subjects(fy, catalogs)
    if args.code:
        code = (_codes(args.code) or [""])[0]
        if code not in subjects:
            tool = tool_of(code) or args.tool or "EIT"
            if fy not in catalogs.of(tool.lower()):
                hint = catalog_hint(fy, tool.lower(), sorted(catalogs.of(tool.lower())))[0]
                raise UsageError(f"ไม่มีแบบวัด {tool} ของปี {fy} — {hint} | no {tool} catalog for {fy}")
            known = ", ".join(shown_code(k) for k, s in subjects.items() if s.tool == tool)
            raise UsageError(f"ไม่มีข้อ {args.code} ในแบบวัด {tool} ปี {fy} (มี {known}) | not an {tool} item of {fy}")
        return subjects[code]
    tools = [t for t in ("IIT", "EIT", "OIT") if any(s.tool == t for s in subjects.values())]
    if not tools:
        hint = catalog_hint(fy, "eit", sorted(catalogs.eit))[0]
        raise UsageError(f"ไม่มีแบบวัดของปี {fy} — {hint} | no catalog for {fy}")
    tool = args.tool or _pick(ask, {t: TOOL_NAMES[t] for t in tools}, "เครื่องมือการประเมิน | the tool", many=False)[0]
    have = _with_files(content, fy)
    free = {shown_code(k): subject_line(s) for k, s in subjects.items() if s.tool == tool and k not in have}
    if not free:
        raise UsageError(f"ทุกข้อของแบบวัด {tool} ปี {fy} มีไฟล์แล้ว | every item of the {tool} of {fy} has a file")
    chosen = _pick(ask, free, f"รหัสข้อ {tool} (ข้อคำถาม หรือ {tool}-<เลข> ทั้งตัวชี้วัด) | the code", many=False)[0]
    return subjects[chosen]


TOOL_NAMES = {"IIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (บุคลากรของหน่วยงาน)",
              "EIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (ผู้มาติดต่อ)",
              "OIT": "แบบวัดการเปิดเผยข้อมูลสาธารณะ (ข้อมูลบนเว็บไซต์)"}


def _action_items(args, fy: int, catalogs, content: Path, ask: Ask) -> list[str]:
    from sitegen.catalog.catalogs import year_subjects
    from sitegen.scaffold.newfile import subject_line
    from sitegen.fields import shown_code

    subjects = year_subjects(fy, catalogs)
    have = {shown_code(k): subject_line(s) for k, s in subjects.items() if k in _with_files(content, fy)}
    if not have:
        example = next((shown_code(k) for k, s in subjects.items() if s.tool == "EIT" and not s.whole), None)
        first = f"sitegen new item --fy {fy} --code {example}" if example else f"sitegen new item --fy {fy}"
        raise UsageError(f"ยังไม่มีไฟล์ข้อมาตรการในปี {fy} — สร้างก่อนด้วย {first} | "
                         f"no item files in {fy} yet — first: {first}")
    if args.items:
        codes = [shown_code(c) for c in _codes(args.items)]
        if missing := [c for c in codes if c not in have]:
            raise UsageError(f"ข้อ {', '.join(missing)} ไม่มีไฟล์ใน eit/{fy}/ (มี {', '.join(have)}) | "
                             f"{', '.join(missing)} have no item file in eit/{fy}/")
        return codes
    return _pick(ask, have, "ข้อที่เกี่ยวข้อง คั่นด้วย , | the items, comma-separated", many=True)


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
    import filecmp

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
    from sitegen.scaffold.newfile import attachment_target

    plan = AttachPlan([], [])
    for item in given:
        if item.startswith(("http://", "https://")):
            plan.refs.append(item)
        elif (inside := _in_files(item, content)) is not None:
            plan.refs.append(inside.as_posix())
        elif not Path(item).is_file():
            raise UsageError(f"ไม่พบไฟล์ {item} — ใส่ที่อยู่ไฟล์ในเครื่อง หรือ files/… ของไฟล์ใน content/files/ | "
                             f"file {item} not found — give a file on this computer, or files/… of one in content/files/")
        else:
            wanted = attachment_target(Path(item).name, fy)
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


# --- catalog ----------------------------------------------------------------------------------

def run_catalog(args: argparse.Namespace) -> int:
    """Print or export the catalog in force. The site's own catalog files that have problems are named and
    left out (the year then shows the shipped catalog): a broken file is when staff most need an example."""
    from sitegen.build import follow_requests
    from sitegen.catalog.catalogs import load_site_catalogs
    from sitegen.catalog.export import export_catalog
    from sitegen.load.content import load_content

    follows = follow_requests(load_content(args.content)[0]) if args.content.is_dir() else ()
    catalogs, errors = load_site_catalogs(args.content, follows)
    if problems := [e for e in errors if not e.warning]:
        print_problems(problems)
        print("sitegen: ไฟล์ข้างบนมีข้อผิดพลาด จึงไม่นำมาใช้ในผลนี้ | "
              "the files above have problems and are left out here", file=sys.stderr)
    text = export_catalog(catalogs, args.fy, args.kind)
    if text is None:
        raise UsageError(f"ไม่มีแบบวัด {args.kind.upper()} ของปีใดเลย | there is no {args.kind} catalog of any year")
    if args.export is None:
        print(text, end="")
        return 0
    if args.export.exists():
        raise UsageError(f"มีไฟล์ {args.export} อยู่แล้ว ไม่เขียนทับ — ลบหรือเลือกชื่ออื่น | {args.export} exists; not overwritten")
    args.export.parent.mkdir(parents=True, exist_ok=True)
    with open(args.export, "x", encoding="utf-8") as handle:
        handle.write(text)
    print(f"เขียน {args.export} แล้ว — แก้ให้ตรงกับคู่มือการประเมิน ITA ปี {args.fy} | wrote {args.export}")
    return 0
