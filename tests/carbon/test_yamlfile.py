"""The project's one YAML reader (carbon/yamlfile.py): what it refuses, how fast, and that the
bundled files pass it."""
from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest
import yaml

from carbon.errors import InputError
from carbon.yamlfile import limits, parse_yaml, read_mapping, read_yaml
from tests.faults.test_yaml_faults import BOMB
from tests.project_files import project_files


def refused(text: str) -> InputError:
    with pytest.raises(InputError) as err:
        parse_yaml(text, "f.yaml")
    assert err.value.file == "f.yaml"
    return err.value


def test_a_key_twice_names_both_rows_and_the_key():
    err = refused("x:\n  value: 1\n  unit: kg\n  value: 2\n")
    assert (err.code, err.row, err.key, err.params["first"]) == ("yaml_duplicate_key", 4, "value", 2)


@pytest.mark.parametrize("text, key", [("{2024: 1, 2024: 2}", "2024"), ("a: 1\n'a': 2\n", "a"),
                                       ("{1: a, 01: b}", "01"), ("- {k: 1, k: 1}", "k")])
def test_keys_are_compared_as_yaml_reads_them(text, key):
    assert refused(text).key == key


@pytest.mark.parametrize("text", ["{1: a, '1': b}", "{a: 1, b: 1}", "[a, a]"])
def test_different_keys_and_repeated_values_pass(text):
    assert parse_yaml(text) == yaml.safe_load(text)


def test_merge_keys_may_be_overridden():
    doc = parse_yaml("base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  x: 3\n")
    assert doc["child"] == {"x": 3, "y": 2}


def test_an_alias_bomb_is_refused_quickly_in_little_memory():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    err = refused(BOMB + "note: *i\n")
    seconds = time.perf_counter() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert err.code == "yaml_alias_expansion" and err.key == "f" and err.row == 6
    assert seconds < 1 and grown_mb < 50, (seconds, grown_mb)


def test_a_merge_bomb_is_refused():
    text = "a: &a {" + ", ".join(f"k{i}: 1" for i in range(10)) + "}\n"
    for i, prev in enumerate(["a"] + [f"m{j}" for j in range(7)]):
        text += f"m{i}: &m{i} {{<<: [{', '.join(['*' + prev] * 10)}]}}\n"
    assert refused(text).code == "yaml_alias_expansion"


def test_aliases_are_counted():
    bound = limits().max_count
    text = "a: &a x\nb: [" + ", ".join(["*a"] * (bound + 1)) + "]\n"
    err = refused(text)
    assert err.code == "yaml_alias_count" and err.row == 2
    assert len(parse_yaml("a: &a x\nb: [" + ", ".join(["*a"] * 10) + "]\n")["b"]) == 10


def test_an_alias_inside_its_own_value_is_refused():
    assert refused("a: &a [1, *a]\n").code == "yaml_alias_cycle"


@pytest.mark.parametrize("depth", [101, 5000, 100_000])
def test_deep_nesting_is_refused_before_the_parser_recurses(depth):
    for text in ("a: " + "[" * depth + "]" * depth, "a: &x " + "[" * depth + "]" * depth):
        assert refused(text).code == "yaml_too_deep"
    deepest = limits().max_depth      # the mapping and 99 lists: exactly the limit
    doc = parse_yaml("a: " + "[" * (deepest - 1) + "]" * (deepest - 1))["a"]
    for _ in range(deepest - 2):
        doc = doc[0]
    assert doc == []


def test_rows_inside_another_file_count_from_first_row():
    with pytest.raises(InputError) as err:
        parse_yaml("title: a\ntitle: b\n", "chapter.md", first_row=2)
    assert err.value.row == 3


def test_read_yaml_names_the_file(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_mapping(path)
    assert err.value.file == str(path) and err.value.row == 2


def test_every_bundled_yaml_file_passes():
    files = [p for p in project_files("*.yaml") if "tests" not in p.parts]
    assert len(files) > 20
    for path in files:
        assert read_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8")), path
