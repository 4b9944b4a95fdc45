"""The state-wide footprint's tables, from euros by unit, branch and rule (carbon.statewide):
per unit, per branch (ylaorganisaatio) and per unit and source group. Pure functions.

A unit's tCO2e is the sum over its rules of euros x the rule's kgCO2e per euro; its spend is
every line of the year (counted, excluded, unclassified), as in the footprint's coverage
table; tCO2e per 1,000 EUR is over the spend that has a factor (counted).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from carbon.readers.mapping import EXCLUDED, UNCLASSIFIED

#: How many of a unit's largest source groups the tables name.
TOP_GROUPS = 3
KEYS = {"unit": ["unit_id", "unit_name", "branch_id", "branch", "rules"],
        "branch": ["branch_id", "branch"]}


def group_rows(sums: pd.DataFrame, rules: pd.DataFrame, units: dict[str, str]) -> pd.DataFrame:
    """One row per unit and source group: rules (the unit's rule set), source_group, status
    (counted, excluded, unclassified), eur, lines, tco2e."""
    s = sums.merge(rules[["rule_id", "rule_set", "source_group", "status", "kg_per_eur"]],
                   on="rule_id", how="left")
    matched = s["rule_id"].to_numpy() >= 0
    s["rules"] = [units.get(u, "default") for u in s["unit_id"]]
    s["status"] = np.where(matched, s["status"].fillna("").replace({"classified": "counted"}),
                           UNCLASSIFIED)
    s["source_group"] = np.where(matched, s["source_group"].fillna(""), UNCLASSIFIED)
    s["kg"] = s["eur"].to_numpy() * np.where(matched, s["kg_per_eur"].fillna(0.0), 0.0)
    keys = KEYS["unit"] + ["source_group", "status"]
    g = s.groupby(keys, as_index=False, dropna=False)[["eur", "lines", "kg"]].sum()
    g["tco2e"] = g.pop("kg") / 1000.0
    return g


def _totals(groups: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Spend, tCO2e, intensity and unclassified and excluded shares per key."""
    def part(status: str) -> pd.Series:
        return groups[groups["status"] == status].groupby(keys, dropna=False)["eur"].sum()
    t = groups.groupby(keys, dropna=False)[["eur", "tco2e", "lines"]].sum()
    counted, unclassified, excluded = part("counted"), part(UNCLASSIFIED), part(EXCLUDED)
    t["unclassified_eur"] = unclassified.reindex(t.index, fill_value=0.0)
    t["excluded_eur"] = excluded.reindex(t.index, fill_value=0.0)
    counted = counted.reindex(t.index, fill_value=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        t["tco2e_per_1000_eur"] = np.where(counted != 0, 1000.0 * t["tco2e"] / counted, np.nan)
        t["unclassified_share_pct"] = np.where(t["eur"] != 0, 100.0 * t["unclassified_eur"] / t["eur"],
                                               0.0)
    return t


def _largest(groups: pd.DataFrame, keys: list[str], names: dict[str, str]) -> pd.DataFrame:
    """The TOP_GROUPS largest counted source groups per key: name and share of tCO2e."""
    c = groups[groups["status"] == "counted"]
    by = c.groupby(keys + ["source_group"], dropna=False)["tco2e"].sum().reset_index()
    total = by.groupby(keys, dropna=False)["tco2e"].transform("sum")
    by["share"] = np.where(total != 0, 100.0 * by["tco2e"] / total, 0.0)
    by = by.sort_values(keys + ["tco2e"], ascending=[True] * len(keys) + [False])
    by["n"] = by.groupby(keys, dropna=False).cumcount() + 1
    by = by[by["n"] <= TOP_GROUPS]
    wide = {}
    for n in range(1, TOP_GROUPS + 1):
        part = by[by["n"] == n].set_index(keys)
        wide[f"group_{n}"] = part["source_group"].map(lambda g: names.get(g, g))
        wide[f"group_{n}_share_pct"] = part["share"]
    return pd.DataFrame(wide)


def table(groups: pd.DataFrame, level: str, names: dict[str, str]) -> pd.DataFrame:
    """Per unit (`level` "unit") or per branch ("branch"): spend, tCO2e, tCO2e per 1,000 EUR,
    unclassified share and the largest source groups, largest emitter first."""
    keys = KEYS[level]
    t = _totals(groups, keys)
    if level == "branch":
        t.insert(0, "units", groups.groupby(keys, dropna=False)["unit_id"].nunique())
    t = t.join(_largest(groups, keys, names)).reset_index()
    t["lines"] = t["lines"].astype(np.int64)
    first = keys + (["units"] if level == "branch" else [])
    rest = ["eur", "tco2e", "tco2e_per_1000_eur", "unclassified_eur", "unclassified_share_pct",
            "excluded_eur", "lines"]
    tops = [c for n in range(1, TOP_GROUPS + 1) for c in (f"group_{n}", f"group_{n}_share_pct")]
    return t[first + rest + tops].sort_values("tco2e", ascending=False, ignore_index=True)
