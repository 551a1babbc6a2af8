"""``sitegen from-issue``: a submitted staff issue form → a checked action file in ``actions/<FY>/``, or its problems
(exit 1), optionally as Markdown for a comment on the issue."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from sitegen.cli.common import UsageError, add_as_of, add_content, require_folders


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("from-issue", help="แปลงแบบฟอร์ม issue เป็นไฟล์การดำเนินการ | issue form → action file")
    p.add_argument("--body-file", type=Path, required=True, help="the issue body (Markdown)")
    p.add_argument("--number", type=int, required=True, help="the issue number (names the file)")
    add_content(p)
    p.add_argument("--templates", type=Path, default=Path("templates"))
    add_as_of(p, "check the action")
    p.add_argument("--report", type=Path, help="write the result (or the problems) as Markdown for a comment")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sitegen.publish.issueform import convert_issue

    try:
        body = args.body_file.read_text(encoding="utf-8")
    except (ValueError, OSError) as exc:
        raise UsageError(f"อ่านข้อมูลไม่ได้: {exc}", f"cannot read the input: {exc}") from None
    require_folders(args.content)
    try:
        result = convert_issue(body, args.number, args.content, args.templates, args.as_of or dt.date.today())
        if args.report:
            args.report.write_text(result.report, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"เขียนไฟล์ไม่ได้: {exc}", f"cannot write: {exc}") from None
    if result.path is None:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        return 1
    print(result.path)
    return 0
