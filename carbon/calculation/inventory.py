"""The calculation: spend-based, activity-based and supplier-specific emissions -> inventory.

Pure functions over DataFrames. Every input row stays in `spend_rows` or `activity_rows` with
its status (counted, excluded, unclassified, covered by activity data, memo), the factor that
produced its emissions and the row it came from; `table` aggregates the counted rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from carbon.readers.activity import ActivityMap, activity_emissions
from carbon.errors import InputError
from carbon.readers.factors import FactorLibrary
from carbon.readers.mapping import EXCLUDED, UNCLASSIFIED
from carbon.readers.price_index import PriceIndex
from carbon.readers.provenance import TIERS
from .quality import QUALITIES, line_quality, spend_quality
from carbon.readers.settings import Coverage
from carbon.units import emission_scale

COUNTED = "counted"
COVERED = "covered"
MEMO = "memo"
TABLE_COLUMNS = ["year", "scope", "ghg_category", "source_group", "method", "factor_id",
                 "factor_tier", "quality", "quantity", "unit", "rows", "tco2e_location",
                 "tco2e_market", "tco2e"]


@dataclass
class Inventory:
    """One year's inventory: the aggregated table, every input row behind it, and coverage."""

    year: int
    table: pd.DataFrame
    spend_rows: pd.DataFrame
    activity_rows: pd.DataFrame
    coverage: pd.DataFrame
    basis: str
    #: activity kinds counted this year instead of spend, with the source groups they replace
    covering: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: activity kinds kept as memo this year (their emissions are counted spend-based)
    memo_kinds: tuple[str, ...] = ()

    @property
    def total(self) -> float:
        """Total emissions in tCO2e (scope 2 on the organisation's chosen basis)."""
        return float(self.table["tco2e"].sum())

    def by(self, column: str, value: str = "tco2e") -> pd.Series:
        """Totals by scope, ghg_category, source_group or method, largest first."""
        return self.table.groupby(column, observed=True)[value].sum().sort_values(ascending=False)

    def scope_totals(self) -> pd.DataFrame:
        """tCO2e by scope with scope 2 both location- and market-based."""
        t = self.table.groupby("scope")[["tco2e_location", "tco2e_market", "tco2e"]].sum()
        return t.reindex([1, 2, 3], fill_value=0.0)


def spend_emissions(classified: pd.DataFrame, factors: FactorLibrary, prices: PriceIndex,
                    year: int) -> pd.DataFrame:
    """kgCO2e of each classified spend line of one year: EUR deflated to the factor's price year
    times the factor. Excluded and unclassified lines get zero and keep their status."""
    mask = (classified["year"] == year).to_numpy()
    # a shallow copy: only new columns are set, and those changed later are made here
    out = classified[mask].copy() if not mask.all() else classified.copy(deep=False)
    fids = out["factor_id"]
    if not isinstance(fids.dtype, pd.CategoricalDtype):
        fids = fids.astype("category")
    fids = _outside_years(fids, factors, year)
    out["factor_id"] = fids
    cats = list(fids.cat.categories)
    per_eur = np.zeros(len(cats) + 1)      # last slot: lines without a factor
    deflator = np.full(len(cats) + 1, np.nan)
    value = np.full(len(cats) + 1, np.nan)
    scope = np.full(len(cats) + 1, -1)
    category = np.full(len(cats) + 1, -1)
    method = np.array([""] * (len(cats) + 1), dtype=object)
    tier = np.full(len(cats) + 1, -1)       # codes into TIERS and QUALITIES (-1: no factor)
    quality = np.full(len(cats) + 1, -1)
    for i, fid in enumerate(cats):
        f = factors[fid]
        scale = emission_scale("EUR", f.unit)  # raises UnitMismatch for a non-euro factor
        deflator[i] = prices.deflator(year, f.price_year) if f.price_year else 1.0
        value[i] = f.value_for(year)
        per_eur[i] = deflator[i] * value[i] * scale
        scope[i], category[i], method[i] = f.scope, f.category or -1, f.method
        tier[i] = TIERS.index(f.tier_for(year))
        quality[i] = QUALITIES.index(line_quality(f.method, TIERS[tier[i]]))
    codes = fids.cat.codes.to_numpy().astype(np.int64)
    codes[codes < 0] = len(cats)
    out["deflator"] = deflator[codes]
    out["factor_value"] = value[codes]
    out["scope"] = pd.arrays.IntegerArray(scope[codes], scope[codes] < 0)
    out["ghg_category"] = pd.arrays.IntegerArray(category[codes], category[codes] < 0)
    method_cats = sorted(set(method) - {""})
    out["method"] = pd.Categorical.from_codes(
        np.array([method_cats.index(m) if m else -1 for m in method])[codes], categories=method_cats)
    out["factor_tier"] = pd.Categorical.from_codes(tier[codes], categories=list(TIERS))
    out["quality"] = pd.Categorical.from_codes(quality[codes], categories=list(QUALITIES))
    out["kgco2e"] = out["amount_eur"].to_numpy() * per_eur[codes]
    status = out["status"].cat.rename_categories({"classified": COUNTED})
    out["status"] = status.cat.set_categories([COUNTED, EXCLUDED, UNCLASSIFIED, COVERED])
    return out


