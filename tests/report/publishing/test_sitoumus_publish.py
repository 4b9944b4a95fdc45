"""`sitoumus publish` against a local test server that follows the platform's controller
(tests/report/publishing/sitoumus_server.py): routes, Basic sign-in, the organisation check,
the form's required-field rules; the export and its reports for 2023 and 2024 are taken."""
from __future__ import annotations

import json
import urllib.request

import pytest
import yaml
from click.testing import CliRunner

from build import cli
from carbon.errors import OptionError
from carbon.readers.inputs import load_inputs
from report.publishing.sitoumus.export import sitoumus_export
from report.publishing.sitoumus.form import commitment_problems, report_problems
from report.publishing.sitoumus.model import platform_doc
from report.publishing.sitoumus.publish import plan_requests, send

from tests.report.publishing.sitoumus_server import ROOT, Platform, Server

ORG_ID = 20001
USER, PASSWORD = "vastuu@example.invalid", "test-only"


def _platform(org_name: str) -> Platform:
    """A platform with the published commitment 393105 (created by someone else) and a user in
    the agency's organisation."""
    p = Platform()
    p.add_user(USER, PASSWORD, 7, [{"organizationId": ORG_ID, "name": org_name}])
    p.add_user("outsider@example.invalid", "x", 8, [{"organizationId": 999, "name": "Muu"}])
    p.commitments["393105"] = {"id": "393105", "organizationId": str(ORG_ID),
                               "createdByUserId": 1, "operations": []}
    return p


