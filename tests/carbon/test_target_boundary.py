"""The target boundary apart from the inventory boundary (issue 21, point 5): progress on what
the targets cover and on the whole inventory, each labelled; a bad setting names its key."""
from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner


def _run(*args):
    from build import cli
    return CliRunner().invoke(cli, [str(a) for a in args])


def _with_boundary(org_file, boundary):
    doc = yaml.safe_load(org_file.read_text(encoding="utf-8"))
    doc["target_boundary"] = boundary
    org_file.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_progress_on_the_target_boundary_and_on_the_whole_inventory(example_copy, tmp_path):
    _with_boundary(example_copy, {"label": {"fi": "ilman hankintoja", "en": "without purchases"},
                                  "exclude_scopes": [3]})
    result = _run("progress", "--org", example_copy, "--year", 2021, "--json", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    tb = doc["target_boundary"]
    import app
    inputs = app.load(example_copy)
    by_scope = {y: inputs.inventory(y).scope_totals()["tco2e"] for y in (2018, 2021)}
    assert tb["base_tco2e"] == pytest.approx(by_scope[2018].loc[1] + by_scope[2018].loc[2])
    y21 = next(y for y in tb["years"] if y["year"] == 2021)
    inside = by_scope[2021].loc[1] + by_scope[2021].loc[2]
    assert y21["tco2e"] == pytest.approx(inside)
    assert y21["reduction_pct"] == pytest.approx(100 * (1 - inside / tb["base_tco2e"]))
    whole = next(y for y in doc["years"] if y["year"] == 2021)
    assert whole["reduction_pct"] == pytest.approx(100 * (1 - 22193.38 / 38269.5), abs=0.01)
    text = _run("progress", "--org", example_copy, "--year", 2021, "--out", tmp_path, "--lang", "en")
    assert "Target boundary (without purchases)" in text.output
    assert "the whole inventory" in text.output
    assert (tmp_path / "progress_target_boundary.csv").exists()


@pytest.mark.parametrize("boundary, key", [({"exclude_scopes": [3]}, "target_boundary"),
                                           ({"label": {"fi": "x"}, "exclude_scopes": [4]},
                                            "target_boundary.exclude_scopes")])
def test_a_bad_target_boundary_names_its_key(example_copy, tmp_path, boundary, key):
    _with_boundary(example_copy, boundary)
    result = _run("progress", "--org", example_copy, "--out", tmp_path, "--lang", "en")
    assert result.exit_code == 2
    assert f"key '{key}'" in result.output
