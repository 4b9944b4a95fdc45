"""Why did the footprint change between two years: the change of carbon/calculation/change.py
(decomposition.py on the two years' inventories, the earlier year restated on the later method
where it changed) with names, the options checked, as JSON and as a file."""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carbon.calculation.change import YearChange, technique_text, year_change
from carbon.calculation.decomposition import EFFECTS, Decomposition
from carbon.calculation.recalculation import BaseYearCheck
from carbon.errors import OptionError
from carbon.readers.inputs import Inputs
from carbon.readers.settings import Organisation

@dataclass
class Change:
    """The change between two years by effect and source group (carbon/calculation/change.py),
    with the source groups' names and the text saying which decomposition and why."""

    org: Organisation
    result: YearChange
    group_names: dict[str, str]    # source group id -> display name
    lang: str = "fi"

    @property
    def from_year(self) -> int:
        """The earlier year."""
        return self.result.from_year

    @property
    def to_year(self) -> int:
        """The later year."""
        return self.result.to_year

    @property
    def method_year(self) -> int:
        """Both years are compared on this year's method."""
        return self.result.method_year

    @property
    def decomposition(self) -> Decomposition:
        """The effects, the residual and the source groups' rows."""
        return self.result.decomposition

    @property
    def restated(self) -> dict[int, BaseYearCheck]:
        """Year -> that year on the method of `method_year` (years whose method differs)."""
        return self.result.restated

    @property
    def change(self) -> float:
        """The change of the total, tCO2e (later − earlier, each as computed)."""
        return self.decomposition.change

    @property
    def why(self) -> str:
        """Which decomposition and why, in the result's language."""
        return technique_text()["why"][self.lang]


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
    result = year_change(inputs, from_year, to_year, method_year)
    names = {g: inputs.group_name(g, lang) for g in result.decomposition.groups["source_group"]}
    return Change(org=inputs.org, result=result, group_names=names, lang=lang)


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
