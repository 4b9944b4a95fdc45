"""Speed of the whole `footprint` command on a 1,000,000-line ledger, beside a DuckDB reference.

Times `python build.py footprint --year 2021 --org ...` as a user runs it (a fresh process: start,
imports, reading and checking every line, mapping, inventory, Monte Carlo, quality shares,
printing, CSV/XLSX), the same with `--draws 0` (what the Monte Carlo costs) and with `--rows
parquet` (the row-level trace files, written on request) and, taking turns with them,
`benchmarks/reference_duckdb.py`: the same read, mapping rules, factors and sum by source
group in DuckDB, and the same again after importing the libraries vastuu is built on (the
floor: what any command on that stack takes at least). Prints the median of each, the ratios
and each one's peak memory, and checks that vastuu and DuckDB give the same tCO2e per
spend-based source group.

Targets (issue 12): under 4 s, under 1 GB, within 1.5x of the reference.
Run: python benchmarks/bench_footprint.py [rows] [runs]   (default 1,000,000 lines, 3 runs)
Generated files go to $VASTUU_BENCH_DATA (default /tmp/vastuu_bench).
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.measure import DATA, STACK, median, python, run, side_by_side  # noqa: E402
from carbon.readers.settings import DEFAULT_ORG, load_organisation  # noqa: E402

YEAR = 2021


def organisation(ledger: Path, folder: Path) -> Path:
    """The bundled example's settings with the synthetic ledger in place of its own."""
    doc = yaml.safe_load(DEFAULT_ORG.read_text(encoding="utf-8"))
    base = DEFAULT_ORG.parent
    doc["data"]["ledger"] = [{"path": str(ledger), "format": "open-data"}]
    for key in ("mapping", "activity", "activity_map", "source_groups"):
        doc["data"][key] = str(base / doc["data"][key])
    doc["data"]["factors"] = [str(base / p) for p in doc["data"]["factors"]]
    doc["report"]["content"] = str(base / doc["report"]["content"])
    doc["commitment"] = {k: str(base / v) for k, v in doc["commitment"].items()}
    path = folder / "organisation.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def main(rows: int = 1_000_000, runs: int = 3) -> None:
    folder = DATA / f"footprint_{rows}"
    folder.mkdir(parents=True, exist_ok=True)
    ledger = folder / f"th_data_synthetic_{rows}.csv"
    # Generated in other processes: the memory a child reports includes what its parent held
    # when it was started (the kernel keeps the high-water mark across fork and exec).
    if not ledger.exists():
        run([python(), str(ROOT / "benchmarks" / "synthetic_ledger.py"), str(ledger), str(rows)])
    org_file = organisation(ledger, folder)
    org = load_organisation(org_file)
    factors = folder / "factors_per_eur.csv"
    run([python(), str(ROOT / "benchmarks" / "reference_factors.py"), str(org_file), str(YEAR),
         str(factors)])
    out_dir = folder / "out"
    command = [python(), str(ROOT / "build.py"), "footprint", "--year", str(YEAR),
               "--org", str(org_file), "--out"]
    reference = [python(), str(ROOT / "benchmarks" / "reference_duckdb.py"), str(ledger),
                 str(org.mapping), str(factors), str(YEAR), ",".join(org.mapping_order)]
    commands = {
        "vastuu": command + [str(out_dir)],
        # the same without the Monte Carlo, and with the row-level trace files: what they cost
        "lean": command + [str(folder / "out_lean"), "--draws", "0"],
        "traces": command + [str(folder / "out_traces"), "--rows", "parquet"],
        "duckdb": reference,
        "floor": reference + ["--import", STACK],
    }
    results = side_by_side(commands, runs)
    import pandas as pd  # after the runs (see above)
    (t_cmd, mem_cmd), (t_ref, mem_ref) = median(results["vastuu"]), median(results["duckdb"])
    reference = pd.read_csv(io.StringIO(results["duckdb"][-1].stdout)).set_index("source_group")
    table = pd.read_csv(out_dir / f"footprint_{YEAR}.csv")
    ours = table[table["unit"] == "EUR"].groupby("source_group")["tco2e"].sum()
    both = ours.index.intersection(reference.index)
    worst = float(((ours[both] - reference.loc[both, "tco2e"]).abs() / ours[both].abs()).max())
    print(f"ledger lines:              {rows:,} ({ledger})")
    print(f"runs (taking turns):       {runs}; median wall time, largest peak memory")
    print(f"build.py footprint:        {t_cmd:.2f} s  {mem_cmd:.0f} MB  (targets < 4 s, < 1024 MB)")
    t_lean, mem_lean = median(results["lean"])
    t_traces, mem_traces = median(results["traces"])
    t_floor, mem_floor = median(results["floor"])
    print(f"  --draws 0:               {t_lean:.2f} s  {mem_lean:.0f} MB")
    print(f"  --rows parquet:          {t_traces:.2f} s  {mem_traces:.0f} MB")
    print(f"DuckDB reference:          {t_ref:.2f} s  {mem_ref:.0f} MB")
    print(f"ratio command / reference: {t_cmd / t_ref:.2f}  (target <= 1.5)")
    print(f"floor (reference after importing {STACK}): {t_floor:.2f} s, "
          f"{t_floor / t_ref:.2f} x the reference; command / floor: {t_cmd / t_floor:.2f}")
    print("each run (s):              " + ", ".join(
        f"{name} {[round(r.seconds, 2) for r in runs]}" for name, runs in results.items()))
    print(f"same tCO2e per spend-based source group: {len(both)} groups, largest relative "
          f"difference {worst:.1e}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
