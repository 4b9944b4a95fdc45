"""Figures 1 and 2 as a designer would sign them: Figure 1's axis set by the bars and paths (the
range clipped and marked), every year labelled, horizontal values as the text writes them, the
range's meaning in a sentence; Figure 2 in scope colours with '< 0,1 %' for tiny shares."""
from __future__ import annotations

import re

from carbon.numbers import format_number, format_pct
from report import pipeline
from report.render.chart_drawing import draw_all, label_heights, range_clipped, trend_top
from report.render.chart_text import share_text
from report.render.charts import chart_specs, drawn, load_style, range_meaning, requests


def _texts(svg: str) -> list[tuple[str, str]]:
    """(attributes, text) of each <text> element of an SVG drawn with fonttype none."""
    return re.findall(r"<text([^>]*)>([^<]*)</text>", svg)


def test_the_range_does_not_set_the_axis_and_is_marked_where_clipped(parts):
    sources, results, _ = parts
    data = requests(chart_specs(results, sources.strings, sources.lang))["trend"]["data"]
    top = trend_top(data["totals"], data["targets"], data["style"]["trend"]["headroom"])
    highest_bar_or_path = max([*data["totals"],
                               *(v for t in data["targets"] for v in t["path_tco2e"])])
    assert highest_bar_or_path < top <= highest_bar_or_path * 1.5
    clipped = range_clipped(data["high"], top)
    assert clipped == [h > top for h in data["high"]]
    svg = draw_all({"trend": {"kind": "trend", "data": data}})["trend"].decode("utf-8")
    if any(clipped):  # the legend names the clip mark
        assert data["strings"]["clipped"] in svg


def test_every_year_labelled_and_values_horizontal_as_in_the_text(parts):
    sources, results, _ = parts
    specs = chart_specs(results, sources.strings, sources.lang)
    svg = draw_all(requests(specs))["trend"].decode("utf-8")
    texts = _texts(svg)
    shown = [t for _, t in texts]
    for year in results.totals.index:
        assert str(int(year)) in shown
    for target in results.targets["year"]:
        assert str(int(target)) in shown
    _, html = pipeline.stage_templates(sources, results, drawn(specs, None))
    for value in results.totals:
        label = format_number(float(value), 1, sources.lang)
        matches = [attrs for attrs, t in texts if t == label]
        assert matches, label
        angles = [float(a) for attrs in matches for a in re.findall(r"rotate\((-?[0-9.]+)", attrs)]
        assert all(a == 0 for a in angles)  # horizontal
    # the base year as the text writes it (the published one-decimal figure)
    base = format_number(results.base_total, 1, sources.lang)
    assert base in shown and base in html


def test_labels_that_would_touch_are_raised():
    assert label_heights([1, 2], [100.0, 50.0], [0.4, 0.4], 1 / 0.3, 100.0, 0.1) == [100.0, 50.0]
    raised = label_heights([1, 2], [100.0, 99.0], [0.4, 0.4], 1 / 0.3, 100.0, 0.1)
    assert raised[0] == 100.0 and raised[1] >= 100.0 + 0.1 * 100.0 - 1e-9
    far = label_heights([1, 5], [100.0, 100.0], [0.4, 0.4], 1 / 0.3, 100.0, 0.1)
    assert far == [100.0, 100.0]


def test_the_range_means_a_sentence_from_the_calculation(parts):
    sources, results, _ = parts
    lang, strings = sources.lang, sources.strings
    note = range_meaning(results, strings, lang)
    r = results.uncertainty[results.year]
    meaning = strings["carbon"]["trend"]["meaning"]
    overlap = r.total["low"] <= results.base_total <= r.total["high"]
    opening = meaning["overlap" if overlap else "below"].split("{")[0]
    assert note.startswith(opening)
    assert format_number(r.total["low"], 1, lang) in note
    assert format_number(results.base_total, 1, lang) in note
    t = results.trend
    sure = "down" if t.low > 0 else "up" if t.high < 0 else "unsure"
    assert meaning[sure].split("{")[0] in note
    assert format_pct(abs(t.low), 1, lang) in note and format_pct(abs(t.high), 1, lang) in note
    specs = chart_specs(results, strings, lang)
    _, html = pipeline.stage_templates(sources, results, drawn(specs, None))
    assert note.replace("\u00a0", " ") in html.replace("\u00a0", " ").replace("&nbsp;", " ")


def test_tiny_shares_read_less_than_a_tenth():
    assert share_text(0.04, 1, "fi") == "<\u00a0" + format_pct(0.1, 1, "fi")
    assert share_text(0.04, 1, "en") == "<\u00a0" + format_pct(0.1, 1, "en")
    assert share_text(0.0, 1, "fi") == format_pct(0.0, 1, "fi")
    assert share_text(0.05, 1, "fi") == format_pct(0.05, 1, "fi")
    assert share_text(40.4, 1, "sv") == format_pct(40.4, 1, "sv")


def test_source_chart_in_scope_colours_no_pure_red_alt_as_drawn(parts):
    sources, results, _ = parts
    specs = chart_specs(results, sources.strings, sources.lang)
    svg = draw_all(requests(specs))["by_source"].decode("utf-8").lower()
    scope_colours = {str(k): v.lower() for k, v in load_style()["by_source"]["scope_colours"].items()}
    fills = set(re.findall(r"fill: (#[0-9a-f]{6})", svg))
    assert "#ff0000" not in fills
    used = {scope_colours[str(s)] for s in results.by_source["scope"]}
    assert used <= fills
    for colour in results.by_source["colour"]:  # the groups' own colours are not used
        if colour.lower() not in scope_colours.values():
            assert colour.lower() not in fills
    alt = specs["by_source"].alt
    for row in results.by_source.itertuples():
        assert share_text(row.share_pct, 1, sources.lang) in alt
        assert share_text(row.share_pct, 1, sources.lang) in svg.replace("&lt;", "<").upper() \
            or share_text(row.share_pct, 1, sources.lang).lower() in svg.replace("&lt;", "<")
    tiny = results.by_source[(results.by_source["share_pct"] > 0)
                             & (results.by_source["share_pct"] < 0.05)]
    if len(tiny):
        assert "<\u00a0" in alt


def test_chart_axes_write_co2_with_a_subscript(parts):
    sources, results, _ = parts
    svgs = draw_all(requests(chart_specs(results, sources.strings, sources.lang)))
    for key, svg in svgs.items():
        assert "CO\u2082" in svg.decode("utf-8"), key
        assert "tCO2e" not in svg.decode("utf-8"), key
