"""The workbench's pages driven in-process through an HTTP client: each page in fi/sv/en, its
numbers against what the application layer computes, the scenario round trip (save from the
form, `scenario run` gives the same numbers), bad input as a message, and the security rules."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import yaml

import app
from carbon.numbers import format_number, format_pct
from web.forms import doc_from_form, form_fields, form_from_doc, form_from_fields
from web.text import LANGUAGES, web_text

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "examples" / "migri" / "scenarios"
PAGES = ["/", "/trace?group=reception_services", "/scenario", "/scenario?file=ambitious.yaml",
         "/compare?file=ambitious.yaml&file=business_as_usual.yaml", "/report", "/commitment"]


def cell(html: str, pattern: str) -> str:
    """The text of the first element matching a regular expression's group 1."""
    m = re.search(pattern, html, flags=re.S)
    assert m, pattern
    return unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip()


def kinds() -> dict:
    return {lv.name: {p: s["kind"] for p, s in lv.specs.items()} for lv in app.levers()}


def test_every_language_has_the_same_strings():
    def keys(d, prefix=""):
        return {prefix + k for k in d} | {x for k, v in d.items() if isinstance(v, dict)
                                          for x in keys(v, f"{prefix}{k}.")}
    fi = keys(web_text("fi"))
    for lang in LANGUAGES:
        assert keys(web_text(lang)) == fi, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_opens_in_each_language(client, lang):
    for url in PAGES:
        r = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
        html = r.get_data(as_text=True)
        assert r.status_code == 200, (url, html[:500])
        assert f'<html lang="{lang}">' in html
        assert web_text(lang)["nav"]["overview"] in html


def test_overview_shows_the_footprint_the_application_layer_computes(client, example_inputs):
    fp = app.footprint(example_inputs, 2021, "fi", draws=0)
    html = client.get("/?year=2021&lang=fi").get_data(as_text=True)
    scopes = fp.by_scope.set_index("scope")
    for scope in (1, 2, 3):
        row = cell(html, rf'<table id="scopes">.*?<th scope="row">{scope}</th>(.*?)</tr>')
        assert format_number(scopes.loc[scope, "tco2e_location"], 1, "fi") in row
        assert format_number(scopes.loc[scope, "tco2e_market"], 1, "fi") in row
    assert format_number(fp.total, 1, "fi") in cell(html, r'<p class="lead" id="total">(.*?)</p>')
    top = fp.by_group.sort_values("tco2e", ascending=False).iloc[0]
    row = cell(html, rf'<tr data-group="{top.source_group}">(.*?)</tr>')
    assert format_number(top.tco2e, 1, "fi") in row and format_pct(top.share_pct, 1, "fi") in row
    for r in fp.unclassified.itertuples():
        assert format_number(r.eur, 0, "fi") in html


def test_drill_down_gives_the_trace_and_its_rows_as_csv(client, example_inputs):
    tr = app.trace(example_inputs, 2021, source_group="reception_services")
    html = client.get("/trace?year=2021&group=reception_services&lang=en").get_data(as_text=True)
    assert format_number(tr.total_tco2e, 1, "en") in cell(html, r'id="trace-total">(.*?)</p>')
    for fid in tr.factors["factor_id"]:
        assert f">{fid}</a>" in html
    import io
    import pandas as pd
    for lang, sep, decimal in (("en", ",", "."), ("fi", ";", ",")):   # the language's spreadsheet
        csv = client.get(f"/trace?year=2021&group=reception_services&kind=spend&format=csv&lang={lang}")
        rows = pd.read_csv(io.StringIO(csv.get_data(as_text=True).lstrip("\ufeff")), sep=sep,
                           decimal=decimal)
        assert len(rows) == len(tr.spend)
        assert rows["kgCO2e"].sum() == pytest.approx(tr.spend["kgco2e"].sum())
    found = client.get("/trace?year=2021&group=reception_services&q=Vastaanottopalvelut%201%20Oy"
                       "&format=csv").get_data(as_text=True)
    assert 1 < found.count("\n") < len(tr.spend)


