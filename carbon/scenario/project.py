"""Projecting a scenario year by year: lines x levers -> tCO2e per line and year.

In each year after the start year, activity levers change the activity level (which carries
on); then share levers act on that year's activity; factor levers replace factor values.
`project(plan, n_levers=k)` uses only the first k levers, which the waterfall needs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from carbon.readers.inputs import Inputs
from carbon.calculation.inventory import Inventory
from .levers import Compiler, LineBook, Op
from .lines import FactorTable, library_values, start_lines
from .spec import Scenario


class ScenarioContext:
    """One organisation's inputs with the inventories, lines and factor values scenarios share."""

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.table = FactorTable.from_library(inputs.factors)
        self._inventories: dict[int, Inventory] = {}
        self._lines: dict[int, pd.DataFrame] = {}
        self._records: dict[int, list[dict]] = {}
        self.lookups: dict = {}  # activity-map rules by (kind, item, contract)
        self._values: dict[tuple[int, ...], tuple[np.ndarray, dict]] = {}
        self.cache: dict = {}  # Monte Carlo multipliers by (factor ids, draws, seed)
        self._history: dict[tuple[str, int | None], dict[int, float]] = {}

    @property
    def org(self):
        return self.inputs.org

    def inventory(self, year: int) -> Inventory:
        """The inventory of a year (computed once)."""
        if year not in self._inventories:
            self._inventories[year] = self.inputs.inventory(year)
        return self._inventories[year]

    def lines(self, year: int) -> pd.DataFrame:
        """The start lines of a year (computed once)."""
        if year not in self._lines:
            self._lines[year] = start_lines(self.inventory(year), self.inputs.factors)
        return self._lines[year]

    def records(self, year: int) -> list[dict]:
        """The start lines of a year as records (computed once; copied by each plan)."""
        if year not in self._records:
            self._records[year] = self.lines(year).to_dict("records")
        return self._records[year]

    def library_values(self, years: list[int]) -> tuple[np.ndarray, dict]:
        """Library factor values for the years (years x factors) and the clamped factors."""
        key = tuple(years)
        if key not in self._values:
            self._values[key] = library_values(self.inputs.factors, years)
        return self._values[key]

    def total(self, year: int, basis: str) -> float:
        """The inventory total of a year on a scope 2 basis."""
        col = "tco2e_market" if basis == "market" else "tco2e_location"
        return float(self.inventory(year).table[col].sum())

    def history(self, basis: str, start_year: int | None = None) -> dict[int, float]:
        """Totals of every year with data from the base year to the start year, on a basis and
        on one method: the start year's view (carbon/calculation/baseline.py), restated where
        the method changed, the base year as the targets measure from it (computed once per
        basis and start year: every run of the workbench draws it)."""
        key = (basis, start_year)
        if key not in self._history:
            self._history[key] = self._history_of(basis, start_year)
        return dict(self._history[key])

    def _history_of(self, basis: str, start_year: int | None) -> dict[int, float]:
        col = "tco2e_market" if basis == "market" else "tco2e_location"
        if self.inputs.org.base_year not in self.inputs.years:
            return {y: self.total(y, basis) for y in self.inputs.years}
        return {y: float(inv.table[col].sum())
                for y, inv in self.inputs.series_inventories(start_year).items()}

    def deflator(self, start_year: int):
        """Turns euros of the start year into euros of a price year."""
        return lambda price_year: self.inputs.prices.deflator(start_year, price_year)


class Plan:
    """A compiled scenario: its lines (start lines and the twins levers add) and operations."""

    def __init__(self, scenario: Scenario, basis: str, records: list[dict], ops: list[Op],
                 table: FactorTable, base_values: np.ndarray, notes: list[str]) -> None:
        self.scenario, self.basis, self.records, self.ops = scenario, basis, records, ops
        self.table, self.base_values, self.notes = table, base_values, notes
        col = lambda name: np.array([r[name] for r in records], dtype=float)  # noqa: E731
        mult = col("mult")
        self.q0 = col("quantity")
        self.w_location = mult * col("k_location") / 1000.0
        self.w_market = mult * col("k_market") / 1000.0
        self.f_location = table.positions([r["factor_id"] for r in records])
        self.f_market = table.positions([r["market_factor_id"] for r in records])
        self._lines: pd.DataFrame | None = None

    @property
    def lines(self) -> pd.DataFrame:
        """The lines as a table (built when first asked for)."""
        if self._lines is None:
            frame = pd.DataFrame(self.records)
            frame["ghg_category"] = frame["ghg_category"].astype("Int64")
            self._lines = frame
        return self._lines

    @property
    def years(self) -> list[int]:
        return self.scenario.years

    def values(self, n_levers: int | None = None) -> np.ndarray:
        """Factor values (years x factors) with the factor levers among the first n applied."""
        ops = self.ops if n_levers is None else self.ops[:n_levers]
        changing = [op for op in ops if op.factor_values]
        if not changing:
            return self.base_values
        values = self.base_values.copy()
        pos = {y: i for i, y in enumerate(self.years)}
        for op in changing:
            for fid, series in op.factor_values.items():
                j = self.table.position(fid)
                for y, v in series.items():
                    values[pos[y], j] = v
        return values