def _observed_copy(example_copy, years=(2023, 2024), org_id=ORG_ID):
    """The example with a report recorded for every goal and action in `years`."""
    org = yaml.safe_load(example_copy.read_text(encoding="utf-8"))
    shared = (example_copy.parent / org["commitment"]["file"]).resolve()
    data = yaml.safe_load(shared.read_text(encoding="utf-8"))
    if org_id is not None:
        data["sitoumus2050_organization_id"] = org_id
    for goal in data["commitments"]:
        for item in [goal, *(goal.get("actions") or [])]:
            item["reports"] = [{"year": y, "progress": "AsPlanned", "realized": y == 2024,
                                "text": {"fi": f"Edistyi {y}."}} for y in years]
    cpath = example_copy.parent / "commitment.yaml"
    cpath.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    org["commitment"]["file"] = "commitment.yaml"
    example_copy.write_text(yaml.safe_dump(org, allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
    return example_copy


def test_every_operation_has_a_meter_and_the_form_finds_nothing_missing(example_inputs):
    for year in (2023, 2024):
        doc = sitoumus_export(example_inputs, year, "fi")
        rec = doc["commitment"]
        assert commitment_problems(rec) == []
        for op in rec["operations"]:
            assert op["meters"], op["operationId"]
            for m in op["meters"]:
                if m["meterValueType"] == "NUMBER":
                    float(m["startingLevel"]), float(m["targetLevel"])
                    assert m["meterChartType"] in platform_doc()["platform"]["meter_chart_types"]
            assert all(r["commitmentArticleId"] == rec["id"] for r in op["reports"])


def test_no_progress_without_an_observation(example_inputs):
    """The example records no report: every progress is 'none' and listed, nothing defaulted."""
    doc = sitoumus_export(example_inputs, 2023, "fi")
    reports = [r for op in doc["commitment"]["operations"] for r in op["reports"]]
    assert {r["progress"] for r in reports} == {"none"}
    listed = {m["id"] for m in doc["missing"] if m["field"] == "progress"}
    assert listed == {op["operationId"] for op in doc["commitment"]["operations"]}
    assert all(report_problems(r) for r in reports)  # the form would not take them


def test_the_category_ids_are_the_forms_and_marked_unconfirmed(example_inputs):
    doc = sitoumus_export(example_inputs, 2023, "en")
    ids = doc["commitment"]["categoryIds"]
    goals = platform_doc()["categories"]["primary_goals"]
    primary = [i for i in ids if i in goals]
    assert len(primary) == 1 and ids[:-1] == goals[primary[0]]["agenda2030"]
    assert [u["field"] for u in doc["unconfirmed"]] == ["categoryIds"]


def test_a_form_rule_catches_what_the_form_would_refuse(example_inputs):
    rec = json.loads(json.dumps(sitoumus_export(example_inputs, 2023, "fi")["commitment"]))
    rec["operations"][1]["meters"] = []
    rec["innovation_fi_FI"] = None
    keys = {p["key"] for p in commitment_problems(rec)}
    assert keys == {"sit.commitmentCreation.atleastOneMeterRequiredError", "innovation_fi_FI"}


@pytest.mark.parametrize("year", [2023, 2024])
def test_the_server_takes_the_commitment_and_the_years_reports(example_copy, year):
    inputs = load_inputs(_observed_copy(example_copy))
    doc = sitoumus_export(inputs, year, "fi")
    plan = plan_requests(doc, "http://unused")
    assert plan.held_back == []
    platform = _platform(inputs.org.name_in(inputs.org.language))
    with Server(platform) as server:
        answers = send(plan_requests(doc, server.url), USER, PASSWORD)
    ops = doc["commitment"]["operations"]
    assert len(answers) == 1 + len(ops)
    assert len(platform.reports) == len(ops)
    assert {r["commitmentOperationRefId"] for r in platform.reports.values()} == \
        {op["operationId"] for op in ops}
    sent = platform.received[0][2]
    assert all("reports" not in op for op in sent["operations"])
    assert all(r["reportStartDate"] == f"{year}-01-01" for r in platform.reports.values())


def test_sign_in_and_organisation_are_checked(example_copy, example_inputs):
    inputs = load_inputs(_observed_copy(example_copy))
    doc = sitoumus_export(inputs, 2023, "fi")
    platform = _platform(inputs.org.name_in(inputs.org.language))
    with Server(platform) as server:
        assert urllib.request.urlopen(server.url + ROOT).read() == b"It works!"
        plan = plan_requests(doc, server.url)
        with pytest.raises(OptionError) as wrong:
            send(plan, USER, "wrong")
        with pytest.raises(OptionError) as outsider:
            send(plan, "outsider@example.invalid", "x")
        # without the organisation id the update is the creator's only
        plain = sitoumus_export(example_inputs, 2023, "fi")
        with pytest.raises(OptionError) as creator:
            send(plan_requests(plain, server.url), USER, PASSWORD)
    assert {wrong.value.code, outsider.value.code, creator.value.code} == {"sitoumus_refused"}
    assert platform.reports == {}


def test_a_report_without_its_commitment_id_is_refused_as_the_api_does(example_copy):
    inputs = load_inputs(_observed_copy(example_copy))
    doc = sitoumus_export(inputs, 2023, "fi")
    plan = plan_requests(doc, "http://x")
    with Server(_platform(inputs.org.name_in(inputs.org.language))) as server:
        plan = plan_requests(doc, server.url)
        plan.requests = [dict(r, body=dict(r["body"], commitmentArticleId=None))
                         for r in plan.requests[1:2]]
        with pytest.raises(OptionError) as err:
            send(plan, USER, PASSWORD)
    assert err.value.code == "sitoumus_server_error" and err.value.params["status"] == 500


def test_cli_dry_run_prints_the_requests_and_no_credentials(monkeypatch, tmp_path):
    monkeypatch.setenv("SITOUMUS2050_USER", USER)
    monkeypatch.setenv("SITOUMUS2050_PASSWORD", PASSWORD)
    result = CliRunner().invoke(cli, ["sitoumus", "publish", "--year", "2023", "--lang", "en",
                                      "--url", "http://127.0.0.1:9"])
    assert result.exit_code == 0, result.output
    assert f"POST http://127.0.0.1:9{ROOT}/commitments" in result.output
    assert "Dry run: nothing sent (1 requests" in result.output
    assert PASSWORD not in result.output and "Authorization" not in result.output
    assert "Reports held back (15;" in result.output


def test_cli_send_needs_the_credentials_from_the_environment(monkeypatch):
    monkeypatch.delenv("SITOUMUS2050_USER", raising=False)
    monkeypatch.delenv("SITOUMUS2050_PASSWORD", raising=False)
    result = CliRunner().invoke(cli, ["sitoumus", "publish", "--year", "2023", "--send",
                                      "--url", "http://127.0.0.1:9", "--lang", "en"])
    assert result.exit_code == 2
    assert "SITOUMUS2050_USER" in result.output and "Traceback" not in result.output


def test_cli_send_to_the_test_server(example_copy, monkeypatch):
    org_file = _observed_copy(example_copy)
    inputs = load_inputs(org_file)
    platform = _platform(inputs.org.name_in(inputs.org.language))
    monkeypatch.setenv("SITOUMUS2050_USER", USER)
    monkeypatch.setenv("SITOUMUS2050_PASSWORD", PASSWORD)
    with Server(platform) as server:
        result = CliRunner().invoke(cli, ["sitoumus", "publish", "--org", str(org_file),
                                          "--year", "2024", "--send", "--url", server.url,
                                          "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert f"Sent {1 + len(platform.reports)} requests" in result.output
    assert len(platform.reports) == 15
