"""Why did the footprint change between two years: the change split by source group into
volume, intensity, method and boundary effects, with the residual shown.

The decomposition (LMDI-I additive, Ang 2005 "The LMDI approach to decomposition analysis: a
practical guide", Energy Policy 33) and why: within a source group the emissions are
E = Q × I (activity Q: accommodation nights, real spend, kWh, litres, pkm; intensity I =
E / Q, kgCO2e per unit). LMDI-I's additive form gives

    volume    = L(E1, E0) × ln(Q1 / Q0)
    intensity = L(E1, E0) × ln(I1 / I0),   L(a, b) = (a − b) / (ln a − ln b), L(a, a) = a

whose sum is E1 − E0 exactly (no residual) and does not depend on the order the factors are
taken in, unlike sequential substitution (whose volume-then-intensity and intensity-then-volume
answers differ by ΔQ × ΔI).

Around it, as the identity needs:
- **method**: when the way a group is measured changed between the years (the reception system
  per accommodation night instead of spend), the earlier year restated on the later method
  (carbon/calculation/recalculation.py) gives `method = restated − as computed`; the volume and
  intensity effects are then measured between figures of one method. Either year may be given
  restated (a common method for both): method = (from restated − from) − (to restated − to).
- **boundary**: a source group present in one year only adds (or removes) its whole emissions.
- **residual**: what no effect explains: a group measured in different units in the two years
  with no restatement, or with zero or negative emissions or activity in a year (LMDI's
  logarithms are undefined there), and floating-point rounding. Shown, never hidden.

Effects plus residual equal the change (to rounding). Pure: DataFrames in, a result out.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

#: the effects, in the order the waterfall shows them
EFFECTS = ("volume", "intensity", "method", "boundary")
#: how the change is decomposed (named in every output)
TECHNIQUE = "LMDI-I additive"
#: a group's status in the comparison
COMPARED, NEW, DROPPED, UNITS_DIFFER, NOT_POSITIVE = (
    "compared", "new", "dropped", "units_differ", "not_positive")
FRAME_COLUMNS = ["source_group", "unit", "quantity", "tco2e"]
GROUP_COLUMNS = ["source_group", "status", "unit", "from_quantity", "to_quantity",
                 "from_tco2e", "to_tco2e", "from_compared_tco2e", "to_compared_tco2e",
                 "from_intensity", "to_intensity", *(f"{e}_tco2e" for e in EFFECTS),
                 "residual_tco2e", "change_tco2e"]


@dataclass(frozen=True)
class Decomposition:
    """The change from one year's total to another's, by effect and by source group."""

    from_year: int
    to_year: int
    from_total: float              # tCO2e, the earlier year as computed (its own method)
    to_total: float                # tCO2e, the later year as computed
    effects: dict[str, float]      # effect -> tCO2e, in EFFECTS order
    residual: float                # tCO2e: change − sum of the effects
    groups: pd.DataFrame           # GROUP_COLUMNS, one row per source group
    technique: str = TECHNIQUE

    @property
    def change(self) -> float:
        """to_total − from_total, tCO2e."""
        return self.to_total - self.from_total

    def steps(self) -> list[tuple[str, float]]:
        """The waterfall: each effect then the residual, tCO2e."""
        return [*self.effects.items(), ("residual", self.residual)]


def log_mean(a: float, b: float) -> float:
    """The logarithmic mean L(a, b) of two positive numbers (L(a, a) = a)."""
    if math.isclose(a, b, rel_tol=1e-12):
        return (a + b) / 2.0
    return (a - b) / (math.log(a) - math.log(b))


def lmdi(e0: float, e1: float, q0: float, q1: float) -> tuple[float, float]:
    """Volume and intensity effects (LMDI-I additive) of E = Q × I from (Q0, E0) to (Q1, E1);
    every value positive."""
    weight = log_mean(e1, e0)
    # differences of logarithms, not logarithms of ratios: no overflow for extreme values
    volume = weight * (math.log(q1) - math.log(q0))
    intensity = weight * ((math.log(e1) - math.log(q1)) - (math.log(e0) - math.log(q0)))
    return volume, intensity


def _segments(frame: pd.DataFrame) -> dict[str, dict[str, tuple[float, float]]]:
    """source group -> unit -> (quantity, tCO2e), summed."""
    out: dict[str, dict[str, tuple[float, float]]] = {}
    if len(frame):
        sums = frame.groupby(["source_group", "unit"], sort=True)[["quantity", "tco2e"]].sum()
        for (group, unit), row in sums.iterrows():
            out.setdefault(str(group), {})[str(unit)] = (float(row["quantity"]),
                                                         float(row["tco2e"]))
    return out


def _total(segments: dict[str, tuple[float, float]] | None) -> float:
    return math.fsum(e for _, e in (segments or {}).values())


def _per_unit(tco2e: float, quantity: float) -> float:
    """kgCO2e per unit of activity (NaN without a positive quantity)."""
    return 1000.0 * tco2e / quantity if quantity > 0 else math.nan


def _group_row(group: str, own0: float, own1: float, seg0: dict | None,
               seg1: dict | None) -> dict:
    """One source group's effects from its own totals and its compared segments."""
    e0, e1 = _total(seg0), _total(seg1)
    method = (e0 - own0) - (e1 - own1)
    effects = dict.fromkeys(EFFECTS, 0.0)
    effects["method"] = method
    if not seg0 or not seg1:
        status = NEW if not seg0 else DROPPED
        effects["boundary"] = e1 - e0
    elif set(seg0) != set(seg1):
        status = UNITS_DIFFER
    else:
        status = COMPARED
        for unit in seg0:
            (q0, s0), (q1, s1) = seg0[unit], seg1[unit]
            if min(q0, s0, q1, s1) <= 0:
                status = NOT_POSITIVE
                continue
            volume, intensity = lmdi(s0, s1, q0, q1)
            if not (math.isfinite(volume) and math.isfinite(intensity)):
                status = NOT_POSITIVE  # too small to divide (subnormal): left to the residual
                continue
            effects["volume"] += volume
            effects["intensity"] += intensity
    change = own1 - own0
    units = {*(seg0 or {}), *(seg1 or {})}
    unit = next(iter(units)) if len(units) == 1 else ""   # "" when the group has several
    q0 = (seg0 or {}).get(unit, (math.nan, 0.0))[0]
    q1 = (seg1 or {}).get(unit, (math.nan, 0.0))[0]
    return {"source_group": group, "status": status, "unit": unit,
            "from_quantity": q0, "to_quantity": q1, "from_tco2e": own0, "to_tco2e": own1,
            "from_compared_tco2e": e0, "to_compared_tco2e": e1,
            "from_intensity": _per_unit(e0, q0), "to_intensity": _per_unit(e1, q1),
            **{f"{e}_tco2e": v for e, v in effects.items()},
            "residual_tco2e": change - math.fsum(effects.values()), "change_tco2e": change}


