"""The reduction planner: reach, the smallest settings within bounds, shortfall, sensitivity."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import app
from carbon.errors import InputError, OptionError
from carbon.scenario.planner import Planner, parse_candidates
from carbon.scenario.project import ScenarioContext
from carbon.scenario.spec import load_vocabulary

ROOT = Path(__file__).resolve().parents[3]
BOUNDS = ROOT / "examples" / "migri" / "planner_bounds.yaml"
DRAWS, SEED = 2000, 7


@pytest.fixture(scope="module")
def ctx(example_inputs):
    return ScenarioContext(example_inputs)


def planner(ctx, reduction_pct, year=2027):
    vocabulary = load_vocabulary()
    act = ctx.inventory(max(ctx.inputs.years)).activity_rows
    nights = act[(act["kind"] == "accommodation_nights") & (act["status"] == "counted")]["quantity"].sum()
    candidates = parse_candidates(yaml.safe_load(BOUNDS.read_text(encoding="utf-8")), str(BOUNDS),
                                  vocabulary, "en", {"nights": float(nights)})
    base = {"id": "start", "levers": [], "basis": "market"}
    return Planner(ctx, base, "start", candidates, year, reduction_pct, vocabulary, DRAWS, SEED)


def test_reach_of_every_lever(ctx):
    p = planner(ctx, 50)
    reach = p.reach()
    assert sorted(reach["candidate"]) == [c.index for c in p.candidates]
    assert (reach["alone_tco2e"] >= -1e-6).all() and (reach["after_others_tco2e"] >= -1e-6).all()
    none = p.evaluate({}, False).total
    every = p.evaluate({c.index: 1.0 for c in p.candidates}, False).total
    # what the levers remove together lies between the largest alone and the sum alone
    assert reach["alone_tco2e"].max() - 1e-6 <= none - every <= reach["alone_tco2e"].sum() + 1e-6


def test_a_target_already_met_needs_no_change(ctx):
    p = planner(ctx, -200)  # allowed: three times the base year
    plan = p.plan("deterministic", p.reach(), 0.8)
    assert plan.met and plan.settings == {} and plan.shortfall_tco2e == 0
    assert plan.document["levers"] == []


def test_an_unreachable_target_reports_its_shortfall_and_binding_bounds(ctx):
    p = planner(ctx, 95)
    reach = p.reach()
    plan = p.plan("deterministic", reach, 0.8)
    every = p.evaluate({c.index: 1.0 for c in p.candidates}, False).total
    assert not plan.met
    assert plan.shortfall_tco2e == pytest.approx(every - p.allowed)
    assert plan.binding and set(plan.binding) <= {c.index for c in p.candidates}
    assert all(x == 1.0 for x in plan.settings.values())


def _within_bounds(p, plan):
    for i, x in plan.settings.items():
        c = next(c for c in p.candidates if c.index == i)
        lo, hi = sorted((c.start, c.bound))
        assert lo - 1e-9 <= c.value(x) <= hi + 1e-9, (c.label, c.value(x), c.bound)
        assert 0 < x <= 1


def test_plan_meets_the_target_within_bounds_and_scenario_run_reproduces_it(ctx, tmp_path):
    p = planner(ctx, 0)
    none = p.evaluate({}, False).total
    every = p.evaluate({c.index: 1.0 for c in p.candidates}, False).total
    # a target halfway between doing nothing and everything at its bound
    pct = 100 * (1 - (none + every) / 2 / p.ref_total)
    p = planner(ctx, pct)
    plan = p.plan("deterministic", p.reach(), 0.8)
    assert plan.met and 0 < len(plan.settings) < len(p.candidates)
    _within_bounds(p, plan)
    file = tmp_path / "plan.yaml"
    file.write_text(yaml.safe_dump(plan.document, allow_unicode=True), encoding="utf-8")
    run = app.run_scenario(ctx, file, draws=0).result
    total = run.yearly.set_index("year").loc[2027, "tco2e"]
    assert total == pytest.approx(plan.outcome.total) and total <= p.allowed + 1e-6
    # a smaller setting of the last lever would not meet it (bisection found the smallest)
    last = list(plan.settings)[-1]
    smaller = {**plan.settings, last: plan.settings[last] * 0.9}
    assert p.evaluate(smaller, False).total > p.allowed


def test_probability_goal_is_met_under_the_same_seeded_monte_carlo(ctx, tmp_path):
    p = planner(ctx, 0)
    every = p.evaluate({c.index: 1.0 for c in p.candidates}, True)
    pct = 100 * (1 - every.simulation.sorted[every.simulation.years.index(2027)][DRAWS // 2]
                 / p.ref_total)  # the median of everything at its bound: ~50 % reachable
    p = planner(ctx, pct)
    plan = p.plan("probability", p.reach(), 0.3)
    assert plan.met and plan.outcome.probability >= 0.3
    _within_bounds(p, plan)
    file = tmp_path / "plan_p30.yaml"
    file.write_text(yaml.safe_dump(plan.document, allow_unicode=True), encoding="utf-8")
    run = app.run_scenario(ctx, file, draws=DRAWS, seed=SEED).result
    assert run.simulation.probability_below(2027, p.allowed) == pytest.approx(plan.outcome.probability)
    sens = p.sensitivity(plan)
    assert {"factor", "lever"} <= set(sens["kind"])
    assert list(sens["spread"]) == sorted(sens["spread"], reverse=True)
    top = sens[sens["kind"] == "factor"].iloc[0]
    assert top["p_low"] >= top["p_high"]  # a factor drawn low makes the target likelier


def test_plan_target_for_each_target_of_the_example(example_inputs, tmp_path):
    for target in example_inputs.org.targets:
        r = app.plan_target(example_inputs, target.year, bounds_file=BOUNDS, draws=500)
        assert len(r.reach) == len(r.candidates)
        for plan in (r.deterministic, r.probabilistic):
            assert plan.met or (plan.binding and (plan.shortfall_tco2e > 0 or plan.shortfall_probability > 0))
        paths = app.write_plan(r, tmp_path / str(target.year))
        assert all(p.exists() for p in paths)
        doc = yaml.safe_load(paths[0].read_text(encoding="utf-8"))
        assert doc["id"] == f"plan_{target.year}_deterministic"


def test_bad_bounds_and_targets_are_clear(example_inputs, tmp_path):
    with pytest.raises(OptionError, match="no target for 2030"):
        app.plan_target(example_inputs, 2030)
    bad = tmp_path / "bounds.yaml"
    bad.write_text("levers:\n  - {lever: renewable_contract, share: 100}\n", encoding="utf-8")
    with pytest.raises(InputError, match="exactly one parameter as a bound") as err:
        app.plan_target(example_inputs, 2027, bounds_file=bad, draws=0)
    assert "bounds.yaml" in str(err.value) and "levers[0]" in str(err.value)
    bad.write_text("levers:\n  - {lever: renewable_contract, share: {max: 150}}\n", encoding="utf-8")
    with pytest.raises(InputError, match="at most 100"):
        app.plan_target(example_inputs, 2027, bounds_file=bad, draws=0)
