"""Speed of the reduction planner (issue 14): a plan for one target on the example, target < 2 s.

Prints, side by side (median of N fresh processes): the whole `build.py scenario plan --target
2027 --bounds …` command as a user runs it, and as the reference the `scenario run` command of
one scenario file (the unit of work the planner repeats: it evaluates a few dozen settings);
then in-process, the plan alone and the number of scenario evaluations it made.
Run: python benchmarks/bench_planner.py [runs]
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import app  # noqa: E402
from carbon.scenario.planner import Planner  # noqa: E402

BOUNDS = ROOT / "examples" / "migri" / "planner_bounds.yaml"
SCENARIO = ROOT / "examples" / "migri" / "scenarios" / "commitment_2023_2027.yaml"


def command(*args: str) -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([sys.executable, "build.py", "scenario", *args, "--out", out], cwd=ROOT,
                       check=True, capture_output=True)
        return time.perf_counter() - start


def main(runs: int = 3) -> None:
    plan = statistics.median(command("plan", "--target", "2027", "--bounds", str(BOUNDS))
                             for _ in range(runs))
    ref = statistics.median(command("run", str(SCENARIO)) for _ in range(runs))
    print(f"scenario plan --target 2027 {plan:6.2f} s (target < 2 s)   scenario run (reference) "
          f"{ref:6.2f} s   ratio {plan / ref:4.1f}")
    inputs = app.load()
    count = 0
    original = Planner.evaluate

    def counting(self, settings, with_draws=True):
        nonlocal count
        count += 1
        return original(self, settings, with_draws)

    Planner.evaluate = counting
    start = time.perf_counter()
    app.plan_target(inputs, 2027, bounds_file=BOUNDS)
    took = time.perf_counter() - start
    print(f"in-process plan for 2027: {took:5.2f} s, {count} evaluations "
          f"({1000 * took / max(count, 1):4.1f} ms each, cached ones included)")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
