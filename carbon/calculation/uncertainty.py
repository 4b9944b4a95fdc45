"""Uncertainty of one year's inventory: Monte Carlo over the emission factors' uncertainty.

Each factor gets one lognormal multiplier per draw (median 1, the factor's geometric standard
deviation; `carbon.scenario.montecarlo.multipliers`), shared by every row that uses it: a
factor's error is systematic, so rows of one factor do not average out. A draw's total is

    T_d = sum_j t_j * m_dj      (t_j: tCO2e through factor j on the inventory's basis)

and the variance of the total splits exactly into the factors' parts,
Var(T) = sum_j t_j^2 * Var(m_j) with Var(m_j) = exp(s_j^2) * (exp(s_j^2) - 1), s_j = ln(gsd_j),
which ranks the sources by how much they widen the range. Activity quantities and spend are
taken as exact (their uncertainty is not in the data). The deterministic total uses the
factors' central values; because the multipliers are skewed, the median of the draws lies a
little above it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from carbon.readers.factors import FactorLibrary
from .draws import DEFAULT_DRAWS, DEFAULT_SEED
from .inventory import COUNTED, Inventory
from carbon.scenario.montecarlo import multipliers

PERCENTILES = (5.0, 50.0, 95.0)


@dataclass
class InventoryUncertainty:
    """P5/P50/P95 of the total and of each scope, and the largest contributors to the variance."""

    year: int
    draws: int
    seed: int
    central: float             # the deterministic total (tCO2e)
    total: dict[str, float]    # p5, p50, p95 of the total
    by_scope: pd.DataFrame     # scope, central, p5, p50, p95
    contributors: pd.DataFrame  # factor_id, source_groups, tco2e, gsd, variance_share_pct


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


def inventory_uncertainty(inv: Inventory, factors: FactorLibrary, draws: int = DEFAULT_DRAWS,
                          seed: int = DEFAULT_SEED, top: int = 5) -> InventoryUncertainty:
    """Monte Carlo of the inventory's total and scopes under factor uncertainty (see module)."""
    per = factor_emissions(inv)
    ids = tuple(sorted(set(per["factor_id"])))
    gsd = np.array([factors[f].gsd for f in ids])
    mult = multipliers(ids, gsd, draws, seed)                     # draws x factors
    col = {f: j for j, f in enumerate(ids)}
    scopes = [1, 2, 3]
    weights = np.zeros((len(scopes), len(ids)))                   # scopes x factors (tCO2e)
    for rec in per.itertuples():
        weights[scopes.index(rec.scope), col[rec.factor_id]] += rec.tco2e
    sims = weights @ mult.T                                       # scopes x draws
    total = sims.sum(axis=0)
    pct = lambda a: dict(zip(("p5", "p50", "p95"), map(float, np.percentile(a, PERCENTILES))))  # noqa: E731
    by_scope = pd.DataFrame([{"scope": s, "central": float(weights[i].sum()), **pct(sims[i])}
                             for i, s in enumerate(scopes)])
    by_factor = weights.sum(axis=0)
    s2 = np.log(np.maximum(gsd, 1.0)) ** 2
    variance = by_factor ** 2 * np.exp(s2) * (np.exp(s2) - 1.0)
    groups = per.groupby("factor_id")["source_groups"].agg(
        lambda s: ", ".join(sorted({g for x in s for g in x.split(", ")})))
    contrib = pd.DataFrame({"factor_id": ids, "source_groups": [groups[f] for f in ids],
                            "tco2e": by_factor, "gsd": gsd,
                            "variance_share_pct": 100.0 * variance / variance.sum()
                            if variance.sum() > 0 else 0.0})
    contrib = contrib.sort_values("variance_share_pct", ascending=False).head(top)
    return InventoryUncertainty(year=inv.year, draws=draws, seed=seed, central=float(weights.sum()),
                                total=pct(total), by_scope=by_scope,
                                contributors=contrib.reset_index(drop=True))
