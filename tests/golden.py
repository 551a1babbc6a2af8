"""The whole built output of the seed and the test fixture sites, as a manifest (path + sha256 per file).

A restructure must leave every byte of the output as it was: ``tests/test_golden.py`` compares a fresh build
against the committed manifests in ``tests/golden/``. After a change that deliberately alters the output, and only
then, regenerate them with ``python tests/golden.py --write`` and say why in the commit.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script: the fixtures import conftest
    sys.path.insert(0, str(HERE))

from conftest import ROOT, TEMPLATES, write_tree  # noqa: E402
from sitegen.cli import main  # noqa: E402

GOLDEN = HERE / "golden"


def _seed(root: Path) -> Path:
    return ROOT / "content"


def _contract(root: Path) -> Path:
    from test_contract_site import CONTENT

    content = write_tree(root / "content", CONTENT)
    (content / "files/2567").mkdir(parents=True)
    (content / "files/2567/form.pdf").write_bytes(b"%PDF-1.4 test" + b"0" * 2000)
    return content


def _ita(root: Path) -> Path:
    """The ITA fixture: free pages, news and documents answering OIT items."""
    from sites import make_ita_site

    return make_ita_site(root)


def _agency(root: Path) -> Path:
    """The agency fixture of issue 16: IIT/EIT/OIT and whole-indicator items, its own columns."""
    return HERE / "fixtures" / "agency-2567" / "content"


# name → (how to make the content folder, --as-of, whether to pass the shipped templates explicitly)
SITES: dict[str, tuple[Callable[[Path], Path], str, bool]] = {
    "seed-2567-10-15": (_seed, "2567-10-15", False),
    "seed-2566-04-02": (_seed, "2566-04-02", False),
    "contract-2024-10-15": (_contract, "2024-10-15", True),
    "ita-2566-06-01": (_ita, "2566-06-01", True),
    "agency-2567-06-01": (_agency, "2567-06-01", True),
}


def manifest(out: Path) -> str:
    """One line per file of the output folder, sorted: ``sha256  path``."""
    lines = [
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(out).as_posix()}"
        for path in sorted(out.rglob("*")) if path.is_file()
    ]
    return "\n".join(lines) + "\n"


def build_manifest(name: str, work: Path) -> str:
    make, as_of, templates = SITES[name]
    root = work / name
    root.mkdir(parents=True)
    content = make(root)
    out = root / "output"
    # Without the PDFs: their bytes (and the size the report's link shows) follow the WeasyPrint and Pango
    # versions of the machine; tests/test_pdf.py checks them, and that two builds give the same bytes.
    args = ["build", "--content", str(content), "--out", str(out), "--as-of", as_of, "--no-pdf"]
    if templates:
        args += ["--templates", str(TEMPLATES)]
    code = main(args)
    if code != 0:
        raise RuntimeError(f"{name}: build exited {code}")
    return manifest(out)


def differences(expected: str, actual: str) -> list[str]:
    """The paths whose hash differs, or that only one side has."""
    def parse(text: str) -> dict[str, str]:
        return {path: digest for digest, _, path in (line.partition("  ") for line in text.splitlines())}

    old, new = parse(expected), parse(actual)
    return sorted(
        [f"changed {p}" for p in old.keys() & new.keys() if old[p] != new[p]]
        + [f"missing {p}" for p in old.keys() - new.keys()]
        + [f"new {p}" for p in new.keys() - old.keys()]
    )


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/golden.py --write   (regenerates tests/golden/*.txt)")
    with tempfile.TemporaryDirectory() as tmp:
        for site in SITES:
            (GOLDEN / f"{site}.txt").write_text(build_manifest(site, Path(tmp)), encoding="utf-8")
            print(f"wrote {GOLDEN / site}.txt")
