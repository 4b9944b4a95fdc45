"""Bad scenario files: every error names the file and the lever, and says what is wrong."""
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from carbon.errors import InputError
from carbon.scenario.project import ScenarioContext, build_plan
from carbon.scenario.spec import load_scenario, parse_scenario, parse_years

YEARS = [2018, 2019, 2020, 2021, 2022]


@pytest.fixture(scope="module")
def ctx(example_inputs):
    return ScenarioContext(example_inputs)


def fails(levers, match, ctx=None, **doc):
    """Parse (and compile, given a context) a scenario; return the InputError it raises."""
    with pytest.raises(InputError) as err:
        spec = parse_scenario({"levers": levers, **doc}, "bad.yaml", YEARS)
        if ctx is not None:
            build_plan(ctx, spec)
    assert err.value.file == "bad.yaml"
    assert match in err.value.message, err.value.message
    return err.value


def test_unknown_lever_is_named_with_the_known_ones():
    err = fails([{"lever": "nights", "pct": -5, "years": [2024]}, {"lever": "teleport", "share": 5}],
                "unknown lever 'teleport'")
    assert err.key == "levers[1] (teleport)"
    assert "renewable_contract" in err.message


@pytest.mark.parametrize("share", [120, -5, 100.5])
def test_share_outside_0_100_is_an_error(share):
    err = fails([{"lever": "remote_work", "share": share, "years": "2024-2030"}], "outside 0–100 %")
    assert err.key == "levers[0] (remote_work)"


def test_share_outside_0_100_inside_a_trajectory_is_an_error():
    fails([{"lever": "renewable_contract", "share": {2024: 50, 2027: 140}}], "share for 2027 140 %")


def test_electric_and_gas_shares_together_over_100_is_an_error():
    fails([{"lever": "vehicle_electrification", "share": 70, "gas_share": 40, "years": [2025]}],
          "share + gas_share is over 100 %")


def test_unknown_parameter_is_named():
    err = fails([{"lever": "food_shift", "share": 20, "shares": 30, "years": [2025]}],
                "unknown parameter 'shares'")
    assert err.key == "levers[0] (food_shift)"


def test_missing_years_and_years_outside_the_projection():
    fails([{"lever": "remote_work", "share": 20}], "say which years")
    fails([{"lever": "remote_work", "share": 20, "years": "2020-2025"}], "year 2020 is outside")
    fails([{"lever": "remote_work", "share": 20, "years": "2030-2040"}], "year 2036 is outside")
    fails([{"lever": "remote_work", "share": 20, "years": "soon"}], "not a year or a range")


def test_pct_below_minus_100_and_exactly_one_of_pct_change_level():
    fails([{"lever": "nights", "pct": -120, "years": [2024]}], "below zero")
    fails([{"lever": "nights", "pct": -10, "level": 5, "years": [2024]}], "exactly one of")


def test_scenario_settings_are_checked():
    fails([], "has no data", base_year=2010)
    fails([], "until 2020 must be after the start year 2022", until=2020)
    fails([], "until 99999 is after 2100, the last year", until=99999)
    fails([], "until must be a year (the projection's last, at most 2100)", until="2030")
    fails([], "basis must be location or market", basis="both")
    fails([], "unknown setting 'lever'", lever=[])


def test_two_share_levers_on_the_same_lines_in_the_same_year_contradict(ctx):
    err = fails([{"lever": "renewable_contract", "share": 50, "years": "2024-2030"},
                 {"lever": "renewable_contract", "share": 80, "years": "2030-2035"}],
                "as levers[0] (renewable_contract)", ctx)
    assert err.key == "levers[1] (renewable_contract)"
    assert "2030" in err.message


def test_two_trajectories_for_one_factor_contradict(ctx):
    fails([{"lever": "grid_decarbonisation", "values": {2024: 0.03, 2030: 0.01}},
           {"lever": "grid_decarbonisation", "values": {2028: 0.02}}],
          "sets factor 'electricity_fi_location' in 2028", ctx)


def test_a_level_and_another_change_of_the_same_lines_contradict(ctx):
    fails([{"lever": "nights", "level": 4_000_000, "years": [2026]},
           {"lever": "nights", "pct": -5, "years": "2024-2030"}], "sets a level for the same lines", ctx)


