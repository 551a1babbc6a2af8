"""Command line: ``sitegen <command>``; each command is a module here that adds its parser (``register``) and runs it
(``run(args) -> int``), and ``main`` only dispatches. Exit 0 ok, 1 content problems, 2 usage (``UsageError``)."""

from __future__ import annotations

import argparse
import sys

from sitegen.cli import build, catalog, deploy, from_issue, import_, init, issue_form, new, serve
from sitegen.cli.common import UsageError

COMMANDS = (build, serve, init, new, catalog, deploy, issue_form, from_issue, import_)
"""In the order ``sitegen --help`` lists them (``build`` adds ``build`` and ``check``)."""


def make_parser() -> argparse.ArgumentParser:
    from sitegen import __version__

    parser = argparse.ArgumentParser(
        prog="sitegen", description="สร้างเว็บไซต์มาตรการส่งเสริมคุณธรรมและความโปร่งใส | build the integrity-measures site")
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = make_parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors (0 for --help); return it instead
        return int(exc.code or 0)
    try:
        return int(args.run(args))
    except UsageError as exc:
        print(f"sitegen: {exc}", file=sys.stderr)
        return 2
