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


def goal_rows(results: dict[str, Result], reload: dict[str, list[float]], search: dict[str, int],
              docs: int) -> list[str]:
    """Issue 20's goals as ratios from this run, each with where the time went (the median run's stages); a
    report, never an assertion. sitegen's figures are of the site the peers make too (no PDFs), the seed's with
    its PDFs."""
    hugo, sitegen = results.get("hugo"), results.get("sitegen cold")
    rows = ["| goal | target | this run (wall) | met | by CPU time | profile (median run) |",
            "|---|---|---:|---|---:|---|"]

    def row(goal: str, target: str, value: float | None, ok: bool | None, unit: str = "×",
            cpu: float | None = None, profile: str = "–") -> None:
        places = 0 if unit in {" ms", " KB"} else 2
        shown = "–" if value is None else f"{value:,.{places}f}{unit}"
        by_cpu = "–" if cpu is None else f"{cpu:.{places}f}{unit}"
        met = "–" if ok is None else "yes" if ok else "no"
        rows.append(f"| {goal} | {target} | {shown} | {met} | {by_cpu} | {profile} |")

    def ratio(a: Result | None, b: Result | None) -> tuple[float | None, float | None]:
        return (a.median / b.median, a.cpu / b.cpu) if a and b else (None, None)

    cold, cold_cpu = ratio(sitegen, hugo)
    profile = sitegen.profile if sitegen else "–"
    row("cold build vs Hugo", "≤ 1.0×", cold, None if cold is None else cold <= 1.0, cpu=cold_cpu, profile=profile)
    row("first milestone: cold build vs Hugo", "≤ 2.5×", cold, None if cold is None else cold <= 2.5, cpu=cold_cpu)
    for peer in ("eleventy", "mkdocs", "pelican"):
        against, against_cpu = ratio(sitegen, results.get(peer))
        row(f"first milestone: cold build vs {peer}", "< 1.0×", against,
            None if against is None else against < 1.0, cpu=against_cpu)
    for scenario, limit in (("edit one action body", 0.1), ("edit one item's wording", 0.2)):
        edit = results.get(f"sitegen {scenario}")
        value, by_cpu = ratio(edit, hugo)
        row(f"{scenario}, CLI, vs Hugo cold", f"≤ {limit}×", value, None if value is None else value <= limit,
            cpu=by_cpu, profile=edit.profile if edit else "–")
    runs = reload.get(f"{docs} documents", [])
    latency = statistics.median(runs) * 1000 if runs else None
    row(f"serve: save → page reloaded, {docs} documents", "≤ 100 ms", latency,
        None if latency is None else latency <= 100, " ms")
    memory = sitegen.rss / hugo.rss if hugo and sitegen else None
    row("peak memory vs Hugo", "≤ 0.5×", memory, None if memory is None else memory <= 0.5)
    per_query = statistics.median(search.values()) / 1000 if search else None
    worst = f"largest: {max(search.values()) / 1000:,.0f} KB ({max(search, key=search.__getitem__)})" if search else "–"
    row(f"search: KB one query downloads (gzip, median of {len(search)}), {docs} documents", "≤ 300 KB", per_query,
        None if per_query is None else per_query <= 300, " KB", profile=worst)
    seed = results.get("sitegen seed cold + PDFs")
    row("seed cold with its PDFs", "< 1 s", seed.median if seed else None, None if seed is None else seed.median < 1,
        " s", profile=seed.profile if seed else "–")
    return rows


def profiles(results: Iterable[Result]) -> list[str]:
    """Each sitegen build's stages (its median run), from the lines sitegen prints as each begins."""
    return [f"- **{r.tool} {r.scenario}**: {r.profile}" for r in results if r.tool.startswith("sitegen")]


def render_results(ctx: Context, results: dict[str, Result], reload: dict[str, list[float]], search: dict[str, int],
                   notes: list[str]) -> str:
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
        "## search: what one query downloads (gzip; Chromium, a fresh context per query)", "",
        *([f"- {query}: {size:,} B" for query, size in search.items()] or ["- not measured"]), "",
        "## Where the time went (each sitegen build's stages, its median run)", "",
        *profiles(results.values()), "",
        "## Goals of issue 20 (ratios from this run)", "",
        *goal_rows(results, reload, search, ctx.docs), "",
    ]
    if notes:
        out += ["## Notes", "", *(f"- {n}" for n in notes), ""]
    return "\n".join(out)


def raw_json(ctx: Context, results: dict[str, Result], reload: dict[str, list[float]], search: dict[str, int],
             notes: list[str]) -> str:
    """Every run's numbers, for comparing runs later without parsing the tables."""
    data = {
        "context": asdict(ctx), "notes": notes, "serve_reload_s": reload, "search_query_gzip_bytes": search,
        "results": {key: {"scenario": r.scenario, "tool": r.tool, "pages": r.pages,
                          "runs": [asdict(run) for run in r.runs]} for key, r in results.items()},
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
