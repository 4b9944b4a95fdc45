"""Scenario runs and comparisons, their files and charts, and the lever vocabulary."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import copy

import pandas as pd

import yaml

from carbon.errors import InputError, OptionError
from carbon.readers.inputs import Inputs
from carbon.scenario.chart import (compare_chart, projection_chart, reach_chart, tornado_chart,
                                   waterfall_chart)
from carbon.scenario.planner import ADJUSTABLE, Planner, PlanResult, parse_candidates
from carbon.scenario.project import ScenarioContext
from carbon.scenario.run import DEFAULT_DRAWS, DEFAULT_SEED, ScenarioResult, comparison
from carbon.scenario.run import run_scenario as _run
from carbon.scenario.spec import VOCABULARY_FILE, load_scenario, load_vocabulary, parse_scenario
from carbon.yamlfile import read_yaml

__all__ = ["DEFAULT_DRAWS", "DEFAULT_SEED", "ScenarioRun", "run_scenario", "run_scenario_doc",
           "scenario_context", "Comparison", "compare_scenarios", "write_scenario",
           "write_comparison", "Lever", "levers", "PlanResult", "default_bounds", "bound_rows", "with_bounds",
           "scenario_yaml", "plan_target", "write_plan"]


@dataclass
class ScenarioRun:
    """One scenario projected: the engine's result and the recorded history it continues."""

    result: ScenarioResult
    history: dict[int, float]   # year -> tCO2e of the years with data, on the scenario's basis


@dataclass
class Comparison:
    """Several scenarios side by side: each run, totals per year (one column per scenario),
    target checks (long), the history and the organisation's target years."""

    results: list[ScenarioResult]
    yearly: pd.DataFrame
    targets: pd.DataFrame
    history: dict[int, float]
    target_years: list[int]

    @property
    def bases(self) -> list[str]:
        """The scope 2 bases the scenarios use (more than one: totals not comparable)."""
        return sorted({r.plan.basis for r in self.results})


def _context(inputs: Inputs | ScenarioContext) -> ScenarioContext:
    return inputs if isinstance(inputs, ScenarioContext) else ScenarioContext(inputs)


def _check_years(years: Sequence[int], start: int, until: int) -> list[int] | None:
    bad = [y for y in years if not start < y <= until]
    if bad:
        raise OptionError("year", f"{bad[0]} is not in the projection {start + 1}–{until}",
                          code="option_year_outside",
                          params={"year": bad[0], "first": start + 1, "until": until})
    return list(years) or None


def run_scenario(inputs: Inputs | ScenarioContext, file: str | Path, *,
                 draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
                 years: Sequence[int] = (), lang: str = "fi") -> ScenarioRun:
    """Read a scenario file and project it: yearly totals to its last year, target checks,
    lever contributions in `years` (default: the target years) and Monte Carlo percentiles
    (`draws` = 0: none)."""
    ctx = _context(inputs)
    spec = load_scenario(file, ctx.inputs.years)
    result = _run(ctx, spec, draws=draws, seed=seed, lang=lang,
                  waterfall_years=_check_years(years, spec.start_year, spec.until))
    return ScenarioRun(result=result, history=ctx.history(result.plan.basis, result.scenario.start_year))


def scenario_context(inputs: Inputs) -> ScenarioContext:
    """The inputs with the inventories, lines and Monte Carlo multipliers that scenario runs
    share: keep one and pass it instead of the inputs, and each further run is fast."""
    return ScenarioContext(inputs)


def run_scenario_doc(inputs: Inputs | ScenarioContext, doc: Any, name: str, *,
                     draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
                     lang: str = "fi") -> ScenarioRun:
    """Project a scenario given as the mapping a scenario file holds (a form's fields, say),
    checked by the same code as a file; `name` stands for the file in error messages."""
    ctx = _context(inputs)
    spec = parse_scenario(doc, name, ctx.inputs.years)
    result = _run(ctx, spec, draws=draws, seed=seed, lang=lang)
    return ScenarioRun(result=result, history=ctx.history(result.plan.basis, result.scenario.start_year))


def compare_scenarios(inputs: Inputs | ScenarioContext, files: Sequence[str | Path], *,
                      draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
                      lang: str = "fi") -> Comparison:
    """Run several scenario files against the same data and put them side by side."""
    ctx = _context(inputs)
    results = [_run(ctx, load_scenario(f, ctx.inputs.years), draws=draws, seed=seed, lang=lang)
               for f in files]
    yearly, targets = comparison(results, lang)
    return Comparison(results=results, yearly=yearly, targets=targets,
                      history=ctx.history(results[0].plan.basis, results[0].scenario.start_year),
                      target_years=[t.year for t in ctx.org.targets])


