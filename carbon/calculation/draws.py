"""How many Monte Carlo draws, from which seed, and which interval an uncertainty range takes
unless told otherwise (pandas-free: the command line shows them before pandas is imported).

The interval follows IPCC 2006 Guidelines Vol. 1 ch. 3 (Approach 2, Monte Carlo): the 95 %
interval between the 2.5th and the 97.5th percentile, around the mean of the distribution
(the calculated figure, since every factor's value is its expected value); 90 % on request."""
from __future__ import annotations

from carbon.errors import OptionError

DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 2018
DEFAULT_INTERVAL = 95
INTERVALS = (95, 90)


def interval_bounds(interval: int) -> tuple[float, float]:
    """The lower and upper percentile of a central interval (95 -> 2.5, 97.5)."""
    if interval not in INTERVALS:
        raise OptionError("interval", f"interval {interval} is not offered: choose 95 or 90",
                          code="interval_invalid", params={"value": interval})
    tail = (100.0 - interval) / 2.0
    return tail, 100.0 - tail
