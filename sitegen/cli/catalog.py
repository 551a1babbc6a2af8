"""``sitegen catalog FY``: print or export the catalog in force for a year (shipped, the site's own, or followed
with ``catalog_from``), as a YAML file the agency can start its own from. Nothing is written over a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sitegen.catalog.catalogs import KINDS
from sitegen.cli.common import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("catalog", help="แสดงหรือส่งออกแบบวัดที่ใช้ในปีนั้น | print or export the catalog in force")
    p.add_argument("fy", type=int)
    p.add_argument("--kind", choices=KINDS, default="eit")
    p.add_argument("--export", type=Path, metavar="FILE",
                   help="เขียนลงไฟล์ (ไม่เขียนทับ) | write to FILE (never overwritten)")
    p.add_argument("--content", type=Path, default=Path("content"))
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print or export the catalog in force. The site's own catalog files that have problems are named and
    left out (the year then shows the shipped catalog): a broken file is when staff most need an example."""
    from sitegen.build import follow_requests
    from sitegen.catalog.catalogs import load_site_catalogs
    from sitegen.catalog.export import export_catalog
    from sitegen.errors import print_problems
    from sitegen.load.content import load_content

    follows = follow_requests(load_content(args.content)[0]) if args.content.is_dir() else ()
    catalogs, errors = load_site_catalogs(args.content, follows)
    if problems := [e for e in errors if not e.warning]:
        print_problems(problems)
        print("sitegen: ไฟล์ข้างบนมีข้อผิดพลาด จึงไม่นำมาใช้ในผลนี้ | "
              "the files above have problems and are left out here", file=sys.stderr)
    text = export_catalog(catalogs, args.fy, args.kind)
    if text is None:
        raise UsageError(f"ไม่มีแบบวัด {args.kind.upper()} ของปีใดเลย", f"there is no {args.kind} catalog of any year")
    if args.export is None:
        print(text, end="")
        return 0
    if args.export.exists():
        raise UsageError(f"มีไฟล์ {args.export} อยู่แล้ว ไม่เขียนทับ — ลบหรือเลือกชื่ออื่น",
                         f"{args.export} exists; not overwritten")
    args.export.parent.mkdir(parents=True, exist_ok=True)
    with open(args.export, "x", encoding="utf-8") as handle:
        handle.write(text)
    print(f"เขียน {args.export} แล้ว — แก้ให้ตรงกับคู่มือการประเมิน ITA ปี {args.fy} | wrote {args.export}")
    return 0
