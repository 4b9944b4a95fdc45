"""Input checks of issue 11: encodings, non-finite amounts, the accounting year of a ledger
file, a year without spend, outlying amounts."""
from __future__ import annotations

import codecs
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from carbon.readers.checks import Finding, outliers, outside_year, spend_finding
from carbon.errors import InputError
from carbon.readers.ledger import accounting_year, load_ledger, read_mapped, read_open_data
from carbon.textfile import detect_encoding, transcode

from tests.carbon.test_ledger import HEADER, line


def write(path: Path, rows: list[dict], encoding: str = "utf-8") -> Path:
    text = "\t".join(HEADER) + "\n" + "".join("\t".join(str(r.get(c, "")) for c in HEADER) + "\n"
                                             for r in rows)
    path.write_bytes(text.encode(encoding))
    return path


def test_windows_1252_ledger_reads_like_utf8(tmp_path):
    rows = [line(toimittaja_nimi="Äänekosken Sähkö Oy"), line(lasku_id="2", hankintayksikko="Määttä")]
    a, _, _ = read_open_data(write(tmp_path / "a_2021.csv", rows))
    b, _, _ = read_open_data(write(tmp_path / "b_2021.csv", rows, "cp1252"))
    pd.testing.assert_frame_equal(a.drop(columns="source_file"), b.drop(columns="source_file"))
    assert b["supplier_name"].iloc[0] == "Äänekosken Sähkö Oy"


def test_mapped_csv_in_windows_1252(tmp_path):
    path = tmp_path / "ostot.csv"
    path.write_bytes("Tosite;Tili;Summa;Päivä;Toimittaja\n1;4340;12,50;31.3.2021;Pärnä Oy\n"
                     .encode("cp1252"))
    frame, _, _ = read_mapped(path, {"invoice_id": "Tosite", "account": "Tili",
                                     "amount_eur": "Summa", "date": "Päivä",
                                     "supplier_name": "Toimittaja"})
    assert frame["amount_eur"].tolist() == [12.5] and frame["supplier_name"].iloc[0] == "Pärnä Oy"


def test_utf8_file_with_one_latin1_byte_names_the_row():
    data = "a\tb\nSisäministeriö\t1\nx\t2\n".encode("utf-8") + b"Caf\xe9\t3\n"
    with pytest.raises(InputError) as err:
        detect_encoding(data, "f.csv")
    assert err.value.row == 4 and err.value.code == "encoding_mixed"


@pytest.mark.parametrize("data", [
    "a;b\nKäyttö;1\n".encode("cp1252"), "a;b\nKäyttö;1\n".encode("utf-8"),
    "\ufeffa;b\nKäyttö;1\n".encode("utf-8"), "a;b\nKäyttö;1\n".encode("utf-16"),
    b"a\n" * 5 + b"\xe4\n" + "ö\n".encode("utf-8"), "a\nö\n".encode("utf-8") + b"x\xe4\n",
    b"a;b\nx\x00\n", b"a\n\x81\n", b"\xe4" * 10 + b"\n" * 3, codecs.BOM_UTF8, b""],
    ids=lambda d: repr(d[:12]))
@pytest.mark.parametrize("chunk", [1, 3, 5, 1 << 20])
def test_streamed_copy_reads_as_the_whole_file_is_read(data, chunk):
    """transcode, a chunk at a time, gives the text, the errors and their rows of
    detect_encoding on the whole file, whatever the chunk."""
    def whole():
        try:
            encoding = detect_encoding(data, "f.csv")
            return encoding, data.decode(encoding)
        except InputError as exc:
            return exc.code, exc.row

    out = io.BytesIO()
    try:
        streamed = transcode(io.BytesIO(data), out, "f.csv", chunk), out.getvalue().decode("utf-8")
    except InputError as exc:
        streamed = exc.code, exc.row
    assert streamed == whole()


@pytest.mark.parametrize("value", ["NaN", "nan", "inf", "-inf", "Infinity"])
def test_non_finite_amounts_are_errors(tmp_path, value):
    path = write(tmp_path / "th_data_2021.csv", [line(), line(lasku_id="2", tiliointisumma=value)])
    with pytest.raises(InputError) as err:
        read_open_data(path)
    assert (err.value.row, err.value.column) == (3, "tiliointisumma")


