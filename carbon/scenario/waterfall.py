"""Contribution of each lever (a waterfall): levers applied one by one, in the scenario's order."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .project import Plan, project


def cumulative_totals(plan: Plan) -> np.ndarray:
    """Yearly totals with the first k levers, k = 0..n (n+1 x years)."""
    return np.vstack([project(plan, k).totals() for k in range(len(plan.ops) + 1)])


def contributions(plan: Plan, years: Sequence[int], labels: dict[str, str],
                  lang: str = "fi", totals: np.ndarray | None = None) -> pd.DataFrame:
    """Waterfall rows per year: the start-year total, the change from factor trends alone, the
    change each lever makes on top of the levers before it, and the scenario's total. The
    changes add up exactly to the scenario total."""
    totals = cumulative_totals(plan) if totals is None else totals
    start = float(totals[0, 0])
    rows = []
    for year in years:
        if year not in plan.years:
            raise ValueError(f"{year} is not in the projection {plan.years[0]}–{plan.years[-1]}")
        t = plan.years.index(year)
        rows.append({"year": year, "step": "start", "lever_index": None,
                     "label": labels["start"].format(year=plan.years[0]),
                     "change_tco2e": start, "running_tco2e": start})
        rows.append({"year": year, "step": "factor_trend", "lever_index": None,
                     "label": labels["factor_trend"], "change_tco2e": float(totals[0, t]) - start,
                     "running_tco2e": float(totals[0, t])})
        for k, op in enumerate(plan.ops, start=1):
            rows.append({"year": year, "step": op.lever.name, "lever_index": op.lever.index,
                         "label": op.lever.label_in(lang),
                         "change_tco2e": float(totals[k, t] - totals[k - 1, t]),
                         "running_tco2e": float(totals[k, t])})
        rows.append({"year": year, "step": "end", "lever_index": None,
                     "label": labels["end"].format(year=year), "change_tco2e": float(totals[-1, t]),
                     "running_tco2e": float(totals[-1, t])})
    frame = pd.DataFrame(rows)
    frame["lever_index"] = frame["lever_index"].astype("Int64")
    return frame
