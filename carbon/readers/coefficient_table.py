"""Reading an official coefficient table: kgCO2e per euro by product group (`tuote_palveluryhma`,
the column the open invoice data carries), with price year and source, from CSV or XLSX.

The fields and the column names recognised without a mapping are data
(`coefficient_table.yaml`); other column names are mapped field -> column, as a mapped ledger's
`columns:` are. Every problem raises InputError naming the file, the row (as a spreadsheet
shows it, header = row 1) and the column.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pint

from carbon.errors import InputError
from carbon.textfile import read_table
from carbon.units import Q_, parse_unit
from carbon.yamlfile import read_mapping

SPEC_FILE = Path(__file__).with_name("coefficient_table.yaml")
TARGET_UNIT = "kgCO2e/EUR"


@lru_cache(maxsize=1)
def table_spec() -> dict[str, Any]:
    """The fields, their recognised column names and the defaults (coefficient_table.yaml)."""
    return read_mapping(SPEC_FILE, "coefficient table description")


@dataclass(frozen=True)
class Coefficient:
    """One row of the table, validated; `value` in kgCO2e/EUR of `price_year`."""

    product_group: str
    value: float
    given: str            # the value and unit as the table gives them
    price_year: int
    source: str
    row: int              # the row as a spreadsheet shows it (header = 1)
    source_group: str = ""
    ghg_category: int | None = None
    gsd: float | None = None


@dataclass
class CoefficientTable:
    """The validated rows of one table and which column each field was read from."""

    file: Path
    columns: dict[str, str]           # field -> the table's column ('' for an option's value)
    rows: list[Coefficient] = field(default_factory=list)

    @property
    def groups(self) -> list[str]:
        return [r.product_group for r in self.rows]


def _read_raw(path: Path) -> pd.DataFrame:
    """All cells as text; a CSV's separator (comma, semicolon, tab) is detected."""
    if not path.is_file():
        raise InputError(path, "coefficient table not found", code="coefficient_table_not_found")
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".tsv", ".txt"):
        raise InputError(path, f"a coefficient table must be .csv or .xlsx, not '{suffix}'",
                         code="coefficient_table_type", params={"suffix": suffix})
    return read_table(path, "coefficient table")



def resolve_columns(header: list[str], mapping: dict[str, str] | None, file: Path,
                    have_source: bool) -> dict[str, str]:
    """Which column each field is read from: the mapping's, else the first recognised name.
    A required field without a column raises InputError (row 1) saying how to map it."""
    spec = table_spec()["fields"]
    mapping = dict(mapping or {})
    unknown = [k for k in mapping if k not in spec]
    if unknown:
        raise InputError(file, f"the column mapping names unknown fields {unknown}; known: "
                         f"{', '.join(spec)}", code="mapping_fields_unknown",
                         params={"fields": ", ".join(unknown), "known": ", ".join(spec)})
    by_folded = {h.casefold(): h for h in header}
    columns: dict[str, str] = {}
    for name, item in spec.items():
        if name in mapping:
            if mapping[name] not in header:
                raise InputError(file, f"the column mapped to '{name}' is not in the table (the "
                                 f"table has: {', '.join(header)})", row=1, column=mapping[name],
                                 code="mapped_column_missing",
                                 params={"field": name, "header": ", ".join(header)})
            columns[name] = mapping[name]
            continue
        found = next((by_folded[c.casefold()] for c in item["columns"] if c.casefold() in by_folded),
                     None)
        if found is not None:
            columns[name] = found
        elif item.get("required") or (name == "source" and not have_source):
            hint = "; or give --source for every row" if name == "source" else ""
            raise InputError(file, f"no column for '{name}' (recognised names: "
                             f"{', '.join(item['columns'])}; the table has: {', '.join(header)}); "
                             f"map it with --column {name}=COLUMN{hint}", row=1,
                             code="coefficient_source_column_missing" if hint
                             else "coefficient_column_missing",
                             params={"field": name, "names": ", ".join(item["columns"]),
                                     "header": ", ".join(header)})
    return columns


def _number(text: str) -> float | None:
    """A number from a cell; a decimal comma and spaces as thousands separators are accepted."""
    cleaned = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "") \
        .replace("\u2212", "-").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return None if math.isnan(value) or math.isinf(value) else value


def per_euro(value: float, unit_text: str) -> float:
    """The value converted to kgCO2e/EUR; raises ValueError when the unit is unknown or is not
    a CO2e mass per euro (checked with pint)."""
    unit = parse_unit(unit_text)
    try:
        return float(Q_(value, unit).to(TARGET_UNIT).magnitude)
    except pint.errors.DimensionalityError:
        raise ValueError(f"unit '{unit_text}' is not a CO2e mass per euro (e.g. kgCO2e/EUR, "
                         f"tCO2e/MEUR)") from None


