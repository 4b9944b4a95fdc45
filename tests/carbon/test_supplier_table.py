"""Emissions by supplier (carbon/suppliers/table.py), the request letters and templates
(request.py) and the answers' checks (answers.py)."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from carbon.errors import InputError
from carbon.suppliers.answers import read_answers, review_notes
from carbon.suppliers.request import letter, request_spec
from carbon.suppliers.table import supplier_key, supplier_table

HEADER = ",".join(request_spec()["fields"])


def _table(inputs, year, rows=None):
    inv = inputs.inventory(year)
    return supplier_table(inv.spend_rows if rows is None else rows, inv.total,
                          float(inv.scope_totals().loc[3, "tco2e"]), {})


@pytest.mark.parametrize("year", [2018, 2021])
def test_suppliers_plus_lines_without_a_supplier_are_the_spend_based_total(example_inputs, year):
    rows = example_inputs.inventory(year).spend_rows.copy()
    # some counted lines lose their business id: they must show as lines without a supplier
    counted = np.flatnonzero((rows["status"].astype(str) == "counted").to_numpy())[:25]
    rows["supplier_id"] = rows["supplier_id"].astype(object)
    rows.iloc[counted, rows.columns.get_loc("supplier_id")] = None
    table, totals = _table(example_inputs, year, rows)
    spend_based = float(rows.loc[rows["status"].astype(str) == "counted", "kgco2e"].sum()) / 1000
    without = float(rows.iloc[counted]["kgco2e"].sum()) / 1000
    assert without > 0
    assert totals.without_tco2e == pytest.approx(without)
    assert totals.without_lines == len(counted)
    assert float(table["tco2e"].sum()) + totals.without_tco2e == pytest.approx(spend_based)
    assert totals.spend_tco2e == pytest.approx(spend_based)


def test_the_table_is_sorted_by_emissions_with_shares_and_intensity(example_inputs):
    inv = example_inputs.inventory(2021)
    table, totals = _table(example_inputs, 2021)
    assert list(table["tco2e"]) == sorted(table["tco2e"], reverse=True)
    top = table.iloc[0]
    mine = inv.spend_rows[(supplier_key(inv.spend_rows) == top["supplier_id"]).to_numpy()
                          & (inv.spend_rows["status"].astype(str) == "counted").to_numpy()]
    assert top["eur"] == pytest.approx(mine["amount_eur"].sum())
    assert top["kg_per_eur"] == pytest.approx(mine["kgco2e"].sum() / mine["amount_eur"].sum())
    assert top["share_pct"] == pytest.approx(100 * top["tco2e"] / inv.total)
    assert top["scope3_share_pct"] == pytest.approx(
        100 * top["tco2e"] / inv.scope_totals().loc[3, "tco2e"])
    assert top["quality"] == str(mine["quality"].iloc[0])


def test_the_change_from_the_previous_year(example_inputs):
    inv = example_inputs.inventory(2021)
    prev = example_inputs.inventory(2020)
    table, _ = supplier_table(inv.spend_rows, inv.total, 1.0, {}, prev.spend_rows)
    row = table.iloc[0]
    rows = prev.spend_rows
    before = rows.loc[(supplier_key(rows) == row["supplier_id"]).to_numpy()
                      & (rows["status"].astype(str) == "counted").to_numpy(), "kgco2e"].sum()
    assert row["previous_tco2e"] == pytest.approx(before / 1000)
    assert row["change_pct"] == pytest.approx(100 * (row["tco2e"] - before / 1000) / (before / 1000))


@pytest.mark.parametrize("lang,word", [("fi", "Ystävällisin terveisin"),
                                       ("sv", "Med vänliga hälsningar"),
                                       ("en", "Kind regards")])
def test_a_request_letter_and_template_in_each_language(lang, word):
    row = {"supplier_id": "1234567-8", "supplier_name": "Testi Oy", "eur": 1234567.0,
           "tco2e": 180.2, "kg_per_eur": 0.146, "source_groups": "Reception"}
    lt = letter(row, "Virasto", 2021, lang, "2027-01-31")
    assert word in lt.text and "Testi Oy" in lt.text and "2027-01-31" in lt.text
    assert "2021" in lt.subject
    header, values = lt.csv_text.splitlines()
    assert header == HEADER and values.startswith("1234567-8,Testi Oy,2021")
    book = openpyxl.load_workbook(io.BytesIO(lt.xlsx))
    answer, help_sheet = book.worksheets
    assert answer.title == request_spec()[lang]["sheet_answer"]
    assert [c.value for c in answer[1]] == request_spec()["fields"]
    assert answer["A2"].value == "1234567-8" and answer["C2"].value == 2021
    assert help_sheet["B2"].value == request_spec()[lang]["field_help"]["supplier_id"]


def _answers(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "answer.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_answers_give_kgco2e_by_each_way_of_answering(tmp_path):
    path = _answers(tmp_path,
                    "1-1,A,2021,410,share of revenue,,,,,\"1, 2, 3\",all,yes,V,doc,c",
                    "1-2,B,2021,,,\"6,5\",kgCO2e/night,52000,night,1 2,CO2,no,,doc,",
                    "1-3,C,2021,,,0.09,kgCO2e/EUR,,,1+2+3,all,,,doc,",
                    "1-4,D,2021,,,,,,,,,,,,")   # not filled in: skipped
    a, b, c = read_answers(path, [2020, 2021])
    assert a.kgco2e == pytest.approx(410_000) and a.verified is True and a.scopes == (1, 2, 3)
    assert b.kgco2e == pytest.approx(6.5 * 52000) and b.verified is False
    assert c.kgco2e is None and c.kg_per_eur == pytest.approx(0.09) and c.verified is None
    assert (a.row, b.row, c.row) == (2, 3, 4)


@pytest.mark.parametrize("row,code,column", [
    ("1-1,A,2021,,,5,kgCO2e/night,100,kWh,\"1,2\",,,,,", "supplier_answer_unit_mismatch",
     "quantity_unit"),
    ("1-1,A,2021,,,5,kgCO2e/parsec_of_joy,,,\"1,2\",,,,,", "supplier_answer_unit_unknown",
     "intensity_unit"),
    ("1-1,A,2021,,,5,kWh/night,10,night,\"1,2\",,,,,", "supplier_answer_unit_not_co2e",
     "intensity_unit"),
    ("1-1,A,2021,,,5,kgCO2e/night,,,\"1,2\",,,,,", "supplier_answer_quantity_missing", "quantity"),
    ("1-1,A,2031,10,revenue,,,,,\"1,2\",,,,,", "supplier_answer_year", "year"),
    ("1-1,A,2021,10,revenue,,,,,3,,,,,", "supplier_answer_coverage", "scopes"),
    ("1-1,A,2021,10,,,,,,\"1,2\",,,,,", "supplier_answer_field_empty", "allocation_method"),
    ("1-1,A,2021,ten,revenue,,,,,\"1,2\",,,,,", "supplier_answer_number", "allocated_tco2e"),
    ("1-1,A,2021,10,revenue,,,,,\"1,2\",,maybe,,,", "supplier_answer_yes_no", "verification"),
])
def test_a_bad_answer_names_the_file_row_and_column(tmp_path, row, code, column):
    path = _answers(tmp_path, "1-0,Z,2021,1,revenue,,,,,\"1,2\",all,yes,,doc,", row)
    with pytest.raises(InputError) as info:
        read_answers(path, [2020, 2021])
    err = info.value
    assert (err.code, err.row, err.column, Path(err.file)) == (code, 3, column, path)


def test_a_ratio_beyond_ten_times_is_a_review_note_not_an_error(tmp_path):
    path = _answers(tmp_path, "1-1,A,2021,50,revenue,,,,,\"1,2,3\",all,yes,V,doc,")
    (a,) = read_answers(path, [2021])
    notes = review_notes(a, eur=100_000.0, reference_kg=1000.0)   # 50 t against 1 t: 50×
    assert [n.code for n in notes] == ["supplier_answer_ratio"]
    assert (notes[0].row, notes[0].column, notes[0].file) == (2, "allocated_tco2e", str(path))
    assert notes[0].params["ratio"] == "50"
    assert review_notes(a, 100_000.0, 50_000.0 / 9) == []          # 9×: within the limit
    assert [n.code for n in review_notes(a, 100_000.0, 50_000.0 * 11)] == ["supplier_answer_ratio"]
