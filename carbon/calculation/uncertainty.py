"""Uncertainty of one year's inventory, and of its trend, by Monte Carlo over the factors.

Each factor's value is its expected value: its lognormal multiplier has mean 1 (s = ln(gsd),
m = exp(s*Z - s^2/2); `carbon.scenario.montecarlo.multipliers`), so the calculated total is the
mean of the simulated totals and the interval sits around it, as IPCC 2006 Guidelines Vol. 1
ch. 3 (Approach 2) reports it: the 95 % interval between the 2.5th and the 97.5th percentile
by default (90 % on request). A multiplier is shared by every row that uses the factor and by
every factor id that reads the same source value (`Factor.draw_key`): a factor's error is
systematic, so rows of one source value do not average out. A draw's total is

    T_d = sum_k sum_{j in k} t_j * m_dj     (t_j: tCO2e through factor j; k: its draw key)

and the variance splits exactly into the draw keys' parts,
Var(T) = sum_k sum_{i,j in k} t_i t_j (exp(s_i s_j) - 1), which ranks the source values by how
much they widen the range. Activity quantities and spend are taken as exact (their uncertainty
is not in the data). Because the multipliers are skewed, the median of the draws lies below the
mean. The trend (the reduction since the base year) is drawn with the same multipliers in both
years, as IPCC's Approach 2 does: a factor used in both years moves both years alike.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from carbon.readers.factors import FactorLibrary
from .draws import DEFAULT_DRAWS, DEFAULT_INTERVAL, DEFAULT_SEED, interval_bounds
from .inventory import COUNTED, Inventory
from carbon.scenario.montecarlo import multipliers

#: the statistic the calculated figure is, said in every output of a range
CENTRAL_STATISTIC = "mean"


@dataclass
class InventoryUncertainty:
    """The interval (low, high), median and mean of the total and of each scope, and the
    source values that contribute most to the variance."""

    year: int
    draws: int
    seed: int
    central: float             # the deterministic total (tCO2e): the mean of the distribution
    total: dict[str, float]    # low, median, high, mean of the total
    by_scope: pd.DataFrame     # scope, central, low, median, high, mean
    contributors: pd.DataFrame  # factor_id (ids of one draw key), source_groups, tco2e, gsd, variance_share_pct
    interval: int = DEFAULT_INTERVAL  # % of the draws between low and high

    @property
    def percentiles(self) -> tuple[float, float]:
        """The percentiles of low and high (95 -> 2.5, 97.5)."""
        return interval_bounds(self.interval)


@dataclass
class TrendUncertainty:
    """The reduction from the base year to a year (%, positive = lower than the base) with its
    interval, both years drawn with the same factor multipliers."""

    base_year: int
    year: int
    draws: int
    seed: int
    interval: int
    base_tco2e: float
    tco2e: float
    reduction_pct: float       # calculated: 100 * (base - year) / base
    low: float                 # the interval's lower bound of the reduction, %
    high: float                # its upper bound, %
    median: float
    mean: float
    #: which base year figure: "calculated" (its own method) or "recalculated" (the view's)
    measured_from: str = "calculated"

    @property
    def percentiles(self) -> tuple[float, float]:
        """The percentiles of low and high (95 -> 2.5, 97.5)."""
        return interval_bounds(self.interval)


def factor_emissions(inv: Inventory) -> pd.DataFrame:
    """tCO2e of the counted rows by scope and by the factor that produced them on the
    inventory's basis (the market factor where the basis is market), with their source groups."""
    keys = ["scope", "factor_id", "source_group"]
    rows = inv.spend_rows
    # only the columns summed by and summed (a filtered copy of every column costs more than
    # the sum); a million lines summed on their categorical codes, then turned into text
    spend = rows.loc[(rows["status"] == COUNTED).to_numpy(), keys + ["kgco2e"]]
    spend = spend.groupby(keys, observed=True, sort=False)["kgco2e"].sum().reset_index()
    parts = [pd.DataFrame({"scope": spend["scope"].astype(int),
                           "factor_id": spend["factor_id"].astype(str),
                           "source_group": spend["source_group"].astype(str),
                           "kg": spend["kgco2e"].astype(float)})]
    act = inv.activity_rows
    if len(act):
        act = act[act["status"] == COUNTED]
        fid = act["market_factor_id"] if inv.basis == "market" else act["factor_id"]
        parts.append(pd.DataFrame({"scope": act["scope"].astype(int), "factor_id": fid.astype(str),
                                   "source_group": act["source_group"].astype(str),
                                   "kg": act["kgco2e"].astype(float)}))
    rows = pd.concat(parts, ignore_index=True)
    out = rows.groupby(["scope", "factor_id"], as_index=False).agg(
        kg=("kg", "sum"), source_groups=("source_group", lambda s: ", ".join(sorted(set(s)))))
    out["tco2e"] = out.pop("kg") / 1000.0
    return out


def _draw_key(factors: FactorLibrary, fid: str) -> str:
    """The draw key of a factor id (its own id for a factor without one, e.g. a test double)."""
    return getattr(factors[fid], "draw_key", fid)


def _multipliers(ids: tuple[str, ...], factors: FactorLibrary, draws: int,
                 seed: int) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """The factors' GSDs, their multipliers (draws x factors) and their draw keys."""
    gsd = np.array([factors[f].gsd for f in ids], dtype=float)
    keys = tuple(_draw_key(factors, f) for f in ids)
    return gsd, multipliers(ids, gsd, draws, seed, keys), keys


