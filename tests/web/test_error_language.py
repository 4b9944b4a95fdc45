"""An error the user can correct is shown in the page's language: the message from the
catalogue (carbon/messages.yaml), with the file and key in the same language's frame."""
from __future__ import annotations

from html import unescape

import pytest

from web.text import web_text


@pytest.mark.parametrize("url, words", [
    ("/?year=abc&lang=sv", "'abc' är inte ett årtal"),
    ("/?year=1999&lang=sv", "inga data för 1999"),
    ("/trace?status=nope&lang=sv", "'nope' är inte något av följande"),
    ("/trace?group=nowhere&lang=sv", "källgruppen 'nowhere' finns inte"),
    ("/commitment?year=x&lang=fi", "'x' ei ole vuosiluku"),
    ("/commitment/sitoumus2050_2021.exe?lang=fi", "'exe' ei ole mikään näistä: json, csv, txt"),
    ("/plan?target=20x&lang=sv", "'20x' är inte ett årtal"),
    ("/compare?file=nowhere.yaml&lang=sv", "nowhere.yaml: filen finns inte"),
    ("/scenario?file=..%2Fsecret.yaml&lang=fi", "ei kelpaa skenaariotiedoston nimeksi"),
])
def test_an_error_page_speaks_the_pages_language(client, url, words):
    r = client.get(url)
    html = unescape(r.get_data(as_text=True))
    lang = "sv" if "lang=sv" in url else "fi"
    assert r.status_code == 400, html
    assert web_text(lang)["error_title"] in html
    assert words in html
    assert "Traceback" not in html


def test_a_file_error_keeps_the_file_and_key_in_the_pages_language(client):
    html = unescape(client.get("/scenario?file=nowhere.yaml&lang=sv").get_data(as_text=True))
    assert "nowhere.yaml, nyckel 'file': scenariofilen finns inte" in html


def test_the_commitment_export_message_is_in_the_pages_language(client):
    """A year before the commitment period: the export part of the page says so in Swedish."""
    html = unescape(client.get("/commitment?year=2019&lang=sv").get_data(as_text=True))
    assert "ligger utanför förbindelseperioden" in html, html
