"""Speed of the calculator: a 1,000,000-line open-data ledger from file to inventory.

Target (issue 2): under 3 s and under 1 GB peak memory on the 2-core machine.
Run: python benchmarks/bench_footprint.py [rows]
Prints the time of each stage, rows/s and the process's peak resident memory.
"""
from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic_ledger import write  # noqa: E402
from carbon.inputs import load_inputs  # noqa: E402
from carbon.settings import DEFAULT_ORG  # noqa: E402


def main(rows: int = 1_000_000) -> None:
    data = ROOT / "benchmarks" / "_data" / f"th_data_synthetic_{rows}.csv"
    if not data.exists():
        write(data, rows)
    example = yaml.safe_load(DEFAULT_ORG.read_text(encoding="utf-8"))
    example["data"]["ledger"] = [{"path": str(data), "format": "open-data"}]
    base = DEFAULT_ORG.parent
    for key in ("mapping", "activity", "activity_map", "source_groups"):
        example["data"][key] = str(base / example["data"][key])
    example["data"]["factors"] = [str(base / p) for p in example["data"]["factors"]]
    with tempfile.TemporaryDirectory() as tmp:
        org = Path(tmp) / "organisation.yaml"
        org.write_text(yaml.safe_dump(example, allow_unicode=True), encoding="utf-8")
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0 = time.perf_counter()
        inputs = load_inputs(org)
        t1 = time.perf_counter()
        inv = inputs.inventory(2021)
        t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(inputs.ledger.frame)
    unclassified = inv.coverage.set_index("status").loc["unclassified", "share_pct"]
    print(f"ledger lines:            {n:,}")
    print(f"read + validate + map:   {t1 - t0:.2f} s")
    print(f"inventory 2021:          {t2 - t1:.2f} s")
    print(f"file to inventory:       {t2 - t0:.2f} s  (target < 3 s)")
    print(f"throughput:              {n / (t2 - t0):,.0f} rows/s")
    print(f"peak memory (process):   {peak:.0f} MB  (before loading {rss0:.0f} MB; target < 1024 MB)")
    print(f"total {inv.total:,.1f} tCO2e, unclassified spend {unclassified:.1f} %")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
