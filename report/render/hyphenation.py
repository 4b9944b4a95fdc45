"""Finnish hyphenation for WeasyPrint: pyphen (which WeasyPrint hyphenates with) has no
Finnish dictionary, so `hyphens: auto` in narrow table columns broke Finnish compounds at any
letter without a hyphen. report/render/hyph_fi.dic holds the patterns (the consonant rule)."""
from __future__ import annotations

from pathlib import Path

FINNISH = Path(__file__).with_name("hyph_fi.dic")


def register_finnish() -> None:
    """Make pyphen (and so WeasyPrint) hyphenate lang="fi" text with report/render/hyph_fi.dic,
    unless pyphen has a Finnish dictionary of its own."""
    import pyphen

    if pyphen.language_fallback("fi") is None:
        for name in ("fi", "fi_FI"):
            pyphen.LANGUAGES[name] = FINNISH
            pyphen.LANGUAGES_LOWERCASE[name.lower()] = name
