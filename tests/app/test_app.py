"""The application layer: each command's result as a front end other than the CLI gets it
(plain objects, nothing printed), checked against the input files and the published figures."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import app
from carbon.errors import OptionError
from carbon.scenario.spec import load_vocabulary

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "examples" / "migri" / "scenarios"


def test_every_name_resolves_and_no_name_is_shadowed_by_a_module():
    modules = {p.stem for p in (ROOT / "app").glob("*.py")}
    for name in app.__all__:
        assert name not in modules, f"app.{name} would be replaced by the submodule of that name"
        assert callable(getattr(app, name)), name


def test_importing_the_application_layer_does_not_import_pandas():
    # nor the footprint command's module: its ledger is read ahead while pandas is imported
    code = ("import sys, app, app.report, app.organisation, cli.footprint; "
            "print('pandas' in sys.modules, 'pint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


def test_footprint_of_each_published_year_reproduces_the_published_total(example_inputs):
    for year, published in example_inputs.org.reported_totals.items():
        r = app.footprint(example_inputs, year, "en")
        assert r.year == year
        assert r.total == pytest.approx(published, abs=0.1)
        assert r.by_scope["tco2e"].sum() == pytest.approx(r.total)
        assert r.by_group["tco2e"].sum() == pytest.approx(r.total)
        assert r.by_group["share_pct"].sum() == pytest.approx(100.0)
        assert "Unclassified" not in set(r.by_group["name"]) or len(r.unclassified)


def test_footprint_defaults_to_the_latest_year_and_refuses_a_year_without_data(example_inputs):
    assert app.footprint(example_inputs).year == max(example_inputs.years)
    with pytest.raises(OptionError) as err:
        app.footprint(example_inputs, min(example_inputs.years) - 10)
    assert err.value.option == "year" and "no data" in err.value.message


def test_write_footprint_writes_what_the_result_holds(example_inputs, tmp_path):
    r = app.footprint(example_inputs, 2021)
    paths = app.write_footprint(example_inputs, r, tmp_path)
    assert all(p.exists() for p in paths)
    assert pd.read_csv(paths[0])["tco2e"].sum() == pytest.approx(r.total)


def test_progress_compares_computed_and_published_totals(example_inputs):
    r = app.progress(example_inputs)
    org = example_inputs.org
    assert r.base_total == pytest.approx(org.reported_totals[org.base_year], abs=0.1)
    assert list(r.reported["year"]) == sorted(org.reported_totals)
    assert (r.reported["diff_pct"].abs() < org.recalculation_threshold_pct).all()
    assert not r.reported["recalculate"].any()
    assert set(r.table["year"]) == set(example_inputs.years)


def test_trace_of_a_source_group_adds_up_to_its_figure(example_inputs):
    fp = app.footprint(example_inputs, 2021)
    group = fp.by_group.iloc[0]
    tr = app.trace(example_inputs, 2021, source_group=group["source_group"], status="counted")
    assert tr.total_tco2e == pytest.approx(group["tco2e"], rel=1e-9)
    assert set(tr.factors["factor_id"]) == set(tr.spend["factor_id"].dropna()) | set(tr.activity["factor_id"])
    assert (tr.factors["source"].str.len() > 0).all()


def test_scenario_run_continues_the_history_and_checks_every_target(example_inputs):
    run = app.run_scenario(example_inputs, SCENARIOS / "ambitious.yaml", draws=200, seed=1)
    r = run.result
    assert r.yearly["year"].iloc[0] == r.scenario.start_year
    assert r.yearly["tco2e"].iloc[0] == pytest.approx(run.history[r.scenario.start_year])
    assert set(r.targets["target_year"]) == {t.year for t in example_inputs.org.targets}
    assert {"low", "median", "high"} <= set(r.yearly.columns) and r.interval == 95
    with pytest.raises(OptionError):
        app.run_scenario(example_inputs, SCENARIOS / "ambitious.yaml", draws=0, years=[1990])


def test_scenario_comparison_has_a_column_per_scenario(example_inputs, tmp_path):
    files = [SCENARIOS / "ambitious.yaml", SCENARIOS / "business_as_usual.yaml"]
    cmp = app.compare_scenarios(example_inputs, files, draws=0)
    assert [r.scenario.id for r in cmp.results] == list(cmp.yearly.columns[1:])
    assert cmp.target_years == [t.year for t in example_inputs.org.targets]
    assert all(p.exists() for p in app.write_comparison(cmp, tmp_path))


def test_levers_are_the_vocabulary(tmp_path):
    vocabulary = load_vocabulary()
    levers = app.levers("en")
    assert [lever.name for lever in levers] == list(vocabulary["levers"])
    assert all(lever.label and lever.help for lever in levers)


def test_indicators_records_and_table_agree(example_inputs, tmp_path):
    r = app.indicators(example_inputs, 2022, "en")
    assert [x["id"] for x in r.records] == list(r.table["id"])
    assert set(r.missing) == {x["name"] for x in r.records if x["latest_value"] is None}
    assert pd.read_csv(app.write_indicators(r, tmp_path))["id"].tolist() == list(r.table["id"])


def test_sitoumus_export_written_then_validated(example_inputs, tmp_path):
    doc = app.sitoumus_export(example_inputs, 2023, "fi")
    paths = app.write_sitoumus(doc, tmp_path)
    assert app.validate_sitoumus(paths[0]) == json.loads(json.dumps(doc))
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(Exception, match="broken.json"):
        app.validate_sitoumus(broken)


def test_disclosure_index_of_a_year(example_inputs, tmp_path):
    r = app.disclosure(example_inputs, 2021, "en")
    assert r.year == 2021 and len(r.records) > 0
    frame = pd.read_csv(app.write_disclosure(example_inputs, r.year, tmp_path, "en"))
    assert len(frame) == len(r.records)


def test_report_build_returns_what_it_wrote(tmp_path):
    org = ROOT / "examples" / "migri" / "organisation.yaml"
    r = app.build_report(org, 2021, tmp_path, "fi")
    assert r.year == 2021 and r.pages > 10
    assert r.pdf.parent == tmp_path and r.pdf.read_bytes().startswith(b"%PDF")
    assert r.html.exists()


#: what command-line modules may import: the application layer and presentation helpers
CLI_IMPORTS = {"app", "app.calculator", "app.options", "app.scenarios", "click", "pandas", "carbon.numbers", "carbon.errors",
               "carbon.messages",
               "carbon.readers.settings", "carbon.scenario.run", "report.document.i18n", "report.render",
               "__future__", "pathlib", "sys", "functools", "typing", "importlib", "json",
               "web.server", "web.text", "ipaddress",   # serve: the web front end's entry
               "re", "difflib", "click.exceptions",   # usage.py: click's usage errors translated
               "datetime"}                             # users.py: an account's time as the user reads it
#: the one module that reads a file: the command line's own strings
CLI_STRINGS = {"text.py": {"carbon.yamlfile"}}


def test_command_line_modules_only_call_the_application_layer():
    for path in sorted((ROOT / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                allowed = CLI_IMPORTS | CLI_STRINGS.get(path.name, set())
                assert node.module in allowed, f"{path.name} imports {node.module}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name in CLI_IMPORTS, f"{path.name} imports {alias.name}"
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and path.name not in CLI_STRINGS:
                assert not node.func.attr.startswith(("read_", "to_csv", "load_")), \
                    f"{path.name}:{node.lineno} reads or writes data itself ({node.func.attr})"


def test_loading_reports_progress_file_by_file_then_classifying():
    calls = []
    inputs = app.load(ROOT / "examples" / "migri" / "organisation.yaml",
                      progress=lambda done, total: calls.append((done, total)))
    files = len(inputs.ledger.files)
    assert calls == [(i, files + 1) for i in range(1, files + 2)]
