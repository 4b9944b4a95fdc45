import pytest
from hypothesis import given, strategies as st

from carbon.units import Q_, UnitMismatch, apply_factor, emission_scale, parse_unit


def test_factor_applied_to_matching_quantity_gives_co2e():
    assert apply_factor(Q_(200, "EUR"), Q_(0.5, "kgCO2e/EUR")).to("kgCO2e").magnitude == pytest.approx(100)


def test_energy_factor_on_euros_is_an_error_naming_both_units():
    with pytest.raises(UnitMismatch) as err:
        apply_factor(Q_(100, "EUR"), Q_(0.1, "kgCO2e/kWh"))
    assert "EUR" in str(err.value) and "kWh" in str(err.value)


def test_co2e_is_not_plain_mass():
    with pytest.raises(UnitMismatch):
        emission_scale("l", "kg/l")


def test_unknown_unit_is_rejected():
    with pytest.raises(ValueError, match="unknown unit"):
        parse_unit("furlongs_of_co2")


@given(q=st.floats(0, 1e9, allow_nan=False), f=st.floats(1e-6, 1e3, allow_nan=False))
def test_factor_in_tonnes_or_kilograms_gives_the_same_result(q, f):
    kg = apply_factor(Q_(q, "MWh"), Q_(f, "kgCO2e/kWh"))
    t = apply_factor(Q_(q * 1000, "kWh"), Q_(f / 1000, "tCO2e/kWh"))
    assert kg.magnitude == pytest.approx(t.magnitude, rel=1e-9, abs=1e-9)


def test_activity_units_are_distinct_dimensions():
    for quantity, factor in [("night", "kgCO2e/night"), ("pkm", "kgCO2e/pkm"),
                             ("room_night", "kgCO2e/room_night"), ("l", "kgCO2e/l")]:
        assert emission_scale(quantity, factor) == pytest.approx(1.0)
    with pytest.raises(UnitMismatch):
        emission_scale("night", "kgCO2e/room_night")
