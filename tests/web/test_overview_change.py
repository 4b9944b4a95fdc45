"""The overview's waterfall from the base year: the numbers of `app.change` (the same as
`build.py change --json`), with the table beside the chart, in every language."""
from __future__ import annotations

import re

import pytest

import app
from markupsafe import escape
from carbon.numbers import format_number
from web.text import web_text


def section(html: str) -> str:
    return html[html.index('id="h-change"'):html.index("</section>", html.index('id="h-change"'))]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_overview_shows_the_change_since_the_base_year(client, example_inputs, lang):
    r = app.change(example_inputs, 2018, 2021, lang)
    html = client.get(f"/?year=2021&lang={lang}").get_data(as_text=True)
    part = section(html)
    assert '<svg class="chart"' in part and 'role="img"' in part
    steps = re.findall(r'<tr data-kind="\w+"><th scope="row">[^<]*</th><td class="num">([^<]*)</td>',
                       part)
    d = r.decomposition
    expected = [d.from_total, *(v for _, v in d.steps()), d.to_total]
    assert steps == [format_number(v, 1, lang) for v in expected]
    for g in d.groups.itertuples():
        assert f'data-change-group="{g.source_group}"' in part
    assert str(escape(r.why)) in part
    assert web_text(lang)["overview"]["change"].format(start=2018, end=2021) in part


def test_the_base_year_has_no_change_to_show(client):
    html = client.get("/?year=2018&lang=fi").get_data(as_text=True)
    assert 'id="h-change"' not in html