def decompose(from_frame: pd.DataFrame, to_frame: pd.DataFrame, from_year: int, to_year: int,
              from_restated: pd.DataFrame | None = None,
              to_restated: pd.DataFrame | None = None) -> Decomposition:
    """The change from `from_frame` to `to_frame` (each: source_group, unit, quantity, tCO2e;
    the years as computed) split into effects. `from_restated` / `to_restated`: the same year
    on the method the two are compared on (None: as computed); their difference from the
    computed figures is the method effect."""
    own0 = from_frame.groupby("source_group")["tco2e"].sum() if len(from_frame) else pd.Series()
    own1 = to_frame.groupby("source_group")["tco2e"].sum() if len(to_frame) else pd.Series()
    seg0 = _segments(from_frame if from_restated is None else from_restated)
    seg1 = _segments(to_frame if to_restated is None else to_restated)
    names = sorted({*map(str, own0.index), *map(str, own1.index), *seg0, *seg1})
    rows = [_group_row(g, float(own0.get(g, 0.0)), float(own1.get(g, 0.0)), seg0.get(g),
                       seg1.get(g)) for g in names]
    groups = pd.DataFrame(rows, columns=GROUP_COLUMNS)
    from_total = math.fsum(from_frame["tco2e"]) if len(from_frame) else 0.0
    to_total = math.fsum(to_frame["tco2e"]) if len(to_frame) else 0.0
    effects = {e: math.fsum(groups[f"{e}_tco2e"]) for e in EFFECTS}
    residual = (to_total - from_total) - math.fsum(effects.values())
    return Decomposition(from_year=from_year, to_year=to_year, from_total=from_total,
                         to_total=to_total, effects=effects, residual=residual, groups=groups)
