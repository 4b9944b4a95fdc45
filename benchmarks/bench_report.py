"""Benchmark of the report pipeline: the time of each stage (load, calculate, charts, templates,
PDF) and the total, for the bundled example's report. Target: under 6 s in all.

    python benchmarks/bench_report.py [--year 2021] [--org FILE] [--out DIR] [--repeat N]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_S = 6.0


def run_once(org: Path, year: int | None, out: Path) -> dict[str, float]:
    """Run every stage once and return seconds per stage; imports are timed on their own."""
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    from report import pipeline  # pandas, pint, matplotlib, jinja2, markdown-it
    times["imports (pandas, pint, matplotlib, ...)"] = time.perf_counter() - t0
    t = time.perf_counter()
    import weasyprint  # noqa: F401  (report/output.py imports it lazily)
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
    context, html = pipeline.stage_templates(sources, results, charts)
    times["templates"] = time.perf_counter() - t
    t = time.perf_counter()
    pipeline.stage_pdf(html, out, context["file_stem"], year)
    times["PDF (WeasyPrint layout + write)"] = time.perf_counter() - t
    total = time.perf_counter() - t0
    imports = times["imports (pandas, pint, matplotlib, ...)"] + times["import WeasyPrint"]
    times["pipeline without imports"] = total - imports
    times["total"] = total
    return times


def main() -> int:
    from carbon.settings import DEFAULT_ORG

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--org", type=Path, default=DEFAULT_ORG)
    ap.add_argument("--year", type=int, default=2021)
    ap.add_argument("--out", type=Path, default=None, help="output folder (default: a temp dir)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        times = run_once(args.org, args.year, args.out or Path(tmp))
    width = max(map(len, times))
    for stage, seconds in times.items():
        print(f"{stage:<{width}}  {seconds:6.2f} s")
    verdict = "OK" if times["total"] < TARGET_S else "OVER TARGET"
    print(f"{'target':<{width}}  {TARGET_S:6.2f} s  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
