from pathlib import Path

import pytest

from carbon.errors import InputError
from carbon.factors import DEFAULT_DIR, load_factors

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
    uncertainty: {{gsd: 1.5}}
"""
SOURCE = "{publisher: SYKE, title: ENVIMAT, year: 2020}"


def write(tmp_path: Path, name: str = "a.yaml", **kw) -> Path:
    values = {"id": "spend_test", "unit": "kgCO2e/EUR", "value": 0.2, "source": SOURCE} | kw
    (tmp_path / name).write_text(GOOD.format(**values), encoding="utf-8")
    return tmp_path


def test_shipped_library_loads_and_every_factor_has_a_source():
    lib = load_factors(DEFAULT_DIR)
    assert len(lib) > 20
    for f in lib:
        assert f.source.get("publisher") and f.source.get("title")
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
