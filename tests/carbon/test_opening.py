"""Open-data ledgers as they are downloaded (issue 12): the delimiter detected, .gz and .zip read
directly, unknown extra columns named (carbon/readers/opening.py, carbon/readers/ledger.py)."""
from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from carbon.errors import InputError
from carbon.readers.ledger import OPEN_DATA_COLUMNS, load_ledger, read_open_data
from carbon.readers.opening import header

HEADER = list(OPEN_DATA_COLUMNS)


def line(i: int, **over: str) -> dict:
    base = {"lasku_id": str(i), "tili": "4340", "tiliointisumma": f"{100 + i}.25",
            "tositepvm": "2021-03-31", "toimittaja_y_tunnus": "1234567-1",
            "toimittaja_nimi": "Kahvila Åke Oy", "hankintayksikko_tunnus": "26050",
            "hankintayksikko": "Virasto", "ylaorganisaatio_tunnus": "26", "ylaorganisaatio": "Ala",
            "sektori": "valtio", "tuote_palveluryhma": "ICT-palvelut", "hankintakategoria": "ICT"}
    return base | over


def text(rows: list[dict], sep: str = "\t", columns: list[str] = HEADER) -> str:
    return sep.join(columns) + "\n" + "".join(
        sep.join(str(r.get(c, "")) for c in columns) + "\n" for r in rows)


ROWS = [line(i) for i in range(1, 6)]


def plain(tmp_path: Path, body: str, name: str = "th_data_2021.csv",
          encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(body.encode(encoding))
    return path


@pytest.mark.parametrize("sep", ["\t", ";"])
def test_the_delimiter_is_read_from_the_header(tmp_path, sep):
    names, found = header(plain(tmp_path, text(ROWS, sep)))
    assert found == sep and names == HEADER


def test_semicolon_file_reads_as_the_tab_file(tmp_path):
    tab, _, _ = read_open_data(plain(tmp_path, text(ROWS)))
    semi, _, _ = read_open_data(plain(tmp_path, text(ROWS, ";"), "semi_2021.csv"))
    pd.testing.assert_frame_equal(tab.drop(columns="source_file"),
                                  semi.drop(columns="source_file"))
    assert semi["amount_eur"].tolist() == [101.25, 102.25, 103.25, 104.25, 105.25]


def test_a_windows_1252_semicolon_file(tmp_path):
    frame, _, _ = read_open_data(plain(tmp_path, text(ROWS, ";"), encoding="cp1252"))
    assert set(frame["supplier_name"].astype(str)) == {"Kahvila Åke Oy"}


def test_a_row_with_a_missing_field_in_a_semicolon_file_is_named(tmp_path):
    body = text(ROWS, ";").splitlines(keepends=True)
    body[3] = body[3].rsplit(";", 1)[0] + "\n"
    with pytest.raises(InputError) as err:
        read_open_data(plain(tmp_path, "".join(body)))
    assert err.value.row == 4 and err.value.code == "field_count"


def test_commas_leave_one_column_and_the_message_names_the_header(tmp_path):
    with pytest.raises(InputError) as err:
        read_open_data(plain(tmp_path, text(ROWS, ",")))
    assert (err.value.row, err.value.column) == (1, "lasku_id")


def gz(tmp_path: Path, body: bytes, name: str = "th_data_2021.csv.gz") -> Path:
    path = tmp_path / name
    path.write_bytes(gzip.compress(body))
    return path


def zipped(tmp_path: Path, members: dict[str, bytes], name: str = "th_data_2021.zip") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, body in members.items():
            archive.writestr(member, body)
    return path


@pytest.mark.parametrize("sep", ["\t", ";"])
def test_gzip_and_zip_read_as_the_plain_file(tmp_path, sep):
    body = text(ROWS, sep).encode("utf-8")
    reference, _, _ = read_open_data(plain(tmp_path, body.decode()))
    for path in (gz(tmp_path, body), zipped(tmp_path, {"data/th_data_2021.csv": body})):
        frame, missing, extra = read_open_data(path)
        pd.testing.assert_frame_equal(frame.drop(columns="source_file"),
                                      reference.drop(columns="source_file"))
        assert frame["source_file"].astype(str).unique().tolist() == [str(path)]
        assert (missing, extra) == ([], [])


def test_a_bad_amount_in_a_compressed_file_names_its_row(tmp_path):
    rows = ROWS[:3] + [line(9, tiliointisumma="NaN")]
    for path in (gz(tmp_path, text(rows).encode()), zipped(tmp_path, {"a.csv": text(rows).encode()})):
        with pytest.raises(InputError) as err:
            read_open_data(path)
        assert (err.value.file, err.value.row, err.value.column) == (str(path), 5, "tiliointisumma")


def test_a_windows_1252_gzipped_file(tmp_path):
    frame, _, _ = read_open_data(gz(tmp_path, text(ROWS).encode("cp1252")))
    assert set(frame["supplier_name"].astype(str)) == {"Kahvila Åke Oy"}


def test_a_zip_with_several_files_names_them(tmp_path):
    path = zipped(tmp_path, {"th_data_2021.csv": b"x", "lueminut.txt": b"y"})
    with pytest.raises(InputError) as err:
        read_open_data(path)
    assert err.value.code == "zip_members" and "th_data_2021.csv, lueminut.txt" in str(err.value)


def test_an_empty_zip_and_folders_and_resource_forks(tmp_path):
    with pytest.raises(InputError, match="holds 0"):
        read_open_data(zipped(tmp_path, {}))
    body = text(ROWS).encode()
    path = zipped(tmp_path, {"data/": b"", "__MACOSX/._th.csv": b"\0", "data/th.csv": body},
                  "th_2021.zip")
    assert len(read_open_data(path)[0]) == 5


@pytest.mark.parametrize("name, body", [
    ("th_data_2021.csv.gz", b"lasku_id\ttili\n"),               # not gzipped at all
    ("th_data_2021.zip", b"PK\x03\x04 broken"),                  # not a zip archive
])
def test_a_file_that_does_not_decompress_is_named(tmp_path, name, body):
    path = tmp_path / name
    path.write_bytes(body)
    with pytest.raises(InputError) as err:
        read_open_data(path)
    assert err.value.file == str(path) and err.value.code in ("decompress_failed",)


def test_a_truncated_gzip_is_named(tmp_path):
    path = gz(tmp_path, text([line(i) for i in range(3000)]).encode())
    path.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(InputError) as err:
        read_open_data(path)
    assert err.value.code == "decompress_failed" and err.value.file == str(path)


def test_extra_columns_are_read_past_and_named_per_file(tmp_path):
    cols = HEADER + ["toimittaja_kunta", "lisatieto"]
    a = plain(tmp_path, text([line(1, toimittaja_kunta="Turku")], ";", cols), "a_2021.csv")
    b = plain(tmp_path, text([line(2)], "\t", HEADER + ["toimittaja_kunta"]), "b_2021.csv")
    ledger = load_ledger([{"path": str(a)}, {"path": str(b)}])
    assert ledger.extra_columns == {str(a): ["toimittaja_kunta", "lisatieto"],
                                    str(b): ["toimittaja_kunta"]}
    assert ledger.frame["amount_eur"].tolist() == [101.25, 102.25]


def test_the_footprint_names_each_extra_column_once():
    from app.calculator import extra_columns

    assert extra_columns({"a.csv": ["kunta", "x"], "b.csv": ["kunta"]}) == {
        "kunta": ["a.csv", "b.csv"], "x": ["a.csv"]}
