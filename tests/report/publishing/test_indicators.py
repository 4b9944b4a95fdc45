"""Commitment indicators: loaded from data, carbon ones computed, status honest, bad input named."""
from __future__ import annotations

import math

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from build import cli
from carbon.errors import InputError
from carbon.numbers import format_number
from carbon.calculation.progress import progress_table
from carbon.readers.settings import load_organisation
from report.publishing.indicators.data import YearValue, convert_value, load_indicators
from report.publishing.indicators.resolve import indicator_records, indicator_table, status, trend

CARBON = ("carbon_footprint_total", "carbon_reduction_vs_base")


def commitment_ids(org) -> set[str]:
    doc = yaml.safe_load(org.path(org.raw["commitment"]["file"]).read_text(encoding="utf-8"))
    return {i for c in doc["commitments"] for i in c.get("indicators") or []}


def edit_indicators(org_file, change) -> None:
    """Apply `change(list_of_indicator_dicts)` to the copy's indicators.yaml."""
    path = org_file.parent / "indicators.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc["indicators"])
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def find(items, iid):
    return next(i for i in items if i["id"] == iid)


def test_every_commitment_indicator_is_defined(example_inputs):
    org = example_inputs.org
    iset = load_indicators(org)
    assert commitment_ids(org) <= {i.id for i in iset.indicators}
    assert iset.commitment.period == (2023, 2027)


def test_carbon_indicators_equal_the_calculation(example_inputs):
    inputs = example_inputs
    table = indicator_table(inputs, inputs.org, 2022).set_index("id")
    totals = {y: inputs.inventory(y).total for y in inputs.years}
    totals[inputs.org.base_year] = inputs.base_check(2022).base_total  # recalculated when needed
    total = table.loc["carbon_footprint_total"]
    assert total["latest_year"] == 2022
    assert total["latest_value"] == pytest.approx(totals[2022])
    assert total["baseline"] == pytest.approx(totals[inputs.org.base_year])
    goal = next(t for t in inputs.org.targets if t.year == 2027)
    assert total["target"] == pytest.approx(totals[2018] * (1 - goal.reduction_pct / 100))
    red = table.loc["carbon_reduction_vs_base"]
    prog = progress_table(totals, inputs.org.base_year, inputs.org.targets)
    assert red["latest_value"] == pytest.approx(prog[prog["year"] == 2022]["reduction_pct"].iloc[0])
    assert red["target"] == goal.reduction_pct
    # the trend follows the last two computed years
    expect = "improving" if totals[2022] < totals[2021] else "worsening"
    assert total["trend"] == expect and red["trend"] == expect


def test_reporting_year_cuts_the_series(example_inputs):
    table = indicator_table(example_inputs, None, 2021).set_index("id")
    assert table.loc["carbon_footprint_total", "latest_year"] == 2021
    assert table.loc["carbon_footprint_total", "latest_value"] == \
        pytest.approx(example_inputs.inventory(2021).total)


def test_unpublished_indicators_stay_empty(example_inputs):
    table = indicator_table(example_inputs, None, 2023)
    assert list(table.columns[:9]) == ["id", "name", "unit", "latest_year", "latest_value",
                                       "baseline", "target", "trend", "status"]
    others = table[~table["id"].isin(CARBON)]
    assert len(others) == 8
    assert others["latest_value"].isna().all() and others["baseline"].isna().all()
    assert (others["status"] == "no_data").all()


def test_records_are_formatted_for_a_template(example_inputs):
    recs = indicator_records(example_inputs, None, 2022)
    total = find(recs, "carbon_footprint_total")
    assert total["latest"] == format_number(example_inputs.inventory(2022).total, 1) + "\u00a0tCO2e"
    assert total["commitment_title"] == "Hiilineutraali Suomi"
    assert total["status_label"] and total["trend_label"]
    empty = find(recs, "staff_trust_index")
    assert empty["latest"] == "–" and empty["latest_value"] is None and empty["missing"]
    assert empty["status_label"] == "Arvo puuttuu"
    share = find(recs, "procurements_employment_condition_share")
    assert share["target"] == "100\u00a0%"


