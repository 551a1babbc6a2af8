"""CLI: summary line, check writes nothing, exit codes."""

from __future__ import annotations

import re


def test_build_prints_summary(make_site, run):
    code, out, _ = run("build", "--as-of", "2567-06-01", content=make_site())
    assert code == 0
    assert re.search(r"built \d+ pages, \d+ files in \d+\.\d\d s", out)


def test_check_writes_nothing(make_site, run, tmp_path):
    code, out, _ = run("check", "--as-of", "2567-06-01", content=make_site())
    assert code == 0 and "check passed" in out
    assert not (tmp_path / "output").exists()


def test_future_action_is_a_warning_not_an_error(make_site, run, tmp_path):
    content = make_site("-- actions/2567/2024-09-01-later.md --\n---\ntitle: later\ndate: 2024-09-01\nitems: [E7]\n---\n")
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 0
    assert "content/actions/2567/2024-09-01-later.md:3:" in err and "warning" in err
    assert not (tmp_path / "output/actions/2567/2024-09-01-later").exists()


def test_out_must_not_be_content(make_site, run):
    content = make_site()
    assert run("build", content=content, out=content)[0] == 2
    assert run("build", content=content, out=content / "eit")[0] == 2
