"""From a release to a new agency's live site, offline: the release workflow's build and check steps make the sdist
and the wheel here; the wheel goes into a local package index (a PEP 503 folder read through file://, with the
wheels of its dependencies beside it); an agency's IT person runs the README's first lines as written (sitegen-ita
from that index into a fresh venv, then ``sitegen init``, answering its questions); then exactly the lines of the
generated workflow's install, check and build steps run in another fresh venv, pip seeing no index but the local
one (``PIP_CONFIG_FILE`` = the null device: no machine config): the check fails on the sample text, and passes once
it is edited. The staff guide's install lines run there too."""

from __future__ import annotations

import email
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest
import yaml
from packaging.utils import canonicalize_name, parse_sdist_filename, parse_wheel_filename

from conftest import ROOT

pytestmark = pytest.mark.full  # builds distributions and installs them into fresh venvs: about two minutes
BIN = Path(sys.executable).parent
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
RELEASE = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text(encoding="utf-8"))


def _step(flow_job: dict, name: str) -> dict:
    return next(step for step in flow_job["steps"] if step.get("name") == name)


def run_step(step: dict, cwd: Path, env: dict[str, str],
             values: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """A ``run:`` step as GitHub runs it (bash -e -o pipefail), its ``${{ }}`` env values taken from ``values``."""
    step_env = {k: re.sub(r"\$\{\{\s*(.+?)\s*\}\}", lambda m: (values or {})[m.group(1)], str(v))
                for k, v in step.get("env", {}).items()}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=cwd,
                          env={**env, **step_env}, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """The release workflow's Build and Check steps on a copy of this repository's committed files (its build
    tools are in the test extras): the dist/ folder they leave."""
    src = tmp_path_factory.mktemp("release") / "sitegen"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, tracked.decode().split("\0")):
        if (ROOT / rel).is_file():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, src / rel)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}  # the test extras hold build and twine
    job = RELEASE["jobs"]["build"]
    assert [s.get("name") for s in job["steps"] if "run" in s] == ["Install the build tools", "Build", "Check"]
    for name in ("Build", "Check"):
        done = run_step(_step(job, name), src, env, {"github.ref_name": f"v{VERSION}"})
        assert done.returncode == 0, f"{name}: {done.stdout}{done.stderr}"
    return src / "dist"


def test_the_release_builds_and_checks_an_sdist_and_a_wheel_named_sitegen_ita(released):
    assert sorted(p.name for p in released.iterdir()) == [f"sitegen_ita-{VERSION}-py3-none-any.whl",
                                                            f"sitegen_ita-{VERSION}.tar.gz"]
    with zipfile.ZipFile(released / f"sitegen_ita-{VERSION}-py3-none-any.whl") as wheel:
        names = set(wheel.namelist())
        meta = email.message_from_bytes(wheel.read(f"sitegen_ita-{VERSION}.dist-info/METADATA"))
    assert (meta["Name"], meta["Version"]) == ("sitegen-ita", VERSION)
    assert {"sitegen/scaffold/files/คู่มือเจ้าหน้าที่.md.j2", "sitegen/theme/templates/static/favicon.ico",
            "sitegen/catalog/data/oit-2569.yaml", "sitegen/scaffold/files/dot-github/workflows/publish.yml"} <= names
    assert 'extra == "pdf"' in " ".join(meta.get_all("Requires-Dist") or [])


def test_the_release_refuses_a_tag_that_is_not_the_version(released):
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    done = run_step(_step(RELEASE["jobs"]["build"], "Check"), released.parent, env, {"github.ref_name": "v9.9.9"})
    assert done.returncode == 1 and f"::error::the tag v9.9.9 is not v{VERSION}" in done.stdout


