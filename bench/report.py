"""``bench/results.md``: a table per scenario, the machine, the versions and the command to rerun."""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from measure import Result


@dataclass(frozen=True, slots=True)
class Context:
    """Everything about the run that is not a measurement."""

    date: str
    command: str
    docs: int
    repeat: int
    machine: dict[str, str]
    versions: dict[str, str]
    load_before: str
    load_after: str


def _ratio(value: float, base: float | None) -> str:
    return f"{value / base:.2f}×" if base else "–"


def result_table(results: Iterable[Result], hugo: Result | None) -> list[str]:
    """One row per result: wall times, CPU, memory, throughput and the ratios to Hugo's cold build
    (by wall time, and by CPU time, which suffers less when other work shares the machine)."""
    lines = ["| tool | scenario | pages | median s | min s | max s | CPU s | peak RSS MiB | pages/s "
             "| × Hugo (wall) | × Hugo (CPU) |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        walls = [run.wall for run in r.runs]
        lines.append(f"| {r.tool} | {r.scenario} | {r.pages} | {r.median:.2f} | {min(walls):.2f} | {max(walls):.2f} "
                     f"| {r.cpu:.2f} | {r.rss:.0f} | {r.pages / r.median:.0f} "
                     f"| {_ratio(r.median, hugo.median if hugo else None)} "
                     f"| {_ratio(r.cpu, hugo.cpu if hugo else None)} |")
    return lines


def goal_rows(results: dict[str, Result], reload: dict[str, list[float]]) -> list[str]:
    """Issue 11's goals as ratios from this run, with the honest distance; a report, never an assertion.
    sitegen's figures are of the site the peers make too (no PDFs); the seed's also with its PDFs."""
    hugo, sitegen = results.get("hugo"), results.get("sitegen cold")
    rows = ["| goal | target | this run (wall) | met | by CPU time |", "|---|---|---:|---|---:|"]

    def row(goal: str, target: str, value: float | None, ok: bool | None, unit: str = "×",
            cpu: float | None = None) -> None:
        places = 0 if unit == " ms" else 2
        shown = "–" if value is None else f"{value:.{places}f}{unit}"
        by_cpu = "–" if cpu is None else f"{cpu:.{places}f}{unit}"
        rows.append(f"| {goal} | {target} | {shown} | {'–' if ok is None else 'yes' if ok else 'no'} | {by_cpu} |")

    def ratio(a: Result | None, b: Result | None) -> tuple[float | None, float | None]:
        return (a.median / b.median, a.cpu / b.cpu) if a and b else (None, None)

    cold, cold_cpu = ratio(sitegen, hugo)
    row("cold build vs Hugo", "≤ 1.0×", cold, None if cold is None else cold <= 1.0, cpu=cold_cpu)
    for peer in ("mkdocs", "pelican"):
        speedup, speedup_cpu = ratio(results.get(peer), sitegen)
        row(f"{peer} time / sitegen time", "≥ 4×", speedup, None if speedup is None else speedup >= 4, cpu=speedup_cpu)
    for scenario in ("edit one action body", "edit one item's wording"):
        edit, edit_cpu = ratio(results.get(f"sitegen {scenario}"), hugo)
        row(f"{scenario} vs Hugo cold", "≤ 0.1×", edit, None if edit is None else edit <= 0.1, cpu=edit_cpu)
    memory = sitegen.rss / hugo.rss if hugo and sitegen else None
    row("peak RSS vs Hugo", "≤ 0.5×", memory, None if memory is None else memory <= 0.5)
    for name, label in (("sitegen seed cold", "seed site cold"),
                        ("sitegen seed cold + PDFs", "seed site cold, with its PDFs")):
        seed = results.get(name)
        row(label, "< 1 s", seed.median if seed else None, None if seed is None else seed.median < 1, " s")
    for place, runs in reload.items() or {"the seed": []}.items():
        latency = statistics.median(runs) * 1000 if runs else None
        limit = 300 if place == "the seed" else 100  # issue 20: ≤ 100 ms at 10 000 documents
        row(f"serve reload, {place}", f"≤ {limit} ms", latency, None if latency is None else latency <= limit, " ms")
    return rows


def render_results(ctx: Context, results: dict[str, Result], reload: dict[str, list[float]], notes: list[str]) -> str:
    """The whole results.md."""
    hugo = results.get("hugo")
    cold = [r for r in results.values() if r.scenario == "cold"]
    rebuilds = [r for r in results.values() if r.tool == "sitegen" and r.scenario != "cold"
                and not r.scenario.startswith("seed cold")]
    seed = [r for r in results.values() if r.scenario.startswith("seed cold")]
    out = [
        "# Benchmark results", "",
        f"{ctx.date}; {ctx.docs} documents; every timing the median of {ctx.repeat} run(s) in this one run.", "",
        "Rerun with:", "", "```sh", ctx.command, "```", "",
        "## Machine", "",
        *(f"- {k}: {v}" for k, v in ctx.machine.items()),
        f"- load average (1 / 5 / 15 min) before: {ctx.load_before}; after: {ctx.load_after}",
        *(f"- {k}: {v}" for k, v in ctx.versions.items()), "",
        f"## Cold builds ({ctx.docs} documents, output removed first)", "",
        *result_table(sorted(cold, key=lambda r: r.median), hugo), "",
        "## sitegen rebuilds (into the output of the build before)", "",
        *result_table(rebuilds, hugo), "",
        "## sitegen on the seed (the repository's content/)", "",
        *result_table(seed, hugo), "",
        "## serve: save-to-reload latency (an action body saved)", "",
        *([f"- {place}: " + ", ".join(f"{s * 1000:.0f} ms" for s in runs)
           + f" (median {statistics.median(runs) * 1000:.0f} ms)" for place, runs in reload.items() if runs]
          or ["- not measured"]), "",
        "## Goals of issue 11 (ratios from this run)", "",
        *goal_rows(results, reload), "",
    ]
    if notes:
        out += ["## Notes", "", *(f"- {n}" for n in notes), ""]
    return "\n".join(out)


def raw_json(ctx: Context, results: dict[str, Result], reload: dict[str, list[float]], notes: list[str]) -> str:
    """Every run's numbers, for comparing runs later without parsing the tables."""
    data = {
        "context": asdict(ctx), "notes": notes, "serve_reload_s": reload,
        "results": {key: {"scenario": r.scenario, "tool": r.tool, "pages": r.pages,
                          "runs": [asdict(run) for run in r.runs]} for key, r in results.items()},
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
