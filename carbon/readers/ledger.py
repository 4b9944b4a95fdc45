"""Readers for procurement ledgers: the state's open purchase-invoice data and mapped CSV/XLSX.

Open data is read as it is downloaded (`carbon.readers.opening`): tab- or semicolon-separated,
plain, `.gz` or `.zip`, with unknown extra columns named; a `select:` setting keeps an
organisation's lines of a state-wide file (`carbon.readers.selection`), and every row number in
a message is the file's own."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from carbon.errors import InputError
from carbon.textfile import read_table

from . import ahead
from .open_data import CATEGORICAL, OPEN_DATA_COLUMNS, REQUIRED, TEXT_COLUMNS
from .opening import check_distinct_files, check_unique_columns, header as read_header
from .selection import Selected, Selection, selected

__all__ = ["OPEN_DATA_COLUMNS", "REQUIRED", "TEXT_COLUMNS", "CATEGORICAL", "Ledger", "load_ledger",
           "read_open_data", "read_open_data_selected", "read_mapped", "check_duplicates",
           "accounting_year", "assign_year", "DATE_FORMATS"]

#: What makes two posting lines the same line (a duplicate is an input error).
DUPLICATE_KEY = ("invoice_id", "account", "amount_eur", "date", "supplier_id", "product_group",
                 "category")
#: A year in a ledger file's name (th_data_2021.csv), not part of a longer number.
_YEAR_IN_NAME = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y%m%d")


@dataclass
class Ledger:
    """Posting lines in vastuu's column names, with where each came from and what was missing."""

    frame: pd.DataFrame
    files: list[str] = field(default_factory=list)
    missing_columns: dict[str, list[str]] = field(default_factory=dict)
    extra_columns: dict[str, list[str]] = field(default_factory=dict)
    #: lines dated outside their file's accounting year (source_file, source_row, date,
    #: amount_eur, date_year, year: the year they count in)
    outside_year: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: per file read with a `select:` setting: the lines kept and left out
    selections: list[Selected] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.frame["year"].unique())


def spreadsheet_rows(n: int, rows: np.ndarray | None = None) -> np.ndarray:
    """The row numbers (as a spreadsheet shows them, the header is row 1) of `n` lines: the
    file's first n, or those of the 0-based positions `rows` kept by a selection."""
    return np.arange(2, n + 2, dtype="int64") if rows is None else rows.astype("int64") + 2


def check_finite(amounts: np.ndarray, file: str, column: str,
                 raw: "pa.ChunkedArray | pd.Series", rows: np.ndarray | None = None) -> None:
    """NaN and infinite amounts are input errors (one would drop a line, the other make every
    total infinite): the first names the row (`rows`: each line's row number) and column."""
    bad = ~np.isfinite(amounts)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        text = raw[pos]
        text = text.as_py() if hasattr(text, "as_py") else text
        row = pos + 2 if rows is None else int(rows[pos])
        raise InputError(file, f"amount {text!r} is not a finite number", row=row,
                         column=column, code="amount_not_finite", params={"value": str(text)})


def _parse_amounts(raw: pd.Series, file: str, source_column: str,
                   rows: np.ndarray | None = None) -> np.ndarray:
    """Amounts as floats; a decimal comma and thousands spaces are accepted, anything else is an
    error naming the row (`rows`: each line's row number, default the file's order)."""
    rows = spreadsheet_rows(len(raw)) if rows is None else rows
    values = pd.to_numeric(raw, errors="coerce")
    bad = values.isna()
    if bad.any():
        cleaned = (raw[bad].astype(str).str.replace("\u00a0", "", regex=False)
                   .str.replace(" ", "", regex=False).str.replace("\u2212", "-", regex=False)
                   .str.replace(",", ".", regex=False))
        values = values.copy()
        values[bad] = pd.to_numeric(cleaned, errors="coerce")
        still = values.isna()
        if still.any():
            pos = int(np.flatnonzero(still.to_numpy())[0])
            text = raw.iloc[pos]
            if str(text).strip() == "":
                raise InputError(file, "amount is empty", row=int(rows[pos]), column=source_column,
                                 code="amount_empty")
            raise InputError(file, f"amount {text!r} is not a number", row=int(rows[pos]),
                             column=source_column, code="amount_not_number",
                             params={"value": str(text)})
    amounts = values.to_numpy(dtype="float64")
    check_finite(amounts, file, source_column, raw, rows)
    return amounts


