"""`build.py suppliers` and its `request`, `import` and `status` on a copy of the example: the
table and its JSON add up, a request writes letters and templates, answers import, a bad answer
stops with file, row and column (exit 2) and writes nothing."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from build import cli
from carbon.suppliers.request import request_spec

HEADER = ",".join(request_spec()["fields"])


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def test_the_json_adds_up_to_the_spend_based_total(example_copy):
    r = run("suppliers", "--org", example_copy, "--year", 2021, "--json")
    assert r.exit_code == 0, r.output
    def no_nan(name):
        raise AssertionError(f"{name} in the JSON")
    doc = json.loads(r.output, parse_constant=no_nan)
    assert abs(sum(s["tco2e"] for s in doc["suppliers"]) + doc["without_supplier"]["tco2e"]
               - doc["spend_based_tco2e"]) < 1e-6
    tco2e = [s["tco2e"] for s in doc["suppliers"]]
    assert tco2e == sorted(tco2e, reverse=True)


def test_the_table_in_english_with_its_caveat(example_copy, tmp_path):
    r = run("suppliers", "--org", example_copy, "--year", 2021, "--top", 3, "--lang", "en",
            "--out", tmp_path)
    assert r.exit_code == 0, r.output
    assert "product-group averages" in r.output and "Esimerkki Vastaanottopalvelut 1 Oy" in r.output
    assert (tmp_path / "suppliers_2021.csv").exists()


def test_request_import_and_status(example_copy, tmp_path):
    r = run("suppliers", "request", "--org", example_copy, "--year", 2021, "--top", 2,
            "--out", tmp_path, "--deadline", "2027-01-31")
    assert r.exit_code == 0, r.output
    letters = sorted(tmp_path.glob("suppliers/2021/*/letter_*.txt"))
    assert len(letters) == 2
    answers = example_copy.parent / "suppliers" / "answers_2021_illustrative.csv"
    r = run("suppliers", "import", answers, "--org", example_copy, "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "1 added, 2 replaced" in r.output
    r = run("suppliers", "status", "--org", example_copy, "--year", 2021, "--lang", "en")
    assert "accepted" in r.output and "asked" in r.output
    r = run("suppliers", "status", "2990555-9", "--org", example_copy, "--year", 2021,
            "--set", "declined", "--lang", "en")
    assert r.exit_code == 0 and "declined" in r.output


def test_a_bad_answer_stops_with_file_row_and_column(example_copy, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n2990037-9,X,2021,,,5,kgCO2e/night,100,kWh,\"1,2\",,,,,\n",
                   encoding="utf-8")
    mapping = (example_copy.parent / "mapping.csv").read_bytes()
    r = run("suppliers", "import", bad, "--org", example_copy, "--lang", "en")
    assert r.exit_code == 2
    assert "bad.csv, row 2, column 'quantity_unit'" in r.output
    assert "Traceback" not in r.output
    assert (example_copy.parent / "mapping.csv").read_bytes() == mapping
    assert not (example_copy.parent / "factors" / "supplier_answers.yaml").exists()


def test_a_tender_comparison(example_copy):
    tender = example_copy.parent / "suppliers" / "tender_reception_2025_illustrative.yaml"
    r = run("suppliers", "tender", tender, "--org", example_copy, "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "Tarjoaja B Oy" in r.output and "100 €/tCO2e" in r.output
    assert r.output.index("Tarjoaja B Oy") < r.output.index("Tarjoaja A Oy")   # lowest first
