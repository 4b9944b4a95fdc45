from pathlib import Path

import pytest

from carbon.errors import InputError
from carbon.readers.factors import DEFAULT_DIR, load_factors

GOOD = """
factors:
  - id: {id}
    name: {{fi: Testi, en: Test}}
    scope: 3
    category: 1
    method: spend-based
    unit: {unit}
    value: {value}
    years: [2015, 2035]
    price_year: 2015
    source: {source}
    provenance: {provenance}
    uncertainty: {{gsd: 1.5}}
"""
SOURCE = "{publisher: SYKE, title: ENVIMAT, year: 2020}"
PUBLISHED = "{tier: published, where: 'Table 6, row Furniture'}"


def write(tmp_path: Path, name: str = "a.yaml", **kw) -> Path:
    values = {"id": "spend_test", "unit": "kgCO2e/EUR", "value": 0.2, "source": SOURCE,
              "provenance": PUBLISHED} | kw
    (tmp_path / name).write_text(GOOD.format(**values), encoding="utf-8")
    return tmp_path


def test_shipped_library_loads_and_every_factor_has_a_source():
    lib = load_factors(DEFAULT_DIR)
    assert len(lib) > 20
    for f in lib:
        assert f.source.get("publisher") and f.source.get("title")
        assert f.tier in ("published", "proxy", "estimate"), f.id
        if f.estimate:
            assert f.derivation, f.id


def test_value_by_year_carries_the_latest_forward():
    lib = load_factors(DEFAULT_DIR)
    el = lib["electricity_fi_location"]
    years = sorted(el.values)
    assert el.value_for(years[-1] + 5) == el.values[years[-1]]
    assert el.value_for(years[0]) == el.values[years[0]]


def test_duplicate_id_names_both_files(tmp_path):
    write(tmp_path, "a.yaml")
    write(tmp_path, "b.yaml")
    with pytest.raises(InputError) as err:
        load_factors(tmp_path)
    assert "b.yaml" in str(err.value) and "spend_test" in str(err.value) and "a.yaml" in str(err.value)


@pytest.mark.parametrize("kw, message", [
    ({"source": "{}"}, "no 'source'"),
    ({"unit": "kgCO2e/wombat"}, "unknown unit"),
    ({"value": -0.1}, "not a positive number"),
    ({"value": "'lots'"}, "not a positive number"),
    ({"unit": "kgCO2e/kWh"}, "must be per euro"),
])
def test_bad_entries_name_file_and_entry(tmp_path, kw, message):
    write(tmp_path, **kw)
    with pytest.raises(InputError) as err:
        load_factors(tmp_path)
    assert message in str(err.value)
    assert "a.yaml" in str(err.value) and "spend_test" in str(err.value)


def test_factor_outside_its_years_is_an_error(tmp_path):
    lib = load_factors(write(tmp_path))
    with pytest.raises(InputError, match="not to 2040"):
        lib["spend_test"].value_for(2040)


def test_a_factor_folder_that_does_not_exist_is_an_error_not_skipped(tmp_path):
    # the shipped library alone would load; the organisation's own (mistyped) folder must not vanish
    with pytest.raises(InputError, match="emission factor folder not found") as err:
        load_factors([DEFAULT_DIR, tmp_path / "factros"])
    assert "factros" in str(err.value)


def test_every_shipped_factor_says_where_its_number_comes_from():
    for f in load_factors(DEFAULT_DIR):
        for p in [f.provenance, *f.year_provenance.values()]:
            if p.tier == "published":
                assert p.where, f.id
            elif p.tier == "proxy":
                assert p.where and p.stands_for and p.why, f.id
            else:
                assert p.derivation, f.id


@pytest.mark.parametrize("provenance, message", [
    (None, "no provenance tier"),
    ("{tier: guessed}", "tier 'guessed' is not one of published, proxy, estimate"),
    ("{tier: published}", "must say where it was read"),
    ("{tier: published, where: ''}", "must say where it was read"),
    ("{tier: proxy, where: 'EXIOBASE DE, line 2359'}", "missing: stands_for, why"),
    ("{tier: estimate}", "must say how it was made"),
    ("{tier: published, where: 'p. 3', page: 3}", "unknown keys: page"),
    ("{tier: published, where: 'p. 3', years: {2020: {tier: proxy}}}", "provenance of 2020"),
])
def test_a_factor_without_a_complete_tier_is_an_input_error(tmp_path, provenance, message):
    if provenance is None:
        (tmp_path / "a.yaml").write_text(GOOD.format(
            id="spend_test", unit="kgCO2e/EUR", value=0.2, source=SOURCE, provenance="x")
            .replace("    provenance: x\n", ""), encoding="utf-8")
    else:
        write(tmp_path, provenance=provenance)
    with pytest.raises(InputError, match=message) as err:
        load_factors(tmp_path)
    assert "a.yaml" in str(err.value) and "spend_test" in str(err.value)


def test_the_old_estimate_flag_is_refused_with_what_replaces_it(tmp_path):
    write(tmp_path, provenance=PUBLISHED + "\n    estimate: true")
    with pytest.raises(InputError, match="replaced by 'provenance"):
        load_factors(tmp_path)


def test_proxy_and_estimate_tiers_load_with_their_reasons(tmp_path):
    write(tmp_path, provenance="{tier: proxy, stands_for: Finnish furniture, why: no FI value, "
                               "where: 'OEFDB line 296'}")
    f = load_factors(tmp_path)["spend_test"]
    assert (f.tier, f.provenance.stands_for, f.provenance.where) == \
        ("proxy", "Finnish furniture", "OEFDB line 296")
    assert not f.estimate


def test_a_year_can_have_its_own_tier_and_a_carried_forward_published_value_is_a_proxy():
    lib = load_factors(DEFAULT_DIR)
    mix = lib["electricity_fi_residual_mix"]
    assert mix.tier_for(2019) == "published"
    assert mix.tier_for(2018) == "proxy"            # its own override (AIB 2018)
    carried = mix.provenance_for(2021)              # no 2021 value: 2019 carried forward
    assert carried.tier == "proxy" and "2019" in carried.why
    grid = lib["electricity_fi_location"]           # one value for every year, published for 2020
    assert (grid.tier_for(2020), grid.tier_for(2021)) == ("published", "proxy")


def test_factor_table_lists_the_tier_and_where_each_value_was_read():
    table = load_factors(DEFAULT_DIR).table(2021).set_index("factor_id")
    assert {"tier", "where", "stands_for", "why", "derivation"} <= set(table.columns)
    assert table.loc["spend_social_services", "tier"] == "proxy"
    assert "line 2359" in table.loc["spend_social_services", "where"]
    assert table.loc["electricity_fi_residual_mix", "tier"] == "proxy"   # 2021 carried forward
