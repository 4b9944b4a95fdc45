"""Tables as a published report sets them: a short table with its caption and notes kept on one
page, a long one saying at the page foot that it continues (its header rows repeat), and the
value header aligned with its numbers."""
from __future__ import annotations

import re

from report import pipeline
from report.render.charts import chart_specs, drawn

from tests.report.conftest import normalise


def _html(parts):
    sources, results, _ = parts
    charts = drawn(chart_specs(results, sources.strings, sources.lang), None)
    indicators, disclosure = pipeline.stage_integrations(sources, results.year)
    return sources, pipeline.stage_templates(sources, results, charts, indicators, disclosure)[1]


def test_short_tables_keep_together_and_long_ones_say_they_continue(parts):
    sources, html = _html(parts)
    blocks = re.findall(r'<div class="table-block( keep)?">\s*<table class="data ([^"]+)"', html)
    assert blocks and all(keep for keep, kind in blocks if kind == "scopes")
    template = sources.strings["document"]["table_continues"]
    for number in re.findall(r'<table class="data fixed (?:disclosure|performance performance-all)" '
                             r'id="taulukko-(\d+)"', html):
        text = template.format(table=sources.strings["document"]["table"], number=number)
        assert f'id="taulukko-{number}" data-continues="{text}"' in html
    # every table that may continue resets the marker where it ends
    assert html.count("data-continues=") <= html.count('class="table-end"')


def test_the_marker_stands_on_pages_the_table_runs_over(pdf, parts):
    sources, _, _ = parts
    s = sources.strings["document"]
    pages = [normalise(p.extract_text()) for p in pdf.pages]
    marked = [(i, m) for i, page in enumerate(pages)
              for m in re.findall(s["table_continues"].format(table=s["table"], number=r"(\d+)"), page)]
    assert marked
    for i, number in marked:
        # the next page goes on with the same table: its caption is not there, its header is
        assert f"{s['table']} {number}." not in pages[i + 1]
        assert i + 1 < len(pages)  # never on the last page


def test_value_header_aligned_with_its_numbers(parts):
    sources, html = _html(parts)
    value = sources.strings["disclosure"]["value"]
    assert f'<th scope="col" class="right">{value}</th>' in html