def test_the_release_publishes_through_trusted_publishing():
    publish = RELEASE["jobs"]["publish"]
    assert RELEASE[True] == {"push": {"tags": ["v*"]}} and RELEASE["permissions"] == {"contents": "read"}
    assert publish["permissions"] == {"id-token": "write"} and publish["environment"]["name"] == "pypi"
    assert publish["steps"][-1]["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert not any("password" in str(step.get("with", {})) for step in publish["steps"])  # no stored token


def package_index(root: Path, files: list[Path]) -> str:
    """A PEP 503 "simple" index of ``files`` under ``root``; its file:// URL."""
    projects: dict[str, list[Path]] = {}
    for path in files:
        name = (parse_wheel_filename(path.name)[0] if path.suffix == ".whl" else parse_sdist_filename(path.name)[0])
        projects.setdefault(canonicalize_name(name), []).append(path)
    simple = root / "simple"
    for name, paths in projects.items():
        (simple / name).mkdir(parents=True)
        links = "".join(f'<a href="{html.escape(p.name)}">{html.escape(p.name)}</a>\n' for p in paths)
        (simple / name / "index.html").write_text(f"<!DOCTYPE html><html><body>\n{links}</body></html>\n")
        for path in paths:
            shutil.copy2(path, simple / name / path.name)
    (simple / "index.html").write_text("<!DOCTYPE html><html><body>\n" + "".join(
        f'<a href="{name}/">{name}</a>\n' for name in sorted(projects)) + "</body></html>\n")
    return simple.as_uri() + "/"


def fresh_venv(path: Path) -> Path:
    venv.create(path, with_pip=True, clear=True)
    return path / "bin"


def test_a_new_agency_goes_live_from_a_local_package_index(released, tmp_path):
    wheel = released / f"sitegen_ita-{VERSION}-py3-none-any.whl"
    # The dependencies' wheels from the machine's normal index, then one local index with them and sitegen-ita
    wheelhouse = tmp_path / "wheelhouse"
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "-d", str(wheelhouse), f"{wheel}[pdf]"],
                   check=True, capture_output=True)
    (wheelhouse / wheel.name).unlink()
    index = package_index(tmp_path / "index", [wheel, *sorted(wheelhouse.iterdir())])
    pip_env = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_INDEX_URL": index,
               "PIP_DISABLE_PIP_VERSION_CHECK": "1", "HOME": str(tmp_path), "TZ": "Asia/Bangkok"}
    for name in ("PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_CONSTRAINT", "VIRTUAL_ENV"):
        pip_env.pop(name, None)

    # The agency's IT person: the README's first lines, as written (sitegen-ita from the index into ~/sitegen, init)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    agency = re.findall(r"^```sh\n(.*?)^```", readme, re.M | re.S)[0]
    install, init, serve = (line.split("    #")[0].split("   #")[0].strip() for line in agency.splitlines())
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", install], cwd=tmp_path, env=pip_env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert subprocess.run([str(tmp_path / "sitegen/bin/sitegen"), "--version"], capture_output=True, text=True,
                          check=True).stdout.strip() == f"sitegen {VERSION}"
    answers = "องค์การบริหารส่วนตำบลบ้านใหม่\nเมือง\nขอนแก่น\n" + "\n" * 6  # then Enter for every default
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", init], cwd=tmp_path, env=pip_env, input=answers,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert serve == "cd my-site && ~/sitegen/bin/sitegen serve"  # serving: tests/test_staff_guide.py
    site = tmp_path / "my-site"

    # The first push: the generated workflow's install, check and build steps, as written, in a fresh venv
    flow = yaml.safe_load((site / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    steps = {s.get("name"): s for s in flow["jobs"]["build"]["steps"]}
    runner = fresh_venv(tmp_path / "runner")
    env = {**pip_env, **flow["env"], "PATH": f"{runner}{os.pathsep}{os.environ['PATH']}",
           "PIP_REPORT": str(tmp_path / "pip-report.json"), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    values = {"steps.pages.outputs.base_url": "https://agency.github.io/ita"}
    for name in ("Install the PDF library", "Install sitegen"):
        done = run_step(steps[name], site, env)
        assert done.returncode == 0, f"{name}: {done.stdout}{done.stderr}"
    installed = {i["metadata"]["name"]: i["download_info"]["url"]
                 for i in json.loads((tmp_path / "pip-report.json").read_text())["install"]}
    assert installed["sitegen-ita"] == f"{index}sitegen-ita/{wheel.name}"  # from the local index, nowhere else
    check = run_step(steps["Check"], site, env)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "sample text not edited yet" in check.stdout and "ข้อความตัวอย่าง ยังไม่ได้แก้" in check.stdout
    assert not (site / "output").exists()

    for path in (site / "content").rglob("*.*"):  # the staff make the sample text theirs
        path.write_text(path.read_text(encoding="utf-8").replace("(ข้อความตัวอย่าง) ", ""), encoding="utf-8")
    for name in ("Check", "Build"):
        done = run_step(steps[name], site, env, values)
        assert done.returncode == 0, f"{name}: {done.stdout}{done.stderr}"
    assert "<loc>https://agency.github.io/ita/</loc>" in (site / "output/sitemap.xml").read_text(encoding="utf-8")
    assert (site / "output/favicon.ico").is_file() and (site / "output/คู่มือเจ้าหน้าที่.md").exists() is False

    # The staff guide's own install lines, in the site: its .venv gets the same sitegen from the index
    guide = (site / "คู่มือเจ้าหน้าที่.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"^```sh\n(.*?)^```", guide, re.M | re.S) if "pip install" in b)
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", block], cwd=site, env=pip_env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert subprocess.run([str(site / ".venv/bin/sitegen"), "--version"], capture_output=True, text=True,
                          check=True).stdout.strip() == f"sitegen {VERSION}"