def test_scenario_page_shows_the_cli_numbers_of_a_scenario_file(client, example_inputs):
    run = app.run_scenario(example_inputs, SCENARIOS / "ambitious.yaml", lang="fi").result
    html = client.get("/scenario?file=ambitious.yaml&lang=fi").get_data(as_text=True)
    for y in run.yearly.itertuples():
        assert cell(html, rf'<tr data-year="{y.year}">.*?data-col="tco2e">(.*?)</td>') == \
            format_number(y.tco2e, 0, "fi")
    for tg in run.targets.itertuples():
        assert cell(html, rf'<tr data-target="{tg.target_year}">.*?data-col="probability">(.*?)</td>') \
            == format_pct(100 * tg.probability_met, 1, "fi")


def test_a_changed_lever_is_recalculated_with_the_engines_numbers(client, example_inputs):
    doc = yaml.safe_load((SCENARIOS / "business_as_usual.yaml").read_text(encoding="utf-8"))
    form = form_from_doc(doc, "fi")
    fields = form_fields(form) | {"add": "remote_work"}
    page = client.post("/scenario?lang=fi", data=fields).get_data(as_text=True)
    assert 'name="lever-0" value="remote_work"' in page
    fields = form_fields(form) | {"lever-0": "remote_work", "p-0-share": "40", "years-0": "2023-2035"}
    r = client.post("/scenario/results?lang=fi", data=fields)
    assert r.status_code == 200
    expected = dict(doc, levers=[{"lever": "remote_work", "share": 40, "years": "2023-2035"}])
    run = app.run_scenario_doc(example_inputs, expected, "x").result
    html = r.get_data(as_text=True)
    assert cell(html, r'<tr data-year="2035">.*?data-col="tco2e">(.*?)</td>') == \
        format_number(run.yearly["tco2e"].iloc[-1], 0, "fi")


def test_a_bad_lever_value_shows_the_engines_message_not_a_traceback(client):
    fields = {"id": "x", "lever-0": "remote_work", "p-0-share": "150", "years-0": "2023-2035"}
    for url in ("/scenario/results?lang=fi", "/scenario?lang=fi"):
        r = client.post(url, data=fields)
        html = r.get_data(as_text=True)
        assert r.status_code == 400
        assert web_text("fi")["error_title"] in html
        assert "toimenpide 1 (Etäpuhuttelut ja -tiedoksiannot): Osuus" in unescape(html)   # as the user sees it
        assert "levers[0]" not in html and "ei ole väliltä 0–100" in html   # the page's language
        assert "lomake" in html           # the form stands for the file in the message
        assert "Traceback" not in html
    assert 'class="error lever-error"' in html   # the whole page: also beside the lever
    r = client.post("/scenario/results", data=dict(fields, **{"p-0-share": "paljon"}))
    assert "pitää olla luku" in unescape(r.get_data(as_text=True))   # Finnish by default


def test_a_missing_value_is_named_by_its_field_label_not_the_files_key(client):
    fields = {"id": "x", "lever-0": "remote_work", "years-0": "2023-2035"}
    for lang, label in (("fi", "'Osuus' puuttuu"), ("sv", "krävs"), ("en", "is required")):
        html = unescape(client.post(f"/scenario/results?lang={lang}", data=fields).get_data(as_text=True))
        assert label in html and "'share'" not in html, html[:3000]


