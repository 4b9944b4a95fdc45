"""Rule sets for the state-wide footprint: which mapping rules, factor library, price index and
source groups classify a procurement unit's lines.

The default rule set (`emission_factors/defaults/`: rules by product group and category) serves
every unit without rules of its own; an organisation's settings file gives a unit its own rules,
factors and price index, exactly as its `footprint` uses them. `rule_table` turns the sets into
one table the state-wide scan joins on: each rule with its precedence and its kgCO2e per euro
for the year, computed as `carbon.inventory.spend_emissions` computes it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from carbon.readers.factors import FactorLibrary, load_factors
from carbon.readers.inputs import load_source_groups
from carbon.readers.mapping import EXCLUDE, EXCLUDED, MappingRules, load_mapping
from carbon.readers.price_index import PriceIndex, load_price_index
from carbon.readers.settings import ROOT, load_organisation
from carbon.units import emission_scale

DEFAULTS = ROOT / "emission_factors" / "defaults"
DEFAULT = "default"
#: Precedence codes: rank of the match kind in the set's order x RANK + the rule's id.
RANK = 1_000_000


@dataclass
class RuleSet:
    """The rules one group of units is classified with, and where they come from."""

    name: str                     # "default" or the organisation's id
    label: str                    # what the output calls it (the organisation's name)
    mapping: MappingRules
    factors: FactorLibrary
    prices: PriceIndex
    groups: dict[str, dict]       # source group id -> {name: {fi, sv, en}, ...}


def default_rule_set() -> RuleSet:
    """The default rules by product group and category, with the common factor library."""
    factors = load_factors([ROOT / "emission_factors"])
    groups = load_source_groups(DEFAULTS / "source_groups.yaml")
    mapping = load_mapping(DEFAULTS / "mapping.csv", factors, None, set(groups))
    return RuleSet(name=DEFAULT, label=DEFAULT, mapping=mapping, factors=factors,
                   prices=load_price_index(), groups=groups)


def organisation_rule_set(org_file: str | Path) -> RuleSet:
    """An organisation's own mapping rules, match order, factors, price index and groups."""
    org = load_organisation(org_file)
    factors = load_factors(org.factors_dirs)
    groups = load_source_groups(org.source_groups)
    mapping = load_mapping(org.mapping, factors, org.mapping_order, set(groups) or None)
    return RuleSet(name=org.id, label=org.name_in("fi"), mapping=mapping, factors=factors,
                   prices=load_price_index(org.price_index), groups=groups)


def per_eur(rules: RuleSet, factor_id: str, year: int) -> float:
    """kgCO2e per euro of a spend factor in `year`: deflator to its price year x value x unit
    scale (the same product as carbon.inventory.spend_emissions)."""
    f = rules.factors[factor_id]
    scale = emission_scale("EUR", f.unit)
    deflator = rules.prices.deflator(year, f.price_year) if f.price_year else 1.0
    return deflator * f.value_for(year) * scale


def rule_table(sets: list[RuleSet], year: int) -> pd.DataFrame:
    """Every rule of every set: rule_id, rule_set, match, key, code (precedence: lower wins
    within a set), factor_id, source_group, status (classified, excluded) and kg_per_eur.
    Rules of a match kind outside the set's order are left out, as `classify` leaves them."""
    rows = []
    for s in sets:
        for rec in s.mapping.rules.to_dict("records"):
            if rec["match"] not in s.mapping.order:
                continue
            fid = rec["factor_id"]
            excluded = fid == EXCLUDE
            rows.append({"rule_set": s.name, "match": rec["match"], "key": rec["key"],
                         "rank": s.mapping.order.index(rec["match"]),
                         "factor_id": None if excluded else fid,
                         "source_group": rec["source_group"] or EXCLUDED if excluded
                         else rec["source_group"],
                         "status": EXCLUDED if excluded else "classified",
                         "kg_per_eur": 0.0 if excluded else per_eur(s, fid, year),
                         "rule_row": int(rec["row"])})
    table = pd.DataFrame(rows, columns=["rule_set", "match", "key", "rank", "factor_id",
                                        "source_group", "status", "kg_per_eur", "rule_row"])
    table.insert(0, "rule_id", np.arange(len(table), dtype=np.int64))
    table["code"] = table["rank"] * RANK + table["rule_id"]
    return table
