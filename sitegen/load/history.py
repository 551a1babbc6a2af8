"""Load stage, history part: when each content file last changed, for the pages' "last updated" date.

The date comes from the content, never from the build clock: the newest git commit that touched
the file when the content folder is in a git work tree, otherwise (or for a file with uncommitted
changes, or one git does not track) the file's modification time. Git dates are preferred because
a checkout, a copy or an upload resets modification times but not commit dates.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path, PurePosixPath

from sitegen.load.tree import Found, shown_path, walk_content

# Thailand has kept UTC+7 without daylight saving since 1920, so a fixed offset is exact and the
# date does not depend on the machine's time zone or on a tz database being installed.
BANGKOK = dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")
GIT_TIMEOUT = 60  # seconds; a hung git must not hang the build, it only costs the git dates


def _mtime_date(mtime: float) -> dt.date | None:
    try:
        return dt.datetime.fromtimestamp(mtime, BANGKOK).date()
    except (OSError, OverflowError, ValueError):
        return None


def _git(content_dir: Path, *args: str) -> str:
    """Run one git command in the content folder; raise OSError/SubprocessError when it fails."""
    done = subprocess.run(
        ["git", "-C", str(content_dir), *args],
        capture_output=True, check=True, timeout=GIT_TIMEOUT,
        # Plain output whatever the user's settings: no pager, no translated messages. No optional
        # locks: `git status` then leaves the index alone, so reading dates never changes the
        # folder `sitegen serve` is watching (and never triggers a rebuild by itself).
        env={**os.environ, "GIT_PAGER": "cat", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"},
    )
    return done.stdout.decode("utf-8", "surrogateescape")


def git_dates(content_dir: Path) -> dict[PurePosixPath, dt.date]:
    """Commit date (in Bangkok) of the newest commit of each committed, unmodified file, relative
    to ``content_dir``. Empty when the folder is not in a git work tree or git is missing or fails."""
    if shutil.which("git") is None:
        return {}
    try:
        inside, _, prefix = _git(content_dir, "rev-parse", "--is-inside-work-tree", "--show-prefix").partition("\n")
        if inside.strip() != "true":
            return {}
        prefix = prefix.strip()  # the folder relative to the repository root: "content/" or ""
        # One log for the whole folder. -z gives file names unquoted, NUL-terminated; each commit
        # starts with \x01 and its committer date in strict ISO 8601 (with the committer's offset).
        log = _git(content_dir, "log", "-z", "--format=%x01%cI", "--name-only", "--no-renames", "--", ".")
        # Files whose working copy differs from the last commit (or that git does not track)
        # changed after their commit date: the file system knows better.
        status = _git(content_dir, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", ".")
    except (OSError, subprocess.SubprocessError, UnicodeError):
        return {}
    changed = {entry[3:] for entry in status.split("\0") if len(entry) > 3}
    newest: dict[str, dt.datetime] = {}
    when: dt.datetime | None = None
    for token in log.split("\0"):
        token = token.lstrip("\n")
        if token.startswith("\x01"):
            try:
                when = dt.datetime.fromisoformat(token[1:].strip())
            except ValueError:
                when = None
        elif token and when is not None and token.startswith(prefix) and token not in changed:
            # The newest by date, not the first listed: log order follows the graph, and merged
            # branches can list an older commit first.
            if token not in newest or when > newest[token]:
                newest[token] = when
    return {PurePosixPath(name[len(prefix):]): stamp.astimezone(BANGKOK).date() for name, stamp in newest.items()}


def load_source_dates(content_dir: Path, as_of: dt.date | None = None,
                      walked: tuple[Found, ...] | None = None) -> dict[str, dt.date]:
    """Last-changed date of every file under ``content_dir``, keyed by its shown path
    (``content/eit/2566/E7.md``, as in ``Page.sources``): the git commit date when the file is
    committed and unchanged, else its modification time. Dates are in Asia/Bangkok.

    With ``as_of``, no date is later than it: a site built as of a day shows no change after that day
    (a site rebuilt as of an earlier date, or a clock that runs ahead, would otherwise say so).

    ``walked``: the files and times the load stage's walk found (``Content.walked``), so the folder is
    walked once per build; without it, the same safe walk (hidden folders such as ``.git``, litter,
    special files and symlinks out of the folder left out) runs here."""
    committed = git_dates(content_dir)
    dates: dict[str, dt.date] = {}
    for found in walk_content(content_dir)[0] if walked is None else walked:
        day = committed.get(found.rel) or _mtime_date(found.mtime)
        if day is not None:
            dates[shown_path(content_dir, found.rel)] = min(day, as_of) if as_of else day
    return dates
