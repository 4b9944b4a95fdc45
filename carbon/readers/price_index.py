"""Price index (kept as data) used to deflate spend to a spend-based factor's price year."""
from __future__ import annotations

import math

from pathlib import Path

import pandas as pd

from carbon.errors import InputError
from carbon.textfile import read_csv_text

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "emission_factors" / "price_index.csv"


class PriceIndex:
    """Yearly index values; deflator(y, p) turns euros of year y into euros of year p."""

    def __init__(self, index: dict[int, float], file: str = "") -> None:
        self.index = index
        self.file = file

    def deflator(self, from_year: int, to_year: int) -> float:
        """Multiply year-`from_year` euros by this to get `to_year` euros."""
        for y in (from_year, to_year):
            if y not in self.index:
                years = f"{min(self.index)}–{max(self.index)}"
                raise InputError(self.file, f"no price index value for {y} (the index covers {years})",
                                 key=str(y),
                                 code="price_index_no_year", params={"year": y, "years": years})
        return self.index[to_year] / self.index[from_year]


def load_price_index(path: str | Path = DEFAULT_FILE) -> PriceIndex:
    """Read a CSV with columns year,index; every value must be a positive number."""
    path = Path(path)
    frame = read_csv_text(path, "price index file")
    for col in ("year", "index"):
        if col not in frame.columns:
            raise InputError(path, "column missing", column=col, code="column_required")
    index: dict[int, float] = {}
    for i, rec in enumerate(frame.to_dict("records")):
        row = i + 2
        try:
            year = int(rec["year"])
        except ValueError:
            raise InputError(path, f"year {rec['year']!r} is not a year", row=row, column="year",
                             code="year_invalid", params={"value": rec["year"]}) from None
        try:
            value = float(rec["index"])
        except ValueError:
            raise InputError(path, f"{rec['index']!r} is not a number", row=row, column="index",
                             code="index_not_number", params={"value": rec["index"]}) from None
        if not (math.isfinite(value) and value > 0):
            raise InputError(path, f"index {value} is not a positive number", row=row,
                             column="index", code="index_not_positive", params={"value": value})
        if year in index:
            raise InputError(path, f"year {year} given twice", row=row, column="year",
                             code="year_twice", params={"year": year})
        index[year] = value
    return PriceIndex(index, str(path))
