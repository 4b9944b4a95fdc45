"""The report reads as plain language in fi, sv and en: no settings keys, no jargon tags
("[sijaisarvo]"), factor sources in the report's language with the original in parentheses
(report/document/source_titles.yaml), one term for scopes in Finnish, the language's decimal
mark, and numbers kept with their units on one line."""
from __future__ import annotations

import re

import pytest

from carbon.yamlfile import read_mapping
from report import pipeline
from report.document.source_titles import TITLES_FILE, in_language
from report.render.charts import chart_specs, drawn
from report.render.nobreak import keep_text

from tests.report.conftest import EXAMPLE_ORG, YEAR
from tests.report.languages import _Text


def _html(lang: str) -> tuple[str, object]:
    sources = pipeline.load_sources(EXAMPLE_ORG, lang)
    results = pipeline.stage_calculate(sources, YEAR)
    charts = drawn(chart_specs(results, sources.strings, lang), None)
    indicators, disclosure = pipeline.stage_integrations(sources, YEAR)
    return pipeline.stage_templates(sources, results, charts, indicators, disclosure)[1], sources


def _parts(html: str, lang: str) -> list[str]:
    parser = _Text(lang)
    parser.feed(html)
    return parser.parts


def _text(html: str, lang: str) -> str:
    return " ".join(_parts(html, lang))


def _without_originals(text: str) -> str:
    """The text without the originals the data file puts in parentheses after a translation."""
    doc = read_mapping(TITLES_FILE)
    for kind in ("publishers", "titles"):
        for original, entry in doc[kind].items():
            text = text.replace(f"({entry.get('original', original)})", "")
    return text


@pytest.fixture(scope="module", params=["fi", "sv", "en"])
def report(request):
    """(lang, HTML, reader text, sources) of the example's 2021 report."""
    html, sources = _html(request.param)
    return request.param, html, _text(html, request.param), sources


def test_no_settings_keys_in_the_text(report):
    lang, _, text, sources = report
    assert not re.findall(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b", text)
    for key in sources.org.raw:  # a settings key never reaches a reader, in parentheses or not
        assert f"({key})" not in text and f"({key}." not in text, key
        if "_" in str(key):
            assert str(key) not in text, key
    assert "build.py" not in text  # nor a command
    assert not re.search(r"\bNone\.\s", text)  # nor a missing number as Python writes it


def test_no_jargon_tags(report):
    lang, _, text, sources = report
    tiers = sources.strings["carbon"]["methodology"]["tier_names"]
    assert not re.findall(r"\[[^\]\d]+\]", text)  # no bracketed tags like [sijaisarvo]
    if lang == "fi":
        assert "sijaisarvo" not in text and "P5" not in text and "P95" not in text
    assert all(f"[{name}]" not in text for name in tiers.values())


def test_sources_in_the_report_language_with_the_original(report):
    lang, _, text, sources = report
    titles = read_mapping(TITLES_FILE)["titles"]
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    inv = sources.inputs.inventory(YEAR)
    used = {str(sources.inputs.factors[f].source.get("title", "")) for f in inv.table["factor_id"].unique()}
    shown = 0
    bare = _without_originals(text)
    for original, entry in titles.items():
        if original.replace("\u00a0", " ") in bare and entry.get("lang") != lang:
            pytest.fail(f"untranslated source title in {lang}: {original}")
        local = in_language(original, "titles", lang).replace("\u202f", " ").replace("\u00a0", " ")
        if local in text:
            shown += 1
            if entry.get("lang") != lang and entry.get(lang):
                assert f"({entry.get('original', original)})" in local
    # every source title the year's factors name is shown in the report's language
    for title in used & set(titles):
        assert in_language(title, "titles", lang).replace("\u00a0", " ") in text, title
    assert shown >= 3


def test_one_term_and_the_decimal_mark_in_finnish(report):
    lang, _, text, _ = report
    if lang != "fi":
        return
    # "luokka" for a scope; an original title in parentheses may say Scope
    assert not re.search(r"\bscope\b", re.sub(r"\([^()]*\)", "", _without_originals(text)), re.I)
    # no English decimal point: a number like 2 271.79 (dates such as 7.12.2026 are d.m.yyyy)
    plain = text.replace("\u202f", " ").replace("\u00a0", " ")
    points = [m for m in re.findall(r"(?<![\d.])\d[\d ]*\.\d+(?:\.\d+)?", plain)
              if not re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", m.replace(" ", ""))
              and not re.fullmatch(r"\d{1,2}\.\d{1,2}\.?", m)]
    assert not points, points


def test_numbers_stay_with_their_units(report):
    lang, html, _, _ = report
    for part in _parts(html, lang):  # within one run of text (table cells are runs of their own)
        for unit in ("tCO2e", "gCO2/l", "%", "€"):
            assert not re.search(r"\d " + re.escape(unit) + r"(?![\w₂])", part), (unit, part)
        assert not re.search(r"(?<![\d.,])\d{1,3} \d{3}(?!\d)", part), part
    assert keep_text("2 676 gCO2/l") == "2\u202f676\u00a0gCO2/l"
    assert keep_text("vuosina 2018 2019") == "vuosina 2018 2019"  # years are not a number


def test_the_range_in_plain_words_with_the_method_in_the_methodology(report):
    lang, html, _, sources = report
    s = sources.strings["carbon"]
    note = re.search(r'<table class="data scopes".*?</table>\s*<p class="table-note">(.*?)</p>',
                     html, re.S).group(1)
    box = re.search(r'<section class="chapter appendix" id="methodology".*?</section>', html, re.S).group(0)
    heading = re.search(r'<h1 id="methodology-title"[^>]*>(.*?)</h1>', html).group(1)
    number = re.search(r"(\d+):", heading).group(1)            # the chapter points to its appendix
    carbon = re.search(r'<section class="chapter kind-carbon".*?</section>', html, re.S).group(0)
    assert f'<a href="#methodology">{s["methodology"]["pointer_link"].format(number=number)}</a>' in carbon
    assert s["methodology"]["title"] in heading and "box methodology" not in carbon
    import html as html_lib
    note, box = html_lib.unescape(note), html_lib.unescape(box)
    technical = s["scopes"]["range_note"].split("{")[0]
    assert technical not in note and technical in box
    assert s["methodology"]["uncertainty"] in box
    assert s["scopes"]["range_plain"].split("{")[0] in note
