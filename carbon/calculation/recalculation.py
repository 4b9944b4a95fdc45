"""Base-year recalculation (GHG Protocol Corporate Standard, chapter 5): when the method of a
source group changes between the base year and a later year, the base year is recomputed with
the later method where the data allows, and the two are compared with the organisation's
significance threshold.

A method change here is a coverage rule (activity data replacing the spend of source groups)
that applies in the later year but not in the base year, e.g. the reception system counted per
accommodation night from 2022 while 2018 is spend-based. The recalculated base year is the base
year's inventory with those rules applied to it too; it needs the activity data of the base
year and factors that apply to it. The difference

    diff % = 100 × (recalculated − computed) / computed

is compared with `recalculation_threshold_pct`: above it, progress and target checks use the
recalculated base year. Without the data the series is reported as not comparable.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from carbon.errors import InputError
from .inventory import Inventory
from carbon.readers.settings import Coverage


@dataclass(frozen=True)
class MethodChange:
    """Activity data that replaces the spend of some source groups in `year` but not in the
    base year."""

    activity: str
    source_groups: tuple[str, ...]
    year: int


@dataclass
class BaseYearCheck:
    """The base year under the method of a later year: the changes, the recalculated total
    (None when no change or when the data does not allow it) and the verdict."""

    base_year: int
    year: int                      # the year whose method is compared
    computed: float                # the base year's total with its own method (tCO2e)
    published: float | None        # the base-year total the organisation published
    threshold_pct: float
    changes: list[MethodChange] = field(default_factory=list)
    recalculated: Inventory | None = None
    reason: str = ""               # why the base year could not be recalculated

    @property
    def comparable(self) -> bool:
        """False when the method changed and the base year could not be recalculated."""
        return not self.changes or self.recalculated is not None

    @property
    def recalculated_total(self) -> float | None:
        """The recalculated base-year total (tCO2e), or None."""
        return None if self.recalculated is None else self.recalculated.total

    @property
    def diff_pct(self) -> float | None:
        """Recalculated against computed base year, %."""
        if self.recalculated is None or not self.computed:
            return None
        return 100.0 * (self.recalculated.total - self.computed) / self.computed

    @property
    def needed(self) -> bool:
        """True when the difference exceeds the threshold: the recalculated base year is used."""
        return self.diff_pct is not None and abs(self.diff_pct) > self.threshold_pct

    @property
    def base_total(self) -> float:
        """The base-year total progress and targets are measured against."""
        return self.recalculated.total if self.needed else self.computed


def applies(rule: Coverage, year: int, activity: pd.DataFrame) -> bool:
    """Whether a coverage rule replaces spend in `year` (its years, and data of its kind)."""
    has_data = bool(((activity["kind"] == rule.activity) & (activity["year"] == year)).any()) \
        if len(activity) else False
    return has_data and (rule.years is None or year in rule.years)


def method_changes(coverage: list[Coverage], activity: pd.DataFrame, base_year: int,
                   year: int) -> list[MethodChange]:
    """Coverage rules that apply in `year` and not in the base year."""
    return [MethodChange(c.activity, c.replaces, year) for c in coverage
            if applies(c, year, activity) and not applies(c, base_year, activity)]


def with_base_year(coverage: list[Coverage], changes: list[MethodChange],
                   base_year: int) -> list[Coverage]:
    """The coverage rules with each changed rule also applying to the base year."""
    changed = {c.activity for c in changes}
    return [dataclasses.replace(c, years=tuple(sorted({*c.years, base_year})))
            if c.activity in changed and c.years is not None else c for c in coverage]


def check_base_year(base: Inventory, activity: pd.DataFrame, coverage: list[Coverage],
                    year: int, threshold_pct: float, published: float | None,
                    calculate: Callable[[list[Coverage]], Inventory]) -> BaseYearCheck:
    """The base year (`base`, its own method) against the method of `year`; `calculate`
    computes the base year's inventory under other coverage rules."""
    changes = method_changes(coverage, activity, base.year, year)
    check = BaseYearCheck(base_year=base.year, year=year, computed=base.total, published=published,
                          threshold_pct=threshold_pct, changes=changes)
    if not changes:
        return check
    missing = [c.activity for c in changes
               if not (len(activity) and ((activity["kind"] == c.activity)
                                          & (activity["year"] == base.year)).any())]
    if missing:
        check.reason = f"no {', '.join(missing)} data for the base year {base.year}"
        return check
    try:
        check.recalculated = calculate(with_base_year(coverage, changes, base.year))
    except InputError as exc:
        check.reason = exc.message
    return check
