"""Chart specs (plain data for the PDF worker), their drawing, and the embedding of drawings
into the HTML file."""
from __future__ import annotations

import base64
import json
import re

from report import pipeline
from report.render.chart_drawing import draw_all
from report.render.charts import chart_specs, chart_url, drawn, embed_charts, requests


def test_specs_are_plain_data_that_survive_the_worker_protocol(parts):
    sources, results, _ = parts
    specs = chart_specs(results, sources.strings, sources.lang)
    assert set(specs) == {"trend", "by_source", "change"}
    plain = requests(specs)
    assert json.loads(json.dumps(plain)) == plain
    trend = plain["trend"]["data"]
    assert trend["years"] == [int(y) for y in results.totals.index]
    assert trend["totals"] == [float(v) for v in results.totals]
    assert [t["year"] for t in trend["targets"]] == [int(y) for y in results.targets["year"]]


def test_alt_text_and_caption_do_not_need_the_drawing(parts):
    sources, results, charts = parts
    specs = chart_specs(results, sources.strings, sources.lang)
    for key, spec in specs.items():
        assert spec.alt == charts[key].alt and spec.caption == charts[key].caption
        assert drawn(specs, None)[key].src == chart_url(key)


def test_templates_point_at_worker_charts_and_embedding_replaces_them(parts):
    sources, results, _ = parts
    specs = chart_specs(results, sources.strings, sources.lang)
    _, html = pipeline.stage_templates(sources, results, drawn(specs, None))
    assert html.count(f'src="{chart_url("trend")}"') == 1
    svgs = draw_all(requests(specs))
    embedded = embed_charts(html, svgs)
    assert "vastuu-chart:" not in embedded
    uris = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', embedded)
    assert sorted(base64.b64decode(u) for u in uris) == sorted(svgs.values())


def test_drawing_shows_the_numbers_it_was_given(parts):
    sources, results, _ = parts
    specs = chart_specs(results, sources.strings, sources.lang)
    svg = draw_all(requests(specs))["by_source"].decode("utf-8")
    largest = results.by_source.iloc[0]
    assert largest["name"] in svg
    assert svg.lstrip().startswith("<?xml") and "<text" in svg  # text stays text (fonttype none)
