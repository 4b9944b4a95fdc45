"""Reading a year of the state's open purchase-invoice data, every procurement unit at once.

DuckDB streams each file (tab- or semicolon-separated; plain, .gz or a .zip of one file; UTF-8
or Windows-1252) through one query: parse amounts and dates, give every line the first mapping
rule that matches in its unit's rule set (`carbon.rulesets.rule_table`: supplier > account >
product group > category, or the set's own order; keys trimmed, as `carbon.mapping.classify`
does) and sum euros and lines by unit, branch and rule. Memory stays bounded by the number of
units and rules, not by the lines: a file of any length, and any number of files, one after
another.

Why DuckDB: the state-wide year is 1.5-2 million lines with a dozen text columns; the
aggregation needs neither the lines in memory nor a row-level result, and DuckDB's parallel,
streaming CSV reader and hash joins do read-classify-sum in one pass at the speed of reading
the file, where building pandas frames of every line would take several times the time and
memory. Bad input is still reported by file, row and column: a query counts the lines whose
amount, date or account is unusable, and only then is the file read again to find the first.

DuckDB reads plain and gzipped UTF-8 itself. A zip archive's one member (`carbon.readers.opening`:
another number of members, or a broken archive, is an InputError naming the archive) and a file
that is not UTF-8 (a spreadsheet export in Windows-1252, found when DuckDB meets its first
non-UTF-8 byte) are streamed through `carbon.textfile.transcode` into a temporary UTF-8 copy in
the system's temporary folder, deleted once the file is read: memory stays bounded, the disk
holds one uncompressed file at a time. Errors name the file as given (the archive), never the
copy.
"""
from __future__ import annotations

import math
import os
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import pandas as pd

from carbon.errors import InputError
from carbon.readers.ledger import DATE_FORMATS, OPEN_DATA_COLUMNS
from carbon.readers.mapping import MATCH_COLUMNS
from carbon.readers import opening
from carbon.readers.opening import compression, open_binary
from carbon.textfile import EXPECTED, transcode
from .rulesets import RANK

#: vastuu name -> open-data column (the inverse of carbon.ledger.OPEN_DATA_COLUMNS)
SOURCE = {v: k for k, v in OPEN_DATA_COLUMNS.items()}
REQUIRED = ("unit_id", "account", "amount_eur", "date")
#: Columns the scan reads; an optional one absent from a file is read as empty.
READ = ("unit_id", "unit_name", "branch_id", "branch", "supplier_id", "account", "product_group",
        "category", "amount_eur", "date")
SUM_COLUMNS = ["unit_id", "unit_name", "branch_id", "branch", "rule_id", "eur", "lines"]


@dataclass
class StateLines:
    """Euros and lines of the year by unit, branch and rule (rule_id -1: no rule matched), and
    what was read: the files, their lines, and the lines dated in other years."""

    year: int
    sums: pd.DataFrame                       # SUM_COLUMNS
    files: list[str] = field(default_factory=list)
    lines_read: int = 0
    other_years: pd.DataFrame = field(default_factory=pd.DataFrame)  # year, lines, eur
    extra_columns: dict[str, list[str]] = field(default_factory=dict)


class _NotUtf8(Exception):
    """DuckDB met a byte that is not UTF-8: the file is read again from a UTF-8 copy."""


def _rows(path: Path, source: Path, sep: str) -> Iterator[tuple[int, list[str]]]:
    """The fields of each line of a file DuckDB reads (plain or .gz, UTF-8, from `source`), for
    finding a row in Python: no quoting, as the scan reads it; a byte that is not UTF-8 is
    replaced (it does not stop the search); a line too long is an InputError naming `path`."""
    names: list[str] = []
    for row, line in opening.lines(path, source, names, sep):
        fields = line.decode("utf-8", errors="replace").split(sep)
        if row == 1:
            fields[0] = fields[0].lstrip("\ufeff")
            names[:] = [c.strip() for c in fields]
        yield row, fields


