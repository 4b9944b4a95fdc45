"""`python build.py scenario run|compare`: tables printed, CSV and charts written."""
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from build import cli

SCENARIOS = Path(__file__).resolve().parents[2] / "examples" / "migri" / "scenarios"


def test_run_prints_the_table_and_writes_csv_and_charts(tmp_path: Path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["scenario", "run", str(SCENARIOS / "commitment_2023_2027.yaml"),
                                      "--out", str(out), "--draws", "500", "--seed", "3",
                                      "--year", "2027"])
    assert result.exit_code == 0, result.output
    assert "Sitoumus 2023–2027" in result.output
    assert "Toimenpiteiden vaikutus 2027" in result.output
    assert "Tavoitteet (todennäköisyys 500 Monte Carlo -arvonnasta, siemen 3)" in result.output
    yearly = pd.read_csv(out / "commitment_2023_2027_yearly.csv")
    assert list(yearly["year"]) == list(range(2022, 2036))
    assert {"tco2e", "low", "median", "high", "path_2035"} <= set(yearly.columns)
    targets = pd.read_csv(out / "commitment_2023_2027_targets.csv")
    assert list(targets["target_year"]) == [2023, 2027, 2035]
    for png in ("commitment_2023_2027.png", "commitment_2023_2027_levers_2027.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_run_rejects_a_waterfall_year_outside_the_projection(tmp_path: Path):
    result = CliRunner().invoke(cli, ["scenario", "run", str(SCENARIOS / "ambitious.yaml"),
                                      "--out", str(tmp_path), "--draws", "0", "--year", "2040"])
    assert result.exit_code == 2
    assert "vuosi 2040 on ennusteen 2023–2035 ulkopuolella" in result.output


def test_compare_puts_scenarios_side_by_side(tmp_path: Path):
    files = [str(SCENARIOS / f"{n}.yaml") for n in ("business_as_usual", "commitment_2023_2027",
                                                     "ambitious")]
    result = CliRunner().invoke(cli, ["scenario", "compare", *files, "--out", str(tmp_path),
                                      "--draws", "200"])
    assert result.exit_code == 0, result.output
    assert "3 skenaariota" in result.output
    for name in ("Nykymeno", "Sitoumus 2023–2027", "Kunnianhimoinen"):
        assert name in result.output
    yearly = pd.read_csv(tmp_path / "compare_yearly.csv")
    assert list(yearly.columns) == ["year", "business_as_usual", "commitment_2023_2027", "ambitious"]
    assert (yearly["ambitious"] <= yearly["business_as_usual"] + 1e-9).all()
    assert (tmp_path / "compare.png").exists()


def test_levers_lists_every_lever_of_the_vocabulary():
    from carbon.scenario.spec import load_vocabulary
    result = CliRunner().invoke(cli, ["scenario", "levers"])
    assert result.exit_code == 0, result.output
    for name, lever in load_vocabulary()["levers"].items():
        assert f"{name}: {lever['label']['fi']}" in result.output
        assert lever["help"]["fi"] in result.output


def test_scenario_plan_prints_reach_plan_and_writes_a_runnable_file(tmp_path):
    from click.testing import CliRunner

    from build import cli
    bounds = SCENARIOS.parent / "planner_bounds.yaml"
    out = tmp_path / "plan"
    result = CliRunner().invoke(cli, ["scenario", "plan", "--target", "2027", "--bounds", str(bounds),
                                      "--draws", "500", "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Reach of each lever within its bound in 2027" in result.output
    assert "Smallest sufficient settings" in result.output
    again = CliRunner().invoke(cli, ["scenario", "run", str(out / "plan_2027.yaml"), "--draws", "0",
                                     "--out", str(tmp_path / "run")])
    assert again.exit_code == 0, again.output
    bad = CliRunner().invoke(cli, ["scenario", "plan", "--target", "2031"])
    assert bad.exit_code == 2 and "--target" in bad.output and "2031" in bad.output
