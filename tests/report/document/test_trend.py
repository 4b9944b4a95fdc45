"""The carbon chapter's trend with its interval (issue 21, item 7)."""
from __future__ import annotations

import pytest


def test_the_report_gives_the_trend_with_its_interval(example_inputs):
    """The carbon chapter's figures carry the same trend as `footprint` (same policy, draws)."""
    import app
    from report.document.carbon_results import calculate
    results = calculate(example_inputs, 2021, "en")
    r = app.footprint(example_inputs, 2021, "en")
    assert results.trend is not None and results.trend.interval == 95
    assert (results.trend.low, results.trend.high) == pytest.approx((r.trend.low, r.trend.high))
    assert calculate(example_inputs, 2018, "en").trend is None
