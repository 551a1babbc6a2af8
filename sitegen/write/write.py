"""Write stage: put the rendered files in place so that a reader never finds the site missing.

The files of the new site that differ from the output are written to a temporary folder beside it
(``.output.tmp-<pid>-*``; for a new output, all of them and then one rename), then moved into place one
by one with ``os.replace`` (each file atomic: a reader gets the old file or the new one), and the files
of the previous build that the new one no longer has are deleted. Unchanged files are not touched, so
they keep their modification times; a file the build cache says was left as it is now, made from the same inputs,
is not even read (``_stage``). A marker file, ``.sitegen-output``, lists the files sitegen put
there: only those are ever replaced or deleted, so files a user adds to the folder survive, and a folder
without the marker is not written into at all unless it is empty (or ``force``). The whole write runs
under the output lock (``lock.py``).

A journal in the temporary folder, written before the first move, lets the next build finish the moves
of a build killed half way (roll forward). A failure the build sees itself (disk full, permission
denied) puts the replaced files back from hard-linked copies (roll back), so the last good site stays.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sitegen.incremental.store import MemoryStore, fingerprint
from sitegen.write.lock import OutputError, lock_path, output_lock, real_folder
from sitegen.write.landing import landing_order
from sitegen.output import OutputFile

__all__ = ["MARKER", "DEFAULT_WAIT", "OutputError", "check_output", "recover", "write_site"]

MARKER = ".sitegen-output"
MARKER_HEADER = "# sitegen: the files of the site it built here; it replaces or deletes only these\n"
JOURNAL = "journal.json"
DEFAULT_WAIT = 600.0
"""Seconds a build waits for another build of the same folder before giving up."""
LEGACY_FILES = ("index.html", "static/site.css")
"""What an output folder of sitegen before the marker looks like."""


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _plain(path: str) -> bool:
    """A relative path that stays inside its folder: no ``..``, not absolute, nothing to normalise."""
    return bool(path) and os.path.normpath(path) == path and not path.startswith(("/", "../")) and path != ".." \
        and "\0" not in path


def read_marker(out_dir: Path) -> frozenset[str] | None:
    """The files the marker of ``out_dir`` lists, or None when it has no marker. Lines that are not plain
    relative paths are ignored: whoever edited the marker, sitegen deletes nothing outside the folder."""
    try:
        text = (out_dir / MARKER).read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
    return frozenset(line for line in text.splitlines() if not line.startswith("#") and _plain(line))


Written = tuple[int, int, int, str]
"""A file as sitegen last left it: its size, modification time (ns), inode, and what its bytes were made from."""


def _written_name(out_dir: Path) -> str:
    return fingerprint("written", str(out_dir))


def read_written(store: MemoryStore, out_dir: Path) -> dict[str, Written]:
    """What the build cache says of each file of ``out_dir`` as sitegen last left it (nothing it cannot read)."""
    return (store.get_object(_written_name(out_dir), _decode_written) if store.lasting else None) or {}


def _decode_written(payload: bytes) -> dict[str, Written]:
    try:
        found = json.loads(payload)
        return {path: (size, mtime, ino, ident) for path, (size, mtime, ino, ident) in found.items()
                if type(size) is type(mtime) is type(ino) is int and type(ident) is str}
    except (ValueError, TypeError, AttributeError):
        return {}


def _encode_written(written: Mapping[str, Written]) -> bytes:
    return json.dumps(written, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def _ident(file: OutputFile) -> str:
    """What a file's bytes are made from: a page's key, the hash of the bytes, or the stat of the file copied
    (the same ident, the same bytes; another ident says nothing, the bytes are then compared)."""
    if file.key:
        return "k" + file.key
    if file.data is not None:
        return "h" + hashlib.sha256(file.data).hexdigest()
    assert file.source is not None
    st = os.stat(file.source)
    return f"s{st.st_size}.{st.st_mtime_ns}.{st.st_ino}"


def _inside(out_dir: Path, path: str) -> bool:
    """Whether ``path`` is in ``out_dir`` itself, not reached through a symlinked folder."""
    return _plain(path) and (out_dir / path).parent.resolve() == (out_dir.resolve() / path).parent


@dataclass(frozen=True, slots=True)
class Owner:
    """What sitegen may do in an existing output folder."""

    old: frozenset[str]
    """Files of the previous build (from the marker): replaced or deleted freely."""
    overwrite_any: bool
    """A file of a new build's name may be replaced even if the marker does not list it."""
    notice: str = ""
    """Said before writing, when sitegen takes over a folder it did not mark."""


