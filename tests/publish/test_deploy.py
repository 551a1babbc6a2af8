"""``sitegen deploy`` against a real OpenSSH SFTP server started on 127.0.0.1 by the test."""

from __future__ import annotations

import getpass
import json
import shutil
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.publish.deploy import MANIFEST, DeployError, parse_manifest, plan_deploy

def test_plan_uploads_changed_and_deletes_only_manifest_paths():
    plan = plan_deploy({"a.html": "1", "b.html": "2", "c.html": "3"}, {"a.html": "1", "b.html": "x", "old.html": "9"})
    assert plan.upload == ("b.html", "c.html")
    assert plan.delete == ("old.html",)
    assert plan.unchanged == 1


@pytest.mark.parametrize("files", ['{"../../etc/passwd": "x"}', '{"/etc/passwd": "x"}', '["a"]', '{"a": 1}'])
def test_a_manifest_naming_paths_outside_the_site_is_refused(files):
    with pytest.raises(DeployError):
        parse_manifest(f'{{"version": 1, "files": {files}}}'.encode())


@pytest.fixture(params=["sftp", "ftps"])
def host(request, tmp_path, monkeypatch):
    """(the site's folder on the host as a local path, the deploy options reaching it) for each protocol."""
    if request.param == "sftp":
        srv = request.getfixturevalue("server")
        www = tmp_path / "www"
        return www, ["--host", "127.0.0.1", "--port", str(srv["port"]), "--user", getpass.getuser(),
                     "--path", str(www), "--key", str(srv["key"]), "--known-hosts", str(srv["known_hosts"])]
    srv = request.getfixturevalue("ftps_server")
    monkeypatch.setenv("SITEGEN_DEPLOY_PASSWORD", "secret")
    folder = f"www-{request.node.name.split('[')[0][-40:]}"
    shutil.rmtree(srv["home"] / folder, ignore_errors=True)
    return srv["home"] / folder, ["--protocol", "ftps", "--host", "127.0.0.1", "--port", str(srv["port"]),
                                  "--user", "web", "--path", f"/{folder}", "--ca-file", str(srv["ca"])]


