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
    assert u.total["p5"] < u.central < u.total["p95"]
    scopes = inv.scope_totals()["tco2e"]
    for s in u.by_scope.itertuples():
        assert s.central == pytest.approx(scopes[s.scope])
        assert s.p5 <= s.central <= s.p95
        assert s.p5 <= s.p50 <= s.p95


def test_same_seed_same_range_other_seed_other_draws(example_inputs, inv):
    a = inventory_uncertainty(inv, example_inputs.factors, draws=2_000, seed=7)
    b = inventory_uncertainty(inv, example_inputs.factors, draws=2_000, seed=7)
    c = inventory_uncertainty(inv, example_inputs.factors, draws=2_000, seed=8)
    assert a.total == b.total and a.total != c.total


def test_variance_shares_match_the_simulated_variance(example_inputs, inv):
    """Var(total) = sum of t_j^2 Var(m_j): the analytic split against the draws themselves."""
    per = factor_emissions(inv).groupby("factor_id")["tco2e"].sum()
    u = inventory_uncertainty(inv, example_inputs.factors, draws=1, seed=1, top=len(per))
    s2 = np.log([example_inputs.factors[f].gsd for f in per.index]) ** 2
    analytic = float((per.to_numpy() ** 2 * np.exp(s2) * (np.exp(s2) - 1)).sum())
    from carbon.scenario.montecarlo import multipliers
    m = multipliers(tuple(per.index), np.exp(np.sqrt(s2)), 400_000, 3)
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
    assert u.total["p5"] == pytest.approx(u.central) and u.total["p95"] == pytest.approx(u.central)


@settings(max_examples=20, deadline=None)
@given(k=st.floats(min_value=0.01, max_value=100.0))
def test_range_scales_with_the_emissions(example_inputs, inv, k):
    scaled = dataclasses.replace(inv, spend_rows=inv.spend_rows.assign(kgco2e=inv.spend_rows["kgco2e"] * k),
                                 activity_rows=inv.activity_rows.assign(
                                     kgco2e=inv.activity_rows["kgco2e"] * k))
    a = inventory_uncertainty(inv, example_inputs.factors, draws=500, seed=2)
    b = inventory_uncertainty(scaled, example_inputs.factors, draws=500, seed=2)
    for key in ("p5", "p50", "p95"):
        assert b.total[key] == pytest.approx(k * a.total[key], rel=1e-9)
