"""``sitegen serve``: build the site, serve it on a local address and rebuild it on every save."""

from __future__ import annotations

import argparse

from sitegen.cli.common import add_as_of, add_content, add_templates, require_folders, templates_folder


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="สร้างและเปิดดูที่ http://127.0.0.1:8000 พร้อมโหลดใหม่อัตโนมัติ | "
                                     "build, serve and live-reload")
    add_content(p)
    add_templates(p)
    add_as_of(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sitegen.serve.serve import serve

    templates = templates_folder(args.templates)
    require_folders(args.content, templates)
    return serve(args.content, templates, args.as_of, args.host, args.port)
