"""The scenario workbench: every lever of the vocabulary as form controls; each change runs the
scenario (projection, target checks with Monte Carlo probabilities, the uncertainty band, waterfall)
with the workbench's cached context. Open the organisation's scenario files, save the form as
a file `build.py scenario run` accepts, download tables and charts (comparing: `compare`)."""
from __future__ import annotations

import re
import time
from typing import Any

import pandas as pd
from flask import Blueprint, Response, g, render_template, request

import app
from app.scenarios import DEFAULT_DRAWS, DEFAULT_SEED
from carbon.errors import OptionError, UnitMismatch, VastuuError
from ..charts import Series, line_chart, waterfall_chart
from ..forms import ScenarioForm, doc_from_form, form_from_doc, form_from_fields, scenario_yaml
from ..lever_text import default_text, help_text, param_label, param_unit
from ..text import user_message
from .base import attachment, context, csv_response, num, pct, workbench
from ..auth import require_role

bp = Blueprint("scenarios", __name__)
TARGET_COLOURS = ["#c00000", "#7030a0", "#1f4e79", "#548235"]
WATERFALL_COLOURS = {"total": "#1f4e79", "increase": "#b34700", "decrease": "#3c6e1f"}
LEVER_KEY = re.compile(r"levers\[(\d+)\]")


def form_name() -> str:
    """What stands for the file name in the engine's messages about the form."""
    return g.t["scenario"]["form"]


def lever_kinds(levers: list) -> dict[str, dict[str, str]]:
    """Each lever's parameters and their kinds (share, pct_change, names, ...)."""
    return {lv.name: {p: spec["kind"] for p, spec in lv.specs.items()} for lv in levers}


def _open(name: str) -> ScenarioForm:
    """The form of one of the organisation's scenario files."""
    return form_from_doc(workbench().open_scenario(name), g.lang)


def projection_chart(run: app.ScenarioRun) -> Any:
    """History, projection, the uncertainty band (95 % interval) and the target paths as one SVG chart."""
    r, t = run.result, g.t
    y = r.yearly
    series = [Series(g.t["overview"]["actual"], sorted(run.history.items()), "#404040"),
              Series(r.scenario.name_in(g.lang), list(zip(y["year"], y["tco2e"])), "#1f4e79")]
    for i, tg in enumerate(r.targets.itertuples()):
        col = f"path_{tg.target_year}"
        if col in y:
            series.append(Series(t["overview"]["target_path"].format(year=tg.target_year, pct=f"{tg.reduction_pct:g}"),
                                 list(zip(y["year"], y[col])), TARGET_COLOURS[i % 4], dashed=True))
    band = (list(y["year"]), list(y["low"]), list(y["high"])) if "low" in y else None
    return line_chart(t["scenario"]["projection"] + ": " + r.scenario.name_in(g.lang), series, band,
                      t["scenario"]["band"].format(interval=r.interval))


def waterfalls(r) -> list[dict[str, Any]]:
    """One waterfall per contribution year: its steps and chart."""
    out = []
    for year, rows in r.waterfall.groupby("year", sort=True):
        steps = []
        for row in rows.itertuples():
            kind = "total" if row.step in ("start", "end") else \
                "increase" if row.change_tco2e > 0 else "decrease"
            steps.append((row.label, float(row.change_tco2e), float(row.running_tco2e), kind))
        title = g.t["scenario"]["waterfall"].format(year=year)
        out.append({"year": int(year), "rows": rows, "title": title,
                    "chart": waterfall_chart(title, steps, WATERFALL_COLOURS)})
    return out


