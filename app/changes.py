"""Why did the footprint change between two years: the decomposition (carbon/calculation/
decomposition.py) of two years' inventories, with the earlier year restated on the later
method where the method changed (carbon/calculation/recalculation.py)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from carbon.calculation.decomposition import EFFECTS, Decomposition, decompose
from carbon.calculation.inventory import Inventory, calculate
from carbon.calculation.recalculation import BaseYearCheck, check_base_year
from carbon.errors import OptionError
from carbon.readers.inputs import Inputs
from carbon.readers.settings import Organisation
from carbon.yamlfile import read_mapping

TEXT_FILE = Path(__file__).resolve().parents[1] / "carbon" / "calculation" / "decomposition.yaml"


@lru_cache(maxsize=None)
def technique_text() -> dict[str, Any]:
    """The decomposition's name and why it was chosen, in fi, sv and en (a data file)."""
    return read_mapping(TEXT_FILE, "decomposition text file")


@dataclass
class Change:
    """The change between two years by effect and source group, and the restatements behind
    its method effect."""

    org: Organisation
    from_year: int
    to_year: int
    method_year: int               # both years are compared on this year's method
    decomposition: Decomposition
    #: year -> that year under `method_year`'s method (only years whose method differs)
    restated: dict[int, BaseYearCheck]
    group_names: dict[str, str]    # source group id -> display name
    lang: str = "fi"

    @property
    def change(self) -> float:
        """The change of the total, tCO2e (later − earlier, each as computed)."""
        return self.decomposition.change

    @property
    def why(self) -> str:
        """Which decomposition and why, in the result's language."""
        return technique_text()["why"][self.lang]


def activity_frame(inv: Inventory, inputs: Inputs, price_year: int) -> pd.DataFrame:
    """A year's emissions and activity by source group and unit; spend as real euros at
    `price_year` prices (deflated with the price index), so inflation is not volume."""
    t = inv.table.groupby(["source_group", "unit"], as_index=False)[["quantity", "tco2e"]].sum()
    eur = (t["unit"] == "EUR").to_numpy()
    if eur.any():
        t.loc[eur, "quantity"] = t.loc[eur, "quantity"] * inputs.prices.deflator(inv.year, price_year)
    return t


def restate(inputs: Inputs, year: int, method_year: int) -> BaseYearCheck:
    """`year` under the method of `method_year` (the base year: the check progress uses)."""
    org = inputs.org
    if year == org.base_year:
        return inputs.base_check(method_year)
    return check_base_year(
        inputs.inventory(year), inputs.activity, org.coverage, method_year,
        org.recalculation_threshold_pct, org.reported_totals.get(year),
        lambda coverage: calculate(inputs.classified, inputs.activity, inputs.activity_map,
                                   inputs.factors, inputs.prices, coverage, year,
                                   org.scope2_basis))


def _check_years(inputs: Inputs, from_year: int, to_year: int, method_year: int) -> None:
    """OptionError for a year without data or years in the wrong order."""
    years = ", ".join(map(str, inputs.years))
    for option, year in (("from", from_year), ("to", to_year), ("method_of", method_year)):
        if year not in inputs.years:
            raise OptionError(option, f"no data for {year}; the data covers {years}",
                              code="option_year_no_data", params={"year": year, "years": years})
    if from_year >= to_year:
        raise OptionError("to", f"--to ({to_year}) must be later than --from ({from_year})",
                          code="change_years_order", params={"start": from_year, "end": to_year})
    if method_year < to_year:
        raise OptionError("method_of", f"--method-of ({method_year}) must not be earlier than "
                          f"--to ({to_year})", code="change_method_year",
                          params={"year": method_year, "end": to_year})


def change(inputs: Inputs, from_year: int | None = None, to_year: int | None = None,
           lang: str = "fi", method_year: int | None = None) -> Change:
    """The change of the footprint from `from_year` (default: the base year) to `to_year`
    (default: the latest with data), split into volume, intensity, method and boundary effects
    by source group, with the residual; both years compared on the method of `method_year`
    (default: `to_year`)."""
    from_year = inputs.org.base_year if from_year is None else from_year
    to_year = max(inputs.years) if to_year is None else to_year
    method_year = to_year if method_year is None else method_year
    _check_years(inputs, from_year, to_year, method_year)
    restated = {y: c for y in (from_year, to_year) if y != method_year
                for c in [restate(inputs, y, method_year)] if c.changes}
    frames = {}
    for year in (from_year, to_year):
        frames[year] = activity_frame(inputs.inventory(year), inputs, from_year)
        check = restated.get(year)
        frames[(year, "restated")] = None if check is None or check.recalculated is None \
            else activity_frame(check.recalculated, inputs, from_year)
    result = decompose(frames[from_year], frames[to_year], from_year, to_year,
                       frames[(from_year, "restated")], frames[(to_year, "restated")])
    names = {g: inputs.group_name(g, lang) for g in result.groups["source_group"]}
    return Change(org=inputs.org, from_year=from_year, to_year=to_year, method_year=method_year,
                  decomposition=result, restated=restated, group_names=names, lang=lang)


def _number(value: Any) -> float | None:
    """A float for JSON (None for NaN)."""
    value = float(value)
    return None if math.isnan(value) else value


def change_json(r: Change) -> dict[str, Any]:
    """The change as one JSON-ready object (`change --json`): totals, the effects and the
    residual (which add up to the change), the restatements and every source group's effects."""
    d = r.decomposition
    return {
        "organisation": r.org.id, "from_year": r.from_year, "to_year": r.to_year,
        "method_of_year": r.method_year,
        "technique": d.technique, "technique_note": r.why,
        "real_spend_price_year": r.from_year,
        "from_tco2e": d.from_total, "to_tco2e": d.to_total, "change_tco2e": d.change,
        "effects_tco2e": dict(d.effects), "residual_tco2e": d.residual,
        "restated": [{"year": y, "restated_tco2e": c.recalculated_total, "computed_tco2e": c.computed,
                      "restated_ok": c.recalculated is not None, "reason": c.reason,
                      "method_changes": [{"activity": m.activity, "source_groups": list(m.source_groups)}
                                         for m in c.changes]}
                     for y, c in sorted(r.restated.items())],
        "groups": [{"source_group": g.source_group, "name": r.group_names.get(g.source_group),
                    "status": g.status, "unit": g.unit or None,
                    "from_quantity": _number(g.from_quantity), "to_quantity": _number(g.to_quantity),
                    "from_kgco2e_per_unit": _number(g.from_intensity),
                    "to_kgco2e_per_unit": _number(g.to_intensity),
                    "from_tco2e": g.from_tco2e, "to_tco2e": g.to_tco2e,
                    "effects_tco2e": {e: getattr(g, f"{e}_tco2e") for e in EFFECTS},
                    "residual_tco2e": g.residual_tco2e, "change_tco2e": g.change_tco2e}
                   for g in d.groups.itertuples()],
    }


def write_change(result: Change, out_dir: str | Path) -> list[Path]:
    """change_<from>_<to>.csv (one row per source group with its effects) into out_dir."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"change_{result.from_year}_{result.to_year}.csv"
    frame = result.decomposition.groups.copy()
    frame.insert(1, "name", [result.group_names.get(g, g) for g in frame["source_group"]])
    frame.to_csv(path, index=False)
    return [path]
