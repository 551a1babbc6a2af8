"""``--format github``: problems as GitHub Actions annotations, and a job summary.

GitHub reads workflow commands (``::error file=…,line=…,title=…::message``) from a step's output and
pins each one on its file and line in the pull request and the run page. The file must be named
relative to the repository root, while SiteError names it from the content folder's own name
(``content/eit/2566/E7.md`` even for ``--content sites/x/content``), so paths are re-rooted here.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from sitegen.errors import SiteError
from sitegen.model.records import Site
from sitegen.thai import fiscal_year

TITLE = "sitegen"


def escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's ``escapeData``: %, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (``escapeProperty``: also ``:`` and ``,``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def repo_path(shown: str, folders: Iterable[Path], root: Path) -> str:
    """The path GitHub knows for a problem's ``shown`` path: relative to ``root`` (the repository).

    ``shown`` starts with the name of one of ``folders`` (the content or templates folder); that
    name is replaced by the folder's real place. Anything else is returned as it is.
    """
    head, _, rest = shown.partition("/")
    for folder in folders:
        if rest and head == folder.name:
            real = (folder / rest).absolute()
            try:
                return PurePosixPath(Path(os.path.relpath(real, root.absolute()))).as_posix()
            except ValueError:  # another drive (Windows): nothing relative to name
                return real.as_posix()
    return shown


def format_annotation(problem: SiteError, path: str) -> str:
    """One ``::error``/``::warning`` line for ``problem`` found in ``path``."""
    kind = "warning" if problem.warning else "error"
    props = [f"file={escape_property(path)}"]
    if problem.line:
        props.append(f"line={problem.line}")
    props.append(f"title={escape_property(TITLE)}")
    return f"::{kind} {','.join(props)}::{escape_data(f'{problem.th} | {problem.en}')}"


def _readiness_markdown(site: Site, as_of: dt.date) -> str:
    """The ``check --ita`` Markdown table for the fiscal year of ``as_of`` ("" without a catalog)."""
    from sitegen.catalog.catalogs import load_catalogs, load_oit_catalogs
    from sitegen.model.assemble import ita_index
    from sitegen.model.readiness import check_readiness, format_markdown

    fy = fiscal_year(as_of)
    catalogs = load_oit_catalogs()
    if fy not in catalogs:
        return ""
    index = ita_index(site, fy, catalogs[fy])
    first = {year: next(iter(c.questions)) for year, c in load_catalogs().items() if c.questions}
    return format_markdown(check_readiness(index, as_of, first), fy, as_of)


def format_summary(errors: list[SiteError], warnings: list[SiteError], paths: dict[int, str],
                   site: Site | None, as_of: dt.date) -> str:
    """The job summary in Markdown: counts, the problems, and (after a good check) the readiness table.

    ``paths`` maps ``id(problem)`` to its repository path.
    """
    ok = "✅ ผ่าน | passed" if not errors else "❌ ไม่ผ่าน | failed"
    lines = [f"## sitegen: {ok}", "", f"ข้อผิดพลาด {len(errors)} · คำเตือน {len(warnings)} | "
             f"{len(errors)} error(s), {len(warnings)} warning(s)", ""]
    if errors or warnings:
        lines += ["| | ไฟล์ : บรรทัด | ปัญหา |", "|---|---|---|"]
        for p in [*errors, *warnings]:
            where = f"`{paths[id(p)]}:{p.line}`" if p.line else f"`{paths[id(p)]}`"
            text = f"{p.th} | {p.en}".replace("|", "\\|")
            lines.append(f"| {'⚠️' if p.warning else '❌'} | {where} | {text} |")
        lines.append("")
    if site is not None:
        table = _readiness_markdown(site, as_of)
        if table:
            lines += [table]
    return "\n".join(lines).rstrip("\n") + "\n"


def report_github(errors: list[SiteError], warnings: list[SiteError], folders: Iterable[Path],
                  site: Site | None, as_of: dt.date, stream) -> None:
    """Print annotations to ``stream`` and append the summary to ``$GITHUB_STEP_SUMMARY`` if set.

    The repository root is ``$GITHUB_WORKSPACE`` (where Actions runs steps), else the current folder.
    """
    root = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd())
    folders = tuple(folders)
    problems = [*errors, *warnings]
    paths = {id(p): repo_path(str(p.path), folders, root) for p in problems}
    for p in problems:
        print(format_annotation(p, paths[id(p)]), file=stream)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as out:
            out.write(format_summary(errors, warnings, paths, site, as_of))
