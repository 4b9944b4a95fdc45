"""The reduction planner on a page: choose a target, a probability, a starting scenario and the
levers' bounds, and see each lever's reach and the smallest plan (or the shortfall) change.
The same computation as `build.py scenario plan` (app.plan_target)."""
from __future__ import annotations

from flask import Blueprint, Response, g, render_template, request, url_for

import app
from carbon.errors import OptionError

from .base import attachment, context, workbench

bp = Blueprint("plan", __name__)


def _number(name: str, raw: str) -> float:
    try:
        return float(raw.replace(",", ".").replace("\u2212", "-").strip())
    except ValueError:
        raise OptionError(name, f"{raw!r} is not a number", code="web_not_number",
                          params={"value": repr(raw)}) from None


def _form_bounds(count: int) -> dict[int, float]:
    """The bounds given in the form (bound-<i>), as numbers."""
    return {i: _number("bound", request.args[f"bound-{i}"]) for i in range(count)
            if request.args.get(f"bound-{i}", "").strip()}


@bp.get("/plan")
def plan() -> Response | str:
    """The planner's form and, for the chosen target, its result."""
    wb = workbench()
    inputs = wb.inputs
    targets = [t.year for t in inputs.org.targets]
    default, _ = app.default_bounds(inputs)
    levers = default.get("levers") if isinstance(default, dict) else None
    bounds = app.with_bounds(default, _form_bounds(len(levers) if isinstance(levers, list) else 0))
    result = None
    target = request.args.get("target", "")
    start = request.args.get("start", "")
    probability = request.args.get("probability", "80")
    if target:
        if not target.isdigit():
            raise OptionError("target", f"{target!r} is not a year", code="web_not_year",
                              params={"value": repr(target)})
        p = _number("probability", probability)
        start_doc = wb.open_scenario(start) if start else None
        with wb.lock:
            result = app.plan_target(wb.context, int(target), start_doc=start_doc,
                                     start_file=start or None, bounds_doc=bounds,
                                     probability=p / 100.0, lang=g.lang)
        if request.args.get("format") == "yaml":
            which = result.probabilistic if request.args.get("goal") == "probability" \
                and result.probabilistic is not None else result.deterministic
            text = app.scenario_yaml(which.document)
            name = f"plan_{result.target_year}{'_p' if which.goal == 'probability' else ''}.yaml"
            return Response(text, mimetype="application/yaml",
                            headers={"Content-Disposition": attachment(name)})
    names = {c.index: c for c in result.candidates} if result else {}
    plans = {"deterministic": result.deterministic, "probability": result.probabilistic} \
        if result else {}
    binding = {goal: "; ".join(names[i].label for i in p.binding)
               for goal, p in plans.items() if p is not None}
    args = {k: v for k, v in request.args.items() if k not in ("format", "goal")}
    downloads = {goal: url_for("plan.plan", **args, format="yaml", goal=goal) for goal in plans}
    return render_template("plan.html", **context(
        targets=targets, target=target, start=start, probability=probability,
        bounds=app.bound_rows(bounds, g.lang), result=result, names=names, binding=binding,
        downloads=downloads))
