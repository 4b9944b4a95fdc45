"""Numbers as the charts and their alt texts write them (no matplotlib here: the main process
writes the alt texts, the PDF worker draws)."""
from __future__ import annotations

from carbon.numbers import format_pct


def share_text(share: float, decimals: int, lang: str) -> str:
    """A share as the charts write it: '< 0,1 %' for a share above zero that would round to
    zero, so that no source with emissions reads as 0,0 %."""
    smallest = 10.0 ** -decimals
    if 0 < share < smallest / 2:
        return "<\u00a0" + format_pct(smallest, decimals, lang)
    return format_pct(share, decimals, lang)
