"""The emission factor library: loads and validates emission_factors/*.yaml."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pint
from carbon.errors import InputError
from .provenance import ESTIMATE, Provenance, carried_forward, parse_provenance
from carbon.yamlfile import read_yaml
from carbon.units import Q_, parse_unit

METHODS = ("spend-based", "activity-based", "supplier-specific")
REQUIRED_KEYS = ("id", "name", "scope", "method", "unit", "source")
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "emission_factors"


@dataclass(frozen=True)
class Factor:
    """One emission factor with its source; values may vary by year."""

    id: str
    name: dict[str, str]
    scope: int
    category: int | None
    method: str
    unit: str
    values: dict[int, float]
    first_year: int
    last_year: int | None
    price_year: int | None
    source: dict[str, Any]
    provenance: Provenance
    derivation: str
    uncertainty: dict[str, float]
    note: str
    file: str
    zero_allowed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    #: reporting years whose value has another provenance than the factor's own
    year_provenance: dict[int, Provenance] = field(default_factory=dict)
    #: the source value this factor reads (e.g. a database file and line); factors that read
    #: one source value under different ids share one Monte Carlo draw (see `draw_key`)
    source_row: str = ""

    @property
    def draw_key(self) -> str:
        """What the factor's Monte Carlo draw is keyed by: its source row, else its own id, so
        that every factor id reading one source value is drawn together (perfectly correlated)."""
        return self.source_row or self.id

    @property
    def tier(self) -> str:
        """The factor's own provenance tier: published, proxy or estimate."""
        return self.provenance.tier

    @property
    def estimate(self) -> bool:
        """True when the factor as a whole is not a published figure (tier 'estimate')."""
        return self.provenance.tier == ESTIMATE

    def provenance_for(self, year: int) -> Provenance:
        """The provenance of the value used in a year: that year's override, else the factor's;
        a published value of a year-by-year series carried forward to a later year is a proxy."""
        if year in self.year_provenance:
            return self.year_provenance[year]
        usable = [y for y in self.values if y <= year]
        source_year = max(usable) if usable else min(self.values)
        p = self.year_provenance.get(source_year, self.provenance)
        if len(self.values) > 1 and source_year != year:
            return carried_forward(p, year, source_year)
        return p

    def tier_for(self, year: int) -> str:
        """The provenance tier of the value used in a year."""
        return self.provenance_for(year).tier

    def value_for(self, year: int) -> float:
        """The factor's value for a year: that year's, else the latest earlier one carried forward."""
        if year < self.first_year or (self.last_year is not None and year > self.last_year):
            last = self.last_year if self.last_year is not None else "open"
            raise InputError(self.file, f"factor '{self.id}' applies to {self.first_year}–{last}, "
                                        f"not to {year}", key=self.id,
                             code="factor_years_outside" if self.last_year is not None
                             else "factor_year_before_first",
                             params={"id": self.id, "first": self.first_year,
                                     "last": self.last_year, "year": year})
        usable = [y for y in self.values if y <= year]
        return self.values[max(usable)] if usable else self.values[min(self.values)]

    def quantity(self, year: int) -> pint.Quantity:
        """The value for a year as a pint quantity in the factor's unit."""
        return Q_(self.value_for(year), self.unit)

    @property
    def gsd(self) -> float:
        """Geometric standard deviation of a lognormal uncertainty (from gsd, or from a ±% 95 % range)."""
        if "gsd" in self.uncertainty:
            return float(self.uncertainty["gsd"])
        if "pct" in self.uncertainty:
            return math.exp(math.log1p(float(self.uncertainty["pct"]) / 100.0) / 1.96)
        return 1.0

    def source_text(self, estimate_tag: str = "[arvio]") -> str:
        """Publisher, title and year in one line, for tables and the methodology box; an
        estimate is tagged with `estimate_tag` (the caller's language; Finnish by default)."""
        s = self.source
        parts = [str(s.get("publisher", "")).strip(), str(s.get("title", "")).strip()]
        text = ": ".join(p for p in parts if p)
        if s.get("year"):
            text += f" ({s['year']})"
        return text + (f" {estimate_tag}" if self.estimate and estimate_tag else "")