def test_saved_scenario_runs_from_the_command_line_with_the_same_numbers(copy_client, tmp_path):
    client, org = copy_client
    doc = yaml.safe_load((SCENARIOS / "ambitious.yaml").read_text(encoding="utf-8"))
    fields = form_fields(form_from_doc(doc, "fi"))
    fields.update({"p-1-share": "2023: 40; 2026: 100", "file_name": "oma_testi"})
    r = client.post("/scenario/save?lang=fi", data=fields)
    html = r.get_data(as_text=True)
    assert r.status_code == 200, html[:2000]
    saved = org.parent / "scenarios" / "oma_testi.yaml"
    assert saved.exists() and "oma_testi.yaml" in html
    shown = cell(html, r'<tr data-year="2035">.*?data-col="tco2e">(.*?)</td>')
    shown_p = cell(html, r'<tr data-target="2035">.*?data-col="probability">(.*?)</td>')
    out = subprocess.run([sys.executable, "build.py", "scenario", "run", str(saved), "--org", str(org),
                          "--out", str(tmp_path / "cli"), "--lang", "fi"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    line = next(s for s in out.splitlines() if s.strip().startswith("2035"))
    assert shown in line
    target_line = next(s for s in out.splitlines() if "vuoteen 2035" in s)
    assert shown_p in target_line
    # the file is not replaced without the box ticked, and is with it
    before = saved.read_text(encoding="utf-8")
    fields["p-1-share"] = "10"
    r = client.post("/scenario/save?lang=fi", data=fields)
    assert r.status_code == 409 and saved.read_text(encoding="utf-8") == before
    assert "oma_testi.yaml" in unescape(r.get_data(as_text=True))
    r = client.post("/scenario/save?lang=fi", data=dict(fields, overwrite="1"))
    assert r.status_code == 200 and saved.read_text(encoding="utf-8") != before


def test_files_are_read_and_written_only_in_the_organisations_folders(copy_client):
    client, org = copy_client
    for name in ("../organisation.yaml", "/etc/passwd", "..%2Forganisation.yaml", "a.txt"):
        r = client.get(f"/scenario?file={name}")
        assert r.status_code == 400 and "Traceback" not in r.get_data(as_text=True)
    r = client.post("/scenario/save", data={"id": "x", "file_name": "../../evil.yaml"})
    assert r.status_code == 400
    assert not (org.parent.parent / "evil.yaml").exists() and not (org.parent / "evil.yaml").exists()
    assert client.get("/out/../organisation.yaml").status_code == 404
    assert client.get("/out/%2e%2e/organisation.yaml").status_code == 404


def test_downloads_of_the_form_scenario(client):
    doc = yaml.safe_load((SCENARIOS / "commitment_2023_2027.yaml").read_text(encoding="utf-8"))
    fields = form_fields(form_from_doc(doc, "fi"))
    text = client.post("/scenario/download/yaml", data=fields).get_data(as_text=True)
    assert yaml.safe_load(text) == doc_from_form(form_from_doc(doc, "fi"), kinds())
    csv = client.post("/scenario/download/yearly?lang=en", data=fields).get_data(as_text=True)
    assert csv.lstrip("\ufeff").startswith("year,tCO2e,")
    csv = client.post("/scenario/download/yearly?lang=fi", data=fields).get_data(as_text=True)
    assert csv.startswith("\ufeffvuosi;tCO2e;") and re.search(r";\d+,\d+", csv)
    svg = client.post("/scenario/download/projection", data=fields)
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert client.post("/scenario/download/nothing", data=fields).status_code == 400


def test_compare_takes_up_to_four_scenarios(client, example_inputs):
    files = ["ambitious.yaml", "business_as_usual.yaml"]
    cmp = app.compare_scenarios(example_inputs, [SCENARIOS / f for f in files], lang="fi")
    html = client.get("/compare?lang=fi&" + "&".join(f"file={f}" for f in files)).get_data(as_text=True)
    for res in cmp.results:
        row = cell(html, rf'<th scope="row">{res.scenario.name_in("fi")}</th>(.*?)</tr>')
        assert format_number(res.yearly["tco2e"].iloc[-1], 0, "fi") in row
    html = client.get("/compare?" + "&".join(["file=ambitious.yaml"] * 5)).get_data(as_text=True)
    assert 'id="compare-error"' in html


def test_commitment_page_and_export_files(client, example_inputs, tmp_path):
    html = client.get("/commitment?lang=fi").get_data(as_text=True)
    ind = app.indicators(example_inputs, None, "fi")
    for r in ind.records:
        assert unescape(r["name"]) in unescape(html)
    year = int(cell(html, r'id="h-export">.*?(\d{4})</h2>'))
    written = app.write_sitoumus(app.sitoumus_export(example_inputs, year, "fi"), tmp_path / "cli")
    for path in written:   # the page's download is the command line's file, byte for byte
        r = client.get(f"/commitment/{path.name}?lang=fi")
        assert r.status_code == 200
        assert r.data == path.read_bytes(), path.name
        assert path.name in r.headers["Content-Disposition"]
    assert app.validate_sitoumus(written[0])
    assert client.get(f"/commitment/sitoumus2050_{year}.exe").status_code == 400


def test_an_export_download_writes_nothing(copy_client, tmp_path):
    client, _ = copy_client
    html = client.get("/commitment?lang=fi").get_data(as_text=True)
    year = int(cell(html, r'id="h-export">.*?(\d{4})</h2>'))
    assert client.get(f"/commitment/sitoumus2050_{year}.csv").status_code == 200
    out = tmp_path / "out"
    assert not out.exists() or [p for p in out.rglob("*") if p.is_file()] == []


def test_report_page_lists_what_is_missing(client, example_inputs):
    html = client.get("/report?lang=fi").get_data(as_text=True)
    for name in app.indicators(example_inputs, 2021, "fi").missing:
        assert unescape(name) in unescape(html)


def test_bad_year_is_a_message_in_the_users_language(client):
    r = client.get("/?year=1999&lang=sv")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and web_text("sv")["error_title"] in html and "1999" in html
    assert client.get("/?year=abc").status_code == 400
    assert client.get("/nowhere").status_code == 404


def test_token_host_and_origin_rules(example_copy, tmp_path):
    from web.server import create_app
    from web.workbench import Workbench
    guarded = create_app(Workbench(example_copy, tmp_path, token="s3cret")).test_client()
    assert guarded.get("/report").status_code == 403
    assert guarded.get("/report?token=wrong").status_code == 403
    assert guarded.get("/report?token=s3cret").status_code == 303    # to the address without it
    assert guarded.get("/report").status_code == 200        # the cookie the first visit set
    local = create_app(Workbench(example_copy, tmp_path)).test_client()
    assert local.get("/report", headers={"Host": "attacker.example"}).status_code == 403
    r = local.post("/scenario/save", data={"file_name": "x.yaml"},
                   headers={"Origin": "http://attacker.example"})
    assert r.status_code == 403
    assert not (example_copy.parent / "scenarios" / "x.yaml").exists()


def test_loopback_addresses_need_no_token():
    from cli.serve import _loopback
    assert _loopback("127.0.0.1") and _loopback("localhost") and _loopback("::1")
    assert not _loopback("0.0.0.0") and not _loopback("192.0.2.1")


def test_serve_prints_a_token_for_an_address_other_than_loopback(monkeypatch):
    from click.testing import CliRunner
    import web.server
    from build import cli
    calls = []

    class Server:
        server_port = 8123

        def serve_forever(self):
            pass

        def server_close(self):
            pass

    def make(*args):
        calls.append(args)
        return Server()
    monkeypatch.setattr(web.server, "make_workbench_server", make)
    out = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "8123", "--lang", "en"])
    assert out.exit_code == 0, out.output
    token = calls[0][-1]
    assert token and f"token={token}" in out.output and "http://0.0.0.0:8123/" in out.output
    Server.server_port = 8124
    out = CliRunner().invoke(cli, ["serve", "--port", "8124", "--no-token"])
    assert calls[1][-1] is None and "http://127.0.0.1:8124/?lang=fi" in out.output
    monkeypatch.undo()   # the real server: a bad organisation stops before anything listens
    bad = CliRunner().invoke(cli, ["serve", "--org", "/nonexistent/organisation.yaml", "--lang", "en"])
    assert bad.exit_code == 2 and "not found" in bad.output


