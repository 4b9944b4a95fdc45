"""Benchmark of the scenario engine on the bundled example (prints its figures).

Targets from issue 4: 10,000 Monte Carlo draws over the whole example inventory for 2023–2035
in under 2 s; 100 scenarios compared in under 3 s. Loading the inputs (ledger, mapping) is
timed separately: it is shared by every scenario of a run.

    python benchmarks/bench_scenarios.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from carbon.readers.inputs import load_inputs  # noqa: E402
from carbon.scenario.montecarlo import multipliers, simulate  # noqa: E402
from carbon.scenario.project import ScenarioContext, build_plan, project  # noqa: E402
from carbon.scenario.run import comparison, run_scenario  # noqa: E402
from carbon.scenario.spec import load_scenario, parse_scenario  # noqa: E402

SCENARIOS = ROOT / "examples" / "migri" / "scenarios"


def timed(fn, repeat: int = 3):
    best, value = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t)
    return best, value


def variants(n: int, years: list[int], seed: int = 1) -> list:
    """n scenarios with random shares and changes of the example levers."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        s = lambda: int(rng.integers(0, 101))  # noqa: E731
        levers = [
            {"lever": "nights", "pct": float(rng.uniform(-8, 3)), "years": "2024-2035"},
            {"lever": "supplier_factor", "factor": "reception_accommodation_night_supplier",
             "share": {2024: 0, 2030: s()}, "years": "2024-2035"},
            {"lever": "renewable_contract", "share": {2023: 0, 2027: s()}, "years": "2023-2035"},
            {"lever": "vehicle_electrification", "share": {2023: 0, 2030: s()}, "years": "2023-2035"},
            {"lever": "food_shift", "share": {2023: 0, 2030: s()}, "years": "2023-2035"},
            {"lever": "remote_work", "share": {2023: 0, 2027: s()}, "years": "2023-2035"},
            {"lever": "spend_change", "groups": ["premises"], "pct": float(rng.uniform(-4, 1)),
             "years": "2024-2030"},
            {"lever": "grid_decarbonisation", "values": {2024: 0.03, 2035: float(rng.uniform(0.005, 0.03))}},
        ]
        out.append(parse_scenario({"id": f"v{i:03d}", "basis": "market", "levers": levers},
                                  f"variant_{i}.yaml", years))
    return out


def main() -> None:
    t_load, inputs = timed(lambda: load_inputs(), repeat=1)
    ctx = ScenarioContext(inputs)
    t_ctx, _ = timed(lambda: (ctx.lines(max(inputs.years)), ctx.inventory(inputs.org.base_year)), 1)
    print(f"load inputs (ledger, mapping, activity): {t_load:.2f} s; start and base-year "
          f"inventories: {t_ctx:.2f} s (shared by all scenarios)")

    spec = load_scenario(SCENARIOS / "commitment_2023_2027.yaml", inputs.years)
    plan = build_plan(ctx, spec)
    proj = project(plan)
    per_factor = proj.per_factor()

    def mc():
        mult = multipliers(plan.table.ids, plan.table.gsd, 10_000, seed=1, keys=plan.table.keys)
        sim = simulate(per_factor, mult, plan.years)
        return sim.percentiles(), [sim.probability_below(t.year, 0.5 * 38000) for t in inputs.org.targets]
    t_mc, _ = timed(mc)
    print(f"Monte Carlo 10,000 draws x {len(plan.years)} years ({plan.years[0]}–{plan.years[-1]}) x "
          f"{len(plan.table.ids)} factors, percentiles and target probabilities: {t_mc * 1000:.1f} ms "
          f"(target < 2 s)")

    def full_run():
        return run_scenario(ctx, spec,
                            draws=10_000, seed=1)
    ctx.cache.clear()
    t_run, _ = timed(full_run)
    print(f"one scenario end to end (compile, project, targets, waterfall, 10,000 draws): "
          f"{t_run * 1000:.1f} ms")

    many = variants(100, inputs.years)
    t_det, _ = timed(lambda: comparison([run_scenario(ctx, s, draws=0) for s in many]), repeat=1)
    print(f"100 scenarios compared, deterministic (projection, targets, waterfall): {t_det:.2f} s "
          f"(target < 3 s)")
    t_mc100, results = timed(lambda: [run_scenario(ctx, s, draws=10_000, seed=1) for s in many],
                             repeat=1)
    comparison(results)
    print(f"100 scenarios compared with 10,000 Monte Carlo draws each: {t_mc100:.2f} s")
    ok = t_mc < 2 and t_det < 3 and t_mc100 < 3
    print("within targets" if ok else "OVER TARGET")


if __name__ == "__main__":
    main()
