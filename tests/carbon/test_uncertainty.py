"""Monte Carlo range of one year's inventory over the factors' uncertainty."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon.calculation.uncertainty import factor_emissions, inventory_uncertainty


@pytest.fixture(scope="module")
def inv(example_inputs):
    return example_inputs.inventory(2021)


def test_range_contains_the_calculated_total_and_each_scope(example_inputs, inv):
    u = inventory_uncertainty(inv, example_inputs.factors, draws=10_000, seed=1)
    assert u.central == pytest.approx(inv.total)
    assert u.total["low"] < u.central < u.total["high"]
    scopes = inv.scope_totals()["tco2e"]
    for s in u.by_scope.itertuples():
        assert s.central == pytest.approx(scopes[s.scope])
        assert s.low <= s.central <= s.high
        assert s.low <= s.median <= s.high


def test_same_seed_same_range_other_seed_other_draws(example_inputs, inv):
    a = inventory_uncertainty(inv, example_inputs.factors, draws=2_000, seed=7)
    b = inventory_uncertainty(inv, example_inputs.factors, draws=2_000, seed=7)
    c = inventory_uncertainty(inv, example_inputs.factors, draws=2_000, seed=8)
    assert a.total == b.total and a.total != c.total


def test_variance_shares_match_the_simulated_variance(example_inputs, inv):
    """Var(total) = sum over source values of (their tCO2e)^2 Var(m) with mean-1 multipliers
    (Var(m) = exp(s^2) - 1): the analytic split against the draws themselves."""
    factors = example_inputs.factors
    per = factor_emissions(inv).groupby("factor_id")["tco2e"].sum()
    u = inventory_uncertainty(inv, factors, draws=1, seed=1, top=len(per))
    keys = [factors[f].draw_key for f in per.index]
    by_key = per.groupby(keys).sum()
    s2 = np.log([factors[per.index[keys.index(k)]].gsd for k in by_key.index]) ** 2
    analytic = float((by_key.to_numpy() ** 2 * (np.exp(s2) - 1)).sum())
    from carbon.scenario.montecarlo import multipliers
    gsd = np.array([factors[f].gsd for f in per.index])
    m = multipliers(tuple(per.index), gsd, 400_000, 3, tuple(keys))
    simulated = float((m @ per.to_numpy()).var())
    assert simulated == pytest.approx(analytic, rel=0.1)
    shares = u.contributors["variance_share_pct"]
    assert shares.sum() == pytest.approx(100.0)
    assert list(shares) == sorted(shares, reverse=True)


def test_contributors_are_the_five_largest(example_inputs, inv):
    full = inventory_uncertainty(inv, example_inputs.factors, draws=10, top=100).contributors
    top = inventory_uncertainty(inv, example_inputs.factors, draws=10).contributors
    assert list(top["factor_id"]) == list(full["factor_id"].head(5))


def test_exact_factors_give_no_range(example_inputs, inv):
    exact = {f.id: dataclasses.replace(f, uncertainty={}) for f in example_inputs.factors}

    class Library(dict):
        pass

    u = inventory_uncertainty(inv, Library(exact), draws=500)
    assert u.total["low"] == pytest.approx(u.central) and u.total["high"] == pytest.approx(u.central)


@settings(max_examples=20, deadline=None)
@given(k=st.floats(min_value=0.01, max_value=100.0))
def test_range_scales_with_the_emissions(example_inputs, inv, k):
    scaled = dataclasses.replace(inv, spend_rows=inv.spend_rows.assign(kgco2e=inv.spend_rows["kgco2e"] * k),
                                 activity_rows=inv.activity_rows.assign(
                                     kgco2e=inv.activity_rows["kgco2e"] * k))
    a = inventory_uncertainty(inv, example_inputs.factors, draws=500, seed=2)
    b = inventory_uncertainty(scaled, example_inputs.factors, draws=500, seed=2)
    for key in ("low", "median", "high", "mean"):
        assert b.total[key] == pytest.approx(k * a.total[key], rel=1e-9)


@settings(max_examples=25, deadline=None)
@given(gsd=st.floats(min_value=1.05, max_value=3.0), seed=st.integers(0, 2**31))
def test_multipliers_have_mean_one(gsd, seed):
    """A factor's value is its expected value: the sample mean of its multipliers is 1 within
    a few standard errors (sd of a mean-1 lognormal: sqrt(exp(s^2) - 1))."""
    from carbon.scenario.montecarlo import multipliers
    n = 50_000
    m = multipliers(("f",), np.array([gsd]), n, seed)[:, 0]
    se = np.sqrt(np.exp(np.log(gsd) ** 2) - 1) / np.sqrt(n)
    assert abs(m.mean() - 1.0) < 5 * se
    assert np.median(m) < 1.0  # skewed: the median lies below the mean


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**31), gsd=st.floats(min_value=1.1, max_value=3.0))
def test_ids_reading_one_source_value_draw_identically(seed, gsd):
    """Two factor ids of one draw key get the same multipliers; another key does not."""
    from carbon.scenario.montecarlo import multipliers
    m = multipliers(("a", "b", "c"), np.array([gsd] * 3), 200, seed, ("row 1", "row 1", "row 2"))
    np.testing.assert_array_equal(m[:, 0], m[:, 1])
    assert not np.array_equal(m[:, 0], m[:, 2])


def test_the_example_library_shares_the_draws_of_one_database_line(example_inputs):
    """Social and health services read one database line, as do professional, cleaning and
    security services: each set has one draw key, and one contributor row."""
    f = example_inputs.factors
    assert f["spend_social_services"].draw_key == f["spend_health_services"].draw_key
    keys = {f[i].draw_key for i in ("spend_professional_services", "spend_cleaning_services",
                                    "spend_security_services")}
    assert len(keys) == 1 and keys != {f["spend_social_services"].draw_key}
    u = inventory_uncertainty(example_inputs.inventory(2021), f, draws=10, top=100)
    ids = [set(x.split(", ")) for x in u.contributors["factor_id"]]
    assert {"spend_social_services", "spend_health_services"} in ids


def test_the_95_interval_is_wider_than_the_90(example_inputs, inv):
    a = inventory_uncertainty(inv, example_inputs.factors, draws=4_000, seed=5, interval=95)
    b = inventory_uncertainty(inv, example_inputs.factors, draws=4_000, seed=5, interval=90)
    assert a.total["low"] < b.total["low"] and b.total["high"] < a.total["high"]
    assert a.percentiles == (2.5, 97.5) and b.percentiles == (5.0, 95.0)


def test_an_interval_not_offered_is_an_option_error(example_inputs, inv):
    from carbon.errors import OptionError
    with pytest.raises(OptionError) as e:
        inventory_uncertainty(inv, example_inputs.factors, draws=10, interval=80)
    assert e.value.code == "interval_invalid" and e.value.option == "interval"


def test_the_calculated_total_is_the_mean_of_the_draws(example_inputs, inv):
    """With mean-1 multipliers the deterministic total lies near the mean of the draws (within
    a few standard errors) and above their median."""
    u = inventory_uncertainty(inv, example_inputs.factors, draws=40_000, seed=9)
    per = factor_emissions(inv).groupby("factor_id")["tco2e"].sum()
    f = example_inputs.factors
    keys = [f[i].draw_key for i in per.index]
    by_key = per.groupby(keys).sum()
    s2 = np.log([f[per.index[keys.index(k)]].gsd for k in by_key.index]) ** 2
    se = np.sqrt(float((by_key.to_numpy() ** 2 * (np.exp(s2) - 1)).sum()) / 40_000)
    assert abs(u.total["mean"] - u.central) < 4 * se
    assert u.total["median"] < u.central


def test_trend_draws_both_years_with_the_same_factors(example_inputs):
    """The reduction's interval contains the calculated reduction, and is narrower than with
    the two years drawn independently (the shared factors' errors cancel in the ratio)."""
    from carbon.calculation.uncertainty import trend_uncertainty
    from carbon.scenario.montecarlo import multipliers
    t = trend_uncertainty(example_inputs, 2018, 2021, draws=4_000, seed=4)
    b, c = example_inputs.inventory(2018), example_inputs.inventory(2021)
    assert t.reduction_pct == pytest.approx(100 * (b.total - c.total) / b.total)
    assert t.low < t.reduction_pct < t.high and t.interval == 95
    f = example_inputs.factors
    wb = factor_emissions(b).groupby("factor_id")["tco2e"].sum()
    wc = factor_emissions(c).groupby("factor_id")["tco2e"].sum()
    ids = tuple(sorted(set(wb.index) | set(wc.index)))
    gsd = np.array([f[i].gsd for i in ids])
    keys = tuple(f[i].draw_key for i in ids)
    m1 = multipliers(ids, gsd, 4_000, 4, keys)
    m2 = multipliers(ids, gsd, 4_000, 5, keys)
    tb = m1 @ wb.reindex(list(ids), fill_value=0).to_numpy()
    tc = m2 @ wc.reindex(list(ids), fill_value=0).to_numpy()
    independent = np.percentile(100 * (tb - tc) / tb, (2.5, 97.5))
    assert t.high - t.low < independent[1] - independent[0]
    narrow = trend_uncertainty(example_inputs, 2018, 2021, draws=4_000, seed=4, interval=90)
    assert t.low < narrow.low and narrow.high < t.high
