"""Benchmark of the report pipeline: the time of each stage (load, calculate, charts, templates,
PDF) and the total, for the bundled example's report. Target: under 6 s in all.

    python benchmarks/bench_report.py [--year 2021] [--org FILE] [--out DIR] [--runs N]

Three parts:
1. the stages one after the other in this process (what each costs on its own, WeasyPrint's
   layout and writing apart from the rest of the pipeline);
2. the command as a user runs it (`python build.py report`, a fresh process each run): best and
   median of --runs, against the target;
3. the timeline of those runs (median over the runs): when each stage ended in the main process
   and in the PDF worker (WeasyPrint and matplotlib import and the charts are drawn in the worker
   while the main process reads and calculates; then the worker lays out and writes the PDF).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_S = 6.0


def run_once(org: Path, year: int | None, out: Path) -> dict[str, float]:
    """Run every stage once and return seconds per stage; imports are timed on their own."""
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    from report import pipeline
    from report.render import chart_drawing  # noqa: F401  (pandas, pint, matplotlib, jinja2)
    times["imports (pandas, pint, matplotlib, ...)"] = time.perf_counter() - t0
    t = time.perf_counter()
    import weasyprint  # noqa: F401  (report/render/output.py imports it lazily)
    times["import WeasyPrint"] = time.perf_counter() - t
    t = time.perf_counter()
    sources = pipeline.load_sources(org, "fi")
    times["load (inputs, content, checks)"] = time.perf_counter() - t
    t = time.perf_counter()
    year = pipeline.default_year(sources) if year is None else year
    results = pipeline.stage_calculate(sources, year)
    times["calculate"] = time.perf_counter() - t
    t = time.perf_counter()
    charts = pipeline.stage_charts(sources, results)
    times["charts"] = time.perf_counter() - t
    t = time.perf_counter()
    indicators, disclosure = pipeline.stage_integrations(sources, year)
    times["indicators and disclosure index"] = time.perf_counter() - t
    t = time.perf_counter()
    context, html = pipeline.stage_templates(sources, results, charts, indicators, disclosure)
    times["templates"] = time.perf_counter() - t
    t = time.perf_counter()
    pipeline.stage_pdf(html, out, context["file_stem"], year)
    times["PDF (WeasyPrint layout + write)"] = time.perf_counter() - t
    total = time.perf_counter() - t0
    imports = times["imports (pandas, pint, matplotlib, ...)"] + times["import WeasyPrint"]
    times["pipeline without imports"] = total - imports
    times["total"] = total
    return times


def machine_speed() -> float:
    """Seconds for a fixed pure-Python loop: this machine's speed varies two- to threefold
    between minutes (shared cores; 0.4-1.0 s seen), so read the figures above against it."""
    t = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - t


def parse_timeline(stderr: str) -> dict[tuple[str, str], float]:
    """(process, stage) -> seconds from the lines VASTUU_TIMINGS makes build.py print."""
    marks = {}
    for line in stderr.splitlines():
        parts = line.split(None, 2)
        if len(parts) == 3:
            try:
                marks[(parts[1], parts[2])] = float(parts[0])
            except ValueError:
                continue
    return marks


def median_timeline(timelines: list[dict[tuple[str, str], float]]) -> list:
    """Each mark's median over the runs, in time order."""
    keys = {k for t in timelines for k in t}
    medians = {k: statistics.median(t[k] for t in timelines if k in t) for k in keys}
    return sorted(medians.items(), key=lambda item: item[1])


def main() -> int:
    from carbon.readers.settings import DEFAULT_ORG

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--org", type=Path, default=DEFAULT_ORG)
    ap.add_argument("--year", type=int, default=2021)
    ap.add_argument("--out", type=Path, default=None, help="output folder (default: a temp dir)")
    ap.add_argument("--runs", type=int, default=5, help="end-to-end runs (fresh processes)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        times = run_once(args.org, args.year, args.out or Path(tmp))
        runs, timelines = [], []
        env = dict(os.environ, VASTUU_TIMINGS="1")
        for _ in range(args.runs):
            t = time.perf_counter()
            done = subprocess.run([sys.executable, str(ROOT / "build.py"), "report", "--org",
                                   str(args.org), "--year", str(args.year), "--out", tmp],
                                  check=True, capture_output=True, text=True, env=env)
            runs.append(time.perf_counter() - t)
            timelines.append(parse_timeline(done.stderr))
    times["end to end, best"] = min(runs)
    times["end to end, median"] = statistics.median(runs)
    width = max(map(len, times))
    print("stages, one after the other in this process:")
    for stage, seconds in times.items():
        if stage.startswith("end to end"):
            continue
        print(f"  {stage:<{width}}  {seconds:6.2f} s")
    print(f"`build.py report` as a user runs it ({args.runs} runs):")
    for stage in ("end to end, best", "end to end, median"):
        print(f"  {stage:<{width}}  {times[stage]:6.2f} s")
    verdict = "OK" if times["end to end, median"] < TARGET_S else "OVER TARGET"
    print(f"  {'target':<{width}}  {TARGET_S:6.2f} s  {verdict} (median)")
    print("timeline of those runs (median seconds since the command started; stage ended):")
    for (process, stage), seconds in median_timeline(timelines):
        print(f"  {seconds:6.2f} s  {process:<6}  {stage}")
    print(f"reference loop (machine speed now, lower is faster; 0.4-1.0 s seen): "
          f"{machine_speed():.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
