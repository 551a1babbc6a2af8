"""``sitegen deploy``: mirror the built site to a host over SFTP (or FTPS), uploading only what changed and
deleting only what sitegen uploaded. Options fall back to ``SITEGEN_DEPLOY_*`` variables (CI secrets)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.cli.common import UsageError, failed

if TYPE_CHECKING:  # paramiko and the deploy code are imported when a deploy runs
    from sitegen.publish.deploy import DeployResult

ENV = "SITEGEN_DEPLOY_"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("deploy",
                       help="อัปโหลดเว็บไซต์ขึ้นโฮสต์ทาง SFTP เฉพาะไฟล์ที่เปลี่ยน | mirror output/ to a host over SFTP")
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
                   help=f"known_hosts file with the server's key (or ${ENV}KNOWN_HOSTS; ~/.ssh/known_hosts is read "
                        "too)")
    p.add_argument("--ca-file", default=os.environ.get(ENV + "CA_FILE"),
                   help=f"ftps: CA certificate(s) to check the server with, besides the system's (or ${ENV}CA_FILE)")
    p.add_argument("--replace-existing", action="store_true",
                   help="เขียนทับไฟล์บนโฮสต์ที่ sitegen ไม่ได้อัปโหลด | take over files sitegen did not upload")
    p.add_argument("--dry-run", action="store_true",
                   help="แสดงสิ่งที่จะทำ ไม่เปลี่ยนอะไร | show the plan, change nothing")
    p.add_argument("--quiet", "-q", action="store_true",
                   help="ไม่แสดงความคืบหน้าของการอัปโหลด | do not show the uploads' progress")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import ftplib

    import paramiko

    from sitegen.publish.deploy import DeployError

    missing = [name for name in ("host", "user", "path") if not getattr(args, name)]
    if missing:
        names = ", ".join(f"--{n} (${ENV}{n.upper()})" for n in missing)
        raise UsageError(f"ยังไม่ได้ระบุ {names}", f"missing {names}")
    if not (args.out / "index.html").is_file():
        raise UsageError(f"{args.out}/ ยังไม่มีเว็บไซต์ — สั่ง sitegen build ก่อน",
                         f"{args.out}/ holds no built site — run sitegen build first")
    try:
        result = _deploy(args, os.environ.get(ENV + "PASSWORD"))
    except DeployError as exc:
        return failed(exc.th, exc.en)
    except (OSError, EOFError, paramiko.SSHException, ftplib.Error) as exc:
        return failed(f"deploy หยุดกลางทาง: {exc} — สั่งใหม่อีกครั้ง (ไฟล์ที่อัปโหลดแล้วถูกบันทึกไว้)",
                      f"deploy stopped: {exc} — run it again (what was uploaded is recorded)")
    plan = result.plan
    verb = ("จะ", "would ") if args.dry_run else ("", "")
    print(f"{verb[0]}อัปโหลด {len(plan.upload)} ไฟล์ ลบ {len(plan.delete)} ไฟล์ ไม่เปลี่ยน {plan.unchanged} ไฟล์ → "
          f"{args.user}@{args.host}:{args.path} | {verb[1]}upload {len(plan.upload)}, delete {len(plan.delete)}, "
          f"unchanged {plan.unchanged}")
    for path in result.replaced:
        print(f"เขียนทับ | replaced: {path}")
    for path in result.kept:
        print("ไม่ลบ เพราะไฟล์บนเซิร์ฟเวอร์ถูกแก้หลัง sitegen อัปโหลด (ใช้ --replace-existing ถ้าต้องการลบ) | "
              f"kept, changed on the server since sitegen uploaded it (--replace-existing deletes it): {path}")
    return 0


def _deploy(args: argparse.Namespace, password: str | None) -> DeployResult:
    """The upload over the protocol asked for; the connection is closed whatever happens."""
    from sitegen.progress import Transfer
    from sitegen.publish.deploy import SftpRemote, SftpTarget, deploy, open_sftp

    if args.protocol == "ftps":
        from sitegen.publish.ftps import FtpsRemote, open_ftps

        ftp = open_ftps(args.host, args.port or 21, args.user, password, args.ca_file)
        try:
            return deploy(args.out, FtpsRemote(ftp, args.path), args.replace_existing, args.dry_run,
                          Transfer(quiet=args.quiet))
        finally:
            ftp.close()
    target = SftpTarget(args.host, args.port or 22, args.user, args.path, args.key, password, args.known_hosts)
    client, sftp = open_sftp(target)
    try:
        return deploy(args.out, SftpRemote(sftp, args.path), args.replace_existing, args.dry_run,
                      Transfer(quiet=args.quiet))
    finally:
        client.close()
