"""The suppliers page: it opens in each language, shows the totals the application layer
computes, and its button writes the request letters and templates (POST)."""
from __future__ import annotations

import re
from html import unescape

import pytest

import app
from carbon.numbers import format_number
from web.text import LANGUAGES, web_text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_opens_in_each_language(client, lang):
    r = client.get(f"/suppliers?year=2021&lang={lang}")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert web_text(lang)["suppliers"]["table"] in html
    assert f'aria-current="page">{web_text(lang)["suppliers"]["nav"]}<' in html
    assert 'id="caveat"' in html


def test_the_page_shows_the_application_layers_figures(client, example_inputs):
    r = app.supplier_emissions(example_inputs, 2021, "fi")
    html = client.get("/suppliers?year=2021&lang=fi").get_data(as_text=True)
    total = unescape(re.sub(r"<[^>]+>", "", re.search(r'id="supplier-total">(.*?)</p>', html,
                                                     flags=re.S).group(1)))
    assert format_number(r.totals.spend_tco2e, 1, "fi") in total
    first = re.search(r'<table id="suppliers">.*?<tbody>\s*<tr>(.*?)</tr>', html, flags=re.S).group(1)
    top = r.table.iloc[0]
    assert top["supplier_id"] in first and format_number(top["tco2e"], 1, "fi") in unescape(first)
    csv = client.get("/suppliers?year=2021&format=csv").get_data(as_text=True)
    assert len(csv.strip().splitlines()) == len(r.table) + 1


def test_the_button_writes_the_requests(copy_client, tmp_path):
    client, org = copy_client
    r = client.post("/suppliers/request?year=2021&lang=en", data={"top": "2"},
                    headers={"Origin": "http://localhost"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200, html[:500]
    assert 'id="request-result"' in html
    letters = sorted((tmp_path / "out" / "suppliers" / "2021").glob("*/letter_*.txt"))
    assert len(letters) == 2
    assert (org.parent / "suppliers" / "status.yaml").exists()
    bad = client.post("/suppliers/request?year=2021", data={"top": "many"},
                      headers={"Origin": "http://localhost"})
    assert bad.status_code == 400
