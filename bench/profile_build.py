"""Profile sitegen's cold build of the benchmark corpus with cProfile and print the top functions.

    python bench/profile_build.py [--docs 10000] [--top 25] [--edit]

``--edit`` profiles instead the rebuild after editing one action body, with the cache the build before left.

Writes the raw profile to bench/.work/profile-N.pstats (open it with ``python -m pstats`` or snakeviz)
and prints two Markdown tables: the top functions by cumulative time and by own (tottime) time, each
with its share of the whole run. cProfile adds a cost to every Python call, so shares of call-heavy
code are somewhat inflated; compare with the unprofiled times in results.md.
"""

from __future__ import annotations

import argparse
import pstats
import sys
from pathlib import Path

from corpus import MARKER, write_corpus
from measure import run_timed
from run import BENCH, REPO, remove, sitegen_build

Key = tuple[str, int, str]


def short(key: Key) -> str:
    """``sitegen/model.py:120 build_site`` instead of the full path."""
    path, line, name = key
    for marker in ("/site-packages/", "/lib/python3", f"{REPO}/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{line} {name}" if line else name


# The pipeline's stage functions, looked up by name (the file may change as the code is restructured).
STAGES = ("build", "load_config", "load_content", "lint_document", "validate_content", "load_source_dates",
          "build_site", "render_bodies", "render_markdown", "render_site", "render_pages", "_reuse",
          "_run", "search_files", "open_data_files", "write_site")
WRAPPERS = ("<built-in method builtins.exec>", "<module>", "run_module", "_run_code", "main", "run_build")


def _rows(stats: pstats.Stats) -> list[tuple[Key, tuple[int, int, float, float, object]]]:
    return list(stats.stats.items())  # type: ignore[attr-defined]


def _line(key: Key, calls: int, tt: float, ct: float, share: float) -> str:
    return f"| `{short(key)}` | {calls} | {tt:.2f} | {ct:.2f} | {share:.1f} % |"


HEADER = ["| function | calls | tottime s | cumtime s | share |", "|---|---:|---:|---:|---:|"]


def table(stats: pstats.Stats, column: int, top: int) -> list[str]:
    """The ``top`` functions sorted by ``column`` (2 = tottime, 3 = cumtime) as Markdown rows; a share is of
    the whole profiled run (cumulative: of the outermost call), and the runner's wrappers are left out."""
    rows = [kv for kv in _rows(stats) if column == 2 or not kv[0][2].endswith(WRAPPERS)]
    whole = max(v[3] for _, v in _rows(stats)) if column == 3 else stats.total_tt  # type: ignore[attr-defined]
    rows.sort(key=lambda kv: kv[1][3] if column == 3 else kv[1][2], reverse=True)
    return [*HEADER, *(_line(k, v[1], v[2], v[3], 100 * v[column] / whole) for k, v in rows[:top])]  # type: ignore[operator]


def stage_table(stats: pstats.Stats) -> list[str]:
    """The stage functions of the pipeline, in pipeline order, with their cumulative share."""
    whole = max(v[3] for _, v in _rows(stats))
    found = {k[2]: (k, v) for k, v in _rows(stats) if k[0].endswith(".py") and "/sitegen/" in f"/{k[0]}"}
    return [*HEADER, *(_line(k, v[1], v[2], v[3], 100 * v[3] / whole) for k, v in
                       (found[name] for name in STAGES if name in found))]


def profile(docs: int, work: Path, edit: bool = False) -> Path:
    """Profile one cold build (or one-edit rebuild) of the corpus of ``docs`` documents; return the pstats file."""
    corpus = work / f"corpus-{docs}"
    if not (corpus / MARKER).is_file():
        write_corpus(docs, corpus)
    kind = "edit" if edit else "cold"
    out, prof = work / "out" / "profile", work / f"profile-{docs}-{kind}.pstats"
    content = corpus / "sitegen" / "content"
    cmd = sitegen_build(content, out)
    remove(out)
    remove(corpus / "sitegen" / ".sitegen-cache")
    action = sorted((content / "actions" / "2566").iterdir())[0]
    original = action.read_bytes()
    try:
        if edit:  # the build before, unprofiled, leaves the output and the cache
            run_timed(cmd, REPO, work / "logs" / "profile-before.log")
            action.write_bytes(original + "\nเพิ่มเติม\n".encode())
        run = run_timed([cmd[0], "-m", "cProfile", "-o", prof, *cmd[1:]], REPO, work / "logs" / "profile.log")
    finally:
        action.write_bytes(original)
    print(f"profiled {kind} build of {docs} documents: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU\n")
    return prof


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/profile_build.py", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--work", type=Path, default=BENCH / ".work")
    parser.add_argument("--stats", type=Path, help="only print the tables of a profile made before")
    parser.add_argument("--edit", action="store_true", help="profile the rebuild after one action's edit")
    args = parser.parse_args(argv)
    stats = pstats.Stats(str(args.stats or profile(args.docs, args.work, args.edit)))
    print(f"{stats.total_tt:.1f} s profiled\n")  # type: ignore[attr-defined]
    print("Stages:\n", *stage_table(stats), sep="\n")
    print("\nBy cumulative time:\n", *table(stats, 3, args.top), sep="\n")
    print("\nBy own time (tottime):\n", *table(stats, 2, args.top), sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
