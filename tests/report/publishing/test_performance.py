"""The performance agreement's indicators: the same model and status as the commitment's (met,
on/off track, missing with its reason), the link from a theme chapter to its indicators, the
appendix, the command and its CSV, and bad input named by file and key."""
from __future__ import annotations

import re

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from build import cli
from carbon.errors import InputError
from carbon.readers.inputs import load_inputs
from carbon.readers.settings import load_organisation
from report.document.facts import load_facts
from report.publishing.indicators.data import Target, YearValue, labels, load_indicators
from report.publishing.indicators.resolve import indicator_records, indicator_table, status_of

LANGS = ("fi", "sv", "en")

#: A small agreement: one indicator that meets its target, one behind it, one without a value.
AGREEMENT = {
    "title": {"fi": "Testisopimus", "sv": "Testavtal", "en": "Test agreement"},
    "period": [2021, 2023],
    "strategic_goals": [{"id": "g1", "number": 1, "ministry": {"fi": "M", "sv": "M", "en": "M"},
                         "title": {"fi": "Tavoite", "sv": "Mål", "en": "Goal"}}],
    "themes": [{"id": tid, "number": n, "title": {"fi": f"T{n}", "sv": f"T{n}", "en": f"T{n}"},
                "sdg_targets": []}
               for n, tid in enumerate(["vital_finland", "safe_society", "equality",
                                        "carbon_neutral"], start=1)],
    "targets": [{"id": "t1", "number": "1", "strategic_goals": ["g1"],
                 "title": {"fi": "Nopeus", "sv": "Snabbhet", "en": "Speed"},
                 "indicators": ["fast", "slow", "unknown"]}],
    "indicators": [
        {"id": "fast", "code": "1.1", "unit": "month", "direction": "down",
         "name": {"fi": "Nopea", "sv": "Snabb", "en": "Fast"}, "definition": "d",
         "targets": [{"year": 2021, "value": 3, "source": "s"}],
         "values": [{"year": 2021, "value": 2.5, "source": "julkaistu"}],
         "themes": ["vital_finland"], "sdg_targets": ["10.7"]},
        {"id": "slow", "code": "1.2", "unit": "month", "direction": "down",
         "name": {"fi": "Hidas", "sv": "Långsam", "en": "Slow"}, "definition": "d",
         "targets": [{"year": 2021, "value": 3, "source": "s"},
                     {"year": 2023, "value": 1, "source": "s"}],
         "values": [{"year": 2021, "value": 4, "source": "julkaistu"}],
         "themes": ["vital_finland"]},
        {"id": "unknown", "code": "1.3", "unit": "percent", "direction": "down",
         "name": {"fi": "Tuntematon", "sv": "Okänd", "en": "Unknown"}, "definition": "d",
         "threshold": {"value": 3, "strict": True, "source": "s"},
         "missing_reason": {"fi": "Ei julkaistu.", "sv": "Inte publicerat.",
                            "en": "Not published."},
         "themes": ["safe_society"]},
    ],
}


def write_agreement(org_file, doc=AGREEMENT):
    path = org_file.parent / "performance_test.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    settings = yaml.safe_load(org_file.read_text(encoding="utf-8"))
    settings["performance"] = {"file": str(path)}
    org_file.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    return path


def records(org_file, year=2021, lang="fi"):
    inputs = load_inputs(load_organisation(org_file))
    return {r["id"]: r for r in indicator_records(inputs, None, year, lang, "performance")}


# --------------------------------------------------------------------------- status


def test_met_off_track_and_missing(example_copy):
    write_agreement(example_copy)
    recs = records(example_copy)
    assert recs["fast"]["status"] == "met"
    assert recs["slow"]["status"] == "off_track"          # a later target remains
    assert recs["unknown"]["status"] == "no_data"
    assert recs["unknown"]["missing"] and recs["unknown"]["missing_reason"] == "Ei julkaistu."
    assert recs["fast"]["missing_reason"] == "" and recs["fast"]["source"] == "julkaistu"
    assert recs["fast"]["status_label"] == labels()["status"]["met"]["fi"]
    assert recs["unknown"]["target"].startswith("<")          # "under 3 %", strict
    sv = records(example_copy, lang="sv")
    assert sv["unknown"]["missing_reason"] == "Inte publicerat."
    assert sv["slow"]["status_label"] == labels()["status"]["off_track"]["sv"]