def test_entered_value_is_used_and_converted(example_copy):
    def change(items):
        ind = find(items, "procurements_employment_condition_share")
        ind["baseline"] = {"year": 2023, "value": 20, "source": "seuranta"}
        ind["values"] = [{"year": 2023, "value": 20, "source": "seuranta 2023"},
                         {"year": 2024, "value": "0.6 dimensionless", "source": "seuranta 2024"}]
    edit_indicators(example_copy, change)
    iset = load_indicators(load_organisation(example_copy))
    values = iset["procurements_employment_condition_share"].values
    assert [(v.year, v.value) for v in values] == [(2023, 20.0), (2024, pytest.approx(60.0))]


@pytest.mark.parametrize("change, key, words", [
    (lambda d: d.__setitem__("values", [{"year": 2023, "value": "5 tCO2e", "source": "x"}]),
     "values[0].value", "wrong unit"),
    (lambda d: d.__setitem__("values", [{"year": 2023, "value": 12, "unit": "count", "source": "x"}]),
     "values[0].value", "wrong unit"),
    (lambda d: d.__setitem__("values", [{"year": 2022, "value": 10, "source": "x"}]),
     "values[0].year", "outside the commitment period 2023–2027"),
    (lambda d: d.__setitem__("values", [{"year": 2028, "value": 10, "source": "x"}]),
     "values[0].year", "outside the commitment period"),
    (lambda d: d.__setitem__("values", [{"year": 2023, "value": 10}]),
     "values[0].source", "source"),
    (lambda d: d.pop("baseline"), "baseline", "baseline"),
    (lambda d: d.__setitem__("baseline", {"value": 3}), "baseline", "baseline"),
    (lambda d: d.__setitem__("baseline", {"year": 2030, "value": None}), "baseline.year", "after"),
    (lambda d: d.__setitem__("target", {"year": 2035, "value": 100}), "target.year", "outside"),
    (lambda d: d.__setitem__("unit", "widgets"), "unit", "unknown unit"),
    (lambda d: d.__setitem__("direction", "sideways"), "direction", "up or down"),
])
def test_bad_indicator_names_file_and_key(example_copy, change, key, words):
    iid = "procurements_employment_condition_share"
    edit_indicators(example_copy, lambda items: change(find(items, iid)))
    with pytest.raises(InputError) as err:
        load_indicators(load_organisation(example_copy))
    assert err.value.file.endswith("indicators.yaml")
    assert iid in err.value.key and err.value.key.endswith(key)
    assert words in err.value.message


def test_carbon_value_with_wrong_unit(example_copy):
    edit_indicators(example_copy, lambda items: find(items, "carbon_footprint_total")
                    .__setitem__("unit", "percent"))
    with pytest.raises(InputError, match="CO2e unit"):
        load_indicators(load_organisation(example_copy))


def test_undefined_indicator_in_commitment(example_copy):
    edit_indicators(example_copy, lambda items: items.remove(find(items, "staff_trust_index")))
    with pytest.raises(InputError) as err:
        load_indicators(load_organisation(example_copy))
    assert err.value.file.endswith("commitment.yaml") and "staff_trust_index" in err.value.message


def test_missing_commitment_setting(example_copy):
    text = example_copy.read_text(encoding="utf-8").replace("  indicators: indicators.yaml\n", "")
    example_copy.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_indicators(load_organisation(example_copy))
    assert err.value.key == "commitment.indicators"


