"""Up to four scenarios side by side: the organisation's scenario files, and the workbench's
form beside them (its unsaved scenario posted with the files to compare it with)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from flask import Blueprint, Response, g, render_template, request

import app
from ..charts import Series, line_chart
from ..forms import doc_from_form, form_from_fields
from ..text import SETTINGS
from .base import context, csv_response, workbench
from .scenarios import form_name, lever_kinds

bp = Blueprint("compare", __name__)
COLOURS = ["#1f4e79", "#c00000", "#548235", "#7030a0"]


@dataclass
class SideBySide:
    """Runs side by side: their results, totals per year (a column per scenario), the
    recorded history and the scope 2 bases they use."""

    results: list
    yearly: pd.DataFrame
    history: dict[int, float]

    @property
    def bases(self) -> list[str]:
        return sorted({r.plan.basis for r in self.results})

    @property
    def target_years(self) -> list[int]:
        return [int(y) for y in self.results[0].targets["target_year"]]


def side_by_side(runs: list[app.ScenarioRun]) -> SideBySide:
    """The runs' yearly totals in one table (a scenario id twice gets _2)."""
    yearly = pd.DataFrame({"year": sorted({int(y) for r in runs for y in r.result.yearly["year"]})})
    for run in runs:
        name, n = run.result.scenario.id, 1
        while name in yearly:
            n += 1
            name = f"{run.result.scenario.id}_{n}"
        yearly[name] = yearly["year"].map(dict(zip(run.result.yearly["year"], run.result.yearly["tco2e"])))
    return SideBySide(results=[r.result for r in runs], yearly=yearly, history=runs[0].history)


def _page(names: list[str], runs: list[app.ScenarioRun], error: str = "") -> Response | str:
    cmp, chart, rows = None, None, []
    if runs and not error:
        cmp = side_by_side(runs)
        if request.values.get("format") == "csv":
            return csv_response(cmp.yearly, "compare_yearly.csv")
        series = [Series(g.t["overview"]["actual"], sorted(cmp.history.items()), "#404040")]
        for i, res in enumerate(cmp.results):
            name = res.scenario.name_in(g.lang)
            series.append(Series(name, list(zip(res.yearly["year"], res.yearly["tco2e"])), COLOURS[i % 4]))
            totals = dict(zip(res.yearly["year"], res.yearly["tco2e"]))
            rows.append({"name": name, "basis": res.plan.basis, "targets": [
                {"year": int(tg.target_year), "pct": tg.reduction_pct, "total": totals.get(tg.target_year),
                 "met": None if pd.isna(tg.met) else bool(tg.met), "p": tg.probability_met}
                for tg in res.targets.itertuples()]})
        chart = line_chart(g.t["compare"]["heading"], series)
    return render_template("compare.html", **context(names=names, cmp=cmp, chart=chart, rows=rows,
                                                     error=error))


def _too_many(n: int) -> str:
    return g.t["compare"]["too_many"].format(n=n) if n > SETTINGS["max_compare"] else ""


@bp.get("/compare")
def compare():
    """Up to four of the organisation's scenario files side by side (?file= repeated)."""
    names = request.args.getlist("file")
    error = _too_many(len(names))
    runs = [] if error else [workbench().run_file(n, g.lang) for n in names]
    return _page(names, runs, error)


@bp.post("/compare")
def with_form():
    """The workbench form's scenario beside up to three of the organisation's files."""
    kinds = lever_kinds(app.levers(g.lang))
    form = form_from_fields(request.form, kinds, form_name())
    names = request.form.getlist("compare_file")
    error = _too_many(len(names) + 1)
    runs = []
    if not error:
        runs = [workbench().run_doc(doc_from_form(form, kinds), form_name(), g.lang)]
        runs += [workbench().run_file(n, g.lang) for n in names]
    return _page(names, runs, error)
