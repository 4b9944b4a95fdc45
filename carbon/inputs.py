"""Loading everything one organisation's calculation needs (the I/O edge of the calculator)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
from .activity import ActivityMap, load_activity, load_activity_map
from .errors import InputError
from .factors import FactorLibrary, load_factors
from .inventory import Inventory, calculate
from .ledger import Ledger, load_ledger
from .mapping import MappingRules, classify, load_mapping
from .price_index import PriceIndex, load_price_index
from .settings import Organisation, load_organisation
from .yamlfile import read_mapping


@dataclass
class Inputs:
    """One organisation's validated inputs, ready for `inventory(year)`."""

    org: Organisation
    factors: FactorLibrary
    prices: PriceIndex
    mapping: MappingRules
    ledger: Ledger
    classified: pd.DataFrame
    activity: pd.DataFrame
    activity_map: ActivityMap
    source_groups: dict[str, dict]
    _inventories: dict[int, Inventory] = field(default_factory=dict, repr=False, compare=False)

    @property
    def years(self) -> list[int]:
        """Years with ledger lines or activity data."""
        ys = set(self.classified["year"].unique())
        if len(self.activity):
            ys |= set(self.activity["year"].unique())
        return sorted(int(y) for y in ys)

    def inventory(self, year: int) -> Inventory:
        """The year's inventory, calculated once and shared (treat it as read-only)."""
        if year not in self._inventories:
            self._inventories[year] = calculate(
                self.classified, self.activity, self.activity_map, self.factors, self.prices,
                self.org.coverage, year, self.org.scope2_basis)
        return self._inventories[year]

    def group_name(self, group: str, lang: str = "fi") -> str:
        """The source group's display name in a language (its id when it has none)."""
        g = self.source_groups.get(group, {})
        return (g.get("name") or {}).get(lang) or group


def load_source_groups(path: Path | None) -> dict[str, dict]:
    """Source groups (id -> {name: {fi, en, sv}, colour}) from YAML; empty when not given."""
    if path is None:
        return {}
    doc = read_mapping(path, "source group file")
    groups = {}
    for i, g in enumerate(doc.get("source_groups", [])):
        if not isinstance(g, dict) or not g.get("id") or not isinstance(g.get("name"), dict):
            raise InputError(path, "each source group needs an id and a name {fi: ...}",
                             key=f"source_groups[{i}]")
        groups[g["id"]] = g
    groups.setdefault("unclassified", {"id": "unclassified",
                                       "name": {"fi": "Luokittelematon", "en": "Unclassified"}})
    return groups


def load_inputs(org: Organisation | str | Path | None = None,
                progress: Callable[[int, int], None] | None = None) -> Inputs:
    """Read and validate factors, price index, mapping, ledger and activity data of an
    organisation; `progress(done, total)` after each ledger file and after classifying."""
    if not isinstance(org, Organisation):
        org = load_organisation(org) if org else load_organisation()
    factors = load_factors(org.factors_dirs)
    prices = load_price_index(org.price_index)
    groups = load_source_groups(org.source_groups)
    mapping = load_mapping(org.mapping, factors, org.mapping_order, set(groups) or None)
    steps = len(org.ledger) + 1
    ledger = load_ledger(org.ledger, None if progress is None else lambda i, n: progress(i, steps))
    activity_map = load_activity_map(org.activity_map, factors)
    activity = load_activity(org.activity_dir, activity_map)
    if groups:
        for rec in activity_map.rules.to_dict("records"):
            if rec["source_group"] not in groups:
                raise InputError(activity_map.file, f"unknown source group '{rec['source_group']}'",
                                 column="source_group")
    classified = classify(ledger.frame, mapping)
    if progress is not None:
        progress(steps, steps)
    return Inputs(org=org, factors=factors, prices=prices, mapping=mapping, ledger=ledger,
                  classified=classified, activity=activity,
                  activity_map=activity_map, source_groups=groups)