def test_the_targets_year_decides(example_copy):
    doc = yaml.safe_load(yaml.safe_dump(AGREEMENT))
    slow = next(i for i in doc["indicators"] if i["id"] == "slow")
    slow["values"] = [{"year": 2021, "value": 2, "source": "a"},
                      {"year": 2022, "value": 1.5, "source": "b"},
                      {"year": 2023, "value": 1.2, "source": "c"}]
    write_agreement(example_copy, doc)
    assert records(example_copy, 2021)["slow"]["status"] == "met"
    # 2022 has no target of its own: judged on the straight line from 2021's to 2023's
    path_2022 = 3 + (1 - 3) * (2022 - 2021) / (2023 - 2021)
    expected = "on_track" if 1.5 <= path_2022 else "off_track"
    assert records(example_copy, 2022)["slow"]["status"] == expected
    assert records(example_copy, 2023)["slow"]["status"] == "not_met"   # the last target
    assert records(example_copy, 2023)["slow"]["trend"] == "improving"


@pytest.mark.parametrize("direction, targets, value, year, expected", [
    ("down", [(2021, 3, False)], 3.0, 2021, "met"),
    ("down", [(2021, 3, True)], 3.0, 2021, "not_met"),               # "under 3": 3 is not under
    ("down", [(2021, 3, True), (2022, 3, True)], 3.0, 2021, "off_track"),
    ("up", [(2023, 100, False)], 90.0, 2023, "not_met"),
    ("up", [], 90.0, 2023, "no_target"),
    ("up", [(2025, 100, False)], 40.0, 2022, "no_baseline"),
])
def test_status_of(direction, targets, value, year, expected):
    ts = tuple(Target(y, v, "", strict) for y, v, strict in targets)
    assert status_of(direction, 2020, None, ts, YearValue(year, value, "s")) == expected


# --------------------------------------------------------------------------- the example


def test_example_agreement_is_data_with_links(example_inputs):
    iset = load_indicators(example_inputs.org, "performance")
    assert iset.kind == "performance" and iset.agreement.period == (2021, 2025)
    listed = [i for t in iset.agreement.targets for i in t.get("indicators") or []]
    assert sorted(listed) == sorted(i.id for i in iset.indicators)
    for ind in iset.indicators:
        assert all(ind.name.get(lg) for lg in LANGS), ind.id
    themes = {t["id"] for t in iset.agreement.themes}
    assert {t for i in iset.indicators for t in i.themes} <= themes


def test_example_values_only_where_published(example_inputs):
    """Every entered value names its source; the one survey figure equals the fact the
    chapter cites, so the two files cannot drift apart."""
    org = example_inputs.org
    iset = load_indicators(org, "performance")
    entered = {i.id: i.values for i in iset.indicators if i.values}
    assert all(v.source for vs in entered.values() for v in vs)
    facts = load_facts(org.path(org.raw["report"]["content"]))
    survey = {v.year: v.value for v in iset["customer_equal_service"].values}
    for fact in facts.values():
        if fact.id.startswith("customer_equal_service"):
            assert survey[fact.year] == pytest.approx(fact.value)


def test_example_carbon_indicator_is_computed(example_inputs):
    table = indicator_table(example_inputs, None, 2021, "fi", "performance").set_index("id")
    row = table.loc["carbon_reduction_branch_target"]
    base, total = example_inputs.inventory(2018).total, example_inputs.inventory(2021).total
    assert row["latest_value"] == pytest.approx(100 * (base - total) / base)
    goal = next(t for t in example_inputs.org.targets if t.year == 2023)
    assert row["target"] == goal.reduction_pct and row["target_year"] == 2023
    assert (table["set"] == "performance").all()
    no_value = table[table["latest_value"].isna()]
    assert (no_value["status"] == "no_data").all() and (no_value["missing_reason"] != "").all()


# --------------------------------------------------------------------------- the report


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    end = html.find("<section", start + 1)
    return html[start:end if end > 0 else len(html)]


@pytest.fixture(scope="module")
def example_html():
    from report import pipeline
    from tests.report.conftest import EXAMPLE_ORG
    sources = pipeline.load_sources(EXAMPLE_ORG)
    results = pipeline.stage_calculate(sources, 2021)
    context, html = pipeline.stage_templates(sources, results, pipeline.stage_charts(sources, results))
    return sources, context, html


def test_theme_chapter_shows_its_indicators(example_html):
    """A theme chapter's table has the theme's indicators with a value for the year; the others
    are named in one line per reason (the appendix has them all), with no wall of gaps."""
    sources, context, html = example_html
    view = context["performance"]
    themed = [ch for ch in sources.chapters if ch.performance_theme]
    assert themed, "the example's theme chapters name their themes"
    tables = 0
    for ch in themed:
        section = _section(html, ch.id)
        theme = view["themes"][ch.performance_theme]
        linked = theme["records"]
        with_value = [r for r in linked if not r["missing"]]
        assert with_value == theme["shown"]
        others = [r for r in view["records"] if r not in linked]
        assert labels()["status"]["no_data"]["fi"] not in section
        for r in linked:
            if r["missing"]:
                assert (r["code"] or r["name"]) in section
        if not with_value:
            assert 'class="data fixed performance"' not in section
            continue
        tables += 1
        table = section.split('class="data fixed performance"')[1].split("</table>")[0]
        shown = re.findall(r'<th scope="row">([^<]+)</th>', table)
        assert [r["name"] for r in with_value] == shown
        assert not any(r["name"] in shown for r in others)
    assert tables, "some theme has an indicator with a value"


