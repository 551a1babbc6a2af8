"""Benchmark sitegen against Hugo, MkDocs, Pelican and Eleventy on one generated corpus, in one run.

    python bench/run.py [--docs 10000] [--repeat 3] [--peers hugo,mkdocs,pelican,eleventy] [--no-serve]

Run it with the Python that has sitegen installed (the project's venv). It installs missing peers,
writes the corpus (bench/corpus.py) under bench/.work/, then measures: every tool's cold build
(output and sitegen's cache removed first), sitegen's no-change rebuild, its one-edit rebuilds, its cold build of the
seed, and serve's save-to-reload latency on the seed and on the corpus; and writes bench/results.md (and the raw
runs to bench/results.json). It only records numbers: nothing here passes or fails on a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import peers
from sitegen import DISTRIBUTION
from corpus import write_corpus
from measure import BenchError, Result, Run, count_pages, load_average, machine, run_timed
from reload import free_port, measure_reload, serve_once
from report import Context, raw_json, render_results

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WITH_PDFS = "sitegen + PDFs"
AS_OF = "2567-10-15"  # after both fiscal years: every action is shown and both rounds have ended


def sitegen_build(content: Path, out: Path, command: str = "build", pdf: bool = False) -> list[str | Path]:
    """The sitegen command; ``--templates`` only while the repository still has a templates/ folder.
    Without ``pdf``, ``--no-pdf``: the site the peers make too (they make no PDFs); with it, the default
    build, the round reports' PDFs included."""
    cmd: list[str | Path] = [sys.executable, "-m", "sitegen", command, "--content", content]
    if command == "build":
        cmd += ["--out", out] + ([] if pdf else ["--no-pdf"])
    cmd += ["--as-of", AS_OF]
    if (REPO / "templates").is_dir():
        cmd += ["--templates", REPO / "templates"]
    return cmd


def log_path(work: Path, name: str) -> Path:
    """A log file named after the step, in plain characters: logs/sitegen-edit-one-action-body-0.log."""
    return work / "logs" / (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".log")


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def cold_builds(corpus: Path, work: Path, names: list[str], repeat: int, pdf_repeat: int) -> dict[str, Result]:
    """Every tool's cold build, ``repeat`` rounds, the tools taking turns so that a change in the
    machine's load falls on all of them alike; sitegen's build with PDFs in the first ``pdf_repeat`` rounds only
    (at 10 000 documents its four reports of 5 000 actions each take minutes)."""
    jobs: dict[str, tuple[Path, Path, list[str | Path]]] = {}
    chosen = [p for p in peers.PEERS if p.name in names]
    for peer in chosen:
        tree, out = corpus / peer.tree, work / "out" / peer.name
        jobs[peer.name] = (tree, out, peer.command(tree, out))
    for name, pdf in (("sitegen", False), (WITH_PDFS, True)):
        out = work / "out" / name.replace(" ", "")
        jobs[name] = (REPO, out, sitegen_build(corpus / "sitegen" / "content", out, pdf=pdf))
    runs: dict[str, list[Run]] = {name: [] for name in jobs}
    for k in range(repeat):
        for name, (cwd, out, cmd) in jobs.items():
            if name == WITH_PDFS and k >= pdf_repeat:
                continue
            remove(out)
            for scratch in next((p.scratch(cwd) for p in chosen if p.name == name), []):
                remove(scratch)
            if name.startswith("sitegen"):  # a cold build starts without its cache too (and pays for writing it)
                remove(corpus / "sitegen" / ".sitegen-cache")
            print(f"bench: cold build {k + 1}/{repeat}: {name}", flush=True)
            runs[name].append(run_timed(cmd, cwd, work / "logs" / f"{name}-cold-{k}.log"))
    return {(f"{name} cold" if name.startswith("sitegen") else name):
            Result("cold", name, tuple(r), count_pages(jobs[name][1])) for name, r in runs.items() if r}


def append_line(path: Path, k: int) -> None:
    """The one-action edit: a new paragraph at the end of its body."""
    path.write_bytes(path.read_bytes() + f"\nเพิ่มเติมครั้งที่ {k + 1}\n".encode())


