"""Files read whole and counted once (carbon/readers/opening.py, issue 26): the same content
given twice, lines over the limit, archives over their ratio, binary content."""
from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest

from carbon.errors import InputError
from carbon.readers import opening

TEXT = "".join(f"{i}\tx{i}\t{i * 3}\n" for i in range(2000)).encode()


def test_the_same_file_or_content_twice_is_refused_naming_both(tmp_path):
    plain = tmp_path / "a.csv"
    plain.write_bytes(TEXT)
    packed = tmp_path / "a.csv.gz"
    packed.write_bytes(gzip.compress(TEXT))
    with pytest.raises(InputError) as err:
        opening.check_distinct_files([plain, tmp_path / "." / "a.csv"])
    assert err.value.code == "file_given_twice"
    with pytest.raises(InputError) as err:
        opening.check_distinct_files([plain, packed])
    assert (err.value.file, err.value.code, err.value.params["other"]) == \
        (str(packed), "file_same_content", str(plain))


def test_files_of_the_same_size_but_other_content_pass(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(TEXT)
    b.write_bytes(TEXT.replace(b"x1\t", b"y1\t"))
    assert a.stat().st_size == b.stat().st_size
    opening.check_distinct_files([a, b])


def test_a_line_over_the_limit_names_its_row_and_column(tmp_path):
    path = tmp_path / "long.csv"
    limit = opening.limits()["max_line_bytes"]
    path.write_bytes(b"id\tname\tn\n1\ta\t2\n2\t" + b"z" * (limit + 5) + b"\t3\n")
    with pytest.raises(InputError) as err:
        opening.check_long_lines(path, ["id", "name", "n"], "\t")
    assert (err.value.row, err.value.column, err.value.code) == (3, "name", "line_too_long")
    path.write_bytes(b"id\tname\tn\n2\t" + b"z" * (limit - 10) + b"\t3\n")
    opening.check_long_lines(path, ["id", "name", "n"], "\t")   # within the limit


def test_an_archive_over_its_ratio_is_refused_before_expanding(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.csv", b"0" * (50 << 20))
    with pytest.raises(InputError) as err:
        with opening.open_binary(path):
            pass
    assert err.value.code == "archive_ratio"
    assert int(err.value.params["ratio"]) > opening.limits()["max_ratio"]


def test_a_gzip_expanding_beyond_its_trailer_stops_there(tmp_path):
    path = tmp_path / "liar.csv.gz"
    data = gzip.compress(b"a\tb\n" + b"1\t2\n" * 100_000)
    path.write_bytes(data[:-4] + (10).to_bytes(4, "little"))
    with pytest.raises(InputError) as err:
        opening.read_bytes(path)
    assert err.value.code == "archive_overflow" and err.value.params["limit"] == 10


@pytest.mark.parametrize("head, code, row", [
    (gzip.compress(b"a\tb\n"), "file_is_gzip", None),
    (b"PK\x03\x04rest", "file_is_zip", None),
    (b"a\tb\n1\t\x00\x00\n", "file_is_binary", 2),
])
def test_binary_content_is_described(tmp_path, head, code, row):
    with pytest.raises(InputError) as err:
        opening.refuse_binary(tmp_path / "x.csv", head)
    assert (err.value.code, err.value.row) == (code, row)
    assert "\x00" not in str(err.value) and "\x1f" not in str(err.value)


def test_utf16_and_ordinary_text_are_not_binary(tmp_path):
    opening.refuse_binary(tmp_path / "x.csv", "a\tb\n".encode("utf-16"))
    opening.refuse_binary(tmp_path / "x.csv", "lasku_id\ttili\nÄänekoski\t1\n".encode("cp1252"))
