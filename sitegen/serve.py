"""``sitegen serve``: build into a temporary folder, serve it on 127.0.0.1, rebuild and reload on change.

Never touches output/. When a rebuild fails, the last good site stays up with the problems shown in a
banner on every page (and in the terminal), so nothing on screen pretends to be current.
"""

from __future__ import annotations

import datetime as dt
import html
import shutil
import sys
import tempfile
from pathlib import Path

from sitegen.build import build
from sitegen.errors import SiteErrors, print_problems
from sitegen.render import OutputFile
from sitegen.write import write_site

BANNER_CSS = b""".sitegen-errors{position:sticky;top:0;z-index:99;margin:0;padding:1rem;background:#7f1d1d;color:#fff;
white-space:pre-wrap;font:14px/1.5 monospace;max-height:50vh;overflow:auto}"""


EMPTY_PAGE = OutputFile("index.html", data=b'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">'
                       b"<title>sitegen</title></head><body><main></main></body></html>")


def with_banner(files: list[OutputFile], errors: SiteErrors, base_path: str) -> list[OutputFile]:
    """The last good site with the build's problems shown at the top of every page."""
    text = "\n".join(str(e) for e in errors.errors)
    banner = (
        f'<link rel="stylesheet" href="{base_path}static/_sitegen-errors.css">'
        f'<pre class="sitegen-errors" role="alert">สร้างเว็บไซต์ไม่สำเร็จ — หน้านี้เป็นฉบับก่อนหน้า | '
        f"build failed — showing the last good build\n\n{html.escape(text)}</pre>"
    ).encode()
    out = []
    for f in files:
        if f.path.endswith(".html") and f.data is not None:
            f = OutputFile(f.path, data=f.data.replace(b"<main", banner + b"<main", 1))
        out.append(f)
    out.append(OutputFile("static/_sitegen-errors.css", data=BANNER_CSS))
    return out


class Rebuilder:
    """Rebuilds the site into ``site_dir`` on every call; on failure keeps the last good build
    on screen with the problems in a banner. Returns True when the build succeeded."""

    def __init__(self, content: Path, templates: Path | None, as_of: dt.date | None, base_url: str, site_dir: Path):
        self.content, self.templates, self.as_of = content, templates, as_of
        self.base_url, self.site_dir = base_url, site_dir
        self.last_good: list[OutputFile] = []

    def __call__(self) -> bool:
        try:
            result = build(self.content, self.templates, self.as_of or dt.date.today(), self.base_url)
        except SiteErrors as exc:
            print_problems(exc.errors)
            print(f"พบปัญหา {len(exc.errors)} รายการ ยังแสดงฉบับก่อนหน้า | {len(exc.errors)} problem(s); "
                  "still serving the last good build", file=sys.stderr, flush=True)
            write_site(with_banner(self.last_good or [EMPTY_PAGE], exc, "/"), self.site_dir)
            return False
        print_problems(sorted(result.warnings, key=lambda e: e.sort_key()))
        self.last_good = result.files
        count = write_site(result.files, self.site_dir)
        print(f"สร้างใหม่แล้ว {count} ไฟล์ | rebuilt {count} files — {self.base_url}", flush=True)
        return True


def serve(content: Path, templates: Path | None, as_of: dt.date | None, host: str, port: int) -> int:
    """Serve until interrupted. Returns the exit code."""
    from livereload import Server  # imported here: only serve needs tornado

    root = Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
    base_url = f"http://{host}:{port}/"
    rebuild = Rebuilder(content, templates, as_of, base_url, root / "site")
    rebuild()
    server = Server()
    for folder in (content, templates) if templates else (content,):
        server.watch(str(folder), rebuild, delay=0.3)
    print(f"เปิดดูที่ {base_url} (กด Ctrl+C เพื่อหยุด) | serving at {base_url} (Ctrl+C to stop)", flush=True)
    try:
        server.serve(host=host, port=port, root=str(root / "site"), open_url_delay=None, restart_delay=0)
    except KeyboardInterrupt:
        pass
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0
