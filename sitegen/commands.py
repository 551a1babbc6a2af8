"""The publishing commands: ``sitegen deploy``, ``sitegen issue-form``, ``sitegen from-issue``.

Each subparser sets ``run``; ``cli.main`` calls it. Exit 0 ok, 1 failed, 2 usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

ENV = "SITEGEN_DEPLOY_"


def add_commands(sub) -> None:  # type: ignore[no-untyped-def]
    """Add the publishing subcommands to cli's subparsers."""
    p = sub.add_parser("deploy", help="อัปโหลดเว็บไซต์ขึ้นโฮสต์ทาง SFTP เฉพาะไฟล์ที่เปลี่ยน | mirror output/ to a host over SFTP")
    p.add_argument("--out", type=Path, default=Path("output"), help="the built site (default ./output)")
    p.add_argument("--host", default=os.environ.get(ENV + "HOST"), help=f"SFTP host (or ${ENV}HOST)")
    p.add_argument("--protocol", choices=("sftp", "ftps"), default=os.environ.get(ENV + "PROTOCOL", "sftp"),
                   help=f"sftp (default) or ftps: FTP over TLS, for hosts without SSH (or ${ENV}PROTOCOL)")
    p.add_argument("--port", type=int, default=os.environ.get(ENV + "PORT"), help=f"default 22 / 21 (or ${ENV}PORT)")
    p.add_argument("--user", default=os.environ.get(ENV + "USER"), help=f"(or ${ENV}USER)")
    p.add_argument("--path", default=os.environ.get(ENV + "PATH"),
                   help=f"the site's folder on the host, e.g. public_html (or ${ENV}PATH)")
    p.add_argument("--key", default=os.environ.get(ENV + "KEY"), help=f"private key file (or ${ENV}KEY)")
    p.add_argument("--known-hosts", default=os.environ.get(ENV + "KNOWN_HOSTS"),
                   help=f"known_hosts file with the server's key (or ${ENV}KNOWN_HOSTS; ~/.ssh/known_hosts is read too)")
    p.add_argument("--ca-file", default=os.environ.get(ENV + "CA_FILE"),
                   help=f"ftps: CA certificate(s) to check the server with, besides the system's (or ${ENV}CA_FILE)")
    p.add_argument("--replace-existing", action="store_true",
                   help="เขียนทับไฟล์บนโฮสต์ที่ sitegen ไม่ได้อัปโหลด | take over files sitegen did not upload")
    p.add_argument("--dry-run", action="store_true", help="แสดงสิ่งที่จะทำ ไม่เปลี่ยนอะไร | show the plan, change nothing")
    p.add_argument("--quiet", "-q", action="store_true",
                   help="ไม่แสดงความคืบหน้าของการอัปโหลด | do not show the uploads' progress")
    p.set_defaults(run=run_deploy)

    p = sub.add_parser("issue-form", help="สร้างแบบฟอร์ม issue บันทึกการดำเนินการ | write the GitHub issue form")
    p.add_argument("--year", type=int, required=True, metavar="FY", help="fiscal year (พ.ศ.) whose EIT codes to list")
    p.add_argument("--output", type=Path, help="write here (default: print)")
    p.add_argument("--content", type=Path, default=Path("content"),
                   help="the site whose catalogs to use (content/catalogs/, catalog_from; default ./content)")
    p.set_defaults(run=run_issue_form)

    p = sub.add_parser("from-issue", help="แปลงแบบฟอร์ม issue เป็นไฟล์การดำเนินการ | issue form → action file")
    p.add_argument("--body-file", type=Path, required=True, help="the issue body (Markdown)")
    p.add_argument("--number", type=int, required=True, help="the issue number (names the file)")
    p.add_argument("--content", type=Path, default=Path("content"))
    p.add_argument("--templates", type=Path, default=Path("templates"))
    p.add_argument("--as-of", default=None, metavar="YYYY-MM-DD")
    p.add_argument("--report", type=Path, help="write the result (or the problems) as Markdown for a comment")
    p.set_defaults(run=run_from_issue)


def _fail(th: str, en: str, code: int = 1) -> int:
    print(f"sitegen: {th} | {en}", file=sys.stderr)
    return code


