"""Speed of the inventory's Monte Carlo range (issue 10, point 6): 10,000 draws of one year.

Target: under 1 s. Prints, side by side:
- the whole command as a user runs it: `build.py footprint --year Y --json` with 10,000 draws and
  with 0 draws (fresh processes, median of N runs), and their difference (what the range costs);
- in-process: `carbon.uncertainty.inventory_uncertainty` on the example year, beside a plain
  numpy reference doing the same arithmetic (lognormal draws x factors, matrix product,
  percentiles), and the ratio.
Run: python benchmarks/bench_uncertainty.py [runs]
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from carbon.readers.inputs import load_inputs  # noqa: E402
from carbon.readers.settings import DEFAULT_ORG  # noqa: E402
from carbon.calculation.uncertainty import factor_emissions, inventory_uncertainty  # noqa: E402

YEAR, DRAWS = 2021, 10_000


def command(draws: int) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "build.py", "footprint", "--year", str(YEAR), "--json",
                    "--draws", str(draws)], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def reference(per: np.ndarray, gsd: np.ndarray) -> np.ndarray:
    """The same arithmetic in plain numpy: one generator, no per-factor streams (mean-1
    lognormal multipliers, the 95 % interval)."""
    rng = np.random.default_rng(1)
    s = np.log(gsd)
    mult = np.exp(s * rng.standard_normal((DRAWS, len(gsd))) - s ** 2 / 2)
    return np.percentile(mult @ per, (2.5, 50, 97.5))


def best(f, n: int = 7) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def main(runs: int = 5) -> None:
    with_mc = statistics.median(command(DRAWS) for _ in range(runs))
    without = statistics.median(command(0) for _ in range(runs))
    print(f"footprint --year {YEAR} --json, median of {runs} fresh processes:")
    print(f"  with {DRAWS:,} draws {with_mc:6.2f} s   without {without:6.2f} s   "
          f"range costs {with_mc - without:+.2f} s (target: the range under 1 s)")
    inputs = load_inputs(DEFAULT_ORG)
    inv = inputs.inventory(YEAR)
    per = factor_emissions(inv).groupby("factor_id")["tco2e"].sum()
    gsd = np.array([inputs.factors[f].gsd for f in per.index])
    ours = best(lambda: inventory_uncertainty(inv, inputs.factors, DRAWS))
    ref = best(lambda: reference(per.to_numpy(), gsd))
    print(f"in-process, {DRAWS:,} draws x {len(per)} factors: vastuu {ours * 1000:6.1f} ms   "
          f"numpy reference {ref * 1000:6.1f} ms   ratio {ours / ref:4.1f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
