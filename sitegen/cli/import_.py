"""``sitegen import FILE``: an agency's existing Word report (or the text copied from its PDF) → ``content/``.

Wiring only: ``importer.read`` reads the file, ``importer.tables`` and ``importer.rows`` find the measures,
``importer.files`` makes and writes the files; then the same checks as ``sitegen check`` run, and a summary says
what was written, what was kept, what could not be placed (table, row and column) and which values were read in
another form. Exit 0 when everything was placed and the check passes; 1 when a row or column could not be
placed, or the check finds errors (the files are written either way, so the staff can fix them); 2 for a
usage problem (no site, no file, no fiscal year).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

from sitegen.cli.common import (
    UsageError, add_as_of, add_content, add_templates, failed, require_site, templates_folder,
)
from sitegen.errors import Invalid


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="ย้ายรายงานเดิมจาก Word (.docx, .doc, .odt) หรือข้อความที่คัดลอกจาก PDF "
                                      "| import an existing Word report, or the text copied from its PDF")
    p.add_argument("file", type=Path, help="รายงาน.docx / .doc / .odt / .txt")
    add_content(p)
    add_templates(p)
    p.add_argument("--fy", type=int, help="ปีงบประมาณ พ.ศ. (ค่าเริ่มต้น: จากชื่อเอกสาร) | fiscal year (default: "
                                          "from the document's title)")
    add_as_of(p, "check the site")
    p.add_argument("--dry-run", action="store_true",
                   help="แสดงไฟล์ที่จะเขียน ไม่เขียนอะไร | print the files it would write, write nothing")
    p.set_defaults(run=run)


def _catalog_from(content: Path, fy: int) -> int | None:
    """The year to follow when ``fy`` has no EIT and OIT catalog of its own (as ``init`` does)."""
    from sitegen.catalog.catalogs import load_site_catalogs

    catalogs, _ = load_site_catalogs(content)
    own = set(catalogs.eit) & set(catalogs.oit)
    return None if fy in own else max((y for y in own if y < fy), default=None)


def _wording(content: Path, fy: int, follow: int | None):  # type: ignore[no-untyped-def]
    from sitegen.build import follow_requests
    from sitegen.catalog.catalogs import load_site_catalogs
    from sitegen.load.content import load_content
    from sitegen.importer.rows import catalog_wording

    loaded, _ = load_content(content)
    catalogs, _ = load_site_catalogs(content, follow_requests(loaded))
    return catalog_wording(catalogs, fy if fy in catalogs.eit or follow is None else follow)


def run(args: argparse.Namespace) -> int:
    from sitegen.importer.read import read_document
    from sitegen.importer.tables import read_preamble
    from sitegen.importer.files import drafts, init_examples, plan_files
    from sitegen.importer.rows import read_report

    content: Path = args.content
    require_site(content, "เริ่มเว็บไซต์ด้วย sitegen init ก่อน แล้วสั่ง import ในโฟลเดอร์นั้น",
                 "start the site with sitegen init first, then import in it")
    if not args.file.is_file():
        raise UsageError(f"ไม่พบไฟล์ {args.file}", f"file {args.file} not found")
    try:
        doc = read_document(args.file)
    except Invalid as exc:
        return failed(f"{args.file}: {exc.th}", f"{args.file}: {exc.en}")
    fy = args.fy or read_preamble(doc).fiscal_year
    if fy is None:
        raise UsageError("ไม่พบปีงบประมาณในชื่อเอกสาร — ระบุด้วย --fy เช่น --fy 2567",
                         "no fiscal year in the document's title — give it with --fy, e.g. --fy 2567")
    follow = _catalog_from(content, fy)
    report = read_report(doc, fy, _wording(content, fy, follow))
    if not report.items and not report.actions:
        print_notes(doc.name, report)
        return failed(f"{args.file}: ไม่พบตารางมาตรการ (แถวหัวตารางที่มี ประเด็น… ผู้รับผิดชอบ "
                      "ขั้นตอนหรือวิธีการ/มาตรการ …)",
                      f"{args.file}: no measures table found (a header row with ประเด็น… ผู้รับผิดชอบ "
                      "ขั้นตอนหรือวิธีการ/มาตรการ …)")
    files = drafts(report, doc.name, follow)
    plan = plan_files(files, content, init_examples(content, fy))
    if args.dry_run:
        for draft in plan.write:
            print(f"=== {content / draft.path}\n{draft.text}")
    print_plan(doc.name, report, plan, content, args.dry_run)
    print_notes(doc.name, report)
    if args.dry_run:
        print("ไม่ได้เขียนไฟล์ใด (--dry-run) | nothing written (--dry-run)")
        return 0
    return _write_and_check(args, plan, report)


def _write_and_check(args: argparse.Namespace, plan, report) -> int:  # type: ignore[no-untyped-def]
    from sitegen.importer.files import write_files

    try:
        write_files(plan, args.content)
    except OSError as exc:
        raise UsageError(f"เขียนไฟล์ไม่ได้: {exc} — ไฟล์ที่เขียนแล้วอยู่ใน {args.content}/ (สั่งใหม่จะข้ามไฟล์เหล่านั้น)",
                         f"cannot write: {exc} — the files written so far are in {args.content}/ (a new run skips them)"
                         ) from None
    errors = run_check(args)
    th = (f"เขียน {len(plan.write)} ไฟล์ ข้าม {len(plan.kept)} ไฟล์ที่มีอยู่แล้ว "
          f"วางไม่ได้ {len(report.unplaced)} รายการ "
          f"ปรับรูปแบบ {len(report.normalised)} ค่า")
    en = (f"wrote {len(plan.write)} file(s), kept {len(plan.kept)} existing, could not place {len(report.unplaced)}, "
          f"normalised {len(report.normalised)} value(s)")
    step = ("แก้ตามรายการข้างบน แล้ว sitegen build", "fix what is listed above, then sitegen build") \
        if errors or report.unplaced else ("ต่อไป: sitegen build", "next: sitegen build")
    print(f"สรุป: {th} — {step[0]} | summary: {en} — {step[1]}")
    return 1 if errors or report.unplaced else 0


def run_check(args: argparse.Namespace) -> int:
    """The checks of ``sitegen check`` on the whole site; prints its problems; returns the number of errors."""
    from sitegen.build import build
    from sitegen.errors import SiteErrors, count_summary, print_problems

    templates = templates_folder(args.templates)
    as_of = args.as_of or dt.date.today()
    try:
        result = build(args.content, templates, as_of)
    except SiteErrors as exc:
        print_problems([*exc.errors, *exc.warnings])
        th, en = count_summary(len(exc.errors), len(exc.warnings))
        print(f"ตรวจเนื้อหาแล้ว: {th} | check: {en}", file=sys.stderr)
        return len(exc.errors)
    print_problems(result.warnings)
    print(f"ตรวจเนื้อหาแล้ว ไม่พบข้อผิดพลาด ({len(result.site.pages)} หน้า, {len(result.warnings)} คำเตือน) | "
          f"check passed: {len(result.site.pages)} pages, {len(result.warnings)} warning(s)")
    return 0


def print_plan(name: str, report, plan, content: Path, dry_run: bool) -> None:  # type: ignore[no-untyped-def]
    verb = ("จะเขียน", "would write") if dry_run else ("เขียน", "wrote")
    print(f"นำเข้า {name}: ปีงบประมาณ {report.fiscal_year}, {len(report.items)} ข้อ, "
          f"{len(report.actions)} การดำเนินการ | "
          f"imported {name}: fiscal year {report.fiscal_year}, {len(report.items)} item(s), "
          f"{len(report.actions)} action(s)")
    for draft in plan.write:
        replaced = (" (แทนตัวอย่างของ init ที่ยังไม่ได้แก้)", " (replaces init's unedited example)") \
            if draft.path in plan.replaced else ("", "")
        print(f"  {verb[0]} | {verb[1]}: {content / draft.path}{replaced[0]}{replaced[1]}")
    for rel in plan.remove:
        print(f"  ลบตัวอย่างของ init ที่ยังไม่ได้แก้ | removed init's unedited example: {content / rel}")
    for draft in plan.kept:
        print(f"  มีอยู่แล้ว ไม่เขียนทับ | exists, kept: {content / draft.path}")
    if plan.kept:
        print("  (ต้องการฉบับที่นำเข้า: ย้ายไฟล์นั้นออกแล้วนำเข้าใหม่ | to get the imported one instead: move the file "
              "away and import again)")
    if report.title is None:
        print("  ไม่พบชื่อเอกสารมาตรการ (ย่อหน้าที่ขึ้นต้นด้วย “มาตรการ…”) — index.md ใช้ชื่อเริ่มต้น ใส่ title: เอง | "
              "no measures title found (a paragraph starting “มาตรการ…”) — index.md gets the default title; add title:")


def print_notes(name: str, report) -> None:  # type: ignore[no-untyped-def]
    """The values read in another form, what could not be placed, and the text left out, each with its place."""
    for heading, notes, keep_heading in (
        ("ค่าที่อ่านเป็นรูปแบบมาตรฐาน | values normalised", report.normalised, False),
        ("วางไม่ได้ — ไม่ได้นำเข้า | could not place — not imported", report.unplaced, True),
        ("ข้อความนอกตารางมาตรการ ไม่ได้นำเข้า | text outside the measures tables, not imported", report.left_out, True),
    ):
        if notes:
            print(heading)
        for note in notes:
            place = note.place if keep_heading or note.place is None else replace(note.place, heading="")
            line = place.line if place else note.line
            where = f"{name}:{line}" if line else name
            inside = (f"{place.th}: ", f"{place.en}: ") if place else ("", "")
            print(f"  {where}: {inside[0]}{note.th} | {inside[1]}{note.en}")
