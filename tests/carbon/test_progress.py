import math

import pytest
from hypothesis import given, strategies as st

from carbon.calculation.progress import intensity_table, needed_rates, path_value, progress_table
from carbon.readers.settings import Target

T27 = Target(2027, 50.0, {"fi": "välitavoite"})
T35 = Target(2035, 75.0, {"fi": "tavoite"})


def test_reduction_and_gap():
    table = progress_table({2018: 1000.0, 2021: 580.0}, 2018, [T27])
    row = table[table["year"] == 2021].iloc[0]
    assert row["reduction_pct"] == pytest.approx(42.0)
    assert row["target_tco2e"] == pytest.approx(500.0)
    assert row["gap_tco2e"] == pytest.approx(80.0)
    assert row["linear_needed_tco2e_per_year"] == pytest.approx(80.0 / 6)
    assert row["compound_needed_pct_per_year"] == pytest.approx(100 * (1 - (500 / 580) ** (1 / 6)))


def test_on_path_compares_with_the_straight_line():
    assert path_value(2018, 1000.0, T27, 2021) == pytest.approx(1000 - 500 * 3 / 9)
    table = progress_table({2018: 1000.0, 2021: 830.0, 2022: 800.0}, 2018, [T27])
    assert table.set_index("year")["on_path"].to_dict() == {2018: True, 2021: True, 2022: False}


def test_met_is_only_judged_from_the_target_year():
    table = progress_table({2018: 1000.0, 2027: 499.0}, 2018, [T27, T35]).set_index(["year", "target_year"])
    assert table.loc[(2027, 2027), "met"] is True or table.loc[(2027, 2027), "met"] == True  # noqa: E712
    assert table.loc[(2027, 2035), "met"] is None


@given(total=st.floats(1, 1e6), goal=st.floats(1, 1e6), years=st.integers(1, 20))
def test_compound_rate_reaches_the_goal(total, goal, years):
    linear, compound = needed_rates(total, goal, years)
    if total <= goal:
        assert linear == 0 and compound == 0
    else:
        assert total * (1 - compound / 100) ** years == pytest.approx(goal, rel=1e-9)
        assert total - linear * years == pytest.approx(goal, rel=1e-9, abs=1e-6)


def test_intensity_leaves_missing_denominators_empty():
    t = intensity_table({2018: 100.0, 2019: 50.0}, {"night": {2018: 1000.0}})
    assert t["tco2e_per_night"].iloc[0] == pytest.approx(0.1)
    assert math.isnan(t["tco2e_per_night"].iloc[1])