def check_output(out_dir: Path, force: bool = False) -> OutputError | None:
    """Why ``out_dir`` must not be written, or None: it is a file, or a folder sitegen did not make."""
    try:
        _owner(out_dir.absolute(), force)
    except OutputError as exc:
        return exc
    except OSError as exc:
        return os_problem(exc, out_dir.absolute())
    return None


def _owner(out_dir: Path, force: bool) -> Owner:
    """Who owns the files of an existing ``out_dir``. Raises OutputError when sitegen may not write it."""
    if out_dir.is_symlink() and not out_dir.exists():
        raise OutputError(out_dir, None, "เป็นลิงก์ (symlink) ที่ชี้ไปยังที่ที่ไม่มีอยู่หรือวนกลับมาที่ตัวเอง — ลบลิงก์"
                          "หรือเลือก --out อื่น", "is a symlink to nothing (or a loop) — remove it or choose another --out")
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(out_dir, None, "เป็นไฟล์ ไม่ใช่โฟลเดอร์ จึงไม่เขียนทับ — เลือก --out เป็นชื่อโฟลเดอร์",
                          "is a file, not a folder, so it is left as it is — give --out a folder name")
    old = read_marker(out_dir)
    if old is not None:
        return Owner(old, overwrite_any=force)
    if not out_dir.exists() or not any(out_dir.iterdir()):
        return Owner(frozenset(), overwrite_any=False)
    if all((out_dir / name).is_file() for name in LEGACY_FILES):
        return Owner(frozenset(), True,
                     f"{out_dir}: โฟลเดอร์นี้สร้างโดย sitegen รุ่นก่อน (ไม่มีไฟล์ {MARKER}) — เขียนทับเฉพาะไฟล์ชื่อเดียวกับ"
                     f"ของเว็บไซต์ใหม่ ไม่ลบไฟล์อื่น (ลบโฟลเดอร์แล้วสั่งใหม่ถ้าต้องการล้างไฟล์เก่า) | built by an earlier "
                     f"sitegen (no {MARKER}): only files the new site writes are replaced, nothing else is deleted "
                     "(delete the folder and build again to drop old files)")
    if force:
        return Owner(frozenset(), True,
                     f"{out_dir}: --force: เขียนเว็บไซต์ลงโฟลเดอร์ที่ sitegen ไม่ได้สร้าง — ไฟล์ชื่อเดียวกับของเว็บไซต์"
                     f"ถูกเขียนทับ ไฟล์อื่นคงอยู่ไม่ถูกลบ | --force: writing the site into a folder sitegen did not "
                     "make — files with the site's names are replaced, every other file is kept")
    raise OutputError(
        out_dir, None,
        f"โฟลเดอร์นี้มีไฟล์อยู่แล้วและ sitegen ไม่ได้สร้าง (ไม่มีไฟล์ {MARKER}) จึงไม่เขียนลงไป — เลือก --out "
        "เป็นโฟลเดอร์ใหม่หรือโฟลเดอร์ว่าง หรือใช้ --force ให้เขียนลงไป (ไฟล์เดิมที่ชื่อไม่ซ้ำกับเว็บไซต์จะคงอยู่)",
        f"this folder holds files and was not made by sitegen (no {MARKER}), so nothing is written into it — "
        "choose a new or empty folder, or add --force to write into it (files with other names than the "
        "site's are kept)")


