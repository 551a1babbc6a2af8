"""``sitegen deploy``: mirror ``output/`` to an ordinary web host over SFTP.

Most อบต. sites live on shared hosting reached by SFTP, not on GitHub Pages. The deploy keeps a manifest on
the server (``.sitegen-deploy.json``: sha256 per path it uploaded), so that it

- uploads only files whose content changed (a daily rebuild changes a few pages, not the PDFs);
- deletes only files the site itself put there (listed in the manifest), never anything else on the host;
- refuses to overwrite a file it did not put there (a page the agency uploaded by hand) unless told to;
- before deleting or overwriting a file it did put there, checks that the server's copy is still the one it
  uploaded (its sha256 from the manifest): a file changed on the server is kept and reported (an overwrite
  is refused like a foreign file's), unless ``--replace-existing``; a manifest entry that is a folder on the
  server is refused before anything changes;
- uploads each file to a temporary name and renames it into place, so a visitor never gets half a file.

The manifest is written twice: before uploading it already claims the new paths, so an interrupted deploy
leaves every file it wrote listed (and deletable) by the next one.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from sitegen.progress import Transfer

MANIFEST = ".sitegen-deploy.json"


class DeployError(Exception):
    """A deploy that cannot go on: ``th`` and ``en`` say why and how to fix it."""

    def __init__(self, th: str, en: str):
        super().__init__(f"{th} | {en}")
        self.th, self.en = th, en


@dataclass(frozen=True, slots=True)
class DeployPlan:
    """What a deploy changes on the server."""

    upload: tuple[str, ...]
    """Paths whose content is new or changed."""
    delete: tuple[str, ...]
    """Paths the previous deploy put there that the site no longer has."""
    unchanged: int


@dataclass(frozen=True, slots=True)
class DeployResult:
    plan: DeployPlan
    replaced: tuple[str, ...]
    """Files that were on the server but not the site's, overwritten because ``replace_existing`` was set."""
    kept: tuple[str, ...] = ()
    """Files sitegen uploaded that were changed on the server since: not deleted, no longer the site's."""


class Remote(Protocol):
    """The few file operations a deploy needs, on paths relative to the site's folder on the host."""

    def read(self, path: str) -> bytes | None: ...
    def names(self, folder: str) -> set[str]: ...
    def folders(self, folder: str) -> set[str]: ...
    def put(self, path: str, data: bytes) -> None: ...
    def remove(self, path: str) -> None: ...
    def remove_empty_folder(self, folder: str) -> None: ...


