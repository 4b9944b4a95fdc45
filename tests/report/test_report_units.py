"""The report's building blocks one by one: chapters and front matter, template checks, the
commitment view, wording helpers, interface strings and the integration point."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from carbon.errors import InputError, VastuuError
from report.document.carbon_results import template_variables, variables_skeleton
from report.document.chapters import load_chapters, parse_chapter
from report.publishing.indicators.commitment import commitment_view, read_commitment, year_span
from report.document.context import add_integrations, file_stem
from report.document.i18n import key_paths, languages, load_strings
from report.render.html import display_value
from report.document.text import join_words, mid_sentence
from sdg.goals import load_goals

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content" / "migri"
FRONT = ('---\nid: test\ntitle: Testi\norder: 1\nsdg_goals: [13]\nsdg_targets: ["13.2"]\n'
         'kind: chapter\n---\n\nTeksti.\n')


@pytest.fixture(scope="module")
def goals():
    return load_goals()


def test_example_content_loads_sorted_by_order(goals):
    chapters = load_chapters(CONTENT, goals)
    assert [c.order for c in chapters] == sorted(c.order for c in chapters)
    assert [c.kind for c in chapters].count("carbon") == 1
    assert [c.kind for c in chapters].count("commitment") == 1
    carbon = next(c for c in chapters if c.kind == "carbon")
    assert CONTENT.joinpath(carbon.file.name).read_text(encoding="utf-8") \
        .splitlines()[carbon.body_line - 1] == carbon.body.splitlines()[0]


def test_chapter_parses_and_body_line_is_counted(goals):
    ch = parse_chapter(Path("x.md"), FRONT, goals)
    assert (ch.id, ch.title, ch.sdg_targets, ch.body_line) == ("test", "Testi", ("13.2",), 9)


@pytest.mark.parametrize("old, new, where", [
    ("order: 1", "order: [1", "row"),          # broken YAML: the line is known
    ("order: 1", "order: first", "order"),
    ("kind: chapter", "kind: essay", "kind"),
    ("id: test\n", "", "id"),
    ("kind: chapter", "kind: chapter\nauthor: x", "author"),
    ('["13.2"]', "[13.2]", "sdg_targets"),
])
def test_bad_front_matter_names_the_problem(goals, old, new, where):
    with pytest.raises(InputError) as err:
        parse_chapter(Path("x.md"), FRONT.replace(old, new), goals)
    assert err.value.file == "x.md"
    assert where == "row" and err.value.row == 5 or where in str(err.value)


def test_front_matter_yaml_error_line_is_the_file_line(goals):
    with pytest.raises(InputError) as err:
        parse_chapter(Path("x.md"), FRONT.replace("title: Testi", "title: [Testi"), goals)
    assert err.value.row in (3, 4)


def test_skeleton_has_the_shape_of_the_real_variables(parts):
    _, results, _ = parts
    real = template_variables(results, "Org")
    skeleton = variables_skeleton("Org", 2021, results.base_year, len(results.targets))

    def shape(value):
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items()}
        if isinstance(value, list):
            return [shape(v) for v in value]
        return type(value).__name__ if not isinstance(value, (int, float)) else "number"
    assert shape(real) == shape(skeleton)


def test_variables_follow_the_contract(parts):
    _, results, _ = parts
    v = template_variables(results, "Org")["carbon"]
    assert v["reduction_tco2e"] == pytest.approx(v["base_total"] - v["year_total"])
    assert v["reduction_pct"] == pytest.approx(100 * v["reduction_tco2e"] / v["base_total"])
    assert [t["year"] for t in v["targets"]] == sorted(t["year"] for t in v["targets"])
    assert set(v["scope_totals"]) == {1, 2, 3}
    assert sum(v["scope_totals"].values()) == pytest.approx(v["year_total"])
    assert v["largest_source"]["name"][0].islower()


def test_commitment_view_groups_actions_under_sub_goals():
    path = CONTENT / "commitment.yaml"
    view = commitment_view(read_commitment(path), path, "fi")
    carbon = next(c for c in view["commitments"] if c["id"] == "carbon_neutral")
    assert [len(s["actions"]) for s in carbon["sub_goals"]] == [1, 2, 4]
    assert view["period"] == "2023–2027"
    with pytest.raises(InputError, match="sub_goal"):
        commitment_view({"commitments": [{"id": "a", "title": {"fi": "A"}, "actions": [
            {"text": {"fi": "t"}, "sub_goal": "nope"}]}]}, path, "fi")


def test_wording_helpers():
    assert mid_sentence("Sisäministeriön sitoumus (raportti 2021, luku 8)") == "sisäministeriön sitoumus"
    assert mid_sentence("ICT-palvelut") == "ICT-palvelut"
    assert mid_sentence("Ostoenergia (sähkö)", keep_parenthesis=True) == "ostoenergia (sähkö)"
    assert join_words(["1", "2", "3"], "ja") == "1, 2 ja 3"
    assert year_span([2024, 2023]) == "2023–2024" and year_span([2023, 2025]) == "2023, 2025"
    assert file_stem("Vastuullisuusraportti", 2021) == "vastuullisuusraportti_2021"
    assert file_stem("Ansvarsrapport för år", 2021) == "ansvarsrapport_for_ar_2021"
    assert display_value(1234.56, "fi") == "1\u202f234,6" and display_value(None, "fi") == "–"


def test_every_language_has_the_same_strings():
    keys = {lang: key_paths(load_strings(lang)) for lang in languages()}
    assert {"fi", "sv", "en"} <= set(keys)
    assert all(k == keys["fi"] for k in keys.values())
    with pytest.raises(InputError):
        load_strings("xx")


def test_integrations_render_indicator_and_disclosure_tables(parts):
    from report import pipeline
    sources, results, charts = parts
    indicators = pd.DataFrame([{
        "id": "carbon_footprint_total", "name": "Hiilijalanjälki yhteensä", "unit": "tCO2e",
        "latest_year": 2021, "latest_value": 22193.4, "baseline": 38269.5, "target": 19134.7,
        "trend": "improving", "status": "on_track"}])
    disclosure = [{"code": "305-1", "label": "Suorat päästöt (scope 1)", "value": 47.4,
                   "unit": "tCO2e", "note": None}]
    _, html = pipeline.stage_templates(sources, results, charts, indicators, disclosure)
    assert "GRI 305 / ESRS E1-6 -hakemisto" in html and "305-1" in html
    # a 2021 report, before the 2023–2027 commitment's follow-up starts: the indicators are
    # named with the year their follow-up starts, not a table of missing values
    assert "Hiilijalanjälki yhteensä" in html and "seuranta alkaa vuonna 2023" in html
    assert "paranee" not in html
    numbers = [int(n) for n in re.findall(r'class="label">Taulukko (\d+)\.', html)]
    assert numbers == list(range(1, len(numbers) + 1))        # numbering continues
    assert html.count('href="#disclosure"') == 1             # in the table of contents
    _, plain = pipeline.stage_templates(sources, results, charts)
    assert "GRI 305" not in plain and 'class="data fixed indicators"' not in plain
    # without the integrations: no disclosure table (the commitment's table is not shown in
    # 2021 either way: its follow-up starts in 2023)
    assert len(re.findall(r'class="label">Taulukko \d+\.', plain)) == len(numbers) - 1
    with pytest.raises(VastuuError):
        add_integrations({}, indicators=[{"name": "no id"}])


@pytest.mark.parametrize("reduction, expected, not_expected", [
    (1000.0, "on pienentynyt", "on kasvanut"), (-1000.0, "on kasvanut", "on pienentynyt")])
def test_carbon_chapter_wording_follows_the_data(goals, reduction, expected, not_expected):
    from report.render.html import number_filters, render_template_body
    chapter = next(c for c in load_chapters(CONTENT, goals) if c.kind == "carbon")
    variables = variables_skeleton("Virasto", 2021, 2018, 3)
    variables["carbon"]["reduction_tco2e"] = reduction
    variables["carbon"]["largest_source"]["previous_tco2e"] = None
    markers = {k: (lambda name: "") for k in ("figure", "table", "box")}
    text = render_template_body(chapter, variables | {"facts": {}}, markers,
                                number_filters("fi", "tCO2e"))
    assert expected in text and not_expected not in text
