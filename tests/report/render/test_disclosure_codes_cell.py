"""Disclosure codes in the appendix: an item stays on one line, the datapoint id is shown."""
from __future__ import annotations

from report.render.html import keep_code_items


def test_items_are_kept_together_and_lines_break_between_codes():
    nb = "\u00a0"
    assert keep_code_items("ESRS E1-6 §44 a, §48 a; E1 AR 39 c") == \
        f"ESRS E1-6 §44{nb}a, §48{nb}a; E1 AR{nb}39{nb}c"
    assert keep_code_items("GRI 305-1 d iii, 305-3 e iii") == \
        f"GRI 305-1{nb}d{nb}iii, 305-3{nb}e{nb}iii"
    assert keep_code_items("GRI 305-4 a, b, c") == f"GRI 305-4{nb}a, b, c"
    assert keep_code_items("") == ""


def test_appendix_shows_the_datapoint(parts):
    from report import pipeline
    sources, results, charts = parts
    rows = [{"code": "GRI 305-1 a", "esrs": "ESRS E1-6 §44 a, §48 a", "datapoint": "E1-6_07",
             "label": "Suorat päästöt (scope 1)", "value": "47,4", "unit": "tCO2e", "note": ""}]
    _, html = pipeline.stage_templates(sources, results, charts, None, rows)
    assert '<span class="datapoint">E1-6_07</span>' in html
    assert "§44\u00a0a" in html or "§44&nbsp;a" in html
