"""The reduction planner on a page: choose a target, a probability, a starting scenario and the
levers' bounds, and see each lever's reach and the smallest plan (or the shortfall) change.
The same computation as `build.py scenario plan` (app.plan_target)."""
from __future__ import annotations

import copy
from typing import Any

import yaml
from flask import Blueprint, Response, g, render_template, request, url_for

import app
from carbon.errors import OptionError
from carbon.scenario.planner import ADJUSTABLE

from .base import context, workbench

bp = Blueprint("plan", __name__)


def _number(name: str, raw: str) -> float:
    try:
        return float(raw.replace(",", ".").replace("\u2212", "-").strip())
    except ValueError:
        raise OptionError(name, f"{raw!r} is not a number") from None


def bounds_from_form(default: dict[str, Any]) -> dict[str, Any]:
    """The organisation's bounds with each lever's bound as given in the form (bound-<i>);
    the planner's own checks judge the values."""
    doc = copy.deepcopy(default)
    for i, item in enumerate(doc.get("levers") or []):
        raw = request.args.get(f"bound-{i}", "").strip()
        if not raw or not isinstance(item, dict):
            continue
        for param, side in ADJUSTABLE.items():
            if isinstance(item.get(param), dict):
                item[param] = {side: _number("bound", raw)}
    return doc


def _bounds_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for i, item in enumerate(doc.get("levers") or []):
        for param, side in ADJUSTABLE.items():
            spec = item.get(param) if isinstance(item, dict) else None
            if isinstance(spec, dict) and side in spec:
                label = item.get("label")
                label = (label.get(g.lang) or label.get("fi")) if isinstance(label, dict) else label
                rows.append({"index": i, "label": label or item.get("lever"), "param": param,
                             "side": side, "value": spec[side]})
    return rows


@bp.get("/plan")
def plan() -> Response | str:
    """The planner's form and, for the chosen target, its result."""
    wb = workbench()
    inputs = wb.inputs
    targets = [t.year for t in inputs.org.targets]
    default, _ = app.default_bounds(inputs)
    bounds = bounds_from_form(default)
    result = None
    target = request.args.get("target", "")
    start = request.args.get("start", "")
    probability = request.args.get("probability", "80")
    if target:
        if not target.isdigit():
            raise OptionError("target", f"{target!r} is not a year")
        p = _number("probability", probability)
        start_doc = wb.open_scenario(start) if start else None
        with wb.lock:
            result = app.plan_target(wb.context, int(target), start_doc=start_doc,
                                     start_file=start or None, bounds_doc=bounds,
                                     probability=p / 100.0, lang=g.lang)
        if request.args.get("format") == "yaml":
            which = result.probabilistic if request.args.get("goal") == "probability" \
                and result.probabilistic is not None else result.deterministic
            text = yaml.safe_dump(which.document, allow_unicode=True, sort_keys=False)
            name = f"plan_{result.target_year}{'_p' if which.goal == 'probability' else ''}.yaml"
            return Response(text, mimetype="application/yaml",
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})
    names = {c.index: c for c in result.candidates} if result else {}
    plans = {"deterministic": result.deterministic, "probability": result.probabilistic} \
        if result else {}
    binding = {goal: "; ".join(names[i].label for i in p.binding)
               for goal, p in plans.items() if p is not None}
    args = {k: v for k, v in request.args.items() if k not in ("format", "goal")}
    downloads = {goal: url_for("plan.plan", **args, format="yaml", goal=goal) for goal in plans}
    return render_template("plan.html", **context(
        targets=targets, target=target, start=start, probability=probability,
        bounds=_bounds_rows(bounds), result=result, names=names, binding=binding,
        downloads=downloads))
