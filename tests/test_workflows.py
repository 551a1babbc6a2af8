"""The workflows: actionlint-clean, the starter agrees with this repository's, and their shell steps run
here up to the deploy (``uses:`` steps are GitHub's; installing is pip's job, so this install's sitegen
is put on PATH instead of running the pip step)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
import yaml
from conftest import ROOT, SITE_YAML, write_tree

WORKFLOWS = sorted([*ROOT.glob(".github/workflows/*.yml"),
                    *ROOT.glob("sitegen/scaffold/files/dot-github/workflows/*.yml"), *ROOT.glob("docs/examples/*.yml")])
SCAFFOLD = ROOT / "sitegen/scaffold/files"
BIN = Path(sys.executable).parent


def test_every_workflow_passes_actionlint():
    actionlint = shutil.which("actionlint") or shutil.which("actionlint", path=str(BIN))
    assert actionlint, "actionlint is in the test extras (pip install -e '.[test]')"
    assert len(WORKFLOWS) >= 5
    result = subprocess.run([actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_workflow_fails_actionlint(tmp_path: Path):
    """The lint can fail: an undefined step output and a bad cron are caught."""
    broken = tmp_path / "broken.yml"
    broken.write_text((ROOT / ".github/workflows/publish.yml").read_text()
                      .replace("steps.pages.outputs", "steps.pagez.outputs").replace("5 17 * * *", "5 25 * * *"))
    actionlint = shutil.which("actionlint") or shutil.which("actionlint", path=str(BIN))
    result = subprocess.run([str(actionlint), str(broken)], capture_output=True, text=True)
    assert result.returncode == 1 and "pagez" in result.stdout and "25" in result.stdout


@pytest.mark.parametrize("name", ["publish.yml", "action-form.yml"])
def test_the_starter_workflow_is_this_one_but_pinned(name):
    """An agency installs the sitegen pinned in its requirements.txt; this repository installs itself."""
    ours = (ROOT / ".github/workflows" / name).read_text()
    expected = (ours.replace('python -m pip install ".[pdf]"\n', "python -m pip install -r requirements.txt\n")
                .replace("python -m pip install .\n", "python -m pip install -r requirements.txt\n")
                .replace("cache-dependency-path: pyproject.toml", "cache-dependency-path: requirements.txt"))
    assert (SCAFFOLD / "dot-github/workflows" / name).read_text() == expected


def test_publish_workflow_shape():
    flow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())
    on = flow[True]  # YAML 1.1 reads the key `on` as true
    assert on["push"] == {"branches": ["main"]} and on["schedule"] == [{"cron": "5 17 * * *"}]
    assert "workflow_dispatch" in on
    assert flow["permissions"] == {"contents": "read"}
    assert flow["env"] == {"TZ": "Asia/Bangkok"}  # --as-of defaults to today: the Thai date, not UTC's
    assert flow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in flow["jobs"]["build"]
    steps = flow["jobs"]["build"]["steps"]
    assert steps[0] == {"uses": "actions/checkout@v6", "with": {"fetch-depth": 0}}
    assert steps[1]["with"]["cache"] == "pip"
    assert [s["uses"].split("@")[0] for s in [*steps, *flow["jobs"]["deploy"]["steps"]] if "uses" in s] == [
        "actions/checkout", "actions/setup-python", "actions/configure-pages", "actions/upload-pages-artifact",
        "actions/deploy-pages"]


def run_steps(steps: list[dict], cwd: Path, values: dict[str, str], env: dict[str, str],
              flow_env: dict[str, str] | None = None) -> list[str]:
    """Run the ``run:`` steps as GitHub does (bash -e -o pipefail), with ``${{ }}`` replaced from ``values``."""
    ran = []
    for step in steps:
        # installs: done here
        if "uses" in step or step["run"].startswith(("python -m pip install", "apt-get", "dpkg")):
            continue
        step_env = {k: re.sub(r"\$\{\{\s*(.+?)\s*\}\}", lambda m: values[m.group(1)], str(v))
                    for k, v in {**(flow_env or {}), **step.get("env", {})}.items()}
        assert "${{" not in step["run"], "expressions in run: are injection-prone; pass them via env"
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=cwd,
                                env={**env, **step_env}, capture_output=True, text=True)
        assert result.returncode == 0, f"{step.get('name')}: {result.stdout}{result.stderr}"
        ran.append(step.get("name", step["run"]))
    return ran


def _env(tmp_path: Path, cwd: Path) -> dict[str, str]:
    (tmp_path / "summary.md").write_text("")
    return {"PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "HOME": str(tmp_path), "GITHUB_WORKSPACE": str(cwd),
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
            "RUNNER_TEMP": str(tmp_path)}


@pytest.mark.full  # runs each step as a subprocess; the starter workflow runs in the quick run
def test_the_sample_publish_steps_run_here(tmp_path: Path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    flow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())
    ran = run_steps(flow["jobs"]["build"]["steps"], repo, {"steps.pages.outputs.base_url": "https://me.github.io/sitegen"},
                    _env(tmp_path, repo), flow["env"])
    assert ran == ["Check", "Build"]
    assert "<loc>https://me.github.io/sitegen/about/</loc>" in (repo / "output/sitemap.xml").read_text()
    summary = (tmp_path / "summary.md").read_text()
    assert summary.startswith("## sitegen: ✅ ผ่าน | passed\n")
    assert re.search(r"^ข้อผิดพลาด 0 · คำเตือน 0 \|", summary, re.M)  # --strict passes on the sample today


def _fy() -> int:
    import datetime as dt

    from sitegen.thai import fiscal_year

    return fiscal_year(dt.date.today())


def test_the_starter_publish_steps_run_in_a_new_agency(tmp_path: Path):
    """What ``sitegen init`` writes publishes once its sample text is edited, and not before."""
    from sitegen.cli import main

    repo = tmp_path / "agency"
    assert main(["init", str(repo), "--yes", "--name", "องค์การบริหารส่วนตำบลทดสอบ", "--district", "เมือง",
                 "--province", "ขอนแก่น"]) == 0
    starter = (SCAFFOLD / "dot-github/workflows/publish.yml").read_bytes()
    assert (repo / ".github/workflows/publish.yml").read_bytes() == starter
    flow = yaml.safe_load((SCAFFOLD / "dot-github/workflows/publish.yml").read_text())
    steps, values = flow["jobs"]["build"]["steps"], {"steps.pages.outputs.base_url": "https://x.github.io/a"}
    with pytest.raises(AssertionError, match="Check: .*sample text not edited yet"):
        run_steps(steps, repo, values, _env(tmp_path, repo), flow["env"])
    assert not (repo / "output").exists()
    summary = (tmp_path / "summary.md").read_text()
    assert "`content/eit/2570/E7.md:5` | ข้อความตัวอย่าง ยังไม่ได้แก้ (responsible)".replace("2570", str(_fy())) in summary
    for path in (repo / "content").rglob("*.*"):
        path.write_text(path.read_text(encoding="utf-8").replace("(ข้อความตัวอย่าง) ", ""), encoding="utf-8")
    assert run_steps(steps, repo, values, _env(tmp_path, repo), flow["env"]) == ["Check", "Build"]
    assert (repo / "output/about/index.html").is_file()
    assert "ข้อผิดพลาด 0 · คำเตือน 0" in (tmp_path / "summary.md").read_text()


@pytest.mark.full  # runs each step as a subprocess; the starter workflow runs in the quick run
def test_the_gitlab_pages_job(tmp_path: Path):
    job = yaml.safe_load((SCAFFOLD / "dot-gitlab-ci.yml").read_text())["pages"]
    assert job["artifacts"]["paths"] == ["public"] and job["variables"]["GIT_DEPTH"] == "0"
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    repo = write_tree(tmp_path / "agency", f"-- content/site.yaml --\n{SITE_YAML}")
    steps = [{"run": line} for line in job["script"]]
    env = {**_env(tmp_path, repo), **job["variables"], "CI_PAGES_URL": "https://agency.gitlab.io/site"}
    assert run_steps(steps, repo, {}, env) == ["sitegen check --strict",
                                               'sitegen build --out public --base-url "$CI_PAGES_URL/"']
    assert "<loc>https://agency.gitlab.io/site/</loc>" in (repo / "public/sitemap.xml").read_text()


def test_the_province_matrix_lists_the_agencies(tmp_path: Path):
    flow = yaml.safe_load((ROOT / "docs/examples/province-publish.yml").read_text())
    for agency in ("sratakhian", "nongbua"):
        (tmp_path / "repo/sites" / agency / "content").mkdir(parents=True)
    (tmp_path / "repo/sites/README.md").write_text("not an agency")
    run_steps(flow["jobs"]["agencies"]["steps"], tmp_path / "repo", {}, _env(tmp_path, tmp_path / "repo"))
    assert (tmp_path / "output.txt").read_text() == 'list=["nongbua", "sratakhian"]\n'
    assert flow["jobs"]["publish"]["strategy"]["matrix"]["agency"] == "${{ fromJSON(needs.agencies.outputs.list) }}"


@pytest.mark.full  # runs each step as a subprocess; the starter workflow runs in the quick run
def test_the_form_workflow_converts_an_issue_here(tmp_path: Path):
    """The "Convert the form" step on a submitted body: ok=true and the action file, or ok=false and the report."""
    from forms import body

    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    flow = yaml.safe_load((ROOT / ".github/workflows/action-form.yml").read_text())
    job = flow["jobs"]["convert"]
    assert job["if"].startswith("contains(github.event.issue.labels.*.name, 'action') &&")
    assert "github.event.issue.author_association" in job["if"]  # strangers' issues are not converted
    convert = [s for s in job["steps"] if s.get("id") == "convert"]
    for number, text, ok in ((7, body(date="2566-03-15", items=("E7",)), "true"), (8, body(items=()), "false")):
        values = {"github.event.issue.number": str(number), "github.event.issue.body": text}
        run_steps(convert, repo, values, _env(tmp_path, repo), job["env"])
        assert (tmp_path / "output.txt").read_text().splitlines()[-1] == f"ok={ok}"
    assert (repo / "content/actions/2566/2023-03-15-issue-7.md").is_file()
    assert not list((repo / "content/actions").rglob("*issue-8*"))
    assert "none ticked" in (tmp_path / "report.md").read_text()


@pytest.mark.full  # runs each step as a subprocess; the starter workflow runs in the quick run
def test_the_sftp_publish_example_deploys_here(tmp_path: Path, request):
    """docs/examples/publish-sftp.yml: check, build and the Deploy step, against the test's own sshd."""
    import getpass

    server = request.getfixturevalue("server")

    repo = write_tree(tmp_path / "agency", f"-- content/site.yaml --\n{SITE_YAML}")
    flow = yaml.safe_load((ROOT / "docs/examples/publish-sftp.yml").read_text())
    www = tmp_path / "www"
    values = {"vars.SITEGEN_DEPLOY_HOST": "127.0.0.1", "vars.SITEGEN_DEPLOY_USER": getpass.getuser(),
              "vars.SITEGEN_DEPLOY_PATH": str(www), "vars.SITEGEN_DEPLOY_PROTOCOL || 'sftp'": "sftp",
              "secrets.SITEGEN_DEPLOY_PASSWORD": "", "secrets.SFTP_KEY": server["key"].read_text(),
              "vars.SFTP_KNOWN_HOSTS": server["known_hosts"].read_text()}
    env = {**_env(tmp_path, repo), "SITEGEN_DEPLOY_PORT": str(server["port"])}
    assert run_steps(flow["jobs"]["publish"]["steps"], repo, values, env, flow["env"]) == ["Check", "Build", "Deploy"]
    assert (www / "index.html").read_bytes() == (repo / "output/index.html").read_bytes()
    assert (www / ".sitegen-deploy.json").is_file()


