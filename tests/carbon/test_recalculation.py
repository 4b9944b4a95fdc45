"""Base-year recalculation when the method of a source group changes after the base year."""
from __future__ import annotations

import dataclasses

import pytest

from carbon.readers.inputs import Inputs
from carbon.calculation.recalculation import check_base_year, method_changes


def _check(inputs: Inputs, year: int, threshold: float, activity=None):
    org = inputs.org
    activity = inputs.activity if activity is None else activity
    base = inputs.inventory(org.base_year)

    def calc(coverage):
        from carbon.calculation.inventory import calculate
        return calculate(inputs.classified, activity, inputs.activity_map, inputs.factors,
                         inputs.prices, coverage, org.base_year, org.scope2_basis)
    return check_base_year(base, activity, org.coverage, year, threshold,
                           org.reported_totals.get(org.base_year), calc)


def test_no_change_no_recalculation(example_inputs):
    c = example_inputs.base_check(2021)
    assert c.changes == [] and c.comparable and not c.needed
    assert c.base_total == pytest.approx(example_inputs.inventory(2018).total)


def test_per_night_method_recalculates_the_base_year_by_hand(example_inputs):
    inputs = example_inputs
    c = inputs.base_check(2022)
    assert [(m.activity, m.source_groups) for m in c.changes] == \
        [("accommodation_nights", ("reception_services",))]
    base = inputs.inventory(2018)
    act = inputs.activity
    nights = act[(act["kind"] == "accommodation_nights") & (act["year"] == 2018)]["quantity"].sum()
    factor = inputs.factors[inputs.activity_map.lookup("accommodation_nights", "", "")["factor_id"]]
    by_hand = base.total - base.by("source_group")["reception_services"] \
        + nights * factor.value_for(2018) / 1000.0
    assert c.recalculated_total == pytest.approx(by_hand, rel=1e-9)
    assert c.diff_pct == pytest.approx(100 * (by_hand - base.total) / base.total)


@pytest.mark.parametrize("side", ["above", "below"])
def test_threshold_decides_which_base_year_is_used(recalculating_inputs, side):
    diff = abs(recalculating_inputs.base_check(2022).diff_pct)
    threshold = diff * (0.5 if side == "above" else 2.0)
    c = _check(recalculating_inputs, 2022, threshold)
    assert c.needed is (side == "above")
    assert c.base_total == pytest.approx(c.recalculated_total if side == "above" else c.computed)


def test_without_base_year_data_the_series_is_not_comparable(example_inputs):
    act = example_inputs.activity
    no_2018_nights = act[~((act["kind"] == "accommodation_nights") & (act["year"] == 2018))]
    assert method_changes(example_inputs.org.coverage, no_2018_nights, 2018, 2022)
    c = _check(example_inputs, 2022, 5.0, no_2018_nights)
    assert not c.comparable and not c.needed and c.recalculated is None
    assert "accommodation_nights" in c.reason and "2018" in c.reason
    assert c.base_total == pytest.approx(c.computed)


def test_a_factor_that_does_not_reach_the_base_year_makes_the_series_not_comparable(example_inputs):
    fid = example_inputs.activity_map.lookup("accommodation_nights", "", "")["factor_id"]
    lib = example_inputs.factors
    short = dataclasses.replace(lib[fid], first_year=2021)
    patched = dataclasses.replace(example_inputs, _inventories={}, _base_checks={}, _restated={},
                                  _baselines={})
    patched.factors = type(lib)({f.id: (short if f.id == fid else f) for f in lib})
    c = patched.base_check(2022)
    assert not c.comparable and "2018" in c.reason


def test_progress_measures_from_the_recalculated_base_year(recalculating_inputs):
    import app
    inputs = recalculating_inputs
    r = app.progress(inputs)
    c = r.base_check
    assert c.needed and r.baseline.significant and r.baseline.measured_from == "recalculated"
    base_rows = r.table[r.table["year"] == inputs.org.base_year]
    assert list(base_rows["total_tco2e"]) == pytest.approx([c.recalculated_total] * len(base_rows))
    row = r.table[(r.table["year"] == 2022)].iloc[0]
    assert row["reduction_pct"] == pytest.approx(
        100 * (c.recalculated_total - inputs.inventory(2022).total) / c.recalculated_total)
    assert r.base_total == pytest.approx(c.recalculated_total)
    # the published base year and progress against it are shown beside the recalculated one
    pub = r.published_table[r.published_table["year"] == 2022].iloc[0]
    assert pub["reduction_pct"] == pytest.approx(
        100 * (38269.5 - inputs.inventory(2022).total) / 38269.5)


def test_the_example_derives_its_night_factor_from_the_base_year(example_inputs):
    """The per-night factor is the base year's own spend-based intensity: the base year on the
    per-night method is the base year as calculated, and the factor's gsd is at least that of
    the spend-based factors it is derived from."""
    inputs = example_inputs
    fid = inputs.activity_map.lookup("accommodation_nights", "", "")["factor_id"]
    factor = inputs.factors[fid]
    spec = factor.extra["derived_from"]
    assert spec["years"] == [2018, 2018]
    base = inputs.inventory(2018)
    act = inputs.activity
    nights = act[(act["kind"] == "accommodation_nights") & (act["year"] == 2018)]["quantity"].sum()
    ratio = 1000 * base.by("source_group")[spec["source_group"]] / nights
    assert factor.value_for(2018) == pytest.approx(ratio, rel=1e-6)
    rows = base.spend_rows[base.spend_rows["source_group"] == spec["source_group"]]
    parents = {inputs.factors[f].uncertainty.get("gsd", 1.0) for f in rows["factor_id"].dropna().unique()}
    assert factor.uncertainty["gsd"] >= max(parents)
    b = inputs.baseline(2022)
    assert abs(b.diff_pct) < 1e-3 and not b.significant


def test_the_derivation_period_sensitivity(example_inputs):
    """Each derivation period's restated base year, by hand: 2021 alone gives the old −26 %."""
    b = example_inputs.baseline(2022)
    rows = {s.years: s for s in b.sensitivity}
    assert rows[(2018, 2018)].chosen and abs(rows[(2018, 2018)].diff_pct) < 1e-3
    inputs = example_inputs
    act = inputs.activity
    nights = act[act["kind"] == "accommodation_nights"].groupby("year")["quantity"].sum()
    spend = {y: inputs.inventory(y).by("source_group")["reception_services"] for y in (2018, 2021)}
    by_hand = inputs.inventory(2018).total - spend[2018] + nights[2018] * spend[2021] / nights[2021]
    assert rows[(2021, 2021)].restated == pytest.approx(by_hand)
    assert rows[(2021, 2021)].diff_pct == pytest.approx(-26.0, abs=0.1)
    assert set(rows) >= {(2018, 2021), (2019, 2019), (2020, 2020)}
