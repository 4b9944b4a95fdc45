"""The change decomposition: LMDI-I additive by source group, method, boundary and residual;
effects plus residual equal the change (also as a property over random inputs)."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon.calculation.decomposition import (EFFECTS, NEW, DROPPED, UNITS_DIFFER,
                                              NOT_POSITIVE, COMPARED, decompose, lmdi,
                                              log_mean)


def frame(*rows: tuple[str, str, float, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["source_group", "unit", "quantity", "tco2e"])


def adds_up(d) -> bool:
    """Effects plus residual equal the change (to the rounding of the largest term)."""
    terms = [*d.effects.values(), d.residual]
    scale = max([1.0, *(abs(v) for v in terms), abs(d.from_total), abs(d.to_total)])
    return math.isclose(math.fsum(terms), d.change, rel_tol=0.0, abs_tol=1e-12 * scale)


def test_log_mean_lies_between_its_numbers_and_is_the_number_itself_when_equal():
    assert 2.0 < log_mean(2.0, 8.0) < 8.0
    assert log_mean(3.0, 3.0) == 3.0
    assert log_mean(2.0, 8.0) == pytest.approx(6.0 / math.log(4.0))


def test_lmdi_effects_sum_to_the_change_and_a_pure_volume_change_has_no_intensity():
    volume, intensity = lmdi(100.0, 50.0, 1000.0, 500.0)   # half the activity, same intensity
    assert volume == pytest.approx(-50.0)
    assert intensity == pytest.approx(0.0, abs=1e-12)
    volume, intensity = lmdi(100.0, 150.0, 10.0, 12.0)
    assert volume + intensity == pytest.approx(50.0)
    assert volume > 0 and intensity > 0


def test_lmdi_does_not_depend_on_order_where_sequential_substitution_does():
    e0, q0, e1, q1 = 100.0, 10.0, 180.0, 15.0
    volume, intensity = lmdi(e0, e1, q0, q1)
    i0, i1 = e0 / q0, e1 / q1
    volume_first = (q1 - q0) * i0            # sequential: volume, then intensity
    intensity_first = (q1 - q0) * i1         # sequential: intensity, then volume
    assert volume_first != pytest.approx(intensity_first)
    assert min(volume_first, intensity_first) < volume < max(volume_first, intensity_first)
    assert volume + intensity == pytest.approx(e1 - e0)


def test_groups_in_both_years_split_into_volume_and_intensity_with_no_residual():
    d = decompose(frame(("a", "EUR", 1000.0, 10.0), ("b", "kWh", 500.0, 5.0)),
                  frame(("a", "EUR", 800.0, 8.0), ("b", "kWh", 500.0, 6.0)), 2018, 2021)
    g = d.groups.set_index("source_group")
    assert g.loc["a", "volume_tco2e"] == pytest.approx(-2.0)
    assert g.loc["a", "intensity_tco2e"] == pytest.approx(0.0, abs=1e-12)
    assert g.loc["b", "volume_tco2e"] == pytest.approx(0.0, abs=1e-12)
    assert g.loc["b", "intensity_tco2e"] == pytest.approx(1.0)
    assert set(g["status"]) == {COMPARED}
    assert abs(d.residual) < 1e-12
    assert d.change == pytest.approx(-1.0)
    assert adds_up(d)


def test_a_group_in_one_year_only_is_a_boundary_effect():
    d = decompose(frame(("a", "EUR", 100.0, 1.0), ("gone", "EUR", 50.0, 4.0)),
                  frame(("a", "EUR", 100.0, 1.0), ("new", "kWh", 10.0, 2.5)), 2018, 2021)
    g = d.groups.set_index("source_group")
    assert g.loc["gone", "status"] == DROPPED and g.loc["new", "status"] == NEW
    assert g.loc["gone", "boundary_tco2e"] == pytest.approx(-4.0)
    assert g.loc["new", "boundary_tco2e"] == pytest.approx(2.5)
    assert d.effects["boundary"] == pytest.approx(-1.5)
    assert d.effects["volume"] == pytest.approx(0.0, abs=1e-12)
    assert adds_up(d)


def test_the_method_effect_is_the_restated_year_less_its_computed_figure():
    spend_2018 = frame(("reception", "EUR", 1_000_000.0, 150.0), ("ict", "EUR", 100.0, 10.0))
    nights_2018 = frame(("reception", "night", 20_000.0, 80.0), ("ict", "EUR", 100.0, 10.0))
    nights_2022 = frame(("reception", "night", 30_000.0, 120.0), ("ict", "EUR", 100.0, 10.0))
    d = decompose(spend_2018, nights_2022, 2018, 2022, from_restated=nights_2018)
    g = d.groups.set_index("source_group")
    assert d.effects["method"] == pytest.approx(80.0 - 150.0)
    assert g.loc["reception", "status"] == COMPARED and g.loc["reception", "unit"] == "night"
    assert g.loc["reception", "volume_tco2e"] == pytest.approx(40.0)   # per-night intensity kept
    assert g.loc["ict", "method_tco2e"] == 0.0
    assert d.from_total == pytest.approx(160.0) and d.to_total == pytest.approx(130.0)
    assert adds_up(d)


def test_both_years_restated_to_a_common_method():
    d = decompose(frame(("r", "EUR", 100.0, 10.0)), frame(("r", "EUR", 50.0, 6.0)), 2018, 2021,
                  from_restated=frame(("r", "night", 10.0, 8.0)),
                  to_restated=frame(("r", "night", 6.0, 4.8)))
    assert d.effects["method"] == pytest.approx((8.0 - 10.0) - (4.8 - 6.0))
    assert d.effects["volume"] == pytest.approx(4.8 - 8.0)     # same intensity per night
    assert adds_up(d)


def test_different_units_without_a_restatement_stay_in_the_residual():
    d = decompose(frame(("r", "EUR", 1000.0, 15.0)), frame(("r", "night", 300.0, 12.0)),
                  2018, 2022)
    g = d.groups.set_index("source_group")
    assert g.loc["r", "status"] == UNITS_DIFFER
    assert d.residual == pytest.approx(-3.0)
    assert all(v == 0.0 for v in d.effects.values())
    assert adds_up(d)


def test_a_zero_or_negative_figure_is_not_decomposed_but_shown_as_residual():
    d = decompose(frame(("a", "EUR", 100.0, 5.0)), frame(("a", "EUR", -20.0, -1.0)), 2018, 2021)
    assert d.groups.loc[0, "status"] == NOT_POSITIVE
    assert d.residual == pytest.approx(-6.0)
    assert adds_up(d)


def test_the_waterfall_steps_are_the_effects_in_order_then_the_residual():
    d = decompose(frame(("a", "EUR", 1.0, 1.0)), frame(("a", "EUR", 2.0, 3.0)), 2018, 2021)
    assert [name for name, _ in d.steps()] == [*EFFECTS, "residual"]


SEGMENT = st.tuples(st.sampled_from(["a", "b", "c", "d"]), st.sampled_from(["EUR", "kWh"]),
                    st.floats(-1e3, 1e8), st.floats(-1e2, 1e5))
FRAME = st.lists(SEGMENT, max_size=8).map(lambda rows: frame(*rows))


@settings(max_examples=200, deadline=None)
@given(FRAME, FRAME, st.one_of(st.none(), FRAME), st.one_of(st.none(), FRAME))
def test_effects_plus_residual_equal_the_change_for_any_inputs(a, b, a_restated, b_restated):
    d = decompose(a, b, 2018, 2021, a_restated, b_restated)
    assert adds_up(d)
    groups = d.groups
    for row in groups.itertuples():
        terms = [getattr(row, f"{e}_tco2e") for e in EFFECTS] + [row.residual_tco2e]
        scale = 1e-12 * max([1.0, *map(abs, terms), abs(row.from_tco2e), abs(row.to_tco2e)])
        assert math.fsum(terms) == pytest.approx(row.change_tco2e, abs=scale)
    scale = 1e-12 * max([1.0, *(abs(v) for v in [*a["tco2e"], *b["tco2e"]])]) * (len(groups) + 1)
    assert math.fsum(groups["change_tco2e"]) == pytest.approx(d.change, abs=scale)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.just("EUR"),
                          st.floats(1.0, 1e8), st.floats(0.01, 1e5)), min_size=1, max_size=6))
def test_positive_groups_in_both_years_leave_only_rounding_as_residual(rows):
    a = frame(*rows)
    b = frame(*[(g, u, q * 1.3, e * 0.7) for g, u, q, e in rows])
    d = decompose(a, b, 2018, 2021)
    assert abs(d.residual) <= 1e-9 * max(1.0, abs(d.from_total))
    assert d.effects["volume"] > 0 > d.effects["intensity"]