def _parse_dates(raw: pd.Series, file: str, source_column: str,
                 rows: np.ndarray | None = None) -> pd.Series:
    """Dates in the form of the first line's (DATE_FORMATS); another is an error naming the row."""
    first = str(raw.iloc[0]).strip() if len(raw) else ""
    fmt = next((f for f in DATE_FORMATS
                if not pd.isna(pd.to_datetime(first, format=f, errors="coerce"))), DATE_FORMATS[0])
    dates = pd.to_datetime(raw, format=fmt, errors="coerce")
    bad = dates.isna().to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise InputError(file, f"date {raw.iloc[pos]!r} is not a date (expected the form of "
                         f"{first!r}, e.g. 2021-03-31 or 31.3.2021)",
                         row=pos + 2 if rows is None else int(rows[pos]),
                         column=source_column, code="bad_date",
                         params={"value": str(raw.iloc[pos]), "first": first})
    return dates


def normalise(frame: pd.DataFrame, file: str, source_names: dict[str, str]) -> pd.DataFrame:
    """Validate and type one file's rows (columns already in vastuu's names, all text).

    `source_names` maps vastuu's column names back to the file's, so errors name the column the
    user sees.
    """
    n = len(frame)
    out = pd.DataFrame(index=pd.RangeIndex(n))
    for col in TEXT_COLUMNS:
        if col in frame.columns:
            values = frame[col].to_numpy(dtype=object) if n else np.array([], dtype=object)
            out[col] = pd.Categorical(values) if col in CATEGORICAL else pd.array(values, dtype="str")
        else:
            out[col] = pd.Categorical([""] * n) if col in CATEGORICAL else pd.array([""] * n, dtype="str")
    out["amount_eur"] = _parse_amounts(frame["amount_eur"], file, source_names["amount_eur"])
    dates = _parse_dates(frame["date"], file, source_names["date"])
    out["date"] = dates.to_numpy()
    out["year"] = dates.dt.year.to_numpy(dtype="int32")
    out["source_file"] = pd.Categorical([file] * n) if n else pd.Categorical([])
    out["source_row"] = np.arange(2, n + 2, dtype="int64")
    blank_account = (out["account"].astype(str).str.strip() == "").to_numpy()
    if blank_account.any():
        pos = int(np.flatnonzero(blank_account)[0])
        raise InputError(file, "account is empty", row=pos + 2, column=source_names["account"],
                         code="account_empty")
    return out


#: Control characters (not tab, line feed or carriage return): binary data, not text.
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def _may_hold_control(column: "pa.ChunkedArray") -> bool:
    """False when no text in the column can hold a control character: a look at the bytes of
    its values (of the dictionary, for a dictionary column) at numpy speed. True leaves it to
    the exact check (the buffers may hold bytes of values outside a sliced array)."""
    for chunk in column.chunks:
        values = chunk.dictionary if pa.types.is_dictionary(chunk.type) else chunk
        if not pa.types.is_string(values.type):
            continue
        data = values.buffers()[2]
        if data is None or not data.size:
            continue
        raw = np.frombuffer(data, dtype=np.uint8)
        if raw.min() < 0x20 or (raw == 0x7F).any():   # tab, CR, LF as well: the exact check
            return True
    return False


def check_control_characters(table: "pa.Table", file: str | Path,
                             rows: np.ndarray | None = None) -> None:
    """A text cell holding control characters means binary data or a broken export: an error
    naming the first such row (`rows`: each line's row number) and column (dictionary columns
    check their few distinct values)."""
    for name in table.column_names:
        if not _may_hold_control(table.column(name)):
            continue
        column = table.column(name).combine_chunks()
        if pa.types.is_dictionary(column.type):
            bad_values = pc.match_substring_regex(column.dictionary, _CONTROL)
            if not pc.any(bad_values).as_py():
                continue
            bad = pc.is_in(column.indices, value_set=pc.indices_nonzero(bad_values).cast(
                column.indices.type))
        elif pa.types.is_string(column.type):
            bad = pc.match_substring_regex(column, _CONTROL)
        else:
            continue
        if pc.any(bad).as_py():
            pos = pc.indices_nonzero(bad)[0].as_py()
            raise InputError(file, "the cell holds control characters (binary data, not text)",
                             row=pos + 2 if rows is None else int(rows[pos]), column=name,
                             code="control_characters")


