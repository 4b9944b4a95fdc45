"""Indicators as data: the model, and loading and checking an indicator file.

One model serves two kinds of indicator set:

- ``commitment``: the indicators of the Sitoumus 2050 commitment, in a YAML file named by the
  organisation settings (`commitment: {file: commitment.yaml, indicators: indicators.yaml}`;
  schema at the top of examples/migri/indicators.yaml); one target each;
- ``performance``: the indicators of the performance agreement (tulossopimus), in the file
  named by `performance: {file: performance.yaml}` (schema at the top of
  examples/migri/performance.yaml, loaded by performance_data.py); yearly targets or a
  threshold for every year, or qualitative.

Bad input raises InputError naming the file and the key: a value in a unit that does not
convert to the indicator's unit, a year outside the period, a missing baseline, an unknown
indicator id in the commitment or the agreement.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import pint

from carbon.errors import InputError
from carbon.readers.settings import Organisation
from carbon.units import Q_, parse_unit
from carbon.yamlfile import read_mapping

from .commitment import read_commitment

LABELS_FILE = Path(__file__).with_name("labels.yaml")
COMPUTED = ("carbon_total", "carbon_reduction_pct")
DIRECTIONS = ("up", "down")
KINDS = ("commitment", "performance")
LANGS = ("fi", "sv", "en")


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    """The user-visible texts (report/publishing/indicators/labels.yaml)."""
    return read_mapping(LABELS_FILE, "label file")


def text(entry: dict[str, str] | str | None, lang: str = "fi") -> str:
    """A localized string in `lang`, falling back to Finnish, then to any language."""
    if entry is None:
        return ""
    if isinstance(entry, str):
        return entry
    return entry.get(lang) or entry.get("fi") or next(iter(entry.values()), "")


def label(group: str, key: str, lang: str = "fi", **fmt: Any) -> str:
    """A text from labels.yaml, e.g. label('status', 'met')."""
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
class Target:
    """A target value of one year (`from_org`: the organisation's reduction target of that
    year, resolved by the calculator; `strict`: the value must be beyond it, not equal)."""

    year: int
    value: float | None
    source: str = ""
    strict: bool = False
    from_org: bool = False


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
    kind: str = "commitment"
    #: every numeric target by year (the commitment's one target; the agreement's yearly ones)
    targets: tuple[Target, ...] = ()
    qualitative: bool = False
    code: str = ""                       # the agreement's number, e.g. "8.1"
    themes: tuple[str, ...] = ()         # responsibility themes (performance)
    sdg_targets: tuple[str, ...] = ()    # SDG target codes (performance)
    target_text: Any = None              # {lang: text}: a target in words (qualitative)
    missing_reason: Any = None           # {lang: text}: why no value is published
    baseline_given: bool = True          # False: an agreement's indicator without a baseline
    #: published (in the organisation's published commitment) or proposal (the organisation's
    #: own, not published); a proposal is exported to Sitoumus 2050 only when `adopted`
    origin: str = "published"
    adopted: bool = False
    #: who set the target: organisation, ministry (a branch-wide target) or derived (worked
    #: out from the commitment's text, not published as a number)
    target_set_by: str = "organisation"


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
    """The indicators of one set: `kind` commitment (with its `commitment`) or performance
    (with its `agreement`, see performance_data.py)."""

    file: Path
    indicators: list[Indicator]
    commitment: Commitment | None
    kind: str = "commitment"
    agreement: Any = None
    _by_id: dict[str, Indicator] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {i.id: i for i in self.indicators}

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self._by_id[indicator_id]

    def groups(self) -> list[dict[str, Any]]:
        """The goals the indicators belong to, in order: the commitment's commitments or the
        agreement's operational targets (each a mapping with id, title and indicators)."""
        if self.kind == "performance":
            return list(self.agreement.targets)
        return list(self.commitment.doc.get("commitments", []))

    def group_of(self) -> dict[str, str]:
        """indicator id -> id of the goal (commitment or operational target) that lists it."""
        return {i: g["id"] for g in self.groups() for i in g.get("indicators") or []}

    def ordered(self) -> list[Indicator]:
        """Indicators in the goals' order, then the ones no goal lists."""
        order = [i for g in self.groups() for i in g.get("indicators") or []]
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


