"""`footprint --interval` and the trend's uncertainty in the footprint (issue 21, item 7)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from build import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def doc(tmp_path, *extra):
    result = run("footprint", "--year", 2021, "--json", "--draws", 4000, "--out", tmp_path, *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_json_says_which_interval_and_that_the_figure_is_the_mean(tmp_path):
    d95, d90 = doc(tmp_path), doc(tmp_path, "--interval", 90)
    u95, u90 = d95["uncertainty"], d90["uncertainty"]
    assert (u95["interval_pct"], u95["percentiles"]) == (95, [2.5, 97.5])
    assert (u90["interval_pct"], u90["percentiles"]) == (90, [5.0, 95.0])
    assert u95["low"] < u90["low"] < d95["total_tco2e"] < u90["high"] < u95["high"]
    assert u95["central_statistic"] == "mean" and u95["central_tco2e"] == d95["total_tco2e"]
    assert u95["mean"] == pytest.approx(d95["total_tco2e"], rel=0.03)


def test_the_json_gives_the_reduction_since_the_base_year_with_its_interval(tmp_path):
    d = doc(tmp_path)
    t = d["trend_uncertainty"]
    assert t["base_year"] == 2018 and t["year"] == 2021 and t["interval_pct"] == 95
    assert t["tco2e"] == pytest.approx(d["total_tco2e"])
    assert t["reduction_pct"] == pytest.approx(100 * (t["base_tco2e"] - t["tco2e"]) / t["base_tco2e"])
    assert t["low_pct"] < t["reduction_pct"] < t["high_pct"]


def test_the_base_year_has_no_trend(tmp_path):
    result = run("footprint", "--year", 2018, "--json", "--draws", 500, "--out", tmp_path)
    assert json.loads(result.output)["trend_uncertainty"] is None


@pytest.mark.parametrize("lang, words", [("fi", ("95 %:n väli", "odotusarvo", "Vähenemä")),
                                         ("sv", ("95 %-intervall", "väntevärde", "Minskning")),
                                         ("en", ("95 % interval", "expected value", "Reduction"))])
def test_the_text_names_the_interval_the_statistic_and_the_trend(tmp_path, lang, words):
    result = run("footprint", "--year", 2021, "--draws", 500, "--lang", lang, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    for w in words:
        assert w in result.output
    assert "P5" not in result.output and "P95" not in result.output


def test_an_interval_not_offered_is_a_usage_error(tmp_path):
    result = run("footprint", "--year", 2021, "--interval", 80, "--out", tmp_path)
    assert result.exit_code == 2 and "--interval" in result.output


@pytest.mark.parametrize("year", [2021, 2022])
def test_the_trend_measures_from_the_base_year_policy(example_inputs, year):
    """The trend's base and reduction are the policy's (one story with progress and the
    report), and the per-night factor shares the draw of the spend factor it is derived from."""
    import app
    r = app.footprint(example_inputs, year, "en", draws=2000)
    assert r.trend.base_tco2e == pytest.approx(r.baseline.base_total)
    assert r.trend.reduction_pct == pytest.approx(r.reduction_pct)
    assert r.trend.measured_from == r.baseline.measured_from
    f = example_inputs.factors
    assert f["migri_reception_night"].draw_key == f["spend_social_services"].draw_key

