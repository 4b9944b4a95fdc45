"""The state's open purchase-invoice data as Arrow: its columns and the reading of one file's
known columns as text (few-valued ones as dictionaries).

Free of pandas, so that a command can start reading its ledger in a second thread
(`carbon.readers.ahead`) while pandas and pint are still being imported.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from carbon.errors import InputError
from carbon.textfile import EXPECTED, detect_encoding

from .opening import (BROKEN, arrow_source, broken, check_long_lines, first_bad_row, limits,
                      read_bytes)

#: Open-data column -> the English name used inside vastuu.
OPEN_DATA_COLUMNS: dict[str, str] = {
    "lasku_id": "invoice_id",
    "tili": "account",
    "tiliointisumma": "amount_eur",
    "tositepvm": "date",
    "toimittaja_y_tunnus": "supplier_id",
    "toimittaja_nimi": "supplier_name",
    "hankintayksikko_tunnus": "unit_id",
    "hankintayksikko": "unit_name",
    "ylaorganisaatio_tunnus": "branch_id",
    "ylaorganisaatio": "branch",
    "sektori": "sector",
    "tuote_palveluryhma": "product_group",
    "hankintakategoria": "category",
}
REQUIRED = ("invoice_id", "account", "amount_eur", "date")
TEXT_COLUMNS = [c for c in OPEN_DATA_COLUMNS.values() if c not in ("amount_eur", "date")]
#: Columns with few distinct values, kept as categoricals to save memory and time.
CATEGORICAL = ("account", "supplier_id", "supplier_name", "unit_id", "unit_name", "branch_id",
               "branch", "sector", "product_group", "category")


def read_table(path: Path, header: list[str], sep: str) -> "pa.Table":
    """The file's known columns as Arrow text (few-valued ones as dictionaries), in UTF-8 or
    else Windows-1252; a row with another number of fields than the header is an error
    naming it."""
    dictionary = pa.dictionary(pa.int32(), pa.string())
    types = {src: dictionary if dst in CATEGORICAL + ("date",) else pa.string()
             for src, dst in OPEN_DATA_COLUMNS.items()}
    bad_rows: list = []

    def on_invalid(row) -> str:
        bad_rows.append(row)
        return "skip"

    def read(encoding: str) -> "pa.Table":
        return pacsv.read_csv(
            arrow_source(path),
            read_options=pacsv.ReadOptions(encoding=encoding),
            parse_options=pacsv.ParseOptions(delimiter=sep, quote_char=False,
                                             invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={c: types[c] for c in header if c in types},
                include_columns=[c for c in header if c in OPEN_DATA_COLUMNS],
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )

    kind = "tab" if sep == "\t" else "semicolon"
    try:
        try:
            table = read("utf-8")
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            if "utf8" not in str(exc).lower().replace("-", ""):
                raise
            # Not UTF-8: a spreadsheet export in Windows-1252 is read as such (the check names
            # the row of a stray byte in an otherwise UTF-8 file).
            bad_rows.clear()
            encoding = detect_encoding(read_bytes(path), path)
            table = read("utf-8" if encoding == "utf-8-sig" else encoding)
    except BROKEN as exc:
        raise broken(path, exc) from None
    except (pa.ArrowInvalid, UnicodeDecodeError, OSError) as exc:
        if any(w in str(exc).lower() for w in ("compress", "zlib", "gzip", "inflate")):
            raise broken(path, exc) from None
        if "straddl" in str(exc):   # a line longer than Arrow's block: the long line's row
            check_long_lines(path, header, sep)
        raise InputError(path, f"cannot read the file as {kind}-separated {EXPECTED} data: {exc}",
                         code=f"{'tsv' if kind == 'tab' else 'ssv'}_unreadable",
                         params={"expected": EXPECTED}) from None
    if _longest_field(table) > limits()["max_line_bytes"]:
        check_long_lines(path, header, sep)
    if bad_rows:
        row = bad_rows[0]
        where = row.number if row.number is not None else first_bad_row(path, sep, len(header))
        raise InputError(path, f"the row has {row.actual_columns} fields, the header "
                         f"{row.expected_columns}", row=where, code="field_count",
                         params={"actual": row.actual_columns, "expected": row.expected_columns})
    if table.column_names and table.column_names[0].startswith("\ufeff"):
        table = table.rename_columns([c.lstrip("\ufeff") for c in table.column_names])
    return table


def _longest_field(table: "pa.Table") -> int:
    """The byte length of the longest text in the table (of a dictionary column: of its values)."""
    import pyarrow.compute as pc

    longest = 0
    for column in table.columns:
        for chunk in column.chunks:
            values = chunk.dictionary if pa.types.is_dictionary(chunk.type) else chunk
            if len(values) and pa.types.is_string(values.type):
                longest = max(longest, pc.max(pc.binary_length(values)).as_py() or 0)
    return longest
