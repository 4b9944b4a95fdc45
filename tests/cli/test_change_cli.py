"""`build.py change`: the decomposition of the example's change, in the JSON (effects plus
residual equal the change), in the text in every language, and its errors."""
from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

from carbon.calculation.change import technique_text
from build import cli
from cli.text import LANGUAGES, cli_text


def run(*args):
    return CliRunner().invoke(cli, list(args), prog_name="build.py")


def change_json(tmp_path, *args) -> dict:
    result = run("change", *args, "--json", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_effects_plus_residual_equal_the_change(tmp_path, example_inputs):
    doc = change_json(tmp_path, "--from", "2018", "--to", "2021")
    assert doc["technique"] == "LMDI-I additive" and doc["technique_note"]
    assert set(doc["effects_tco2e"]) == {"volume", "intensity", "method", "boundary"}
    total = math.fsum([*doc["effects_tco2e"].values(), doc["residual_tco2e"]])
    assert total == pytest.approx(doc["change_tco2e"], abs=1e-9)
    # the years' figures are the footprint's
    assert doc["from_tco2e"] == pytest.approx(example_inputs.inventory(2018).total)
    assert doc["to_tco2e"] == pytest.approx(example_inputs.inventory(2021).total)
    assert doc["change_tco2e"] == pytest.approx(doc["to_tco2e"] - doc["from_tco2e"])
    for g in doc["groups"]:
        parts = math.fsum([*g["effects_tco2e"].values(), g["residual_tco2e"]])
        assert parts == pytest.approx(g["change_tco2e"], abs=1e-9)
    assert math.fsum(g["change_tco2e"] for g in doc["groups"]) == \
        pytest.approx(doc["change_tco2e"], abs=1e-6)


def test_2018_to_2021_is_one_method_so_no_method_or_boundary_effect(tmp_path):
    doc = change_json(tmp_path, "--from", "2018", "--to", "2021")
    assert doc["restated"] == []
    assert doc["effects_tco2e"]["method"] == 0.0 and doc["effects_tco2e"]["boundary"] == 0.0
    assert abs(doc["residual_tco2e"]) < 1e-6
    reception = next(g for g in doc["groups"] if g["source_group"] == "reception_services")
    # the reception system's spend fell with its clients: a volume effect, not intensity
    assert reception["effects_tco2e"]["volume"] < 0
    assert abs(reception["effects_tco2e"]["intensity"]) < 1e-6


def test_the_per_night_method_is_the_method_effect_from_the_restated_base_year(tmp_path,
                                                                              example_inputs):
    doc = change_json(tmp_path, "--from", "2018", "--to", "2022")
    check = example_inputs.base_check(2022)       # the recalculation progress uses
    assert [r["year"] for r in doc["restated"]] == [2018]
    assert doc["restated"][0]["restated_tco2e"] == pytest.approx(check.recalculated_total)
    assert doc["effects_tco2e"]["method"] == pytest.approx(check.recalculated_total - check.computed)
    reception = next(g for g in doc["groups"] if g["source_group"] == "reception_services")
    assert reception["unit"] == "night" and reception["status"] == "compared"
    total = math.fsum([*doc["effects_tco2e"].values(), doc["residual_tco2e"]])
    assert total == pytest.approx(doc["change_tco2e"], abs=1e-9)


def test_method_of_a_later_year_restates_both_years(tmp_path):
    doc = change_json(tmp_path, "--from", "2018", "--to", "2021", "--method-of", "2022")
    assert [r["year"] for r in doc["restated"]] == [2018, 2021]
    restated = {r["year"]: r for r in doc["restated"]}
    method = (restated[2018]["restated_tco2e"] - restated[2018]["computed_tco2e"]) \
        - (restated[2021]["restated_tco2e"] - restated[2021]["computed_tco2e"])
    assert doc["effects_tco2e"]["method"] == pytest.approx(method)
    total = math.fsum([*doc["effects_tco2e"].values(), doc["residual_tco2e"]])
    assert total == pytest.approx(doc["change_tco2e"], abs=1e-9)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_text_names_every_effect_in_the_language_and_writes_the_table(tmp_path, lang):
    result = run("change", "--from", "2018", "--to", "2021", "--lang", lang, "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    c = cli_text(lang)["change"]
    for effect in ("volume", "intensity", "method", "boundary", "residual"):
        assert c["effects"][effect] in result.output
    assert c["sum_line"].split("{")[0].strip() in result.output
    assert " ".join(technique_text()["why"][lang].split()[:6]) in result.output
    assert (tmp_path / "change_2018_2021.csv").exists()


def test_years_in_the_wrong_order_or_without_data_stop_with_exit_code_2(tmp_path):
    wrong = run("change", "--from", "2021", "--to", "2018", "--lang", "en", "--out", str(tmp_path))
    assert wrong.exit_code == 2 and "--to" in wrong.output and "Traceback" not in wrong.output
    missing = run("change", "--from", "2010", "--lang", "en", "--out", str(tmp_path))
    assert missing.exit_code == 2 and "2010" in missing.output and "--from" in missing.output
    early = run("change", "--from", "2018", "--to", "2022", "--method-of", "2021", "--lang", "en")
    assert early.exit_code == 2 and "--method-of" in early.output
