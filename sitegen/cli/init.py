"""``sitegen init DIR``: a new site, from the answers to a few questions (or the options, with ``--yes``). The files
come from ``scaffold.init``; nothing in the folder is overwritten."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.cli.common import UsageError, cancelled, date_arg, prompt
from sitegen.errors import Invalid
from sitegen.thai import fiscal_year

if TYPE_CHECKING:
    from sitegen.scaffold.init import Answers


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="สร้างเว็บไซต์ใหม่ในโฟลเดอร์ DIR | start a new site in DIR")
    p.add_argument("dir", type=Path)
    for flag, th in (("--name", "ชื่อเต็มของหน่วยงาน"), ("--district", "อำเภอ"), ("--province", "จังหวัด"),
                     ("--short-name", "ชื่อย่อ"), ("--base-url", "ที่อยู่เว็บไซต์")):
        p.add_argument(flag, help=th)
    p.add_argument("--yes", "-y", action="store_true", help="ไม่ถาม ใช้ค่าเริ่มต้น | ask nothing, take the defaults")
    p.add_argument("--today", type=date_arg, default=None, help=argparse.SUPPRESS)  # for tests and demos
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sitegen.scaffold.init import render_scaffold, write_files

    try:
        answers = _answers(args)
    except (EOFError, KeyboardInterrupt):
        return cancelled()
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


def _answers(args: argparse.Namespace) -> Answers:
    """The new site's answers: the options given, then the questions (or with ``--yes`` the defaults)."""
    from sitegen import __version__
    from sitegen.catalog.catalogs import load_catalogs, load_oit_catalogs
    from sitegen.load.config import check_base_url
    from sitegen.scaffold.init import Answers, short_name_for

    def value(given: str | None, th: str, flag: str, default: str = "", required: bool = False) -> str:
        if given is not None:
            return given.strip()
        if args.yes:
            if required and not default:
                raise UsageError(f"ใส่ {flag} ด้วย --yes | {th}", f"{flag} is required with --yes")
            return default
        return prompt(f"{th} | {flag}", default, required)

    name = value(args.name, "ชื่อเต็มของหน่วยงาน เช่น องค์การบริหารส่วนตำบลสระตะเคียน", "--name", required=True)
    district = value(args.district, "อำเภอ (ไม่ต้องพิมพ์คำว่าอำเภอ)", "--district", required=True)
    province = value(args.province, "จังหวัด (ไม่ต้องพิมพ์คำว่าจังหวัด)", "--province", required=True)
    if not (name and district and province):
        raise UsageError("ต้องมีชื่อหน่วยงาน อำเภอ และจังหวัด", "--name, --district and --province are required")
    short = value(args.short_name, "ชื่อย่อ", "--short-name", short_name_for(name), required=True)
    base_url = value(args.base_url, "ที่อยู่เว็บไซต์", "--base-url", "https://www.example.go.th/", required=True)
    try:
        base_url = check_base_url(base_url)
    except Invalid as exc:
        raise UsageError(f"--base-url {exc.th}", exc.en) from None
    today = args.today or dt.date.today()
    fy = fiscal_year(today)
    shipped = set(load_catalogs()) & set(load_oit_catalogs())
    # A year sitegen ships no catalog for follows the newest one, marked unverified on the site,
    # until the agency adds content/catalogs/ files: one line to delete later, no copied data that
    # would look official and would miss sitegen's later corrections.
    catalog_from = None if fy in shipped else max((y for y in shipped if y < fy), default=None)
    return Answers(name, district, province, short, base_url, today, _contact(args.yes, short, district, province),
                   __version__, catalog_from, _issue_form(fy), _oit_items(fy))


def _contact(yes: bool, short: str, district: str, province: str) -> dict[str, str]:
    """The office's address, phone, email and Facebook page as asked; with ``--yes`` nobody saw the address, so it
    is sample text until someone writes the office's own."""
    if yes:
        from sitegen.check.lint import SAMPLE_MARK

        return {"address": f"{SAMPLE_MARK} ที่ทำการ{short} อำเภอ{district} จังหวัด{province}"}
    contact = {"address": prompt("ที่อยู่สำนักงาน | address", f"อำเภอ{district} จังหวัด{province}")}
    for key, label in (("phone", "โทรศัพท์ | phone"), ("email", "อีเมล | email"), ("facebook", "Facebook (ลิงก์)")):
        if answer := prompt(label):
            contact[key] = answer
    return contact


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
