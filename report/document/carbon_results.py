"""The calculate stage: the carbon figures the report shows, as DataFrames, from the calculator."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from carbon.errors import InputError
from carbon.readers.inputs import Inputs
from carbon.calculation.change import YearChange, year_change
from carbon.calculation.decomposition import EFFECTS
from carbon.calculation.inventory import Inventory
from carbon.calculation.progress import path_value, target_total
from carbon.readers.settings import Organisation, Target
from carbon.calculation.uncertainty import (InventoryUncertainty, TrendUncertainty,
                                           inventory_uncertainty, trend_between)
from sdg.goals import localized

LANGS = ("fi", "sv", "en")

from .baseline import policy_sentence, reconciliation
from .methodology import methodology_facts
from .text import mid_sentence


@dataclass
class CarbonResults:
    """Everything the carbon chapter shows for one report year."""

    year: int
    base_year: int
    base_total: float
    totals: pd.Series          # tCO2e by year, base year .. report year (years with data)
    inventory: Inventory       # the report year's inventory
    scopes: pd.DataFrame       # scope, tco2e_location, tco2e_market, tco2e, share_pct
    by_source: pd.DataFrame    # source_group, name, phrase, colour, scope, tco2e, share_pct
    targets: pd.DataFrame      # year, reduction_pct, target_total, label, source
    paths: pd.DataFrame        # target_year, year, tco2e: the straight path of each target
    methodology: dict[str, Any]
    uncertainty: dict[int, InventoryUncertainty]  # Monte Carlo range of each year's total
    #: the reduction from the base year (as the policy measures from it) with its interval,
    #: both years drawn with the same factors; None in the base year's own report
    trend: TrendUncertainty | None = None
    #: why the total changed from the base year to the report year (carbon/calculation/change.py:
    #: the numbers of `build.py change`); None when the report year is the base year
    change: YearChange | None = None
    change_names: dict[str, str] | None = None  # source group id -> display name, for its table

    @property
    def year_total(self) -> float:
        """The report year's total, tCO2e."""
        return float(self.totals.loc[self.year])


def scope_frame(inv: Inventory) -> pd.DataFrame:
    """tCO2e by scope 1–3, location- and market-based and on the chosen basis, with shares."""
    t = inv.scope_totals().reset_index()
    total = float(t["tco2e"].sum())
    t["share_pct"] = 100.0 * t["tco2e"] / total if total else 0.0
    return t


def group_names(group: dict, group_id: str, lang: str) -> tuple[str, str]:
    """A source group's display name and its mid-sentence phrase in `lang`."""
    name = localized(group.get("name") or {}, lang) or group_id
    phrase = localized(group.get("phrase"), lang) if group.get("phrase") else mid_sentence(name)
    return name, phrase


def in_language(results: CarbonResults, groups: dict[str, dict], org: Organisation,
                lang: str) -> CarbonResults:
    """The same results with the source groups' names and the targets' labels and source
    phrases in another language (for an original chapter included in a translated report)."""
    by_source = results.by_source.copy()
    change_names = None if results.change_names is None else {
        g: group_names(groups.get(g, {}), g, lang)[0] for g in results.change_names}
    names = [group_names(groups.get(g, {}), str(g), lang) for g in by_source["source_group"]]
    by_source["name"] = [n for n, _ in names]
    by_source["phrase"] = [p for _, p in names]
    targets = target_frame(org.targets, results.base_total, list(org.raw.get("targets") or []),
                           lang)
    return replace(results, by_source=by_source, targets=targets, change_names=change_names)


