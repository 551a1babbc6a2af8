"""``sitegen issue-form --year FY``: the GitHub issue form through which staff record an action, with the codes of
the catalogs the site's build uses (outside a site: the shipped ones)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sitegen.cli.common import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("issue-form", help="สร้างแบบฟอร์ม issue บันทึกการดำเนินการ | write the GitHub issue form")
    p.add_argument("--year", type=int, required=True, metavar="FY", help="fiscal year (พ.ศ.) whose EIT codes to list")
    p.add_argument("--output", type=Path, help="write here (default: print)")
    p.add_argument("--content", type=Path, default=Path("content"),
                   help="the site whose catalogs to use (content/catalogs/, catalog_from; default ./content)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
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
        raise UsageError(f"ไม่มีแบบวัด EIT ของปี {args.year} (มีปี {', '.join(map(str, sorted(catalogs)))}) — {th}",
                         f"no EIT catalog for {args.year} — {en}")
    text = render_issue_form(catalogs[args.year], found)  # IIT and OIT: the site's, or the shipped ones
    if not args.output:
        print(text, end="")
        return 0
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"เขียน {args.output} ไม่ได้: {exc}", f"cannot write {args.output}: {exc}") from None
    return 0
