"""The base-year policy of one view: which base year figure progress is measured from, the
series of years on one method, and the restatements (GHG Protocol Corporate Standard, ch. 5).

A *view* is what one output shows: the report of year Y, `progress`, `indicators --year Y`,
the Sitoumus export of Y. Its year is the latest year with data up to Y, and its method is the
coverage rules (activity data replacing spend) that apply in that year. Every earlier year whose
method differs is restated on the view's method where its data allow, so that a series never
mixes two methods; a year that cannot be restated is marked and left out of the series.

The base year figure progress is measured from:
- no method change: the base year as calculated (its own method);
- a method change whose restated base year differs from the calculated one by more than the
  organisation's threshold: the restated (recalculated) base year;
- a change within the threshold: the base year as calculated (the difference is not significant).
The published base year total is never replaced: it is carried beside, with progress against it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

from .inventory import Inventory
from .recalculation import MethodChange, method_changes, with_base_year

#: which base figure progress is measured from
CALCULATED, RECALCULATED = "calculated", "recalculated"


@dataclass(frozen=True)
class YearFigure:
    """One year of a view's series: its total on the view's method, on its own method, and as
    originally reported (the organisation's published figure or a freeze record)."""

    year: int
    tco2e: float | None            # on the view's method (None: cannot be restated)
    own_tco2e: float               # on the year's own method
    method: tuple[str, ...]        # activity kinds that replace spend in the figure
    restated: bool                 # the figure is the year restated on the view's method
    reported: float | None = None  # as originally reported
    reported_source: str = ""      # "published", "frozen" or "" (not reported)
    reason: str = ""               # why a year could not be restated

    @property
    def in_series(self) -> bool:
        """Whether the year is on the view's method (restated or already on it)."""
        return self.tco2e is not None


@dataclass(frozen=True)
class Sensitivity:
    """The restated base year if a derived per-unit factor had been derived over another
    period: the factor, the restated base year and its difference from the calculated one."""

    factor_id: str
    years: tuple[int, int]
    value: float                  # kgCO2e per unit
    restated: float               # tCO2e
    diff_pct: float
    chosen: bool                  # the period the factor file states


@dataclass
class Baseline:
    """The base-year policy of one view, decided once: the published, calculated and restated
    base year, which one progress is measured from and why, and the series on one method."""

    base_year: int
    view_year: int
    threshold_pct: float
    published: float | None
    computed: float                # the base year on its own method
    changes: list[MethodChange] = field(default_factory=list)
    restated: float | None = None  # the base year on the view's method
    series: list[YearFigure] = field(default_factory=list)
    sensitivity: list[Sensitivity] = field(default_factory=list)
    reason: str = ""               # why the base year could not be restated

    @property
    def method(self) -> tuple[str, ...]:
        """The view's method: the activity kinds that replace spend in the view's year."""
        return next((f.method for f in self.series if f.year == self.view_year), ())

    @property
    def diff_pct(self) -> float | None:
        """The restated base year against the calculated one, %."""
        if self.restated is None or not self.computed:
            return None
        return 100.0 * (self.restated - self.computed) / self.computed

    @property
    def significant(self) -> bool:
        """The restatement moves the base year by more than the threshold."""
        return self.diff_pct is not None and abs(self.diff_pct) > self.threshold_pct

    @property
    def comparable(self) -> bool:
        """False when the method changed and the base year could not be restated."""
        return not self.changes or self.restated is not None

    @property
    def measured_from(self) -> str:
        """Which base year figure progress is measured from: calculated or recalculated."""
        return RECALCULATED if self.significant else CALCULATED

    @property
    def base_total(self) -> float:
        """The base year total progress and targets are measured from (tCO2e)."""
        return float(self.restated) if self.significant else self.computed

    @property
    def totals(self) -> dict[int, float]:
        """The series: year -> tCO2e on the view's method, the base year as measured from."""
        out = {f.year: float(f.tco2e) for f in self.series if f.in_series}
        out[self.base_year] = self.base_total
        return out

    @property
    def restatements(self) -> list[YearFigure]:
        """Years before the view's year shown on another figure than their own (restated)."""
        return [f for f in self.series if f.restated]

    def reduction_pct(self, year: int, against: float | None = None) -> float | None:
        """The year's reduction from the base year used (or from `against`), %."""
        value = self.totals.get(year)
        base = self.base_total if against is None else against
        return None if value is None or not base else 100.0 * (base - value) / base


def restate(year: int, view_year: int, coverage: list, activity, calculate_year: Callable,
            own: Inventory) -> tuple[float | None, tuple[str, ...], bool, str]:
    """A year on the method of the view's year: (tCO2e or None, method, restated?, reason)."""
    changes = method_changes(coverage, activity, year, view_year)
    if not changes:
        return own.total, tuple(sorted(own.covering)), False, ""
    missing = [c.activity for c in changes
               if not (len(activity) and ((activity["kind"] == c.activity)
                                          & (activity["year"] == year)).any())]
    if missing:
        return None, tuple(sorted(own.covering)), False, ", ".join(missing)
    inv = calculate_year(with_base_year(coverage, changes, year), year)
    return inv.total, tuple(sorted(inv.covering)), True, ""


def derivation_sensitivity(factor_id: str, stated: tuple[int, int], base_year: int,
                           base_total: float, group_tco2e: Mapping[int, float],
                           quantity: Mapping[int, float], before: int) -> list[Sensitivity]:
    """The restated base year under each reasonable derivation period of a per-unit factor
    derived from the organisation's own spend-based figures: the base year alone, each later
    year before the change alone, and the pooled periods from the base year on."""
    years = sorted(y for y in group_tco2e if base_year <= y < before and quantity.get(y))
    if base_year not in years:
        return []
    periods = [(y, y) for y in years] + [(base_year, y) for y in years if y > base_year]
    if tuple(stated) not in periods:
        periods.append(tuple(stated))
    out = []
    for first, last in periods:
        span = [y for y in years if first <= y <= last]
        q = sum(quantity.get(y, 0.0) for y in span)
        if not span or not q:
            continue
        value = 1000.0 * sum(group_tco2e[y] for y in span) / q
        restated = base_total - group_tco2e[base_year] + quantity[base_year] * value / 1000.0
        out.append(Sensitivity(factor_id, (first, last), value, restated,
                               100.0 * (restated - base_total) / base_total,
                               (first, last) == tuple(stated)))
    return out
