from pathlib import Path

import pandas as pd
import pytest

from carbon.errors import InputError
from carbon.readers.ledger import OPEN_DATA_COLUMNS, check_duplicates, read_mapped, read_open_data

HEADER = list(OPEN_DATA_COLUMNS)


def line(**over) -> dict:
    base = {"lasku_id": "1", "tili": "4340", "tiliointisumma": "100.00", "tositepvm": "2021-03-31",
            "toimittaja_y_tunnus": "1234567-1", "toimittaja_nimi": "Oy Ab", "hankintayksikko_tunnus": "1",
            "hankintayksikko": "Virasto", "ylaorganisaatio_tunnus": "2", "ylaorganisaatio": "Ala",
            "sektori": "valtio", "tuote_palveluryhma": "ICT-palvelut", "hankintakategoria": "ICT"}
    return base | over


def write(tmp_path: Path, rows: list[dict], columns=HEADER) -> Path:
    path = tmp_path / "th_data_2021.csv"
    text = "\t".join(columns) + "\n" + "".join(
        "\t".join(str(r.get(c, "")) for c in columns) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_open_data_with_credit_notes(tmp_path):
    path = write(tmp_path, [line(), line(lasku_id="2", tiliointisumma="-25.50")])
    frame, missing, extra = read_open_data(path)
    assert list(frame["amount_eur"]) == [100.0, -25.5]
    assert list(frame["source_row"]) == [2, 3]
    assert frame["year"].tolist() == [2021, 2021]
    assert missing == [] and extra == []


def test_missing_required_column_names_file_and_column(tmp_path):
    cols = [c for c in HEADER if c != "tiliointisumma"]
    path = write(tmp_path, [line()], cols)
    with pytest.raises(InputError) as err:
        read_open_data(path)
    assert "th_data_2021.csv" in str(err.value) and "'tiliointisumma'" in str(err.value)


def test_absent_optional_and_extra_columns_are_reported_not_fatal(tmp_path):
    cols = [c for c in HEADER if c != "sektori"] + ["toimittaja_kunta"]
    frame, missing, extra = read_open_data(write(tmp_path, [line(toimittaja_kunta="Helsinki")], cols))
    assert missing == ["sektori"] and extra == ["toimittaja_kunta"]
    assert len(frame) == 1


def test_non_numeric_amount_names_row_and_column(tmp_path):
    path = write(tmp_path, [line(), line(lasku_id="2"), line(lasku_id="3", tiliointisumma="12,3x")])
    with pytest.raises(InputError) as err:
        read_open_data(path)
    msg = str(err.value)
    assert "row 4" in msg and "'tiliointisumma'" in msg and "12,3x" in msg


def test_decimal_comma_amount_is_accepted(tmp_path):
    frame, _, _ = read_open_data(write(tmp_path, [line(tiliointisumma="1 234,50")]))
    assert frame["amount_eur"].iloc[0] == pytest.approx(1234.5)


def test_unparseable_date_names_row_and_column(tmp_path):
    path = write(tmp_path, [line(), line(lasku_id="2", tositepvm="2021-02-30")])
    with pytest.raises(InputError) as err:
        read_open_data(path)
    assert "row 3" in str(err.value) and "'tositepvm'" in str(err.value)


def test_duplicated_invoice_line_is_an_error(tmp_path):
    frame, _, _ = read_open_data(write(tmp_path, [line(), line(lasku_id="2"), line()]))
    with pytest.raises(InputError) as err:
        check_duplicates(frame)
    assert "row 4" in str(err.value) and "repeats row 2" in str(err.value)


def test_row_with_too_many_fields_is_an_error(tmp_path):
    path = write(tmp_path, [line()])
    path.write_text(path.read_text() + "\t".join(["x"] * 14) + "\n")
    with pytest.raises(InputError, match="fields"):
        read_open_data(path)


def test_mapped_csv_ledger(tmp_path):
    path = tmp_path / "ostot.csv"
    path.write_text("Lasku;Tili;Summa;Pvm;Toimittaja\nA1;4340;10,5;31.3.2021;Oy\nA2;4340;-2;1.4.2021;Oy\n",
                    encoding="utf-8")
    frame, missing, _ = read_mapped(path, {"invoice_id": "Lasku", "account": "Tili",
                                           "amount_eur": "Summa", "date": "Pvm",
                                           "supplier_name": "Toimittaja"})
    assert frame["amount_eur"].tolist() == [10.5, -2.0]
    assert frame["date"].tolist() == [pd.Timestamp("2021-03-31"), pd.Timestamp("2021-04-01")]


def test_mapped_xlsx_ledger_missing_column(tmp_path):
    path = tmp_path / "ostot.xlsx"
    pd.DataFrame({"Lasku": ["A"], "Tili": ["4340"], "Pvm": ["2021-01-01"]}).to_excel(path, index=False)
    with pytest.raises(InputError) as err:
        read_mapped(path, {"invoice_id": "Lasku", "account": "Tili", "amount_eur": "Summa",
                           "date": "Pvm"})
    assert "ostot.xlsx" in str(err.value) and "'Summa'" in str(err.value)


@pytest.mark.parametrize("column, value", [("lasku_id", "12\x0734"), ("toimittaja_nimi", "Oy\x1bAb"),
                                           ("tositepvm", "2021-03-31\x7f")])
def test_a_control_character_names_its_row_and_column(tmp_path, column, value):
    rows = [line(lasku_id=str(i)) for i in range(1, 40)] + [line(**{"lasku_id": "99", column: value})]
    with pytest.raises(InputError) as err:
        read_open_data(write(tmp_path, rows))
    assert (err.value.row, err.value.column, err.value.code) == (41, column, "control_characters")


def test_windows_line_ends_are_not_control_characters(tmp_path):
    path = write(tmp_path, [line(lasku_id=str(i)) for i in range(1, 5)])
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert len(read_open_data(path)[0]) == 4
