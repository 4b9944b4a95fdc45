"""Indicators computed (the commitment's and the performance agreement's, one model): values
(entered, or from the carbon calculator), trend and status against the target of the year, as a
table and as records for the report and the CLI.

An indicator `computed:` by the calculator (`carbon_total`, `carbon_reduction_pct`) gets a value
for every year with data; any other value that is not in the indicator file stays empty and is
reported as missing; nothing is estimated.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd

from carbon.readers.inputs import Inputs
from carbon.numbers import format_number
from carbon.readers.settings import Organisation

from .data import (Indicator, IndicatorSet, Target, YearValue, convert_value, label,
                             labels, load_indicators, text)

TABLE_COLUMNS = ["id", "name", "unit", "latest_year", "latest_value", "baseline", "target",
                 "trend", "status", "baseline_year", "target_year", "direction", "computed",
                 "commitment", "source", "set", "goal", "code", "themes", "sdg_targets",
                 "missing_reason", "origin", "target_set_by"]


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
    #: every target with its value resolved (an organisation's target in the indicator's unit)
    targets: tuple[Target, ...] = ()

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
    def shown_target(self) -> Target | None:
        """The target of the reporting year, else the next one after it, else the last."""
        ts = [t for t in self.targets if t.value is not None]
        return next((t for t in ts if t.year >= self.year), ts[-1] if ts else None)

    @property
    def status(self) -> str:
        ind = self.indicator
        return status_of(ind.direction, ind.baseline_year, self.baseline, self.targets,
                         self.latest)


def trend(direction: str, previous: YearValue | None, latest: YearValue | None) -> str:
    """improving | worsening | unchanged from the previous value to the latest; none without two."""
    if previous is None or latest is None or direction == "none":
        return "none"
    change = latest.value - previous.value
    if abs(change) <= 1e-9 * max(1.0, abs(previous.value)):
        return "unchanged"
    return "improving" if (change > 0) == (direction == "up") else "worsening"


def status(direction: str, baseline_year: int, baseline: float | None, target_year: int | None,
           target: float | None, latest: YearValue | None) -> str:
    """Status of the latest value against one target (see status_of)."""
    targets = () if target is None or target_year is None else (Target(target_year, target),)
    return status_of(direction, baseline_year, baseline, targets, latest)


def _better(direction: str, strict: bool) -> Callable[[float, float], bool]:
    eps = -1e-9 if strict else 1e-9
    return (lambda a, b: a >= b - eps) if direction == "up" else (lambda a, b: a <= b + eps)


def status_of(direction: str, baseline_year: int, baseline: float | None,
              targets: tuple[Target, ...], latest: YearValue | None) -> str:
    """Status of the latest value against the target of its year or the next one: met,
    on_track / off_track (before that target's year: against the straight line from the
    previous target, or the baseline, to it; in its year when a later target remains: off
    track), not_met (the last target's year reached or passed), or why it cannot be judged
    (no_data, no_target, no_baseline)."""
    ts = [t for t in targets if t.value is not None]
    if latest is None:
        return "no_data"
    if not ts:
        return "no_target"
    nxt = next((t for t in ts if t.year >= latest.year), ts[-1])
    better = _better(direction, nxt.strict)
    if better(latest.value, nxt.value):
        return "met"
    if latest.year >= nxt.year:
        return "not_met" if nxt is ts[-1] else "off_track"
    earlier = [t for t in ts if t.year < latest.year]
    start_year, start = (earlier[-1].year, earlier[-1].value) if earlier else (baseline_year, baseline)
    if start is None:
        return "no_baseline"
    if latest.year <= start_year:
        return "on_track"
    path = start + (nxt.value - start) * (latest.year - start_year) / (nxt.year - start_year)
    return "on_track" if better(latest.value, path) else "off_track"


def resolve(ind: Indicator, inputs: Inputs, year: int) -> Resolved:
    """The indicator's values up to `year`, its baseline and target values."""
    org = inputs.org
    target, t_source = ind.target_value, ind.target_source
    targets = ind.targets
    if ind.computed:
        # later years are not shown: not calculated (their inventories would cost time)
        # one story: the base-year policy of the view of `year` (its latest year with data):
        # the series on that year's method, from the base year the policy measures from
        if org.base_year in inputs.years:
            b = inputs.baseline(year)
            totals, base_total = dict(b.totals), b.base_total
        else:
            totals, base_total = carbon_totals(inputs, lambda y: y <= year), None
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
        targets = tuple(_org_target(t, org, ind.computed, base_total, scale) if t.from_org
                        else t for t in ind.targets)
        if ind.target_from_org:
            one = next(t for t in targets if t.year == ind.target_year)
            target, t_source = one.value, one.source or t_source
    else:
        values = tuple(v for v in ind.values if v.year <= year)
        baseline, b_source = ind.baseline_value, ind.baseline_source
    return Resolved(ind, year, values, baseline, target, t_source, b_source, targets)


def _org_target(t: Target, org: Organisation, computed: str, base_total: float | None,
                scale: float) -> Target:
    """A `from: organisation` target with the value of the organisation's reduction target."""
    goal = next(g for g in org.targets if g.year == t.year)
    if computed == "carbon_reduction_pct":
        value = goal.reduction_pct
    else:
        value = base_total * (1 - goal.reduction_pct / 100.0) * scale if base_total else None
    return Target(t.year, value, goal.source or t.source, t.strict, True)


def resolve_all(inputs: Inputs, org: Organisation | None, year: int,
                kind: str = "commitment") -> tuple[IndicatorSet, list[Resolved]]:
    """The indicator set of `kind` and each of its indicators resolved for `year`."""
    iset = load_indicators(org or inputs.org, kind)
    return iset, [resolve(ind, inputs, year) for ind in iset.ordered()]


def default_year(inputs: Inputs, org: Organisation | None = None, kind: str = "commitment") -> int:
    """The latest year with calculator data or an entered indicator value."""
    iset = load_indicators(org or inputs.org, kind)
    years = list(inputs.years) + [v.year for i in iset.indicators for v in i.values]
    return max(years)


def missing_reason(r: Resolved, lang: str) -> str:
    """Why the indicator has no value for the reporting year ('' when it has one): the
    reason in the data, else the qualitative or the not-published label."""
    if r.value_for(r.year) is not None:
        return ""
    ind = r.indicator
    if ind.missing_reason:
        return text(ind.missing_reason, lang)
    if ind.kind == "commitment":
        return ind.baseline_note if r.baseline is None else ""
    if ind.computed:  # a computed value is missing only where the year has no inventory
        return label("missing_reason", "no_inventory", lang).format(year=r.year)
    return label("missing_reason", "qualitative" if ind.qualitative else "not_published", lang)


def indicator_table(inputs: Inputs, org: Organisation | None, year: int, lang: str = "fi",
                    kind: str = "commitment") -> pd.DataFrame:
    """One row per indicator: latest value up to `year`, baseline, target (of the year),
    trend and status (codes; see indicator_records for formatted texts)."""
    iset, resolved = resolve_all(inputs, org, year, kind)
    group_of = iset.group_of()
    rows = []
    for r in resolved:
        ind, latest, shown = r.indicator, r.latest, r.shown_target
        rows.append({
            "id": ind.id, "name": text(ind.name, lang), "unit": ind.unit,
            "latest_year": latest.year if latest else None,
            "latest_value": latest.value if latest else math.nan,
            "baseline": r.baseline if r.baseline is not None else math.nan,
            "target": shown.value if shown is not None else math.nan,
            "trend": r.trend, "status": r.status,
            "baseline_year": ind.baseline_year if ind.baseline_given else None,
            "target_year": shown.year if shown else ind.target_year,
            "direction": ind.direction, "computed": ind.computed or "",
            "commitment": group_of.get(ind.id, "") if kind == "commitment" else "",
            "source": latest.source if latest else "",
            "set": kind, "goal": group_of.get(ind.id, ""), "code": ind.code,
            "themes": " ".join(ind.themes), "sdg_targets": " ".join(ind.sdg_targets),
            "missing_reason": missing_reason(r, lang),
            "origin": ("adopted" if ind.adopted else ind.origin) if kind == "commitment" else "",
            "target_set_by": ind.target_set_by if kind == "commitment" else "",
        })
    frame = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    frame["latest_year"] = frame["latest_year"].astype("Int64")
    frame["target_year"] = frame["target_year"].astype("Int64")
    return frame


def format_value(value: float | None, unit: str, decimals: int = 1, lang: str = "fi") -> str:
    """'35 %', '38 269,5 tCO2e', '3,42'; '–' for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    one = abs(float(value)) == 1 and unit in labels().get("units_one", {})
    shown = (label("units_one", unit, lang) if one else
             label("units", unit, lang) if unit in labels()["units"] else unit)
    number = format_number(value, decimals, lang)
    if not shown:
        return number
    return number + ("\u00a0" if lang != "en" or shown != "%" else "") + shown


def target_value(t: Target, ind: Indicator, lang: str) -> str:
    """A target's value as text, '< 3 %' when the value must be beyond it (strict)."""
    sign = ("<\u00a0" if ind.direction == "down" else ">\u00a0") if t.strict else ""
    return sign + format_value(t.value, ind.unit, ind.decimals, lang)


def targets_text(r: Resolved, lang: str) -> str:
    """Every target as text: '2021: 3 kk; 2022: 2 kk'; one value for all years once with its
    comparison ('< 3 %'); the target in words for a qualitative indicator; '–' without."""
    ind = r.indicator
    ts = [t for t in r.targets if t.value is not None]
    fmt = lambda t: target_value(t, ind, lang)  # noqa: E731
    if ts and len(ts) > 1 and len({(t.value, t.strict) for t in ts}) == 1 and ind.kind == "performance":
        return label("every_year", "text", lang, target=fmt(ts[0]), first=ts[0].year,
                     last=ts[-1].year)
    if ts:
        return "; ".join(f"{t.year}: {fmt(t)}" for t in ts)
    return text(ind.target_text, lang) if ind.target_text else "–"


def indicator_records(inputs: Inputs, org: Organisation | None, year: int,
                      lang: str = "fi", kind: str = "commitment") -> list[dict[str, Any]]:
    """The indicator table for a Jinja template: every value already formatted in `lang`.

    Keys: id, set (commitment | performance), commitment (goal id), commitment_title, goal,
    goal_number, goal_title, code, name, definition, unit, unit_label, direction,
    direction_label, latest (text), latest_value (float|None), latest_year (int|None), source,
    source_lang,
    baseline (text), baseline_year, target (text: the target of the year, or the next),
    target_year, target_source, targets (every target as text), target_text, qualitative,
    themes, sdg_targets, trend, trend_label, status, status_label, missing (bool: no value
    for `year`), missing_reason, note.
    """
    iset, resolved = resolve_all(inputs, org, year, kind)
    group_of = iset.group_of()
    groups = {g["id"]: g for g in iset.groups()}
    out = []
    for r in resolved:
        ind, latest, shown = r.indicator, r.latest, r.shown_target
        fmt = lambda v: format_value(v, ind.unit, ind.decimals, lang)  # noqa: E731
        unit_label = label("units", ind.unit, lang) if ind.unit in labels()["units"] else ind.unit
        group = groups.get(group_of.get(ind.id, ""), {})
        if ind.qualitative:
            unit_label = label("qualitative", "unit", lang)
        out.append({
            "id": ind.id, "set": kind,
            "commitment": group.get("id", "") if kind == "commitment" else "",
            "commitment_title": text(group.get("title"), lang) if kind == "commitment" else "",
            "goal": group.get("id", ""), "goal_number": group.get("number"),
            "goal_title": text(group.get("title"), lang), "code": ind.code,
            "name": text(ind.name, lang), "definition": text(ind.definition, lang),
            "unit": ind.unit, "unit_label": unit_label,
            "direction": ind.direction, "direction_label": label("direction", ind.direction, lang),
            "latest": fmt(latest.value if latest else None),
            "latest_value": latest.value if latest else None,
            "latest_year": latest.year if latest else None,
            # a computed value's source in `lang`; an entered source as written, in the
            # organisation's language (source_lang), which the report shows only in that language
            "source": (text(labels()["computed_source"], lang).format(year=latest.year)
                       if latest and ind.computed else latest.source if latest else ""),
            "source_lang": lang if ind.computed else (org.language if org is not None else "fi"),
            "baseline": fmt(r.baseline),
            "baseline_year": ind.baseline_year if ind.baseline_given else None,
            "target": target_value(shown, ind, lang) if shown is not None else
            (text(ind.target_text, lang) if ind.target_text else "–"),
            "target_year": shown.year if shown is not None else ind.target_year,
            "target_source": (shown.source if shown is not None else "") or r.target_source,
            "targets": targets_text(r, lang),
            "target_text": text(ind.target_text, lang) if ind.target_text else "",
            "qualitative": ind.qualitative,
            "themes": list(ind.themes), "sdg_targets": list(ind.sdg_targets),
            "series": [(v.year, v.value) for v in r.series],
            "trend": r.trend, "trend_label": label("trend", r.trend, lang),
            "status": r.status, "status_label": label("status", r.status, lang),
            "missing": r.value_for(year) is None,
            "missing_reason": missing_reason(r, lang),
            "note": ind.baseline_note if r.baseline is None else "",
            "origin": ind.origin if kind == "commitment" else "",
            "origin_label": (label("origin", "adopted" if ind.adopted else ind.origin, lang)
                             if kind == "commitment" else ""),
            "target_set_by": ind.target_set_by if kind == "commitment" else "",
            "target_set_by_label": (label("target_set_by", ind.target_set_by, lang)
                                    if kind == "commitment" else ""),
        })
    return out
