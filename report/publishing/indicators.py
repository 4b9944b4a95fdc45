"""Commitment indicators computed: values (entered, or from the carbon calculator), trend and
status against the target, as a table and as records for the report and the CLI.

An indicator `computed:` by the calculator (`carbon_total`, `carbon_reduction_pct`) gets a value
for every year with data; any other value that is not in the indicator file stays empty and is
reported as missing; nothing is estimated.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd

from carbon.inputs import Inputs
from carbon.numbers import format_number
from carbon.settings import Organisation

from .indicator_data import (Indicator, IndicatorSet, YearValue, convert_value, label, labels,
                             load_indicators, text)

TABLE_COLUMNS = ["id", "name", "unit", "latest_year", "latest_value", "baseline", "target",
                 "trend", "status", "baseline_year", "target_year", "direction", "computed",
                 "commitment", "source"]


def carbon_totals(inputs: Inputs, needed: Callable[[int], bool] = lambda y: True) -> dict[int, float]:
    """tCO2e of the years with data that are needed (the organisation's scope 2 basis;
    inventories are shared)."""
    return {y: inputs.inventory(y).total for y in inputs.years if needed(y)}


@dataclass(frozen=True)
class Resolved:
    """An indicator with its numbers for one reporting year (values after it ignored)."""

    indicator: Indicator
    year: int
    series: tuple[YearValue, ...]
    baseline: float | None
    target: float | None
    target_source: str
    baseline_source: str = ""

    @property
    def latest(self) -> YearValue | None:
        return self.series[-1] if self.series else None

    @property
    def previous(self) -> YearValue | None:
        return self.series[-2] if len(self.series) > 1 else None

    def value_for(self, year: int) -> YearValue | None:
        return next((v for v in self.series if v.year == year), None)

    @property
    def trend(self) -> str:
        return trend(self.indicator.direction, self.previous, self.latest)

    @property
    def status(self) -> str:
        ind = self.indicator
        return status(ind.direction, ind.baseline_year, self.baseline, ind.target_year,
                      self.target, self.latest)


def trend(direction: str, previous: YearValue | None, latest: YearValue | None) -> str:
    """improving | worsening | unchanged from the previous value to the latest; none without two."""
    if previous is None or latest is None:
        return "none"
    change = latest.value - previous.value
    if abs(change) <= 1e-9 * max(1.0, abs(previous.value)):
        return "unchanged"
    return "improving" if (change > 0) == (direction == "up") else "worsening"


def status(direction: str, baseline_year: int, baseline: float | None, target_year: int | None,
           target: float | None, latest: YearValue | None) -> str:
    """Status of the latest value against the target: met, on_track / off_track (against the
    straight line from the baseline to the target), not_met (target year passed), or why it
    cannot be judged (no_data, no_target, no_baseline)."""
    if latest is None:
        return "no_data"
    if target is None or target_year is None:
        return "no_target"
    better = (lambda a, b: a >= b - 1e-9) if direction == "up" else (lambda a, b: a <= b + 1e-9)
    if better(latest.value, target):
        return "met"
    if latest.year >= target_year:
        return "not_met"
    if baseline is None:
        return "no_baseline"
    if latest.year <= baseline_year:
        return "on_track"
    path = baseline + (target - baseline) * (latest.year - baseline_year) / (target_year - baseline_year)
    return "on_track" if better(latest.value, path) else "off_track"


def resolve(ind: Indicator, inputs: Inputs, year: int) -> Resolved:
    """The indicator's values up to `year`, its baseline and target values."""
    org = inputs.org
    target, t_source = ind.target_value, ind.target_source
    if ind.computed:
        # later years are not shown: not calculated (their inventories would cost time)
        shown = (org.base_year, ind.baseline_year)
        totals = carbon_totals(inputs, lambda y: y <= year or y in shown)
        if org.base_year in totals and year in inputs.years and inputs.base_check(year).needed:
            totals[org.base_year] = inputs.base_check(year).base_total  # recalculated base year
        base_total = totals.get(org.base_year)
        if ind.computed == "carbon_total":
            series = dict(totals)
        elif base_total:
            series = {y: 100.0 * (base_total - v) / base_total for y, v in totals.items()}
        else:
            series = {}
        scale = convert_value(1.0, "tCO2e", ind.unit) if ind.computed == "carbon_total" else 1.0
        values = tuple(YearValue(y, v * scale, label("computed_source", "fi", year=y))
                       for y, v in sorted(series.items()) if y <= year)
        baseline = series.get(ind.baseline_year)
        baseline = baseline * scale if baseline is not None else None
        b_source = label("computed_source", "fi", year=ind.baseline_year) if baseline is not None else ""
        if ind.target_from_org:
            t = next(t for t in org.targets if t.year == ind.target_year)
            t_source = t.source or t_source
            if ind.computed == "carbon_reduction_pct":
                target = t.reduction_pct
            else:
                target = base_total * (1 - t.reduction_pct / 100.0) * scale if base_total else None
    else:
        values = tuple(v for v in ind.values if v.year <= year)
        baseline, b_source = ind.baseline_value, ind.baseline_source
    return Resolved(ind, year, values, baseline, target, t_source, b_source)


