"""The overview shows the year's 95 % interval and the trend's (issue 21, item 7)."""
from __future__ import annotations

import re

import app
from carbon.numbers import format_number


def test_overview_shows_the_interval_and_the_trend_interval(client, example_inputs):
    html = client.get("/?year=2021&lang=en").get_data(as_text=True)
    r = app.footprint(example_inputs, 2021, "en")
    rng = re.search(r'<p id="range">([^<]*)</p>', html).group(1)
    assert "95 % interval" in rng and "expected value" in rng
    assert format_number(r.uncertainty.total["low"], 0, "en") in rng
    assert format_number(r.uncertainty.total["high"], 0, "en") in rng
    trend = re.search(r'<p id="trend-range">([^<]*)</p>', html).group(1)
    assert format_number(r.trend.low, 1, "en") in trend and format_number(r.trend.high, 1, "en") in trend
    assert "P5" not in html and "P95" not in html


def test_the_base_year_overview_has_no_trend_interval(client):
    html = client.get("/?year=2018&lang=fi").get_data(as_text=True)
    assert 'id="range"' in html and 'id="trend-range"' not in html
