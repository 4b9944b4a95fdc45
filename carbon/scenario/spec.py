"""Scenario files (YAML) read and checked against the lever vocabulary (vocabulary.yaml).

A scenario names the inventory year it starts from (`base_year`, default the latest year with
data), the last year (`until`, default 2035), optionally the scope 2 basis, and a list of levers.
Every problem raises InputError naming the file and the lever (`levers[i] (name)`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from carbon.errors import InputError
from carbon.yamlfile import read_mapping, read_yaml
from carbon.readers.years import is_year, year_range
from carbon.units import parse_unit

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")
DEFAULT_UNTIL = 2035
SCENARIO_KEYS = {"id", "name", "description", "base_year", "until", "basis", "levers", "note"}


@dataclass(frozen=True)
class LeverSpec:
    """One lever of a scenario: its kind, the years it acts in and its checked parameters.

    Time-varying parameters (share, pct, change, level, values) are given per year in `series`.
    """

    index: int
    name: str
    type: str
    labels: dict[str, str]
    years: tuple[int, ...]
    params: dict[str, Any]
    series: dict[str, dict[int, float]]
    note: str = ""

    def label_in(self, lang: str = "fi") -> str:
        """The lever's label in a language (the scenario's own label, else the vocabulary's)."""
        return self.labels.get(lang) or self.labels.get("fi") or next(iter(self.labels.values()))

    @property
    def key(self) -> str:
        """How errors name this lever: its position and kind."""
        return f"levers[{self.index}] ({self.name})"


