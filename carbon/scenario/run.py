"""Running scenarios: projection, target checks, lever contributions and Monte Carlo together."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from carbon.errors import InputError
from carbon.calculation.draws import DEFAULT_INTERVAL
from .montecarlo import Simulation, multipliers, percentiles_for, simulate
from .project import Plan, Projection, ScenarioContext, build_plan, project
from .spec import Scenario, load_scenario, load_vocabulary
from .targets import target_checks, target_paths
from .waterfall import contributions, cumulative_totals

DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 2035
MULTIPLIER_SETS = 4   # Monte Carlo multiplier sets a context keeps (draws x factors each)


@dataclass
class ScenarioResult:
    """Everything a scenario run gives: yearly table, targets, waterfall, simulation."""

    scenario: Scenario
    plan: Plan
    projection: Projection
    reference_year: int
    reference_total: float
    yearly: pd.DataFrame
    targets: pd.DataFrame
    waterfall: pd.DataFrame
    by_group: pd.DataFrame
    simulation: Simulation | None = None
    notes: list[str] = field(default_factory=list)
    interval: int = DEFAULT_INTERVAL  # % of the draws between the yearly `low` and `high`


def labels(lang: str = "fi") -> dict[str, str]:
    """User-facing labels of tables and charts in a language (Finnish when missing)."""
    vocab = load_vocabulary()["labels"]
    return {**vocab["fi"], **vocab.get(lang, {})}


def reference(ctx: ScenarioContext, basis: str, start_year: int) -> tuple[int, float, bool]:
    """The year targets are measured from (the organisation's base year), its total on the
    basis, and whether that total is the base year recalculated with the start year's method
    (when the method changed and the difference exceeds the threshold; carbon.recalculation)."""
    year = ctx.org.base_year
    if year not in ctx.inputs.years:
        years = ", ".join(map(str, ctx.inputs.years))
        raise InputError(ctx.org.file, f"no data for the base year {year} (the data covers "
                         f"{years}): targets cannot be checked", key="base_year",
                         code="base_year_no_data", params={"year": year, "years": years})
    check = ctx.inputs.base_check(start_year)
    if check.needed:
        col = "tco2e_market" if basis == "market" else "tco2e_location"
        return year, float(check.recalculated.table[col].sum()), True
    return year, ctx.total(year, basis), False


def monte_carlo(ctx: ScenarioContext, plan: Plan, projection: Projection, draws: int,
                seed: int) -> Simulation:
    """Simulated yearly totals of a projection under factor uncertainty (multipliers cached)."""
    key = (plan.table.ids, draws, seed)
    mult = ctx.cache.get(key)
    if mult is None:   # a few sets kept (several users' scenarios); safe for parallel runs
        mult = multipliers(plan.table.ids, plan.table.gsd, draws, seed, plan.table.keys)
        while len(ctx.cache) >= MULTIPLIER_SETS:
            ctx.cache.pop(next(iter(ctx.cache)), None)
        ctx.cache[key] = mult
    return simulate(projection.per_factor(), mult, plan.years)


def run_scenario(ctx: ScenarioContext, scenario: Scenario, *, draws: int = DEFAULT_DRAWS,
                 seed: int = DEFAULT_SEED, waterfall_years: Sequence[int] | None = None,
                 lang: str = "fi", interval: int = DEFAULT_INTERVAL) -> ScenarioResult:
    """Project a scenario, check it against the targets, split it by lever, simulate it (the
    yearly `low`, `median` and `high` of the draws: the `interval` % interval, 95 or 90)."""
    bounds = percentiles_for(interval)
    plan = build_plan(ctx, scenario)
    proj = project(plan)
    ref_year, ref_total, recalculated = reference(ctx, plan.basis, scenario.start_year)
    targets = ctx.org.targets
    sim = monte_carlo(ctx, plan, proj, draws, seed) if draws > 0 else None
    totals = proj.totals()
    columns = {"year": plan.years, "tco2e": totals, "tco2e_location": proj.location.sum(axis=1),
               "tco2e_market": proj.market.sum(axis=1),
               "vs_reference_pct": 100.0 * (totals - ref_total) / ref_total,
               "vs_start_pct": 100.0 * (totals - totals[0]) / totals[0]}
    if sim is not None:
        for name, row in zip(("low", "median", "high"), sim.percentiles(bounds)):
            columns[name] = row
    paths = target_paths(plan.years, ref_year, ref_total, targets)
    columns.update({c: paths[c].to_numpy() for c in paths.columns if c != "year"})
    yearly = pd.DataFrame(columns)
    if waterfall_years is None:
        waterfall_years = [t.year for t in targets if plan.years[0] < t.year <= plan.years[-1]] \
            or [plan.years[-1]]
    steps = cumulative_totals(plan) if plan.ops else totals[None, :]
    checks = target_checks(plan.years, totals, ref_year, ref_total, targets, sim, lang)
    return ScenarioResult(
        scenario=scenario, plan=plan, projection=proj, reference_year=ref_year,
        reference_total=ref_total, yearly=yearly, targets=checks,
        waterfall=contributions(plan, waterfall_years, labels(lang), lang, steps),
        by_group=proj.by("source_group"), simulation=sim,
        notes=list(plan.notes) + ([labels(lang)["recalculated_base"].format(
            year=ref_year, total=f"{ref_total:.1f}", start=scenario.start_year)] if recalculated else []),
        interval=interval)


def load_and_run(ctx: ScenarioContext, paths: Sequence[str | Path], **options) -> list[ScenarioResult]:
    """Read and run several scenario files against one organisation's data."""
    return [run_scenario(ctx, load_scenario(p, ctx.inputs.years), **options) for p in paths]


def comparison(results: Sequence[ScenarioResult], lang: str = "fi") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Side by side: totals per year (one column per scenario) and target checks (long)."""
    years = sorted({y for r in results for y in r.plan.years})
    columns: dict[str, object] = {"year": years}
    for r in results:
        by_year = dict(zip(r.plan.years, r.projection.totals()))
        name, n = r.scenario.id, 1
        while name in columns:  # the same file twice, or two files with one id
            n += 1
            name = f"{r.scenario.id}_{n}"
        columns[name] = [by_year.get(y, np.nan) for y in years]
    yearly = pd.DataFrame(columns)
    targets = pd.concat([r.targets.assign(scenario=r.scenario.id, name=r.scenario.name_in(lang))
                         for r in results], ignore_index=True)
    return yearly, targets[["scenario", "name", *[c for c in targets.columns
                                                  if c not in ("scenario", "name")]]]