def _arrow_to_pandas(table: "pa.Table", file: str, rows: np.ndarray) -> pd.DataFrame:
    """Typed frame from an Arrow table of text columns (fast path of the open-data reader);
    `rows`: each line's row number in the file (errors and `source_row` name it)."""
    n = table.num_rows
    # the columns are gathered first and made a frame once (setting them one by one on a frame
    # copies its blocks again and again)
    out: dict[str, object] = {}
    names = {v: k for k, v in OPEN_DATA_COLUMNS.items()}
    for col in TEXT_COLUMNS:
        src = names[col]
        if src in table.column_names:
            arr = table.column(src)
            out[col] = arr.to_pandas() if col in CATEGORICAL else arr.to_pandas().astype("str")
        else:
            out[col] = pd.Categorical.from_codes(np.zeros(n, dtype="int8"), categories=[""]) \
                if col in CATEGORICAL else pd.array([""] * n, dtype="str")
    try:
        amounts = pc.cast(table.column("tiliointisumma"), pa.float64()).to_numpy()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        amounts = _parse_amounts(table.column("tiliointisumma").to_pandas(), file, "tiliointisumma",
                                 rows)
    check_finite(amounts, file, "tiliointisumma", table.column("tiliointisumma"), rows)
    out["amount_eur"] = amounts
    dates, years = _open_data_dates(table.column("tositepvm"), file, rows)
    out["date"] = dates
    out["year"] = years
    out["source_file"] = pd.Categorical.from_codes(np.zeros(n, dtype="int8"), categories=[file])
    out["source_row"] = rows
    out = pd.DataFrame(out, index=pd.RangeIndex(n), copy=False)
    if n and (out["account"].cat.categories.str.strip() == "").any():
        blank = (out["account"].astype(str).str.strip() == "").to_numpy()
        if blank.any():
            raise InputError(file, "account is empty", row=int(rows[np.flatnonzero(blank)[0]]),
                             column="tili", code="account_empty")
    return out


