"""Reading the first ledger file ahead (carbon/readers/ahead.py): the same table, the same
errors in the same place, and nothing left behind."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.options import ROW_FORMATS
from carbon.errors import InputError
from carbon.readers import ahead
from carbon.readers.ledger import load_ledger
from carbon.records.export import ROW_SUFFIXES

from tests.carbon.test_opening import ROWS, line, plain, text


def _source(path: Path) -> list[dict]:
    return [{"path": str(path), "format": "open-data"}]


def test_a_ledger_read_ahead_is_the_ledger_read_directly(tmp_path):
    path = plain(tmp_path, text(ROWS, sep=";"))
    direct = load_ledger(_source(path)).frame
    with ahead.reading_ahead(_source(path)):
        assert ahead._key(path) in ahead._ahead      # the read was started
        frame = load_ledger(_source(path)).frame
        assert ahead._key(path) not in ahead._ahead  # and handed over
    assert frame.equals(direct)


def test_an_error_found_ahead_is_raised_where_the_reader_would_raise_it(tmp_path):
    body = text(ROWS) + "1\t2\n"                   # a row with two fields
    path = plain(tmp_path, body)
    with pytest.raises(InputError) as direct:
        load_ledger(_source(path))
    with ahead.reading_ahead(_source(path)):
        with pytest.raises(InputError) as read_ahead:
            load_ledger(_source(path))
    assert str(read_ahead.value) == str(direct.value)
    assert read_ahead.value.row == direct.value.row == len(ROWS) + 2


def test_a_table_not_asked_for_is_dropped_and_other_files_are_read_now(tmp_path):
    first = plain(tmp_path, text(ROWS), name="th_data_2021.csv")
    second = plain(tmp_path, text([line(9)]), name="th_data_2022.csv")
    sources = _source(first) + _source(second)
    with ahead.reading_ahead(sources):
        assert ahead._key(second) not in ahead._ahead   # only the first is read ahead
    assert ahead._ahead == {}
    with ahead.reading_ahead(sources):
        frame = load_ledger(sources).frame
    assert len(frame) == len(ROWS) + 1


def test_a_mapped_ledger_is_not_read_ahead(tmp_path):
    path = plain(tmp_path, text(ROWS), name="own.csv")
    with ahead.reading_ahead([{"path": str(path), "format": "mapped"}]):
        assert ahead._ahead == {}


def test_the_command_line_offers_the_trace_forms_the_writer_writes():
    assert set(ROW_FORMATS) == set(ROW_SUFFIXES)
