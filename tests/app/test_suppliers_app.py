"""The application layer's suppliers: the table, a request pack per language with its status,
and an import of answers that turns reception-services lines supplier-specific."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pytest

import app
from carbon.suppliers.request import request_spec
from carbon.suppliers.table import supplier_key

ANSWERS = Path(__file__).resolve().parents[2] / "examples" / "migri" / "suppliers" / \
    "answers_2021_illustrative.csv"
HEADER = ",".join(request_spec()["fields"])


def _kg(inputs, year: int, supplier: str) -> float:
    rows = inputs.inventory(year).spend_rows
    return float(rows.loc[(supplier_key(rows) == supplier).to_numpy()
                          & (rows["status"].astype(str) == "counted").to_numpy(), "kgco2e"].sum())


def test_the_table_adds_up_to_the_spend_based_total(example_inputs):
    r = app.supplier_emissions(example_inputs, 2021, "en")
    rows = example_inputs.inventory(2021).spend_rows
    spend_based = float(rows.loc[rows["status"].astype(str) == "counted", "kgco2e"].sum()) / 1000
    assert r.table["tco2e"].sum() + r.totals.without_tco2e == pytest.approx(spend_based)
    assert r.previous_year == 2020
    assert "Purchased reception services" in set(r.table["source_groups"])
    doc = app.suppliers_json(r)
    assert doc["suppliers_tco2e"] + doc["without_supplier"]["tco2e"] == \
        pytest.approx(doc["spend_based_tco2e"])


def test_a_request_pack_writes_a_letter_in_each_suppliers_language(example_copy, tmp_path):
    inputs = app.load(example_copy)
    ids = ["2990037-9", "2990075-8", "2992628-8"]      # the settings: fi (default), sv, en
    pack = app.request_pack(inputs, 2021, supplier_ids=ids, deadline="2027-01-31")
    assert {lt.supplier_id: lt.lang for lt in pack.letters} == dict(zip(ids, ["fi", "sv", "en"]))
    written = app.write_requests(pack, tmp_path / "out")
    folder = tmp_path / "out" / "suppliers" / "2021" / "2990075_8"
    assert "Migrationsverket" in (folder / "letter_sv.txt").read_text(encoding="utf-8")
    book = openpyxl.load_workbook(io.BytesIO((folder / "answer_2990075_8_2021.xlsx").read_bytes()))
    assert book.worksheets[0]["A2"].value == "2990075-8"
    status = app.supplier_emissions(inputs, 2021).table.set_index("supplier_id")["status"]
    assert all(status[i] == "asked" for i in ids)
    assert pack.settings.status_file in written
    # the status of a request once answered is not set back to asked by a second request
    app.set_supplier_status(inputs, "2990037-9", 2021, "declined")
    app.write_requests(app.request_pack(inputs, 2021, supplier_ids=ids), tmp_path / "out")
    assert app.supplier_emissions(inputs, 2021).table.set_index("supplier_id")[
        "status"]["2990037-9"] == "declined"


def test_an_import_turns_reception_lines_supplier_specific(example_copy):
    inputs = app.load(example_copy)
    before = app.footprint(inputs, 2021, draws=0)
    base_2018 = inputs.inventory(2018).total
    old_kg = {s: _kg(inputs, 2021, s) for s in ("2990037-9", "2990075-8")}
    answers = example_copy.parent / "suppliers" / ANSWERS.name
    r = app.import_answers(inputs, [answers])
    app.write_supplier_import(r, example_copy)
    after_inputs = app.load(example_copy)
    after = app.footprint(after_inputs, 2021, draws=0)
    # supplier 1: 410 tCO2e allocated; supplier 2: 6.5 kg/night x 52 000 nights; ICT 17: 0.09 kg/EUR
    ict = after_inputs.inventory(2021).spend_rows
    ict_rows = ict[(supplier_key(ict) == "2992628-8").to_numpy()
                   & (ict["status"].astype(str) == "counted").to_numpy()]
    expected = (410_000 - old_kg["2990037-9"]) + (6.5 * 52_000 - old_kg["2990075-8"]) \
        + (0.09 * ict_rows["amount_eur"].sum() - _kg(inputs, 2021, "2992628-8"))
    assert after.total - before.total == pytest.approx(expected / 1000, rel=1e-9)
    assert sum(r.change_tco2e.values()) == pytest.approx(expected / 1000, rel=1e-9)
    mine = ict[(supplier_key(ict) == "2990037-9").to_numpy()]
    assert set(mine["quality"].astype(str)) == {"supplier-specific"}
    assert set(mine["source_group"].astype(str)) == {"reception_services"}
    share = lambda fp: float(fp.quality.set_index("quality").loc["supplier-specific",  # noqa: E731
                                                                 "tco2e_share_pct"])
    assert share(before) == 0 and share(after) > 0
    primary = lambda inp: next(r["value"] for r in app.disclosure(inp, 2021, "en").records  # noqa: E731
                               if "suppliers' own data" in r["label"])
    assert float(primary(inputs)) == 0
    assert float(primary(after_inputs)) == pytest.approx(
        100 * (after.inventory.table.query("method == 'supplier-specific'")["tco2e"].sum())
        / after.inventory.scope_totals().loc[3, "tco2e"], abs=0.05)   # shown with one decimal
    # the years before the answer keep the spend-based factor
    assert after_inputs.inventory(2018).total == pytest.approx(base_2018)
    tr = app.trace(after_inputs, 2021, source_group="reception_services")
    assert "supplier_2990037_9_2021" in set(tr.factors["factor_id"])
    status = app.supplier_emissions(after_inputs, 2021).table.set_index("supplier_id")["status"]
    assert status["2990037-9"] == "accepted"
    # importing the same answers again changes nothing
    files = {p: p.read_bytes() for p in (r.factor_file, r.mapping_file, r.settings.status_file)}
    again = app.import_answers(after_inputs, [answers])
    assert set(again.rules.values()) == {"unchanged"}
    app.write_supplier_import(again, example_copy)
    assert {p: p.read_bytes() for p in files} == files


def test_an_implausible_answer_is_imported_for_review(example_copy, tmp_path):
    inputs = app.load(example_copy)
    spend_based = _kg(inputs, 2021, "2990037-9") / 1000
    path = tmp_path / "answer.csv"
    path.write_text(f"{HEADER}\n2990037-9,X,2021,{50 * spend_based:.3f},revenue,,,,,"
                    "\"1,2,3\",all,yes,V,doc,c\n", encoding="utf-8")
    r = app.import_answers(inputs, [path])
    (note,) = [n for n in r.notes if n.code == "supplier_answer_ratio"]
    assert (note.file, note.row, note.column) == (str(path), 2, "allocated_tco2e")
    assert float(note.params["ratio"]) == pytest.approx(50, rel=1e-3)
    assert r.statuses[("2990037-9", 2021)] == "answered"


def test_the_supplier_factor_lever_takes_an_answers_own_intensity(example_copy, tmp_path):
    inputs = app.load(example_copy)
    answers = example_copy.parent / "suppliers" / ANSWERS.name
    app.write_supplier_import(app.import_answers(inputs, [answers]), example_copy)
    inputs = app.load(example_copy)
    f = inputs.factors["supplier_2990075_8_2021_per_unit"]   # the answer: 6.5 kgCO2e/night
    assert (f.unit, f.value_for(2024), f.method) == ("kgCO2e/night", 6.5, "supplier-specific")
    doc = ("name: {fi: Oma, en: Own}\nlevers:\n  - lever: supplier_factor\n"
           "    factor: supplier_2990075_8_2021_per_unit\n    share: {2024: 100}\n"
           "    years: 2024-2035\n")
    path = tmp_path / "own.yaml"
    path.write_text(doc, encoding="utf-8")
    yearly = app.run_scenario(inputs, path, draws=0).result.yearly.set_index("year")["tco2e"]
    night = inputs.factors["migri_reception_night"].value_for(2022)
    reception = float(inputs.inventory(2022).by("source_group")["reception_services"])
    assert yearly[2023] - yearly[2024] == pytest.approx(reception * (1 - 6.5 / night), rel=1e-6)


def test_a_changed_answer_in_a_frozen_year_is_reported_as_a_factor_change(example_copy, tmp_path):
    inputs = app.load(example_copy)
    answers = example_copy.parent / "suppliers" / ANSWERS.name
    app.write_supplier_import(app.import_answers(inputs, [answers]), example_copy)
    app.write_freeze(app.freeze_year(app.load(example_copy), 2021))
    changed = tmp_path / "changed.csv"
    changed.write_text(answers.read_text(encoding="utf-8").replace(",410,", ",300,"),
                       encoding="utf-8")
    inputs = app.load(example_copy)
    app.write_supplier_import(app.import_answers(inputs, [changed]), example_copy)
    (cmp,) = app.check_frozen(app.load(example_copy), [2021])
    row = cmp.factors.set_index("factor_id").loc["supplier_2990037_9_2021"]
    assert row["frozen"] == pytest.approx(410.0) and row["now"] == pytest.approx(300.0)
    assert cmp.total_now - cmp.total_frozen == pytest.approx(-110.0)
