"""Numbers and their units kept on one line: a digit group written with an ordinary space
(data texts such as source titles) gets a narrow no-break space, and the space between a number
and its unit a no-break space, in the text of the report's HTML (tags, styles and scripts left
alone), so that no line ends between '2 676' and 'gCO2/l'."""
from __future__ import annotations

import re

#: units and unit-like words that follow a number
UNITS = ("%", "‰", "€", "EUR", "tCO2e", "tCO₂e", "kgCO2e", "kgCO₂e", "gCO2/l", "gCO₂/l", "gCO2e",
         "gCO₂e", "MtCO2e", "kg", "km", "pkm", "kWh", "MWh", "GWh", "TJ", "MJ", "l", "t", "h",
         "htv", "henkilötyövuotta", "årsverken", "person-years", "pv", "päivää", "dagar", "days",
         "kuukautta", "månader", "months")
_GROUP = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?!\d)")
_UNIT = re.compile(r"(?<=\d) (?=(?:" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
                   + r")(?![\w₂]))")
_PARTS = re.compile(r"(<style\b.*?</style>|<script\b.*?</script>|<[^>]*>)", re.S | re.I)


def keep_text(text: str) -> str:
    """One text run with digit groups and number-unit pairs bound by no-break spaces."""
    grouped = _GROUP.sub(lambda m: m.group(0).replace(" ", "\u202f"), text)
    return _UNIT.sub("\u00a0", grouped)


def keep_numbers_together(html: str) -> str:
    """The HTML with keep_text applied to every text run outside tags, styles and scripts."""
    parts = _PARTS.split(html)
    return "".join(p if i % 2 else keep_text(p) for i, p in enumerate(parts))