def localized_text(raw: Any, fail: Callable[..., InputError], sub: str,
                   langs: tuple[str, ...] = ("fi",)) -> dict[str, str]:
    """A {lang: text} mapping that has every language of `langs`, or InputError at `sub`."""
    if not isinstance(raw, dict) or not all(isinstance(raw.get(lg), str) and raw[lg].strip()
                                            for lg in langs):
        form = f"{{{', '.join(f'{lg}: ...' for lg in langs)}}}"
        raise fail(f"must be {form}", sub, code="text_langs_missing",
                   params={"name": sub, "form": form})
    return {str(k): str(v) for k, v in raw.items()}


def _parse_values(d: dict[str, Any], fail: Callable[..., InputError], period: tuple[int, int],
                  what: str, amount: Callable[[Any, str, Any], float]) -> list[YearValue]:
    raw_values = d.get("values") or []
    if not isinstance(raw_values, list):
        raise fail("values must be a list of {year, value, source}", "values",
                   code="ind_values_not_list")
    values, years = [], set()
    for j, v in enumerate(raw_values):
        sub = f"values[{j}]"
        if not isinstance(v, dict) or not _year(v.get("year")):
            raise fail("each value needs a year", sub, code="ind_value_no_year")
        y = v["year"]
        if not period[0] <= y <= period[1]:
            raise fail(f"year {y} is outside the {what} period {period[0]}–{period[1]}",
                       f"{sub}.year", code="ind_year_outside_agreement" if what == "agreement"
                       else "ind_year_outside_commitment",
                       params={"year": y, "first": period[0], "last": period[1]})
        if y in years:
            raise fail(f"two values for {y}", f"{sub}.year", code="ind_value_twice",
                       params={"year": y})
        years.add(y)
        if v.get("value") is None:
            raise fail("value is empty (leave the year out instead)", f"{sub}.value",
                       code="ind_value_empty")
        if not v.get("source"):
            raise fail("every value needs its source", f"{sub}.source", code="ind_value_no_source")
        values.append(YearValue(y, amount(v["value"], f"{sub}.value", v.get("unit")),
                                str(v["source"]), str(v.get("note") or "")))
    return sorted(values, key=lambda x: x.year)


def _parse_commitment_target(d: dict[str, Any], fail: Callable[..., InputError],
                             period: tuple[int, int], computed: str | None,
                             amount: Callable[[Any, str, Any], float]) -> Target | None:
    """The commitment indicator's one target {year, value, source} or {year, from}."""
    t = d.get("target")
    if t is None:
        return None
    if not isinstance(t, dict) or not _year(t.get("year")):
        raise fail("target must be {year, value, source}", "target", code="ind_target_invalid")
    if not period[0] <= t["year"] <= period[1]:
        raise fail(f"target year {t['year']} is outside the commitment period "
                   f"{period[0]}–{period[1]}", "target.year", code="ind_target_outside_commitment",
                   params={"year": t["year"], "first": period[0], "last": period[1]})
    from_org, value = False, None
    if t.get("from") is not None:
        if t["from"] != "organisation" or not computed:
            raise fail("'from: organisation' is only for computed carbon indicators", "target.from",
                       code="ind_from_not_computed")
        from_org = True
    elif t.get("value") is not None:
        value = amount(t["value"], "target.value", t.get("unit"))
    return Target(t["year"], value, str(t.get("source") or ""), False, from_org)