def resolve_factor(factors: FactorLibrary, factor_id: str, year: int) -> str:
    """The factor a line of `year` uses: the rule's own, or, for a year outside the years it
    applies to, its `fallback_factor` (followed on), e.g. a supplier's answer for 2021 and the
    spend-based factor the supplier's earlier lines keep."""
    seen = {factor_id}
    f = factors[factor_id]
    while (year < f.first_year or (f.last_year is not None and year > f.last_year)) \
            and f.extra.get("fallback_factor") and f.extra["fallback_factor"] not in seen:
        factor_id = str(f.extra["fallback_factor"])
        seen.add(factor_id)
        f = factors[factor_id]
    return factor_id


def _outside_years(fids: pd.Series, factors: FactorLibrary, year: int) -> pd.Series:
    """The lines' factor ids with every id that has a fallback for this year replaced by it."""
    cats = [str(c) for c in fids.cat.categories]
    resolved = [resolve_factor(factors, c, year) for c in cats]
    if resolved == cats:
        return fids
    new = sorted(set(resolved))
    lookup = np.array([new.index(r) for r in resolved] + [-1], dtype=np.int64)
    codes = fids.cat.codes.to_numpy().astype(np.int64)
    return pd.Series(pd.Categorical.from_codes(lookup[codes], categories=new), index=fids.index,
                     name=fids.name)


def _covering(coverage: list[Coverage], activity: pd.DataFrame, year: int) -> dict[str, tuple]:
    """Activity kinds that replace spend in this year, with the source groups they replace."""
    kinds = set(activity.loc[activity["year"] == year, "kind"]) if len(activity) else set()
    result = {}
    for c in coverage:
        applies = c.years is None or year in c.years
        if applies and c.activity in kinds:
            result[c.activity] = c.replaces
    return result


def calculate(classified: pd.DataFrame, activity: pd.DataFrame, activity_map: ActivityMap,
              factors: FactorLibrary, prices: PriceIndex, coverage: list[Coverage], year: int,
              basis: str = "location") -> Inventory:
    """The inventory of one year from classified spend lines and activity rows.

    Hybrid: where activity data covers a source group this year (coverage rules), that group's
    spend lines are kept as `covered` (zero) and the activity rows are counted; activity kinds
    with a coverage rule that does not apply this year are kept as `memo` (zero).
    """
    has_spend = bool((classified["year"] == year).any()) if len(classified) else False
    has_activity = bool((activity["year"] == year).any()) if len(activity) else False
    if not has_spend and not has_activity:
        years = sorted(set(classified["year"].unique()) | set(activity["year"].unique())) \
            if len(activity) else sorted(set(classified["year"].unique()))
        raise InputError("inputs", f"no ledger lines or activity data for {year} "
                         f"(data covers {', '.join(str(y) for y in years)})", key=str(year),
                         code="year_no_data",
                         params={"year": year, "years": ", ".join(str(y) for y in years)})
    spend = spend_emissions(classified, factors, prices, year)
    covering = _covering(coverage, activity, year)
    replaced = {g for groups in covering.values() for g in groups}
    if replaced:
        hit = spend["source_group"].isin(list(replaced)).to_numpy() & \
            (spend["status"] == COUNTED).to_numpy()
        spend.loc[hit, "status"] = COVERED
        spend.loc[hit, "kgco2e"] = 0.0
    spend["quality"] = spend_quality(spend["status"], spend["quality"])
    memo_kinds = frozenset(c.activity for c in coverage) - set(covering)
    act = activity_emissions(activity, activity_map, factors, year, memo_kinds)
    memo = (act["status"] == MEMO).to_numpy()
    act["kgco2e"] = act["kgco2e_market"] if basis == "market" else act["kgco2e_location"]
    act["factor_tier"], act["quality"] = _activity_quality(act, factors, year, basis)
    table = _aggregate(spend, act, year)
    cov = coverage_table(spend)
    return Inventory(year=year, table=table, spend_rows=spend, activity_rows=act, coverage=cov,
                     basis=basis, covering=dict(covering),
                     memo_kinds=tuple(sorted(set(act.loc[memo, "kind"]))))


