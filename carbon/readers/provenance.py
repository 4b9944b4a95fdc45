"""Provenance tier of an emission factor: where its number comes from.

- `published`: the value as read in the source; `where` says where (table, page, or file and row).
- `proxy`: a published value for a neighbouring region, year or product; `stands_for` says what it
  stands in for, `why` why it was chosen, `where` where the stand-in value was read.
- `estimate`: not a published figure; the factor's `derivation` says how it was made.

A factor has one tier, optionally overridden for single reporting years (`years:`). A year whose
value is carried forward from an earlier year of a year-by-year series is at best a proxy.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

PUBLISHED, PROXY, ESTIMATE = "published", "proxy", "estimate"
TIERS = (PUBLISHED, PROXY, ESTIMATE)
KEYS = {"tier", "where", "stands_for", "why", "derivation", "years"}


@dataclass(frozen=True)
class Provenance:
    """The tier of one value and what backs it."""

    tier: str
    where: str = ""
    stands_for: str = ""
    why: str = ""
    derivation: str = ""

    def text(self) -> str:
        """One line for tables and traces: the tier and what backs it."""
        if self.tier == PUBLISHED:
            return f"published: {self.where}"
        if self.tier == PROXY:
            return f"proxy for {self.stands_for} ({self.why.rstrip('.')}); read in {self.where}"
        return f"estimate: {self.derivation}"


def _one(raw: Any, derivation: str, fail: Callable[[str], Exception], label: str) -> Provenance:
    """Validate one provenance mapping; `derivation` is the factor's own (used by estimates)."""
    if not isinstance(raw, dict):
        raise fail(f"{label} must be a mapping with a 'tier' ({', '.join(TIERS)})")
    unknown = set(raw) - KEYS
    if unknown:
        raise fail(f"{label} has unknown keys: {', '.join(sorted(map(str, unknown)))}")
    tier = raw.get("tier")
    if tier not in TIERS:
        raise fail(f"{label} tier {tier!r} is not one of {', '.join(TIERS)}")
    text = {k: str(raw.get(k) or "").strip() for k in ("where", "stands_for", "why", "derivation")}
    if tier == PUBLISHED and not text["where"]:
        raise fail(f"{label}: a published value must say where it was read "
                   "('where': table, page, or file and row)")
    if tier == PROXY:
        missing = [k for k in ("stands_for", "why", "where") if not text[k]]
        if missing:
            raise fail(f"{label}: a proxy must say what it stands in for, why, and where it was "
                       f"read (missing: {', '.join(missing)})")
    if tier == ESTIMATE:
        text["derivation"] = text["derivation"] or derivation
        if not text["derivation"]:
            raise fail(f"{label}: an estimate must say how it was made ('derivation')")
    return Provenance(tier=tier, **text)


def parse_provenance(entry: dict[str, Any], fail: Callable[[str], Exception]
                     ) -> tuple[Provenance, dict[int, Provenance]]:
    """The factor's provenance and its per-year overrides from a factor entry; a missing or
    incomplete tier raises `fail(message)`."""
    if "estimate" in entry:
        raise fail("'estimate' is replaced by 'provenance: {tier: published|proxy|estimate}'")
    raw = entry.get("provenance")
    if raw is None:
        raise fail("factor entry has no provenance tier ('provenance: {tier: published, where: ...}', "
                   "'{tier: proxy, stands_for: ..., why: ..., where: ...}' or '{tier: estimate}' "
                   "with a 'derivation')")
    derivation = str(entry.get("derivation") or "").strip()
    default = _one(raw, derivation, fail, "provenance")
    years: dict[int, Provenance] = {}
    by_year = raw.get("years") or {}
    if not isinstance(by_year, dict):
        raise fail("provenance 'years' must map years to provenance mappings")
    for year, item in by_year.items():
        try:
            y = int(year)
        except (TypeError, ValueError):
            raise fail(f"provenance 'years' key {year!r} is not a year") from None
        years[y] = _one(item, derivation, fail, f"provenance of {y}")
    return default, years


def carried_forward(p: Provenance, year: int, source_year: int) -> Provenance:
    """A published value used for a later year it was not published for is a proxy."""
    if p.tier != PUBLISHED:
        return p
    return Provenance(PROXY, where=p.where, stands_for=f"the {year} value",
                      why=f"no {year} value in the source; the {source_year} value is carried forward")
