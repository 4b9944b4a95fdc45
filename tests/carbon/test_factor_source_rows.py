"""Factors that read one source value (issue 21): a shared `source_row`, checked at load, and
the rule that a value read second-hand is not tiered `published`."""
from __future__ import annotations

import re

import pytest
import yaml

from carbon.errors import InputError
from carbon.readers.factors import load_factors

ENTRY = {"name": {"fi": "x", "en": "x"}, "scope": 3, "category": 1, "method": "spend-based",
         "unit": "kgCO2e/EUR", "years": [2015, 2035], "price_year": 2019,
         "source": {"publisher": "p", "title": "t"},
         "provenance": {"tier": "estimate"}, "derivation": "d", "uncertainty": {"gsd": 2.0}}


def write(tmp_path, *entries):
    (tmp_path / "f.yaml").write_text(yaml.safe_dump({"factors": list(entries)}), encoding="utf-8")
    return tmp_path


def test_ids_of_one_source_row_share_their_draw_key(tmp_path):
    lib = load_factors(write(tmp_path, {**ENTRY, "id": "a", "value": 0.2, "source_row": "db line 7"},
                             {**ENTRY, "id": "b", "value": 0.2, "source_row": "db line 7"},
                             {**ENTRY, "id": "c", "value": 0.2}))
    assert lib["a"].draw_key == lib["b"].draw_key == "db line 7"
    assert lib["c"].draw_key == "c"


@pytest.mark.parametrize("change", [{"value": 0.3}, {"uncertainty": {"gsd": 1.5}}])
def test_one_source_row_with_two_values_is_an_input_error(tmp_path, change):
    with pytest.raises(InputError) as e:
        load_factors(write(tmp_path, {**ENTRY, "id": "a", "value": 0.2, "source_row": "db line 7"},
                           {**ENTRY, "id": "b", "value": 0.2, "source_row": "db line 7", **change}))
    assert e.value.code == "factor_source_row_differs" and e.value.key == "b"
    assert e.value.file.endswith("f.yaml") and e.value.params["other"] == "a"


def test_a_blank_source_row_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as e:
        load_factors(write(tmp_path, {**ENTRY, "id": "a", "value": 0.2, "source_row": " "}))
    assert e.value.code == "factor_invalid" and "source_row" in e.value.message


SECOND_HAND = re.compile(r"second-hand|secondary|as quoted|quoting|code comment", re.I)


def test_no_value_read_second_hand_is_tiered_published():
    """Every year of every factor of the library: a published value says where it was read,
    and that place is not a secondary page, a quotation or a code comment."""
    lib = load_factors()
    offending = []
    for f in lib:
        years = set(f.values) | set(f.year_provenance)
        for y in sorted(years):
            p = f.provenance_for(y)
            if p.tier == "published" and SECOND_HAND.search(p.where):
                offending.append((f.id, y))
    assert offending == []


def test_the_issue_21_corrections_hold():
    lib = load_factors()
    assert lib["diesel_road"].tier == lib["petrol_road"].tier == "proxy"
    mix = lib["electricity_fi_residual_mix"]
    assert mix.tier_for(2024) == "proxy" and mix.tier_for(2017) == "published"
    assert all(mix.tier_for(y) == "proxy" and "2020" in mix.provenance_for(y).why
               for y in (2020, 2021, 2022))
    for fid in ("spend_other_goods", "spend_energy"):
        assert lib[fid].estimate and "SYKE" not in lib[fid].source_text()
    heat = lib["district_heat_fi_location"]
    assert "average" not in heat.name["en"].lower() and "benefit allocation" in heat.name["en"]


def test_the_price_index_follows_its_own_chain():
    """Each estimated year is the previous (unrounded) level times its stated inflation rate,
    rounded to one decimal (the 2020 value was 103.6 where the chain gives 103.5)."""
    import csv
    from carbon.readers.factors import DEFAULT_DIR
    with open(DEFAULT_DIR / "price_index.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    level = None
    for r in rows:
        rate = re.search(r"annual inflation(?: rate)? ([0-9.]+) %", r["source"])
        if level is not None and rate:
            level *= 1 + float(rate.group(1)) / 100
            assert float(r["index"]) == pytest.approx(round(level, 1)), r["year"]
        else:
            level = float(r["index"])


def test_a_factor_derived_in_another_unit_may_share_the_draw(tmp_path):
    lib = load_factors(write(tmp_path, {**ENTRY, "id": "a", "value": 0.2, "source_row": "db line 7"},
                             {**ENTRY, "id": "n", "value": 4.0, "unit": "kgCO2e/night",
                              "method": "activity-based", "source_row": "db line 7",
                              "uncertainty": {"gsd": 2.2}}))
    assert lib["a"].draw_key == lib["n"].draw_key