def run_deploy(args: argparse.Namespace) -> int:
    import ftplib

    import paramiko

    from sitegen.publish.deploy import DeployError, SftpRemote, SftpTarget, deploy, open_sftp
    from sitegen.progress import Transfer

    missing = [name for name in ("host", "user", "path") if not getattr(args, name)]
    if missing:
        names = ", ".join(f"--{n} (${ENV}{n.upper()})" for n in missing)
        return _fail(f"ยังไม่ได้ระบุ {names}", f"missing {names}", 2)
    if not (args.out / "index.html").is_file():
        return _fail(f"{args.out}/ ยังไม่มีเว็บไซต์ — สั่ง sitegen build ก่อน",
                     f"{args.out}/ holds no built site — run sitegen build first", 2)
    password = os.environ.get(ENV + "PASSWORD")
    try:
        if args.protocol == "ftps":
            from sitegen.publish.ftps import FtpsRemote, open_ftps
            ftp = open_ftps(args.host, args.port or 21, args.user, password, args.ca_file)
            try:
                result = deploy(args.out, FtpsRemote(ftp, args.path), args.replace_existing, args.dry_run,
                                Transfer(quiet=args.quiet))
            finally:
                ftp.close()
        else:
            target = SftpTarget(args.host, args.port or 22, args.user, args.path, args.key, password, args.known_hosts)
            client, sftp = open_sftp(target)
            try:
                result = deploy(args.out, SftpRemote(sftp, args.path), args.replace_existing, args.dry_run,
                                Transfer(quiet=args.quiet))
            finally:
                client.close()
    except DeployError as exc:
        return _fail(exc.th, exc.en)
    except (OSError, EOFError, paramiko.SSHException, ftplib.Error) as exc:
        return _fail(f"deploy หยุดกลางทาง: {exc} — สั่งใหม่อีกครั้ง (ไฟล์ที่อัปโหลดแล้วถูกบันทึกไว้)",
                     f"deploy stopped: {exc} — run it again (what was uploaded is recorded)")
    plan = result.plan
    verb = ("จะ", "would ") if args.dry_run else ("", "")
    print(f"{verb[0]}อัปโหลด {len(plan.upload)} ไฟล์ ลบ {len(plan.delete)} ไฟล์ ไม่เปลี่ยน {plan.unchanged} ไฟล์ → "
          f"{args.user}@{args.host}:{args.path} | {verb[1]}upload {len(plan.upload)}, delete {len(plan.delete)}, "
          f"unchanged {plan.unchanged}")
    for path in result.replaced:
        print(f"เขียนทับ | replaced: {path}")
    for path in result.kept:
        print(f"ไม่ลบ เพราะไฟล์บนเซิร์ฟเวอร์ถูกแก้หลัง sitegen อัปโหลด (ใช้ --replace-existing ถ้าต้องการลบ) | kept, changed on the "
              f"server since sitegen uploaded it (--replace-existing deletes it): {path}")
    return 0


def run_issue_form(args: argparse.Namespace) -> int:
    from sitegen.build import site_catalogs
    from sitegen.catalog.catalogs import catalog_hint, load_catalogs
    from sitegen.errors import print_problems
    from sitegen.publish.issueform import render_issue_form

    # The catalogs the build uses: shipped, the site's content/catalogs/ and catalog_from (outside a site: shipped)
    catalogs, found = load_catalogs(), None
    if args.content.is_dir():
        found, errors = site_catalogs(args.content)
        if problems := [e for e in errors if not e.warning]:
            print_problems(problems)
            return 1
        catalogs = dict(found.eit)
    if args.year not in catalogs:
        th, en = catalog_hint(args.year, "eit", sorted(catalogs))
        return _fail(f"ไม่มีแบบวัด EIT ของปี {args.year} (มีปี {', '.join(map(str, sorted(catalogs)))}) — {th}",
                     f"no EIT catalog for {args.year} — {en}", 2)
    text = render_issue_form(catalogs[args.year], found)  # IIT and OIT: the site's, or the shipped ones
    if args.output:
        try:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            return _fail(f"เขียน {args.output} ไม่ได้: {exc}", f"cannot write {args.output}: {exc}", 2)
    else:
        print(text, end="")
    return 0


def run_from_issue(args: argparse.Namespace) -> int:
    from sitegen.publish.issueform import convert_issue
    from sitegen.thai import parse_date

    try:
        as_of = parse_date(args.as_of) if args.as_of else dt.date.today()
        body = args.body_file.read_text(encoding="utf-8")
    except (ValueError, OSError) as exc:
        return _fail(f"อ่านข้อมูลไม่ได้: {exc}", f"cannot read the input: {exc}", 2)
    if not args.content.is_dir():
        return _fail(f"ไม่พบโฟลเดอร์ {args.content}", f"folder {args.content} not found", 2)
    try:
        result = convert_issue(body, args.number, args.content, args.templates, as_of)
        if args.report:
            args.report.write_text(result.report, encoding="utf-8")
    except OSError as exc:
        return _fail(f"เขียนไฟล์ไม่ได้: {exc}", f"cannot write: {exc}", 2)
    if result.path is None:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        return 1
    print(result.path)
    return 0
