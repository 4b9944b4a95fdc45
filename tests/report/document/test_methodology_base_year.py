"""The methodology box says what became of the base year: unchanged, recalculated, or not
comparable; the carbon chapter's figures use the recalculated base year when it is needed."""
from __future__ import annotations

import pytest

from report.document.carbon_results import calculate
from report.document.i18n import load_strings
from report.document.methodology import methodology_items


def _section(results, lang):
    strings = load_strings(lang)
    items = methodology_items(results.methodology, strings, lang, lambda g: g)
    title = strings["carbon"]["methodology"]["base_year"]
    return next(s for s in items if s["title"] == title)["items"][0]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_unchanged_method_says_so(example_inputs, lang):
    results = calculate(example_inputs, 2021, lang)
    text = _section(results, lang)
    assert "2018" in text and "5" in text
    assert results.base_total == pytest.approx(example_inputs.inventory(2018).total)


def test_changed_method_recalculates_the_chapter_base_year(example_inputs):
    results = calculate(example_inputs, 2022, "en")
    check = example_inputs.base_check(2022)
    assert check.needed
    assert results.base_total == pytest.approx(check.recalculated_total)
    assert results.totals.loc[2018] == pytest.approx(check.recalculated_total)
    text = _section(results, "en")
    assert "recalculated" in text and "exceeds" in text
    expected = results.targets["target_total"].iloc[0]
    reduction = results.targets["reduction_pct"].iloc[0]
    assert expected == pytest.approx(check.recalculated_total * (1 - reduction / 100))
