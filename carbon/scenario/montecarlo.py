"""Monte Carlo over the emission factors' uncertainty (vectorised with numpy).

Each factor gets one lognormal multiplier per draw with mean 1 and the factor's geometric
standard deviation (Factor.gsd): m = exp(s*Z - s^2/2), s = ln(gsd), so the factor's library
value is its expected value and the calculated total is the mean of the simulated totals
(IPCC 2006 Vol. 1 ch. 3, Approach 2). A factor's draw is shared by every line and year that
uses it (its error is systematic), and by every factor id that reads the same source value
(Factor.draw_key): those are perfectly correlated. Targets are fixed
tCO2e levels (the base year's computed total less the reduction), as the organisation will judge
them against its reported base year; the base year's own factor uncertainty is not propagated.
Draws are reproducible: the same seed gives the same multipliers for the same draw keys.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from carbon.calculation.draws import DEFAULT_INTERVAL, interval_bounds


def percentiles_for(interval: int = DEFAULT_INTERVAL) -> tuple[float, float, float]:
    """The lower bound, the median and the upper bound of a central interval, as percentiles."""
    low, high = interval_bounds(interval)
    return low, 50.0, high


PERCENTILES = percentiles_for(DEFAULT_INTERVAL)


def multipliers(ids: tuple[str, ...], gsd: np.ndarray, draws: int, seed: int,
                keys: tuple[str, ...] | None = None) -> np.ndarray:
    """Lognormal factor multipliers (draws x factors), mean 1. Each draw key (`keys`, default
    the ids) has its own standard-normal stream from (seed, key): columns of one key move
    together, and adding a factor does not change the others' draws."""
    sigma = np.log(np.maximum(np.asarray(gsd, dtype=float), 1.0))
    keys = tuple(ids) if keys is None else tuple(keys)
    out = np.ones((draws, len(ids)))
    normal: dict[str, np.ndarray] = {}
    for j, key in enumerate(keys):
        if sigma[j] > 0:
            if key not in normal:
                rng = np.random.default_rng([seed, zlib.crc32(key.encode("utf-8"))])
                normal[key] = rng.standard_normal(draws)
            out[:, j] = np.exp(sigma[j] * normal[key] - 0.5 * sigma[j] ** 2)
    return out


@dataclass
class Simulation:
    """Simulated totals, kept per year (years x draws) and sorted once for percentiles."""

    years: list[int]
    by_year: np.ndarray

    def __post_init__(self) -> None:
        self.sorted = np.sort(self.by_year, axis=1)

    @property
    def totals(self) -> np.ndarray:
        """Simulated totals (draws x years), in draw order."""
        return self.by_year.T

    def percentiles(self, q: tuple[float, ...] = PERCENTILES) -> np.ndarray:
        """Percentiles of each year's total (len(q) x years), linear between order statistics
        (numpy's default method)."""
        n = self.sorted.shape[1]
        pos = np.asarray(q, dtype=float) / 100.0 * (n - 1)
        lo = np.floor(pos).astype(int)
        hi = np.minimum(lo + 1, n - 1)
        frac = (pos - lo)[:, None]
        return self.sorted[:, lo].T * (1 - frac) + self.sorted[:, hi].T * frac

    def probability_below(self, year: int, level: float) -> float:
        """Share of draws whose total in `year` is at most `level` tCO2e."""
        row = self.sorted[self.years.index(year)]
        return float(np.searchsorted(row, level + 1e-9, side="right") / len(row))


def simulate(per_factor: np.ndarray, mult: np.ndarray, years: list[int]) -> Simulation:
    """Totals of every draw: tCO2e per factor (years x F) times multipliers (draws x F)."""
    return Simulation(years=list(years), by_year=per_factor @ mult.T)