@contextmanager
def _utf8_copy(path: Path) -> Iterator[Path]:
    """A temporary plain UTF-8 copy of the file's text (a zip's member, or a file in
    Windows-1252), streamed; deleted afterwards. Errors name `path`."""
    fd, name = tempfile.mkstemp(prefix="vastuu-government-", suffix=".csv")
    try:
        with os.fdopen(fd, "wb") as dst, open_binary(path) as src:
            transcode(src, dst, path, max_line=opening.limits()["max_line_bytes"])
        yield Path(name)
    finally:
        os.unlink(name)


def header(path: Path, source: Path | None = None) -> tuple[list[str], str]:
    """The header's column names and the delimiter (tab, else semicolon, else comma), of a
    plain, .gz or one-file .zip file in UTF-8 or else Windows-1252. `source`: where the text is
    read from when not from `path` itself (its UTF-8 copy); errors name `path`."""
    if not path.exists():
        raise InputError(path, "ledger file not found", code="ledger_not_found")
    return opening.header(path, source, otherwise=",")


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _amount(col: str) -> str:
    """Amount as DOUBLE; a decimal comma, spaces and a minus sign (U+2212) accepted, as the
    ledger reader accepts them; NULL when it is not a number (NaN and infinities are numbers
    here and counted as unusable by the scan)."""
    cleaned = (f"replace(replace(replace(replace({col}, chr(160), ''), ' ', ''), chr(8722), '-'), "
               "',', '.')")
    return f"coalesce(TRY_CAST({col} AS DOUBLE), TRY_CAST({cleaned} AS DOUBLE))"


def _date(col: str) -> str:
    """Date (ISO by a plain cast, else one of the ledger reader's formats); NULL if none fits."""
    formats = ", ".join(_sql_text(f) for f in DATE_FORMATS)
    return (f"coalesce(TRY_CAST(trim({col}) AS DATE), "
            f"CAST(try_strptime(trim({col}), [{formats}]) AS DATE))")


def scan_query(path: Path, names: list[str], sep: str, kinds: list[str], sets: int,
               exact: bool = False) -> str:
    """The one-pass query of a file: lines summed by unit, branch, year and rule, unusable
    values counted. `kinds`: the match kinds that have rules (no join for the others); `sets`:
    how many rule sets (one: no lookup of the unit's set); `exact`: amounts and dates in every
    form the ledger reader accepts (decimal comma, 31.3.2021, ...), else a plain cast, which is
    faster and enough for the open data's own form (a file where it fails is read again)."""
    present = {dst: f'"{SOURCE[dst]}"' for dst in READ if SOURCE[dst] in names}
    # match keys trimmed (as classify strips them); ids and names as the file has them; a
    # match column no rule looks at is not read
    unused = {MATCH_COLUMNS[k] for k in MATCH_COLUMNS if k not in kinds} - {"account"}
    as_is = ("unit_id", "unit_name", "branch_id", "branch")
    text = {dst: ("''" if dst not in present else f"coalesce({present[dst]}, '')"
                  if dst in as_is else f"trim(coalesce({present[dst]}, ''))")
            for dst in READ if dst not in ("amount_eur", "date") and dst not in unused}
    source = (f"read_csv({_sql_text(str(path))}, delim = {_sql_text(sep)}, header = true, "
              "quote = '', escape = '', all_varchar = true, compression = 'auto', "
              f"max_line_size = {opening.limits()['max_line_bytes'] + 2})")
    amount, date = present["amount_eur"], present["date"]
    amount = _amount(amount) if exact else f"TRY_CAST({amount} AS DOUBLE)"
    date = _date(date) if exact else f"TRY_CAST({date} AS DATE)"
    rule_set = "coalesce(u.rule_set, 'default')" if sets > 1 else "'default'"
    units = (f"LEFT JOIN units u ON u.unit_id = trim({text['unit_id']})" if sets > 1 else "")
    joins, codes = [], []
    for i, kind in enumerate(kinds):
        same_set = f"r{i}.rule_set = l.rule_set AND " if sets > 1 else ""
        joins.append(f"LEFT JOIN rules_{kind} r{i} ON {same_set}r{i}.key = l.{MATCH_COLUMNS[kind]}")
        codes.append(f"r{i}.code")
    code = f"coalesce(least({', '.join(codes)}), -1)" if codes else "-1"
    select = ", ".join(f"{expr} AS {dst}" for dst, expr in text.items())
    return f"""
    WITH l AS (
      SELECT {select}, {amount} AS eur, {date} AS d, {rule_set} AS rule_set
      FROM {source} AS f {units}
    )
    SELECT l.unit_id, l.branch_id, any_value(l.unit_name) AS unit_name,
           any_value(l.branch) AS branch, year(l.d) AS year, {code} AS code,
           sum(l.eur) AS eur, count(*) AS lines,
           count(*) - count(nullif(abs(l.eur) < 'inf'::DOUBLE, false)) AS bad_amount,
           count(*) - count(l.d) AS bad_date,
           count(*) - count(nullif(l.account, '')) AS blank_account
    FROM l {' '.join(joins)}
    GROUP BY l.unit_id, l.branch_id, year(l.d), {code}
    """


