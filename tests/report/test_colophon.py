"""The cover's date and the colophon (issue 22, point 4) from the organisation's settings:
nothing invented, a bad date named by its key."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from carbon.errors import InputError
from report.document.colophon import cover_and_colophon, format_date
from report.document.i18n import load_strings


def _org(example_inputs, report):
    raw = dict(example_inputs.org.raw, report=dict(example_inputs.org.raw["report"], **report))
    return dataclasses.replace(example_inputs.org, raw=raw)


def test_the_cover_says_when_it_was_published_or_prepared(example_inputs):
    org = _org(example_inputs, {"published": "2022-04-29"})
    assert cover_and_colophon(org, load_strings("fi"), "fi")["date_line"] == "Julkaistu 29.4.2022"
    assert cover_and_colophon(org, load_strings("en"), "en")["date_line"] == "Published 29 April 2022"
    plain = cover_and_colophon(example_inputs.org, load_strings("sv"), "sv", dt.date(2026, 12, 7))
    assert plain["date_line"] == "Sammanställd 7.12.2026"


def test_the_colophon_shows_only_what_the_settings_give(example_inputs):
    org = _org(example_inputs, {"colophon": {"approved": "2022-04-20", "address": "Katu 1",
                                             "contact": {"fi": "a@b.fi", "en": "a@b.fi"}}})
    rows = dict(cover_and_colophon(org, load_strings("fi"), "fi")["colophon"])
    assert rows == {"Julkaisija": "Maahanmuuttovirasto", "Hyväksytty": "20.4.2022",
                    "Yhteystiedot": "a@b.fi", "Osoite": "Katu 1"}
    bare = dict(cover_and_colophon(example_inputs.org, load_strings("fi"), "fi")["colophon"])
    assert list(bare) == ["Julkaisija"]


def test_a_bad_date_names_its_key(example_inputs):
    with pytest.raises(InputError) as err:
        cover_and_colophon(_org(example_inputs, {"published": "huhtikuu"}), load_strings("fi"), "fi")
    assert err.value.key == "report.published"


def test_dates_in_each_language():
    day = dt.date(2024, 12, 10)
    assert [format_date(day, lang) for lang in ("fi", "sv", "en")] == \
        ["10.12.2024", "10.12.2024", "10 December 2024"]
