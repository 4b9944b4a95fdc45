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
def test_threshold_decides_which_base_year_is_used(example_inputs, side):
    diff = abs(example_inputs.base_check(2022).diff_pct)
    threshold = diff * (0.5 if side == "above" else 2.0)
    c = _check(example_inputs, 2022, threshold)
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
    patched = dataclasses.replace(example_inputs, _inventories={}, _base_checks={})
    patched.factors = type(lib)({f.id: (short if f.id == fid else f) for f in lib})
    c = patched.base_check(2022)
    assert not c.comparable and "2018" in c.reason


def test_progress_measures_from_the_recalculated_base_year(example_inputs):
    import app
    r = app.progress(example_inputs)
    c = r.base_check
    assert c.needed
    base_rows = r.table[r.table["year"] == example_inputs.org.base_year]
    assert list(base_rows["total_tco2e"]) == pytest.approx([c.recalculated_total] * len(base_rows))
    row = r.table[(r.table["year"] == 2022)].iloc[0]
    assert row["reduction_pct"] == pytest.approx(
        100 * (c.recalculated_total - example_inputs.inventory(2022).total) / c.recalculated_total)
    assert r.base_total == pytest.approx(example_inputs.inventory(2018).total)
