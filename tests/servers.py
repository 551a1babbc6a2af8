"""Local servers the publishing tests upload to, each started on 127.0.0.1 by the first test of a module that asks
for it: an OpenSSH sshd (SFTP) with a generated host key, and a pyftpdlib FTPS server with a self-signed
certificate. conftest.py loads this module as a plugin, so every test may ask for ``server`` or ``ftps_server``."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import warnings
from pathlib import Path

import pytest

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """An sshd on a free port with a generated host key and one authorised client key."""
    if not os.path.exists(SSHD):
        pytest.skip("OpenSSH server not installed (apt-get install openssh-server)")
    d = tmp_path_factory.mktemp("sshd")
    for name in ("host_key", "client_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(d / name)], check=True)
    (d / "authorized_keys").write_text((d / "client_key.pub").read_text())
    os.chmod(d / "authorized_keys", 0o600)
    port = _free_port()
    (d / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nPidFile none\n"
        f"AuthorizedKeysFile {d}/authorized_keys\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
        "PermitRootLogin prohibit-password\nStrictModes no\nUsePAM no\nSubsystem sftp internal-sftp\n")
    try:
        Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege-separation folder
    except PermissionError:
        pytest.skip("sshd needs /run/sshd, which only root can create (CI runs as root)")
    log = open(d / "sshd.log", "wb")
    proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(d / "sshd_config")], stderr=log)
    for _ in range(200):  # wait until it listens (readiness, not a timing assertion)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.05)
    if proc.poll() is not None:
        pytest.fail("sshd did not start: " + (d / "sshd.log").read_text())
    host_key = (d / "host_key.pub").read_text().split()
    (d / "known_hosts").write_text(f"[127.0.0.1]:{port} {host_key[0]} {host_key[1]}\n")
    yield {"port": port, "key": d / "client_key", "known_hosts": d / "known_hosts"}
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def ftps_server(tmp_path_factory):
    """A pyftpdlib FTPS server (TLS required on control and data) with a self-signed certificate for 127.0.0.1."""
    import datetime as dt
    import ipaddress
    import threading

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    with warnings.catch_warnings():  # pyftpdlib still imports asyncore/asynchat on Python 3.11
        warnings.simplefilter("ignore", DeprecationWarning)
        from pyftpdlib.authorizers import DummyAuthorizer
        from pyftpdlib.handlers import TLS_FTPHandler
        from pyftpdlib.servers import FTPServer

    d = tmp_path_factory.mktemp("ftps")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    (d / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (d / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                  serialization.NoEncryption()))
    (d / "home").mkdir()
    authorizer = DummyAuthorizer()
    authorizer.add_user("web", "secret", str(d / "home"), perm="elradfmwMT")

    class Handler(TLS_FTPHandler):
        pass

    Handler.certfile, Handler.keyfile, Handler.authorizer = str(d / "cert.pem"), str(d / "key.pem"), authorizer
    Handler.tls_control_required = Handler.tls_data_required = True
    server = FTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"timeout": 0.05}, daemon=True)
    thread.start()
    yield {"port": server.address[1], "home": d / "home", "ca": d / "cert.pem"}
    server.close_all()
