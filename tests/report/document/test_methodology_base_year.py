"""The methodology appendix says what became of the base year: unchanged, recalculated, or not
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
    assert "2018" in text and "38" in text
    assert results.base_total == pytest.approx(example_inputs.inventory(2018).total)
    from report.document.baseline import policy_sentence
    assert text == policy_sentence(example_inputs.baseline(2021), example_inputs, lang)


def test_changed_method_recalculates_the_chapter_base_year(recalculating_inputs):
    inputs = recalculating_inputs
    results = calculate(inputs, 2022, "en")
    check = inputs.base_check(2022)
    assert check.needed
    assert results.base_total == pytest.approx(check.recalculated_total)
    assert results.totals.loc[2018] == pytest.approx(check.recalculated_total)
    text = _section(results, "en")
    assert "recalculated base year" in text and "above the threshold" in text
    expected = results.targets["target_total"].iloc[0]
    reduction = results.targets["reduction_pct"].iloc[0]
    assert expected == pytest.approx(check.recalculated_total * (1 - reduction / 100))
    # every earlier year of the chapter's series is on the 2022 method
    b = inputs.baseline(2022)
    for f in b.series:
        assert results.totals.loc[f.year] == pytest.approx(b.totals[f.year])
        assert f.method == b.method


def test_the_2022_chapter_reconciles_the_restated_years(example_inputs):
    """The 2022 report's methodology appendix has the reconciliation table: 2021 as published and
    restated on the per-night method (GHG Protocol ch. 5)."""
    results = calculate(example_inputs, 2022, "en")
    strings = load_strings("en")
    items = methodology_items(results.methodology, strings, "en", lambda g: g)
    section = next(s for s in items if s["title"] == strings["carbon"]["methodology"]["base_year"])
    rows = {r[0]: r for r in section["table"]["rows"]}
    assert set(rows) == {"2018", "2019", "2020", "2021"}
    assert "22,193.4" in rows["2021"][1] and "published" in rows["2021"][1]
    restated = example_inputs.baseline(2022).totals[2021]
    assert f"{restated:,.1f}" in rows["2021"][2]
    assert results.totals.loc[2021] == pytest.approx(restated)