def _activity_quality(act: pd.DataFrame, factors: FactorLibrary, year: int,
                      basis: str) -> tuple[list[str], list[str]]:
    """Provenance tier and quality of each activity row, from the factor of the inventory's
    scope 2 basis (the market-based factor when the basis is market)."""
    column = "market_factor_id" if basis == "market" else "factor_id"
    tiers, qualities = [], []
    for fid in act[column].astype(str):
        f = factors[fid]
        tiers.append(f.tier_for(year))
        qualities.append(line_quality(f.method, tiers[-1]))
    return tiers, qualities


def _sums(frame: pd.DataFrame, keys: list[str], columns: dict[str, str]) -> pd.DataFrame:
    """Per group of keys: the sums of some columns (renamed) and the number of rows. A plain
    groupby-sum is several times faster than pandas' named aggregation."""
    groups = frame.groupby(keys, observed=True, dropna=False)
    out = groups[list(columns)].sum().rename(columns=columns)
    out["rows"] = groups.size()
    return out.reset_index()


def _aggregate(spend: pd.DataFrame, act: pd.DataFrame, year: int) -> pd.DataFrame:
    keys = ["scope", "ghg_category", "source_group", "method", "factor_id", "factor_tier", "quality"]
    # only the columns summed by and summed: a filtered copy of every column costs more than the sum
    counted = spend.loc[(spend["status"] == COUNTED).to_numpy(), keys + ["amount_eur", "kgco2e"]]
    s = _sums(counted, keys, {"amount_eur": "quantity", "kgco2e": "kg"})
    s["unit"] = "EUR"
    s["tco2e_location"] = s["tco2e_market"] = s["tco2e"] = s.pop("kg") / 1000.0
    a_counted = act[act["status"] == COUNTED]
    if len(a_counted):
        a = _sums(a_counted, keys + ["unit"],
                  {"quantity": "quantity", "kgco2e_location": "tco2e_location",
                   "kgco2e_market": "tco2e_market", "kgco2e": "tco2e"})
        for col in ("tco2e_location", "tco2e_market", "tco2e"):
            a[col] = a[col] / 1000.0
    else:
        a = pd.DataFrame(columns=s.columns)
    for frame in (s, a):
        for col in ("source_group", "method", "factor_id", "factor_tier", "quality"):
            frame[col] = frame[col].astype(str)
    table = pd.concat([s, a], ignore_index=True) if len(a) else s
    table.insert(0, "year", year)
    table["scope"] = table["scope"].astype(int)
    table["ghg_category"] = table["ghg_category"].astype("Int64")
    table["rows"] = table["rows"].astype(int)
    return table[TABLE_COLUMNS].sort_values(["scope", "tco2e"], ascending=[True, False],
                                            ignore_index=True)


def coverage_table(spend: pd.DataFrame) -> pd.DataFrame:
    """EUR, rows and share of spend by status: what the inventory covers and what it could not."""
    g = spend.groupby("status", observed=False).agg(eur=("amount_eur", "sum"),
                                                    rows=("amount_eur", "size"))
    total = float(spend["amount_eur"].sum())
    g["share_pct"] = 100.0 * g["eur"] / total if total else 0.0
    return g.reset_index()