def test_cli_bad_indicator_exit_2(example_copy, tmp_path):
    edit_indicators(example_copy, lambda items: find(items, "staff_trust_index").__setitem__(
        "values", [{"year": 2019, "value": 3.2, "source": "kysely"}]))
    result = CliRunner().invoke(cli, ["indicators", "--org", str(example_copy), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "indicators.yaml" in result.output and "values[0].year" in result.output
    assert "Traceback" not in result.output


def test_cli_indicators_writes_table(tmp_path):
    result = CliRunner().invoke(cli, ["indicators", "--year", "2022", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Hiilijalanjälki" in result.output and "Arvo puuttuu" in result.output
    table = pd.read_csv(tmp_path / "indicators_2022.csv")
    assert len(table) == 10


def test_convert_value_keeps_counts_apart():
    assert convert_value("35 %", "percent", "percent") == pytest.approx(35)
    assert convert_value(2500, "kgCO2e", "tCO2e") == pytest.approx(2.5)
    for value, unit in ((12, "count"), (3, "tCO2e"), ("abc", "percent")):
        with pytest.raises(ValueError):
            convert_value(value, unit, "percent")


@pytest.mark.parametrize("direction, base, target, latest, expected", [
    ("up", 0.0, 100.0, YearValue(2025, 100.0, "s"), "met"),
    ("up", 0.0, 100.0, YearValue(2025, 60.0, "s"), "on_track"),     # path at 2025: 50
    ("up", 0.0, 100.0, YearValue(2025, 40.0, "s"), "off_track"),
    ("up", 0.0, 100.0, YearValue(2027, 90.0, "s"), "not_met"),
    ("down", 100.0, 50.0, YearValue(2025, 70.0, "s"), "on_track"),  # path at 2025: 75
    ("down", 100.0, 50.0, YearValue(2025, 80.0, "s"), "off_track"),
    ("up", None, 100.0, YearValue(2025, 40.0, "s"), "no_baseline"),
    ("up", 0.0, None, YearValue(2025, 40.0, "s"), "no_target"),
    ("up", 0.0, 100.0, None, "no_data"),
])
def test_status(direction, base, target, latest, expected):
    assert status(direction, 2023, base, 2027, target, latest) == expected


def test_trend():
    a, b = YearValue(2023, 10, "s"), YearValue(2024, 12, "s")
    assert trend("up", a, b) == "improving" and trend("down", a, b) == "worsening"
    assert trend("up", a, YearValue(2024, 10, "s")) == "unchanged"
    assert trend("up", None, b) == "none"
    assert not math.isnan(b.value)


def test_the_published_indicator_and_the_proposals_are_told_apart(example_inputs):
    """Seed 004 ch. 10 gives one preliminary indicator (commitment 1); the others are the
    organisation's own proposals; the 2027 carbon target is the Ministry's branch-wide one."""
    from report.publishing.indicators.resolve import indicator_records, indicator_table
    records = {r["id"]: r for r in indicator_records(example_inputs, None, 2022, "en")}
    assert [i for i, r in records.items() if r["origin"] == "published"] == \
        ["procurements_employment_condition_share"]
    assert records["procurements_employment_condition_share"]["target_set_by"] == "derived"
    assert records["carbon_reduction_vs_base"]["target_set_by"] == "ministry"
    assert "Ministry of the Interior" in records["carbon_footprint_total"]["target_set_by_label"]
    assert records["staff_trust_index"]["origin_label"].startswith("The organisation's own proposal")
    table = indicator_table(example_inputs, None, 2022, "en")
    assert set(table["origin"]) == {"published", "proposal"}


def test_a_bad_origin_is_an_input_error(example_copy):
    import yaml
    from carbon.errors import InputError
    from carbon.readers.inputs import load_inputs
    from report.publishing.indicators.data import load_indicators
    path = example_copy.parent / "indicators.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["indicators"][1]["origin"] = "seed"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputError, match=r"waste_sorting_site_coverage\)\.origin") as err:
        load_indicators(load_inputs(example_copy).org)
    assert err.value.code == "ind_origin_invalid"
