"""Levers compiled into operations on the line quantities of one projection year.

Compiling a scenario turns each lever into an `Op` over line indices: activity levers scale the
activity level that carries to later years, share levers move (or remove) a share of a year's
activity to another line (a renewable contract, a supplier's factor, an electric car ...),
factor levers replace a factor's value. Levers are compiled in the order given, so a lever sees
the lines earlier levers created. Units are checked with pint: a lever giving a factor or an
amount in the wrong unit is an error naming the file and the lever.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
import pint

from carbon.readers.activity import ActivityMap
from carbon.errors import InputError
from carbon.readers.factors import FactorLibrary
from .lines import LINE_KEYS, SPEND, CustomFactor
from .spec import LeverSpec, Scenario
from carbon.units import Q_, UnitMismatch, emission_scale, parse_unit, ureg

NIGHT = ureg.Unit("night").dimensionality


@lru_cache(maxsize=512)
def scale(quantity_unit: str, factor_unit: str) -> float:
    """emission_scale, remembered (scenarios ask for the same few unit pairs again and again)."""
    return emission_scale(quantity_unit, factor_unit)


@lru_cache(maxsize=512)
def conversion(from_unit: str, to_unit: str) -> float:
    """How many `to_unit` one `from_unit` is; raises pint's DimensionalityError when they differ."""
    return float(Q_(1.0, from_unit).to(to_unit).magnitude)


@lru_cache(maxsize=64)
def per_litre_in(text: str) -> float:
    """A quantity like '3.0 kWh/l' in kWh per litre."""
    return float(Q_(text).to("kWh/l").magnitude)


@lru_cache(maxsize=256)
def is_nights(unit: str) -> bool:
    """Whether a unit counts accommodation nights."""
    return parse_unit(unit).dimensionality == NIGHT


@dataclass
class Op:
    """One compiled lever: the lines it acts on and what it does to a year's quantities."""

    lever: LeverSpec
    lines: np.ndarray
    apply: Callable[[np.ndarray, int], None] | None = None
    sets_level: bool = False
    factor_values: dict[str, dict[int, float]] = field(default_factory=dict)

    @property
    def type(self) -> str:
        return self.lever.type


class LineBook:
    """The growing set of lines while levers are compiled (twins are added, never removed)."""

    def __init__(self, records: list[dict]) -> None:
        self.records: list[dict] = [dict(r) for r in records]
        self.index = {self._key(r): i for i, r in enumerate(self.records)}
        self._columns: dict[str, np.ndarray] = {}

    @staticmethod
    def _key(rec: dict) -> tuple:
        return tuple(None if pd.isna(rec[k]) else rec[k] for k in LINE_KEYS)

    def column(self, name: str) -> np.ndarray:
        """One attribute of every line (remembered until a line is added)."""
        if name not in self._columns:
            self._columns[name] = np.array([r[name] for r in self.records], dtype=object)
        return self._columns[name]

    def twin(self, i: int, **changes) -> int:
        """The line like line i but with `changes` (created with zero quantity if new)."""
        rec = {**self.records[i], **changes, "quantity": 0.0, "tco2e_location": 0.0,
               "tco2e_market": 0.0}
        key = self._key(rec)
        if key not in self.index:
            self.index[key] = len(self.records)
            self.records.append(rec)
            self._columns.clear()
        return self.index[key]


