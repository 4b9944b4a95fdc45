"""Readers for procurement ledgers: the state's open purchase-invoice data and mapped CSV/XLSX."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .errors import InputError

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
#: What makes two posting lines the same line (a duplicate is an input error).
DUPLICATE_KEY = ("invoice_id", "account", "amount_eur", "date", "supplier_id", "product_group",
                 "category")
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y%m%d")


@dataclass
class Ledger:
    """Posting lines in vastuu's column names, with where each came from and what was missing."""

    frame: pd.DataFrame
    files: list[str] = field(default_factory=list)
    missing_columns: dict[str, list[str]] = field(default_factory=dict)
    extra_columns: dict[str, list[str]] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.frame["year"].unique())


def _header(path: Path, sep: str) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        first = fh.readline()
    if not first.strip():
        raise InputError(path, "the file is empty (no header row)", row=1)
    return [c.strip() for c in next(csv.reader([first], delimiter=sep))]


def _parse_amounts(raw: pd.Series, file: str, source_column: str) -> np.ndarray:
    """Amounts as floats; a decimal comma and thousands spaces are accepted, anything else is an error."""
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
            what = "is empty" if str(text).strip() == "" else f"{text!r} is not a number"
            raise InputError(file, f"amount {what}", row=pos + 2, column=source_column)
    return values.to_numpy(dtype="float64")


def _parse_dates(raw: pd.Series, file: str, source_column: str) -> pd.Series:
    first = str(raw.iloc[0]).strip() if len(raw) else ""
    fmt = next((f for f in DATE_FORMATS
                if not pd.isna(pd.to_datetime(first, format=f, errors="coerce"))), DATE_FORMATS[0])
    dates = pd.to_datetime(raw, format=fmt, errors="coerce")
    bad = dates.isna().to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise InputError(file, f"date {raw.iloc[pos]!r} is not a date (expected the form of "
                         f"{first!r}, e.g. 2021-03-31 or 31.3.2021)", row=pos + 2, column=source_column)
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
        raise InputError(file, "account is empty", row=pos + 2, column=source_names["account"])
    return out


def _arrow_to_pandas(table: "pa.Table", file: str) -> pd.DataFrame:
    """Typed frame from an Arrow table of text columns (fast path of the open-data reader)."""
    n = table.num_rows
    out = pd.DataFrame(index=pd.RangeIndex(n))
    names = {v: k for k, v in OPEN_DATA_COLUMNS.items()}
    for col in TEXT_COLUMNS:
        src = names[col]
        if src in table.column_names:
            arr = table.column(src)
            out[col] = arr.to_pandas() if col in CATEGORICAL else arr.to_pandas().astype("str")
        else:
            out[col] = pd.Categorical([""] * n) if col in CATEGORICAL else pd.array([""] * n, dtype="str")
    try:
        amounts = pc.cast(table.column("tiliointisumma"), pa.float64()).to_numpy()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        amounts = _parse_amounts(table.column("tiliointisumma").to_pandas(), file, "tiliointisumma")
    out["amount_eur"] = amounts
    raw_dates = table.column("tositepvm")
    first = raw_dates[0].as_py().strip() if n else ""
    fmt = next((f for f in DATE_FORMATS
                if not pd.isna(pd.to_datetime(first, format=f, errors="coerce"))), DATE_FORMATS[0])
    dates = pc.strptime(raw_dates, format=fmt, unit="s", error_is_null=True)
    # Arrow rolls impossible dates over (2021-02-30 -> 2021-03-02): require a round trip.
    exact = fmt == DATE_FORMATS[0] and not dates.null_count and pc.all(pc.equal(
        pc.day(dates), pc.cast(pc.utf8_slice_codeunits(pc.utf8_trim_whitespace(raw_dates), 8, 10),
                               pa.int64()))).as_py()
    if exact:
        dates_pd = pd.Series(dates.to_pandas()).astype("datetime64[us]")
    else:
        dates_pd = _parse_dates(raw_dates.to_pandas(), file, "tositepvm")
    out["date"] = dates_pd.to_numpy()
    out["year"] = dates_pd.dt.year.to_numpy(dtype="int32")
    out["source_file"] = pd.Categorical.from_codes(np.zeros(n, dtype="int8"), categories=[file])
    out["source_row"] = np.arange(2, n + 2, dtype="int64")
    if n and (out["account"].cat.categories.str.strip() == "").any():
        blank = (out["account"].astype(str).str.strip() == "").to_numpy()
        if blank.any():
            raise InputError(file, "account is empty", row=int(np.flatnonzero(blank)[0]) + 2,
                             column="tili")
    return out


