"""The key-figures spread (issue 22, point 1): right after the contents, within the first four
pages, each figure computed from the same results as the chapters; and the report's name by
the state's guidance of the year (kestävyysraportti from 2024)."""
from __future__ import annotations

import pytest

from carbon.numbers import format_number, format_pct
from report.document.context import default_title
from report.document.i18n import load_strings
from report.document.key_figures import indicator_counts, key_figures, measured_share_pct

from tests.report.conftest import normalise


def test_the_spread_is_within_the_first_four_pages(pdf):
    pages = [normalise(p.extract_text()) for p in pdf.pages[:4]]
    spread = next(i for i, text in enumerate(pages) if "Vuosi lyhyesti 2021" in text)
    assert spread <= 3
    assert "Suurin päästölähde" in pages[spread] and "Mitatusta tiedosta" in pages[spread]


def test_the_figures_come_from_the_results(parts):
    sources, results, _ = parts
    figures = key_figures(results, [], [], load_strings("fi"), "fi")
    total = figures[0]
    assert total["value"] == f"{format_number(results.year_total, 0, 'fi')} tCO2e"
    change = 100 * (1 - results.year_total / results.base_total)
    assert format_pct(change, 0, "fi") in total["sentence"]
    inv = results.inventory
    measured = (inv.activity_rows.loc[inv.activity_rows["status"] == "counted", "kgco2e"].sum()
                + inv.spend_rows.loc[inv.spend_rows["quality"] == "supplier-specific", "kgco2e"].sum())
    assert measured_share_pct(results) == pytest.approx(100 * measured / 1000 / results.year_total,
                                                        abs=0.01)
    top = results.by_source.iloc[0]
    assert figures[1]["value"] == format_pct(float(top["share_pct"]), 0, "fi")


@pytest.mark.parametrize("statuses, expected", [
    (["met", "on_track", "off_track", "no_data", "no_target"], (2, 3)),
    (["no_data", "no_baseline"], (0, 0)),
    (["not_met", "met"], (1, 2))])
def test_indicators_are_counted_only_when_judged(statuses, expected):
    assert indicator_counts([{"status": s} for s in statuses]) == expected


@pytest.mark.parametrize("lang, old, new", [("fi", "Vastuullisuusraportti", "Kestävyysraportti"),
                                            ("sv", "Ansvarsrapport", "Hållbarhetsrapport"),
                                            ("en", "Responsibility report", "Sustainability report")])
def test_the_name_follows_the_guidance_of_the_year(lang, old, new):
    strings = load_strings(lang)
    assert default_title(strings, 2023) == old
    assert default_title(strings, 2024) == new


def test_no_wall_of_gaps_outside_the_appendix(pdf):
    """Outside the appendices at most a handful of 'missing' marks (issue 22, point 2): theme
    chapters show the indicators with a value and name the others once per reason."""
    from report.publishing.indicators.data import labels
    mark = labels()["status"]["no_data"]["fi"]
    pages = [normalise(p.extract_text()) for p in pdf.pages]
    first_appendix = next(i for i, t in enumerate(pages) if t.lstrip().startswith("Liite 1")
                          or " Liite 1: " in t and i > 3)
    before = " ".join(pages[:first_appendix])
    assert before.count(mark) <= 5
    assert " ".join(pages[first_appendix:]).count(mark) > 5  # the appendix keeps them all
