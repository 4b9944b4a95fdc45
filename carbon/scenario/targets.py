"""Scenario projections against the organisation's reduction targets (via carbon.progress)."""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from carbon.calculation.progress import path_value, target_total
from .montecarlo import Simulation
from carbon.readers.settings import Target

TOLERANCE = 1e-9


def target_paths(years: Sequence[int], reference_year: int, reference_total: float,
                 targets: Sequence[Target]) -> pd.DataFrame:
    """The straight path to each target (columns path_<target year>) in each projection year."""
    columns: dict[str, list] = {"year": list(years)}
    for t in targets:
        columns[f"path_{t.year}"] = [path_value(reference_year, reference_total, t, y)
                                     if y <= t.year else target_total(reference_total, t)
                                     for y in years]
    return pd.DataFrame(columns)


def target_checks(years: Sequence[int], totals: Sequence[float], reference_year: int,
                  reference_total: float, targets: Sequence[Target],
                  simulation: Simulation | None = None, lang: str = "fi") -> pd.DataFrame:
    """One row per target: the allowed tCO2e, the projection in the target year, whether it is
    met, the first projection year at or below the allowed level and (with a simulation) the
    probability of meeting it."""
    years = list(years)
    totals = np.asarray(totals, dtype=float)
    rows = []
    for t in targets:
        allowed = target_total(reference_total, t)
        below = [y for y, v in zip(years, totals) if v <= allowed + TOLERANCE]
        in_range = t.year in years
        projected = float(totals[years.index(t.year)]) if in_range else math.nan
        rows.append({
            "target_year": t.year, "reduction_pct": t.reduction_pct,
            "label": t.label.get(lang) or t.label.get("fi", ""),
            "reference_year": reference_year, "reference_tco2e": reference_total,
            "allowed_tco2e": allowed, "projected_tco2e": projected,
            "gap_tco2e": projected - allowed if in_range else math.nan,
            "met": bool(projected <= allowed + TOLERANCE) if in_range else None,
            "first_year_met": below[0] if below else None,
            "probability_met": simulation.probability_below(t.year, allowed)
            if simulation is not None and in_range else math.nan,
        })
    frame = pd.DataFrame(rows)
    frame["first_year_met"] = frame["first_year_met"].astype("Int64")
    return frame