@dataclass
class Compiler:
    """Compiles the levers of one scenario against its start lines and the factor library."""

    scenario: Scenario
    book: LineBook
    factors: FactorLibrary
    activity_map: ActivityMap
    groups: set[str]
    lookups: dict = field(default_factory=dict)
    custom: list[CustomFactor] = field(default_factory=list)

    def lookup(self, kind: str, item: str, contract: str) -> dict | None:
        """The activity map's rule for (kind, item, contract), remembered across scenarios."""
        key = (kind, item, contract)
        if key not in self.lookups:
            self.lookups[key] = self.activity_map.lookup(kind, item, contract)
        return self.lookups[key]

    def fail(self, lever: LeverSpec, message: str) -> InputError:
        return InputError(self.scenario.file, message, key=lever.key, code="lever_invalid",
                          params={"detail": message})

    # -- selection -------------------------------------------------------------------------
    def select(self, lever: LeverSpec, *, groups=None, factors=None, kinds=None, items=None,
               original_only=False, extra: np.ndarray | None = None) -> np.ndarray:
        """Indices of lines matching every given criterion; unknown names are errors."""
        for g in groups or []:
            if self.groups and g not in self.groups:
                known = ", ".join(sorted(self.groups))
                raise self.fail(lever, f"unknown source group '{g}' (known: {known})")
        for f in factors or []:
            if f not in self.factors:
                raise self.fail(lever, f"unknown emission factor id '{f}'")
        mask = np.ones(len(self.book.records), dtype=bool)
        for col, values in (("source_group", groups), ("factor_id", factors), ("kind", kinds),
                            ("item", items)):
            if values is not None:
                mask &= np.isin(self.book.column(col), list(values))
        if original_only:
            mask &= self.book.column("variant") == ""
        if extra is not None:
            mask &= extra
        return np.flatnonzero(mask)

    def need_lines(self, lever: LeverSpec, idx: np.ndarray, what: str) -> np.ndarray:
        if len(idx) == 0:
            raise self.fail(lever, f"selects no lines: the start year {self.scenario.start_year} "
                            f"has no {what}")
        return idx

    def units_to(self, lever: LeverSpec, idx: np.ndarray, unit: str) -> np.ndarray:
        """How many `unit` one unit of each selected line's quantity is (pint-checked)."""
        out = []
        for i in idx:
            line_unit = self.book.records[i]["unit"]
            try:
                out.append(conversion(line_unit, unit))
            except pint.errors.DimensionalityError:
                raise self.fail(lever, f"an amount in {unit} cannot change lines measured in "
                                f"{line_unit} ({self.book.records[i]['source_group']}, "
                                f"{self.book.records[i]['factor_id']})") from None
        return np.array(out)

    def k_for(self, lever: LeverSpec, i: int, factor_unit: str, price_year: int | None,
              deflator: Callable[[int], float]) -> float:
        """kgCO2e per unit of line i per unit of a factor's value (pint-checked, deflated for EUR)."""
        rec = self.book.records[i]
        try:
            k = scale(rec["unit"], factor_unit)
        except UnitMismatch as exc:
            raise self.fail(lever, f"{exc} (line {rec['source_group']}, {rec['factor_id']})") from None
        if rec["unit"] == "EUR" and price_year:
            k *= deflator(price_year)
        return k

    # -- the levers --------------------------------------------------------------------------
    def compile(self, deflator: Callable[[int], float]) -> list[Op]:
        """Every lever as an Op, in the order given; contradictions between levers are errors."""
        ops = []
        for lever in self.scenario.levers:
            op = getattr(self, f"_{lever.name}")(lever, deflator)
            ops.append(op)
        check_contradictions(self.scenario, ops)
        return ops

    def _activity_op(self, lever: LeverSpec, idx: np.ndarray, counted: np.ndarray,
                     to_unit: np.ndarray | None) -> Op:
        """pct scales the lines; change and level scale them so the counted amount moves by or to
        the given amount (spread over the lines in proportion to their quantity)."""
        p = lever.params
        if "pct" in lever.series:
            pct = lever.series["pct"]

            def apply(q: np.ndarray, year: int) -> None:
                q[idx] *= 1.0 + pct[year] / 100.0
            return Op(lever, idx, apply)
        mode = "change" if "change" in lever.series else "level"
        amounts = lever.series[mode]
        conv = to_unit if to_unit is not None else np.ones(len(counted))
        unit = p.get("unit", "night")

        def apply_amount(q: np.ndarray, year: int) -> None:
            now = float(np.dot(q[counted], conv))
            target = now + amounts[year] if mode == "change" else amounts[year]
            if target < 0:
                raise self.fail(lever, f"{year}: the change takes the amount below zero "
                                f"({now:.0f} {unit} {amounts[year]:+g})")
            if now <= 0:
                raise self.fail(lever, f"{year}: nothing left to change (the amount is 0 {unit}); "
                                "use pct, or a level only where activity exists")
            q[idx] *= target / now
        return Op(lever, idx, apply_amount, sets_level=mode == "level")

    def _nights(self, lever: LeverSpec, deflator) -> Op:
        units = self.book.column("unit")
        nightly = np.array([is_nights(u) for u in units], dtype=bool)
        spend = np.zeros(len(units), dtype=bool)
        spend[self.select(lever, groups=lever.params["groups"])] = True
        spend &= self.book.column("kind") == SPEND
        idx = np.flatnonzero(nightly | spend)
        self.need_lines(lever, idx, "accommodation nights or reception spend")
        counted = np.flatnonzero(nightly)
        if "pct" not in lever.series and len(counted) == 0:
            raise self.fail(lever, f"change and level need accommodation night data in the start "
                            f"year {self.scenario.start_year}; use pct")
        return self._activity_op(lever, idx, counted,
                                 self.units_to(lever, counted, "night") if len(counted) else None)

    def _spend_change(self, lever: LeverSpec, deflator) -> Op:
        p = lever.params
        idx = self.need_lines(lever, self.select(lever, groups=p.get("groups"),
                                                 factors=p.get("factors")), "such lines")
        conv = None if "pct" in lever.series else self.units_to(lever, idx, p["unit"])
        return self._activity_op(lever, idx, idx, conv)

    def _move_op(self, lever: LeverSpec, src: np.ndarray, dst: np.ndarray, share: dict[int, float],
                 conv: np.ndarray | None = None) -> Op:
        conv = np.ones(len(src)) if conv is None else conv

        def apply(q: np.ndarray, year: int) -> None:
            moved = q[src] * (share[year] / 100.0)
            q[src] -= moved
            np.add.at(q, dst, moved * conv)
        return Op(lever, src, apply)

    def _renewable_contract(self, lever: LeverSpec, deflator) -> Op:
        p = lever.params
        contract = p["contract"]
        src = self.select(lever, kinds=p["kinds"], items=p["items"],
                          extra=self.book.column("contract") != contract)
        self.need_lines(lever, src, f"{'/'.join(p['items'])} on other than {contract} contracts")
        dst = []
        for i in src:
            rec = self.book.records[i]
            rule = self.lookup(rec["kind"], rec["item"], contract)
            if rule is None or rule["contract"] != contract:
                raise self.fail(lever, f"the activity map {self.activity_map.file} has no "
                                f"'{contract}' contract for {rec['kind']} {rec['item']}")
            market = rule["market_factor_id"] or rule["factor_id"]
            k_mkt = self.k_for(lever, i, self.factors[market].unit, None, deflator)
            dst.append(self.book.twin(i, contract=contract, factor_id=rule["factor_id"],
                                      market_factor_id=market, k_market=k_mkt,
                                      k_location=self.k_for(lever, i, self.factors[rule["factor_id"]].unit,
                                                            None, deflator)))
        return self._move_op(lever, src, np.array(dst), lever.series["share"])

    def _supplier_factor(self, lever: LeverSpec, deflator) -> Op:
        p = lever.params
        if "factor" in p:
            if p["factor"] not in self.factors:
                raise self.fail(lever, f"unknown emission factor id '{p['factor']}'")
            f = self.factors[p["factor"]]
            fid, unit, price_year, method = f.id, f.unit, f.price_year, f.method
        else:
            if "unit" not in p:
                raise self.fail(lever, "a supplier's value needs its unit (e.g. unit: kgCO2e/night)")
            unit = p["unit"]
            if parse_unit(unit).dimensionality.get("[co2e]", 0) != 1:
                raise self.fail(lever, f"unit '{unit}' is not a CO2e mass per something")
            fid, price_year, method = f"scenario:{lever.index}:supplier", None, "supplier-specific"
            self.custom.append(CustomFactor(fid, unit, float(p["value"]), float(p.get("gsd", 1.0))))
        src = self.select(lever, groups=p.get("groups"), factors=p.get("factors"),
                          extra=self.book.column("factor_id") != fid)
        self.need_lines(lever, src, f"lines in {', '.join(p.get('groups') or p.get('factors'))}")
        dst = []
        for i in src:
            k = self.k_for(lever, i, unit, price_year, deflator)
            dst.append(self.book.twin(i, factor_id=fid, market_factor_id=fid, method=method,
                                      variant=f"supplier:{fid}", k_location=k, k_market=k))
        return self._move_op(lever, src, np.array(dst), lever.series["share"])

    def _vehicle_electrification(self, lever: LeverSpec, deflator) -> Op:
        p = lever.params
        src, dst, conv, which = [], [], [], []
        if "taxi" in p["applies_to"]:
            taxi = self.select(lever, groups=p["taxi_groups"], factors=p["taxi_factors"],
                               original_only=True)
            for i in taxi:
                for name, pct in (("share", p["ev_intensity_pct"]), ("gas_share", p["gas_intensity_pct"])):
                    if name in lever.series:
                        src.append(i), conv.append(1.0), which.append(name)
                        dst.append(self.book.twin(i, variant=f"{name}:taxi",
                                                  mult=self.book.records[i]["mult"] * pct / 100.0))
        if "fleet" in p["applies_to"]:
            fleet = self.select(lever, kinds=p["fleet_kinds"], original_only=True)
            rule = self.lookup("energy", "electricity", p["contract"])
            for i in fleet:
                rec = self.book.records[i]
                if "share" in lever.series:
                    if rule is None:
                        raise self.fail(lever, f"the activity map {self.activity_map.file} has no "
                                        "energy/electricity factor for charging electric cars")
                    per_litre = p["kwh_per_litre"].get(rec["item"])
                    if per_litre is None:
                        raise self.fail(lever, f"no kWh per litre for fuel '{rec['item']}' "
                                        "(kwh_per_litre in the vocabulary)")
                    try:
                        kwh = conversion(rec["unit"], "l") * per_litre_in(per_litre)
                    except pint.errors.DimensionalityError:
                        raise self.fail(lever, f"cannot turn {rec['unit']} of {rec['item']} into kWh "
                                        f"with {per_litre}") from None
                    market = rule["market_factor_id"] or rule["factor_id"]
                    src.append(i), conv.append(kwh), which.append("share")
                    dst.append(self.book.twin(
                        i, kind="energy", item="electricity", contract=rule["contract"], scope=2,
                        ghg_category=None, method=self.factors[rule["factor_id"]].method,
                        factor_id=rule["factor_id"], market_factor_id=market, unit="kWh",
                        variant="share:fleet",
                        k_location=scale("kWh", self.factors[rule["factor_id"]].unit),
                        k_market=scale("kWh", self.factors[market].unit)))
                if "gas_share" in lever.series:
                    src.append(i), conv.append(1.0), which.append("gas_share")
                    dst.append(self.book.twin(i, variant="gas_share:fleet",
                                              mult=rec["mult"] * p["fleet_gas_intensity_pct"] / 100.0))
        src_a = self.need_lines(lever, np.array(src, dtype=int), "taxi services or own-fleet fuels")
        dst_a, conv_a = np.array(dst, dtype=int), np.array(conv)
        shares = {name: lever.series[name] for name in ("share", "gas_share") if name in lever.series}
        pick = {name: np.array([w == name for w in which]) for name in shares}
        sources = np.unique(src_a)

        def apply(q: np.ndarray, year: int) -> None:
            before = q[src_a].copy()
            frac = np.zeros(len(src_a))
            for name, series in shares.items():
                frac[pick[name]] = series[year] / 100.0
            np.add.at(q, dst_a, before * frac * conv_a)
            removed = np.zeros(len(q))
            np.add.at(removed, src_a, before * frac)
            q[sources] -= removed[sources]
        return Op(lever, sources, apply)

    def _remote_work(self, lever: LeverSpec, deflator) -> Op:
        idx = self.need_lines(lever, self.select(lever, groups=lever.params["groups"]),
                              f"lines in {', '.join(lever.params['groups'])}")
        share = lever.series["share"]

        def apply(q: np.ndarray, year: int) -> None:
            q[idx] *= 1.0 - share[year] / 100.0
        return Op(lever, idx, apply)

    def _food_shift(self, lever: LeverSpec, deflator) -> Op:
        p = lever.params
        src = self.need_lines(lever, self.select(lever, groups=p["groups"], original_only=True),
                              f"lines in {', '.join(p['groups'])}")
        dst = []
        for i in src:
            rec = self.book.records[i]
            if "to_factor" in p:
                if p["to_factor"] not in self.factors:
                    raise self.fail(lever, f"unknown emission factor id '{p['to_factor']}'")
                f = self.factors[p["to_factor"]]
                k = self.k_for(lever, i, f.unit, f.price_year, deflator)
                dst.append(self.book.twin(i, factor_id=f.id, market_factor_id=f.id,
                                          variant="food_shift", k_location=k, k_market=k))
            else:
                dst.append(self.book.twin(i, variant="food_shift",
                                          mult=rec["mult"] * p["intensity_pct"] / 100.0))
        return self._move_op(lever, src, np.array(dst), lever.series["share"])

    def _grid_decarbonisation(self, lever: LeverSpec, deflator) -> Op:
        p = lever.params
        values: dict[str, dict[int, float]] = {}
        for fid in p["factors"]:
            if fid not in self.factors:
                raise self.fail(lever, f"unknown emission factor id '{fid}'")
            f = self.factors[fid]
            try:
                factor = conversion(p["unit"], f.unit)
            except pint.errors.DimensionalityError:
                raise self.fail(lever, f"values in {p['unit']} cannot replace factor '{fid}' "
                                f"in {f.unit}") from None
            values[fid] = {y: v * factor for y, v in lever.series["values"].items()}
        idx = np.flatnonzero(np.isin(self.book.column("factor_id"), p["factors"])
                             | np.isin(self.book.column("market_factor_id"), p["factors"]))
        return Op(lever, idx, None, factor_values=values)