def build_plan(ctx: ScenarioContext, scenario: Scenario) -> Plan:
    """Compile a scenario against the inventory of its start year."""
    basis = scenario.basis or ctx.org.scope2_basis
    book = LineBook(ctx.records(scenario.start_year))
    compiler = Compiler(scenario, book, ctx.inputs.factors, ctx.inputs.activity_map,
                        set(ctx.inputs.source_groups), ctx.lookups)
    ops = compiler.compile(ctx.deflator(scenario.start_year))
    records = book.records
    table = ctx.table.with_custom(compiler.custom)
    lib, clamped = ctx.library_values(scenario.years)
    if compiler.custom:
        extra = np.tile([c.value for c in compiler.custom], (len(scenario.years), 1))
        lib = np.hstack([lib, extra])
    used = {r["factor_id"] for r in records} | {r["market_factor_id"] for r in records}
    notes = [f"factor {fid} applies to {first}–{last or 'open'}; its nearest value is used in "
             f"{years[0]}–{years[-1]}" for fid, (first, last, years) in clamped.items() if fid in used]
    return Plan(scenario, basis, records, ops, table, lib, notes)


def project_quantities(plan: Plan, n_levers: int | None = None) -> np.ndarray:
    """Line quantities in each projection year (years x lines) under the first n levers."""
    ops = plan.ops if n_levers is None else plan.ops[:n_levers]
    activity = [(op.apply, frozenset(op.lever.years)) for op in ops if op.type == "activity"]
    shares = [(op.apply, frozenset(op.lever.years)) for op in ops if op.type == "share"]
    state = plan.q0.copy()
    out = np.empty((len(plan.years), len(state)))
    for t, year in enumerate(plan.years):
        for apply, years in activity:
            if year in years:
                apply(state, year)
        out[t] = state
        for apply, years in shares:
            if year in years:
                apply(out[t], year)
    return out


@dataclass
class Projection:
    """tCO2e of every line in every projection year, location- and market-based."""

    plan: Plan
    quantities: np.ndarray
    location: np.ndarray
    market: np.ndarray

    @property
    def years(self) -> list[int]:
        return self.plan.years

    @property
    def emissions(self) -> np.ndarray:
        """Line emissions on the scenario's basis (years x lines)."""
        return self.market if self.plan.basis == "market" else self.location

    def totals(self) -> np.ndarray:
        """Total tCO2e per year on the scenario's basis."""
        return self.emissions.sum(axis=1)

    def per_factor(self) -> np.ndarray:
        """tCO2e per year attributed to each factor of the plan's table (years x factors)."""
        cols = self.plan.f_market if self.plan.basis == "market" else self.plan.f_location
        out = np.zeros((len(self.years), len(self.plan.table.ids)))
        for j in np.unique(cols):
            out[:, j] = self.emissions[:, cols == j].sum(axis=1)
        return out

    def frame(self) -> pd.DataFrame:
        """Totals per year: tCO2e on the basis, location- and market-based."""
        return pd.DataFrame({"year": self.years, "tco2e": self.totals(),
                             "tco2e_location": self.location.sum(axis=1),
                             "tco2e_market": self.market.sum(axis=1)})

    def by(self, column: str = "source_group") -> pd.DataFrame:
        """tCO2e per year and line attribute (source_group, factor_id, scope ...), long format."""
        keys = np.array([str(r[column]) for r in self.plan.records], dtype=object)
        names, inverse = np.unique(keys, return_inverse=True)
        sums = np.zeros((len(self.years), len(names)))
        for j in range(len(names)):
            sums[:, j] = self.emissions[:, inverse == j].sum(axis=1)
        return pd.DataFrame({"year": np.repeat(self.years, len(names)),
                             column: np.tile(names, len(self.years)), "tco2e": sums.ravel()})


def project(plan: Plan, n_levers: int | None = None) -> Projection:
    """Project a compiled scenario with all (or the first n) levers."""
    q = project_quantities(plan, n_levers)
    values = plan.values(n_levers)
    loc = q * plan.w_location * values[:, plan.f_location]
    mkt = q * plan.w_market * values[:, plan.f_market]
    return Projection(plan, q, loc, mkt)