def _first(path: Path, source: Path, sep: str, column: str,
           bad: Callable[[str], bool]) -> tuple[int, str]:
    """Row number (the header is row 1) and value of the first line whose `column` is bad."""
    i = 0
    for row, fields in _rows(path, source, sep):
        if row == 1:
            i = [c.strip() for c in fields].index(column)
            continue
        value = fields[i] if i < len(fields) else ""
        if bad(value):
            return row, value
    return 0, ""


def _number(value: str) -> float | None:
    """What the scan's amount expression reads, in Python (for finding the row): the number,
    or None when it is none."""
    for text in (value.strip(), value.replace("\u00a0", "").replace(" ", "")
                 .replace("\u2212", "-").replace(",", ".")):
        try:
            return float(text)
        except ValueError:
            continue
    return None


def _amount_error(path: Path, row: int, value: str) -> InputError:
    column = SOURCE["amount_eur"]
    if not value.strip():
        return InputError(path, "amount is empty", row=row, column=column, code="amount_empty")
    if _number(value) is None:
        return InputError(path, f"amount {value!r} is not a number", row=row, column=column,
                          code="amount_not_number", params={"value": value})
    return InputError(path, f"amount {value!r} is not a finite number", row=row, column=column,
                      code="amount_not_finite", params={"value": value})


def _is_date(value: str) -> bool:
    for fmt in DATE_FORMATS:
        try:
            datetime.strptime(value.strip(), fmt)
            return True
        except ValueError:
            continue
    return False


def _report_bad_values(path: Path, source: Path, sep: str, counts: pd.Series) -> None:
    """Raise InputError naming the first line with an unusable amount, date or account (of
    `path`, read from `source`)."""
    if counts["bad_amount"]:
        row, value = _first(path, source, sep, SOURCE["amount_eur"],
                            lambda v: (n := _number(v)) is None or not math.isfinite(n))
        if row:
            raise _amount_error(path, row, value)
    if counts["bad_date"]:
        row, value = _first(path, source, sep, SOURCE["date"], lambda v: not _is_date(v))
        if row:
            raise InputError(path, f"date {value!r} is not a date (e.g. 2021-03-31 or 31.3.2021)",
                             row=row, column=SOURCE["date"], code="date_invalid",
                             params={"value": value})
    if counts["blank_account"]:
        row, _ = _first(path, source, sep, SOURCE["account"], lambda v: not v.strip())
        if row:
            raise InputError(path, "account is empty", row=row, column=SOURCE["account"],
                             code="account_empty")
    raise InputError(path, f"{int(counts.sum())} lines have an unusable amount, date or account",
                     code="lines_unusable", params={"count": int(counts.sum())})


