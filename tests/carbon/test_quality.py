"""Data quality of every line and its roll-up; the example's share of estimated factors."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from carbon.calculation.quality import QUALITIES, line_quality, quality_shares, spend_quality, tier_shares


def spend_rows(statuses, qualities, kg, eur, tiers=None):
    return pd.DataFrame({
        "status": pd.Categorical(statuses),
        "quality": spend_quality(pd.Series(statuses), pd.Series(qualities, dtype=object)),
        "factor_tier": pd.Categorical(tiers or ["proxy"] * len(statuses)),
        "kgco2e": np.asarray(kg, dtype=float), "amount_eur": np.asarray(eur, dtype=float)})


def activity_rows(statuses, qualities, kg, tiers=None):
    return pd.DataFrame({"status": statuses, "quality": qualities,
                         "factor_tier": tiers or ["published"] * len(statuses),
                         "kgco2e": np.asarray(kg, dtype=float)})


def test_quality_of_a_line_follows_method_and_tier():
    assert line_quality("supplier-specific", "estimate") == "supplier-specific"
    assert line_quality("activity-based", "proxy") == "activity-based"
    assert [line_quality("spend-based", t) for t in ("published", "proxy", "estimate")] == \
        ["spend-based-published", "spend-based-proxy", "spend-based-estimate"]


def test_covered_spend_is_activity_based_unclassified_kept_excluded_left_out():
    s = spend_rows(["counted", "covered", "unclassified", "excluded"],
                   ["spend-based-proxy", "spend-based-proxy", None, None],
                   [2000.0, 0.0, 0.0, 0.0], [10_000.0, 4_000.0, 1_000.0, 5_000.0])
    assert list(s["quality"].astype(object)) == \
        ["spend-based-proxy", "activity-based", "unclassified", np.nan]
    a = activity_rows(["counted", "memo"], ["activity-based", "activity-based"], [1000.0, 0.0])
    q = quality_shares(s, a).set_index("quality")
    assert list(q.index) == [*QUALITIES, "unclassified"]
    assert q.loc["spend-based-proxy", "tco2e"] == pytest.approx(2.0)
    assert q.loc["activity-based", "tco2e"] == pytest.approx(1.0)       # memo row not counted
    assert q.loc["activity-based", "eur"] == pytest.approx(4_000.0)     # the covered spend
    assert q["eur"].sum() == pytest.approx(15_000.0)                    # excluded spend is outside
    assert q.loc["unclassified", "eur_share_pct"] == pytest.approx(100 / 15)
    assert q.loc["spend-based-proxy", "tco2e_share_pct"] == pytest.approx(200 / 3)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["counted", "covered", "unclassified", "excluded"]),
                          st.sampled_from(QUALITIES[2:]), st.floats(0, 1e6), st.floats(-1e4, 1e7)),
                min_size=1, max_size=30),
       st.lists(st.tuples(st.sampled_from(QUALITIES[:2]), st.floats(0, 1e6)), max_size=10))
def test_shares_sum_to_100_percent(spend, act):
    s = spend_rows([r[0] for r in spend], [r[1] for r in spend], [r[2] for r in spend],
                   [r[3] for r in spend])
    a = activity_rows(["counted"] * len(act), [r[0] for r in act], [r[1] for r in act])
    q = quality_shares(s, a)
    for col in ("tco2e_share_pct", "eur_share_pct"):
        total = q[col].sum()
        assert total == pytest.approx(100.0) or total == 0.0


@pytest.mark.parametrize("year", [2018, 2021, 2022])
def test_example_quality_shares_add_up_to_the_inventory(example_inputs, year):
    inv = example_inputs.inventory(year)
    q = quality_shares(inv.spend_rows, inv.activity_rows)
    assert q["tco2e_share_pct"].sum() == pytest.approx(100.0)
    assert q["eur_share_pct"].sum() == pytest.approx(100.0)
    assert q["tco2e"].sum() == pytest.approx(inv.total)
    inside = inv.spend_rows["status"].astype(str) != "excluded"
    assert q["eur"].sum() == pytest.approx(inv.spend_rows.loc[inside, "amount_eur"].sum())
    counted = inv.spend_rows[inv.spend_rows["status"] == "counted"]
    assert counted["quality"].notna().all() and counted["factor_tier"].notna().all()
    assert set(inv.table["quality"]) <= set(QUALITIES)


def test_example_2021_rests_on_estimates_for_at_most_ten_percent(example_inputs):
    inv = example_inputs.inventory(2021)
    tiers = tier_shares(inv.spend_rows, inv.activity_rows).set_index("tier")
    assert tiers["share_pct"].sum() == pytest.approx(100.0)
    assert tiers.loc["estimate", "share_pct"] <= 10.0
    # the same figure, summed from the aggregated table's tiers
    est = inv.table.loc[inv.table["factor_tier"] == "estimate", "tco2e"].sum()
    assert 100 * est / inv.total == pytest.approx(tiers.loc["estimate", "share_pct"])


def test_market_basis_takes_the_quality_of_the_market_factor(example_inputs):
    from carbon.calculation.inventory import calculate
    i = example_inputs
    inv = calculate(i.classified, i.activity, i.activity_map, i.factors, i.prices,
                    i.org.coverage, 2021, basis="market")
    act = inv.activity_rows
    renewable = act[act["market_factor_id"] == "electricity_renewable_contract"]
    assert len(renewable) and (renewable["quality"] == "supplier-specific").all()
    assert (renewable["factor_tier"] == "published").all()
