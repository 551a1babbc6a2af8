"""FTPS (FTP over TLS) for ``sitegen deploy --protocol ftps``: for hosts that offer FTP accounts but no SSH.

Plain FTP sends the password in the clear, so only explicit TLS (``AUTH TLS``) with a protected data
channel (``PROT P``) and a verified server certificate is offered.
"""

from __future__ import annotations

import ftplib
import io
import posixpath
import ssl

from sitegen.publish.deploy import DeployError


class _SessionReusingFTP(ftplib.FTP_TLS):
    """FTP_TLS whose data connections resume the control connection's TLS session.

    vsftpd (``require_ssl_reuse``, on by default) and FileZilla Server refuse data connections that do not,
    and ftplib does not do it by itself.
    """

    def ntransfercmd(self, cmd, rest=None):  # type: ignore[no-untyped-def]
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        if self._prot_p:  # type: ignore[attr-defined]
            conn = self.context.wrap_socket(conn, server_hostname=self.host,  # type: ignore[attr-defined]
                                            session=self.sock.session)  # type: ignore[union-attr]
        return conn, size


class FtpsRemote:
    """A Remote (see ``deploy``) on a logged-in FTP_TLS connection, rooted at ``root``."""

    def __init__(self, ftp: ftplib.FTP, root: str):
        self.ftp, self.root = ftp, root.rstrip("/") or "/"
        self._made: set[str] = set()

    def _abs(self, path: str) -> str:
        return posixpath.join(self.root, path) if path else self.root

    def read(self, path: str) -> bytes | None:
        out = io.BytesIO()
        try:
            self.ftp.retrbinary(f"RETR {self._abs(path)}", out.write)
        except ftplib.error_perm:  # 550: no such file
            return None
        return out.getvalue()

    def names(self, folder: str) -> set[str]:
        try:
            return {name for name, facts in self.ftp.mlsd(self._abs(folder), ["type"]) if facts.get("type") == "file"}
        except ftplib.error_perm as exc:
            if not str(exc).startswith("500"):  # 550: no such folder
                return set()
        try:  # a server without MLSD: every name counts, so nothing is overwritten unawares
            return {posixpath.basename(n) for n in self.ftp.nlst(self._abs(folder))}
        except ftplib.error_perm:
            return set()

    def folders(self, folder: str) -> set[str]:
        try:
            return {name for name, facts in self.ftp.mlsd(self._abs(folder), ["type"]) if facts.get("type") == "dir"}
        except ftplib.error_perm:
            return set()

    def _makedirs(self, folder: str) -> None:
        if folder in self._made or folder in ("", "/"):
            return
        self._makedirs(posixpath.dirname(folder))
        try:
            self.ftp.mkd(folder)
        except ftplib.error_perm:  # exists already
            pass
        self._made.add(folder)

    def put(self, path: str, data: bytes) -> None:
        target = self._abs(path)
        folder, name = posixpath.split(target)
        self._makedirs(folder)
        temp = posixpath.join(folder, f".{name}.sitegen-upload")
        self.ftp.storbinary(f"STOR {temp}", io.BytesIO(data))
        try:
            self.ftp.rename(temp, target)  # replaces the old file on Unix servers
        except ftplib.error_perm:  # servers that refuse to rename onto a file
            self.remove(path)
            self.ftp.rename(temp, target)

    def remove(self, path: str) -> None:
        try:
            self.ftp.delete(self._abs(path))
        except ftplib.error_perm:  # already gone
            pass

    def remove_empty_folder(self, folder: str) -> None:
        try:
            self.ftp.rmd(self._abs(folder))
        except ftplib.error_perm:  # not empty, or gone: leave it
            pass


def open_ftps(host: str, port: int, user: str, password: str | None, ca_file: str | None) -> ftplib.FTP_TLS:
    """Log in over explicit TLS and protect the data channel; the certificate is checked against the
    system's CAs or ``ca_file``. Raises DeployError."""
    if not password:
        raise DeployError("FTPS ต้องใช้รหัสผ่าน — ตั้งตัวแปร SITEGEN_DEPLOY_PASSWORD",
                          "FTPS needs a password — set SITEGEN_DEPLOY_PASSWORD")
    try:
        context = ssl.create_default_context(cafile=ca_file)
        ftp = _SessionReusingFTP(context=context, timeout=30)
        ftp.connect(host, port)
        ftp.login(user, password)  # sends AUTH TLS first
        ftp.prot_p()
        return ftp
    except ftplib.error_perm as exc:
        raise DeployError(f"เข้าสู่ระบบ {user}@{host} ไม่ได้: {exc} — ตรวจชื่อผู้ใช้และรหัสผ่าน",
                          f"login as {user}@{host} failed: {exc} — check the user and password") from None
    except ssl.SSLError as exc:
        raise DeployError(f"ตรวจใบรับรอง TLS ของ {host} ไม่ผ่าน: {exc} — ใช้ชื่อโฮสต์ตามใบรับรอง หรือ --ca-file",
                          f"the TLS certificate of {host} did not verify: {exc} — use the host name it names, "
                          f"or --ca-file") from None
    except (OSError, ftplib.Error) as exc:
        raise DeployError(f"เชื่อมต่อ {host}:{port} ไม่ได้: {exc}", f"cannot connect to {host}:{port}: {exc}") from None