def _connect(rules: pd.DataFrame, units: dict[str, str], progress: bool):
    """A DuckDB connection holding the rules by match kind and the units' rule sets."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    if progress:   # query_progress() answers only with the progress bar on
        con.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false; "
                    "SET progress_bar_time = 0")
    for kind in MATCH_COLUMNS:
        con.register(f"rules_{kind}_frame",
                     rules.loc[rules["match"] == kind, ["rule_set", "key", "code"]])
        con.execute(f"CREATE TEMP TABLE rules_{kind} AS SELECT * FROM rules_{kind}_frame")
    con.register("units_frame", pd.DataFrame({"unit_id": list(units),
                                              "rule_set": list(units.values())}, dtype=str))
    con.execute("CREATE TEMP TABLE units AS SELECT * FROM units_frame")
    return con


def _scan_file(con, path: Path, kinds: list[str], sets: int,
               progress: Callable[[float], None] | None) -> tuple[pd.DataFrame, list[str]]:
    """One file's sums by unit, branch, year and rule, and its columns vastuu does not know:
    DuckDB reads a plain or gzipped file itself, and a zip's member or a file that is not UTF-8
    from a temporary UTF-8 copy (see module)."""
    if not path.exists():
        raise InputError(path, "ledger file not found", code="ledger_not_found")
    if compression(path) != "zip":
        try:
            return _scan_text(con, path, path, kinds, sets, progress)
        except _NotUtf8:
            pass
    with _utf8_copy(path) as copy:
        try:
            return _scan_text(con, path, copy, kinds, sets, progress)
        except _NotUtf8:   # not expected: the copy is UTF-8
            raise InputError(path, f"the file is not text in {EXPECTED}", code="encoding_unknown",
                             params={"expected": EXPECTED}) from None


def _scan_text(con, path: Path, source: Path, kinds: list[str], sets: int,
               progress: Callable[[float], None] | None) -> tuple[pd.DataFrame, list[str]]:
    """`_scan_file` of `path`, its text read from `source` (the file itself or its copy)."""
    names, sep = header(path, source)
    opening.check_unique_columns(path, names)
    for col in REQUIRED:
        if SOURCE[col] not in names:
            raise InputError(path, f"required column is missing (the file has: {', '.join(names)})",
                             row=1, column=SOURCE[col], code="column_missing",
                             params={"header": ", ".join(names)})
    with _watching(con, progress):
        sums = _run(con, path, source, scan_query(source, names, sep, kinds, sets), sep)
    if sums[["bad_amount", "bad_date"]].to_numpy().any():   # other forms: read it again
        sums = _run(con, path, source, scan_query(source, names, sep, kinds, sets, exact=True),
                    sep)
    counts = sums[["bad_amount", "bad_date", "blank_account"]].sum()
    if counts.any():
        _report_bad_values(path, source, sep, counts)
    return sums, [c for c in names if c not in OPEN_DATA_COLUMNS]


def scan(paths: list[Path], rules: pd.DataFrame, units: dict[str, str], year: int,
         progress: Callable[[int, int], None] | None = None) -> StateLines:
    """Sum every file's lines of `year` by unit, branch and rule (see module), file by file.

    `rules`: carbon.rulesets.rule_table; `units`: unit id -> its rule set (the others use the
    default set); `progress(done, total)`, when given, is called with the bytes read so far
    while a file is read (from a second thread, a few times a second) and after each file."""
    opening.check_distinct_files(paths)
    con = _connect(rules, units, progress is not None)
    kinds = [k for k in MATCH_COLUMNS if (rules["match"] == k).any()]
    sets = len(set(units.values())) + 1 if units else 1
    parts, others, extra, read = [], [], {}, 0
    total, done = sum(p.stat().st_size for p in paths if p.exists()), 0
    for path in paths:
        size = path.stat().st_size if path.exists() else 0
        share = None if progress is None else \
            (lambda f, done=done, size=size: progress(done + int(f * size), total))
        sums, unknown = _scan_file(con, path, kinds, sets, share)
        if unknown:
            extra[str(path)] = unknown
        read += int(sums["lines"].sum())
        in_year = (sums["year"] == year).to_numpy()
        others.append(sums.loc[~in_year, ["year", "lines", "eur"]])
        parts.append(sums.loc[in_year])
        done += size
        if progress is not None:
            progress(done, total)
    return StateLines(year=year, sums=_combine(parts), files=[str(p) for p in paths],
                      lines_read=read, other_years=_other_years(others), extra_columns=extra)


@contextmanager
def _watching(con, report: Callable[[float], None] | None, every: float = 0.1) -> Iterator[None]:
    """While the block runs a query on `con`, call `report(share done, 0..1)` every `every`
    seconds from a second thread (DuckDB releases the interpreter while it works)."""
    if report is None:
        yield
        return
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(every):
            pct = con.query_progress()
            if pct >= 0:
                report(min(pct, 100.0) / 100.0)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _run(con, path: Path, source: Path, query: str, sep: str) -> pd.DataFrame:
    """The query's result; text that is not UTF-8 raises _NotUtf8, and a file DuckDB cannot
    read as delimited text is an InputError naming `path`."""
    import duckdb

    try:
        return con.execute(query).df()
    except duckdb.Error as exc:
        if "invalid unicode" in str(exc).lower():
            raise _NotUtf8() from None
        _report_row_shape(path, source, sep)
        message = str(exc).splitlines()[0]
        kind = {"\t": "tab", ";": "semicolon"}.get(sep)
        if kind is None:
            raise InputError(path, f"cannot split the file into rows and columns: {message}",
                             code="csv_unreadable", params={"detail": message}) from None
        raise InputError(path, f"cannot read the file as {kind}-separated {EXPECTED} data: "
                         f"{message}", code=f"{'tsv' if kind == 'tab' else 'ssv'}_unreadable",
                         params={"expected": EXPECTED}) from None


def _report_row_shape(path: Path, source: Path, sep: str) -> None:
    """Raise InputError for the first row whose number of fields differs from the header's, or
    that is longer than a line may be (`carbon.readers.opening.lines`)."""
    width = 0
    for row, fields in _rows(path, source, sep):
        if row == 1:
            width = len(fields)
        elif fields != [""] and len(fields) != width:
            raise InputError(path, f"the row has {len(fields)} fields, the header {width}",
                             row=row, code="field_count",
                             params={"actual": len(fields), "expected": width})


def _combine(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per unit, branch and rule over all files (names: the first non-empty)."""
    if not parts or not sum(len(p) for p in parts):
        return pd.DataFrame(columns=SUM_COLUMNS)
    frame = pd.concat(parts, ignore_index=True)
    code = frame["code"].to_numpy(dtype=np.int64)
    frame["rule_id"] = np.where(code >= 0, code % RANK, -1)
    names = (frame[frame["unit_name"] != ""].groupby("unit_id")["unit_name"].first())
    branches = (frame[frame["branch"] != ""].groupby("branch_id")["branch"].first())
    g = frame.groupby(["unit_id", "branch_id", "rule_id"], as_index=False)[["eur", "lines"]].sum()
    g["unit_name"] = g["unit_id"].map(names).fillna("")
    g["branch"] = g["branch_id"].map(branches).fillna("")
    g["lines"] = g["lines"].astype(np.int64)
    return g[SUM_COLUMNS]


def _other_years(parts: list[pd.DataFrame]) -> pd.DataFrame:
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["year", "lines", "eur"])
    if frame.empty:
        return pd.DataFrame(columns=["year", "lines", "eur"])
    return frame.groupby("year", as_index=False)[["lines", "eur"]].sum()