# --- staging -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plan:
    """A staged build: the new files that differ from the output, waiting in ``tmp/site``."""

    tmp: Path
    paths: tuple[str, ...]
    """Every file of the new site (the new marker's list)."""
    changed: tuple[str, ...]
    """Files staged in ``tmp/site`` that must be moved into the output."""
    obsolete: tuple[str, ...]
    """Files of the previous build that the new one does not have."""
    blocking: tuple[str, ...]
    """Obsolete files that stand where a new file needs a folder (or inside a folder where a new file goes)."""
    left: Mapping[str, Written]
    """Each file of the new site as it will be in the output (``read_written``; not kept in the journal)."""


def _same(file: OutputFile, target: Path, st: os.stat_result | None) -> bool:
    """Whether ``target`` (``st``: its lstat, None when nothing is there) already is a regular file with exactly
    ``file``'s bytes (never through a symlink). Another size decides; only a file of the same size is read, with
    one open and one read."""
    if st is None or not stat.S_ISREG(st.st_mode):
        return False
    try:
        if file.data is not None:
            return st.st_size == len(file.data) and _read_upto(target, st.st_size + 1) == file.data
        assert file.source is not None
        if st.st_size != os.stat(file.source).st_size:
            return False
        with target.open("rb") as a, file.source.open("rb") as b:
            while chunk := a.read(1 << 20):
                if chunk != b.read(len(chunk)):
                    return False
        return True
    except OSError:
        return False


