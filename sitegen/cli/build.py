"""``sitegen build`` (the site into ``output/``) and ``sitegen check`` (the same checks, nothing written; with
``--ita FY`` the readiness of a year's OIT items). Exit 0 ok, 1 content problems, 2 usage, 130 interrupted."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.cli.common import (
    UsageError, add_as_of, add_content, add_templates, base_url_arg, require_folders, seconds_arg, templates_folder,
)
from sitegen.errors import SiteError, SiteErrors, count_summary, print_problems
from sitegen.incremental.store import MemoryStore, Store, default_dir
from sitegen.progress import Silent, Stages
from sitegen.write.write import DEFAULT_WAIT, OutputError, check_output, write_site

if TYPE_CHECKING:  # the pipeline is imported when a build runs, not for every command line (start-up)
    from sitegen.build import BuildResult
    from sitegen.model.records import Site


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="สร้างเว็บไซต์ลงโฟลเดอร์ output | build the site")
    add_content(p)
    add_templates(p)
    add_as_of(p)
    p.add_argument("--out", type=Path, default=Path("output"), help="output folder (default ./output)")
    p.add_argument("--format", choices=("text", "github"), default="text",
                   help="github: ปัญหาเป็น annotation ของ GitHub Actions | problems as GitHub Actions annotations")
    p.add_argument("--force", action="store_true",
                   help="เขียนลงโฟลเดอร์ที่ sitegen ไม่ได้สร้าง (ไม่ลบไฟล์อื่น) | write into a folder sitegen "
                        "did not make (other files are kept)")
    p.add_argument("--no-cache", action="store_true",
                   help="ไม่ใช้และไม่เขียน .sitegen-cache/ (สร้างทุกหน้าใหม่) | neither read nor write "
                        ".sitegen-cache/ (render every page)")
    p.add_argument("--wait", type=seconds_arg, default=DEFAULT_WAIT, metavar="SECONDS",
                   help="รอ build อื่นของโฟลเดอร์เดียวกันนานสุดกี่วินาที (0 = ไม่รอ) | how long to wait for "
                        f"another build of the same folder (default {DEFAULT_WAIT:g}; 0: do not wait)")
    p.add_argument("--no-pdf", dest="pdf", action="store_false",
                   help="ไม่ทำไฟล์ PDF ของรายงาน (เร็วกว่า) | skip the round reports' PDFs (faster)")
    p.add_argument("--quiet", "-q", action="store_true",
                   help="ไม่แสดงขั้นตอนระหว่างสร้าง | do not show the stages of a large build")
    _strictness(p)
    p.set_defaults(run=run, write=True)

    p = sub.add_parser("check", help="ตรวจเนื้อหาอย่างเดียว ไม่เขียนไฟล์ | validate only, write nothing")
    add_content(p)
    add_templates(p)
    add_as_of(p)
    p.add_argument("--ita", type=int, metavar="FY",
                   help="รายงานความพร้อมตามแบบวัด OIT ของปีงบประมาณนี้ | readiness of this fiscal year's OIT items")
    p.add_argument("--format", choices=("text", "markdown", "json", "github"), default="text",
                   help="รูปแบบรายงาน --ita; github: annotation + job summary | format of the --ita report; "
                        "github: GitHub Actions annotations and job summary")
    p.add_argument("--report", type=Path, metavar="FILE",
                   help="เขียนรายงาน --ita ลงไฟล์ | write the --ita report to FILE")
    _strictness(p)
    p.set_defaults(run=run, write=False)


def _strictness(p: argparse.ArgumentParser) -> None:
    p.add_argument("--strict", action="store_true",
                   help="ถือว่าคำเตือนเป็นข้อผิดพลาด (สำหรับ CI) | treat warnings as errors (for CI)")
    p.add_argument("--base-url", type=base_url_arg, default=None, metavar="URL", help="override base_url of site.yaml")


def run(args: argparse.Namespace) -> int:
    args.templates = templates_folder(args.templates)
    require_folders(args.content, args.templates)
    if args.write:
        check_out_dir(args.out, args.content, args.templates, args.force)
    return run_build(args)


def _overlaps(a: Path, b: Path) -> bool:
    a, b = Path(os.path.realpath(a)), Path(os.path.realpath(b))  # never raises, even on a symlink loop
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def check_out_dir(out: Path, content: Path, templates: Path | None, force: bool = False) -> None:
    """Raise UsageError when the build must not write ``out``, before it begins (checked again under the output
    lock when writing)."""
    for folder in (content, templates) if templates else (content,):
        if _overlaps(out, folder):
            raise UsageError(f"--out {out} ซ้อนกับโฟลเดอร์ {folder} ซึ่งจะถูกลบทับ — เลือกโฟลเดอร์อื่น",
                             f"--out {out} overlaps {folder}, which the build would replace — choose another folder")
    if problem := check_output(out, force):
        raise UsageError(problem.th, problem.en, str(problem.path))


def run_build(args: argparse.Namespace) -> int:
    from sitegen.build import build

    started = time.perf_counter()
    as_of = args.as_of or dt.date.today()
    write = args.write
    stages = Stages(pdf=args.pdf, quiet=args.quiet) if write else Silent()  # check tells only its result
    try:
        cached = write and not args.no_cache  # check writes nothing, not even a cache entry
        store = Store(default_dir(args.content) / "render") if cached else MemoryStore()
        result: BuildResult = build(args.content, args.templates, as_of, args.base_url, args.strict,
                                    pdf=write and args.pdf, store=store, pdf_cache=cached, stages=stages)
    except SiteErrors as exc:
        if args.format == "github":
            _report_github(args, exc.errors, exc.warnings, None, as_of)
        print_problems([*exc.errors, *exc.warnings])  # errors first, then the warnings
        th, en = count_summary(len(exc.errors), len(exc.warnings))
        kept = (f" — ยังไม่เปลี่ยน {args.out}/", f" — {args.out}/ left unchanged") if write else ("", "")
        print(f"ไม่สำเร็จ: {th}{kept[0]} | failed: {en}{kept[1]}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl+C before anything is written (render workers end with the build)
        print("sitegen: หยุดแล้ว — ยังไม่ได้เขียนไฟล์ใด | interrupted — nothing was written", file=sys.stderr)
        return 130
    if args.format == "github":
        _report_github(args, [], result.warnings, result.site, as_of)
    print_problems(result.warnings)
    if write:
        return _write(args, result, started, stages, store)
    if args.ita:
        return report_readiness(args, result, as_of)
    pages, seconds = len(result.site.pages), time.perf_counter() - started
    print(f"ตรวจแล้ว ไม่พบข้อผิดพลาด ({pages} หน้า, {len(result.warnings)} คำเตือน, {seconds:.2f} วินาที) | "
          f"check passed: {pages} pages, {len(result.warnings)} warning(s), {seconds:.2f} s")
    return 0


def _write(args: argparse.Namespace, result: BuildResult, started: float, stages: Stages, store: MemoryStore) -> int:
    try:
        stages.begin("write", len(result.files))
        count = write_site(result.files, args.out, force=args.force, wait=args.wait,
                           base_path=result.site.config.base_path, store=store)
    except OutputError as exc:
        raise UsageError(exc.th, exc.en, str(exc.path)) from None
    except KeyboardInterrupt:  # a Ctrl+C while files are moved in finishes the moves first
        print(f"sitegen: หยุดแล้ว — {args.out}/ เป็นเว็บไซต์ครบชุด (ฉบับก่อนหรือฉบับใหม่) | "
              f"interrupted — {args.out}/ holds a whole site (the previous or the new one)", file=sys.stderr)
        return 130
    pages, seconds = len(result.site.pages), time.perf_counter() - started
    print(f"สร้างเว็บไซต์แล้ว {pages} หน้า {count} ไฟล์ ใน {seconds:.2f} วินาที → {args.out}/ "
          f"(คำเตือน {len(result.warnings)} รายการ) | built {pages} pages, {count} files in {seconds:.2f} s "
          f"→ {args.out}/ ({len(result.warnings)} warning(s))")
    return 0


def _report_github(args: argparse.Namespace, errors: list[SiteError], warnings: list[SiteError], site: Site | None,
                   as_of: dt.date) -> None:
    from sitegen.publish.annotate import report_github

    report_github(errors, warnings, (args.content, args.templates), site, as_of, sys.stdout)


def report_readiness(args: argparse.Namespace, result: BuildResult, as_of: dt.date) -> int:
    """``check --ita FY``: print (or write) the readiness table; exit 1 when an item is missing
    (with --strict, also when one is stale)."""
    from sitegen.catalog.catalogs import catalog_hint, load_oit_catalogs
    from sitegen.model.assemble import ita_index
    from sitegen.model.readiness import FORMATS, check_readiness

    catalogs = result.catalogs.oit if result.catalogs else load_oit_catalogs()
    if args.ita not in catalogs:
        hint_th, hint_en = catalog_hint(args.ita, "oit", sorted(catalogs))
        raise UsageError(f"ไม่มีรายการ OIT ของปี {args.ita} (มีปี {', '.join(map(str, sorted(catalogs)))}) — {hint_th}",
                         f"no OIT catalog for {args.ita} — {hint_en}")
    index = ita_index(result.site, args.ita, catalogs[args.ita])
    eit = result.catalogs.eit if result.catalogs else {}
    rows = check_readiness(index, as_of, {fy: next(iter(c.questions)) for fy, c in eit.items() if c.questions})
    text = FORMATS["text" if args.format == "github" else args.format](rows, args.ita, as_of)
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    if not args.report or args.format == "text":
        print(text, end="")
    failing = {"missing", "stale"} if args.strict else {"missing"}
    return 1 if any(r.status in failing for r in rows) else 0