def _parse_yearly_targets(d: dict[str, Any], fail: Callable[..., InputError],
                          period: tuple[int, int], computed: str | None,
                          amount: Callable[[Any, str, Any], float],
                          in_force: tuple[int, int] | None = None) -> tuple[Target, ...]:
    """A performance indicator's `targets: [{year, value|from, source, strict}]` and
    `threshold: {value, source, strict}` (the same value in every year the agreement is in
    force: `in_force`, default the period; a threshold is not carried past it)."""
    raw, threshold = d.get("targets") or [], d.get("threshold")
    if not isinstance(raw, list):
        raise fail("targets must be a list of {year, value, source}", "targets",
                   code="ind_targets_not_list")
    if raw and threshold is not None:
        raise fail("give yearly targets or a threshold, not both", "threshold",
                   code="ind_targets_and_threshold")
    out: dict[int, Target] = {}
    for j, t in enumerate(raw):
        sub = f"targets[{j}]"
        if not isinstance(t, dict) or not _year(t.get("year")):
            raise fail("each target needs a year", sub, code="ind_target_no_year")
        if not period[0] <= t["year"] <= period[1]:
            raise fail(f"target year {t['year']} is outside the agreement period "
                       f"{period[0]}–{period[1]}", f"{sub}.year", code="ind_target_outside_agreement",
                       params={"year": t["year"], "first": period[0], "last": period[1]})
        if t["year"] in out:
            raise fail(f"two targets for {t['year']}", f"{sub}.year", code="ind_target_twice",
                       params={"year": t["year"]})
        if t.get("from") is not None:
            if t["from"] != "organisation" or not computed:
                raise fail("'from: organisation' is only for computed carbon indicators",
                           f"{sub}.from", code="ind_from_not_computed")
            out[t["year"]] = Target(t["year"], None, str(t.get("source") or ""), False, True)
            continue
        if t.get("value") is None:
            raise fail("a target needs a value (a target in words goes to target_text)",
                       f"{sub}.value", code="ind_target_no_value")
        if not t.get("source"):
            raise fail("every target needs its source", f"{sub}.source", code="ind_target_no_source")
        out[t["year"]] = Target(t["year"], amount(t["value"], f"{sub}.value", t.get("unit")),
                                str(t["source"]), bool(t.get("strict", False)))
    if threshold is not None:
        if not isinstance(threshold, dict) or threshold.get("value") is None \
                or not threshold.get("source"):
            raise fail("threshold must be {value, source, strict}", "threshold",
                       code="ind_threshold_invalid")
        value = amount(threshold["value"], "threshold.value", threshold.get("unit"))
        first, last = in_force or period
        for y in range(first, last + 1):
            out[y] = Target(y, value, str(threshold["source"]), bool(threshold.get("strict", False)))
    return tuple(out[y] for y in sorted(out))


