"""Loading everything one organisation's calculation needs (the I/O edge of the calculator)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
from .activity import ActivityMap, load_activity, load_activity_map
from .checks import (Finding, left_out, outliers, outside_year, spend_finding, unclassified,
                     unmatched_files)
from carbon.errors import InputError
from .factors import FactorLibrary, load_factors
from carbon.calculation.inventory import Inventory, calculate
from .ledger import Ledger, load_ledger
from .mapping import MappingRules, classify, load_mapping, unclassified_summary
from .price_index import PriceIndex, load_price_index
from carbon.calculation.recalculation import BaseYearCheck, check_base_year
from .settings import Organisation, load_organisation
from carbon.yamlfile import read_mapping


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
    #: accept years whose spend is missing or far below the other years (--accept-missing-spend)
    accept_missing_spend: bool = False
    _inventories: dict[int, Inventory] = field(default_factory=dict, repr=False, compare=False)
    _base_checks: dict[int, BaseYearCheck] = field(default_factory=dict, repr=False, compare=False)

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
            self.spend_check(year)
            self._inventories[year] = calculate(
                self.classified, self.activity, self.activity_map, self.factors, self.prices,
                self.org.coverage, year, self.org.scope2_basis)
        return self._inventories[year]

    def base_check(self, year: int | None = None) -> BaseYearCheck:
        """The base year under the method of `year` (default: the latest year with data):
        whether it must be recalculated, and the total progress and targets use."""
        year = max(self.years) if year is None else year
        if year not in self._base_checks:
            org = self.org
            self._base_checks[year] = check_base_year(
                self.inventory(org.base_year), self.activity, org.coverage, year,
                org.recalculation_threshold_pct, org.reported_totals.get(org.base_year),
                lambda coverage: calculate(self.classified, self.activity, self.activity_map,
                                           self.factors, self.prices, coverage, org.base_year,
                                           org.scope2_basis))
        return self._base_checks[year]

    def spend_check(self, year: int) -> Finding | None:
        """None when the year's spend is in line with the other years; a Finding when it is
        missing or far below them but accepted; else InputError (carbon/readers/checks.py)."""
        accepted = self.accept_missing_spend or year in self.org.accept_missing_spend
        patterns = [self.org.path(src["path"] if isinstance(src, dict) else src)
                    for src in (self.org.raw.get("data") or {}).get("ledger") or []
                    if isinstance(src, (dict, str))]
        return spend_finding(self.ledger.frame, year, self.org.file, accepted,
                             lambda: unmatched_files(patterns, self.ledger.files, year))

    def findings(self, year: int) -> list[Finding]:
        """What the output should tell about the year's input: accepted missing spend, lines
        dated outside their file's accounting year, outlying amounts, and the lines a `select:`
        setting left out of a state-wide file, and unclassified spend over its limit."""
        accepted = self.spend_check(year)
        inv = self.inventory(year)
        return ([accepted] if accepted else []) + left_out(self.ledger.selections, year) \
            + outside_year(self.ledger.outside_year, year) + outliers(self.ledger.frame, year) \
            + unclassified(inv.coverage, unclassified_summary(inv.spend_rows), year,
                           self.mapping.file, self.org.unclassified_share_pct)

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
    if not isinstance(doc.get("source_groups", []), list):
        raise InputError(path, "source_groups must be a list", key="source_groups",
                         code="setting_not_list")
    for i, g in enumerate(doc.get("source_groups", [])):
        if not isinstance(g, dict) or not g.get("id") or not isinstance(g.get("name"), dict):
            raise InputError(path, "each source group needs an id and a name {fi: ...}",
                             key=f"source_groups[{i}]", code="source_group_invalid")
        groups[g["id"]] = g
    groups.setdefault("unclassified", {"id": "unclassified",
                                       "name": {"fi": "Luokittelematon", "en": "Unclassified"}})
    return groups


def load_inputs(org: Organisation | str | Path | None = None,
                accept_missing_spend: bool = False,
                progress: Callable[[int, int], None] | None = None) -> Inputs:
    """Read and validate factors, price index, mapping, ledger and activity data of an
    organisation. `accept_missing_spend`: a year whose spend is missing or far below the
    other years is calculated anyway (else its inventory raises InputError). `progress(done,
    total)` after each ledger file and after classifying."""
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
                                 column="source_group",
                                 code="source_group_unknown", params={"group": rec["source_group"]})
    classified = classify(ledger.frame, mapping)
    if progress is not None:
        progress(steps, steps)
    return Inputs(org=org, factors=factors, prices=prices, mapping=mapping, ledger=ledger,
                  classified=classified, activity=activity,
                  activity_map=activity_map, source_groups=groups,
                  accept_missing_spend=accept_missing_spend)
