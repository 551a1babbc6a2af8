"""No message suggests a command that would then fail (issue 16, point 8).

The commands are collected from the messages themselves, not from a list kept here: each scenario below makes
sitegen say something (a build problem, ``check --ita``'s suggestions, a usage error, a notice), every
``sitegen …`` command found in what it printed is run in a copy of that site, and each must succeed. So that
no message can escape, every string in sitegen's code that names a command (``sitegen catalog``, ``new``,
``build``, ``check``) must be matched by a message a scenario produced."""

from __future__ import annotations

import ast
import contextlib
import io
import re
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ITEM_E7, ROOT, SITE_YAML, write_tree
from sitegen.cli import main, make_parser

SUBCOMMANDS = ("catalog", "new", "build", "check", "init", "deploy", "serve", "issue-form", "from-issue")
SUGGESTION = re.compile(r"sitegen (?:catalog|new|build|check)\b")
"""What a message that suggests a command names (the commands run with the site's content)."""
NOT_SUGGESTIONS = {
    ("write/lock.py", "another sitegen build"): "names the other build that holds the lock; nothing to run",
    ("messages.py", "sitegen check --strict"): "says why the publish step fails until the sample text is edited",
    ("importer/rows.py", "sitegen new action"): "points to the command that asks for an action's details",
}
NOT_RUN = {"serve": "a server runs until it is stopped: only its arguments are checked"}
FIX_FIRST = {"import-with-problems": "its message says: fix what is listed above, then sitegen build"}
"""Scenarios whose commands come after a fix the message asks for: they must parse, and are not run as they are."""
STOP = ("|", "(", ")", "—", "`", ";", "\n")


def run(argv: list[str], cwd: Path) -> tuple[int, str]:
    """``sitegen argv`` in-process in ``cwd``, nobody answering a question; (exit code, everything printed)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: a command that does not parse
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue() + err.getvalue()


def commands(text: str) -> list[list[str]]:
    """Each ``sitegen …`` command in ``text``: from the subcommand to the first mark that ends it (``|``, a
    bracket, a dash, a line end), cut to the longest run of words sitegen's parser accepts."""
    found: list[list[str]] = []
    parser = make_parser()
    for match in re.finditer(rf"sitegen ({'|'.join(map(re.escape, SUBCOMMANDS))})\b", text):
        rest = text[match.start() + len("sitegen "):]
        words = shlex.split(_until_a_stop(rest))
        for end in range(len(words), 0, -1):
            try:
                with contextlib.redirect_stderr(io.StringIO()):
                    parser.parse_args(words[:end])
            except SystemExit:
                continue
            if words[:end] not in found:  # a message says its command in Thai and in English
                found.append(words[:end])
            break
        else:
            pytest.fail(f"a message names a command sitegen cannot parse: {rest[:120]!r}")
    return found


def _until_a_stop(text: str) -> str:
    """``text`` up to the first STOP mark outside double quotes (a quoted title may hold brackets)."""
    quoted = False
    for i, char in enumerate(text):
        quoted ^= char == '"'
        if not quoted and char in STOP:
            return text[:i]
    return text


def site(root: Path, files: str = "") -> Path:
    write_tree(root / "content", f"-- site.yaml --\n{SITE_YAML}{files}")
    (root / "ไฟล์.pdf").write_bytes(b"%PDF-1.4 the agency's file")  # what a suggested --attach ไฟล์.pdf stands for
    return root


SEED_TEXT = ROOT / "tests" / "fixtures" / "seed-sratakhian-2566-6m.txt"


def _import(root: Path, text: str) -> tuple[Path, list[str]]:
    site(root)
    (root / "report.txt").write_text(text, "utf-8")
    return root, ["import", "report.txt", "--as-of", "2566-04-02"]


# Each scenario: (what it makes sitegen say) → (the site folder, the argv that says it).
Scenario = Callable[[Path], tuple[Path, list[str]]]


def _check(files: str, *more: str) -> Scenario:
    return lambda root: (site(root, files), ["check", "--as-of", "2567-06-01", *more])


