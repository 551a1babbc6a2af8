"""CLI: one convention for every command (a module that registers its parser and its ``run``; ``main`` only
dispatches; one usage-error path, exit 2; one date type), the summary line, check writes nothing, exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import re

import pytest

from conftest import ROOT
from sitegen import cli
from sitegen.cli import main, make_parser
from sitegen.cli.common import UsageError, date_arg


def test_every_command_is_a_module_that_registers_its_parser_and_its_run():
    names = []
    for command in cli.COMMANDS:
        sub = argparse.ArgumentParser().add_subparsers()
        command.register(sub)
        for name, parser in sub.choices.items():
            names.append(name)
            assert parser.get_default("run") is command.run, name  # type: ignore[attr-defined]
    assert names == ["build", "check", "serve", "init", "new", "catalog", "deploy", "issue-form", "from-issue",
                     "import"]
    assert list(make_parser()._subparsers._group_actions[0].choices) == names  # type: ignore[union-attr]


def test_main_runs_the_command_and_turns_a_usage_error_into_exit_2(monkeypatch, capsys):
    def usage(args: argparse.Namespace) -> int:
        raise UsageError("ไม่ได้ | no", "cannot", where="x/y")

    monkeypatch.setattr(cli.catalog, "run", usage)  # the parser's default is looked up when it is made
    assert main(["catalog", "2567"]) == 2
    assert capsys.readouterr().err == "sitegen: x/y: ไม่ได้ | no | cannot\n"
    monkeypatch.setattr(cli.catalog, "run", lambda args: 7)
    assert main(["catalog", "2567"]) == 7
    assert main(["catalog"]) == 2 and "the following arguments are required: fy" in capsys.readouterr().err
    assert main(["--help"]) == 0


@pytest.mark.parametrize("text, day", [
    ("2567-03-01", dt.date(2024, 3, 1)), ("2024-03-01", dt.date(2024, 3, 1)), ("๒๕๖๗-๐๓-๐๑", dt.date(2024, 3, 1)),
    (" 2566-10-1 ", dt.date(2023, 10, 1)),
])
def test_one_date_type_takes_buddhist_and_common_era_years_and_thai_digits(text, day):
    assert date_arg(text) == day


@pytest.mark.parametrize("option", [["build", "--as-of"], ["serve", "--as-of"], ["new", "page", "--date"],
                                    ["init", "x", "--today"], ["import", "f", "--as-of"],
                                    ["from-issue", "--body-file", "b", "--number", "1", "--as-of"]])
def test_every_date_option_says_the_same_about_a_bad_date(option, capsys):
    assert main([*option, "2566-02-30"]) == 2
    assert "ไม่มีวันที่ 2566-02-30 ในปฏิทิน | 2566-02-30 is not a real calendar date" in capsys.readouterr().err
    assert main([*option, "1/3/2567"]) == 2
    assert "ต้องเขียนเป็น ปี-เดือน-วัน เช่น 2566-03-01 | must be YYYY-MM-DD, e.g. 2566-03-01" in capsys.readouterr().err


def test_build_prints_summary(make_site, run):
    code, out, _ = run("build", "--as-of", "2567-06-01", content=make_site())
    assert code == 0
    assert re.search(r"built \d+ pages, \d+ files in \d+\.\d\d s", out)


def test_check_writes_nothing(make_site, run, tmp_path):
    code, out, _ = run("check", "--as-of", "2567-06-01", content=make_site())
    assert code == 0 and "check passed" in out
    assert not (tmp_path / "output").exists()


def test_future_action_is_a_warning_not_an_error(make_site, run, tmp_path):
    content = make_site("-- actions/2567/2024-09-01-later.md --\n"
                        "---\ntitle: later\ndate: 2024-09-01\nitems: [E7]\n---\n")
    code, _, err = run("build", "--as-of", "2567-06-01", content=content)
    assert code == 0
    assert "content/actions/2567/2024-09-01-later.md:3:" in err and "warning" in err
    assert not (tmp_path / "output/actions/2567/2024-09-01-later").exists()


def test_out_must_not_be_content(make_site, run):
    content = make_site()
    assert run("build", content=content, out=content)[0] == 2
    assert run("build", content=content, out=content / "eit")[0] == 2


def test_version_comes_from_the_package_metadata(capsys):
    from importlib import metadata

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"sitegen {metadata.version('sitegen-ita')}"


def test_ctrl_c_while_the_command_is_still_importing_is_one_line_and_exit_130(monkeypatch, capsys) -> None:
    """The ``sitegen`` command's entry point (``sitegen.__main__.run``) catches a Ctrl+C during the imports too."""
    import sys
    import types

    from sitegen.__main__ import run

    importing = types.ModuleType("sitegen.cli")

    def interrupted(name: str):
        raise KeyboardInterrupt

    importing.__getattr__ = interrupted  # type: ignore[method-assign]
    monkeypatch.setitem(sys.modules, "sitegen.cli", importing)
    assert run() == 130
    err = capsys.readouterr().err
    assert err == "sitegen: หยุดแล้ว | interrupted\n"


def test_the_command_is_the_entry_point_that_catches_ctrl_c() -> None:
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"sitegen": "sitegen.__main__:run"}