def _row(rec: dict[str, str], row: int, columns: dict[str, str], file: Path, options: dict[str, Any],
         price_years: set[int] | None, last_year: int) -> Coefficient:
    """One validated row."""
    def cell(name: str) -> str:
        return str(rec.get(columns[name], "")).strip() if name in columns else ""

    def fail(name: str, message: str, code: str, **params: Any) -> InputError:
        return InputError(file, message, row=row, column=columns.get(name) or None, code=code,
                          params=params)

    group = cell("product_group")
    if not group:
        raise fail("product_group", "the product group is empty", "product_group_empty")
    text = cell("value")
    value = _number(text)
    if value is None:
        raise fail("value", "the coefficient is empty", "coefficient_empty") if not text \
            else fail("value", f"{text!r} is not a number", "coefficient_not_number", value=text)
    if not value > 0:
        raise fail("value", f"the coefficient {text} is not positive", "coefficient_not_positive",
                   value=text)
    unit_text = cell("unit") or options["unit"]
    try:
        parse_unit(unit_text)
    except ValueError as exc:
        raise fail("unit", str(exc), "unit_unknown", value=unit_text) from None
    try:
        kg_per_eur = per_euro(value, unit_text)
    except ValueError as exc:
        if cell("unit"):
            raise fail("unit", str(exc), "unit_not_per_euro", unit=unit_text) from None
        raise fail("unit", f"{exc} (the unit given with --unit)", "option_unit_not_per_euro",
                   unit=unit_text) from None
    year_text = cell("price_year")
    year = _number(year_text)
    if year is None:
        raise fail("price_year", "the price year is missing", "price_year_missing") \
            if not year_text else fail("price_year", f"price year {year_text!r} is not a year",
                                       "price_year_invalid", value=year_text)
    first = int(table_spec()["defaults"]["first_price_year"])
    if year != int(year) or not first <= year <= last_year:
        raise fail("price_year", f"price year {year_text} is not a year between {first} and "
                   f"{last_year}", "price_year_range", value=year_text, first=first,
                   last=last_year)
    if price_years is not None and int(year) not in price_years:
        raise fail("price_year", f"the price index has no value for {int(year)} (it covers "
                   f"{min(price_years)}–{max(price_years)}): spend cannot be deflated to that year",
                   "price_year_no_index", year=int(year), first=min(price_years),
                   last=max(price_years))
    source = cell("source") or options.get("source") or ""
    if not source:
        raise fail("source", "the source is empty (give it in the table or with --source)",
                   "coefficient_source_empty")
    category = None
    if cell("ghg_category"):
        c = _number(cell("ghg_category"))
        if c is None or c != int(c) or not 1 <= c <= 15:
            raise fail("ghg_category", f"GHG Protocol category {cell('ghg_category')!r} is not "
                       "1–15", "ghg_category_invalid", value=cell("ghg_category"))
        category = int(c)
    gsd = None
    if cell("gsd"):
        gsd = _number(cell("gsd"))
        if gsd is None or gsd < 1:
            raise fail("gsd", f"geometric standard deviation {cell('gsd')!r} is not a number "
                       "of at least 1", "gsd_invalid", value=cell("gsd"))
    return Coefficient(product_group=group, value=kg_per_eur, given=f"{text} {unit_text}",
                       price_year=int(year), source=source, row=row,
                       source_group=cell("source_group"), ghg_category=category, gsd=gsd)


def read_coefficient_table(path: str | Path, columns: dict[str, str] | None = None, *,
                           source: str | None = None, unit: str | None = None,
                           price_years: set[int] | None = None,
                           last_year: int = 2100) -> CoefficientTable:
    """Read and validate a coefficient table (CSV or XLSX).

    `columns` maps fields to the table's column names where they are not recognised;
    `source` and `unit` apply to rows (or tables) that do not give their own; `price_years`
    are the years the price index covers (a coefficient must be deflatable). A missing column,
    an empty or non-positive coefficient, a unit that is not CO2e per euro, a missing price
    year or a product group given twice raises InputError naming file, row and column.
    """
    path = Path(path)
    raw = _read_raw(path)
    used = resolve_columns(list(raw.columns), columns, path, bool(source))
    options = {"unit": unit or table_spec()["defaults"]["unit"], "source": source}
    try:
        parse_unit(options["unit"])
    except ValueError:
        raise InputError(path, f"--unit: unknown unit {options['unit']!r}",
                         code="option_unit_unknown", params={"value": options["unit"]}) from None
    table = CoefficientTable(file=path, columns=used)
    seen: dict[str, Coefficient] = {}
    for i, rec in enumerate(raw.to_dict("records")):
        if not any(str(v).strip() for v in rec.values()):
            continue  # a blank row (spreadsheets often end with some)
        coefficient = _row(rec, i + 2, used, path, options, price_years, last_year)
        key = coefficient.product_group.casefold()
        if key in seen:
            first = seen[key]
            how = "repeats" if first.product_group == coefficient.product_group \
                else "differs only in letter case from"
            raise InputError(path, f"product group '{coefficient.product_group}' {how} row "
                             f"{first.row}: give each product group once",
                             row=coefficient.row, column=used["product_group"],
                             code="product_group_twice" if how == "repeats"
                             else "product_group_case_twice",
                             params={"group": coefficient.product_group, "original": first.row})
        seen[key] = coefficient
        table.rows.append(coefficient)
    if not table.rows:
        raise InputError(path, "the table has no coefficient rows", row=2,
                         code="coefficient_table_empty")
    return table
