"""Sitoumus 2050 export: the platform's data model, schema-valid, values from data only, texts
in the languages the content has, missing ones listed."""
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
from carbon.readers.inputs import load_inputs
from report.publishing.indicators.data import load_indicators
from report.publishing.indicators.resolve import resolve
from report.publishing.sitoumus.export import (ExportInvalid, check_export, export_rows, export_summary,
                                        export_text, sitoumus_export, write_export)
from report.publishing.sitoumus.model import platform_doc, progress_of_goal
from report.publishing.sitoumus.text import paste_texts

LOCALES = {"fi": "fi_FI", "sv": "sv_SE", "en": "en_US"}
PROGRESS = ["none", "NotRelevant", "NoProgress", "NotAsFast", "AsPlanned", "Faster",
            "CompletelyAchieved"]


@pytest.fixture(scope="module")
def doc(example_inputs):
    return sitoumus_export(example_inputs, 2023, today=dt.date(2024, 3, 1))


@pytest.fixture(scope="module")
def content(example_inputs):
    org = example_inputs.org
    return yaml.safe_load(org.path(org.raw["commitment"]["file"]).read_text(encoding="utf-8"))


def ops(doc):
    return {op["operationId"]: op for op in doc["commitment"]["operations"]}


def test_export_is_valid_and_uses_the_platform_names(doc, content):
    check_export(doc)
    rec = doc["commitment"]
    assert rec["id"] == str(content["sitoumus2050_id"]) == "393105"
    assert (rec["startDate"], rec["endDate"]) == ("2023-01-01", "2027-12-31")
    assert rec["reportingInterval"] == "MONTH_12"
    for field in ("title", "shortDescription", "backgroundInformation", "innovation"):
        assert {f"{field}_{loc}" for loc in LOCALES.values()} <= set(rec)
    op = rec["operations"][0]
    assert set(op) == {"operationId", "meters", "reports"} | {
        f"{f}_{loc}" for f in ("operationTitle", "operationDescription") for loc in LOCALES.values()}
    report = op["reports"][0]
    assert (report["reportStartDate"], report["reportEndDate"]) == ("2023-01-01", "2023-12-31")
    assert report["commitmentOperationRefId"] == op["operationId"]
    assert {"commitmentOperationMeterRefId", "startingLevel", "targetLevel", "currentLevel",
            "meterValueType"} <= set(report["reportMeters"][0])
    assert doc["generated"] == "2024-03-01"


def test_goals_and_actions_are_flattened_to_operations(doc, content):
    """Each goal, then its actions, one level; a goal's indicators are its meters."""
    expected = []
    for g in content["commitments"]:
        expected.append(g["id"])
        expected += [f"{g['id']}.{a['id']}" for a in g.get("actions") or []]
    assert [op["operationId"] for op in doc["commitment"]["operations"]] == expected
    by = ops(doc)
    not_exported = {n["id"] for n in doc["not_exported"]}
    for g in content["commitments"]:
        # no indicator of the example has both levels published: each goal is a yes/no meter,
        # and every indicator it lists is named in not_exported with the reason
        assert [m["meterId"] for m in by[g["id"]]["meters"]] == [f"{g['id']}.realized"]
        assert set(g.get("indicators") or []) <= not_exported
        for a in g.get("actions") or []:
            op = by[f"{g['id']}.{a['id']}"]
            assert [m["meterValueType"] for m in op["meters"]] == ["REALIZED"]
            assert op["operationTitle_fi_FI"] == " ".join(a["text"]["fi"].split())
    carbon = by["carbon_neutral"]["operationDescription_fi_FI"]
    for s in content["commitments"][1]["sub_goals"]:
        assert s["title"]["fi"] in carbon
    taxi = by["carbon_neutral.taxi_ev_capacity"]["operationDescription_fi_FI"]
    assert "2.2 Edistämme kestävää ruokajärjestelmää" in taxi and "2023–2024" in taxi