def _site(root: Path, files: dict[str, str]) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _deploy(options: list[str], out: Path, capsys, *extra: str) -> tuple[int, str, str]:
    code = main(["deploy", "--out", str(out), *options, *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def test_mirror_uploads_changes_deletes_removed_pages_and_keeps_others(host, tmp_path, capsys):
    www, options = host
    (www / "old").mkdir(parents=True)
    (www / "old" / "hand-made.html").write_text("the agency's own page")
    site = {"index.html": "home", "eit/2566/index.html": "measures", "news/x/index.html": "news", "f.pdf": "pdf"}
    out = _site(tmp_path / "output", site)

    code, stdout, _ = _deploy(options, out, capsys)
    assert (code, stdout.split(" | ")[1]) == (0, "upload 4, delete 0, unchanged 0\n")
    mirrored = {k: v for k, v in _tree(www).items() if k != MANIFEST}
    assert mirrored == {**site, "old/hand-made.html": "the agency's own page"}
    manifest = json.loads((www / MANIFEST).read_text())["files"]
    assert sorted(manifest) == sorted(site)

    _site(out, {**site, "eit/2566/index.html": "measures, updated"})
    code, stdout, _ = _deploy(options, out, capsys)
    assert (code, stdout.split(" | ")[1]) == (0, "upload 1, delete 0, unchanged 3\n")
    assert (www / "eit/2566/index.html").read_text() == "measures, updated"

    (www / "news" / "x" / "note.txt").write_text("put there by hand")
    del site["news/x/index.html"]
    _site(out, {**site, "eit/2566/index.html": "measures, updated"})
    code, stdout, _ = _deploy(options, out, capsys)
    assert (code, stdout.split(" | ")[1]) == (0, "upload 0, delete 1, unchanged 3\n")
    assert not (www / "news/x/index.html").exists()
    assert (www / "news/x/note.txt").read_text() == "put there by hand"
    assert (www / "old/hand-made.html").exists()
    assert not list(www.rglob("*.sitegen-upload"))


def test_a_file_the_site_did_not_put_there_is_not_overwritten(host, tmp_path, capsys):
    www, options = host
    www.mkdir()
    (www / "index.html").write_text("the old hand-made site")
    out = _site(tmp_path / "output", {"index.html": "new home", "a.html": "a"})

    code, _, err = _deploy(options, out, capsys)
    assert code == 1
    assert "1 file(s) on the server would be overwritten but were not put there by sitegen (index.html)" in err
    assert _tree(www) == {"index.html": "the old hand-made site"}

    code, stdout, _ = _deploy(options, out, capsys, "--replace-existing")
    assert code == 0 and "replaced: index.html" in stdout
    assert (www / "index.html").read_text() == "new home"


def test_an_unknown_host_key_is_refused(server, tmp_path, capsys):
    other = tmp_path / "known_hosts"
    other.write_text("")
    out = _site(tmp_path / "output", {"index.html": "x"})
    code = main(["deploy", "--out", str(out), "--host", "127.0.0.1", "--port", str(server["port"]),
                 "--user", getpass.getuser(), "--path", str(tmp_path / "www"), "--key", str(server["key"]),
                 "--known-hosts", str(other)])
    err = capsys.readouterr().err
    assert code == 1 and "add its host key to known_hosts" in err
    assert not (tmp_path / "www").exists()


def test_ftps_refuses_a_certificate_it_cannot_verify(ftps_server, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SITEGEN_DEPLOY_PASSWORD", "secret")
    out = _site(tmp_path / "output", {"index.html": "x"})
    code = main(["deploy", "--out", str(out), "--protocol", "ftps", "--host", "127.0.0.1",
                 "--port", str(ftps_server["port"]), "--user", "web", "--path", "/refused"])
    assert code == 1 and "the TLS certificate of 127.0.0.1 did not verify" in capsys.readouterr().err
    assert not (ftps_server["home"] / "refused").exists()


def test_missing_settings_are_a_usage_error(tmp_path, capsys, monkeypatch):
    for name in ("HOST", "USER", "PATH"):
        monkeypatch.delenv(f"SITEGEN_DEPLOY_{name}", raising=False)
    assert main(["deploy", "--out", str(tmp_path)]) == 2
    missing = "--host ($SITEGEN_DEPLOY_HOST), --user ($SITEGEN_DEPLOY_USER), --path ($SITEGEN_DEPLOY_PATH)"
    assert missing in capsys.readouterr().err


def test_a_file_changed_on_the_server_is_kept_and_a_folder_in_the_manifest_is_refused(host, tmp_path, capsys):
    """On the landed main a page the agency replaced by hand was deleted (or overwritten) without a look, and a
    manifest entry naming a folder raised IsADirectoryError half way through."""
    www, options = host
    site = {"index.html": "home", "a.html": "a", "b.html": "b", "c.html": "c"}
    out = _site(tmp_path / "output", site)
    assert _deploy(options, out, capsys)[0] == 0
    (www / "a.html").write_text("the agency's corrected a")
    (www / "b.html").write_text("the agency's corrected b")
    _site(out, {"index.html": "home", "b.html": "b, new", "c.html": "c"})  # a.html goes, b.html changes
    code, _, err = _deploy(options, out, capsys)
    assert code == 1 and "(b.html)" in err and "not put there by sitegen" in err  # nothing changed yet
    assert (www / "a.html").read_text() == "the agency's corrected a"
    assert (www / "b.html").read_text() == "the agency's corrected b"
    _site(out, {"index.html": "home", "b.html": "b", "c.html": "c"})
    (www / "b.html").write_text("b")
    code, stdout, _ = _deploy(options, out, capsys)
    assert code == 0 and "kept, changed on the server" in stdout and "a.html" in stdout
    assert (www / "a.html").read_text() == "the agency's corrected a"  # kept, and no longer the site's
    assert "a.html" not in json.loads((www / MANIFEST).read_text())["files"]
    manifest = json.loads((www / MANIFEST).read_text())
    manifest["files"]["c.html"] = "0" * 64
    (www / "c.html").unlink()
    (www / "c.html").mkdir()
    (www / MANIFEST).write_text(json.dumps(manifest))
    _site(out, {"index.html": "home, new"})
    code, _, err = _deploy(options, out, capsys)
    assert code == 1 and "c.html" in err and "is a folder" in err and "Traceback" not in err
    assert (www / "index.html").read_text() == "home" and (www / "b.html").read_text() == "b"  # before any change
