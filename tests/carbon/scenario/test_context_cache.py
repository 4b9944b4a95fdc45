"""What a scenario context keeps between runs (the workbench runs one on every lever change):
the history once per basis and start year, a few Monte Carlo multiplier sets."""
from __future__ import annotations

from pathlib import Path

import app
from carbon.scenario import run as run_module

ORG = Path(__file__).resolve().parents[3] / "examples" / "migri" / "organisation.yaml"


def test_history_made_once_per_basis_and_start_year(monkeypatch):
    ctx = app.scenario_context(app.load(ORG))
    calls: list = []
    real = ctx.inputs.series_inventories
    monkeypatch.setattr(ctx.inputs, "series_inventories",
                        lambda year=None: calls.append(year) or real(year))
    start = max(ctx.inputs.years)
    first = ctx.history("location", start)
    first[start] = -1.0                        # a caller's copy: the kept one is unchanged
    again = ctx.history("location", start)
    assert len(calls) == 1 and again[start] != -1.0
    assert again == {y: float(inv.table["tco2e_location"].sum())
                     for y, inv in real(start).items()}
    ctx.history("market", start)
    assert len(calls) == 2


def test_multiplier_sets_are_bounded():
    ctx = app.scenario_context(app.load(ORG))
    for seed in range(run_module.MULTIPLIER_SETS):
        ctx.cache[("other factors", 100, seed)] = object()
    app.run_scenario_doc(ctx, {"id": "x", "name": "x", "levers": []}, "x", draws=100)
    assert len(ctx.cache) == run_module.MULTIPLIER_SETS
    assert ("other factors", 100, 0) not in ctx.cache          # the oldest set gave way
    assert ("other factors", 100, 1) in ctx.cache
    assert any(key[0] != "other factors" and key[1] == 100 for key in ctx.cache)
