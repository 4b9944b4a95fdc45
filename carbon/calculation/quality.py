"""Data quality of every line of an inventory, and its roll-up as shares of tCO2e and of spend.

A line's quality says what its emissions rest on, best first:

- `supplier-specific`: a factor the supplier reported (method supplier-specific);
- `activity-based`: a quantity (kWh, litres, pkm, nights) times a factor; a spend line whose
  source group is covered by activity data this year counts here too, because its emissions are
  computed from that activity data;
- `spend-based-published`, `spend-based-proxy`, `spend-based-estimate`: euros times a spend-based
  factor of that provenance tier (see carbon/readers/provenance.py).

Spend lines no rule classifies get `unclassified` (no emissions computed); excluded lines are
outside the inventory and get no quality. Pure functions over DataFrames.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

SUPPLIER = "supplier-specific"
ACTIVITY = "activity-based"
SPEND = {"published": "spend-based-published", "proxy": "spend-based-proxy",
         "estimate": "spend-based-estimate"}
QUALITIES = (SUPPLIER, ACTIVITY, *SPEND.values())
UNCLASSIFIED = "unclassified"
SHARE_COLUMNS = ["quality", "tco2e", "tco2e_share_pct", "eur", "eur_share_pct", "lines"]


def line_quality(method: str, tier: str) -> str:
    """The quality of a line computed with a factor of this method and provenance tier."""
    if method == "supplier-specific":
        return SUPPLIER
    if method == "activity-based":
        return ACTIVITY
    return SPEND[tier]


def spend_quality(status: pd.Series, quality: pd.Series) -> pd.Categorical:
    """Quality of each spend line from its status and its factor's quality: counted lines keep
    the factor's, covered lines are activity-based, unclassified lines are `unclassified`,
    excluded lines have none (NaN)."""
    categories = [*QUALITIES, UNCLASSIFIED]
    own = pd.Categorical(quality, categories=categories).codes
    is_ = {k: (status == k).to_numpy(dtype=bool) for k in ("counted", "covered", "unclassified")}
    codes = np.where(is_["counted"], own, -1)
    codes = np.where(is_["covered"], categories.index(ACTIVITY), codes)
    codes = np.where(is_["unclassified"], categories.index(UNCLASSIFIED), codes)
    return pd.Categorical.from_codes(codes, categories=categories)


def _sums_by(labels: pd.Series, columns: dict[str, np.ndarray]) -> dict[str, pd.Series]:
    """Sums of each column and the row count per label, NaN labels left out. A categorical's
    codes are counted directly (a million lines without turning them into strings)."""
    if isinstance(labels.dtype, pd.CategoricalDtype):
        codes, names = labels.cat.codes.to_numpy(), list(labels.cat.categories.astype(str))
    else:
        codes, uniques = pd.factorize(labels.astype(object), use_na_sentinel=True)
        names = [str(u) for u in uniques]
    keep = codes >= 0
    codes = codes[keep]
    out = {k: pd.Series(np.bincount(codes, weights=v[keep], minlength=len(names)), index=names)
           for k, v in columns.items()}
    out["lines"] = pd.Series(np.bincount(codes, minlength=len(names)), index=names)
    return out


def _add(a: dict[str, pd.Series], b: dict[str, pd.Series]) -> dict[str, pd.Series]:
    return {k: a[k].add(b[k], fill_value=0) for k in a}


def quality_shares(spend_rows: pd.DataFrame, activity_rows: pd.DataFrame) -> pd.DataFrame:
    """tCO2e, EUR and lines of each quality, with shares of the total in %.

    tCO2e: counted spend lines and counted activity rows (`kgco2e`, the inventory's basis).
    EUR: every spend line inside the inventory (counted, covered by activity data,
    unclassified); excluded lines are outside. The five qualities are always listed; the
    `unclassified` row only when there is such spend. Each share column sums to 100 (or is all
    zero when its total is zero)."""
    sums = {"kg": pd.Series(dtype=float), "eur": pd.Series(dtype=float),
            "lines": pd.Series(dtype=float)}
    if len(spend_rows):
        counted = (spend_rows["status"] == "counted").to_numpy(dtype=bool)
        sums = _add(sums, _sums_by(spend_rows["quality"], {
            "kg": np.where(counted, spend_rows["kgco2e"].to_numpy(dtype=float), 0.0),
            "eur": spend_rows["amount_eur"].to_numpy(dtype=float)}))
    if len(activity_rows):
        a = activity_rows[(activity_rows["status"] == "counted").to_numpy(dtype=bool)]
        sums = _add(sums, _sums_by(a["quality"], {"kg": a["kgco2e"].to_numpy(dtype=float),
                                                  "eur": np.zeros(len(a))}))
    present = sums["lines"][sums["lines"] > 0].index
    order = list(QUALITIES) + ([UNCLASSIFIED] if UNCLASSIFIED in present else [])
    g = {k: v.reindex(order, fill_value=0) for k, v in sums.items()}
    out = pd.DataFrame({"quality": order, "tco2e": g["kg"].to_numpy(dtype=float) / 1000.0,
                        "eur": g["eur"].to_numpy(dtype=float),
                        "lines": g["lines"].to_numpy(dtype=int)})
    for col in ("tco2e", "eur"):
        total = float(out[col].sum())
        out[f"{col}_share_pct"] = 100.0 * out[col] / total if total else 0.0
    return out[SHARE_COLUMNS]


def tier_shares(spend_rows: pd.DataFrame, activity_rows: pd.DataFrame) -> pd.DataFrame:
    """tCO2e of counted lines by the provenance tier of their factor's value (published, proxy,
    estimate), with its share of the total in %; all three tiers always listed."""
    kg = pd.Series(dtype=float)
    for rows in (spend_rows, activity_rows):
        if len(rows):
            counted = (rows["status"] == "counted").to_numpy(dtype=bool)
            kg = kg.add(_sums_by(rows["factor_tier"], {
                "kg": np.where(counted, rows["kgco2e"].to_numpy(dtype=float), 0.0)})["kg"],
                fill_value=0)
    tiers = list(SPEND)
    t = kg.reindex(tiers, fill_value=0.0).to_numpy() / 1000.0
    total = float(t.sum())
    return pd.DataFrame({"tier": tiers, "tco2e": t,
                         "share_pct": 100.0 * t / total if total else np.zeros(len(tiers))})