def _csv(frame: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return path


def write_scenario(run: ScenarioRun, out_dir: str | Path, lang: str = "fi") -> list[Path]:
    """<id>_yearly/_targets/_levers/_by_source_group.csv, the projection chart and one
    waterfall chart per year of the lever contributions, into out_dir."""
    out, r = Path(out_dir), run.result
    sid = r.scenario.id
    written = [
        _csv(r.yearly, out / f"{sid}_yearly.csv"),
        _csv(r.targets, out / f"{sid}_targets.csv"),
        _csv(r.waterfall, out / f"{sid}_levers.csv"),
        _csv(r.by_group, out / f"{sid}_by_source_group.csv"),
        projection_chart(r, run.history, out / f"{sid}.png", lang),
    ]
    for year in sorted(r.waterfall["year"].unique()):
        written.append(waterfall_chart(r, int(year), out / f"{sid}_levers_{year}.png", lang))
    return written


def write_comparison(result: Comparison, out_dir: str | Path, lang: str = "fi") -> list[Path]:
    """compare_yearly.csv, compare_targets.csv and compare.png into out_dir."""
    out = Path(out_dir)
    return [_csv(result.yearly, out / "compare_yearly.csv"),
            _csv(result.targets, out / "compare_targets.csv"),
            compare_chart(result.results, result.history, out / "compare.png", lang)]


@dataclass
class Lever:
    """A lever of the vocabulary as a user sees it: name, label and help in a language, its
    parameters (with those every lever has) and its default assumptions."""

    name: str
    label: str
    help: str
    params: list[str]
    common_params: list[str]
    defaults: dict[str, Any]
    specs: dict[str, dict[str, Any]] = field(default_factory=dict)  # param -> kind, unit, min, max


def levers(lang: str = "fi") -> list[Lever]:
    """Every lever a scenario file can use (English where `lang` has no text)."""
    vocabulary = load_vocabulary()
    out = []
    for name, lever in vocabulary["levers"].items():
        label, help_text = lever.get("label", {}), lever.get("help", {})
        out.append(Lever(name=name, label=label.get(lang) or label.get("en", ""),
                         help=help_text.get(lang) or help_text.get("en", ""),
                         params=list(lever.get("params", {})),
                         common_params=list(vocabulary["common_params"]),
                         defaults=dict(lever.get("defaults") or {}),
                         specs={p: dict(spec) for p, spec in lever.get("params", {}).items()}))
    return out


def _start_levels(ctx: ScenarioContext, start_year: int) -> dict[str, float]:
    """The start year's level of the activity levers a bound may name (nights counted)."""
    act = ctx.inventory(start_year).activity_rows
    if not len(act):
        return {}
    nights = act[(act["kind"] == "accommodation_nights") & (act["status"] == "counted")]
    return {"nights": float(nights["quantity"].sum())} if len(nights) else {}


def default_bounds(inputs: Inputs, bounds_file: str | Path | None = None) -> tuple[Any, str]:
    """The planner's bounds document and the file it came from: `bounds_file`, else the
    organisation's `planner: {bounds: FILE}` setting, else the vocabulary's generic bounds."""
    setting = (inputs.org.raw.get("planner") or {}) if isinstance(inputs.org.raw.get("planner"), dict) \
        else {}
    if bounds_file is None and setting.get("bounds"):
        bounds_file = inputs.org.path(setting["bounds"])
    if bounds_file is not None:
        return read_yaml(Path(bounds_file), "bounds file"), str(bounds_file)
    return load_vocabulary()["planner"], str(VOCABULARY_FILE)


def bound_rows(doc: dict[str, Any], lang: str = "fi") -> list[dict[str, Any]]:
    """The bounds of a bounds document as rows a form shows: position, label, the bounded
    parameter, its side (max or min) and value."""
    rows = []
    levers = doc.get("levers") if isinstance(doc, dict) else None
    for i, item in enumerate(levers if isinstance(levers, list) else []):
        for param, side in ADJUSTABLE.items():
            spec = item.get(param) if isinstance(item, dict) else None
            if isinstance(spec, dict) and side in spec:
                label = item.get("label")
                label = (label.get(lang) or label.get("fi")) if isinstance(label, dict) else label
                rows.append({"index": i, "label": label or item.get("lever"), "param": param,
                             "side": side, "value": spec[side]})
    return rows


def with_bounds(doc: dict[str, Any], values: dict[int, float]) -> dict[str, Any]:
    """A copy of a bounds document with the bound of lever i set to values[i] (the planner's
    own checks judge them); a document that is not a mapping is returned as it is."""
    if not isinstance(doc, dict) or not isinstance(doc.get("levers"), list):
        return doc
    out = copy.deepcopy(doc)
    for i, item in enumerate(out.get("levers") or []):
        if i not in values or not isinstance(item, dict):
            continue
        for param, side in ADJUSTABLE.items():
            if isinstance(item.get(param), dict):
                item[param] = {side: values[i]}
    return out


def scenario_yaml(doc: dict[str, Any]) -> str:
    """A scenario document as the YAML text of a scenario file."""
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def plan_target(inputs: Inputs | ScenarioContext, target_year: int, *,
                start_file: str | Path | None = None, bounds_file: str | Path | None = None,
                start_doc: dict[str, Any] | None = None, bounds_doc: dict[str, Any] | None = None,
                probability: float = 0.8, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
                lang: str = "fi") -> PlanResult:
    """What it takes to meet the organisation's target of `target_year`: each lever's reach
    within its bound, the smallest settings that meet the target deterministically and with
    `probability` under the Monte Carlo (or the shortfall and the binding bounds), and what
    moves the probability most. Starts from `start_file` / `start_doc` (a scenario) or from no
    levers; bounds from `bounds_file` / `bounds_doc`, else the organisation's `planner.bounds`
    setting, else the vocabulary's defaults (see default_bounds)."""
    ctx = _context(inputs)
    org = ctx.org
    targets = [t for t in org.targets if t.year == target_year]
    if not targets:
        years = ", ".join(str(t.year) for t in org.targets)
        raise OptionError("target", f"no target for {target_year}; the targets are for {years}",
                          code="option_target_none", params={"year": target_year, "years": years})
    if not 0 < probability < 1:
        raise OptionError("probability", f"{probability * 100:g} % is not a probability between "
                          "0 and 100 %", code="option_probability_invalid",
                          params={"value": f"{probability * 100:g}"})
    target = max(targets, key=lambda t: t.reduction_pct)
    vocabulary = load_vocabulary()
    if start_doc is not None:
        base, file = start_doc, str(start_file or "scenario")
    elif start_file is not None:
        base, file = read_yaml(Path(start_file), "scenario file"), str(start_file)
        if not isinstance(base, dict):
            raise InputError(start_file, "a scenario file must be a mapping with 'levers:'",
                             code="sc_not_mapping")
    else:
        base, file = {"id": "start", "name": {"fi": "Lähtötilanne", "en": "Start"}, "levers": []}, "plan"
    start_year = base.get("base_year", max(ctx.inputs.years))
    if bounds_doc is not None:
        raw, bfile = bounds_doc, str(bounds_file or "bounds")
    else:
        raw, bfile = default_bounds(ctx.inputs, bounds_file)
    candidates = parse_candidates(raw, bfile, vocabulary, lang,
                                  _start_levels(ctx, start_year) if isinstance(start_year, int) else {})
    planner = Planner(ctx, base, file, candidates, target_year, target.reduction_pct, vocabulary,
                      draws, seed, bounds_file=bfile)
    reach = planner.reach()
    deterministic = planner.plan("deterministic", reach, probability)
    probabilistic = planner.plan("probability", reach, probability) if draws > 0 else None
    sensitivity = planner.sensitivity(probabilistic or deterministic) if draws > 0 else \
        pd.DataFrame(columns=["kind", "name", "p_low", "p_high", "spread"])
    return PlanResult(target_year=target_year, reduction_pct=target.reduction_pct,
                      allowed_tco2e=planner.allowed, reference_year=planner.ref_year,
                      reference_total=planner.ref_total, probability_goal=probability,
                      draws=draws, seed=seed, candidates=candidates,
                      start=planner.evaluate({}, draws > 0), reach=reach,
                      deterministic=deterministic, probabilistic=probabilistic,
                      sensitivity=sensitivity)


def _yaml(doc: dict, path: Path, header: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def write_plan(result: PlanResult, out_dir: str | Path, lang: str = "fi") -> list[Path]:
    """plan_<year>.yaml (deterministic) and plan_<year>_p<NN>.yaml (probability goal), each a
    scenario file `scenario run` reproduces; the reach and sensitivity tables as CSV; the reach
    and tornado charts as PNG."""
    out, y = Path(out_dir), result.target_year
    header = (f"# Written by `build.py scenario plan --target {y}`: the smallest lever settings "
              f"found within the bounds.\n")
    written = [_yaml(result.deterministic.document, out / f"plan_{y}.yaml", header)]
    if result.probabilistic is not None:
        pct = round(result.probability_goal * 100)
        written.append(_yaml(result.probabilistic.document, out / f"plan_{y}_p{pct}.yaml", header))
    written.append(_csv(result.reach, out / f"plan_{y}_reach.csv"))
    written.append(reach_chart(result.reach, out / f"plan_{y}_reach.png", lang))
    if len(result.sensitivity):
        written.append(_csv(result.sensitivity, out / f"plan_{y}_sensitivity.csv"))
        written.append(tornado_chart(result.sensitivity, out / f"plan_{y}_sensitivity.png", lang))
    return written