def test_appendix_lists_every_target_with_status(example_html):
    _, context, html = example_html
    appendix = _section(html, "performance")
    view = context["performance"]
    for t in view["targets"]:
        assert t["title"] in appendix
    for r in view["records"]:
        assert r["name"] in appendix
    assert appendix.count(f'<td>{labels()["status"]["no_data"]["fi"]}</td>') == sum(
        r["status"] == "no_data" for r in view["records"])
    assert 'href="#performance"' in html                       # in the table of contents
    from html import escape
    year = view["year"]
    with_source = [r for r in view["records"] if r["source"] and r["latest_year"] == year
                   and r["source_lang"] == "fi"]
    assert with_source, "some indicator has a value of the report year"
    for r in with_source:                                    # each value's source beside it
        row = appendix.split(escape(r["name"], quote=False), 1)[1].split("</tr>", 1)[0]
        assert escape(r["source"], quote=False) in row, r["id"]
    assert appendix.count('class="meta value-source"') == len(with_source)


def test_chapter_with_unknown_theme_stops_the_build(org_copy, tmp_path):
    chapter = org_copy.parent / "content" / "05_elinvoimainen_suomi.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("performance_theme: vital_finland",
                                    "performance_theme: no_such_theme"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", "--org", str(org_copy), "--out",
                                      str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "05_elinvoimainen_suomi.md" in result.output and "performance_theme" in result.output
    assert "Traceback" not in result.output


def test_marker_without_theme_is_an_error(org_copy, tmp_path):
    chapter = org_copy.parent / "content" / "05_elinvoimainen_suomi.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("performance_theme: vital_finland\n", ""), encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", "--org", str(org_copy), "--out",
                                      str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "05_elinvoimainen_suomi.md" in result.output


# --------------------------------------------------------------------------- command line


