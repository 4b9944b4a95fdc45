"""Reading an official coefficient table: good tables in CSV and XLSX, and every kind of bad
input named by file, row and column."""
from pathlib import Path

import pandas as pd
import pytest

from carbon.readers.coefficient_table import per_euro, read_coefficient_table
from carbon.errors import InputError
from carbon.messages import message_text

HEADER = "tuote_palveluryhma;kerroin;hintavuosi;lähde\n"
PRICE_YEARS = set(range(2015, 2025))


def table(tmp_path: Path, body: str, header: str = HEADER, name: str = "kertoimet.csv") -> Path:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def test_reads_a_semicolon_table_with_decimal_commas(tmp_path):
    path = table(tmp_path, "ICT-palvelut;0,12;2021;SYKE\nSiivous;1 234,5;2019;Hansel\n\n")
    t = read_coefficient_table(path, unit="gCO2e/EUR", price_years=PRICE_YEARS)
    assert t.groups == ["ICT-palvelut", "Siivous"]
    assert [r.row for r in t.rows] == [2, 3]
    # grams per euro converted to kilograms per euro
    assert t.rows[0].value == pytest.approx(0.12 / 1000)
    assert t.rows[1].value == pytest.approx(1234.5 / 1000)
    assert t.rows[1].price_year == 2019 and t.rows[1].source == "Hansel"
    assert t.columns["value"] == "kerroin"


def test_reads_an_xlsx_table_with_mapped_columns_and_a_unit_column(tmp_path):
    path = tmp_path / "taulukko.xlsx"
    pd.DataFrame({"Ryhmä": ["Kalusteet", "Elintarvikkeet"], "Arvo": [250.0, 0.8],
                  "Yks.": ["tCO2e/MEUR", "kgCO2e/EUR"], "Vuosi": [2020, 2020]}).to_excel(path, index=False)
    t = read_coefficient_table(path, {"product_group": "Ryhmä", "value": "Arvo", "unit": "Yks.",
                                      "price_year": "Vuosi"}, source="SYKE", price_years=PRICE_YEARS)
    assert [r.value for r in t.rows] == pytest.approx([per_euro(250.0, "tCO2e/MEUR"), 0.8])
    assert t.rows[0].value == pytest.approx(250.0 * 1000 / 1e6)
    assert {r.source for r in t.rows} == {"SYKE"} and {r.price_year for r in t.rows} == {2020}


@pytest.mark.parametrize("body, header, options, row, column, words", [
    ("ICT;;2021;SYKE\n", HEADER, {}, 2, "kerroin", "empty"),
    ("ICT;abc;2021;SYKE\n", HEADER, {}, 2, "kerroin", "not a number"),
    ("ICT;0,1;2021;SYKE\nSiivous;0;2021;SYKE\n", HEADER, {}, 3, "kerroin", "not positive"),
    ("ICT;-0,2;2021;SYKE\n", HEADER, {}, 2, "kerroin", "not positive"),
    ("ICT;0,1;;SYKE\n", HEADER, {}, 2, "hintavuosi", "price year is missing"),
    ("ICT;0,1;21;SYKE\n", HEADER, {}, 2, "hintavuosi", "not a year between"),
    ("ICT;0,1;2030;SYKE\n", HEADER, {"last_year": 2040}, 2, "hintavuosi", "price index has no value"),
    ("ICT;0,1;2021;\n", HEADER, {}, 2, "lähde", "source is empty"),
    (";0,1;2021;SYKE\n", HEADER, {}, 2, "tuote_palveluryhma", "product group is empty"),
    ("ICT;0,1;2021;SYKE\nMuu;0,2;2021;SYKE\nICT;0,3;2021;SYKE\n", HEADER, {}, 4,
     "tuote_palveluryhma", "repeats row 2"),
    ("ICT;0,1;2021;SYKE\nict;0,3;2021;SYKE\n", HEADER, {}, 3, "tuote_palveluryhma",
     "letter case from row 2"),
    ("ICT;0,1;2021;SYKE;kgCO2e/kWh\n", "tuote_palveluryhma;kerroin;hintavuosi;lähde;yksikkö\n", {},
     2, "yksikkö", "not a CO2e mass per euro"),
    ("ICT;0,1;2021;SYKE;kgCO2e/sausage\n", "tuote_palveluryhma;kerroin;hintavuosi;lähde;yksikkö\n",
     {}, 2, "yksikkö", "unknown unit"),
    ("ICT;0,1;2021;SYKE;16\n", "tuote_palveluryhma;kerroin;hintavuosi;lähde;ghg_category\n", {},
     2, "ghg_category", "not 1–15"),
    ("ICT;0,1;2021\n", "tuote_palveluryhma;kerroin;hintavuosi\n", {}, 1, None, "--source"),
    ("ICT;0,1;SYKE\n", "tuote_palveluryhma;kerroin;lähde\n", {}, 1, None, "price_year"),
])
def test_bad_tables_name_file_row_and_column(tmp_path, body, header, options, row, column, words):
    path = table(tmp_path, body, header)
    with pytest.raises(InputError) as err:
        read_coefficient_table(path, price_years=PRICE_YEARS, **options)
    assert err.value.file == str(path)
    assert err.value.row == row and err.value.column == column
    assert words in err.value.message
    assert_in_every_language(err.value)