class FactorLibrary:
    """All factors by id, with lookup by year and a tidy table for reports."""

    def __init__(self, factors: dict[str, Factor]) -> None:
        self._factors = factors

    def __contains__(self, factor_id: object) -> bool:
        return factor_id in self._factors

    def __getitem__(self, factor_id: str) -> Factor:
        try:
            return self._factors[factor_id]
        except KeyError:
            raise KeyError(f"unknown emission factor id '{factor_id}'") from None

    def __iter__(self):
        return iter(self._factors.values())

    def __len__(self) -> int:
        return len(self._factors)

    def ids(self) -> list[str]:
        return list(self._factors)

    def table(self, year: int | None = None) -> pd.DataFrame:
        """One row per factor: id, names, scope, category, method, unit, values, source, and its
        provenance (tier, where it was read, what a proxy stands in for and why, derivation);
        with `year`, the provenance of that year's value."""
        rows = []
        for f in self._factors.values():
            p = f.provenance if year is None else f.provenance_for(year)
            rows.append({
                "factor_id": f.id, "name_fi": f.name.get("fi", ""), "name_en": f.name.get("en", ""),
                "scope": f.scope, "ghg_category": f.category, "method": f.method, "unit": f.unit,
                "values": ";".join(f"{y}:{v:g}" for y, v in sorted(f.values.items())),
                "price_year": f.price_year, "source": f.source_text(), "url": f.source.get("url", ""),
                "tier": p.tier, "where": p.where, "stands_for": p.stands_for, "why": p.why,
                "derivation": p.derivation or f.derivation,
                "tier_by_year": ";".join(f"{y}:{q.tier}" for y, q in sorted(f.year_provenance.items())),
                "estimate": p.tier == ESTIMATE, "gsd": round(f.gsd, 4), "file": f.file,
            })
        return pd.DataFrame(rows)


def _positive_number(value: Any, zero_allowed: bool) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return False
    return value > 0 or (zero_allowed and value == 0)


def _parse_entry(entry: dict[str, Any], file: str, index: int) -> Factor:
    key = str(entry.get("id", f"#{index + 1}"))

    def fail(msg: str) -> InputError:
        return InputError(file, msg, key=key, code="factor_invalid", params={"detail": msg})

    for k in REQUIRED_KEYS:
        if entry.get(k) in (None, "", {}):
            raise fail(f"factor entry has no '{k}'")
    source = entry["source"]
    if not isinstance(source, dict) or not source.get("publisher") or not source.get("title"):
        raise fail("source must give at least a publisher and a title")
    if entry["method"] not in METHODS:
        raise fail(f"method '{entry['method']}' is not one of {', '.join(METHODS)}")
    scope = entry["scope"]
    if scope not in (1, 2, 3):
        raise fail(f"scope must be 1, 2 or 3, not {scope!r}")
    category = entry.get("category")
    if scope == 3 and not (isinstance(category, int) and 1 <= category <= 15):
        raise fail(f"a scope 3 factor needs a GHG Protocol category 1–15, not {category!r}")
    try:
        unit = parse_unit(entry["unit"])
    except ValueError:
        raise fail(f"unknown unit '{entry['unit']}'") from None
    try:
        (Q_(1.0, unit) * Q_(1.0, "EUR")).to("kgCO2e")
        per_euro = True
    except pint.errors.DimensionalityError:
        per_euro = False
    if unit.dimensionality.get("[co2e]", 0) != 1:
        raise fail(f"unit '{entry['unit']}' is not a CO2e mass per something")
    zero_allowed = bool(entry.get("zero_allowed", False))
    if "values" in entry and entry["values"] is not None:
        raw = entry["values"]
        if not isinstance(raw, dict) or not raw:
            raise fail("'values' must map years to numbers")
        values = {}
        for y, v in raw.items():
            if not _positive_number(v, zero_allowed):
                raise fail(f"value for {y} is {v!r}, not a positive number")
            values[int(y)] = float(v)
        years = entry.get("years") or [min(values), None]
    elif "value" in entry:
        if not _positive_number(entry["value"], zero_allowed):
            raise fail(f"value {entry['value']!r} is not a positive number")
        years = entry.get("years")
        if not (isinstance(years, list) and len(years) == 2 and isinstance(years[0], int)
                and (years[1] is None or isinstance(years[1], int))):
            raise fail("a factor with a single 'value' needs 'years: [first, last]'")
        values = {int(years[0]): float(entry["value"])}
    else:
        raise fail("factor entry has neither 'value' nor 'values'")
    price_year = entry.get("price_year")
    if entry["method"] == "spend-based":
        if not per_euro:
            raise fail(f"a spend-based factor must be per euro, not '{entry['unit']}'")
        if not isinstance(price_year, int):
            raise fail("a spend-based factor needs its euro 'price_year'")
    provenance, year_provenance = parse_provenance(entry, fail)
    uncertainty = entry.get("uncertainty") or {}
    if not isinstance(uncertainty, dict) or not all(k in ("gsd", "pct") for k in uncertainty):
        raise fail("uncertainty must be {gsd: number} or {pct: number}")
    known = {"id", "name", "scope", "category", "method", "unit", "value", "values", "years",
             "price_year", "source", "provenance", "derivation", "uncertainty", "note",
             "zero_allowed", "source_row"}
    source_row = entry.get("source_row")
    if source_row is not None and not (isinstance(source_row, str) and source_row.strip()):
        raise fail("source_row must be a non-empty text naming the source value read")
    name = entry["name"] if isinstance(entry["name"], dict) else {"fi": str(entry["name"])}
    return Factor(
        id=key, name=name, scope=int(scope), category=category if scope == 3 else None,
        method=entry["method"], unit=str(entry["unit"]), values=values,
        first_year=int(years[0]) if years[0] is not None else min(values),
        last_year=int(years[1]) if years[1] is not None else None,
        price_year=price_year, source=source, provenance=provenance,
        derivation=str(entry.get("derivation") or ""), uncertainty=uncertainty,
        note=str(entry.get("note") or ""), file=file, zero_allowed=zero_allowed,
        extra={k: v for k, v in entry.items() if k not in known},
        year_provenance=year_provenance, source_row=(source_row or "").strip(),
    )


