"""Fault cases for suppliers' answers and settings (issue 27), on broken copies of the example
made with tests/faults/corpus.py: each bad answer stops `suppliers import` with one message
naming the file, row and column and writes nothing; an implausible one is imported with a
review note."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.faults.corpus import ORG, Case, make_copy, set_cell, setting

ANSWERS = "suppliers/answers_2021_illustrative.csv"
IMPORT = ("suppliers", "import", "@" + ANSWERS)
WHERE = "examples/migri/" + ANSWERS

CASES = [
    Case("answer_unit_mismatch", (set_cell(ANSWERS, 3, "quantity_unit", "kWh"),), IMPORT,
         WHERE, 3, "quantity_unit"),
    Case("answer_unit_unknown", (set_cell(ANSWERS, 4, "intensity_unit", "kgCO2e/banana"),),
         IMPORT, WHERE, 4, "intensity_unit"),
    Case("answer_year_out_of_range", (set_cell(ANSWERS, 2, "year", "2031"),), IMPORT, WHERE, 2,
         "year"),
    Case("answer_scope_2_missing", (set_cell(ANSWERS, 2, "scopes", "1+3"),), IMPORT, WHERE, 2,
         "scopes"),
    Case("answer_unknown_business_id", (set_cell(ANSWERS, 4, "supplier_id", "0000000-0"),),
         IMPORT, WHERE, 4, "supplier_id"),
    Case("answer_not_a_number", (set_cell(ANSWERS, 2, "allocated_tco2e", "paljon"),), IMPORT,
         WHERE, 2, "allocated_tco2e"),
    Case("supplier_language_unknown", (setting("suppliers.languages", {"2990075-8": "de"}),),
         ("suppliers", "--year", "2021"), "examples/migri/" + ORG,
         key="suppliers.languages.2990075-8"),
]


def _run(case: Case, root: Path):
    from build import cli
    org = root / "examples" / "migri" / ORG
    args = [a.replace("@", str(org.parent) + "/") if a.startswith("@") else a
            for a in case.command]
    return CliRunner().invoke(cli, [*args, "--org", str(org), "--lang", "en"])


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_bad_answer_or_setting_names_file_row_and_column(case: Case, tmp_path: Path):
    root = make_copy(tmp_path)
    base = root / "examples" / "migri"
    for edit in case.edits:
        edit(base)
    mapping = (base / "mapping.csv").read_bytes()
    result = _run(case, root)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    message = lines[0]
    assert str((root / case.file).resolve()) in message or str(root / case.file) in message
    if case.row is not None:
        assert f", row {case.row}" in message, message
    if case.column is not None:
        assert f"column '{case.column}'" in message, message
    if case.key is not None:
        assert f"key '{case.key}'" in message, message
    assert (base / "mapping.csv").read_bytes() == mapping
    assert not (base / "factors" / "supplier_answers.yaml").exists()


def test_a_fifty_times_answer_is_imported_for_review(tmp_path: Path, example_inputs):
    root = make_copy(tmp_path)
    base = root / "examples" / "migri"
    rows = example_inputs.inventory(2021).spend_rows
    spend_based = float(rows.loc[(rows["supplier_id"].astype(str) == "2990037-9")
                                 & (rows["status"].astype(str) == "counted"), "kgco2e"].sum())
    set_cell(ANSWERS, 2, "allocated_tco2e", f"{50 * spend_based / 1000:.3f}")(base)
    result = _run(Case("fifty", (), IMPORT), root)
    assert result.exit_code == 0, result.output
    note = next(line for line in result.output.splitlines() if "beyond 10×" in line)
    assert f"{ANSWERS.split('/')[1]}, row 2, column 'allocated_tco2e'" in note
    assert "50×" in note
    assert "answered (to review)" in result.output