def source_frame(inv: Inventory, groups: dict[str, dict], lang: str,
                 previous: Inventory | None = None) -> pd.DataFrame:
    """tCO2e by source group, largest first, with display names, mid-sentence names, colours, the
    scope holding most of the group's emissions (the chart's colour) and the previous year's
    tCO2e of the same group (NaN without a previous year)."""
    s = inv.by("source_group")
    by_scope = inv.table.groupby(["source_group", "scope"], observed=True)["tco2e"].sum()
    before = previous.by("source_group") if previous is not None else pd.Series(dtype=float)
    s = s[s > 0]
    total = float(s.sum())
    rows = []
    for group, value in s.items():
        g = groups.get(group, {})
        name, phrase = group_names(g, str(group), lang)
        rows.append({"source_group": group, "name": name, "phrase": phrase,
                     "colour": g.get("colour", "#7f7f7f"),
                     "scope": int(by_scope.loc[group].idxmax()), "tco2e": float(value),
                     "share_pct": 100.0 * float(value) / total if total else 0.0,
                     "previous_tco2e": float(before.get(group, 0.0)) if previous is not None
                     else float("nan")})
    return pd.DataFrame(rows, columns=["source_group", "name", "phrase", "colour", "scope", "tco2e",
                                       "share_pct", "previous_tco2e"])


def target_frame(targets: list[Target], base_total: float, raw: list[dict], lang: str) -> pd.DataFrame:
    """The reduction targets sorted by year, with the total each allows and its source phrase.
    A target's optional `source_phrase` setting overrides the phrase derived from `source`."""
    rows = []
    for i, t in enumerate(targets):
        extra = raw[i] if i < len(raw) and isinstance(raw[i], dict) else {}
        phrase = localized(extra.get("source_phrase"), lang) if extra.get("source_phrase") \
            else mid_sentence(t.source or localized(t.label, lang))
        rows.append({"year": t.year, "reduction_pct": t.reduction_pct,
                     "target_total": target_total(base_total, t),
                     "label": localized(t.label, lang) or f"−{t.reduction_pct:g} %",
                     "source": phrase})
    frame = pd.DataFrame(rows, columns=["year", "reduction_pct", "target_total", "label", "source"])
    return frame.sort_values(["year", "reduction_pct"], ignore_index=True)


def path_frame(targets: list[Target], base_year: int, base_total: float) -> pd.DataFrame:
    """Each target's straight path from the base year's total to its allowed total."""
    rows = [{"target_year": t.year, "reduction_pct": t.reduction_pct, "year": y,
             "tco2e": path_value(base_year, base_total, t, y)}
            for t in targets for y in (base_year, t.year)]
    return pd.DataFrame(rows, columns=["target_year", "reduction_pct", "year", "tco2e"])


def calculate(inputs: Inputs, year: int, lang: str = "fi") -> CarbonResults:
    """The report year's inventory and the totals from the base year on, as report figures."""
    org = inputs.org
    if year not in inputs.years:
        raise InputError(org.file, f"no ledger lines or activity data for the report year "
                                   f"{year}; the data covers {', '.join(map(str, inputs.years))}",
                         code="report_year_no_data",
                         params={"year": year, "years": ", ".join(map(str, inputs.years))})
    if org.base_year not in inputs.years or year < org.base_year:
        raise InputError(org.file, f"the report year {year} needs data from the base year "
                                   f"{org.base_year} on", key="base_year",
                         code="report_year_before_base",
                         params={"year": year, "base": org.base_year})
    # one story: the base-year policy of the report year's view (carbon/calculation/baseline.py):
    # every year on the report year's method, the base year as the policy measures from it
    baseline = inputs.baseline(year)
    inventories = inputs.series_inventories(year)
    check = inputs.base_check(year)
    totals = pd.Series(baseline.totals, name="tco2e").sort_index()
    inv = inventories[year]
    base_total = baseline.base_total
    change = year_change(inputs, org.base_year, year) if year > org.base_year else None
    change_names = None if change is None else {
        g: group_names(inputs.source_groups.get(g, {}), g, lang)[0]
        for g in change.decomposition.groups["source_group"]}
    return CarbonResults(
        year=year, base_year=org.base_year, base_total=base_total, totals=totals, inventory=inv,
        scopes=scope_frame(inv), by_source=source_frame(inv, inputs.source_groups, lang, inventories.get(year - 1)),
        targets=target_frame(org.targets, base_total, list(org.raw.get("targets") or []), lang),
        paths=path_frame(org.targets, org.base_year, base_total),
        methodology=methodology_facts(inv, inputs.factors, org.coverage, org.exclusions, check)
        | {"missing_spend": [y for y in inventories if inputs.spend_check(y) is not None],
           "baseline_why": {lang: policy_sentence(baseline, inputs, lang) for lang in LANGS},
           "restatements": {lang: reconciliation(baseline, inputs, lang) for lang in LANGS}},
        uncertainty={y: inventory_uncertainty(i, inputs.factors) for y, i in inventories.items()},
        trend=_trend(inventories, org.base_year, year, inputs.factors, baseline.measured_from),
        change=change, change_names=change_names)