def _parse_indicator(d: Any, i: int, file: Path, period: tuple[int, int],
                     kind: str = "commitment",
                     in_force: tuple[int, int] | None = None) -> Indicator:
    key = f"indicators[{i}]"
    if not isinstance(d, dict):
        raise InputError(file, "each indicator must be a mapping", key=key,
                         code="indicator_not_mapping")
    iid = d.get("id")
    if not isinstance(iid, str) or not iid:
        raise InputError(file, "indicator has no id", key=f"{key}.id", code="indicator_no_id")
    key = f"indicators[{i}] ({iid})"
    performance = kind == "performance"

    def fail(msg: str, sub: str = "", code: str | None = None,
             params: dict[str, Any] | None = None) -> InputError:
        return InputError(file, msg, key=f"{key}{'.' + sub if sub else ''}", code=code,
                          params=params)

    name = d.get("name")
    if performance:
        name = localized_text(name, lambda m, s, **kw: fail(f"name {m}", s, **kw), "name", LANGS)
    elif not isinstance(name, dict) or not name.get("fi"):
        raise fail("name must be {fi: ..., en: ...}", "name", code="ind_name_invalid")
    definition = d.get("definition")
    if not definition:
        raise fail("definition is missing", "definition", code="ind_definition_missing")
    definition = definition if isinstance(definition, dict) else {"fi": str(definition)}
    qualitative = bool(d.get("qualitative", False)) if performance else False
    if qualitative:
        for sub in ("values", "targets", "threshold", "computed", "baseline"):
            if d.get(sub):
                raise fail(f"a qualitative indicator has no {sub}", sub, code="ind_qualitative_has",
                           params={"name": sub})
    unit = "" if qualitative else d.get("unit")
    if not qualitative and not unit:
        raise fail("unit is missing", "unit", code="ind_unit_missing")
    if unit:
        try:
            parse_unit(str(unit))
        except ValueError:
            raise fail(f"unknown unit {unit!r}", "unit", code="unit_unknown",
                       params={"value": str(unit)}) from None
    unit = str(unit)
    direction = d.get("direction", "none" if qualitative else None)
    # an agreement's indicator without a target may leave the better way open
    allowed = DIRECTIONS + ("none",) if performance and not (d.get("targets") or d.get("threshold")) \
        else DIRECTIONS
    if direction not in allowed:
        raise fail(f"direction must be {' or '.join(allowed)}, not {direction!r}", "direction",
                   code="ind_direction_invalid",
                   params={"known": ", ".join(allowed), "value": repr(direction)})
    computed = d.get("computed")
    if computed is not None and computed not in COMPUTED:
        raise fail(f"computed must be one of {', '.join(COMPUTED)}, not {computed!r}", "computed",
                   code="ind_computed_invalid",
                   params={"known": ", ".join(COMPUTED), "value": repr(computed)})
    if computed == "carbon_total" and parse_unit(unit).dimensionality != parse_unit("tCO2e").dimensionality:
        raise fail(f"a computed carbon total needs a CO2e unit, not {unit!r}", "unit",
                   code="ind_total_unit", params={"value": repr(unit)})
    if computed == "carbon_reduction_pct" and (not parse_unit(unit).dimensionless or _is_count(parse_unit(unit))):
        raise fail(f"a computed reduction needs a percent unit, not {unit!r}", "unit",
                   code="ind_reduction_unit", params={"value": repr(unit)})
    decimals = d.get("decimals", 1)
    if not _year(decimals) or not 0 <= decimals <= 6:
        raise fail("decimals must be an integer 0–6", "decimals", code="ind_decimals_invalid")

    def amount(raw: Any, sub: str, own_unit: Any = None) -> float:
        try:
            return convert_value(raw, str(own_unit or unit), unit)
        except ValueError as exc:
            raise fail(f"wrong unit: {exc}", sub, code="ind_wrong_unit",
                       params={"detail": str(exc)}) from None

    what = "agreement" if performance else "commitment"
    # baseline: required for the commitment, optional in the agreement; the year may precede
    # the period
    b = d.get("baseline")
    extra: dict[str, Any] = {"baseline_given": b is not None}
    if b is None and performance:
        b = {"year": period[0] - 1}
    if not isinstance(b, dict) or not _year(b.get("year")):
        raise fail("baseline {year, value} is missing", "baseline", code="ind_baseline_missing")
    if b["year"] > period[1]:
        raise fail(f"baseline year {b['year']} is after the {what} period "
                   f"{period[0]}–{period[1]}", "baseline.year",
                   code="ind_baseline_after_agreement" if performance
                   else "ind_baseline_after_commitment",
                   params={"year": b["year"], "first": period[0], "last": period[1]})
    if computed and b.get("value") is not None:
        raise fail("a computed indicator takes its baseline value from the calculation",
                   "baseline.value", code="ind_baseline_computed")
    b_value = None if b.get("value") is None else amount(b["value"], "baseline.value", b.get("unit"))

    if performance:
        if d.get("target") is not None:
            raise fail("the agreement's indicators give `targets` by year or a `threshold`",
                       "target", code="ind_agreement_target")
        targets = _parse_yearly_targets(d, fail, period, computed, amount, in_force)
        one = targets[-1] if targets else None
    else:
        one = _parse_commitment_target(d, fail, period, computed, amount)
        targets = (one,) if one is not None and (one.value is not None or one.from_org) else ()
    if computed and d.get("values"):
        raise fail("a computed indicator cannot also have values", "values",
                   code="ind_computed_values")
    values = _parse_values(d, fail, period, what, amount)
    if performance:
        for sub in ("target_text", "missing_reason"):
            if d.get(sub) is not None:
                extra[sub] = localized_text(d[sub], lambda m, s, **kw: fail(f"{s} {m}", s, **kw),
                                            sub, LANGS)
        for sub in ("themes", "sdg_targets"):
            raw = d.get(sub) or []
            if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
                raise fail(f"{sub} must be a list of quoted ids", sub, code="ind_ids_not_list",
                           params={"name": sub})
            extra[sub] = tuple(raw)
        extra["code"] = str(d.get("code") or "")
    else:
        extra |= _parse_origin(d, fail)
    return Indicator(
        id=iid, name=name, definition=definition, unit=unit, direction=direction,
        baseline_year=int(b["year"]), baseline_value=b_value, baseline_source=str(b.get("source") or ""),
        baseline_note=str(b.get("note") or ""), target_year=one.year if one else None,
        target_value=one.value if one else None, target_source=one.source if one else "",
        target_from_org=bool(one and one.from_org),
        values=tuple(values), computed=computed, decimals=decimals, key=key, kind=kind,
        targets=targets, qualitative=qualitative, **extra)