def resolve_all(inputs: Inputs, org: Organisation | None, year: int) -> tuple[IndicatorSet, list[Resolved]]:
    iset = load_indicators(org or inputs.org)
    return iset, [resolve(ind, inputs, year) for ind in iset.ordered()]


def default_year(inputs: Inputs, org: Organisation | None = None) -> int:
    """The latest year with calculator data or an entered indicator value."""
    iset = load_indicators(org or inputs.org)
    years = list(inputs.years) + [v.year for i in iset.indicators for v in i.values]
    return max(years)


def indicator_table(inputs: Inputs, org: Organisation | None, year: int, lang: str = "fi") -> pd.DataFrame:
    """One row per indicator: latest value up to `year`, baseline, target, trend and status
    (codes; see indicator_records for formatted texts)."""
    iset, resolved = resolve_all(inputs, org, year)
    goal_of = iset.commitment.goal_of()
    rows = []
    for r in resolved:
        ind, latest = r.indicator, r.latest
        rows.append({
            "id": ind.id, "name": text(ind.name, lang), "unit": ind.unit,
            "latest_year": latest.year if latest else None,
            "latest_value": latest.value if latest else math.nan,
            "baseline": r.baseline if r.baseline is not None else math.nan,
            "target": r.target if r.target is not None else math.nan,
            "trend": r.trend, "status": r.status,
            "baseline_year": ind.baseline_year, "target_year": ind.target_year,
            "direction": ind.direction, "computed": ind.computed or "",
            "commitment": goal_of.get(ind.id, ""), "source": latest.source if latest else "",
        })
    frame = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    frame["latest_year"] = frame["latest_year"].astype("Int64")
    frame["target_year"] = frame["target_year"].astype("Int64")
    return frame


def format_value(value: float | None, unit: str, decimals: int = 1, lang: str = "fi") -> str:
    """'35 %', '38 269,5 tCO2e', '3,42'; '–' for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    shown = label("units", unit, lang) if unit in labels()["units"] else unit
    number = format_number(value, decimals, lang)
    if not shown:
        return number
    return number + ("\u00a0" if lang != "en" or shown != "%" else "") + shown


def indicator_records(inputs: Inputs, org: Organisation | None, year: int,
                      lang: str = "fi") -> list[dict[str, Any]]:
    """The indicator table for a Jinja template: every value already formatted in `lang`.

    Keys: id, commitment (goal id), commitment_title, name, definition, unit, unit_label,
    direction, direction_label, latest (text), latest_value (float|None), latest_year (int|None),
    source, baseline (text), baseline_year, target (text), target_year, target_source,
    trend, trend_label, status, status_label, missing (bool: no value for `year`), note.
    """
    iset, resolved = resolve_all(inputs, org, year)
    goal_of = iset.commitment.goal_of()
    titles = {c["id"]: text(c.get("title"), lang) for c in iset.commitment.doc["commitments"]}
    out = []
    for r in resolved:
        ind, latest = r.indicator, r.latest
        fmt = lambda v: format_value(v, ind.unit, ind.decimals, lang)  # noqa: E731
        unit_label = label("units", ind.unit, lang) if ind.unit in labels()["units"] else ind.unit
        out.append({
            "id": ind.id, "commitment": goal_of.get(ind.id, ""),
            "commitment_title": titles.get(goal_of.get(ind.id, ""), ""),
            "name": text(ind.name, lang), "definition": text(ind.definition, lang),
            "unit": ind.unit, "unit_label": unit_label,
            "direction": ind.direction, "direction_label": label("direction", ind.direction, lang),
            "latest": fmt(latest.value if latest else None),
            "latest_value": latest.value if latest else None,
            "latest_year": latest.year if latest else None,
            "source": latest.source if latest else "",
            "baseline": fmt(r.baseline), "baseline_year": ind.baseline_year,
            "target": fmt(r.target), "target_year": ind.target_year,
            "target_source": r.target_source,
            "trend": r.trend, "trend_label": label("trend", r.trend, lang),
            "status": r.status, "status_label": label("status", r.status, lang),
            "missing": r.value_for(year) is None,
            "note": ind.baseline_note if r.baseline is None else "",
        })
    return out
