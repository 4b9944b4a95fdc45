"""The reduction planner: what it takes to meet a target, within bounds the user gives.

Each *candidate* is a lever of the vocabulary with one adjustable parameter and its bound
(the largest share of renewable contracts, of electric taxis, the smallest number of nights …).
A setting x in [0, 1] moves that parameter from "no change" (x = 0) to the bound (x = 1), held
constant from the year after the start year; every evaluation builds a real scenario document
and runs it through the same parser and projection as `scenario run`, so a plan is a scenario
file that reproduces its numbers.

- **Reach** of a candidate: tCO2e removed in the target year at its bound, alone (against the
  starting scenario) and after all the others (against all the others at their bounds).
- **Plan**: candidates are taken in order of reach alone, each at its bound, until the target
  is met; the last one is then bisected to the smallest setting that meets it, and any earlier
  candidate the plan does not need is dropped. Met means total(target year) <= allowed
  (deterministic) or P(total <= allowed) >= the probability goal under the seeded Monte Carlo.
  The reductions are monotonic in each setting, so bisection finds the smallest setting.
- Where no setting within the bounds meets the target: the shortfall (tCO2e, or probability
  points) of all candidates at their bounds, and the bounds that bind (those whose candidate
  still removes emissions after the others, largest first).
- **Sensitivity**: for the plan, the target probability when each factor's Monte Carlo draw is
  in its lowest or highest decile (the same draws, conditioned), and when each planned lever's
  setting moves by 0.2 of its range; sorted by the spread (a tornado).
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from carbon.errors import InputError

from .montecarlo import Simulation
from .project import ScenarioContext, build_plan, project
from .run import monte_carlo, reference
from .spec import parse_lever, parse_scenario

BISECTION_STEPS = 14
SENSITIVITY_STEP = 0.2
#: the parameters a candidate may adjust, and which end of its range cuts emissions
ADJUSTABLE = {"share": "max", "gas_share": "max", "pct": "min", "level": "min"}


@dataclass(frozen=True)
class Candidate:
    """A lever the planner may set: its fixed parameters, the adjusted one and its bound."""

    index: int
    label: str
    template: dict[str, Any]   # the lever's parameters without the adjusted one
    param: str                 # share, gas_share, pct or level
    bound: float               # the parameter's value at x = 1
    start: float = 0.0         # the parameter's value at x = 0 (no change)

    def value(self, x: float) -> float:
        """The parameter's value at setting x, rounded so that rounding never weakens it."""
        v = self.start + x * (self.bound - self.start)
        if self.param == "level":
            return float(math.floor(v))
        if self.param == "pct":
            return math.floor(v * 10) / 10.0
        return min(self.bound, math.ceil(v * 10) / 10.0)

    def lever(self, x: float, years: str) -> dict[str, Any]:
        """The lever entry of a scenario document at setting x."""
        return {**copy.deepcopy(self.template), self.param: self.value(x), "years": years}


@dataclass
class Outcome:
    """One evaluated setting: the target year's total and the probability of meeting it."""

    settings: dict[int, float]
    total: float
    probability: float | None
    simulation: Simulation | None = None
    factor_ids: tuple[str, ...] = ()
    multipliers: np.ndarray | None = None


@dataclass
class Plan:
    """The smallest settings found for one goal (deterministic or a probability)."""

    goal: str                       # "deterministic" or "probability"
    met: bool
    settings: dict[int, float]      # candidate index -> x (only candidates the plan uses)
    outcome: Outcome
    shortfall_tco2e: float = 0.0
    shortfall_probability: float = 0.0
    binding: list[int] = field(default_factory=list)  # candidate indices whose bound binds
    document: dict[str, Any] = field(default_factory=dict)  # the plan as a scenario document