def local_manifest(out_dir: Path) -> dict[str, str]:
    """sha256 of every file under ``out_dir``, by POSIX path relative to it, sorted."""
    files = sorted(p for p in out_dir.rglob("*") if p.is_file())
    return {p.relative_to(out_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _is_safe(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return bool(parts) and not path.startswith("/") and ".." not in parts and "\\" not in path


def parse_manifest(data: bytes | None) -> dict[str, str]:
    """The server's manifest (empty before the first deploy). Raises DeployError when it is not ours."""
    if data is None:
        return {}
    try:
        files = json.loads(data.decode("utf-8"))["files"]
        if not isinstance(files, dict) or not all(isinstance(v, str) and _is_safe(k) for k, v in files.items()):
            raise ValueError
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise DeployError(
            f"ไฟล์ {MANIFEST} บนเซิร์ฟเวอร์อ่านไม่ได้ จึงไม่รู้ว่าไฟล์ใดเป็นของเว็บไซต์ — ตรวจหรือลบไฟล์นี้ "
            "แล้ว deploy ใหม่ด้วย --replace-existing",
            f"{MANIFEST} on the server is unreadable, so the site's files are unknown — "
            f"check or delete it, then deploy again with --replace-existing",
        ) from None
    return dict(files)


def render_manifest(files: Mapping[str, str]) -> bytes:
    return (json.dumps({"version": 1, "files": dict(sorted(files.items()))}, indent=1) + "\n").encode()


def plan_deploy(local: Mapping[str, str], remote: Mapping[str, str]) -> DeployPlan:
    """Compare the built site with the server's manifest (pure)."""
    upload = tuple(p for p in local if remote.get(p) != local[p])
    delete = tuple(sorted(p for p in remote if p not in local))
    return DeployPlan(upload, delete, len(local) - len(upload))


def _foreign(paths: Iterable[str], remote: Remote, manifest: Mapping[str, str]) -> list[str]:
    """Paths about to be written that exist on the server but are not in the manifest."""
    listed: dict[str, set[str]] = {}
    found = []
    for path in paths:
        if path in manifest:
            continue
        folder, name = posixpath.split(path)
        if folder not in listed:
            listed[folder] = remote.names(folder)
        if name in listed[folder]:
            found.append(path)
    return found


def _checked(paths: Iterable[str], remote: Remote, manifest: Mapping[str, str]) -> list[str]:
    """The manifest's paths among ``paths`` whose server copy is no longer what sitegen uploaded (another sha256).
    Raises DeployError, before anything changes, for one that is a folder on the server."""
    listed: dict[str, set[str]] = {}
    changed = []
    for path in paths:
        folder, name = posixpath.split(path)
        if folder not in listed:
            listed[folder] = remote.folders(folder)
        if name in listed[folder]:
            raise DeployError(
                f"{MANIFEST} บนเซิร์ฟเวอร์บอกว่า {path} เป็นไฟล์ที่ sitegen อัปโหลด แต่บนเซิร์ฟเวอร์เป็นโฟลเดอร์ จึงไม่เปลี่ยนแปลงอะไร "
                f"— ย้ายโฟลเดอร์นั้นออก หรือลบบรรทัดนั้นออกจาก {MANIFEST}",
                f"{MANIFEST} on the server lists {path} as a file sitegen uploaded, but on the server it is a folder, "
                f"so nothing was changed — move that folder away or delete its entry from {MANIFEST}")
        if manifest.get(path):  # "": claimed by a deploy that was interrupted: whatever is there is its own
            data = remote.read(path)
            if data is not None and hashlib.sha256(data).hexdigest() != manifest[path]:
                changed.append(path)
    return changed


def deploy(out_dir: Path, remote: Remote, replace_existing: bool = False, dry_run: bool = False,
           progress: Transfer | None = None) -> DeployResult:
    """Mirror ``out_dir`` to ``remote``. Raises DeployError before changing anything when it would
    overwrite files that are not the site's (unless ``replace_existing``). ``progress`` is told the
    uploads' totals, then each file sent."""
    local = local_manifest(out_dir)
    if MANIFEST in local:
        raise DeployError(f"เว็บไซต์มีไฟล์ชื่อ {MANIFEST} ซึ่งสงวนไว้ — เปลี่ยนชื่อไฟล์",
                          f"the site has a file named {MANIFEST}, which is reserved — rename it")
    manifest = parse_manifest(remote.read(MANIFEST))
    plan = plan_deploy(local, manifest)
    changed = _checked([p for p in (*plan.upload, *plan.delete) if p in manifest], remote, manifest)
    if not replace_existing:  # a file changed by hand is not sitegen's any more: never overwritten, never deleted
        kept = tuple(p for p in changed if p in plan.delete)
        plan = DeployPlan(plan.upload, tuple(p for p in plan.delete if p not in kept), plan.unchanged)
        manifest = {p: h for p, h in manifest.items() if p not in kept}
    foreign = [*_foreign(plan.upload, remote, manifest), *(p for p in changed if p in plan.upload)]
    if foreign and not replace_existing:
        shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
        raise DeployError(
            f"บนเซิร์ฟเวอร์มีไฟล์ {len(foreign)} ไฟล์ที่เว็บไซต์จะเขียนทับแต่ไม่ได้อัปโหลดโดย sitegen ({shown}) — "
            f"ย้ายไฟล์เหล่านั้นออก หรือใช้ --replace-existing ถ้าตั้งใจให้เว็บไซต์ใหม่แทนที่",
            f"{len(foreign)} file(s) on the server would be overwritten but were not put there by sitegen ({shown}) — "
            f"move them away, or pass --replace-existing to let the site take them over",
        )
    kept = () if replace_existing else tuple(p for p in changed if p not in plan.upload)
    if dry_run:
        return DeployResult(plan, tuple(foreign), kept)
    # Claim first: an interrupted deploy leaves no file of ours unlisted.
    remote.put(MANIFEST, render_manifest({**manifest, **{p: manifest.get(p, "") for p in local}}))
    progress = progress or Transfer(quiet=True)
    progress.begin(len(plan.upload), sum((out_dir / p).stat().st_size for p in plan.upload))
    try:
        for path in plan.upload:
            data = (out_dir / path).read_bytes()
            remote.put(path, data)
            progress.sent(len(data))
    finally:
        progress.end()
    for path in plan.delete:
        remote.remove(path)
    for folder in sorted({posixpath.dirname(p) for p in plan.delete} - {""}, key=lambda f: -f.count("/")):
        remote.remove_empty_folder(folder)
    remote.put(MANIFEST, render_manifest(local))
    return DeployResult(plan, tuple(foreign), kept)


class SftpRemote:
    """A Remote on an open paramiko ``SFTPClient``, rooted at ``root`` on the server."""

    def __init__(self, sftp, root: str):  # type: ignore[no-untyped-def]
        self.sftp, self.root = sftp, root.rstrip("/") or "/"
        self._made: set[str] = set()

    def _abs(self, path: str) -> str:
        return posixpath.join(self.root, path) if path else self.root

    def read(self, path: str) -> bytes | None:
        try:
            with self.sftp.open(self._abs(path), "rb") as handle:
                return bytes(handle.read())
        except FileNotFoundError:
            return None

    def names(self, folder: str) -> set[str]:
        try:
            return {e.filename for e in self.sftp.listdir_attr(self._abs(folder)) if not stat.S_ISDIR(e.st_mode or 0)}
        except FileNotFoundError:
            return set()

    def folders(self, folder: str) -> set[str]:
        try:
            return {e.filename for e in self.sftp.listdir_attr(self._abs(folder)) if stat.S_ISDIR(e.st_mode or 0)}
        except FileNotFoundError:
            return set()

    def _makedirs(self, folder: str) -> None:
        if folder in self._made:
            return
        parent = posixpath.dirname(folder)
        if parent and parent != folder:
            self._makedirs(parent)
        try:
            self.sftp.stat(folder)
        except FileNotFoundError:
            self.sftp.mkdir(folder)
        self._made.add(folder)

    def put(self, path: str, data: bytes) -> None:
        target = self._abs(path)
        folder, name = posixpath.split(target)
        self._makedirs(folder)
        temp = posixpath.join(folder, f".{name}.sitegen-upload")
        self.sftp.putfo(io.BytesIO(data), temp, file_size=len(data), confirm=True)
        try:
            self.sftp.posix_rename(temp, target)  # atomic replace (OpenSSH extension)
        except OSError:
            # Servers without posix-rename: a plain rename cannot replace, so remove first.
            try:
                self.sftp.remove(target)
            except FileNotFoundError:
                pass
            self.sftp.rename(temp, target)

    def remove(self, path: str) -> None:
        try:
            self.sftp.remove(self._abs(path))
        except FileNotFoundError:  # already gone (an earlier deploy was interrupted)
            pass

    def remove_empty_folder(self, folder: str) -> None:
        try:
            self.sftp.rmdir(self._abs(folder))
        except OSError:  # not empty (someone else's files are in it) or gone: leave it
            pass


@dataclass(frozen=True, slots=True)
class SftpTarget:
    """Where to deploy; from command-line options or SITEGEN_DEPLOY_* variables, never from site.yaml."""

    host: str
    port: int
    user: str
    path: str
    key_file: str | None
    password: str | None
    known_hosts: str | None


def open_sftp(target: SftpTarget):  # type: ignore[no-untyped-def]
    """Connect with paramiko, checking the server's host key against ``known_hosts``.

    Returns (ssh client, sftp client). Raises DeployError on any connection or login problem.
    """
    import paramiko

    client = paramiko.SSHClient()
    try:
        client.load_system_host_keys()
        if target.known_hosts:
            client.load_host_keys(target.known_hosts)
    except OSError as exc:
        raise DeployError(f"อ่านไฟล์ known_hosts ไม่ได้: {exc}", f"cannot read known_hosts: {exc}") from None
    client.set_missing_host_key_policy(paramiko.RejectPolicy())  # an unknown server is never trusted
    try:
        client.connect(target.host, target.port, target.user, password=target.password,
                       key_filename=target.key_file, look_for_keys=not (target.key_file or target.password),
                       timeout=30, banner_timeout=30, auth_timeout=30)
        return client, client.open_sftp()
    except paramiko.AuthenticationException:
        raise DeployError(f"เข้าสู่ระบบ {target.user}@{target.host} ไม่ได้ — ตรวจชื่อผู้ใช้และกุญแจ/รหัสผ่าน",
                          f"login as {target.user}@{target.host} failed — check the user and the key/password"
                          ) from None
    except paramiko.SSHException as exc:
        raise DeployError(
            f"เชื่อมต่อ {target.host} ไม่ได้: {exc} — ถ้าเป็นเซิร์ฟเวอร์ใหม่ เพิ่ม host key ลงไฟล์ known_hosts (ssh-keyscan)",
            f"cannot connect to {target.host}: {exc} — for a new server, add its host key to known_hosts (ssh-keyscan)",
        ) from None
    except OSError as exc:
        raise DeployError(f"เชื่อมต่อ {target.host}:{target.port} ไม่ได้: {exc}",
                          f"cannot connect to {target.host}:{target.port}: {exc}") from None