def reword_item(path: Path, k: int) -> None:
    """The one-item edit: the first measure's wording, shown on the item page, the year's measures
    document, both round reports and the open data files."""
    text = path.read_text(encoding="utf-8")
    head, sep, rest = text.partition("measures:\n  - \"")
    path.write_text(f"{head}{sep}ปรับปรุงครั้งที่ {k + 1} {rest}", encoding="utf-8")


def rebuilds(corpus: Path, work: Path, repeat: int, pdf_repeat: int) -> dict[str, Result]:
    """sitegen's rebuilds into the output of the build before, with the cache the builds before left
    (.sitegen-cache/ beside content/): unchanged, and after each kind of edit. Every edited file gets its
    original bytes back afterwards. The rebuild with PDFs runs ``pdf_repeat`` times."""
    content, out = corpus / "sitegen" / "content", work / "out" / "sitegen"
    if not (out / "index.html").is_file():
        run_timed(sitegen_build(content, out), REPO, work / "logs" / "sitegen-first.log")
    action = sorted((content / "actions" / "2566").iterdir())[0]
    item = content / "eit" / "2566" / "E1.md"
    edits: list[tuple[str, Path | None, Callable[[Path, int], None], bool]] = [
        ("no change", None, lambda path, k: None, False),
        ("edit one action body", action, append_line, False),
        ("edit one item's wording", item, reword_item, False),
        # the default build: the PDFs of the reports that show the item are laid out again
        ("edit one item's wording, with PDFs", item, reword_item, True),
    ]
    results = {}
    for scenario, path, edit, pdf in edits:
        original = path.read_bytes() if path else b""
        runs = []
        try:
            rounds = pdf_repeat if pdf else repeat
            for k in range(rounds):
                if path:
                    path.write_bytes(original)
                    edit(path, k)
                print(f"bench: sitegen {scenario} {k + 1}/{rounds}", flush=True)
                runs.append(run_timed(sitegen_build(content, out, pdf=pdf), REPO,
                                      log_path(work, f"sitegen-{scenario}-{k}")))
        finally:
            if path:
                path.write_bytes(original)
        if runs:
            results[f"sitegen {scenario}"] = Result(scenario, "sitegen", tuple(runs), count_pages(out))
    return results


def seed_builds(work: Path, repeat: int) -> dict[str, Result]:
    """sitegen's cold build of the repository's own content/ (read only), without and with its PDFs."""
    results = {}
    for scenario, pdf in (("seed cold", False), ("seed cold + PDFs", True)):
        out, runs = work / "out" / "seed", []
        for k in range(repeat):
            remove(out)
            remove(REPO / ".sitegen-cache")
            runs.append(run_timed(sitegen_build(REPO / "content", out, pdf=pdf), REPO,
                                  log_path(work, f"{scenario}-{k}")))
        results[f"sitegen {scenario}"] = Result(scenario, "sitegen", tuple(runs), count_pages(out))
    return results


def serve_latency(work: Path, repeat: int) -> list[float]:
    """Save-to-reload latency of ``sitegen serve`` on a copy of the seed's content."""
    content = work / "serve-content"
    remove(content)
    shutil.copytree(REPO / "content", content)
    port = free_port()
    cmd = [str(c) for c in sitegen_build(content, Path(), "serve")] + ["--port", str(port)]
    edited = sorted((content / "actions" / "2566").iterdir())[-1]
    print("bench: sitegen serve reload latency", flush=True)
    return measure_reload(cmd, REPO, port, edited, repeat, work / "logs" / "serve.log")


CORPUS_QUERIES = ("ลอยกระทง", "ถนน คอนกรีต", "ถนนคอนกรีต", "ดับเพลิง ภัยแล้ง", "E7", "2567", "ก", "ความโปร่งใส",
                  "รถไฟฟ้า", "คุณธรรม ความโปร่งใส ทุจริต")
"""Queries on the corpus (``corpus.WORDS``: each word is on many pages), a phrase, an item code, a year, one
character, a word it does not hold, three words."""


