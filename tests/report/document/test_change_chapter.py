"""The carbon chapter's change from the base year (waterfall and table): its numbers are those
of `build.py change --json` (one number, one story), in every language."""
from __future__ import annotations

import json
import math
import re

import pytest
from click.testing import CliRunner

from build import cli
from carbon.numbers import format_number
from report import pipeline
from report.render.charts import chart_specs, drawn

from tests.report.conftest import EXAMPLE_ORG, YEAR


@pytest.fixture(scope="module")
def cli_change(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("change")
    result = CliRunner().invoke(cli, ["change", "--from", "2018", "--to", str(YEAR), "--json",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def html_of(parts) -> str:
    sources, results, _ = parts
    specs = chart_specs(results, sources.strings, sources.lang)
    return pipeline.stage_templates(sources, results, drawn(specs, None))[1]


def test_the_waterfall_is_the_commands_decomposition(parts, cli_change):
    sources, results, _ = parts
    spec = chart_specs(results, sources.strings, sources.lang)["change"]
    data = spec.data
    assert data["from_total"] == pytest.approx(cli_change["from_tco2e"], abs=1e-9)
    assert data["to_total"] == pytest.approx(cli_change["to_tco2e"], abs=1e-9)
    expected = [*cli_change["effects_tco2e"].values(), cli_change["residual_tco2e"]]
    assert data["values"] == pytest.approx(expected, abs=1e-9)
    # the waterfall ends where it should: start plus the steps is the report year's total
    assert data["from_total"] + math.fsum(data["values"]) == pytest.approx(data["to_total"])
    assert results.change.decomposition.technique == cli_change["technique"]


def test_the_chapter_shows_the_waterfall_and_its_table_with_the_commands_numbers(parts,
                                                                                 cli_change):
    sources, results, _ = parts
    html = html_of(parts)
    chapter = html[html.index('id="kuva-3"') - 2000:]
    assert 'class="data change"' in chapter
    table = chapter[chapter.index('class="data change"'):chapter.index("</table>",
                                                                      chapter.index('class="data change"'))]
    volume = format_number(cli_change["effects_tco2e"]["volume"], 1, "fi")
    assert volume in table and volume in chapter[:chapter.index('class="data change"')]
    for group in cli_change["groups"]:
        assert format_number(group["effects_tco2e"]["volume"], 1, "fi") in table
    rows = re.findall(r"<tr><th scope=\"row\">", table)
    assert len(rows) == len(cli_change["groups"]) + 1      # the groups and the total
    assert spec_alt(parts) in html


def spec_alt(parts) -> str:
    sources, results, _ = parts
    return chart_specs(results, sources.strings, sources.lang)["change"].alt.split(";")[0]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_translated_chapters_show_the_change_too(lang, cli_change):
    sources = pipeline.load_sources(EXAMPLE_ORG, lang=lang)
    results = pipeline.stage_calculate(sources, YEAR)
    specs = chart_specs(results, sources.strings, lang)
    html = pipeline.stage_templates(sources, results, drawn(specs, None))[1]
    assert 'class="data change"' in html
    assert format_number(cli_change["effects_tco2e"]["volume"], 1, lang) in html
    assert sources.strings["carbon"]["change"]["effects"]["volume"] in specs["change"].alt


def test_a_report_of_the_base_year_has_no_change_to_show(parts):
    sources, _, _ = parts
    results = pipeline.stage_calculate(sources, 2018)
    assert results.change is None
    assert "change" not in chart_specs(results, sources.strings, sources.lang)
    html = pipeline.stage_templates(sources, results,
                                    drawn(chart_specs(results, sources.strings, sources.lang),
                                          None))[1]
    assert 'class="data change"' not in html
