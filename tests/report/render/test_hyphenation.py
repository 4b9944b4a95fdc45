"""Finnish hyphenation patterns (report/render/hyph_fi.dic) for WeasyPrint's `hyphens: auto`."""
from __future__ import annotations

import pyphen
import pytest

from report.render.hyphenation import register_finnish


@pytest.fixture(scope="module")
def finnish():
    register_finnish()
    return pyphen.Pyphen(lang="fi")


@pytest.mark.parametrize("word, expected", [
    ("kasvihuonekaasupäästöt", "kas-vi-huo-ne-kaa-su-pääs-töt"),
    ("Päästökertoimien", "Pääs-tö-ker-toi-mien"),       # no break inside the diphthong oi
    ("kiinteistöjen", "kiin-teis-tö-jen"),
    ("strategia", "stra-te-gia"),                       # a loanword's initial cluster stays
])
def test_words_break_before_a_consonant_that_starts_a_syllable(finnish, word, expected):
    assert finnish.inserted(word) == expected


def test_codes_and_short_words_are_not_broken(finnish):
    for word in ("ESRS", "CO2e", "GRI", "tCO2e", "ja"):
        assert "-" not in finnish.inserted(word)


def test_registering_twice_keeps_one_dictionary():
    register_finnish()
    register_finnish()
    assert pyphen.language_fallback("fi-FI") in ("fi", "fi_FI")
