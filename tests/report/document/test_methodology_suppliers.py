"""The methodology appendix after suppliers' answers are imported: the supplier-specific method with
its share, each answering supplier among the factor sources, the quality table's row."""
from __future__ import annotations

import pytest

import app
from report.document.methodology import methodology_facts


def test_the_box_shows_the_suppliers_answers(example_copy):
    inputs = app.load(example_copy)
    answers = example_copy.parent / "suppliers" / "answers_2021_illustrative.csv"
    app.write_supplier_import(app.import_answers(inputs, [answers]), example_copy)
    inputs = app.load(example_copy)
    inv = inputs.inventory(2021)
    facts = methodology_facts(inv, inputs.factors, inputs.org.coverage, inputs.org.exclusions)
    methods = {m["method"]: m for m in facts["methods"]}
    own = float(inv.table.loc[inv.table["method"] == "supplier-specific", "tco2e"].sum())
    assert methods["supplier-specific"]["tco2e"] == pytest.approx(own) and own > 0
    publishers = set(facts["sources"]["publisher"])
    assert "Esimerkki Vastaanottopalvelut 1 Oy (2990037-9)" in publishers
    titles = set(facts["sources"]["title"])
    assert "Supplier answer answers_2021_illustrative.csv, row 2" in titles
    quality = facts["quality"].set_index("quality")
    assert quality.loc["supplier-specific", "tco2e"] == pytest.approx(own)
