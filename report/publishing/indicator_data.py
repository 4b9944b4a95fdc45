"""Commitment indicators as data: the model, and loading and checking the indicator file.

The indicators of the Sitoumus 2050 commitment live in a YAML file named by the organisation
settings (`commitment: {file: commitment.yaml, indicators: indicators.yaml}`); the schema is
described at the top of examples/migri/indicators.yaml. Bad input raises InputError naming the
file and the key: a value in a unit that does not convert to the indicator's unit, a year
outside the commitment period, a missing baseline, an unknown indicator id in the commitment.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pint

from carbon.errors import InputError
from carbon.settings import Organisation
from carbon.units import Q_, parse_unit
from carbon.yamlfile import read_mapping

from .commitment import read_commitment

LABELS_FILE = Path(__file__).with_name("commitment_labels.yaml")
COMPUTED = ("carbon_total", "carbon_reduction_pct")
DIRECTIONS = ("up", "down")


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    """The user-visible texts (report/commitment_labels.yaml)."""
    return read_mapping(LABELS_FILE, "label file")


def text(entry: dict[str, str] | str | None, lang: str = "fi") -> str:
    """A localized string in `lang`, falling back to Finnish, then to any language."""
    if entry is None:
        return ""
    if isinstance(entry, str):
        return entry
    return entry.get(lang) or entry.get("fi") or next(iter(entry.values()), "")


def label(group: str, key: str, lang: str = "fi", **fmt: Any) -> str:
    """A text from commitment_labels.yaml, e.g. label('status', 'met')."""
    entry = labels()[group].get(key) if group in labels() else None
    s = text(entry, lang) if entry is not None else key
    return s.format(**fmt) if fmt else s


# --------------------------------------------------------------------------- data model


@dataclass(frozen=True)
class YearValue:
    year: int
    value: float
    source: str
    note: str = ""


@dataclass(frozen=True)
class Indicator:
    id: str
    name: dict[str, str]
    definition: dict[str, str]
    unit: str
    direction: str
    baseline_year: int
    baseline_value: float | None
    baseline_source: str
    baseline_note: str
    target_year: int | None
    target_value: float | None
    target_source: str
    target_from_org: bool
    values: tuple[YearValue, ...]
    computed: str | None
    decimals: int
    key: str  # where it is in the file, e.g. "indicators[3]"


@dataclass
class Commitment:
    """The commitment file (content/<org>/commitment.yaml) as read, plus where it is."""

    file: Path
    doc: dict[str, Any]
    period: tuple[int, int]

    def goal_of(self) -> dict[str, str]:
        """indicator id -> id of the commitment (goal) that lists it."""
        return {i: c["id"] for c in self.doc.get("commitments", []) for i in c.get("indicators") or []}


@dataclass
class IndicatorSet:
    file: Path
    indicators: list[Indicator]
    commitment: Commitment
    _by_id: dict[str, Indicator] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {i.id: i for i in self.indicators}

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self._by_id[indicator_id]

    def ordered(self) -> list[Indicator]:
        """Indicators in the commitment's order, then the ones no commitment lists."""
        order = [i for c in self.commitment.doc.get("commitments", []) for i in c.get("indicators") or []]
        seen = [self._by_id[i] for i in dict.fromkeys(order) if i in self._by_id]
        return seen + [i for i in self.indicators if i.id not in order]


# --------------------------------------------------------------------------- loading


def _commitment_setting(org: Organisation, key: str) -> Path:
    block = org.raw.get("commitment")
    if not isinstance(block, dict) or not block.get(key):
        raise InputError(org.file, "required setting is missing", key=f"commitment.{key}",
                         code="setting_missing")
    return org.path(block[key])


def load_commitment(org: Organisation) -> Commitment:
    """The commitment file named by `commitment.file` in the organisation settings."""
    path = _commitment_setting(org, "file")
    doc = read_commitment(path)
    period = doc["period"]
    return Commitment(path, doc, (int(period[0]), int(period[1])))