def test_pages_need_no_network():
    web = ROOT / "web"
    for path in [*web.glob("templates/*.html"), *web.glob("static/*")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path.name
        assert "@import" not in text and "url(http" not in text, path.name


def test_language_links_keep_the_page_and_its_query(client):
    html = client.get("/trace?group=food&year=2020&lang=fi").get_data(as_text=True)
    link = unescape(re.search(r'<a href="([^"]*lang=sv[^"]*)"', html).group(1))
    assert link.startswith("/trace?") and "group=food" in link and "year=2020" in link
    html = client.post("/scenario?lang=fi", data={"id": "x"}).get_data(as_text=True)
    assert 'href="/scenario?lang=en"' in html


def test_the_files_names_in_every_language_are_kept_unless_renamed(client):
    doc = yaml.safe_load((SCENARIOS / "ambitious.yaml").read_text(encoding="utf-8"))
    fields = form_fields(form_from_doc(doc, "fi"))
    saved = yaml.safe_load(client.post("/scenario/download/yaml", data=fields).get_data(as_text=True))
    assert saved["name"] == doc["name"] and saved["description"] == doc["description"]
    renamed = yaml.safe_load(client.post("/scenario/download/yaml", data=dict(fields, name="Uusi"))
                             .get_data(as_text=True))
    assert renamed["name"] == "Uusi"


def test_the_forms_scenario_is_compared_with_files(client, example_inputs):
    doc = yaml.safe_load((SCENARIOS / "ambitious.yaml").read_text(encoding="utf-8"))
    fields = form_fields(form_from_doc(doc, "fi"))
    fields.update({"p-4-share": "80", "compare_file": ["business_as_usual.yaml", "ambitious.yaml"]})
    html = client.post("/compare?lang=fi", data=fields).get_data(as_text=True)
    changed = app.run_scenario_doc(example_inputs, doc_from_form(
        form_from_fields({k: v for k, v in fields.items() if k != "compare_file"}, kinds()), kinds()),
        "x").result
    bau = app.run_scenario(example_inputs, SCENARIOS / "business_as_usual.yaml").result
    assert html.count('<th scope="row">Kunnianhimoinen</th>') == 2      # the form and the file
    for res in (changed, bau):
        assert format_number(res.yearly["tco2e"].iloc[-1], 0, "fi") in html
    fields["compare_file"] = ["ambitious.yaml"] * 4
    assert 'id="compare-error"' in client.post("/compare", data=fields).get_data(as_text=True)


def test_a_scenarios_name_keeps_its_languages_in_order(client):
    html = client.get("/scenario?file=ambitious.yaml&lang=sv").get_data(as_text=True)
    names = json.loads(unescape(re.search(r'name="names" value="([^"]*)"', html).group(1)))
    assert list(names) == ["fi", "en", "sv"]


def test_an_edited_mapping_is_read_again_on_request(copy_client):
    client, org = copy_client
    html = client.get("/?year=2021&lang=en").get_data(as_text=True)
    rule = cell(html, r'<table id="unclassified">.*?<code>(.*?)</code>')
    assert rule.count(",") == 4 and ",?,?," in rule
    fixed = rule.replace("?,?", "spend_other_services,other_services", 1)
    mapping = org.parent / "mapping.csv"
    mapping.write_text(mapping.read_text(encoding="utf-8").rstrip("\n") + "\n" + fixed + "\n",
                       encoding="utf-8")
    assert rule in client.get("/?year=2021").get_data(as_text=True)      # cached until asked
    r = client.post("/reload", data={"year": "2021"})
    assert r.status_code == 303
    assert rule not in client.get("/?year=2021").get_data(as_text=True)


def test_lever_help_names_fields_by_their_labels_not_the_files_keys(client):
    html = unescape(client.get("/scenario?lang=fi").get_data(as_text=True))
    helps = re.findall(r'id="addhelp-(?:nights|spend_change)"[^>]*>(.*?)</', html, re.S)
    assert len(helps) == 2, helps
    for text in helps:
        assert "”Muutos vuodessa”" in text and not re.search(r"\b(pct|change|level)\b", text), text
