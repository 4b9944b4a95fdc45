"""Number formatting by language: Finnish and Swedish '38 269,5', English '38,269.5'."""
from __future__ import annotations

import math

#: (thousands separator, decimal separator) per language. A narrow no-break space keeps
#: numbers together in print, as Finnish typography wants.
SEPARATORS = {"fi": ("\u202f", ","), "sv": ("\u202f", ","), "en": (",", ".")}


def format_number(value: float | None, decimals: int = 1, lang: str = "fi") -> str:
    """The number with the language's separators and a real minus sign; '–' for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    thousands, decimal = SEPARATORS.get(lang, SEPARATORS["fi"])
    text = f"{abs(value):,.{decimals}f}".replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    negative = value < 0 and float(text.replace(thousands, "").replace(decimal, ".")) != 0
    return ("\u2212" if negative and lang != "en" else "-" if negative else "") + text


def format_pct(value: float | None, decimals: int = 1, lang: str = "fi") -> str:
    """A percentage: '42,0 %' in Finnish and Swedish, '42.0%' in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_number(value, decimals, lang) + ("%" if lang == "en" else "\u00a0%")