def check_contradictions(scenario: Scenario, ops: list[Op]) -> None:
    """Two levers setting the same thing in the same year is an error naming both.

    The same share lever twice on the same lines, two trajectories for one factor, or a level
    together with another change of the same lines cannot both hold; yearly percentage and
    amount changes compose and are allowed.
    """
    for j, b in enumerate(ops):
        for a in ops[:j]:
            common = sorted(set(a.lever.years) & set(b.lever.years))
            if not common:
                continue
            if a.type == "factor" and b.type == "factor":
                shared = sorted(set(a.factor_values) & set(b.factor_values))
                if shared:
                    raise InputError(scenario.file, f"sets factor '{shared[0]}' in {common[0]}, as "
                                     f"{a.lever.key} does: give one trajectory", key=b.lever.key,
                                     code="sc_factor_twice",
                                     params={"factor": shared[0], "year": common[0],
                                             "other": a.lever.key})
                continue
            if not len(np.intersect1d(a.lines, b.lines)):
                continue
            same_share = a.type == b.type == "share" and a.lever.name == b.lever.name
            level = a.type == b.type == "activity" and (a.sets_level or b.sets_level)
            if same_share or level:
                what = "sets a level for" if level else "sets the share of"
                raise InputError(scenario.file, f"{what} the same lines in {common[0]} as "
                                 f"{a.lever.key}: merge them into one lever with a yearly "
                                 "trajectory", key=b.lever.key,
                                 code="sc_level_twice" if level else "sc_share_twice",
                                 params={"year": common[0], "other": a.lever.key})
