"""Laws of scenario projections: no levers reproduce the inventory, null levers change nothing,
night cuts scale night-based emissions, waterfalls add up, Monte Carlo is reproducible and its
median converges to the deterministic value."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from carbon.scenario.montecarlo import multipliers, simulate
from carbon.scenario.project import ScenarioContext, build_plan, project
from carbon.scenario.run import run_scenario
from carbon.scenario.spec import load_scenario, parse_scenario

SCENARIOS = Path(__file__).resolve().parents[3] / "examples" / "migri" / "scenarios"
FIXTURE_OK = [HealthCheck.function_scoped_fixture]


@pytest.fixture(scope="module")
def ctx(example_inputs):
    return ScenarioContext(example_inputs)


def scenario(ctx, levers, **doc):
    return parse_scenario({"levers": levers, **doc}, "test.yaml", ctx.inputs.years)


def projected(ctx, levers, **doc):
    return project(build_plan(ctx, scenario(ctx, levers, **doc)))


@pytest.mark.parametrize("year", [2018, 2021, 2022])
@pytest.mark.parametrize("basis", ["location", "market"])
def test_no_levers_reproduce_the_start_inventory(ctx, year, basis):
    proj = projected(ctx, [], base_year=year, basis=basis)
    inv = ctx.inventory(year)
    column = f"tco2e_{basis}"
    assert proj.totals()[0] == pytest.approx(inv.table[column].sum(), rel=1e-12)
    got = proj.by("source_group")
    got = got[got["year"] == year].set_index("source_group")["tco2e"]
    want = inv.table.groupby("source_group")[column].sum()
    assert set(got.index) == set(want.index)
    for group, value in want.items():
        assert got[group] == pytest.approx(value, rel=1e-12, abs=1e-9)


def test_without_levers_only_factor_trajectories_move_the_total(ctx):
    proj = projected(ctx, [])
    plan = proj.plan
    assert np.array_equal(proj.quantities, np.tile(plan.lines["quantity"].to_numpy(), (len(plan.years), 1)))
    fixed = ~plan.lines["factor_id"].str.startswith(("electricity", "district_heat")).to_numpy()
    assert np.allclose(proj.location[:, fixed], proj.location[0, fixed])


null_levers = st.sampled_from([
    {"lever": "nights", "pct": 0},
    {"lever": "nights", "change": 0},
    {"lever": "spend_change", "groups": ["ict", "food"], "pct": 0},
    {"lever": "renewable_contract", "share": 0},
    {"lever": "supplier_factor", "factor": "reception_accommodation_night_supplier", "share": 0},
    {"lever": "vehicle_electrification", "share": 0, "gas_share": 0},
    {"lever": "remote_work", "share": 0},
    {"lever": "food_shift", "share": 0},
    {"lever": "supplier_factor", "value": 1.0, "unit": "kgCO2e/night", "share": 0},
])


@settings(max_examples=25, deadline=None, suppress_health_check=FIXTURE_OK)
@given(levers=st.lists(null_levers, max_size=4), first=st.integers(2023, 2035))
def test_levers_that_change_nothing_change_nothing(ctx, levers, first):
    years = f"{first}-2035"
    levers = [{**lv, "years": years} for lv in levers]
    # the same share lever twice on the same lines is a contradiction; keep the first of each
    unique = list({lv["lever"]: lv for lv in levers}.values())
    base, changed = projected(ctx, []), projected(ctx, unique)
    np.testing.assert_allclose(changed.location.sum(axis=1), base.location.sum(axis=1), rtol=1e-12)
    np.testing.assert_allclose(changed.market.sum(axis=1), base.market.sum(axis=1), rtol=1e-12)


def test_grid_trajectory_equal_to_the_library_changes_nothing(ctx):
    f = ctx.inputs.factors["electricity_fi_location"]
    values = {y: f.value_for(min(y, 2024)) * 1000 for y in range(2023, 2036)}
    base = projected(ctx, [])
    same = projected(ctx, [{"lever": "grid_decarbonisation", "values": values, "unit": "gCO2e/kWh"}])
    np.testing.assert_allclose(same.location, base.location, rtol=1e-12)


def night_lines(proj):
    return (proj.plan.lines["unit"] == "night").to_numpy()


@settings(max_examples=20, deadline=None, suppress_health_check=FIXTURE_OK)
@given(pct=st.floats(-100, 100), year=st.integers(2023, 2035))
def test_a_cut_in_nights_cuts_night_based_emissions_in_proportion(ctx, pct, year):
    base = projected(ctx, [])
    cut = projected(ctx, [{"lever": "nights", "pct": pct, "years": [year]}])
    nights = night_lines(base)
    t = base.years.index(year)
    np.testing.assert_allclose(cut.location[t:, nights], base.location[t:, nights] * (1 + pct / 100),
                               rtol=1e-12)
    np.testing.assert_allclose(cut.location[:t], base.location[:t], rtol=1e-12)
    np.testing.assert_allclose(cut.location[:, ~nights], base.location[:, ~nights], rtol=1e-12)


def test_ten_percent_fewer_nights_is_ten_percent_less_night_based_emissions(ctx):
    base = projected(ctx, [])
    cut = projected(ctx, [{"lever": "nights", "pct": -10, "years": "2024-2035"}])
    nights = night_lines(base)
    t = base.years.index(2024)
    assert base.location[t, nights].sum() > 0
    assert cut.location[t, nights].sum() == pytest.approx(0.9 * base.location[t, nights].sum(), rel=1e-12)
    # yearly changes compound: two years of -10 % leave 81 %
    assert cut.location[t + 1, nights].sum() == pytest.approx(0.81 * base.location[t, nights].sum(),
                                                              rel=1e-12)


def test_nights_move_spend_based_reception_when_the_start_year_is_spend_based(ctx):
    base = projected(ctx, [], base_year=2021)
    cut = projected(ctx, [{"lever": "nights", "pct": -10, "years": [2022]}], base_year=2021)
    lines = base.plan.lines
    reception = (lines["source_group"] == "reception_services").to_numpy()
    assert reception.any() and (lines.loc[reception, "unit"] == "EUR").all()
    np.testing.assert_allclose(cut.location[1, reception], 0.9 * base.location[1, reception], rtol=1e-12)


def test_a_night_level_sets_the_nights_and_change_adds_to_them(ctx):
    base = projected(ctx, [])
    nights0 = base.quantities[0, night_lines(base)].sum()
    level = projected(ctx, [{"lever": "nights", "level": 2_000_000, "years": [2025]}])
    assert level.quantities[level.years.index(2025), night_lines(level)].sum() == pytest.approx(2e6)
    assert level.quantities[-1, night_lines(level)].sum() == pytest.approx(2e6)  # carries on
    change = projected(ctx, [{"lever": "nights", "change": -100_000, "years": "2023-2024"}])
    assert change.quantities[2, night_lines(change)].sum() == pytest.approx(nights0 - 200_000)


def test_renewable_contracts_zero_the_market_based_energy_and_leave_location_based_alone(ctx):
    base = projected(ctx, [])
    full = projected(ctx, [{"lever": "renewable_contract", "share": 100, "years": "2023-2035"}])
    energy = (full.plan.lines["kind"] == "energy").to_numpy()
    assert full.market[1:, energy].sum() == pytest.approx(0.0, abs=1e-9)
    assert full.market[0, energy].sum() > 0
    np.testing.assert_allclose(full.location.sum(axis=1), base.location.sum(axis=1), rtol=1e-12)


def test_electric_own_fleet_swaps_litres_for_kilowatt_hours(ctx):
    base = projected(ctx, [])
    ev = projected(ctx, [{"lever": "vehicle_electrification", "applies_to": "fleet", "share": 100,
                          "years": [2023]}])
    lines = ev.plan.lines
    fuels = (lines["kind"] == "fuels").to_numpy()
    charged = (lines["variant"] == "share:fleet").to_numpy()
    litres = base.quantities[1, (base.plan.lines["kind"] == "fuels").to_numpy()]
    assert ev.quantities[1, fuels].sum() == pytest.approx(0.0, abs=1e-9)
    assert ev.quantities[1, charged].sum() == pytest.approx(3.0 * litres[0] + 2.6 * litres[1])
    assert (lines.loc[charged, "scope"] == 2).all()
    assert ev.quantities[2, fuels].sum() == pytest.approx(litres.sum())  # only in the listed year


def test_supplier_factor_moves_the_share_to_the_supplier_value(ctx):
    base = projected(ctx, [])
    half = projected(ctx, [{"lever": "supplier_factor", "value": 2.0, "unit": "kgCO2e/night",
                            "share": 50, "years": [2023]}])
    nights = base.quantities[1, night_lines(base)].sum()
    own = ctx.inputs.factors["migri_reception_night"].value_for(2023)
    want = nights * (0.5 * own + 0.5 * 2.0) / 1000
    assert half.location[1, night_lines(half)].sum() == pytest.approx(want, rel=1e-12)


def test_waterfall_changes_add_up_to_the_scenario_total(ctx):
    for path in sorted(SCENARIOS.glob("*.yaml")):
        result = run_scenario(ctx, load_scenario(path, ctx.inputs.years), draws=0)
        for year, rows in result.waterfall.groupby("year"):
            steps = rows[~rows["step"].isin(["start", "end"])]["change_tco2e"].sum()
            start = rows[rows["step"] == "start"]["change_tco2e"].iloc[0]
            end = rows[rows["step"] == "end"]["change_tco2e"].iloc[0]
            assert start + steps == pytest.approx(end, rel=1e-12)
            assert end == pytest.approx(result.yearly.set_index("year").loc[year, "tco2e"], rel=1e-12)


def test_example_scenarios_run_and_the_ambitious_one_cuts_most(ctx):
    totals = {}
    for name in ("business_as_usual", "commitment_2023_2027", "ambitious"):
        result = run_scenario(ctx, load_scenario(SCENARIOS / f"{name}.yaml", ctx.inputs.years), draws=0)
        assert list(result.targets["target_year"]) == [t.year for t in ctx.org.targets]
        totals[name] = result.yearly.set_index("year").loc[2035, "tco2e"]
    assert totals["ambitious"] < totals["commitment_2023_2027"] < totals["business_as_usual"]


def test_target_is_met_from_the_first_year_the_total_is_at_or_below_the_allowed_level(ctx):
    result = run_scenario(ctx, scenario(ctx, [{"lever": "nights", "pct": -50, "years": "2023-2035"},
                                              {"lever": "spend_change", "groups": ["ict"], "pct": -50,
                                               "years": "2023-2035"}]), draws=0)
    totals = result.yearly.set_index("year")["tco2e"]
    for row in result.targets.itertuples():
        below = [y for y, v in totals.items() if v <= row.allowed_tco2e]
        first = None if pd.isna(row.first_year_met) else int(row.first_year_met)
        assert first == (below[0] if below else None)
        assert row.met == (totals[row.target_year] <= row.allowed_tco2e)


def test_same_seed_same_result_other_seed_other_result(ctx):
    spec = load_scenario(SCENARIOS / "commitment_2023_2027.yaml", ctx.inputs.years)
    a = run_scenario(ScenarioContext(ctx.inputs), spec, draws=2000, seed=7)
    b = run_scenario(ScenarioContext(ctx.inputs), spec, draws=2000, seed=7)
    c = run_scenario(ScenarioContext(ctx.inputs), spec, draws=2000, seed=8)
    assert np.array_equal(a.simulation.totals, b.simulation.totals)
    assert a.targets["probability_met"].equals(b.targets["probability_met"])
    assert not np.array_equal(a.simulation.totals, c.simulation.totals)


@pytest.mark.parametrize("gsd", [1.3, 1.8, 2.2])
def test_monte_carlo_mean_converges_to_the_deterministic_value(ctx, gsd):
    """Mean-1 multipliers: the mean of the draws converges to the projection (the factor's
    value is its expected value), and the median to exp(-s^2/2) of it."""
    proj = projected(ctx, [])
    per_factor = proj.per_factor()
    j = proj.plan.table.position("migri_reception_night")
    only = np.zeros_like(per_factor)
    only[:, j] = per_factor[:, j]
    errors = []
    for draws in (1_000, 100_000):
        gsds = np.where(np.arange(len(proj.plan.table.ids)) == j, gsd, 1.0)
        mult = multipliers(proj.plan.table.ids, gsds, draws, seed=1)
        totals = simulate(only, mult, proj.years).totals
        errors.append(np.max(np.abs(totals.mean(axis=0) / only[:, j] - 1)))
        median = np.median(totals, axis=0)
    assert errors[1] < 0.01
    assert errors[1] < errors[0]
    s2 = np.log(gsd) ** 2
    np.testing.assert_allclose(median / only[:, j], np.exp(-s2 / 2), rtol=0.02)


def test_factors_without_uncertainty_are_not_drawn(ctx):
    proj = projected(ctx, [])
    mult = multipliers(proj.plan.table.ids, np.ones(len(proj.plan.table.ids)), 100, seed=3)
    sim = simulate(proj.per_factor(), mult, proj.years)
    np.testing.assert_allclose(sim.totals, np.tile(proj.totals(), (100, 1)), rtol=1e-12)


def test_monte_carlo_band_contains_the_deterministic_projection(ctx):
    spec = load_scenario(SCENARIOS / "ambitious.yaml", ctx.inputs.years)
    result = run_scenario(ctx, spec, draws=5000, seed=11)
    y = result.yearly
    assert (y["low"] < y["tco2e"]).all() and (y["tco2e"] < y["high"]).all()
    assert ((result.targets["probability_met"] >= 0) & (result.targets["probability_met"] <= 1)).all()