def test_languages_present_where_the_content_has_them(doc, content):
    """The example's commitment is in fi, sv and en (issue 16): each text is exported as the
    content has it, the background and innovation texts too; our own texts (report titles
    and texts) are in all three."""
    rec = doc["commitment"]
    listed = {(m["id"], m["field"], lang) for m in doc["missing"] for lang in m["languages"] or []}
    for lang, loc in LOCALES.items():
        assert rec[f"title_{loc}"] == content["title"][lang]
        assert rec[f"backgroundInformation_{loc}"] == " ".join(content["background"][lang].split())
        assert rec[f"innovation_{loc}"] == " ".join(content["innovation"][lang].split())
        assert ("commitment", "backgroundInformation", lang) not in listed
    for op in rec["operations"]:
        assert all(op[f"operationTitle_{loc}"] for loc in LOCALES.values())
        for r in op["reports"]:
            assert all(r[f"reportText_{loc}"] and r[f"reportTitle_{loc}"] for loc in LOCALES.values())
        for m in op["meters"]:
            assert all(m[f"meterType_{loc}"] for loc in LOCALES.values())
    assert not [m for m in doc["missing"] if m["field"] in ("title", "operationTitle")]


def _without(doc, lang):
    """A localized YAML document with every text in `lang` removed."""
    if isinstance(doc, dict):
        return {k: _without(v, lang) for k, v in doc.items()
                if not (k == lang and isinstance(doc.get("fi"), str))}
    if isinstance(doc, list):
        return [_without(v, lang) for v in doc]
    return doc


def test_a_language_the_content_lacks_is_null_and_listed(example_copy):
    """None of the Swedish texts filled from another language when the content has none."""
    org = yaml.safe_load(example_copy.read_text(encoding="utf-8"))
    shared = (example_copy.parent / org["commitment"]["file"]).resolve()
    data = _without(yaml.safe_load(shared.read_text(encoding="utf-8")), "sv")
    cpath = example_copy.parent / "commitment.yaml"    # a copy: the content folder is shared
    cpath.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    org["commitment"]["file"] = "commitment.yaml"
    example_copy.write_text(yaml.safe_dump(org, allow_unicode=True, sort_keys=False), encoding="utf-8")
    doc = sitoumus_export(load_inputs(example_copy), 2023, "fi")
    rec = doc["commitment"]
    listed = {(m["id"], m["field"], lang) for m in doc["missing"] for lang in m["languages"] or []}
    assert rec["title_sv_SE"] is None and ("commitment", "title", "sv") in listed
    assert rec["title_en_US"] == data["title"]["en"]
    for op in rec["operations"]:
        assert op["operationTitle_fi_FI"] and op["operationTitle_en_US"]
        assert op["operationTitle_sv_SE"] is None and (op["operationId"], "operationTitle", "sv") in listed


def test_a_text_given_in_all_languages_is_exported(example_copy):
    org = yaml.safe_load(example_copy.read_text(encoding="utf-8"))
    shared = (example_copy.parent / org["commitment"]["file"]).resolve()
    data = yaml.safe_load(shared.read_text(encoding="utf-8"))
    cpath = example_copy.parent / "commitment.yaml"    # a copy: the content folder is shared
    org["commitment"]["file"] = "commitment.yaml"
    example_copy.write_text(yaml.safe_dump(org, allow_unicode=True, sort_keys=False), encoding="utf-8")
    data["title"] = {"fi": "Sitoumus", "sv": "Åtagande", "en": "Commitment"}
    data["commitments"][0]["actions"][0]["text"] |= {"sv": "Åtgärd A", "en": "Action A"}
    data["commitments"][0]["actions"][0]["reports"] = [{"year": 2023, "progress": "AsPlanned"}]
    cpath.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    doc = sitoumus_export(load_inputs(example_copy), 2023, "sv")
    check_export(doc)
    rec = doc["commitment"]
    assert (rec["title_fi_FI"], rec["title_sv_SE"], rec["title_en_US"]) == ("Sitoumus", "Åtagande", "Commitment")
    first = ops(doc)[f"{data['commitments'][0]['id']}.{data['commitments'][0]['actions'][0]['id']}"]
    assert (first["operationTitle_sv_SE"], first["operationTitle_en_US"]) == ("Åtgärd A", "Action A")
    assert first["reports"][0]["progress"] == "AsPlanned"
    assert not [m for m in doc["missing"] if m["id"] == "commitment" and m["field"] == "title"]
    assert "Åtgärd A" in export_text(doc) and "Rubrik" in export_text(doc)


