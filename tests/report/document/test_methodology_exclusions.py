"""The methodology appendix lists each exclusion once: one reason given for several scope 3
categories is one line naming them, not the same line repeated."""
from __future__ import annotations

from report.document.i18n import load_strings
from report.document.methodology import exclusion_items

EXCLUSIONS = [
    {"fi": "Työmatkat", "sv": "Pendling", "en": "Commuting", "category": 7},
    {"fi": "Jälkeiset", "sv": "Nedströms", "en": "Downstream", "category": 9},
    {"fi": "Jälkeiset", "sv": "Nedströms", "en": "Downstream", "category": 10},
]


def test_one_reason_for_several_categories_is_one_line():
    for lang, first, merged in (("fi", "Työmatkat", "Jälkeiset; luokan 3 kategoriat 9 ja 10"),
                                ("sv", "Pendling", "Nedströms; kategorierna 9 och 10 i scope 3"),
                                ("en", "Commuting", "Downstream; scope 3 categories 9 and 10")):
        strings = load_strings(lang)
        s = strings["carbon"]["methodology"]
        assert exclusion_items(EXCLUSIONS, s, lang, strings["document"]["and"]) == [first, merged]


def test_the_bundled_example_lists_no_exclusion_twice():
    from carbon.readers.settings import load_organisation
    from tests.project_files import ROOT
    org = load_organisation(ROOT / "examples" / "migri" / "organisation.yaml")
    strings = load_strings("fi")
    items = exclusion_items(org.exclusions, strings["carbon"]["methodology"], "fi",
                            strings["document"]["and"])
    assert len(items) == len(set(items)) == len({e["fi"] for e in org.exclusions})