def test_requirements_pin_this_very_version_with_the_pdf_extra():
    """The agency's CI installs the sitegen that ran ``init``, by its name on the package index (PyPI's
    "sitegen" is someone else's project), with WeasyPrint for the reports' PDFs."""
    import datetime as dt

    from sitegen.scaffold.init import Answers, render_scaffold

    answers = Answers("องค์การบริหารส่วนตำบลทดสอบ", "เมือง", "ขอนแก่น", "อบต.ทดสอบ", "https://x.example/",
                      dt.date(2026, 12, 2), {}, "1.2.3", 2569)
    text = dict(render_scaffold(answers))[PurePosixPath("requirements.txt")].decode()
    assert [line for line in text.splitlines() if line and not line.startswith("#")] == ["sitegen-ita[pdf]==1.2.3"]


def test_init_pins_the_installed_version(tmp_path: Path):
    from importlib import metadata

    from sitegen.cli import main

    assert main(["init", str(tmp_path / "a"), "--yes", "--name", "องค์การบริหารส่วนตำบลทดสอบ", "--district", "เมือง",
                 "--province", "ขอนแก่น"]) == 0
    pins = [line for line in (tmp_path / "a/requirements.txt").read_text().splitlines() if not line.startswith("#")]
    assert pins == [f"sitegen-ita[pdf]=={metadata.version('sitegen-ita')}"]
    gitlab = yaml.safe_load((tmp_path / "a/.gitlab-ci.yml").read_text())["pages"]["script"]
    assert "python -m pip install -r requirements.txt" in gitlab