@dataclass
class PlanResult:
    """Everything the planner found for one target."""

    target_year: int
    reduction_pct: float
    allowed_tco2e: float
    reference_year: int
    reference_total: float
    probability_goal: float
    draws: int
    seed: int
    candidates: list[Candidate]
    start: Outcome                  # the starting scenario (or no levers)
    reach: pd.DataFrame             # candidate, label, param, bound, alone_tco2e, after_others_tco2e
    deterministic: Plan
    probabilistic: Plan | None
    sensitivity: pd.DataFrame       # kind, name, p_low, p_high, spread


def parse_candidates(raw: Any, file: str, vocabulary: dict[str, Any], lang: str,
                     start_levels: dict[str, float]) -> list[Candidate]:
    """Candidates from a bounds document ({levers: [{lever: name, <param>: {max|min: v}, ...}]});
    exactly one parameter of each carries its bound. `start_levels` gives the start year's
    level of activity levers (nights) for a `level` bound."""
    items = raw.get("levers") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not items:
        raise InputError(file, "a bounds file needs 'levers:', a list of levers with one bound each",
                         key="levers", code="bounds_no_levers")
    out = []
    for i, item in enumerate(items):
        key = f"levers[{i}]"
        if not isinstance(item, dict) or item.get("lever") not in vocabulary["levers"]:
            name = item.get("lever") if isinstance(item, dict) else item
            raise InputError(file, f"unknown lever {name!r} (known: {', '.join(vocabulary['levers'])})",
                             key=key, code="bounds_unknown_lever",
                             params={"lever": repr(name), "known": ", ".join(vocabulary["levers"])})
        bounded = [(p, v) for p, v in item.items() if isinstance(v, dict) and p in ADJUSTABLE]
        if len(bounded) != 1:
            raise InputError(file, "give exactly one parameter as a bound, e.g. share: {max: 60}, "
                             "pct: {min: -5} or level: {min: 2000000}", key=key, code="bounds_one_param")
        param, spec = bounded[0]
        side = ADJUSTABLE[param]
        if set(spec) != {side} or not isinstance(spec[side], (int, float)) or isinstance(spec[side], bool):
            raise InputError(file, f"the bound of {param} is {{{side}: number}}", key=f"{key}.{param}",
                             code="bounds_side", params={"param": param, "side": side})
        bound = float(spec[side])
        start = 0.0
        if param == "level":
            if item["lever"] not in start_levels:
                raise InputError(file, f"a level bound needs the start year's level of "
                                 f"{item['lever']}", key=f"{key}.{param}", code="bounds_level_start",
                                 params={"lever": item["lever"]})
            start = start_levels[item["lever"]]
            if bound > start:
                raise InputError(file, f"level {{min: {bound:g}}} is above the start year's "
                                 f"{start:g}", key=f"{key}.{param}", code="bounds_level_above",
                                 params={"bound": f"{bound:g}", "start": f"{start:g}"})
        if param in ("share", "gas_share") and not 0 < bound <= 100:
            raise InputError(file, f"{param} {{max: ...}} must be a share above 0 and at most 100",
                             key=f"{key}.{param}", code="bounds_share_range", params={"param": param})
        if param == "pct" and not -100 <= bound < 0:
            raise InputError(file, "pct {min: ...} must be a cut between -100 and 0", key=f"{key}.{param}",
                             code="bounds_pct_range")
        template = {k: v for k, v in item.items() if k not in (param, "years", "label")}
        vocab_label = vocabulary["levers"][item["lever"]].get("label", {})
        label = item.get("label")
        label = (label.get(lang) or label.get("fi")) if isinstance(label, dict) else label
        label = str(label or vocab_label.get(lang) or vocab_label.get("en") or item["lever"])
        if item.get("applies_to") and not item.get("label"):
            label += f" ({item['applies_to']})"
        out.append(Candidate(index=i, label=label, template={**template, "label": {lang: label}},
                             param=param, bound=bound, start=start))
    return out