def target_rows(r) -> list[dict[str, Any]]:
    """The target checks as the page shows them (met: yes, no or – without a projection year)."""
    ct, rows = g.ct, []
    for tg in r.targets.itertuples():
        met = None if pd.isna(tg.met) else bool(tg.met)
        rows.append({"year": int(tg.target_year),
                     "label": ct["scenario"]["target_label"].format(pct=num(tg.reduction_pct, 0),
                                                                    year=tg.target_year),
                     "allowed": num(tg.allowed_tco2e, 0), "projected": num(tg.projected_tco2e, 0),
                     "met": "–" if met is None else ct["yes"] if met else ct["no"],
                     "first": "–" if pd.isna(tg.first_year_met) else str(int(tg.first_year_met)),
                     "probability": pct(100 * tg.probability_met, 1)})
    return rows


def form_error(exc: Exception, form: ScenarioForm) -> tuple[str, int | None, str | None]:
    """The engine's message about the form as the user sees it: the lever named by its number
    and label (not `levers[0]`), a parameter by its field's label; the lever's index and the
    parameter, so that the page ties the message to its fields."""
    from carbon.errors import InputError
    from carbon.messages import message_text
    where = LEVER_KEY.search(str(getattr(exc, "key", "") or "")) or LEVER_KEY.search(str(exc))
    if not isinstance(exc, InputError) or where is None:
        return user_message(exc, g.lang), int(where.group(1)) if where else None, None
    n = int(where.group(1))
    entry = form.entries[n] if n < len(form.entries) else None
    lever = app_lever(entry.lever) if entry else None
    label = (entry.label.get(g.lang) or entry.label.get("fi")) if entry and entry.label else None
    label = label or (lever.label if lever else entry.lever if entry else "")
    params = dict(exc.params or {})
    param = None
    for key in ("what", "name"):       # the engine names a parameter by its key: the page by its label
        value = str(params.get(key, ""))
        if lever is not None and value in lever.specs:
            param, params[key] = value, param_label(value, g.t)
    body = message_text(exc.code, params, exc.message, g.lang)
    return f"{form_name()}, {g.t['ux']['lever_n'].format(n=n + 1, label=label)}: {body}", n, param


def app_lever(name: str):
    """The vocabulary's lever of a name in the page's language (None if unknown)."""
    return next((lv for lv in app.levers(g.lang) if lv.name == name), None)


def run_form(form: ScenarioForm, kinds: dict) -> dict[str, Any]:
    """Run the form's scenario; the results for the template, or the engine's message."""
    doc = doc_from_form(form, kinds)
    started = time.perf_counter()
    try:
        run = workbench().run_doc(doc, form_name(), g.lang)
    except (VastuuError, UnitMismatch) as exc:
        message, lever, param = form_error(exc, form)
        return {"error": message, "doc": doc, "lever": lever, "param": param}
    return {"run": run, "r": run.result, "doc": doc, "targets": target_rows(run.result), "chart": projection_chart(run),
            "waterfalls": waterfalls(run.result), "draws": DEFAULT_DRAWS, "seed": DEFAULT_SEED,
            "ms": (time.perf_counter() - started) * 1000.0}


def _page(form: ScenarioForm, status: int = 200, **extra: Any) -> Response:
    levers = app.levers(g.lang)
    kinds = lever_kinds(levers)
    results = run_form(form, kinds)
    code = 400 if "error" in results and status == 200 else status
    groups = list(workbench().inputs.inventory(max(workbench().inputs.years)).by("source_group").index)
    html = render_template("scenario.html", **context(
        form=form, levers=levers, by_name={lv.name: lv for lv in levers}, res=results,
        group_ids=groups, scenario_dir=workbench().scenario_dir, param_label=param_label,
        param_unit=param_unit, help_text=help_text, group_name=group_name,
        default_text=lambda v: default_text(v, g.t, g.lang, group_name),
        file_name=request.form.get("file_name") or f"{form.id or 'oma_skenaario'}.yaml", opened=request.values.get("file", ""), **extra))
    return Response(html, status=code)


def group_name(group: str) -> str:
    """A source group's name in the page's language (its id when the data has none)."""
    return workbench().inputs.group_name(group, g.lang)


