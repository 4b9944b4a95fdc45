"""The planner page: the same plan as app.plan_target, bounds from the form, clear errors."""
from __future__ import annotations

import re

import yaml

import app
from carbon.numbers import format_number


def _texts(html: str, id_prefix: str) -> dict[str, str]:
    return {m[0]: m[1] for m in re.findall(rf'id="{id_prefix}-(\w+)">([^<]*)', html)}


def test_plan_page_shows_the_planners_numbers(client):
    html = client.get("/plan?lang=en&target=2027&probability=80").data.decode()
    wb = client.application.config["WORKBENCH"]
    r = app.plan_target(wb.context, 2027, probability=0.8, lang="en")
    top = r.reach.iloc[0]
    assert top["label"] in html and format_number(top["alone_tco2e"], 1, "en") in html
    assert format_number(r.allowed_tco2e, 1, "en") in html
    short = _texts(html, "short")
    assert (not r.deterministic.met) == ("deterministic" in short)
    if not r.deterministic.met:
        assert format_number(r.deterministic.shortfall_tco2e, 1, "en") in short["deterministic"]


def test_moving_a_bound_changes_the_plan(client):
    wb = client.application.config["WORKBENCH"]
    bounds, _ = app.default_bounds(wb.inputs)
    nights = next(i for i, b in enumerate(bounds["levers"]) if b["lever"] == "nights")
    narrow = client.get("/plan?lang=en&target=2027").data.decode()
    wide = client.get(f"/plan?lang=en&target=2027&bound-{nights}=500000").data.decode()
    assert "met-deterministic" not in narrow and "met-deterministic" in wide
    plan = yaml.safe_load(client.get(f"/plan?lang=en&target=2027&bound-{nights}=500000&format=yaml"
                                     "&goal=deterministic").data)
    run = app.run_scenario_doc(wb.context, plan, "plan", draws=0)
    allowed = app.plan_target(wb.context, 2027, draws=0).allowed_tco2e
    assert run.result.yearly.set_index("year").loc[2027, "tco2e"] <= allowed + 1e-6


def test_a_bad_bound_shows_the_planners_message(client):
    resp = client.get("/plan?lang=en&target=2027&bound-0=150")
    assert resp.status_code == 400
    assert "at most 100" in resp.data.decode()
    resp = client.get("/plan?lang=en&target=2031")
    assert resp.status_code == 400 and "no target for 2031" in resp.data.decode()