class Planner:
    """Evaluates settings of the candidates on top of a starting scenario document."""

    def __init__(self, ctx: ScenarioContext, base: dict[str, Any], file: str,
                 candidates: list[Candidate], target_year: int, reduction_pct: float,
                 vocabulary: dict[str, Any], draws: int, seed: int,
                 bounds_file: str | None = None) -> None:
        self.ctx, self.base, self.file = ctx, base, file
        self.candidates, self.vocabulary = candidates, vocabulary
        self.target_year, self.draws, self.seed = target_year, draws, seed
        start = parse_scenario(base, file, ctx.inputs.years, vocabulary)
        if not start.start_year < target_year <= start.until:
            raise InputError(file, f"the target year {target_year} is not in the projection "
                             f"{start.start_year + 1}–{start.until}", key="until",
                             code="plan_target_year_outside",
                             params={"year": target_year, "first": start.start_year + 1,
                                     "until": start.until})
        self.years = f"{start.start_year + 1}-{start.until}"
        if bounds_file is not None:   # a candidate's own parameters are the bounds file's
            for c in candidates:
                parse_lever(c.lever(1.0, self.years), c.index, bounds_file, start.start_year,
                            start.until, vocabulary)
        plan = build_plan(ctx, start)
        self.ref_year, self.ref_total, _ = reference(ctx, plan.basis, start.start_year)
        self.allowed = self.ref_total * (1.0 - reduction_pct / 100.0)
        self._cache: dict[tuple, Outcome] = {}

    def document(self, settings: dict[int, float], plan_id: str = "") -> dict[str, Any]:
        """The starting scenario with the candidates at their settings appended."""
        doc = copy.deepcopy(self.base)
        doc["levers"] = list(doc.get("levers") or []) + [
            c.lever(settings[c.index], self.years) for c in self.candidates
            if settings.get(c.index, 0.0) > 0]
        if plan_id:
            doc["id"] = plan_id
        return doc

    def evaluate(self, settings: dict[int, float], with_draws: bool = True) -> Outcome:
        """The target year's total (and, with draws, the probability of meeting the target)."""
        key = (tuple(sorted((i, round(x, 9)) for i, x in settings.items() if x > 0)), with_draws)
        if key not in self._cache:
            scenario = parse_scenario(self.document(settings), self.file, self.ctx.inputs.years,
                                      self.vocabulary)
            plan = build_plan(self.ctx, scenario)
            proj = project(plan)
            pos = plan.years.index(self.target_year)
            total = float(proj.totals()[pos])
            outcome = Outcome(dict(settings), total, None)
            if with_draws and self.draws > 0:
                sim = monte_carlo(self.ctx, plan, proj, self.draws, self.seed)
                outcome.probability = sim.probability_below(self.target_year, self.allowed)
                outcome.simulation, outcome.factor_ids = sim, plan.table.ids
                outcome.multipliers = self.ctx.cache[(plan.table.ids, self.draws, self.seed)]
            self._cache[key] = outcome
        return self._cache[key]

    def met(self, outcome: Outcome, goal: str, probability: float) -> bool:
        if goal == "deterministic":
            return outcome.total <= self.allowed + 1e-6
        return outcome.probability is not None and outcome.probability >= probability - 1e-12

    def reach(self) -> pd.DataFrame:
        """Each candidate's tCO2e removed in the target year at its bound, alone and after the
        others at their bounds."""
        none = self.evaluate({}, False).total
        every = {c.index: 1.0 for c in self.candidates}
        all_total = self.evaluate(every, False).total
        rows = []
        for c in self.candidates:
            alone = none - self.evaluate({c.index: 1.0}, False).total
            others = {i: 1.0 for i in every if i != c.index}
            after = self.evaluate(others, False).total - all_total
            rows.append({"candidate": c.index, "label": c.label, "param": c.param,
                         "bound": c.bound, "alone_tco2e": alone, "after_others_tco2e": after})
        frame = pd.DataFrame(rows)
        return frame.sort_values("alone_tco2e", ascending=False, ignore_index=True)

    def plan(self, goal: str, reach: pd.DataFrame, probability: float) -> Plan:
        """The smallest settings that meet the goal (see the module docstring)."""
        with_draws = goal == "probability"
        order = [int(i) for i, r in zip(reach["candidate"], reach["alone_tco2e"]) if r > 1e-9]
        settings: dict[int, float] = {}
        outcome = self.evaluate(settings, with_draws)
        if self.met(outcome, goal, probability):
            return self._finish(goal, True, settings, outcome, probability)
        for i in order:
            settings[i] = 1.0
            outcome = self.evaluate(settings, with_draws)
            if self.met(outcome, goal, probability):
                lo, hi = 0.0, 1.0
                for _ in range(BISECTION_STEPS):
                    mid = (lo + hi) / 2.0
                    if self.met(self.evaluate({**settings, i: mid}, with_draws), goal, probability):
                        hi = mid
                    else:
                        lo = mid
                settings[i] = hi
                for j in [j for j in order if j in settings and j != i][::-1]:  # drop the unneeded
                    trial = {k: v for k, v in settings.items() if k != j}
                    if self.met(self.evaluate(trial, with_draws), goal, probability):
                        settings = trial
                return self._finish(goal, True, settings, self.evaluate(settings, with_draws),
                                    probability)
        return self._finish(goal, False, settings, outcome, probability, reach)

    def _finish(self, goal: str, met: bool, settings: dict[int, float], outcome: Outcome,
                probability: float, reach: pd.DataFrame | None = None) -> Plan:
        plan = Plan(goal=goal, met=met, settings=dict(settings), outcome=outcome,
                    document=self.document(settings, f"plan_{self.target_year}_{goal}"))
        if not met:
            plan.shortfall_tco2e = max(0.0, outcome.total - self.allowed)
            if goal == "probability" and outcome.probability is not None:
                plan.shortfall_probability = max(0.0, probability - outcome.probability)
            if reach is not None:
                binding = reach[reach["after_others_tco2e"] > 1e-9].sort_values(
                    "after_others_tco2e", ascending=False)
                plan.binding = [int(i) for i in binding["candidate"]]
        return plan

    def sensitivity(self, plan: Plan) -> pd.DataFrame:
        """How the plan's probability moves with each factor's draw (lowest/highest decile of
        the same draws) and with each planned lever's setting (± SENSITIVITY_STEP)."""
        outcome = plan.outcome if plan.outcome.simulation is not None \
            else self.evaluate(plan.settings, True)
        rows = []
        if outcome.simulation is not None:
            sim, mult = outcome.simulation, outcome.multipliers
            totals = sim.by_year[sim.years.index(self.target_year)]
            met = totals <= self.allowed + 1e-9
            for j, fid in enumerate(outcome.factor_ids):
                m = mult[:, j]
                if np.ptp(m) == 0:
                    continue
                lo, hi = np.quantile(m, [0.1, 0.9])
                p_low, p_high = float(met[m <= lo].mean()), float(met[m >= hi].mean())
                rows.append({"kind": "factor", "name": fid, "p_low": p_low, "p_high": p_high})
            for i, x in plan.settings.items():
                c = next(c for c in self.candidates if c.index == i)
                down = self.evaluate({**plan.settings, i: max(0.0, x - SENSITIVITY_STEP)}, True)
                up = self.evaluate({**plan.settings, i: min(1.0, x + SENSITIVITY_STEP)}, True)
                rows.append({"kind": "lever", "name": c.label, "p_low": down.probability,
                             "p_high": up.probability})
        frame = pd.DataFrame(rows, columns=["kind", "name", "p_low", "p_high"])
        frame["spread"] = (frame["p_high"] - frame["p_low"]).abs()
        return frame.sort_values("spread", ascending=False, ignore_index=True)