def _is_count(unit: pint.Unit) -> bool:
    return "count" in str(unit)


def convert_value(value: Any, unit: str, to_unit: str) -> float:
    """`value` (a number in `unit`, or a string with its own unit such as "35 %") in `to_unit`.

    Raises ValueError when the units do not convert. Counts are kept apart from the other
    dimensionless units: 12 (count) is not 1200 %.
    """
    target = parse_unit(to_unit)
    if isinstance(value, str):
        try:
            q = Q_(value.strip().replace(",", "."))
        except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, ValueError,
                TypeError, AttributeError, AssertionError):
            raise ValueError(f"cannot read {value!r} as a number with a unit") from None
        if not isinstance(q, pint.Quantity):
            q = Q_(float(q), parse_unit(unit))
    elif isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise ValueError(f"{value!r} is not a number")
    else:
        q = Q_(float(value), parse_unit(unit))
    if _is_count(q.units) != _is_count(target):
        raise ValueError(f"a value in {q.units:~} cannot be given for an indicator in {target:~}")
    try:
        return float(q.to(target).magnitude)
    except pint.errors.DimensionalityError:
        raise ValueError(f"a value in {q.units:~} cannot be given for an indicator in "
                         f"{target:~}") from None


def _year(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _parse_indicator(d: Any, i: int, file: Path, period: tuple[int, int]) -> Indicator:
    key = f"indicators[{i}]"
    if not isinstance(d, dict):
        raise InputError(file, "each indicator must be a mapping", key=key,
                         code="indicator_not_mapping")
    iid = d.get("id")
    if not isinstance(iid, str) or not iid:
        raise InputError(file, "indicator has no id", key=f"{key}.id", code="indicator_no_id")
    key = f"indicators[{i}] ({iid})"

    def fail(msg: str, sub: str = "") -> InputError:
        return InputError(file, msg, key=f"{key}{'.' + sub if sub else ''}")

    name = d.get("name")
    if not isinstance(name, dict) or not name.get("fi"):
        raise fail("name must be {fi: ..., en: ...}", "name")
    definition = d.get("definition")
    if not definition:
        raise fail("definition is missing", "definition")
    definition = definition if isinstance(definition, dict) else {"fi": str(definition)}
    unit = d.get("unit")
    if not unit:
        raise fail("unit is missing", "unit")
    try:
        parse_unit(str(unit))
    except ValueError:
        raise fail(f"unknown unit {unit!r}", "unit") from None
    unit = str(unit)
    direction = d.get("direction")
    if direction not in DIRECTIONS:
        raise fail(f"direction must be up or down, not {direction!r}", "direction")
    computed = d.get("computed")
    if computed is not None and computed not in COMPUTED:
        raise fail(f"computed must be one of {', '.join(COMPUTED)}, not {computed!r}", "computed")
    if computed == "carbon_total" and parse_unit(unit).dimensionality != parse_unit("tCO2e").dimensionality:
        raise fail(f"a computed carbon total needs a CO2e unit, not {unit!r}", "unit")
    if computed == "carbon_reduction_pct" and (not parse_unit(unit).dimensionless or _is_count(parse_unit(unit))):
        raise fail(f"a computed reduction needs a percent unit, not {unit!r}", "unit")
    decimals = d.get("decimals", 1)
    if not _year(decimals) or not 0 <= decimals <= 6:
        raise fail("decimals must be an integer 0–6", "decimals")

    def amount(raw: Any, sub: str, own_unit: Any = None) -> float:
        try:
            return convert_value(raw, str(own_unit or unit), unit)
        except ValueError as exc:
            raise fail(f"wrong unit: {exc}", sub) from None

    # baseline: required, year may be before the period
    b = d.get("baseline")
    if not isinstance(b, dict) or not _year(b.get("year")):
        raise fail("baseline {year, value} is missing", "baseline")
    if b["year"] > period[1]:
        raise fail(f"baseline year {b['year']} is after the commitment period "
                   f"{period[0]}–{period[1]}", "baseline.year")
    if computed and b.get("value") is not None:
        raise fail("a computed indicator takes its baseline value from the calculation",
                   "baseline.value")
    b_value = None if b.get("value") is None else amount(b["value"], "baseline.value", b.get("unit"))

    # target: optional; within the period
    t = d.get("target")
    t_year = t_value = None
    t_source, t_org = "", False
    if t is not None:
        if not isinstance(t, dict) or not _year(t.get("year")):
            raise fail("target must be {year, value, source}", "target")
        t_year = t["year"]
        if not period[0] <= t_year <= period[1]:
            raise fail(f"target year {t_year} is outside the commitment period "
                       f"{period[0]}–{period[1]}", "target.year")
        if t.get("from") is not None:
            if t["from"] != "organisation" or not computed:
                raise fail("'from: organisation' is only for computed carbon indicators",
                           "target.from")
            t_org = True
        elif t.get("value") is not None:
            t_value = amount(t["value"], "target.value", t.get("unit"))
        t_source = str(t.get("source") or "")

    # yearly values
    raw_values = d.get("values") or []
    if computed and raw_values:
        raise fail("a computed indicator cannot also have values", "values")
    if not isinstance(raw_values, list):
        raise fail("values must be a list of {year, value, source}", "values")
    values, years = [], set()
    for j, v in enumerate(raw_values):
        sub = f"values[{j}]"
        if not isinstance(v, dict) or not _year(v.get("year")):
            raise fail("each value needs a year", sub)
        y = v["year"]
        if not period[0] <= y <= period[1]:
            raise fail(f"year {y} is outside the commitment period {period[0]}–{period[1]}",
                       f"{sub}.year")
        if y in years:
            raise fail(f"two values for {y}", f"{sub}.year")
        years.add(y)
        if v.get("value") is None:
            raise fail("value is empty (leave the year out instead)", f"{sub}.value")
        if not v.get("source"):
            raise fail("every value needs its source", f"{sub}.source")
        values.append(YearValue(y, amount(v["value"], f"{sub}.value", v.get("unit")),
                                str(v["source"]), str(v.get("note") or "")))
    return Indicator(
        id=iid, name=name, definition=definition, unit=unit, direction=direction,
        baseline_year=int(b["year"]), baseline_value=b_value, baseline_source=str(b.get("source") or ""),
        baseline_note=str(b.get("note") or ""), target_year=t_year, target_value=t_value,
        target_source=t_source, target_from_org=t_org,
        values=tuple(sorted(values, key=lambda x: x.year)), computed=computed, decimals=decimals,
        key=key)


def load_indicators(org: Organisation) -> IndicatorSet:
    """Read and check the indicator file and the commitment that uses it."""
    commitment = load_commitment(org)
    file = _commitment_setting(org, "indicators")
    doc = read_mapping(file, "indicator file")
    raw = doc.get("indicators")
    if not isinstance(raw, list):
        raise InputError(file, "the file needs a list 'indicators'", key="indicators",
                         code="indicators_not_list")
    items = [_parse_indicator(d, i, file, commitment.period) for i, d in enumerate(raw)]
    seen: set[str] = set()
    for ind in items:
        if ind.id in seen:
            raise InputError(file, f"indicator id '{ind.id}' is defined twice", key=ind.key,
                             code="indicator_twice", params={"id": ind.id})
        seen.add(ind.id)
        if ind.target_from_org and ind.target_year not in {t.year for t in org.targets}:
            raise InputError(file, f"organisation settings have no target for {ind.target_year}",
                             key=f"{ind.key}.target.year",
                             code="indicator_target_year", params={"year": ind.target_year})
    for i, c in enumerate(commitment.doc["commitments"]):
        for j, iid in enumerate(c.get("indicators") or []):
            if iid not in seen:
                raise InputError(commitment.file, f"indicator '{iid}' is not defined in {file}",
                                 key=f"commitments[{i}].indicators[{j}]",
                                 code="indicator_undefined", params={"id": iid, "file": str(file)})
    return IndicatorSet(file, items, commitment)
