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
from carbon.calculation.baseline import Baseline, YearFigure, derivation_sensitivity, restate
from carbon.calculation.recalculation import (BaseYearCheck, check_base_year, method_changes,
                                              with_base_year)
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
    _restated: dict[tuple, Inventory] = field(default_factory=dict, repr=False, compare=False)
    _baselines: dict[int, Baseline] = field(default_factory=dict, repr=False, compare=False)

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

    def view_year(self, year: int | None = None) -> int:
        """The year whose method a view of `year` uses: the latest year with data up to it
        (default: the latest year with data); the base year when none is later."""
        years = [y for y in self.years if year is None or y <= year]
        return max(years) if years else self.org.base_year

    def restated_inventory(self, year: int, coverage: list) -> Inventory:
        """The year's inventory under other coverage rules (a restatement), calculated once."""
        key = (year, tuple((c.activity, c.replaces, c.years) for c in coverage))
        if key not in self._restated:
            self._restated[key] = calculate(self.classified, self.activity, self.activity_map,
                                            self.factors, self.prices, coverage, year,
                                            self.org.scope2_basis)
        return self._restated[key]

    def reported_total(self, year: int) -> tuple[float | None, str]:
        """A year's total as originally reported: the organisation's published figure, else
        its freeze record's total; (None, "") when neither exists."""
        if year in self.org.reported_totals:
            return float(self.org.reported_totals[year]), "published"
        from carbon.records.freeze import record_path
        path = record_path(self.org.file, year)
        if path.is_file():
            doc = read_mapping(path, "freeze record")
            if isinstance(doc.get("total_tco2e"), (int, float)):
                return float(doc["total_tco2e"]), "frozen"
        return None, ""

    def baseline(self, year: int | None = None) -> Baseline:
        """The base-year policy of a view of `year` (carbon/calculation/baseline.py): the
        series from the base year to the view's year on the view's method, restated where the
        method changed, and the base year figure progress is measured from."""
        org, view = self.org, self.view_year(year)
        if view not in self._baselines:
            check = self.base_check(view)
            series = []
            for y in [y for y in self.years if org.base_year <= y <= view]:
                own = self.inventory(y)
                value, method, restated, reason = restate(
                    y, view, org.coverage, self.activity,
                    lambda coverage, yr: self.restated_inventory(yr, coverage), own)
                reported, source = self.reported_total(y)
                series.append(YearFigure(y, value, own.total, method, restated, reported,
                                         source, reason))
            base = next((f for f in series if f.year == org.base_year), None)
            self._baselines[view] = Baseline(
                base_year=org.base_year, view_year=view,
                threshold_pct=org.recalculation_threshold_pct,
                published=org.reported_totals.get(org.base_year),
                computed=check.computed, changes=list(check.changes),
                restated=base.tco2e if base is not None and check.changes else None,
                series=series, sensitivity=self._sensitivity(check, view), reason=check.reason)
        return self._baselines[view]

    def series_inventories(self, year: int | None = None) -> dict[int, Inventory]:
        """The inventories behind a view's series (Baseline.totals): each year from the base
        year on, on the view's method (restated where it changed); the base year restated only
        when the policy measures from the recalculated base; years that cannot be restated are
        left out."""
        b = self.baseline(year)
        out = {}
        for f in b.series:
            if not f.in_series:
                continue
            if not f.restated or (f.year == b.base_year and not b.significant):
                out[f.year] = self.inventory(f.year)
                continue
            changes = method_changes(self.org.coverage, self.activity, f.year, b.view_year)
            out[f.year] = self.restated_inventory(
                f.year, with_base_year(self.org.coverage, changes, f.year))
        return out

    def _sensitivity(self, check: BaseYearCheck, view: int) -> list:
        """For each changed method whose factor is derived from the organisation's own data
        (`derived_from` in its factor file): the restated base year under other periods."""
        out = []
        act = self.activity
        for change in check.changes:
            rows = self.inventory(view).activity_rows
            ids = set(rows.loc[rows["kind"] == change.activity, "factor_id"].astype(str)) \
                if len(rows) else set()
            for fid in sorted(ids):
                spec = self.factors[fid].extra.get("derived_from")
                if not isinstance(spec, dict) or spec.get("activity") != change.activity:
                    continue
                group = spec.get("source_group")
                years = tuple(int(y) for y in spec.get("years") or (check.base_year,) * 2)
                tco2e = {y: float(self.inventory(y).by("source_group").get(group, 0.0))
                         for y in self.years if check.base_year <= y < view}
                quantity = act[act["kind"] == change.activity].groupby("year")["quantity"].sum()
                out += derivation_sensitivity(fid, years, check.base_year, check.computed, tco2e,
                                              {int(k): float(v) for k, v in quantity.items()},
                                              view)
        return out

    def base_check(self, year: int | None = None) -> BaseYearCheck:
        """The base year under the method of `year` (default: the latest year with data):
        whether it must be recalculated, and the total progress and targets use."""
        year = self.view_year(year)
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
