"""Speed of the whole `government` command on a synthetic state-wide year, beside DuckDB.

Times `python build.py government --year 2021 FILE` as a user runs it (a fresh process: start,
imports, rules, the one-pass scan, tables, CSV/XLSX/Parquet and the chart) and, taking turns
with it, `benchmarks/reference_duckdb.py --by-unit`: the same read, default mapping rules,
factors and sums by unit and source group in DuckDB alone, and the same after importing the
libraries vastuu is built on (the floor, see reference_duckdb.py). Prints the median of each,
the ratios and each one's peak memory, and checks that both give the same tCO2e per unit.

Targets (issue 12): 2,000,000 lines under 6 s, under 1.5 GB, within 1.5x of the reference;
at 5,000,000 lines (several files, `--files`) peak memory under 2 GB.
Run: python benchmarks/bench_government.py [lines] [runs] [files]  (default 2,000,000, 3, 1)
Generated files go to $VASTUU_BENCH_DATA (default /tmp/vastuu_bench).
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.measure import DATA, STACK, median, python, run, side_by_side  # noqa: E402

YEAR = 2021
DEFAULT_MAPPING = ROOT / "emission_factors" / "defaults" / "mapping.csv"


def main(lines: int = 2_000_000, runs: int = 3, files: int = 1) -> None:
    folder = DATA / f"government_{lines}_{files}"
    folder.mkdir(parents=True, exist_ok=True)
    per_file = lines // files
    paths = [folder / f"state_{YEAR}_{i}.csv" for i in range(files)]
    for i, path in enumerate(paths):  # generated in other processes (see bench_footprint.py)
        if not path.exists():
            run([python(), "-c", "import sys; from pathlib import Path; "
                 "from benchmarks.synthetic_state import write; "
                 f"write(Path({str(path)!r}), {per_file}, seed={10 + i})"])
    factors = folder / "factors_per_eur.csv"
    run([python(), str(ROOT / "benchmarks" / "reference_factors.py"),
         str(ROOT / "examples" / "migri" / "organisation.yaml"), str(YEAR), str(factors),
         str(DEFAULT_MAPPING)])
    out_dir = folder / "out"
    commands = {"vastuu": [python(), str(ROOT / "build.py"), "government", "--year", str(YEAR),
                           *map(str, paths), "--out", str(out_dir)]}
    # the reference reads several files through a glob (DuckDB reads them as one)
    ledger = str(paths[0]) if files == 1 else str(folder / f"state_{YEAR}_*.csv")
    commands["duckdb"] = [python(), str(ROOT / "benchmarks" / "reference_duckdb.py"), ledger,
                          str(DEFAULT_MAPPING), str(factors), str(YEAR), "product_group,category",
                          "--by-unit"]
    commands["floor"] = commands["duckdb"] + ["--import", STACK]
    results = side_by_side(commands, runs)
    import pandas as pd  # after the runs: the parent's memory counts in its children's peaks
    t_cmd, mem_cmd = median(results["vastuu"])
    print(f"lines:                     {per_file * files:,} in {files} file(s) ({folder})")
    print(f"runs (taking turns):       {runs}; median wall time, largest peak memory")
    print(f"build.py government:       {t_cmd:.2f} s  {mem_cmd:.0f} MB  "
          f"(targets < 6 s and < 1536 MB at 2 M lines; < 2048 MB at 5 M)")
    print(f"each run (s):              vastuu {[round(r.seconds, 2) for r in results['vastuu']]}")
    if "duckdb" in results:
        t_ref, mem_ref = median(results["duckdb"])
        print(f"DuckDB reference:          {t_ref:.2f} s  {mem_ref:.0f} MB  "
              f"(each run {[round(r.seconds, 2) for r in results['duckdb']]})")
        print(f"ratio command / reference: {t_cmd / t_ref:.2f}  (target <= 1.5)")
        t_floor, _ = median(results["floor"])
        print(f"floor (reference after importing {STACK}): {t_floor:.2f} s, "
              f"{t_floor / t_ref:.2f} x the reference; command / floor: {t_cmd / t_floor:.2f}")
        ref = pd.read_csv(io.StringIO(results["duckdb"][-1].stdout), dtype={"unit_id": str})
        ref = ref.groupby("unit_id")["tco2e"].sum()
        ours = pd.read_csv(out_dir / f"government_{YEAR}.csv", dtype={"unit_id": str})
        ours = ours.groupby("unit_id")["tco2e"].sum()   # a unit in two branches: both rows
        worst = float(((ours - ref.reindex(ours.index)).abs() / ours.abs()).max())
        print(f"same tCO2e per unit:       {len(ours)} units, largest relative difference {worst:.1e}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:4]))
