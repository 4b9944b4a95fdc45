"""Sitoumus 2050 export: schema-valid, values from data only, missing values listed."""
from __future__ import annotations

import copy
import csv
import datetime as dt
import json

import pytest
import yaml
from click.testing import CliRunner

from build import cli
from carbon.errors import VastuuError
from carbon.inputs import load_inputs
from report.publishing.sitoumus import (ExportInvalid, check_export, export_rows, export_text,
                             sitoumus_export, write_export)

CARBON = ("carbon_footprint_total", "carbon_reduction_vs_base")


@pytest.fixture(scope="module")
def doc(example_inputs):
    return sitoumus_export(example_inputs, 2023, today=dt.date(2024, 3, 1))


def by_id(doc):
    return {i["id"]: i for i in doc["indicators"]}


def test_export_is_valid_and_complete(doc, example_inputs):
    check_export(doc)
    commitment = yaml.safe_load(example_inputs.org.path(
        example_inputs.org.raw["commitment"]["file"]).read_text(encoding="utf-8"))
    assert doc["commitment"]["id"] == commitment["sitoumus2050_id"] == 393105
    assert doc["commitment"]["period"] == {"start": 2023, "end": 2027}
    assert [g["id"] for g in doc["goals"]] == [c["id"] for c in commitment["commitments"]]
    n_actions = sum(len(c["actions"]) for c in commitment["commitments"])
    assert sum(len(g["actions"]) for g in doc["goals"]) == n_actions
    assert all(a["status"] == "planned" for g in doc["goals"] for a in g["actions"])
    assert doc["generated"] == "2024-03-01"


def test_nothing_is_guessed(doc, example_inputs):
    """No value for 2023 exists (no indicator values entered, calculator data ends in 2022):
    every value is null and listed as missing; the carbon indicators show 2022 as latest."""
    missing = {(m["id"], m["field"]) for m in doc["missing"]}
    for i in doc["indicators"]:
        assert i["value"] == {"year": 2023, "value": None, "source": None}
        assert (i["id"], "value") in missing
    inds = by_id(doc)
    total = inds["carbon_footprint_total"]
    assert total["latest"]["year"] == max(example_inputs.years)
    assert total["latest"]["value"] == pytest.approx(example_inputs.inventory(2022).total, abs=1e-3)
    for iid, i in inds.items():
        if iid not in CARBON:
            assert i["latest"]["value"] is None and i["values"] == []
            assert i["baseline"]["value"] is None and (iid, "baseline") in missing
    assert "2023" in doc["progress_text"] and "puuttuu" in doc["progress_text"]


def test_schema_catches_a_broken_export(doc):
    cases = [
        lambda d: d["commitment"].pop("title"),
        lambda d: d["goals"][0]["actions"][0].__setitem__("status", "maybe"),
        lambda d: d["indicators"][0]["value"].__setitem__("value", "35 %"),
        lambda d: d["indicators"][0].__setitem__("direction", "sideways"),
        lambda d: d.__setitem__("report_year", "2023"),
        lambda d: d["goals"][0].__setitem__("extra", 1),
    ]
    for breaker in cases:
        broken = copy.deepcopy(doc)
        breaker(broken)
        with pytest.raises(ExportInvalid):
            check_export(broken)


def test_unlisted_missing_value_is_an_error(doc):
    broken = copy.deepcopy(doc)
    broken["missing"] = [m for m in broken["missing"] if m["id"] != "staff_trust_index"]
    with pytest.raises(ExportInvalid, match=r"indicators\[\d+\]\.value\.value: empty but not listed"):
        check_export(broken)
    broken = copy.deepcopy(doc)
    broken["goals"][0]["indicators"].append("no_such_indicator")
    with pytest.raises(ExportInvalid, match="unknown indicator"):
        check_export(broken)


def test_year_outside_period(example_inputs):
    with pytest.raises(VastuuError, match="outside the commitment period"):
        sitoumus_export(example_inputs, 2022)


def test_written_files(doc, tmp_path):
    paths = write_export(doc, tmp_path)
    assert [p.name for p in paths] == ["sitoumus2050_2023.json", "sitoumus2050_2023.csv",
                                       "sitoumus2050_2023.txt"]
    check_export(json.loads(paths[0].read_text(encoding="utf-8")))
    rows = list(csv.DictReader(paths[1].open(encoding="utf-8")))
    assert sum(r["type"] == "indicator" for r in rows) == len(doc["indicators"])
    assert sum(r["type"] == "missing" for r in rows) == len(doc["missing"])
    assert rows == [{k: str(v) for k, v in r.items()} for r in export_rows(doc)]
    txt = paths[2].read_text(encoding="utf-8")
    assert txt == export_text(doc)
    assert doc["commitment"]["title"] in txt and "Puuttuvat tiedot" in txt


def test_entered_value_is_exported(example_copy):
    path = example_copy.parent / "indicators.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ind = next(i for i in data["indicators"] if i["id"] == "procurements_employment_condition_share")
    ind["baseline"] = {"year": 2023, "value": 40, "source": "Hankintojen seuranta"}
    ind["values"] = [{"year": 2023, "value": 40, "source": "Hankintojen seuranta 2023"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    doc = sitoumus_export(load_inputs(example_copy), 2023)
    check_export(doc)
    entry = by_id(doc)["procurements_employment_condition_share"]
    assert entry["value"] == {"year": 2023, "value": 40.0, "source": "Hankintojen seuranta 2023"}
    assert entry["status"] == "on_track"   # at the baseline year, target 100 % in 2024
    assert ("procurements_employment_condition_share", "value") not in \
        {(m["id"], m["field"]) for m in doc["missing"]}


def test_cli_export(tmp_path):
    result = CliRunner().invoke(cli, ["sitoumus", "export", "--year", "2023", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "skeeman mukainen" in result.output
    for ext in ("json", "csv", "txt"):
        assert (tmp_path / f"sitoumus2050_2023.{ext}").exists()
    ok = CliRunner().invoke(cli, ["sitoumus", "validate", str(tmp_path / "sitoumus2050_2023.json")])
    assert ok.exit_code == 0, ok.output
    bad = json.loads((tmp_path / "sitoumus2050_2023.json").read_text(encoding="utf-8"))
    del bad["goals"]
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    result = CliRunner().invoke(cli, ["sitoumus", "validate", str(tmp_path / "bad.json")])
    assert result.exit_code == 2 and "'goals' is a required property" in result.output


def test_cli_year_outside_period(tmp_path):
    result = CliRunner().invoke(cli, ["sitoumus", "export", "--year", "2030", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "2023–2027" in result.output
