"""The change between two years of an organisation's inputs: each year's activity and
emissions by source group (spend deflated to real euros), the years restated on a common
method where it changed (carbon/calculation/recalculation.py), and their decomposition
(carbon/calculation/decomposition.py). Shared by `app.change` (command line, workbench) and the
report's carbon chapter, so every output shows the same numbers."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .decomposition import Decomposition, decompose
from .inventory import Inventory, calculate
from .recalculation import BaseYearCheck, check_base_year
from carbon.yamlfile import read_mapping

if TYPE_CHECKING:
    from carbon.readers.inputs import Inputs

TEXT_FILE = Path(__file__).with_name("decomposition.yaml")


@lru_cache(maxsize=None)
def technique_text() -> dict[str, Any]:
    """The decomposition's name and why it was chosen, in fi, sv and en (a data file, shown by
    every output that shows the change)."""
    return read_mapping(TEXT_FILE, "decomposition text file")


@dataclass
class YearChange:
    """The decomposed change from one year to another and the restatements behind its method
    effect."""

    from_year: int
    to_year: int
    method_year: int               # both years are compared on this year's method
    decomposition: Decomposition
    #: year -> that year under `method_year`'s method (only years whose method differs)
    restated: dict[int, BaseYearCheck]


def activity_frame(inv: Inventory, deflator: float) -> pd.DataFrame:
    """A year's emissions and activity by source group and unit (source_group, unit, quantity,
    tco2e); spend multiplied by `deflator` into real euros, so inflation is not volume."""
    t = inv.table.groupby(["source_group", "unit"], as_index=False)[["quantity", "tco2e"]].sum()
    eur = (t["unit"] == "EUR").to_numpy()
    if eur.any():
        t.loc[eur, "quantity"] = t.loc[eur, "quantity"] * deflator
    return t


def restate(inputs: Inputs, year: int, method_year: int) -> BaseYearCheck:
    """`year` under the method of `method_year` (for the base year: the check progress uses)."""
    org = inputs.org
    if year == org.base_year:
        return inputs.base_check(method_year)
    return check_base_year(
        inputs.inventory(year), inputs.activity, org.coverage, method_year,
        org.recalculation_threshold_pct, org.reported_totals.get(year),
        lambda coverage: calculate(inputs.classified, inputs.activity, inputs.activity_map,
                                   inputs.factors, inputs.prices, coverage, year,
                                   org.scope2_basis))


def year_change(inputs: Inputs, from_year: int, to_year: int,
                method_year: int | None = None) -> YearChange:
    """The change from `from_year` to `to_year` (both with data, from < to ≤ method year)
    decomposed, both compared on the method of `method_year` (default: `to_year`); real spend
    at `from_year` prices."""
    method_year = to_year if method_year is None else method_year
    restated = {y: c for y in (from_year, to_year) if y != method_year
                for c in [restate(inputs, y, method_year)] if c.changes}
    own, common = {}, {}
    for year in (from_year, to_year):
        deflator = inputs.prices.deflator(year, from_year)
        own[year] = activity_frame(inputs.inventory(year), deflator)
        check = restated.get(year)
        common[year] = None if check is None or check.recalculated is None \
            else activity_frame(check.recalculated, deflator)
    result = decompose(own[from_year], own[to_year], from_year, to_year, common[from_year],
                       common[to_year])
    return YearChange(from_year=from_year, to_year=to_year, method_year=method_year,
                      decomposition=result, restated=restated)
