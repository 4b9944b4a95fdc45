"""The SDG data file and its lookups: the targets the report cites exist, colours are valid,
and bad data or references are reported with the file."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from carbon.errors import InputError
from sdg.goals import GOALS_FILE, load_goals, localized

USED = ["5.1", "5.2", "5.3", "5.5", "8.1", "8.7", "10.7", "13.1", "13.2", "13.3", "16.2"]


@pytest.fixture(scope="module")
def goals():
    return load_goals()


def test_goals_and_targets_the_report_uses_exist(goals):
    assert set(goals.goals) == {5, 8, 10, 13, 16}
    for code in USED:
        target = goals.target(code)
        assert target is not None, code
        assert target.goal == int(code.split(".")[0])
        assert target.text["fi"] and target.text["en"]


def test_colours_are_hex_and_names_have_finnish_and_english(goals):
    for goal in goals.goals.values():
        assert re.fullmatch(r"#[0-9A-F]{6}", goal.colour.upper())
        assert goal.name["fi"] and goal.name["en"]


def test_unknown_code_and_target_without_its_goal_are_problems(goals):
    assert goals.problems([5], ["5.1"]) == []
    assert any("5.9" in p for p in goals.problems([5], ["5.9"]))
    assert any("16.2" in p and "16" in p for p in goals.problems([5], ["16.2"]))
    assert any("17" in p for p in goals.problems([17], []))
    assert goals.target("x.1") is None and goals.target("99.1") is None


def test_localized_falls_back_to_finnish_then_english():
    assert localized({"fi": "a", "en": "b"}, "sv") == "a"
    assert localized({"en": "b"}, "sv") == "b"
    assert localized({"fi": "a", "sv": "c"}, "sv") == "c"
    assert localized("plain", "fi") == "plain"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "goals.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_target_code_of_another_goal_is_an_error(tmp_path):
    path = _write(tmp_path, GOALS_FILE.read_text(encoding="utf-8").replace('code: "5.2"',
                                                                          'code: "6.2"'))
    with pytest.raises(InputError) as err:
        load_goals(path)
    assert err.value.file == str(path) and "6.2" in err.value.message


def test_bad_colour_and_broken_yaml_are_errors(tmp_path):
    path = _write(tmp_path, GOALS_FILE.read_text(encoding="utf-8").replace('"#FF3A21"', '"red"'))
    with pytest.raises(InputError, match="colour"):
        load_goals(path)
    path = _write(tmp_path, "goals: [\n")
    with pytest.raises(InputError) as err:
        load_goals(path)
    assert err.value.row is not None