def assert_in_every_language(exc: InputError) -> None:
    """The error has a message code: the catalogue's English is the raised text, and Finnish and
    Swedish are filled from the params (not the English fallback)."""
    assert exc.code, exc
    assert message_text(exc.code, exc.params, "", "en") == exc.message
    for lang in ("fi", "sv"):
        assert message_text(exc.code, exc.params, exc.message, lang) != exc.message, lang


def test_a_table_without_a_source_column_takes_the_source_option(tmp_path):
    path = table(tmp_path, "ICT;0,1;2021\n", "tuote_palveluryhma;kerroin;hintavuosi\n")
    t = read_coefficient_table(path, source="Hansel 2023", price_years=PRICE_YEARS)
    assert t.rows[0].source == "Hansel 2023" and "source" not in t.columns


def test_a_unit_option_that_is_not_per_euro_names_the_option(tmp_path):
    path = table(tmp_path, "ICT;0,1;2021;SYKE\n")
    with pytest.raises(InputError, match="--unit") as err:
        read_coefficient_table(path, unit="kgCO2e/kWh", price_years=PRICE_YEARS)
    assert_in_every_language(err.value)
    with pytest.raises(InputError, match="--unit") as err:
        read_coefficient_table(path, unit="kgCO2e/wombat", price_years=PRICE_YEARS)
    assert_in_every_language(err.value)


def test_mapping_errors_name_the_column(tmp_path):
    path = table(tmp_path, "ICT;0,1;2021;SYKE\n")
    with pytest.raises(InputError, match="unknown fields") as err:
        read_coefficient_table(path, {"colour": "kerroin"})
    assert err.value.code == "mapping_fields_unknown" and "colour" in err.value.params["fields"]
    with pytest.raises(InputError) as err:
        read_coefficient_table(path, {"value": "Arvo"})
    assert err.value.row == 1 and err.value.column == "Arvo"
    assert_in_every_language(err.value)


def test_empty_and_unsupported_files(tmp_path):
    with pytest.raises(InputError, match="no coefficient rows") as err:
        read_coefficient_table(table(tmp_path, ""))
    assert_in_every_language(err.value)
    with pytest.raises(InputError, match="not found") as err:
        read_coefficient_table(tmp_path / "missing.csv")
    assert_in_every_language(err.value)
    other = tmp_path / "kertoimet.ods"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=".csv or .xlsx") as err:
        read_coefficient_table(other)
    assert_in_every_language(err.value)
