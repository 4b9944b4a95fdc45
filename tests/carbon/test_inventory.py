"""Laws of the calculation and the published totals of the bundled example."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from carbon.readers.activity import ActivityMap
from carbon.readers.factors import DEFAULT_DIR, load_factors
from carbon.calculation.inventory import calculate, spend_emissions
from carbon.readers.price_index import load_price_index

FACTORS = load_factors(DEFAULT_DIR)
PRICES = load_price_index()
IDS = ["spend_ict_services", "spend_social_services", "spend_food_products", "spend_energy"]
EMPTY_MAP = ActivityMap(pd.DataFrame(columns=["kind", "item", "contract", "factor_id",
                                              "market_factor_id", "source_group"]), "map")
NO_ACTIVITY = pd.DataFrame(columns=["kind", "year", "site", "item", "quantity", "unit", "contract",
                                    "control", "note", "source_file", "source_row"])


def spend(amounts, factor_idx, year=2021, statuses=None):
    n = len(amounts)
    return pd.DataFrame({
        "year": np.full(n, year), "amount_eur": np.asarray(amounts, dtype=float),
        "factor_id": pd.Categorical([IDS[i % len(IDS)] for i in factor_idx]),
        "source_group": pd.Categorical([f"g{i % len(IDS)}" for i in factor_idx]),
        "status": pd.Categorical(statuses or ["classified"] * n),
        "source_row": np.arange(2, n + 2),
    })


amounts = st.lists(st.floats(-1e6, 1e7, allow_nan=False, allow_infinity=False), min_size=1, max_size=40)


def total(frame):
    return calculate(frame, NO_ACTIVITY, EMPTY_MAP, FACTORS, PRICES, [], 2021).total


@settings(max_examples=25, deadline=None)
@given(a=amounts, b=amounts)
def test_totals_are_additive_over_rows(a, b):
    fa, fb = spend(a, range(len(a))), spend(b, range(len(b)))
    both = pd.concat([fa, fb], ignore_index=True)
    for col in ("factor_id", "source_group", "status"):
        both[col] = both[col].astype("category")
    assert total(both) == pytest.approx(total(fa) + total(fb), rel=1e-9, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(a=amounts, k=st.floats(0.01, 100))
def test_scaling_spend_scales_spend_based_emissions(a, k):
    base = spend_emissions(spend(a, range(len(a))), FACTORS, PRICES, 2021)["kgco2e"].sum()
    scaled = spend_emissions(spend([x * k for x in a], range(len(a))), FACTORS, PRICES, 2021)["kgco2e"].sum()
    assert scaled == pytest.approx(base * k, rel=1e-9, abs=1e-6)


def test_credit_note_reduces_emissions_and_spend_is_deflated():
    rows = spend_emissions(spend([1000.0, -200.0], [0, 0]), FACTORS, PRICES, 2021)
    f = FACTORS[IDS[0]]
    per_eur = f.value_for(2021) * PRICES.deflator(2021, f.price_year)
    assert rows["kgco2e"].tolist() == pytest.approx([1000 * per_eur, -200 * per_eur])
    assert PRICES.deflator(2021, 2015) < 1  # 2021 euros are worth fewer 2015 euros


def test_unclassified_and_excluded_lines_are_kept_with_their_share():
    frame = spend([100.0, 50.0, 50.0], [0, 1, 2], statuses=["classified", "unclassified", "excluded"])
    inv = calculate(frame, NO_ACTIVITY, EMPTY_MAP, FACTORS, PRICES, [], 2021)
    assert len(inv.spend_rows) == 3
    cov = inv.coverage.set_index("status")
    assert cov.loc["unclassified", "share_pct"] == pytest.approx(25.0)
    assert cov.loc["excluded", "eur"] == pytest.approx(50.0)
    assert inv.table["rows"].sum() == 1


# The bundled example --------------------------------------------------------------------------

def test_example_reproduces_the_published_totals(example_inputs):
    for year, published in example_inputs.org.reported_totals.items():
        assert example_inputs.inventory(year).total == pytest.approx(published, abs=0.1)


def test_example_reception_services_are_the_largest_source(example_inputs):
    for year in example_inputs.years:
        assert example_inputs.inventory(year).by("source_group").index[0] == "reception_services"


def test_no_ledger_line_is_lost(example_inputs):
    for year in example_inputs.years:
        inv = example_inputs.inventory(year)
        ledger_year = example_inputs.ledger.frame[example_inputs.ledger.frame["year"] == year]
        assert len(inv.spend_rows) == len(ledger_year)
        assert inv.coverage["rows"].sum() == len(ledger_year)
        assert inv.coverage["eur"].sum() == pytest.approx(ledger_year["amount_eur"].sum())
        counted = inv.spend_rows[inv.spend_rows["status"] == "counted"]
        assert inv.table.loc[inv.table["unit"] == "EUR", "rows"].sum() == len(counted)


def test_every_table_row_traces_back_to_its_input_rows(example_inputs):
    inv = example_inputs.inventory(2021)
    rows = pd.concat([
        inv.spend_rows.loc[inv.spend_rows["status"] == "counted", ["factor_id", "source_group", "kgco2e"]]
        .astype({"factor_id": str, "source_group": str}),
        inv.activity_rows.loc[inv.activity_rows["status"] == "counted", ["factor_id", "source_group", "kgco2e"]],
    ])
    from_rows = rows.groupby(["factor_id", "source_group"])["kgco2e"].sum() / 1000
    from_table = inv.table.groupby(["factor_id", "source_group"])["tco2e"].sum()
    pd.testing.assert_series_equal(from_rows.sort_index(), from_table.sort_index(), check_names=False)


def test_hybrid_year_replaces_reception_spend_with_nights(example_inputs):
    inv = example_inputs.inventory(2022)
    rec = inv.spend_rows[inv.spend_rows["source_group"] == "reception_services"]
    assert set(rec["status"]) == {"covered"} and rec["kgco2e"].sum() == 0
    nights = inv.table[(inv.table["source_group"] == "reception_services")]
    assert set(nights["unit"]) == {"night"}
    f = example_inputs.factors["migri_reception_night"]
    qty = example_inputs.activity.query("kind == 'accommodation_nights' and year == 2022")["quantity"].sum()
    assert nights["tco2e"].sum() == pytest.approx(qty * f.value_for(2022) / 1000)
    # In 2021 the same nights are memo only: the published total is spend-based.
    memo = example_inputs.inventory(2021).activity_rows.query("kind == 'accommodation_nights'")
    assert set(memo["status"]) == {"memo"} and memo["kgco2e"].sum() == 0


def test_coverage_rule_without_activity_data_keeps_spend(example_inputs):
    classified = example_inputs.classified
    no_flights = example_inputs.activity[example_inputs.activity["kind"] != "flights"]
    inv = calculate(classified, no_flights, example_inputs.activity_map, example_inputs.factors,
                    example_inputs.prices, example_inputs.org.coverage, 2021)
    air = inv.spend_rows[inv.spend_rows["source_group"] == "air_travel"]
    assert set(air["status"]) == {"counted"} and air["kgco2e"].sum() > 0


def test_market_based_basis_changes_only_scope_2(example_inputs):
    ex = example_inputs
    loc = ex.inventory(2021)
    mkt = calculate(ex.classified, ex.activity, ex.activity_map, ex.factors, ex.prices,
                    ex.org.coverage, 2021, basis="market")
    a, b = loc.scope_totals(), mkt.scope_totals()
    assert a.loc[1, "tco2e"] == pytest.approx(b.loc[1, "tco2e"])
    assert a.loc[3, "tco2e"] == pytest.approx(b.loc[3, "tco2e"])
    assert b.loc[2, "tco2e"] == pytest.approx(a.loc[2, "tco2e_market"])
    assert a.loc[2, "tco2e"] != pytest.approx(b.loc[2, "tco2e"])