@bp.get("/scenario", endpoint="workbench")
def workbench_page() -> Response:
    """The workbench with an empty scenario, or with ?file= one of the organisation's files."""
    name = request.args.get("file", "")
    return _page(_open(name) if name else ScenarioForm())


@bp.post("/scenario")
def recalculate() -> Response:
    """The posted form (with a lever added or removed), recalculated: the whole page."""
    kinds = lever_kinds(app.levers(g.lang))
    form = form_from_fields(request.form, kinds, form_name())
    if form.name and form.name in form.names.values():   # after a language switch: its own name
        form.name = form.names.get(g.lang) or form.name
    return _page(form)


@bp.post("/scenario/results")
def results_fragment() -> Response:
    """Only the results part of the page, for the script that recalculates on every change."""
    kinds = lever_kinds(app.levers(g.lang))
    form = form_from_fields(request.form, kinds, form_name())
    results = run_form(form, kinds)
    html = render_template("_scenario_results.html", **context(res=results, form=form))
    return Response(html, status=400 if "error" in results else 200)


@bp.post("/scenario/save")
@require_role("contributor")
def save() -> Response:
    """Write the form's scenario as a YAML file into the organisation's scenario folder; an
    existing file is replaced only when the user ticked the box."""
    kinds = lever_kinds(app.levers(g.lang))
    form = form_from_fields(request.form, kinds, form_name())
    name = request.form.get("file_name", "").strip()
    if name and not name.endswith((".yaml", ".yml")):
        name += ".yaml"
    wb = workbench()
    doc = doc_from_form(form, kinds)
    try:
        wb.run_doc(doc, name or form_name(), g.lang)    # nothing is saved that does not run
        path = wb.save_scenario(name, scenario_yaml(doc, "vastuu workbench"),
                                overwrite=request.form.get("overwrite") == "1")
    except FileExistsError:
        return _page(form, 409, save_error=g.t["scenario"]["exists"].format(file=name))
    except (VastuuError, UnitMismatch) as exc:
        return _page(form, 400, save_error=user_message(exc, g.lang))
    return _page(form, saved=g.t["scenario"]["saved"].format(file=path))


def download_name(sid: str) -> str:
    """A scenario id as a file name: control characters, quotes, slashes and backslashes
    become _, at most 80 characters (the id itself is the engine's to check)."""
    return "".join("_" if ord(c) < 32 or c in '"\\/' else c for c in sid)[:80] or "scenario"


@bp.post("/scenario/download/<what>")
def download(what: str) -> Response:
    """The form's scenario as YAML, a table as CSV (yearly, targets, levers, by_source_group)
    or a chart as SVG (projection, waterfall_<year>)."""
    kinds = lever_kinds(app.levers(g.lang))
    form = form_from_fields(request.form, kinds, form_name())
    doc = doc_from_form(form, kinds)
    sid = download_name(str(doc.get("id") or "scenario"))
    if what == "yaml":
        workbench().run_doc(doc, form_name(), g.lang)
        return Response(scenario_yaml(doc, "vastuu workbench"), mimetype="application/x-yaml",
                        headers={"Content-Disposition": attachment(f"{sid}.yaml")})
    run = workbench().run_doc(doc, form_name(), g.lang)
    r = run.result
    tables = {"yearly": r.yearly, "targets": r.targets, "levers": r.waterfall,
              "by_source_group": r.by_group}
    if what in tables:
        return csv_response(tables[what], f"{sid}_{what}.csv")
    charts = {"projection": projection_chart(run)}
    charts.update({f"waterfall_{w['year']}": w["chart"] for w in waterfalls(r)})
    if what in charts:
        return Response(str(charts[what]), mimetype="image/svg+xml",
                        headers={"Content-Disposition": attachment(f"{sid}_{what}.svg")})
    known = ", ".join(["yaml", *tables, *charts])
    raise OptionError("download", f"{what!r} is not one of {known}", code="web_not_one_of",
                      params={"value": repr(what), "known": known})