def test_cli_set_performance_prints_and_writes(tmp_path):
    result = CliRunner().invoke(cli, ["indicators", "--set", "performance", "--year", "2021",
                                      "--lang", "en", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "performance agreement indicators" in result.output
    assert "No value for the year" in result.output
    table = pd.read_csv(tmp_path / "indicators_performance_2021.csv")
    iset = load_indicators(load_organisation("examples/migri/organisation.yaml"), "performance")
    assert len(table) == len(iset.indicators) and set(table["set"]) == {"performance"}


def test_cli_set_all_includes_both(tmp_path):
    result = CliRunner().invoke(cli, ["indicators", "--set", "all", "--year", "2021",
                                      "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(tmp_path / "indicators_all_2021.csv")
    assert set(table["set"]) == {"commitment", "performance"}


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("change, key, words", [
    (lambda d: d["indicators"][0]["name"].pop("sv"), "indicators[0] (fast).name", "sv"),
    (lambda d: d["indicators"][0].__setitem__("themes", ["nowhere"]), "themes", "unknown theme"),
    (lambda d: d["indicators"][0]["targets"][0].__setitem__("year", 2030), "targets[0].year",
     "outside the agreement period"),
    (lambda d: d["indicators"][0].__setitem__("sdg_targets", ["99.9"]), "sdg_targets", "99.9"),
    (lambda d: d["targets"][0]["indicators"].append("ghost"), "targets[0] (t1).indicators[3]",
     "ghost"),
    (lambda d: d["targets"][0].__setitem__("strategic_goals", ["g9"]), "strategic_goals[0]",
     "g9"),
    (lambda d: d["indicators"][2].__setitem__("qualitative", True), "indicators[2] (unknown)",
     "qualitative"),
])
def test_bad_agreement_names_file_and_key(example_copy, tmp_path, change, key, words):
    doc = yaml.safe_load(yaml.safe_dump(AGREEMENT))
    change(doc)
    write_agreement(example_copy, doc)
    with pytest.raises(InputError) as err:
        load_indicators(load_organisation(example_copy), "performance")
    assert err.value.file.endswith("performance_test.yaml")
    assert key in err.value.key and words in err.value.message
    result = CliRunner().invoke(cli, ["indicators", "--set", "performance", "--org",
                                      str(example_copy), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "performance_test.yaml" in result.output


@pytest.mark.parametrize("change, lang, words", [
    (lambda d: d["indicators"][0]["targets"][0].__setitem__("year", 2030), "fi",
     "tavoitevuosi 2030 on tulossopimuskauden"),
    (lambda d: d["indicators"][0]["targets"][0].__setitem__("year", 2030), "sv",
     "målåret 2030 ligger utanför resultatavtalsperioden"),
    (lambda d: d["indicators"][0].__setitem__("themes", ["nowhere"]), "fi",
     "tuntematon teema 'nowhere'"),
    (lambda d: d["indicators"][0].__setitem__("themes", ["nowhere"]), "sv",
     "okänt tema 'nowhere'"),
    (lambda d: d["indicators"][0].__setitem__("sdg_targets", ["99.9"]), "sv",
     "okänd kod för SDG-delmål '99.9'"),
    (lambda d: d["targets"][0]["indicators"].append("ghost"), "fi",
     "mittaria 'ghost' ei ole määritelty"),
    (lambda d: d["indicators"][0]["name"].pop("sv"), "sv", "name behöver en text på varje språk"),
    (lambda d: d.__setitem__("period", [2025]), "fi", "ajanjakson (period) pitää olla"),
])
def test_bad_agreement_is_told_in_the_users_language(example_copy, tmp_path, change, lang, words):
    """The command line tells what is wrong with the agreement file in --lang, with the file
    and the key in the same language's frame."""
    doc = yaml.safe_load(yaml.safe_dump(AGREEMENT))
    change(doc)
    write_agreement(example_copy, doc)
    result = CliRunner().invoke(cli, ["indicators", "--set", "performance", "--org",
                                      str(example_copy), "--lang", lang, "--out", str(tmp_path)])
    assert result.exit_code == 2, result.output
    frame = {"fi": "virhe: ", "sv": "fel: "}[lang]
    assert frame in result.output and "performance_test.yaml" in result.output
    assert {"fi": "avain '", "sv": "nyckel '"}[lang] in result.output
    assert words in result.output, result.output


def _perf(org):
    return load_indicators(org, "performance")


def test_8_2_is_four_indicators_one_per_legal_time_limit(example_inputs):
    iset = _perf(example_inputs.org)
    by_code = [i for i in iset.indicators if i.code == "8.2"]
    assert len(by_code) == 4
    names = " ".join(i.name["fi"] for i in by_code)
    for months in ("6 kk", "15 kk", "18 kk", "21 kk"):
        assert months in names


def test_the_equal_service_item_belongs_to_the_equality_plan(example_inputs):
    iset = _perf(example_inputs.org)
    ind = next(i for i in iset.indicators if i.id == "customer_equal_service")
    assert ind.code == ""
    owner = next(t for t in iset.agreement.targets if "customer_equal_service" in t["indicators"])
    assert owner["id"] == "equality_plan_2020_2021" and owner["number"] is None
    four = next(t for t in iset.agreement.targets if str(t.get("number")) == "4")
    assert "customer_equal_service" not in four["indicators"]


def test_thresholds_hold_only_while_the_agreement_is_in_force(example_inputs, tmp_path):
    iset = _perf(example_inputs.org)
    assert iset.agreement.in_force == (2021, 2021)
    appeals = next(i for i in iset.indicators if i.id == "appeal_returns_facts")
    assert [t.year for t in appeals.targets] == [2021]
    # a renewal recorded in the data carries them on
    doc = yaml.safe_load(iset.agreement.file.read_text(encoding="utf-8"))
    doc["renewed"] = [{"until": 2023, "source": "Tulossopimus 2022–2023 (kuviteltu testiä varten)"}]
    (tmp_path / "performance.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    import dataclasses
    raw = dict(example_inputs.org.raw, performance={"file": str(tmp_path / "performance.yaml")})
    org = dataclasses.replace(example_inputs.org, raw=raw)
    renewed = _perf(org)
    assert renewed.agreement.in_force == (2021, 2023)
    appeals = next(i for i in renewed.indicators if i.id == "appeal_returns_facts")
    assert [t.year for t in appeals.targets] == [2021, 2022, 2023]


def test_the_validity_is_shown_and_one_month_is_singular(tmp_path):
    result = CliRunner().invoke(cli, ["indicators", "--set", "performance", "--year", "2023",
                                      "--lang", "en", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "in force until the end of 2021" in result.output
    assert re.search(r"(?<![0-9])1\smonth \(", result.output)
    assert not re.search(r"(?<![0-9])1\smonths", result.output)


def test_a_computed_value_missing_names_the_missing_inventory(example_inputs):
    last = max(example_inputs.years)
    records = indicator_records(example_inputs, None, last + 1, "en", "performance")
    carbon = next(r for r in records if r["id"] == "carbon_reduction_branch_target")
    assert carbon["missing_reason"].startswith(f"No carbon footprint has been calculated for {last + 1}")
