"""The lines a scenario projects: an inventory decomposed into source group x factor x activity.

A line holds a quantity (euros of the start year, nights, kWh, litres, pkm ...) and the
kgCO2e one unit gives per unit of factor value (`k_location`, `k_market`: unit conversion and,
for spend, the deflator to the factor's price year), so that in any year

    tCO2e = quantity x mult x k x factor value(year) / 1000

reproduces the inventory in the start year and follows factor trajectories afterwards.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from carbon.readers.factors import FactorLibrary
from carbon.calculation.inventory import COUNTED, Inventory
from carbon.units import emission_scale

#: Columns that identify a line (two lines with the same values are the same line).
LINE_KEYS = ["source_group", "scope", "ghg_category", "method", "kind", "item", "contract",
             "control", "factor_id", "market_factor_id", "unit", "variant", "mult"]
LINE_COLUMNS = LINE_KEYS + ["quantity", "k_location", "k_market", "tco2e_location", "tco2e_market"]
SPEND = "spend"


def start_lines(inv: Inventory, factors: FactorLibrary) -> pd.DataFrame:
    """The counted spend and activity of an inventory as lines; their tCO2e are the inventory's."""
    spend = inv.spend_rows[inv.spend_rows["status"] == COUNTED]
    keys = ["source_group", "scope", "ghg_category", "method", "factor_id"]
    s = (spend.assign(**{k: spend[k].astype(str) for k in ("source_group", "method", "factor_id")})
         .groupby(keys, dropna=False, observed=True)
         .agg(quantity=("amount_eur", "sum"), kg=("kgco2e", "sum"), deflator=("deflator", "first"))
         .reset_index())
    s["kind"], s["item"], s["contract"], s["control"] = SPEND, "", "", "own"
    s["market_factor_id"], s["unit"] = s["factor_id"], "EUR"
    s["k_location"] = [d * emission_scale("EUR", factors[f].unit)
                       for d, f in zip(s["deflator"], s["factor_id"])]
    s["k_market"] = s["k_location"]
    s["tco2e_location"] = s["tco2e_market"] = s["kg"] / 1000.0
    act = inv.activity_rows[inv.activity_rows["status"] == COUNTED]
    if len(act):
        akeys = keys + ["kind", "item", "contract", "control", "market_factor_id", "unit"]
        a = (act.groupby(akeys, dropna=False)
             .agg(quantity=("quantity", "sum"), kl=("kgco2e_location", "sum"),
                  km=("kgco2e_market", "sum"))
             .reset_index())
        a["k_location"] = [emission_scale(u, factors[f].unit) for u, f in zip(a["unit"], a["factor_id"])]
        a["k_market"] = [emission_scale(u, factors[f].unit)
                         for u, f in zip(a["unit"], a["market_factor_id"])]
        a["tco2e_location"], a["tco2e_market"] = a["kl"] / 1000.0, a["km"] / 1000.0
        lines = pd.concat([s, a], ignore_index=True)
    else:
        lines = s
    lines["variant"], lines["mult"] = "", 1.0
    lines["scope"] = lines["scope"].astype(int)
    lines["ghg_category"] = lines["ghg_category"].astype("Int64")
    for col in ("source_group", "method", "kind", "item", "contract", "control", "factor_id",
                "market_factor_id", "unit"):
        lines[col] = lines[col].astype(str)
    return lines[LINE_COLUMNS].sort_values(["scope", "source_group", "factor_id", "kind", "item",
                                            "contract"], ignore_index=True)


@dataclass(frozen=True)
class CustomFactor:
    """A factor a scenario brings in (e.g. a supplier's reported value), constant over the years."""

    id: str
    unit: str
    value: float
    gsd: float = 1.0
    method: str = "supplier-specific"


@dataclass(frozen=True)
class FactorTable:
    """Factor ids in a fixed order (library first, then a scenario's own) with units, GSDs and
    draw keys (the source value each reads: ids of one key share their Monte Carlo draw)."""

    ids: tuple[str, ...]
    units: tuple[str, ...]
    gsd: np.ndarray
    custom: tuple[CustomFactor, ...] = ()
    keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.keys:  # a factor of its own source value unless told otherwise
            object.__setattr__(self, "keys", tuple(self.ids))

    @classmethod
    def from_library(cls, factors: FactorLibrary) -> FactorTable:
        """The library's factors in its order."""
        fs = list(factors)
        return cls(tuple(f.id for f in fs), tuple(f.unit for f in fs),
                   np.array([f.gsd for f in fs], dtype=float),
                   keys=tuple(f.draw_key for f in fs))

    def with_custom(self, extra: list[CustomFactor]) -> FactorTable:
        """This table with a scenario's own factors appended (each its own draw)."""
        if not extra:
            return self
        return FactorTable(self.ids + tuple(c.id for c in extra),
                           self.units + tuple(c.unit for c in extra),
                           np.concatenate([self.gsd, [c.gsd for c in extra]]),
                           self.custom + tuple(extra), self.keys + tuple(c.id for c in extra))

    def position(self, factor_id: str) -> int:
        """The column of a factor id."""
        return self.ids.index(factor_id)

    def positions(self, factor_ids: list[str] | pd.Series) -> np.ndarray:
        """Columns of many factor ids."""
        where = {f: i for i, f in enumerate(self.ids)}
        return np.array([where[f] for f in factor_ids], dtype=int)


def library_values(factors: FactorLibrary, years: list[int]) -> tuple[np.ndarray, dict[str, tuple]]:
    """Each library factor's value in each year (years x factors); outside a factor's validity the
    nearest valid year's value is used and reported as {factor id: (first, last, years clamped)}."""
    fs = list(factors)
    out = np.empty((len(years), len(fs)))
    clamped: dict[str, tuple] = {}
    for j, f in enumerate(fs):
        outside = []
        for i, y in enumerate(years):
            use = max(y, f.first_year)
            if f.last_year is not None:
                use = min(use, f.last_year)
            if use != y:
                outside.append(y)
            out[i, j] = f.value_for(use)
        if outside:
            clamped[f.id] = (f.first_year, f.last_year, tuple(outside))
    return out, clamped