def _summary(a: np.ndarray, interval: int) -> dict[str, float]:
    """Low and high bound of the interval, median and mean of simulated values."""
    low, high = interval_bounds(interval)
    lo, med, hi = np.percentile(a, (low, 50.0, high))
    return {"low": float(lo), "median": float(med), "high": float(hi), "mean": float(np.mean(a))}


def _contributors(ids: tuple[str, ...], keys: tuple[str, ...], gsd: np.ndarray,
                  by_factor: np.ndarray, groups: pd.Series, top: int) -> pd.DataFrame:
    """Each draw key's share of Var(T) (the ids of one key together), largest first."""
    s = np.log(np.maximum(gsd, 1.0))
    rows = []
    for key in dict.fromkeys(keys):
        js = [j for j, k in enumerate(keys) if k == key]
        w, sk = by_factor[js], s[js]
        rows.append({"factor_id": ", ".join(ids[j] for j in js),
                     "source_groups": ", ".join(sorted({g for j in js
                                                        for g in groups[ids[j]].split(", ")})),
                     "tco2e": float(w.sum()), "gsd": float(gsd[js].max()),
                     "variance": float(w @ (np.exp(np.outer(sk, sk)) - 1.0) @ w)})
    out = pd.DataFrame(rows)
    total = out["variance"].sum()
    out["variance_share_pct"] = 100.0 * out.pop("variance") / total if total > 0 else 0.0
    return out.sort_values("variance_share_pct", ascending=False).head(top).reset_index(drop=True)


def inventory_uncertainty(inv: Inventory, factors: FactorLibrary, draws: int = DEFAULT_DRAWS,
                          seed: int = DEFAULT_SEED, top: int = 5,
                          interval: int = DEFAULT_INTERVAL) -> InventoryUncertainty:
    """Monte Carlo of the inventory's total and scopes under factor uncertainty (see module)."""
    interval_bounds(interval)  # an interval not offered stops here, before the draws
    per = factor_emissions(inv)
    ids = tuple(sorted(set(per["factor_id"])))
    gsd, mult, keys = _multipliers(ids, factors, draws, seed)     # draws x factors
    col = {f: j for j, f in enumerate(ids)}
    scopes = [1, 2, 3]
    weights = np.zeros((len(scopes), len(ids)))                   # scopes x factors (tCO2e)
    for rec in per.itertuples():
        weights[scopes.index(rec.scope), col[rec.factor_id]] += rec.tco2e
    sims = weights @ mult.T                                       # scopes x draws
    total = sims.sum(axis=0)
    by_scope = pd.DataFrame([{"scope": s, "central": float(weights[i].sum()),
                              **_summary(sims[i], interval)} for i, s in enumerate(scopes)])
    groups = per.groupby("factor_id")["source_groups"].agg(
        lambda s: ", ".join(sorted({g for x in s for g in x.split(", ")})))
    contrib = _contributors(ids, keys, gsd, weights.sum(axis=0), groups, top)
    return InventoryUncertainty(year=inv.year, draws=draws, seed=seed, central=float(weights.sum()),
                                total=_summary(total, interval), by_scope=by_scope,
                                contributors=contrib, interval=interval)


def _by_factor(inv: Inventory) -> pd.Series:
    """tCO2e by factor id on the inventory's basis."""
    return factor_emissions(inv).groupby("factor_id")["tco2e"].sum()


def trend_between(base: Inventory, current: Inventory, factors: FactorLibrary,
                  draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
                  interval: int = DEFAULT_INTERVAL) -> TrendUncertainty:
    """The reduction from `base` to `current` with its interval: one multiplier per draw key
    and draw, applied in both years (a factor used in both moves both alike)."""
    interval_bounds(interval)
    b, c = _by_factor(base), _by_factor(current)
    ids = tuple(sorted(set(b.index) | set(c.index)))
    _, mult, _ = _multipliers(ids, factors, draws, seed)
    wb = b.reindex(list(ids), fill_value=0.0).to_numpy()
    wc = c.reindex(list(ids), fill_value=0.0).to_numpy()
    tb, tc = mult @ wb, mult @ wc
    reduction = 100.0 * (tb - tc) / tb
    s = _summary(reduction, interval)
    base_total, total = float(wb.sum()), float(wc.sum())
    return TrendUncertainty(base_year=base.year, year=current.year, draws=draws, seed=seed,
                            interval=interval, base_tco2e=base_total, tco2e=total,
                            reduction_pct=100.0 * (base_total - total) / base_total, **s)


def trend_uncertainty(inputs, base_year: int, year: int, draws: int = DEFAULT_DRAWS,
                      seed: int = DEFAULT_SEED, interval: int = DEFAULT_INTERVAL,
                      base: Inventory | None = None) -> TrendUncertainty:
    """The reduction since the base year with its interval, from the loaded inputs. From the
    organisation's base year it follows the base-year policy of the view of `year`
    (`Inputs.series_inventories`: the recalculated base year when the policy measures from it);
    `base` gives a base-year inventory to measure from instead."""
    current, measured_from = inputs.inventory(year), "calculated"
    if base is None and base_year == inputs.org.base_year:
        policy = inputs.baseline(year)
        series = inputs.series_inventories(year)
        base, current = series.get(base_year), series.get(year, current)
        measured_from = policy.measured_from
    base = inputs.inventory(base_year) if base is None else base
    result = trend_between(base, current, inputs.factors, draws, seed, interval)
    result.measured_from = measured_from
    return result