def read_open_data(path: str | Path) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Read one tab-separated file of the state's open purchase-invoice data.

    Returns the validated rows and the expected columns that were absent and the extra ones.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, "ledger file not found")
    header = _header(path, "\t")
    missing = [c for c in OPEN_DATA_COLUMNS if c not in header]
    extra = [c for c in header if c not in OPEN_DATA_COLUMNS]
    for col in REQUIRED:
        src = next(k for k, v in OPEN_DATA_COLUMNS.items() if v == col)
        if src not in header:
            raise InputError(path, f"required column is missing (the file has: {', '.join(header)})",
                             row=1, column=src)
    dictionary = pa.dictionary(pa.int32(), pa.string())
    types = {src: dictionary if dst in CATEGORICAL else pa.string()
             for src, dst in OPEN_DATA_COLUMNS.items()}
    bad_rows: list = []

    def on_invalid(row) -> str:
        bad_rows.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding="utf-8"),
            parse_options=pacsv.ParseOptions(delimiter="\t", quote_char=False,
                                             invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={c: types[c] for c in header if c in types},
                include_columns=[c for c in header if c in OPEN_DATA_COLUMNS],
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the file as tab-separated UTF-8 data: {exc}") from None
    if bad_rows:
        row = bad_rows[0]
        where = row.number if row.number is not None else None
        raise InputError(path, f"the row has {row.actual_columns} fields, the header "
                         f"{row.expected_columns}", row=where)
    if table.column_names and table.column_names[0].startswith("\ufeff"):
        table = table.rename_columns([c.lstrip("\ufeff") for c in table.column_names])
    return _arrow_to_pandas(table, str(path)), missing, extra


def read_mapped(path: str | Path, columns: dict[str, str]) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Read a generic CSV (comma, semicolon or tab) or XLSX ledger whose columns are named in
    `columns` (vastuu name -> the file's column)."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "ledger file not found")
    unknown = [k for k in columns if k not in OPEN_DATA_COLUMNS.values()]
    if unknown:
        raise InputError(path, f"column mapping names unknown fields {unknown}; known: "
                         f"{', '.join(OPEN_DATA_COLUMNS.values())}")
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        raw = pd.read_excel(path, dtype=str, keep_default_na=False, na_filter=False)
        raw.columns = [str(c).strip() for c in raw.columns]
    else:
        with path.open(encoding="utf-8-sig") as fh:
            sample = fh.read(4096)
        try:
            sep = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
        except csv.Error:
            sep = ","
        raw = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, na_filter=False,
                          encoding="utf-8-sig")
    header = list(raw.columns)
    for field_name in REQUIRED:
        src = columns.get(field_name)
        if src is None:
            raise InputError(path, f"the column mapping does not say which column is '{field_name}'")
        if src not in header:
            raise InputError(path, f"required column is missing (the file has: {', '.join(header)})",
                             row=1, column=src)
    present = {k: v for k, v in columns.items() if v in header}
    missing = [v for k, v in columns.items() if v not in header]
    extra = [c for c in header if c not in present.values()]
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
                     row=int(rec["source_row"]), column="lasku_id")


def load_ledger(sources: list[dict],
                progress: Callable[[int, int], None] | None = None) -> Ledger:
    """Read every ledger source ({path, format: open-data|mapped, columns}) into one Ledger;
    `progress(files read, files)` after each file."""
    frames, files, missing, extra = [], [], {}, {}
    for src in sources:
        path = Path(src["path"])
        if src.get("format", "open-data") == "open-data":
            frame, miss, ext = read_open_data(path)
        else:
            frame, miss, ext = read_mapped(path, src.get("columns") or {})
        check_duplicates(frame)
        frames.append(frame)
        files.append(str(path))
        if miss:
            missing[str(path)] = miss
        if ext:
            extra[str(path)] = ext
        if progress is not None:
            progress(len(files), len(sources))
    if not frames:
        raise InputError("ledger", "no ledger files given")
    if len(frames) == 1:
        frame = frames[0]
    else:
        frame = pd.concat(frames, ignore_index=True)
        for col in CATEGORICAL + ("source_file",):
            frame[col] = frame[col].astype("category")
    return Ledger(frame=frame, files=files, missing_columns=missing, extra_columns=extra)