def _open_data_dates(raw: "pa.ChunkedArray", file: str,
                     rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dates and years of a dictionary-encoded date column: the few distinct values are parsed
    (in the form of the first line's, DATE_FORMATS) and each line takes its value's; a value
    that is no date is an error naming the first line holding it (`_parse_dates`)."""
    if not len(raw):
        return np.array([], dtype="datetime64[us]"), np.array([], dtype="int32")
    raw = pa.chunked_array([c for c in raw.chunks if len(c)]).unify_dictionaries()
    values = raw.chunks[0].dictionary.to_pandas()
    codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in raw.chunks])
    first = str(values.iloc[codes[0]]).strip()
    fmt = next((f for f in DATE_FORMATS
                if not pd.isna(pd.to_datetime(first, format=f, errors="coerce"))), DATE_FORMATS[0])
    parsed = pd.to_datetime(values, format=fmt, errors="coerce")
    if parsed.isna().to_numpy()[codes].any():
        _parse_dates(values.iloc[codes].reset_index(drop=True), file, "tositepvm", rows)
    days = parsed.to_numpy().astype("datetime64[us]")
    years = parsed.dt.year.fillna(0).to_numpy(dtype="int32")   # 0: a value no line uses
    return days[codes], years[codes]


def _check_header(path: Path, header: list[str]) -> None:
    """A column named twice and a required column missing are errors naming the column."""
    check_unique_columns(path, header)
    for col in REQUIRED:
        src = next(k for k, v in OPEN_DATA_COLUMNS.items() if v == col)
        if src not in header:
            raise InputError(path, f"required column is missing (the file has: {', '.join(header)})",
                             row=1, column=src, code="column_missing",
                             params={"header": ", ".join(header)})


def read_open_data(path: str | Path, select: Selection | None = None
                   ) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Read one file of the state's open purchase-invoice data (tab- or semicolon-separated,
    plain, .gz or a .zip of one file); with `select`, only the organisation's lines.

    Returns the validated rows and the expected columns that were absent and the extra ones.
    """
    frame, missing, extra, _ = read_open_data_selected(path, select)
    return frame, missing, extra


def read_open_data_selected(path: str | Path, select: Selection | None = None
                            ) -> tuple[pd.DataFrame, list[str], list[str], int]:
    """`read_open_data`, and how many lines the selection left out. Only the kept lines are
    validated (another unit's lines are not the organisation's input), and every message and
    `source_row` names the line's row in the file."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "ledger file not found", code="ledger_not_found")
    header, sep = read_header(path)
    _check_header(path, header)
    missing = [c for c in OPEN_DATA_COLUMNS if c not in header]
    extra = [c for c in header if c not in OPEN_DATA_COLUMNS]
    table = ahead.table(path, header, sep)   # read ahead while the program started, or now
    positions, left_out = None, 0
    if select is not None:
        positions = selected(table, select, path)
        left_out = table.num_rows - len(positions)
        table = table.take(positions) if left_out else table
    rows = spreadsheet_rows(table.num_rows, positions)
    check_control_characters(table, path, rows)
    frame = _arrow_to_pandas(table, str(path), rows)
    if left_out:   # other units' names and ids are no categories of the organisation's lines
        for col in CATEGORICAL:
            frame[col] = frame[col].cat.remove_unused_categories()
    return frame, missing, extra, left_out


def read_mapped(path: str | Path, columns: dict[str, str]) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Read a generic CSV (comma, semicolon or tab) or XLSX ledger whose columns are named in
    `columns` (vastuu name -> the file's column)."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "ledger file not found", code="ledger_not_found")
    unknown = [k for k in columns if k not in OPEN_DATA_COLUMNS.values()]
    if unknown:
        raise InputError(path, f"column mapping names unknown fields {unknown}; known: "
                         f"{', '.join(OPEN_DATA_COLUMNS.values())}",
                         code="mapping_fields_unknown",
                         params={"fields": ", ".join(unknown),
                                 "known": ", ".join(OPEN_DATA_COLUMNS.values())})
    raw = read_table(path, "ledger file")
    header = list(raw.columns)
    for field_name in REQUIRED:
        src = columns.get(field_name)
        if src is None:
            raise InputError(path, f"the column mapping does not say which column is '{field_name}'",
                             code="mapping_field_missing", params={"field": field_name})
        if src not in header:
            raise InputError(path, f"required column is missing (the file has: {', '.join(header)})",
                             row=1, column=src, code="column_missing",
                             params={"header": ", ".join(header)})
    present = {k: v for k, v in columns.items() if v in header}
    missing = [v for k, v in columns.items() if v not in header]
    extra = [c for c in header if c not in present.values()]
    check_control_characters(pa.Table.from_pandas(raw, preserve_index=False), path)
    frame = raw[list(present.values())].rename(columns={v: k for k, v in present.items()})
    return normalise(frame, str(path), present), missing, extra


def _row_hash(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """A 64-bit hash of each row over the columns (codes of categoricals, bits of numbers)."""
    h = np.zeros(len(frame), dtype=np.uint64)
    for col in columns:
        series = frame[col]
        if isinstance(series.dtype, pd.CategoricalDtype):
            part = series.cat.codes.to_numpy().astype(np.uint64)
        elif series.dtype.kind in "fiuM":
            part = series.to_numpy().view(np.uint64) if series.dtype.itemsize == 8 else \
                series.to_numpy().astype(np.int64).view(np.uint64)
        else:
            part = pd.factorize(series)[0].astype(np.uint64)
        with np.errstate(over="ignore"):
            h = (h ^ part) * np.uint64(0x100000001B3) + np.uint64(0x9E3779B97F4A7C15)
            h ^= h >> np.uint64(29)
    return h


def check_duplicates(frame: pd.DataFrame) -> None:
    """Raise InputError for the first posting line that repeats an earlier one exactly."""
    columns = list(DUPLICATE_KEY) + ["source_file"]
    # Hash the cheap columns first; only the few candidates are compared in full (invoice id too).
    hashed = pd.Series(_row_hash(frame, [c for c in columns if c != "invoice_id"]))
    candidates = hashed.duplicated(keep=False).to_numpy()
    if not candidates.any():
        return
    sub = frame.loc[candidates, columns + ["source_row"]]
    exact = sub.duplicated(subset=columns, keep="first").to_numpy()
    if not exact.any():
        return
    rec = sub[exact].sort_values("source_row").iloc[0]
    same = sub[(sub[columns] == rec[columns]).all(axis=1)]
    orig = int(same["source_row"].min())
    raise InputError(str(rec["source_file"]),
                     f"duplicated invoice line: invoice {rec['invoice_id']}, account {rec['account']}, "
                     f"amount {rec['amount_eur']:.2f}, date {rec['date']:%Y-%m-%d} repeats row {orig}",
                     row=int(rec["source_row"]), column="lasku_id", code="duplicate_line",
                     params={"invoice": rec["invoice_id"], "account": rec["account"],
                             "amount": f"{rec['amount_eur']:.2f}",
                             "date": f"{rec['date']:%Y-%m-%d}", "original": orig})


def accounting_year(path: Path, setting: object = None) -> int | None:
    """The accounting year a ledger file holds: its `year` setting, else the one year its name
    states (th_data_2021.csv -> 2021); None when neither says or the setting is 'date' (each
    line's document date decides)."""
    if setting == "date":
        return None
    if setting is not None:
        return int(setting)  # validated in carbon/readers/settings.py
    years = {int(y) for y in _YEAR_IN_NAME.findall(path.stem)}
    return years.pop() if len(years) == 1 else None


def assign_year(frame: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """Lines of a file with an accounting year count in that year whatever their document date
    (an invoice dated in December and booked in January belongs to the books it was entered
    in); the lines dated outside it are returned, so that the output can list them."""
    if year is None:
        return frame.iloc[:0][["source_file", "source_row", "date", "amount_eur", "year"]]
    outside = (frame["year"] != year).to_numpy()
    moved = frame.loc[outside, ["source_file", "source_row", "date", "amount_eur", "year"]].copy()
    moved = moved.rename(columns={"year": "date_year"})
    moved["year"] = year
    if outside.any():
        frame["year"] = np.full(len(frame), year, dtype="int32")
    return moved


def _check_distinct(sources: list[dict]) -> None:
    """The same file, or the same content (th_data_2021.csv beside th_data_2021.csv.gz, both
    matched by one pattern), read twice with the same selection is an error naming both: its
    lines would count twice (`carbon.readers.opening.check_distinct_files`)."""
    by_selection: dict[str, list[Path]] = {}
    for src in sources:
        if Path(src["path"]).exists():
            select = src.get("select")
            key = repr(sorted(select.ids.items())) if select is not None else ""
            by_selection.setdefault(key, []).append(Path(src["path"]))
    for paths in by_selection.values():
        check_distinct_files(paths)


def load_ledger(sources: list[dict],
                progress: Callable[[int, int], None] | None = None) -> Ledger:
    """Read every ledger source ({path, format: open-data|mapped, columns, year, select}) into
    one Ledger. A file's lines count in its accounting year (`accounting_year`); those dated
    outside it are kept in `Ledger.outside_year`; a source's `select` (a
    `carbon.readers.selection.Selection`) keeps the organisation's lines of a state-wide file
    and the lines it left out are counted in `Ledger.selections`. `progress(files read,
    files)` after each file."""
    frames, files, missing, extra, moved, selections = [], [], {}, {}, [], []
    _check_distinct(sources)
    for src in sources:
        path = Path(src["path"])
        select = src.get("select")
        if src.get("format", "open-data") == "open-data":
            frame, miss, ext, left_out = read_open_data_selected(path, select)
        else:
            frame, miss, ext = read_mapped(path, src.get("columns") or {})
        if not len(frame):
            raise InputError(path, "the file has a header row but no posting lines", row=2,
                             code="no_lines")
        check_duplicates(frame)
        moved.append(assign_year(frame, accounting_year(path, src.get("year"))))
        if select is not None:
            selections.append(Selected(str(path), len(frame), left_out, select,
                                       tuple(sorted(int(y) for y in frame["year"].unique()))))
        frames.append(frame)
        files.append(str(path))
        if miss:
            missing[str(path)] = miss
        if ext:
            extra[str(path)] = ext
        if progress is not None:
            progress(len(files), len(sources))
    if not frames:
        raise InputError("ledger", "no ledger files given", code="no_ledger_files")
    if len(frames) == 1:
        frame = frames[0]
    else:
        frame = pd.concat(frames, ignore_index=True)
        for col in CATEGORICAL + ("source_file",):
            frame[col] = frame[col].astype("category")
    outside = pd.concat(moved, ignore_index=True) if moved else pd.DataFrame()
    outside["source_file"] = outside["source_file"].astype(str)
    return Ledger(frame=frame, files=files, missing_columns=missing, extra_columns=extra,
                  outside_year=outside, selections=selections)