def _lstat(path: str | Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


def _as_left(st: os.stat_result, ident: str) -> Written:
    return st.st_size, st.st_mtime_ns, st.st_ino, ident


def _read_upto(path: Path, size: int) -> bytes:
    """Up to ``size`` bytes of a file: asking for one byte more than its size reads it whole in one call."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        return os.read(fd, size)
    finally:
        os.close(fd)


def _write_file(path: str, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)


def _make_parent(target: str | Path, made: set[str]) -> None:
    """Create the folder of ``target`` once per build, not once per file in it (strings: a Path per file, joined,
    hashed and turned back into a string for each call, was a quarter of a cold build's write stage)."""
    parent = os.path.dirname(target)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)


def _check_path(path: str, seen: set[str]) -> None:
    """``path`` must be a plain relative path (``_plain``: it stays inside the folder it is written to), new in this
    build and not the marker's. Checked on the string: a Path per file was a fifth of an edit's write stage."""
    if not _plain(path) or path == "." or path in seen or path == MARKER:
        raise ValueError(f"refusing to write {path!r}: outside the output folder, not plain, reserved or twice")
    seen.add(path)


def _stage(files: Iterable[OutputFile], out_dir: Path, tmp: Path, owner: Owner, base_path: str,
           written: Mapping[str, Written]) -> Plan:
    """Write into ``tmp/site`` every file that differs from what ``out_dir`` holds, and the new marker; the
    files to move in are in landing order (``landing.py``: a page after the new pages it links to).

    A file that ``written`` says sitegen left as it is now (size, time, inode), made from what the new file is
    made from (``_ident``), costs one lstat; any other file is compared byte for byte, so a file changed behind
    sitegen's back is put right."""
    site = (tmp / "site").resolve()
    site.mkdir()
    site.chmod(0o755)  # it may become the output folder itself; a web server must read it
    seen: set[str] = set()
    staged = os.fspath(site)
    made: set[str] = {staged}
    changed = []
    new: set[str] = set()
    data: dict[str, bytes | None] = {}
    fresh = not os.path.lexists(out_dir)  # nothing to compare with: no stat per file
    left: dict[str, Written] = {}
    out = os.fspath(out_dir)
    for file in files:
        _check_path(file.path, seen)
        ident = _ident(file)
        if not fresh:
            where = os.path.join(out, file.path)
            st = _lstat(where)
            if st is not None and (written.get(file.path) == _as_left(st, ident) and stat.S_ISREG(st.st_mode)
                                   or _same(file, Path(where), st)):
                left[file.path] = _as_left(st, ident)
                continue
            if st is None:
                new.add(file.path)
        data[file.path] = file.data
        target = os.path.join(staged, file.path)
        _make_parent(target, made)
        if file.data is not None:
            _write_file(target, file.data)
        else:
            assert file.source is not None
            shutil.copyfile(file.source, target)
        left[file.path] = _as_left(os.stat(target), ident)  # moved into place by os.replace: same inode and time
        changed.append(file.path)
    paths = tuple(sorted(seen))
    marker = OutputFile(MARKER, (MARKER_HEADER + "".join(p + "\n" for p in paths)).encode())
    if not _same(marker, out_dir / MARKER, _lstat(out_dir / MARKER)):
        (site / MARKER).write_bytes(marker.data or b"")
    obsolete = tuple(sorted(p for p in owner.old - seen if os.path.lexists(out_dir / p) and _inside(out_dir, p)))
    blocking = _check_conflicts(out_dir, seen, set(changed), set(obsolete), owner)
    order = landing_order(changed, new, data.get, base_path)
    return Plan(tmp, paths, tuple(order), obsolete, blocking, left)


def _parents(path: str) -> Iterable[str]:
    parts = path.split("/")
    return ("/".join(parts[:i]) for i in range(1, len(parts)))


def _conflict(out_dir: Path, path: str) -> OutputError:
    return OutputError(
        out_dir / path, None,
        "ไฟล์หรือโฟลเดอร์นี้ sitegen ไม่ได้สร้าง แต่เว็บไซต์ต้องเขียนที่นี่ — ย้ายออกไปก่อน"
        " (หรือใช้ --force ให้เขียนทับไฟล์)",
        "sitegen did not make this file or folder but the site writes here — move it away (or add --force "
        "to replace a file)")


def _check_conflicts(out_dir: Path, new: set[str], changed: set[str], obsolete: set[str],
                     owner: Owner) -> tuple[str, ...]:
    """The obsolete files that must go before the new ones can be placed. Raises OutputError when a
    file or folder sitegen does not own stands where a new file goes."""
    if not out_dir.is_dir():
        return ()
    new_dirs = {d for p in new for d in _parents(p)}
    blocking = {q for q in obsolete if q in new_dirs or any(d in new for d in _parents(q))}
    modes: dict[str, int | None] = {}  # one lstat per folder, however many files go into it
    for path in sorted(changed):
        for d in _parents(path):  # a file (or a symlink) where the new file needs a folder
            if d not in modes:
                modes[d] = _lmode(out_dir / d)
                if modes[d] is not None and not stat.S_ISDIR(modes[d] or 0) and d not in blocking:
                    raise _conflict(out_dir, d)
        if any(modes[d] is None for d in _parents(path)):
            continue  # its folder is not there yet: nothing stands in its place
        target = out_dir / path
        mode = _lmode(target)
        if mode is not None and stat.S_ISDIR(mode):  # a folder where the new file goes
            inside = {p.relative_to(out_dir).as_posix() for p in target.rglob("*") if not p.is_dir()}
            if not inside <= blocking:
                raise _conflict(out_dir, path)
        elif mode is not None and path not in owner.old and not owner.overwrite_any:
            raise _conflict(out_dir, path)
    return tuple(sorted(blocking))


def _lmode(path: Path) -> int | None:
    """The file type and mode of ``path`` itself (a symlink is not followed), or None when nothing is there."""
    try:
        return os.lstat(path).st_mode
    except OSError:
        return None


# --- moving into place -----------------------------------------------------------------------------


def _remove(out_dir: Path, path: str, backup: Path | None) -> None:
    """Take ``path`` out of the output (into ``backup`` when given), then drop the folders it leaves empty."""
    target = out_dir / path
    if not os.path.lexists(target) or target.is_dir() and not target.is_symlink():
        return  # gone already, or a folder of the new site by now (a run killed after removing it)
    if backup is None:
        target.unlink()
    else:
        (backup / path).parent.mkdir(parents=True, exist_ok=True)
        os.replace(target, backup / path)
    for d in sorted(_parents(path), key=len, reverse=True):
        try:
            (out_dir / d).rmdir()
        except OSError:  # not empty (user files, other pages): keep it
            break


def _place(site: Path, out_dir: Path, path: str, backup: Path | None, made: set[str]) -> None:
    """Move the staged ``path`` into the output with one ``os.replace``; keep a hard link to the file it
    replaces in ``backup`` (no moment without the file, unlike a rename) so a failure can put it back.
    ``made``: the folders this build has made sure of."""
    target = out_dir / path
    _make_parent(target, made)
    if backup is not None and os.path.lexists(target):
        _make_parent(backup / path, made)
        try:
            os.link(target, backup / path, follow_symlinks=False)
        except (OSError, NotImplementedError):  # no hard links on this file system: a copy does the same
            shutil.copy2(target, backup / path, follow_symlinks=False)
        try:
            os.replace(site / path, target)
        except BaseException:
            (backup / path).unlink()  # nothing was replaced: nothing to put back
            raise
    else:
        os.replace(site / path, target)


def _commit(plan: Plan, out_dir: Path, backup: Path | None) -> None:
    """The moves themselves, in an order that keeps the site whole: obsolete files in the way, then the new
    and changed files, then the other obsolete ones, the marker last. Safe to run again after a kill."""
    site = plan.tmp / "site"
    blocking = set(plan.blocking)
    for path in plan.blocking:
        _remove(out_dir, path, backup)
    made: set[str] = set()  # only after the removals: they may take away a folder that is now empty
    for path in plan.changed:
        if os.path.lexists(site / path):  # already moved by a run that was killed
            _place(site, out_dir, path, backup, made)
    for path in plan.obsolete:
        if path not in blocking:
            _remove(out_dir, path, backup)
    if os.path.lexists(site / MARKER):
        _place(site, out_dir, MARKER, backup, set())  # a fresh set: the removals above drop emptied folders


def _write_journal(plan: Plan) -> None:
    """Record the plan atomically: from here on, a killed build is finished by the next one."""
    part = plan.tmp / (JOURNAL + ".part")
    data = {"paths": plan.paths, "changed": plan.changed, "obsolete": plan.obsolete, "blocking": plan.blocking}
    with part.open("w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(part, plan.tmp / JOURNAL)


def _read_journal(tmp: Path) -> Plan | None:
    try:
        data = json.loads((tmp / JOURNAL).read_text(encoding="utf-8"))
        paths, changed, obsolete, blocking = (tuple(data[k]) for k in ("paths", "changed", "obsolete", "blocking"))
        return Plan(tmp, paths, changed, obsolete, blocking, {})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _roll_back(plan: Plan, out_dir: Path, backup: Path) -> None:
    """Undo a commit that failed half way: the replaced and removed files come back from ``backup``,
    the new files that had no old version go."""
    (plan.tmp / JOURNAL).unlink(missing_ok=True)  # the next build must not roll this one forward
    for path in (*plan.changed, MARKER):
        if not os.path.lexists(plan.tmp / "site" / path) and not os.path.lexists(backup / path):
            _remove(out_dir, path, None)  # placed, and new: nothing to put back
    for old in sorted(p for p in backup.rglob("*") if not p.is_dir()):
        target = out_dir / old.relative_to(backup)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(old, target)


def _swap(plan: Plan, out_dir: Path) -> None:
    """Put the staged site in place: one rename when there is no output yet, else file by file."""
    if not out_dir.exists():
        os.replace(plan.tmp / "site", out_dir)
        return
    if not plan.changed and not plan.obsolete and not (plan.tmp / "site" / MARKER).exists():
        return  # nothing changed, not even the marker's list
    backup = plan.tmp / "backup"
    _write_journal(plan)
    try:
        _commit(plan, out_dir, backup)
    except OSError:
        _roll_back(plan, out_dir, backup)
        raise
    except BaseException:  # Ctrl+C: finish instead, so the site is whole and new
        _commit(plan, out_dir, None)
        raise


# --- recovery --------------------------------------------------------------------------------------


def recover(out_dir: Path) -> None:
    """Clean up after builds of ``out_dir`` that were killed; the caller holds the output lock, so every
    leftover belongs to a build that is no longer running.

    A temporary folder with a journal was killed while moving files in: its moves are finished (rolled
    forward). Any other temporary folder is deleted. Leftovers of sitegen before the journal
    (``.output.old-<pid>``, from a kill between its two renames) put the old site back.
    """
    name = re.escape(out_dir.name)
    ours = re.compile(rf"\.{name}\.tmp-\d+-[a-z0-9_]+")
    legacy_tmp = re.compile(rf"\.{name}\.tmp-[a-z0-9_]+")
    legacy_old = re.compile(rf"\.{name}\.old-\d+")
    places = [d for d in (out_dir.parent, out_dir) if d.is_dir() and not d.is_symlink()]
    for entry in sorted(entry for place in places for entry in place.iterdir()):
        if entry.is_symlink() or not entry.is_dir():
            continue
        if ours.fullmatch(entry.name):
            plan = _read_journal(entry)
            if plan is not None and out_dir.is_dir():
                _commit(plan, out_dir, None)
            shutil.rmtree(entry)
        elif legacy_tmp.fullmatch(entry.name):
            shutil.rmtree(entry)
        elif legacy_old.fullmatch(entry.name):
            if out_dir.exists():
                shutil.rmtree(entry)
            else:
                os.replace(entry, out_dir)


def _staging_place(out_dir: Path) -> Path:
    """Where the temporary folder goes: beside the output, or inside it when the output is a mount point
    (a Docker volume, a bind mount), because ``os.replace`` cannot move a file to another mount."""
    if out_dir.is_dir() and (out_dir.stat().st_dev != out_dir.parent.stat().st_dev or out_dir in _mount_points()):
        return out_dir
    return out_dir.parent


def _mount_points() -> set[Path]:
    """Every mount point of this process (Linux's ``/proc/self/mountinfo``; elsewhere none is known): a bind
    mount of a folder of the same file system has its parent's device number."""
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="surrogateescape").splitlines()
    except OSError:
        return set()
    unescape = re.compile(r"\\([0-7]{3})")
    return {Path(unescape.sub(lambda m: chr(int(m.group(1), 8)), line.split()[4])) for line in lines
            if len(line.split()) > 4}


# --- the stage ---------------------------------------------------------------------------------------


def write_site(files: Iterable[OutputFile], out_dir: Path, *, force: bool = False, wait: float = DEFAULT_WAIT,
               say: Callable[[str], None] = _stderr, base_path: str = "/", store: MemoryStore | None = None) -> int:
    """Write ``files`` as the whole site in ``out_dir``. Returns the number of files of the site.

    Waits up to ``wait`` seconds for another build of the same folder; ``force`` writes into a folder
    sitegen did not make (replacing files of the site's names, keeping all others); ``say`` prints notices;
    ``base_path``: the site's links start with it (``/`` or ``/sub/``), to move pages after what they link to.
    ``store``: the build cache, where what each file was when this build left it is kept, so that the next build
    need not read a file it left as it is (``_stage``).
    Raises OutputError (a usage or environment problem, the last good site left as it was, no temporary
    folder left) and ValueError for a path that would land outside ``out_dir``, or twice in it.
    """
    out_dir = real_folder(out_dir)  # one lock and one set of leftovers per folder, however it is spelled
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        with output_lock(out_dir, wait, say):
            recover(out_dir)
            owner = _owner(out_dir, force)
            if owner.notice:
                say(owner.notice)
            where = _staging_place(out_dir)
            try:
                tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-{os.getpid()}-", dir=where))
            except OSError as exc:
                exc.filename = str(where)  # not the random name it tried
                raise
            try:
                store = store or MemoryStore()
                plan = _stage(files, out_dir, tmp, owner, base_path, read_written(store, out_dir))
                _swap(plan, out_dir)
                if store.lasting:
                    store.put_object(_written_name(out_dir), plan.left, _encode_written)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    except OSError as exc:
        raise os_problem(exc, out_dir) from exc
    return len(plan.paths)


_FULL = ("ดิสก์เต็ม — ลบไฟล์ที่ไม่ใช้ให้มีที่ว่างแล้วสั่งใหม่", "the disk is full — free some space and run again")
_DENIED = ("ไม่มีสิทธิ์เขียน — ให้สิทธิ์เขียนโฟลเดอร์นี้และโฟลเดอร์แม่ (chmod u+w) หรือเลือก --out อื่น",
           "permission denied — make this folder and its parent writable (chmod u+w) or choose another --out")
_IN_THE_WAY = ("มีไฟล์อยู่ในที่ที่ต้องเป็นโฟลเดอร์ — ย้ายไฟล์นั้นออกหรือเลือก --out อื่น",
               "a file stands where a folder must be — move it away or choose another --out")
OS_MESSAGES = {
    errno.ENOSPC: _FULL, getattr(errno, "EDQUOT", errno.ENOSPC): _FULL, errno.EACCES: _DENIED, errno.EPERM: _DENIED,
    errno.ENOTDIR: _IN_THE_WAY, errno.EEXIST: _IN_THE_WAY, errno.EISDIR: _IN_THE_WAY,
    errno.EROFS: ("อยู่บนดิสก์ที่เขียนไม่ได้ (read-only) — เลือก --out บนดิสก์อื่น",
                  "is on a read-only file system — choose an --out on another disk"),
    getattr(errno, "ELOOP", -1): ("มีลิงก์ (symlink) ที่วนกลับมาที่ตัวเองขวางอยู่ — ลบลิงก์นั้นหรือเลือก --out อื่น",
                  "a symlink loop is in the way — remove it or choose another --out"),
    errno.ENAMETOOLONG: ("ชื่อไฟล์หรือโฟลเดอร์ยาวเกินไป — ใช้ชื่อ --out ที่สั้นลง",
                         "a file or folder name is too long — choose a shorter --out"),
}
"""What to say for an OS error while writing: Thai — fix, English — fix."""


def os_problem(exc: OSError, out_dir: Path) -> OutputError:
    """An OS failure while writing, said for the person running the build (never raises itself)."""
    where = Path(exc.filename) if isinstance(exc.filename, str) else out_dir
    if where == lock_path(out_dir) or where.name == MARKER:
        where = where.parent  # the lock file and the marker are sitegen's business; the folder is the user's
    if str(where).startswith((str(out_dir.parent / f".{out_dir.name}.tmp-"), str(out_dir / f".{out_dir.name}.tmp-"))):
        where = out_dir  # the temporary folder is gone by now; name the folder the user asked for
    if exc.errno == errno.ENOTDIR:  # name the file that stands in the way, not the path through it
        where = next((p for p in (where, *where.parents) if os.path.lexists(p) and not os.path.isdir(p)), where)
    th, en = OS_MESSAGES.get(exc.errno or 0, (f"เขียนไม่ได้ ({exc.strerror}) — แก้ปัญหาแล้วสั่งใหม่",
                                              f"cannot write ({exc.strerror}) — fix it and run again"))
    if os.path.isdir(out_dir):
        th, en = f"{th} (เว็บไซต์เดิมยังอยู่ครบ)", f"{en} (the previous site is left as it was)"
    return OutputError(where, None, th, en)