@dataclass(frozen=True)
class Scenario:
    """A checked scenario: where it starts, until when, on which basis, with which levers."""

    file: str
    id: str
    name: dict[str, str]
    description: str
    start_year: int
    until: int
    basis: str | None
    levers: tuple[LeverSpec, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def name_in(self, lang: str = "fi") -> str:
        """The scenario's name in a language (else any name, else its id)."""
        return self.name.get(lang) or next(iter(self.name.values()), self.id)

    @property
    def years(self) -> list[int]:
        """The projection years, from the start year to `until`."""
        return list(range(self.start_year, self.until + 1))


@lru_cache(maxsize=4)
def load_vocabulary(path: str | Path = VOCABULARY_FILE) -> dict[str, Any]:
    """The lever vocabulary and the user-facing labels."""
    return read_mapping(Path(path), "lever vocabulary")


def parse_years(value: Any, file: str, key: str) -> list[int]:
    """Years from 2024, '2024-2035', [2024, '2026-2028'] or a comma list; sorted, unique."""
    items = value if isinstance(value, list) else [value]
    years: set[int] = set()
    for item in items:
        if isinstance(item, bool):
            raise InputError(file, f"years: {item!r} is not a year or range", key=key,
                             code="sc_years_item", params={"value": repr(item)})
        if isinstance(item, int):
            years.add(item)
            continue
        for part in str(item).split(","):
            part = part.strip().replace("–", "-")
            try:
                if "-" in part[1:]:
                    a, b = (int(x) for x in part.split("-", 1))
                    if b < a:
                        raise ValueError
                else:
                    a = b = int(part)
            except ValueError:
                raise InputError(file, f"years: {part!r} is not a year or a range like 2024-2035",
                                 key=key,
                                 code="sc_years_part", params={"value": repr(part)}) from None
            if not (is_year(a) and is_year(b)):   # before a range of a billion years is made
                first, last = year_range()
                raise InputError(file, f"years: {part!r} is not a year or a range of years "
                                 f"between {first} and {last}", key=key, code="sc_years_range",
                                 params={"value": repr(part), "first": first, "last": last})
            years.update(range(a, b + 1))
    if not years:
        raise InputError(file, "years: no years given", key=key, code="sc_years_empty")
    return sorted(years)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _check_number(v: Any, kind: str, spec: dict, file: str, key: str, what: str) -> float:
    if not _is_number(v):
        raise InputError(file, f"{what} must be a number, not {v!r}", key=key,
                         code="sc_not_number", params={"what": what, "value": repr(v)})
    v = float(v)
    if kind == "share" and not 0 <= v <= 100:
        raise InputError(file, f"{what} {v:g} % is outside 0–100 %", key=key,
                         code="sc_share_range", params={"what": what, "value": f"{v:g}"})
    if kind == "pct_change" and v < -100:
        raise InputError(file, f"{what} {v:g} % would take the activity below zero", key=key,
                         code="sc_below_zero", params={"what": what, "value": f"{v:g}"})
    lo, hi = spec.get("min"), spec.get("max")
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        bounds = f"{lo if lo is not None else '−∞'}–{hi if hi is not None else '∞'}"
        raise InputError(file, f"{what} {v:g} is outside {bounds}", key=key,
                         code="sc_out_of_bounds",
                         params={"what": what, "value": f"{v:g}", "bounds": bounds})
    return v


def _path_year(value: Any, file: str, key: str, what: str) -> int:
    """A key of a year path {year: value}: a year (2025 or "2025") within year_range()."""
    text = str(value).strip()
    if isinstance(value, bool) or not (isinstance(value, int) or text.lstrip("-").isdigit()):
        raise InputError(file, f"{what}: the keys of a trajectory must be years", key=key,
                         code="sc_trajectory_keys", params={"what": what})
    year = int(text)
    if not is_year(year):
        first, last = year_range()
        raise InputError(file, f"{what}: {year} is not a year between {first} and {last}",
                         key=key, code="sc_trajectory_year_range",
                         params={"what": what, "year": year, "first": first, "last": last})
    return year


def _series(raw: Any, kind: str, spec: dict, years: list[int] | None, until: int, file: str,
            key: str, what: str) -> tuple[dict[int, float], list[int]]:
    """A time-varying parameter per year: a number for every year, or a {year: value} map
    (shares and trajectories interpolate between given years; changes apply in given years)."""
    if isinstance(raw, dict):
        points = {}
        for y, v in raw.items():
            year = _path_year(y, file, key, what)
            if year in points:
                raise InputError(file, f"{what}: the year {year} is given twice", key=key,
                                 code="sc_trajectory_year_twice", params={"what": what, "year": year})
            points[year] = _check_number(v, kind, spec, file, key, f"{what} for {y}")
        if not points:
            raise InputError(file, f"{what}: the trajectory is empty", key=key,
                             code="sc_trajectory_empty", params={"what": what})
        first = min(points)
        if kind in ("share", "values"):
            ys = years or list(range(first, until + 1))
            early = [y for y in ys if y < first]
            if early:
                raise InputError(file, f"{what}: year {early[0]} is before the trajectory's first "
                                 f"year {first}", key=key,
                                 code="sc_trajectory_early",
                                 params={"what": what, "year": early[0], "first": first})
            xs = sorted(points)
            vals = np.interp(ys, xs, [points[x] for x in xs])
            return {y: float(v) for y, v in zip(ys, vals)}, ys
        ys = years or sorted(points)
        missing = [y for y in ys if y not in points]
        if missing:
            raise InputError(file, f"{what}: no value for {missing[0]} (a yearly change needs a "
                             "value for each listed year)", key=key,
                             code="sc_trajectory_gap", params={"what": what, "year": missing[0]})
        return {y: points[y] for y in ys}, ys
    if kind == "values":
        raise InputError(file, f"{what} must be a trajectory {{year: value}}", key=key,
                         code="sc_not_trajectory", params={"what": what})
    value = _check_number(raw, kind, spec, file, key, what)
    if years is None:
        raise InputError(file, "say which years the lever applies to ('years: 2024-2035'), "
                         f"or give {what} as {{year: value}}", key=key,
                         code="sc_years_missing", params={"what": what})
    return {y: value for y in years}, years


def parse_lever(raw: Any, index: int, file: str, start_year: int, until: int,
                vocabulary: dict[str, Any]) -> LeverSpec:
    """One lever entry checked against the vocabulary; defaults filled in."""
    if not isinstance(raw, dict) or "lever" not in raw:
        raise InputError(file, "each lever needs 'lever: <name>'", key=f"levers[{index}]",
                         code="sc_lever_name_missing")
    name = str(raw["lever"])
    levers = vocabulary["levers"]
    key = f"levers[{index}] ({name})"
    if name not in levers:
        raise InputError(file, f"unknown lever '{name}' (known: {', '.join(sorted(levers))})",
                         key=key,
                         code="sc_lever_unknown",
                         params={"name": name, "known": ", ".join(sorted(levers))})
    definition = levers[name]
    params_spec: dict[str, dict] = definition["params"]
    allowed = set(params_spec) | set(vocabulary["common_params"])
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise InputError(file, f"unknown parameter '{unknown[0]}' (this lever takes: "
                         f"{', '.join(sorted(params_spec))}, years, label, note)", key=key,
                         code="sc_param_unknown",
                         params={"name": unknown[0], "known": ", ".join(sorted(params_spec))})
    for p in definition.get("required", []):
        if p not in raw:
            raise InputError(file, f"'{p}' is required", key=key,
                             code="sc_param_required", params={"name": p})
    one_of = definition.get("one_of")
    if one_of and sum(p in raw for p in one_of) != 1:
        raise InputError(file, f"give exactly one of {', '.join(one_of)}", key=key,
                         code="sc_one_of", params={"names": ", ".join(one_of)})
    some = definition.get("at_least_one_of")
    if some and not any(p in raw for p in some):
        raise InputError(file, f"give at least one of {', '.join(some)}", key=key,
                         code="sc_some_of", params={"names": ", ".join(some)})
    years = None
    if "years" in raw:
        years = parse_years(raw["years"], file, key)
        bad = [y for y in years if not start_year < y <= until]
        if bad:
            raise InputError(file, f"year {bad[0]} is outside the projection: levers act in "
                             f"{start_year + 1}–{until} (after the start year {start_year})",
                             key=key,
                             code="sc_year_outside",
                             params={"year": bad[0], "first": start_year + 1, "until": until,
                                     "start": start_year})
    params: dict[str, Any] = dict(definition.get("defaults", {}))
    series: dict[str, dict[int, float]] = {}
    series_years: list[int] | None = years
    for p, value in raw.items():
        if p in vocabulary["common_params"]:
            continue
        spec = params_spec[p]
        kind = spec["kind"]
        what = p
        if kind in ("share", "pct_change", "amount", "values"):
            series[p], ys = _series(value, kind, spec, years, until, file, key, what)
            bad = [y for y in ys if not start_year < y <= until]
            if bad:
                raise InputError(file, f"{p}: year {bad[0]} is outside the projection "
                                 f"{start_year + 1}–{until}", key=key,
                                 code="sc_param_year_outside",
                                 params={"name": p, "year": bad[0], "first": start_year + 1,
                                         "until": until})
            if series_years is not None and ys != series_years:
                raise InputError(file, f"{p}: its years differ from the lever's other years",
                                 key=key, code="sc_param_years_differ", params={"name": p})
            series_years = ys
        elif kind == "number":
            params[p] = _check_number(value, kind, spec, file, key, p)
        elif kind == "unit":
            try:
                parse_unit(str(value))
            except ValueError:
                raise InputError(file, f"{p}: unknown unit {value!r}", key=key,
                                 code="sc_unit_unknown",
                                 params={"name": p, "value": repr(value)}) from None
            params[p] = str(value)
        elif kind == "names":
            names = [value] if isinstance(value, str) else value
            if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
                raise InputError(file, f"{p} must be a name or a list of names", key=key,
                                 code="sc_names", params={"name": p})
            if spec.get("allowed") and not set(names) <= set(spec["allowed"]):
                odd = sorted(set(names) - set(spec["allowed"]))[0]
                raise InputError(file, f"{p}: '{odd}' is not one of {', '.join(spec['allowed'])}",
                                 key=key,
                                 code="sc_not_allowed",
                                 params={"name": p, "value": odd,
                                         "known": ", ".join(spec["allowed"])})
            params[p] = list(names)
        elif kind in ("factor", "text"):
            if not isinstance(value, str):
                raise InputError(file, f"{p} must be text, not {value!r}", key=key,
                                 code="sc_not_text", params={"name": p, "value": repr(value)})
            params[p] = value
    if name == "vehicle_electrification" and "share" in series and "gas_share" in series:
        for y in series["share"]:
            if series["share"][y] + series["gas_share"][y] > 100 + 1e-9:
                raise InputError(file, f"share + gas_share is over 100 % in {y}", key=key,
                                 code="sc_shares_over", params={"year": y})
    label = raw.get("label") or definition["label"]
    labels = {str(k): str(v) for k, v in label.items()} if isinstance(label, dict) else {"fi": str(label)}
    return LeverSpec(index=index, name=name, type=definition["type"], labels=labels,
                     years=tuple(series_years or ()), params=params, series=series,
                     note=str(raw.get("note") or ""))


def parse_scenario(doc: Any, file: str, data_years: list[int],
                   vocabulary: dict[str, Any] | None = None) -> Scenario:
    """A scenario document checked against the data's years and the lever vocabulary."""
    vocabulary = vocabulary or load_vocabulary()
    if not isinstance(doc, dict):
        raise InputError(file, "a scenario file must be a mapping with 'levers:'",
                         code="sc_not_mapping")
    unknown = sorted(set(doc) - SCENARIO_KEYS)
    if unknown:
        raise InputError(file, f"unknown setting '{unknown[0]}' (known: "
                         f"{', '.join(sorted(SCENARIO_KEYS))})", key=unknown[0],
                         code="sc_setting_unknown",
                         params={"name": unknown[0], "known": ", ".join(sorted(SCENARIO_KEYS))})
    start = doc.get("base_year", max(data_years))
    if not isinstance(start, int) or start not in data_years:
        raise InputError(file, f"base_year {start!r} has no data (the data covers "
                         f"{', '.join(map(str, data_years))})", key="base_year",
                         code="sc_base_no_data",
                         params={"value": repr(start), "years": ", ".join(map(str, data_years))})
    until = doc.get("until", DEFAULT_UNTIL)
    last = year_range()[1]
    if not isinstance(until, int) or isinstance(until, bool):
        raise InputError(file, f"until must be a year (the projection's last, at most {last}), "
                         f"not {until!r}", key="until", code="sc_until_invalid",
                         params={"start": start, "value": repr(until), "last": last})
    if until <= start:
        raise InputError(file, f"until {until} must be after the start year {start} (base_year)",
                         key="until", code="sc_until_early", params={"start": start, "value": until})
    if until > last:
        raise InputError(file, f"until {until} is after {last}, the last year a projection "
                         "reaches", key="until", code="sc_until_late",
                         params={"value": until, "last": last})
    basis = doc.get("basis")
    if basis not in (None, "location", "market"):
        raise InputError(file, f"basis must be location or market, not {basis!r}", key="basis",
                         code="sc_basis_invalid", params={"value": repr(basis)})
    raw_levers = doc.get("levers") or []
    if not isinstance(raw_levers, list):
        raise InputError(file, "levers must be a list", key="levers", code="sc_levers_not_list")
    levers = tuple(parse_lever(r, i, file, start, until, vocabulary) for i, r in enumerate(raw_levers))
    name = doc.get("name") or Path(file).stem
    name = name if isinstance(name, dict) else {"fi": str(name)}
    return Scenario(file=file, id=str(doc.get("id") or Path(file).stem), name=name,
                    description=str(doc.get("description") or "").strip(), start_year=start,
                    until=until, basis=basis, levers=levers)


def load_scenario(path: str | Path, data_years: list[int]) -> Scenario:
    """Read and check a scenario YAML file."""
    path = Path(path)
    return parse_scenario(read_yaml(path, "scenario file"), str(path), data_years)