def _trend(inventories: dict, base_year: int, year: int, factors,
           measured_from: str) -> TrendUncertainty | None:
    """The report year's reduction from the base year with its interval (same factor draws)."""
    if year == base_year or base_year not in inventories:
        return None
    t = trend_between(inventories[base_year], inventories[year], factors)
    t.measured_from = measured_from
    return t


def change_variables(change: YearChange | None, names: dict[str, str] | None) -> dict | None:
    """The change from the base year as template names: each effect and the residual (tCO2e),
    and the source group whose volume effect is largest (None without a change)."""
    if change is None:
        return None
    d = change.decomposition
    largest = d.groups.loc[d.groups["volume_tco2e"].abs().idxmax()] if len(d.groups) else None
    return {"from_year": d.from_year, "to_year": d.to_year, "change": d.change,
            **{e: float(v) for e, v in d.effects.items()}, "residual": d.residual,
            "largest_volume": None if largest is None else {
                "name": mid_sentence((names or {}).get(largest["source_group"],
                                                       str(largest["source_group"]))),
                "tco2e": float(largest["volume_tco2e"])}}


def template_variables(results: CarbonResults, org_name: str) -> dict[str, Any]:
    """The names the carbon chapter's template may use (content/README.md's contract)."""
    largest = results.by_source.iloc[0] if len(results.by_source) else None
    reduction = results.base_total - results.year_total
    return {
        "org": {"name": org_name},
        "report": {"year": results.year},
        "carbon": {
            "base_year": results.base_year,
            "base_total": results.base_total,
            "year_total": results.year_total,
            "reduction_tco2e": reduction,
            "reduction_pct": 100.0 * reduction / results.base_total if results.base_total else 0.0,
            "targets": [{"year": int(t.year), "reduction_pct": float(t.reduction_pct),
                         "target_total": float(t.target_total), "source": t.source}
                        for t in results.targets.itertuples()],
            "largest_source": None if largest is None else {
                "name": largest["phrase"], "tco2e": float(largest["tco2e"]),
                "share_pct": float(largest["share_pct"]),
                "previous_tco2e": None if pd.isna(largest["previous_tco2e"])
                else float(largest["previous_tco2e"])},
            "scope_totals": {int(r.scope): float(r.tco2e) for r in results.scopes.itertuples()},
            "base_recalculated": bool(results.methodology["base_check"] is not None
                                      and results.methodology["base_check"].needed),
            "change": change_variables(results.change, results.change_names),
        },
    }


def variables_skeleton(org_name: str, year: int, base_year: int, targets: int) -> dict[str, Any]:
    """Placeholder values with exactly the shape of `template_variables`, for checking the
    carbon chapter's template before anything is calculated."""
    return {
        "org": {"name": org_name},
        "report": {"year": year},
        "carbon": {
            "base_year": base_year, "base_total": 0.0, "year_total": 0.0,
            "reduction_tco2e": 0.0, "reduction_pct": 0.0,
            "targets": [{"year": base_year + 1, "reduction_pct": 0.0, "target_total": 0.0,
                         "source": ""} for _ in range(targets)],
            "largest_source": {"name": "", "tco2e": 0.0, "share_pct": 0.0,
                               "previous_tco2e": 0.0},
            "scope_totals": {1: 0.0, 2: 0.0, 3: 0.0},
            "base_recalculated": False,
            "change": {"from_year": base_year, "to_year": year, "change": 0.0,
                       **dict.fromkeys(EFFECTS, 0.0), "residual": 0.0,
                       "largest_volume": {"name": "", "tco2e": 0.0}},
        },
    }