def search_bytes(site: Path) -> dict[str, int]:
    """What each query of ``CORPUS_QUERIES`` downloads from ``site`` (gzip), in Chromium; {} without Playwright
    or Chromium."""
    try:
        import search_bench
    except ImportError as exc:
        print(f"bench: search not measured ({exc})", flush=True)
        return {}
    print("bench: search, bytes per query", flush=True)
    try:
        return search_bench.measure(site, CORPUS_QUERIES)
    except Exception as exc:  # noqa: BLE001 - no Chromium: the rest of the run still counts
        print(f"bench: search not measured ({exc})", flush=True)
        return {}


def versions(names: list[str]) -> dict[str, str]:
    found = {"sitegen": importlib.metadata.version(DISTRIBUTION)}
    for peer in peers.PEERS:
        if peer.name in names:
            found[peer.name] = peers.version(peer)
    return found


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000, help="documents in the corpus (default 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per scenario (default 3)")
    parser.add_argument("--peers", default=",".join(p.name for p in peers.PEERS), help="comma-separated peers")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve reload latency")
    parser.add_argument("--no-search", action="store_true", help="skip the search download sizes (Chromium)")
    parser.add_argument("--pdf-repeat", type=int, default=None,
                        help="rounds of the corpus's cold build with PDFs (default: --repeat)")
    parser.add_argument("--note", action="append", default=[], help="a line for the notes of results.md (repeatable)")
    parser.add_argument("--work", type=Path, default=BENCH / ".work", help="corpus, outputs and logs")
    parser.add_argument("--results", type=Path, default=BENCH / "results.md", help="where to write the results")
    args = parser.parse_args(argv)
    unknown = set(args.peers.split(",")) - {p.name for p in peers.PEERS} - {""}
    if unknown or args.repeat < 1 or (args.pdf_repeat or 0) < 0:
        parser.error(f"unknown peer(s): {', '.join(sorted(unknown))}" if unknown else "--repeat must be ≥ 1")
    return args


def load_notes(before: float, after: float) -> list[str]:
    cores = os.cpu_count() or 1
    if max(before, after) <= cores:
        return []
    return [f"The 1-minute load average ({before:.1f} before, {after:.1f} after) was above the {cores} cores: "
            "other work shared the CPUs, so absolute times are inflated; the tools took turns, so ratios suffer less."]


def bench(args: argparse.Namespace, command: str) -> tuple[str, str]:
    """The whole run; returns the results page and the raw runs as JSON."""
    names = [n for n in args.peers.split(",") if n]
    peers.install(names)
    load_before, busy_before = load_average(), os.getloadavg()[0]
    corpus = args.work / f"corpus-{args.docs}"
    print(f"bench: writing the corpus of {args.docs} documents to {corpus}", flush=True)
    write_corpus(args.docs, corpus)
    pdf_repeat = args.repeat if args.pdf_repeat is None else args.pdf_repeat
    results = cold_builds(corpus, args.work, names, args.repeat, pdf_repeat)
    results |= rebuilds(corpus, args.work, args.repeat, pdf_repeat)
    search = {} if args.no_search else search_bytes(args.work / "out" / "sitegen")
    results |= seed_builds(args.work, args.repeat)
    reload = {} if args.no_serve else {
        "the seed": serve_latency(args.work, args.repeat),
        f"{args.docs} documents": serve_once(corpus / "sitegen" / "content", args.work / "serve-corpus", args.repeat),
    }
    ctx = Context(dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), command, args.docs, args.repeat,
                  machine(), versions(names), load_before, load_average())
    notes = [*args.note, *load_notes(busy_before, os.getloadavg()[0])]
    return render_results(ctx, results, reload, search, notes), raw_json(ctx, results, reload, search, notes)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if subprocess.run([sys.executable, "-c", "import sitegen"], capture_output=True).returncode != 0:
        print(f"bench: sitegen is not importable by {sys.executable}; run this with the project's venv "
              "(pip install -e . first)", file=sys.stderr)
        return 2
    command = shlex.join(["python", "bench/run.py", *argv])
    try:
        page, raw = bench(args, command)
    except (BenchError, ValueError, OSError) as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    args.results.write_text(page, encoding="utf-8")
    args.results.with_suffix(".json").write_text(raw, encoding="utf-8")
    print(f"bench: wrote {args.results} and {args.results.with_suffix('.json').name}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
