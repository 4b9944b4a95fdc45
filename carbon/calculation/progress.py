"""Progress against the base year and the reduction targets (pure arithmetic on totals)."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from carbon.readers.settings import Target


def target_total(base_total: float, target: Target) -> float:
    """The tCO2e a target allows: the base-year total less the target's reduction."""
    return base_total * (1.0 - target.reduction_pct / 100.0)


def path_value(base_year: int, base_total: float, target: Target, year: int) -> float:
    """The straight line from the base year's total to the target's allowed total, at `year`."""
    span = target.year - base_year
    goal = target_total(base_total, target)
    return base_total + (goal - base_total) * (year - base_year) / span


def needed_rates(total: float, goal: float, years_left: int) -> tuple[float, float]:
    """Linear (tCO2e a year) and compound (% a year) reduction that takes `total` to `goal`."""
    if years_left <= 0:
        return math.nan, math.nan
    if total <= goal:
        return 0.0, 0.0
    linear = (total - goal) / years_left
    compound = 100.0 * (1.0 - (goal / total) ** (1.0 / years_left)) if goal > 0 else 100.0
    return linear, compound


def progress_table(totals: Mapping[int, float], base_year: int, targets: Sequence[Target],
                   base_total: float | None = None) -> pd.DataFrame:
    """One row per (year, target): reduction from the base year, distance to the target, the
    linear and compound annual reduction still needed, and whether the year is on the path."""
    if base_total is None:
        if base_year not in totals:
            raise ValueError(f"no total for the base year {base_year}")
        base_total = float(totals[base_year])
    rows = []
    for year in sorted(totals):
        total = float(totals[year])
        for t in targets:
            goal = target_total(base_total, t)
            linear, compound = needed_rates(total, goal, t.year - year)
            path = path_value(base_year, base_total, t, year)
            rows.append({
                "year": year, "total_tco2e": total,
                "reduction_tco2e": base_total - total,
                "reduction_pct": 100.0 * (base_total - total) / base_total,
                "target_year": t.year, "target_pct": t.reduction_pct, "target_tco2e": goal,
                "gap_tco2e": total - goal,
                "gap_pct": 100.0 * (total - goal) / total if total else math.nan,
                "linear_needed_tco2e_per_year": linear,
                "linear_needed_pct_of_base_per_year": 100.0 * linear / base_total
                if not math.isnan(linear) else math.nan,
                "compound_needed_pct_per_year": compound,
                "path_tco2e": path,
                "on_path": total <= path + 1e-9,
                "met": (total <= goal + 1e-9) if year >= t.year else None,
            })
    return pd.DataFrame(rows)


def intensity_table(totals: Mapping[int, float],
                    denominators: Mapping[str, Mapping[int, float]]) -> pd.DataFrame:
    """tCO2e per unit of each denominator (e.g. per accommodation night, per person-year), per year;
    years without the denominator are left empty rather than guessed."""
    rows = []
    for year in sorted(totals):
        row = {"year": year, "total_tco2e": float(totals[year])}
        for name, values in denominators.items():
            d = values.get(year)
            row[name] = d if d else math.nan
            row[f"tco2e_per_{name}"] = float(totals[year]) / d if d else math.nan
        rows.append(row)
    return pd.DataFrame(rows)