def test_non_finite_amount_in_a_mapped_file(tmp_path):
    path = tmp_path / "ostot.csv"
    path.write_text("id,tili,summa,pvm\n1,4340,inf,2021-03-31\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_mapped(path, {"invoice_id": "id", "account": "tili", "amount_eur": "summa",
                           "date": "pvm"})
    assert (err.value.row, err.value.column) == (2, "summa")


@pytest.mark.parametrize("name, setting, year", [
    ("th_data_2021.csv", None, 2021), ("ostot_2019-2021.csv", None, None),
    ("th_data_synthetic_1000000.csv", None, None), ("kirjanpito.csv", 2020, 2020),
    ("th_data_2021.csv", "date", None)])
def test_accounting_year(name, setting, year):
    assert accounting_year(Path(name), setting) == year


def test_a_line_dated_outside_the_files_year_counts_in_the_files_year_and_is_listed(tmp_path):
    path = write(tmp_path / "th_data_2021.csv",
                 [line(), line(lasku_id="2", tositepvm="2019-05-01", tiliointisumma="7")])
    ledger = load_ledger([{"path": str(path)}])
    assert ledger.years == [2021]
    assert ledger.outside_year[["source_row", "date_year", "year"]].values.tolist() == [[3, 2019, 2021]]
    found = outside_year(ledger.outside_year, 2021)
    assert [f.code for f in found] == ["outside_year"] and "3 (2019-05-01" in found[0].params["rows"]


def test_without_a_year_in_the_name_the_date_decides(tmp_path):
    path = write(tmp_path / "ostot.csv", [line(), line(lasku_id="2", tositepvm="2019-05-01")])
    assert load_ledger([{"path": str(path)}]).years == [2019, 2021]


def test_header_only_ledger_is_an_error(tmp_path):
    with pytest.raises(InputError, match="no posting lines"):
        load_ledger([{"path": str(write(tmp_path / "th_data_2021.csv", []))}])


def _frame(spend: dict[int, list[float]]) -> pd.DataFrame:
    rows = [(y, a, i) for y, amounts in spend.items() for i, a in enumerate(amounts, 2)]
    return pd.DataFrame({"year": [r[0] for r in rows], "amount_eur": [r[1] for r in rows],
                         "source_row": [r[2] for r in rows], "source_file": "l.csv"})


def test_a_year_without_spend_is_an_error_unless_accepted():
    frame = _frame({2019: [100.0] * 10, 2020: [90.0] * 10})
    with pytest.raises(InputError) as err:
        spend_finding(frame, 2021, "org.yaml", accepted=False)
    assert err.value.code == "spend_missing" and err.value.key == "data.ledger"
    assert isinstance(spend_finding(frame, 2021, "org.yaml", accepted=True), Finding)
    assert spend_finding(frame, 2020, "org.yaml", accepted=False) is None


def test_a_year_far_below_the_others_is_an_error():
    frame = _frame({2019: [100.0] * 10, 2020: [90.0] * 10, 2021: [20.0]})
    with pytest.raises(InputError) as err:
        spend_finding(frame, 2021, "org.yaml", accepted=False)
    assert err.value.code == "spend_low"


def test_example_years_pass_the_spend_check_and_have_no_outliers(example_inputs):
    for year in example_inputs.years:
        assert example_inputs.findings(year) == []


def test_an_amount_thousands_of_times_larger_is_flagged_large_invoices_are_not():
    rng = np.random.default_rng(1)
    amounts = list(rng.lognormal(8, 1.5, 2000)) + [5e5, 2e6]  # legitimate large invoices
    frame = _frame({2021: amounts})
    assert outliers(frame, 2021) == []
    frame = _frame({2021: amounts + [3e9]})
    found = outliers(frame, 2021)
    assert [(f.code, f.row) for f in found] == [("outlier", len(amounts) + 2)]


def test_a_huge_line_in_a_small_file_is_flagged():
    found = outliers(_frame({2021: [120.0, 80.0, 95.0, 4_000_000.0]}), 2021)
    assert [f.row for f in found] == [5]
