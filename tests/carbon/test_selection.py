"""An organisation's lines selected from a state-wide open-data file by a ledger source's
`select:` setting (issue 12; carbon/readers/selection.py)."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import yaml

from carbon.errors import InputError
from carbon.readers.checks import left_out
from carbon.readers.ledger import load_ledger, read_open_data_selected
from carbon.readers.selection import parse_select
from carbon.readers.settings import load_organisation
from tests.carbon.test_opening import line, text

KEY = "data.ledger[0].select"


def select(**ids) -> object:
    return parse_select(ids, "organisation.yaml", KEY)


def state_wide(tmp_path: Path, name: str = "th_data_2021.csv.gz") -> Path:
    """Three units in two branches, interleaved; unit 26050's amounts are 1, 2, 3, ..."""
    rows = []
    for i in range(1, 13):
        unit, branch = [("26050", "26"), ("2763786-4", "26"), ("0245437-2", "28")][i % 3]
        rows.append(line(i, hankintayksikko_tunnus=unit, ylaorganisaatio_tunnus=branch,
                         tiliointisumma=str(i)))
    path = tmp_path / name
    path.write_bytes(gzip.compress(text(rows, ";").encode()))
    return path


def test_select_by_unit_keeps_its_lines_with_their_rows_in_the_file(tmp_path):
    path = state_wide(tmp_path)
    frame, _, _, dropped = read_open_data_selected(path, select(hankintayksikko_tunnus="26050"))
    # lines 3, 6, 9, 12 are unit 26050's; row numbers count the header as row 1
    assert frame["amount_eur"].tolist() == [3.0, 6.0, 9.0, 12.0]
    assert frame["source_row"].tolist() == [4, 7, 10, 13]
    assert dropped == 8
    assert list(frame["unit_id"].cat.categories) == ["26050"]


def test_select_by_branch_and_by_both(tmp_path):
    path = state_wide(tmp_path)
    branch, _, _, dropped = read_open_data_selected(path, select(ylaorganisaatio_tunnus=26))
    assert len(branch) == 8 and dropped == 4
    both, _, _, dropped = read_open_data_selected(path, select(
        ylaorganisaatio_tunnus="26", hankintayksikko_tunnus=["2763786-4", "0245437-2"]))
    assert both["amount_eur"].tolist() == [1.0, 4.0, 7.0, 10.0] and dropped == 8


def test_ids_are_compared_trimmed(tmp_path):
    path = tmp_path / "th_data_2021.csv"
    path.write_text(text([line(1, hankintayksikko_tunnus=" 26050 "), line(2)]), encoding="utf-8")
    frame, _, _, dropped = read_open_data_selected(path, select(hankintayksikko_tunnus="26050"))
    assert len(frame) == 2 and dropped == 0


def test_other_units_bad_lines_do_not_stop_the_organisations_errors_name_the_files_row(tmp_path):
    path = tmp_path / "th_data_2021.csv"
    rows = [line(1, hankintayksikko_tunnus="1", tiliointisumma="NaN"), line(2),
            line(3, hankintayksikko_tunnus="1", tositepvm="eilen"), line(4)]
    frame, _, _, dropped = read_open_data_selected(path_with(path, rows),
                                                   select(hankintayksikko_tunnus="26050"))
    assert frame["source_row"].tolist() == [3, 5] and dropped == 2
    rows.append(line(5, tiliointisumma="inf"))
    with pytest.raises(InputError) as err:
        read_open_data_selected(path_with(path, rows), select(hankintayksikko_tunnus="26050"))
    assert (err.value.row, err.value.column) == (6, "tiliointisumma")


def path_with(path: Path, rows: list[dict]) -> Path:
    path.write_text(text(rows), encoding="utf-8")
    return path


def test_selecting_nothing_names_the_setting(tmp_path):
    path = state_wide(tmp_path)
    with pytest.raises(InputError) as err:
        read_open_data_selected(path, select(hankintayksikko_tunnus="999"))
    e = err.value
    assert (e.file, e.key, e.code) == ("organisation.yaml", KEY, "select_nothing")
    assert str(path) in e.message and "12 lines" in e.message


def test_a_selected_column_absent_from_the_file_names_file_and_column(tmp_path):
    path = tmp_path / "th_data_2021.csv"
    cols = [c for c in text([]).split("\t") if c.strip() != "ylaorganisaatio_tunnus"]
    path.write_text(text([line(1)], "\t", [c.strip() for c in cols]), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_open_data_selected(path, select(ylaorganisaatio_tunnus="26"))
    assert (err.value.file, err.value.row, err.value.column) == (str(path), 1,
                                                                 "ylaorganisaatio_tunnus")


@pytest.mark.parametrize("value", [
    None, [], {}, "26050", {"toimittaja_y_tunnus": "1"}, {"hankintayksikko_tunnus": []},
    {"hankintayksikko_tunnus": True}, {"hankintayksikko_tunnus": ""},
    {"hankintayksikko_tunnus": [{"a": 1}]}])
def test_bad_select_settings_name_the_key(value):
    with pytest.raises(InputError) as err:
        parse_select(value, "organisation.yaml", KEY)
    assert err.value.key == KEY and err.value.code == "select_invalid"


def test_the_settings_file_carries_the_selection_and_checks_it(tmp_path):
    state_wide(tmp_path)
    doc = {"base_year": 2021, "name": {"fi": "X"}, "targets": [],
           "data": {"mapping": "m.csv", "ledger": [
               {"path": "th_data_*.csv.gz", "select": {"hankintayksikko_tunnus": 26050}}]}}
    org_file = tmp_path / "organisation.yaml"
    org_file.write_text(yaml.safe_dump(doc), encoding="utf-8")
    org = load_organisation(org_file)
    assert org.ledger[0]["select"].ids == {"hankintayksikko_tunnus": ("26050",)}
    doc["data"]["ledger"][0]["format"] = "mapped"
    org_file.write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_organisation(org_file)
    assert err.value.key == KEY and err.value.code == "select_not_open_data"


def test_the_ledger_counts_what_was_left_out_and_the_findings_say_it(tmp_path):
    path = state_wide(tmp_path)
    ledger = load_ledger([{"path": str(path), "select": select(hankintayksikko_tunnus="26050")}])
    assert len(ledger.frame) == 4
    (sel,) = ledger.selections
    assert (sel.file, sel.kept, sel.left_out, sel.years) == (str(path), 4, 8, (2021,))
    (found,) = left_out(ledger.selections, 2021)
    assert found.code == "select_left_out" and found.file == str(path)
    assert found.params["left_out"] == 8 and found.params["kept"] == 4
    assert left_out(ledger.selections, 2020) == []