def test_progress_values():
    """The platform's ProgressType values (data: platform.yaml); a goal's progress from its
    indicators; an action's only from a recorded report (no mapping from statuses exists)."""
    assert platform_doc()["platform"]["progress_values"] == PROGRESS
    assert platform_doc()["platform"]["form_progress_values"] == PROGRESS[1:]
    assert "action" not in platform_doc()["progress"]
    assert progress_of_goal(["met"]) == "CompletelyAchieved"
    assert progress_of_goal(["on_track", "met"]) == "AsPlanned"
    assert progress_of_goal(["on_track", "off_track", "no_data"]) == "NotAsFast"
    assert progress_of_goal(["not_met"]) == "NotAsFast"
    assert progress_of_goal(["no_data", "no_target", "no_baseline"]) == "none"
    assert progress_of_goal([]) == "none"
    assert set(platform_doc()["progress"]["indicator"].values()) <= set(PROGRESS)


def _commitment_copy(example_copy, change):
    """The example with its commitment file changed by `change(data)`; its organisation file."""
    org = yaml.safe_load(example_copy.read_text(encoding="utf-8"))
    data = yaml.safe_load((example_copy.parent / org["commitment"]["file"]).resolve()
                          .read_text(encoding="utf-8"))
    change(data)
    (example_copy.parent / "commitment.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    org["commitment"]["file"] = "commitment.yaml"
    example_copy.write_text(yaml.safe_dump(org, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return example_copy


def test_a_recorded_report_gives_the_progress_and_a_bad_one_is_an_input_error(example_copy):
    from carbon.errors import InputError

    def record(progress):
        def change(data):
            data["commitments"][0]["actions"][0]["reports"] = [
                {"year": 2023, "progress": progress, "realized": True}]
        return change
    doc = sitoumus_export(load_inputs(_commitment_copy(example_copy, record("Faster"))), 2023)
    op = ops(doc)["sustainable_work.social_criteria_listing"]
    assert op["reports"][0]["progress"] == "Faster"
    assert op["reports"][0]["reportMeters"][0]["currentLevel"] == "realized"
    assert ops(doc)["sustainable_work.employment_condition_assessment"]["reports"][0]["progress"] == "none"
    with pytest.raises(InputError, match=r"actions\[0\]\.reports\[0\]\.progress") as err:
        sitoumus_export(load_inputs(_commitment_copy(example_copy, record("none"))), 2023)
    assert err.value.code == "sitoumus_report_progress"


def test_nothing_is_guessed(doc, example_inputs):
    """No value for 2023 exists and no report is recorded: every current level is null and
    listed, every progress is "none" and listed; no proposal is exported as published."""
    listed = {(m["id"], m["field"]) for m in doc["missing"]}
    for op in doc["commitment"]["operations"]:
        for rm in op["reports"][0]["reportMeters"]:
            assert rm["currentLevel"] is None
            assert (rm["commitmentOperationMeterRefId"], "currentLevel") in listed
        assert op["reports"][0]["progress"] == "none"
        assert (op["operationId"], "progress") in listed
    origins = {n["id"]: n["origin"] for n in doc["not_exported"]}
    assert origins["procurements_employment_condition_share"] == "published"
    assert origins["carbon_footprint_total"] == "proposal"


def test_an_adopted_indicator_is_a_number_meter_with_plain_levels(example_copy, example_inputs):
    path = example_copy.parent / "indicators.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(i for i in data["indicators"] if i["id"] == "carbon_footprint_total")["adopted"] = True
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    inputs = load_inputs(example_copy)
    for lang in ("fi", "en"):
        doc = sitoumus_export(inputs, 2023, lang)
        check_export(doc)
        m = {m["meterId"]: m for m in ops(doc)["carbon_neutral"]["meters"]}["carbon_footprint_total"]
        iset = load_indicators(inputs.org)
        base = resolve(next(i for i in iset.indicators if i.id == "carbon_footprint_total"),
                       inputs, 2023).baseline
        assert m["meterValueType"] == "NUMBER" and m["meterChartType"] == "LINE"
        assert float(m["startingLevel"]) > float(m["targetLevel"]) > 0
        assert m["startingLevel"] == f"{float(m['startingLevel']):.1f}"   # no unit, no grouping
        assert m["meterType_fi_FI"].endswith("(tCO2e)")
        assert float(m["startingLevel"]) == pytest.approx(base, abs=0.05)
    assert "carbon_footprint_total" not in {n["id"] for n in doc["not_exported"]}


def test_schema_catches_a_broken_export(doc):
    cases = [
        lambda d: d["commitment"].pop("title_fi_FI"),
        lambda d: d["commitment"]["operations"][0]["reports"][0].__setitem__("progress", "Behind"),
        lambda d: d["commitment"].__setitem__("reportingInterval", "YEARLY"),
        lambda d: d["commitment"]["operations"][0]["meters"][0].__setitem__("targetLevel", 100),
        lambda d: d["commitment"]["operations"][0]["meters"][0].__setitem__("targetLevel",
                                                                            "38 269,5 tCO2e (2018)"),
        lambda d: d["commitment"]["operations"][0]["reports"][0].pop("commitmentArticleId"),
        lambda d: d["commitment"].__setitem__("startDate", "2023"),
        lambda d: d["commitment"]["operations"][0].__setitem__("goals", []),
        lambda d: d["commitment"].__setitem__("title", "old field name"),
    ]
    for breaker in cases:
        broken = copy.deepcopy(doc)
        breaker(broken)
        with pytest.raises(ExportInvalid):
            check_export(broken)


def test_unlisted_missing_value_is_an_error(doc):
    broken = copy.deepcopy(doc)
    broken["missing"] = [m for m in broken["missing"] if m["id"] != "trust.realized"]
    with pytest.raises(ExportInvalid, match=r"currentLevel: empty but not listed"):
        check_export(broken)
    broken = copy.deepcopy(doc)
    broken["commitment"]["operations"][1]["operationTitle_fi_FI"] = None
    with pytest.raises(ExportInvalid, match=r"operations\[1\]\.operationTitle_fi_FI"):
        check_export(broken)


def test_action_without_years_is_an_input_error(example_copy):
    from carbon.errors import InputError
    org = yaml.safe_load(example_copy.read_text(encoding="utf-8"))
    data = yaml.safe_load((example_copy.parent / org["commitment"]["file"]).resolve().read_text(encoding="utf-8"))
    data["commitments"][2]["actions"][1]["years"] = []
    (example_copy.parent / "commitment.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    org["commitment"]["file"] = "commitment.yaml"
    example_copy.write_text(yaml.safe_dump(org, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputError, match=r"commitments\[2\]\.actions\[1\]\.years"):
        sitoumus_export(load_inputs(example_copy), 2023)


def test_year_outside_period(example_inputs):
    with pytest.raises(VastuuError, match="outside the commitment period"):
        sitoumus_export(example_inputs, 2022)


def test_paste_texts_per_operation(doc):
    blocks = paste_texts(doc)
    operations = doc["commitment"]["operations"]
    assert [b["id"] for b in blocks[1:]] == [op["operationId"] for op in operations]
    for block, op in zip(blocks[1:], operations):
        assert op["operationTitle_fi_FI"] in block["text"]
        assert op["reports"][0]["reportText_fi_FI"] in block["text"]
        assert f"({op['reports'][0]['progress']})" in block["text"]
    assert "Alkaa–päättyy: 2023-01-01 – 2027-12-31" in blocks[0]["text"]


def test_written_files(doc, tmp_path):
    paths = write_export(doc, tmp_path)
    assert [p.name for p in paths] == ["sitoumus2050_2023.json", "sitoumus2050_2023.csv",
                                       "sitoumus2050_2023.txt"]
    check_export(json.loads(paths[0].read_text(encoding="utf-8")))
    rows = list(csv.DictReader(paths[1].open(encoding="utf-8")))
    assert sum(r["type"] == "operation" for r in rows) == len(doc["commitment"]["operations"])
    assert sum(r["type"] == "meter" for r in rows) == sum(len(op["meters"]) for op in doc["commitment"]["operations"])
    assert rows == [{k: str(v) for k, v in r.items()} for r in export_rows(doc)]
    txt = paths[2].read_text(encoding="utf-8")
    assert txt == export_text(doc)
    assert doc["commitment"]["title_fi_FI"] in txt and "Puuttuvat tiedot" in txt
    assert doc["illustrative"] and " ".join(doc["illustrative"].split()) in " ".join(txt.split())


def test_entered_value_is_exported(example_copy):
    path = example_copy.parent / "indicators.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ind = next(i for i in data["indicators"] if i["id"] == "procurements_employment_condition_share")
    ind["baseline"] = {"year": 2023, "value": 40, "source": "Hankintojen seuranta"}
    ind["values"] = [{"year": 2023, "value": 40, "source": "Hankintojen seuranta 2023"}]
    ind["target"] = {"year": 2024, "value": 100, "source": "Päätetty tavoite"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    doc = sitoumus_export(load_inputs(example_copy), 2023)
    check_export(doc)
    op = next(op for op in doc["commitment"]["operations"]
              if any(m["meterId"] == ind["id"] for m in op["meters"]))
    rm = next(m for m in op["reports"][0]["reportMeters"] if m["commitmentOperationMeterRefId"] == ind["id"])
    assert rm["currentLevel"] == "40" and rm["startingLevel"] == "40" and rm["targetLevel"] == "100"
    assert op["reports"][0]["progress"] == "AsPlanned"   # on track: at the baseline year
    assert (ind["id"], "currentLevel") not in {(m["id"], m["field"]) for m in doc["missing"]}


def test_summary(doc, content):
    s = export_summary(doc)
    n_actions = sum(len(c.get("actions") or []) for c in content["commitments"])
    assert (s["goals"], s["actions"]) == (len(content["commitments"]), n_actions)
    assert s["operations"] == s["goals"] + s["actions"]
    assert s["indicators"] == sum(m["meterValueType"] == "NUMBER" for op in doc["commitment"]["operations"]
                                  for m in op["meters"])


def test_cli_export(tmp_path):
    result = CliRunner().invoke(cli, ["sitoumus", "export", "--year", "2023", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "skeeman mukainen" in result.output and "currentLevel" in result.output
    for ext in ("json", "csv", "txt"):
        assert (tmp_path / f"sitoumus2050_2023.{ext}").exists()
    ok = CliRunner().invoke(cli, ["sitoumus", "validate", str(tmp_path / "sitoumus2050_2023.json")])
    assert ok.exit_code == 0, ok.output
    bad = json.loads((tmp_path / "sitoumus2050_2023.json").read_text(encoding="utf-8"))
    del bad["commitment"]["operations"]
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    result = CliRunner().invoke(cli, ["sitoumus", "validate", str(tmp_path / "bad.json")])
    assert result.exit_code == 2 and "'operations' is a required property" in result.output


def test_cli_year_outside_period(tmp_path):
    result = CliRunner().invoke(cli, ["sitoumus", "export", "--year", "2030", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "2023–2027" in result.output
