"""Emissions by supplier: each supplier's spend, tCO2e, intensity, source groups, shares, the
quality of its figure and its change from the previous year, from an inventory's spend rows.

Pure functions over DataFrames. Only counted spend lines carry emissions; spend covered by
activity data or left unclassified is shown apart (`uncounted_eur`), never dropped.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

COLUMNS = ["rank", "supplier_id", "supplier_name", "eur", "tco2e", "kg_per_eur", "source_groups",
           "share_pct", "scope3_share_pct", "quality", "tier", "supplier_specific_pct",
           "previous_tco2e", "change_pct", "uncounted_eur", "lines"]


@dataclass
class SupplierTotals:
    """What the table's rows add up to: the spend-based total split into suppliers and lines
    without a supplier id."""

    spend_tco2e: float          # every counted spend line, tCO2e
    suppliers_tco2e: float      # the rows of the table
    without_tco2e: float        # counted lines without a supplier id
    without_eur: float
    without_lines: int
    total_tco2e: float          # the inventory's total (shares' denominator)
    scope3_tco2e: float


def supplier_key(spend_rows: pd.DataFrame) -> pd.Series:
    """Each line's supplier business id, stripped ('' when the line has none)."""
    return spend_rows["supplier_id"].astype(object).where(
        spend_rows["supplier_id"].notna(), "").astype(str).str.strip()


def _by_supplier(rows: pd.DataFrame) -> pd.DataFrame:
    """tCO2e, EUR and lines per supplier id of counted lines, plus the uncounted EUR."""
    key = supplier_key(rows)
    counted = (rows["status"].astype(str) == "counted").to_numpy()
    frame = pd.DataFrame({"supplier_id": key.to_numpy(),
                          "eur": np.where(counted, rows["amount_eur"].to_numpy(dtype=float), 0.0),
                          "kg": np.where(counted, rows["kgco2e"].to_numpy(dtype=float), 0.0),
                          "uncounted_eur": np.where(
                              counted | (rows["status"].astype(str) == "excluded").to_numpy(),
                              0.0, rows["amount_eur"].to_numpy(dtype=float)),
                          "lines": counted.astype(int)})
    return frame.groupby("supplier_id", sort=False).sum()


def _dominant(rows: pd.DataFrame, column: str) -> pd.Series:
    """Per supplier id, the value of `column` (quality, tier) carrying most of its tCO2e."""
    kg = rows.assign(_key=supplier_key(rows).to_numpy(), _value=rows[column].astype(str).to_numpy())
    g = kg.groupby(["_key", "_value"], sort=False)["kgco2e"].sum().reset_index()
    g = g.sort_values(["_key", "kgco2e"], ascending=[True, False]).drop_duplicates("_key")
    return g.set_index("_key")["_value"]


def supplier_table(spend_rows: pd.DataFrame, total_tco2e: float, scope3_tco2e: float,
                   group_names: dict[str, str], previous: pd.DataFrame | None = None
                   ) -> tuple[pd.DataFrame, SupplierTotals]:
    """One row per supplier with emissions or spend, largest tCO2e first, and the totals the
    rows add up to. `previous` is the previous year's spend rows (None: no change shown)."""
    sums = _by_supplier(spend_rows)
    counted = spend_rows[(spend_rows["status"].astype(str) == "counted").to_numpy()]
    key = supplier_key(counted)
    names = (pd.DataFrame({"k": supplier_key(spend_rows).to_numpy(),
                           "n": spend_rows["supplier_name"].astype(str).to_numpy()})
             .drop_duplicates("k").set_index("k")["n"])
    groups = (counted.assign(_key=key.to_numpy(), _g=counted["source_group"].astype(str).to_numpy())
              .groupby(["_key", "_g"], sort=False)["kgco2e"].sum().reset_index()
              .sort_values(["_key", "kgco2e"], ascending=[True, False]))
    group_list = groups.groupby("_key", sort=False)["_g"].apply(
        lambda gs: ", ".join(group_names.get(g, g) for g in gs))
    quality = _dominant(counted, "quality")
    tier = _dominant(counted, "factor_tier")
    own = counted[(counted["quality"].astype(str) == "supplier-specific").to_numpy()]
    own_kg = own.assign(_key=supplier_key(own).to_numpy()).groupby("_key")["kgco2e"].sum()
    prev = _by_supplier(previous)["kg"] / 1000.0 if previous is not None and len(previous) else None
    with_id = sums[sums.index != ""]
    with_id = with_id[(with_id["kg"] != 0) | (with_id["eur"] != 0) | (with_id["uncounted_eur"] != 0)]
    ids = list(with_id.index)
    t = with_id["kg"].to_numpy() / 1000.0
    eur = with_id["eur"].to_numpy()
    table = pd.DataFrame({
        "supplier_id": ids,
        "supplier_name": [names.get(i, "") for i in ids],
        "eur": eur, "tco2e": t,
        "kg_per_eur": np.divide(t * 1000.0, eur, out=np.full(len(ids), np.nan), where=eur != 0),
        "source_groups": [group_list.get(i, "") for i in ids],
        "share_pct": 100.0 * t / total_tco2e if total_tco2e else np.zeros(len(ids)),
        "scope3_share_pct": 100.0 * t / scope3_tco2e if scope3_tco2e else np.zeros(len(ids)),
        "quality": [quality.get(i, "") for i in ids],
        "tier": [tier.get(i, "") for i in ids],
        "supplier_specific_pct": [100.0 * own_kg.get(i, 0.0) / (k if k else 1.0)
                                  for i, k in zip(ids, with_id["kg"].to_numpy())],
        "previous_tco2e": [float(prev.get(i, 0.0)) if prev is not None else np.nan for i in ids],
        "uncounted_eur": with_id["uncounted_eur"].to_numpy(),
        "lines": with_id["lines"].to_numpy(dtype=int),
    })
    prev_t = table["previous_tco2e"].to_numpy(dtype=float)
    # no change where nothing of the year is counted spend-based (e.g. computed per night now)
    table["change_pct"] = np.divide(t - prev_t, prev_t, out=np.full(len(ids), np.nan),
                                    where=(np.nan_to_num(prev_t) != 0) & (eur != 0)) * 100.0
    table = table.sort_values(["tco2e", "eur"], ascending=False, ignore_index=True)
    table["rank"] = np.arange(1, len(table) + 1)
    none = sums.loc[""] if "" in sums.index else pd.Series({"kg": 0.0, "eur": 0.0, "lines": 0})
    totals = SupplierTotals(
        spend_tco2e=float(counted["kgco2e"].sum()) / 1000.0,
        suppliers_tco2e=float(t.sum()), without_tco2e=float(none["kg"]) / 1000.0,
        without_eur=float(none["eur"]), without_lines=int(none["lines"]),
        total_tco2e=float(total_tco2e), scope3_tco2e=float(scope3_tco2e))
    return table[COLUMNS], totals