SCENARIOS: dict[str, Scenario] = {
    "no-eit-catalog": _check(f"-- eit/2570/E7.md --\n{ITEM_E7}"),
    "no-iit-catalog": _check(f"-- eit/2570/i4.md --\n{ITEM_E7.replace('E7', 'i4')}"),
    "no-oit-catalog": _check(f"-- eit/2570/O3.md --\n{ITEM_E7.replace('E7', 'O3')}"),
    "before-the-first-catalog": _check(f"-- eit/2564/E7.md --\n{ITEM_E7}"),
    "catalog-entry-not-a-mapping": _check("-- catalogs/eit-2570.yaml --\nfiscal_year: 2570\nindicators:\n  - ก\n"),
    "readiness-2566": _check("", "--ita", "2566"),
    "readiness-2569": _check("", "--ita", "2569"),
    "readiness-2565-without-eit": _check("", "--ita", "2565"),
    "new-action-before-items": lambda root: (site(root), ["new", "action", "ประชุม", "--fy", "2567"]),
    "new-page": lambda root: (site(root), ["new", "page", "โครงสร้าง"]),
    "init": lambda root: (root, ["init", "agency", "--yes", "--name", "องค์การบริหารส่วนตำบลทดสอบ",
                                 "--district", "เมือง", "--province", "ขอนแก่น", "--today", "2024-06-01"]),
    "deploy-before-build": lambda root: (site(root, f"-- eit/2567/E7.md --\n{ITEM_E7}"),
                                         ["deploy", "--host", "h", "--user", "u", "--path", "/www", "--dry-run"]),
    "import": lambda root: _import(root, SEED_TEXT.read_text("utf-8")),
    "import-with-problems": lambda root: _import(root, SEED_TEXT.read_text("utf-8").replace(
        " ดำเนินการเมื่อวันที่ ๑ มีนาคม ๒๕๖๖", "")),  # an action sentence without its date
}


@pytest.fixture(scope="module")
def said(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """What each scenario printed, with the folder it ran in (kept as it was, to copy for each command)."""
    out = {}
    for name, make in SCENARIOS.items():
        root, argv = make(tmp_path_factory.mktemp(name))
        _, printed = run(argv, root)
        out[name] = (root, printed)
    return out


def _suggesting_strings() -> list[tuple[str, int, str]]:
    """(module, line, text with ``{}`` for each value) of every string in sitegen's code — not a docstring, not a
    file's own header comment — that names a command to run."""
    found = []
    for path in sorted((ROOT / "sitegen").rglob("*.py")):
        module = path.relative_to(ROOT / "sitegen").as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inner = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
        bare = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}  # docstrings
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in inner | bare:
                text = node.value
                if module == "messages.py":  # str.format templates: each field is a value
                    text = re.sub(r"(?<!\{)\{[\w!:.]*\}(?!\})", "{}", text).replace("{{", "{").replace("}}", "}")
            else:
                continue
            excluded = any(module == name and part in text for name, part in NOT_SUGGESTIONS)
            if SUGGESTION.search(text) and not text.startswith("# ") and not excluded:
                found.append((module, node.lineno, text))
    return found


def test_every_message_that_names_a_command_is_said_by_a_scenario(said):
    printed = "\n".join(text for _, text in said.values())
    unsaid = []
    for module, line, template in _suggesting_strings():
        pattern = ".+?".join(re.escape(part) for part in template.split("{}"))
        if not re.search(pattern, printed):
            unsaid.append(f"sitegen/{module}:{line}: {template[:100]}")
    assert unsaid == [], "add a scenario that makes sitegen say:\n" + "\n".join(unsaid)


def test_the_scenarios_said_commands(said):
    assert [name for name, (_, text) in said.items() if not commands(text)] == []
    assert len([c for _, text in said.values() for c in commands(text)]) >= 30


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_command_a_message_suggests_succeeds(said, tmp_path, name):
    """The commands one scenario suggests, each in the site as the scenario left it (what a command wrote is
    removed before the next one runs)."""
    root, text = said[name]
    if name in FIX_FIRST:
        assert commands(text), name  # they parse; they run once the listed problems are fixed
        return
    shutil.copytree(root, tmp_path / "site")
    cwd = tmp_path / "site" / ("agency" if name == "init" else "")  # "cd agency แล้ว sitegen build"
    before = set(cwd.rglob("*"))
    for argv in commands(text):
        if argv[0] not in NOT_RUN:
            code, printed = run(argv, cwd)
            assert code == 0, f"{name}: sitegen {shlex.join(argv)} → exit {code}\n{printed}"
        for made in sorted(set(cwd.rglob("*")) - before, reverse=True):  # files before their folders
            if made.is_dir():
                made.rmdir()
            else:
                made.unlink()


def test_an_exported_catalog_mends_the_problem_that_suggested_it(said, tmp_path):
    for name in ("no-eit-catalog", "no-iit-catalog", "no-oit-catalog", "before-the-first-catalog"):
        root, text = said[name]
        work = tmp_path / name
        shutil.copytree(root, work)
        (export,) = [c for c in commands(text) if c[0] == "catalog"]
        assert export[-2] == "--export" and run(export, work)[0] == 0
        code, printed = run(["check", "--as-of", "2567-06-01"], work)
        assert code == 0, f"{name}: still failing after sitegen {shlex.join(export)}\n{printed}"
