"""Profile sitegen's cold build of the benchmark corpus with cProfile and print the top functions.

    python bench/profile_build.py [--docs 10000] [--top 25]

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


def table(stats: pstats.Stats, column: int, top: int) -> list[str]:
    """The ``top`` functions sorted by ``column`` (2 = tottime, 3 = cumtime) as Markdown rows."""
    entries: dict[Key, tuple[int, int, float, float, object]] = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = sorted(entries.items(), key=lambda kv: kv[1][3] if column == 3 else kv[1][2], reverse=True)[:top]
    lines = ["| function | calls | tottime s | cumtime s | share |", "|---|---:|---:|---:|---:|"]
    for key, (_, calls, tt, ct, _) in rows:
        lines.append(f"| `{short(key)}` | {calls} | {tt:.2f} | {ct:.2f} | {100 * (ct if column == 3 else tt) / total:.1f} % |")
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/profile_build.py", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--work", type=Path, default=BENCH / ".work")
    args = parser.parse_args(argv)
    corpus = args.work / f"corpus-{args.docs}"
    if not (corpus / MARKER).is_file():
        write_corpus(args.docs, corpus)
    out, prof = args.work / "out" / "profile", args.work / f"profile-{args.docs}.pstats"
    remove(out)
    cmd = sitegen_build(corpus / "sitegen" / "content", out)
    run = run_timed([cmd[0], "-m", "cProfile", "-o", prof, *cmd[1:]], REPO, args.work / "logs" / "profile.log")
    stats = pstats.Stats(str(prof))
    print(f"profiled cold build of {args.docs} documents: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, "
          f"{stats.total_tt:.1f} s profiled\n")  # type: ignore[attr-defined]
    print("By cumulative time:\n", *table(stats, 3, args.top), sep="\n")
    print("\nBy own time (tottime):\n", *table(stats, 2, args.top), sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