def parse_factor_entry(entry: dict[str, Any], file: str, index: int) -> Factor:
    """One factor entry of a factor file, validated as `load_factors` validates it (for
    writers that check an entry before they write it)."""
    return _parse_entry(entry, file, index)


def load_factors(directories: str | Path | list[str | Path] = DEFAULT_DIR) -> FactorLibrary:
    """Read every *.yaml in the directories (the common library, then an organisation's own);
    a duplicate id, missing source, unknown unit or non-positive value raises InputError
    naming the file and the entry."""
    dirs = [Path(d) for d in (directories if isinstance(directories, list) else [directories])]
    for d in dirs:  # a mistyped folder would otherwise drop its factors without a word
        if not d.is_dir():
            raise InputError(d, "emission factor folder not found",
                             code="factor_folder_not_found")
    files = [f for d in dirs for f in sorted(d.glob("*.yaml"))]
    if not files:
        raise InputError(", ".join(map(str, dirs)), "no emission factor files (*.yaml) found",
                         code="factor_files_none")
    factors: dict[str, Factor] = {}
    for path in files:
        doc = read_yaml(path, "factor file")
        if doc is None:
            continue
        if not isinstance(doc, dict) or not isinstance(doc.get("factors"), list):
            raise InputError(path, "expected a top-level 'factors:' list",
                             code="factors_not_list")
        for i, entry in enumerate(doc["factors"]):
            if not isinstance(entry, dict):
                raise InputError(path, f"entry #{i + 1} is not a mapping",
                                 code="factor_entry_not_mapping", params={"number": i + 1})
            factor = _parse_entry(entry, str(path), i)
            if factor.id in factors:
                raise InputError(path, f"duplicate factor id (also in {factors[factor.id].file})",
                                 key=factor.id, code="factor_id_twice",
                                 params={"other": factors[factor.id].file})
            factors[factor.id] = factor
    _check_source_rows(factors)
    for factor in factors.values():  # a fallback (a supplier's answer's earlier years) must exist
        fallback = factor.extra.get("fallback_factor")
        if fallback is not None and fallback not in factors:
            raise InputError(factor.file, f"fallback_factor '{fallback}' is not a known factor",
                             key=factor.id, code="factor_fallback_unknown",
                             params={"id": factor.id, "fallback": fallback})
    return FactorLibrary(factors)


def _check_source_rows(factors: dict[str, Factor]) -> None:
    """Factors naming one source row in one unit read one source value: their values and
    uncertainty must agree, or the shared draw (and the row named) would be wrong. A factor in
    another unit derived from that value (e.g. per night from per euro) may name the row to
    share its draw."""
    first: dict[tuple[str, str], Factor] = {}
    for f in factors.values():
        if not f.source_row:
            continue
        other = first.setdefault((f.source_row, f.unit), f)
        if other is not f and (other.values != f.values or other.gsd != f.gsd):
            raise InputError(f.file, f"factor '{f.id}' names source row '{f.source_row}' as "
                                     f"'{other.id}' does, but its value or uncertainty differs",
                             key=f.id, code="factor_source_row_differs",
                             params={"id": f.id, "other": other.id, "row": f.source_row})