ORIGINS = ("published", "proposal")
TARGET_SETTERS = ("organisation", "ministry", "derived")


def _parse_origin(d: dict[str, Any], fail: Any) -> dict[str, Any]:
    """`origin`, `adopted` and `target.set_by` of a commitment indicator: where it and its
    target come from, so that a proposal is never exported as published."""
    origin = d.get("origin", "published")
    if origin not in ORIGINS:
        raise fail(f"origin must be {' or '.join(ORIGINS)}, not {origin!r}", "origin",
                   code="ind_origin_invalid", params={"known": ", ".join(ORIGINS),
                                                      "value": repr(origin)})
    adopted = d.get("adopted", False)
    if not isinstance(adopted, bool):
        raise fail("adopted must be true or false", "adopted", code="ind_adopted_invalid")
    t = d.get("target") if isinstance(d.get("target"), dict) else {}
    set_by = t.get("set_by", "organisation")
    if set_by not in TARGET_SETTERS:
        raise fail(f"target.set_by must be one of {', '.join(TARGET_SETTERS)}, not {set_by!r}",
                   "target.set_by", code="ind_target_set_by_invalid",
                   params={"known": ", ".join(TARGET_SETTERS), "value": repr(set_by)})
    return {"origin": origin, "adopted": adopted, "target_set_by": set_by}


def parse_indicators(doc: dict[str, Any], file: Path, period: tuple[int, int], org: Organisation,
                     kind: str = "commitment",
                     in_force: tuple[int, int] | None = None) -> list[Indicator]:
    """The `indicators` list of an indicator file, checked (unique ids, organisation targets);
    an agreement's thresholds hold in the years it is in force (`in_force`)."""
    raw = doc.get("indicators")
    if not isinstance(raw, list):
        raise InputError(file, "the file needs a list 'indicators'", key="indicators",
                         code="indicators_not_list")
    items = [_parse_indicator(d, i, file, period, kind, in_force) for i, d in enumerate(raw)]
    seen: set[str] = set()
    org_years = {t.year for t in org.targets}
    for ind in items:
        if ind.id in seen:
            raise InputError(file, f"indicator id '{ind.id}' is defined twice", key=ind.key,
                             code="indicator_twice", params={"id": ind.id})
        seen.add(ind.id)
        for j, t in enumerate(ind.targets):
            if t.from_org and t.year not in org_years:
                sub = "target.year" if kind == "commitment" else f"targets[{j}].year"
                raise InputError(file, f"organisation settings have no target for {t.year}",
                                 key=f"{ind.key}.{sub}",
                                 code="indicator_target_year", params={"year": t.year})
    return items


def load_indicators(org: Organisation, kind: str = "commitment") -> IndicatorSet:
    """Read and check an indicator set: the commitment's (its indicator file and the commitment
    that uses it) or, with kind="performance", the performance agreement's."""
    if kind == "performance":
        from .agreement import load_performance
        return load_performance(org)
    if kind not in KINDS:
        raise ValueError(f"unknown indicator set {kind!r} (known: {', '.join(KINDS)})")
    commitment = load_commitment(org)
    file = _commitment_setting(org, "indicators")
    doc = read_mapping(file, "indicator file")
    items = parse_indicators(doc, file, commitment.period, org)
    seen = {i.id for i in items}
    for i, c in enumerate(commitment.doc["commitments"]):
        for j, iid in enumerate(c.get("indicators") or []):
            if iid not in seen:
                raise InputError(commitment.file, f"indicator '{iid}' is not defined in {file}",
                                 key=f"commitments[{i}].indicators[{j}]",
                                 code="indicator_undefined", params={"id": iid, "file": str(file)})
    return IndicatorSet(file, items, commitment)
