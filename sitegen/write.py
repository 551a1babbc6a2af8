"""Write stage: put the rendered files in place atomically.

The site is written to a temporary folder beside the target and swapped in at the end, so a failed
or killed build never leaves a half-written site: readers see the old one or the new one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from sitegen.render import OutputFile


def _leftovers(parent: Path, name: str, kind: str) -> list[Path]:
    return sorted(parent.glob(f".{name}.{kind}-*"))


def recover(out_dir: Path) -> None:
    """Clean up after a build that was killed: drop its temporary folder, and if it died between
    the two renames of the swap, put the previous site back."""
    parent, name = out_dir.parent, out_dir.name
    olds = _leftovers(parent, name, "old")
    if olds and not out_dir.exists():
        os.replace(olds.pop(), out_dir)
    for path in (*olds, *_leftovers(parent, name, "tmp")):
        shutil.rmtree(path, ignore_errors=True)


def write_site(files: Iterable[OutputFile], out_dir: Path) -> int:
    """Write ``files`` into a fresh ``out_dir``, replacing it whole. Returns the number of files.

    Raises ValueError for a path that would land outside ``out_dir`` or twice in it.
    """
    out_dir = out_dir.absolute()
    parent, name = out_dir.parent, out_dir.name
    parent.mkdir(parents=True, exist_ok=True)
    recover(out_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.tmp-", dir=parent))
    count = 0
    try:
        seen: set[str] = set()
        for file in files:
            target = (tmp / file.path).resolve()
            if not target.is_relative_to(tmp.resolve()) or file.path in seen:
                raise ValueError(f"refusing to write {file.path!r}: outside the output folder or written twice")
            seen.add(file.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            if file.data is not None:
                target.write_bytes(file.data)
            else:
                assert file.source is not None
                shutil.copyfile(file.source, target)
            count += 1
        tmp.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        if out_dir.exists():
            old = parent / f".{name}.old-{os.getpid()}"
            os.replace(out_dir, old)
            os.replace(tmp, out_dir)
            shutil.rmtree(old)
        else:
            os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return count