def test_yearly_changes_of_the_same_lines_compose_without_error(ctx):
    spec = parse_scenario({"levers": [{"lever": "nights", "pct": -5, "years": "2024-2030"},
                                      {"lever": "nights", "pct": -3, "years": "2026-2028"}]},
                          "ok.yaml", YEARS)
    assert len(build_plan(ctx, spec).ops) == 2


def test_same_lever_on_different_lines_is_no_contradiction(ctx):
    spec = parse_scenario({"levers": [
        {"lever": "vehicle_electrification", "applies_to": "taxi", "share": 50, "years": "2024-2035"},
        {"lever": "vehicle_electrification", "applies_to": "fleet", "share": 50, "years": "2024-2035"}]},
        "ok.yaml", YEARS)
    assert len(build_plan(ctx, spec).ops) == 2


def test_a_supplier_factor_in_the_wrong_unit_is_an_error(ctx):
    err = fails([{"lever": "supplier_factor", "value": 0.05, "unit": "kgCO2e/kWh", "share": 30,
                  "years": [2025]}], "cannot apply a factor in kgCO2e / kWh", ctx)
    assert err.key == "levers[0] (supplier_factor)"


def test_a_supplier_factor_per_night_on_spend_based_reception_is_an_error(ctx):
    fails([{"lever": "supplier_factor", "factor": "reception_accommodation_night_supplier",
            "share": 30, "years": [2022]}], "cannot apply a factor in kgCO2e / night", ctx,
          base_year=2021)


def test_a_grid_trajectory_in_the_wrong_unit_is_an_error(ctx):
    fails([{"lever": "grid_decarbonisation", "values": {2025: 2.0}, "unit": "kgCO2e/l"}],
          "cannot replace factor 'electricity_fi_location'", ctx)


def test_a_food_shift_to_a_non_euro_factor_is_an_error(ctx):
    fails([{"lever": "food_shift", "to_factor": "diesel_road", "share": 20, "years": [2025]}],
          "cannot apply a factor in kgCO2e / l", ctx)


def test_a_spend_change_amount_in_the_wrong_unit_is_an_error(ctx):
    fails([{"lever": "spend_change", "groups": ["ict"], "change": 1000, "unit": "kWh",
            "years": [2025]}], "an amount in kWh cannot change lines measured in EUR", ctx)


def test_unknown_groups_and_factors_are_named(ctx):
    fails([{"lever": "remote_work", "groups": ["air_trevel"], "share": 20, "years": [2025]}],
          "unknown source group 'air_trevel'", ctx)
    fails([{"lever": "spend_change", "factors": ["spend_unicorns"], "pct": 5, "years": [2025]}],
          "unknown emission factor id 'spend_unicorns'", ctx)


def test_a_lever_that_selects_nothing_is_an_error(ctx):
    fails([{"lever": "spend_change", "groups": ["unclassified"], "pct": 5, "years": [2025]}],
          "selects no lines", ctx)


def test_years_parse_ranges_lists_and_commas():
    assert parse_years("2024-2026", "f", "k") == [2024, 2025, 2026]
    assert parse_years([2030, "2024–2025"], "f", "k") == [2024, 2025, 2030]
    assert parse_years("2024, 2026", "f", "k") == [2024, 2026]


def test_scenario_file_errors_name_the_file(tmp_path: Path):
    with pytest.raises(InputError, match="scenario file not found"):
        load_scenario(tmp_path / "missing.yaml", YEARS)
    bad = tmp_path / "broken.yaml"
    bad.write_text("levers: [\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_scenario(bad, YEARS)
    assert str(bad) in str(err.value) and "not valid YAML" in str(err.value)


def test_cli_reports_a_bad_lever_as_one_message_with_exit_code_2(tmp_path: Path):
    from build import cli
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"levers": [{"lever": "remote_work", "share": 150,
                                                "years": "2024-2030"}]}), encoding="utf-8")
    result = CliRunner().invoke(cli, ["scenario", "run", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "bad.yaml" in result.output and "levers[0] (remote_work)" in result.output
    assert "Traceback" not in result.output
