"""Activity data (accommodation nights, energy, fuels, flights, hotel nights) and its factors.

Each kind of activity is a CSV named after the kind (e.g. energy.csv) with the columns
year, site, item, quantity, unit and optionally contract (market-based scope 2), control
(own | leased: energy of leased premises is scope 3 category 8) and note. Which factor an
activity row gets is data too: the activity map (kind, item, contract -> factor ids, and an
optional unit conversion such as '1600 pkm/trip' for flights counted as trips).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from carbon.errors import InputError
from carbon.textfile import read_csv_text, read_rule_table
from .factors import FactorLibrary
from carbon.units import Q_, UnitMismatch, emission_scale, parse_unit

REQUIRED = ("year", "site", "quantity", "unit")
OPTIONAL = ("item", "contract", "control", "note")
CONTROLS = ("own", "leased")
DEFAULT_MAP = Path(__file__).resolve().parents[2] / "emission_factors" / "activity_map.csv"


@dataclass
class ActivityMap:
    """(kind, item, contract) -> location factor, market factor and source group."""

    rules: pd.DataFrame
    file: str
    _index: dict[tuple[str, str, str], dict] = field(default_factory=dict, repr=False, compare=False)

    def kinds(self) -> set[str]:
        return set(self.rules["kind"])

    def lookup(self, kind: str, item: str, contract: str) -> dict | None:
        """The most specific rule: item and contract, then item, then contract, then the kind."""
        if not self._index:
            for rec in self.rules.to_dict("records"):
                self._index.setdefault((rec["kind"], rec["item"], rec["contract"]), rec)
        for it, ct in ((item, contract), (item, ""), ("", contract), ("", "")):
            if (kind, it, ct) in self._index:
                return self._index[(kind, it, ct)]
        return None


def load_activity_map(path: str | Path, factors: FactorLibrary) -> ActivityMap:
    """Read the activity map; unknown factor ids name the file and row."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "activity map not found", code="activity_map_not_found")
    frame = read_rule_table(path, "activity map", ("kind", "item", "contract", "factor_id",
                                                   "market_factor_id", "source_group"),
                            ("conversion",))
    for i, rec in enumerate(frame.to_dict("records")):
        if rec["conversion"]:
            try:
                Q_(rec["conversion"])
            except Exception:  # noqa: BLE001 - pint raises several kinds for bad text
                raise InputError(path, f"conversion {rec['conversion']!r} is not a quantity with "
                                 "a unit (e.g. '1600 pkm/trip')", row=i + 2,
                                 column="conversion",
                                 code="conversion_invalid",
                                 params={"value": rec["conversion"]}) from None
        for col in ("factor_id", "market_factor_id"):
            fid = rec[col]
            if (fid or col == "factor_id") and fid not in factors:
                raise InputError(path, f"unknown emission factor id '{fid}'", row=i + 2, column=col,
                                 code="unknown_factor", params={"id": fid})
        if not rec["kind"] or not rec["source_group"]:
            raise InputError(path, "kind and source_group must not be empty", row=i + 2,
                             code="activity_map_row_empty")
    return ActivityMap(frame, str(path))


def read_activity_file(path: str | Path, kind: str) -> pd.DataFrame:
    """Validate one activity CSV; a bad year, quantity, unit or control names file, row, column."""
    path = Path(path)
    frame = read_csv_text(path, "activity file")
    frame.columns = [c.strip() for c in frame.columns]
    for col in REQUIRED:
        if col not in frame.columns:
            raise InputError(path, f"required column is missing (the file has: "
                             f"{', '.join(frame.columns)})", row=1, column=col,
                             code="column_missing", params={"header": ", ".join(frame.columns)})
    for col in OPTIONAL:
        if col not in frame.columns:
            frame[col] = ""
    frame = frame[list(REQUIRED) + list(OPTIONAL)].apply(lambda s: s.str.strip())
    frame.loc[frame["control"] == "", "control"] = "own"
    years, quantities = [], []
    for i, rec in enumerate(frame.to_dict("records")):
        row = i + 2
        try:
            year = int(rec["year"])
            if not 1990 <= year <= 2100:
                raise ValueError
        except ValueError:
            raise InputError(path, f"year {rec['year']!r} is not a year", row=row, column="year",
                             code="year_invalid", params={"value": rec["year"]}) from None
        try:
            qty = float(rec["quantity"].replace(",", ".").replace("\u00a0", "").replace(" ", ""))
            if not np.isfinite(qty):
                raise ValueError
        except ValueError:
            raise InputError(path, f"quantity {rec['quantity']!r} is not a number", row=row,
                             column="quantity", code="quantity_not_number",
                             params={"value": rec["quantity"], "kind": kind}) from None
        if qty < 0:
            raise InputError(path, f"quantity {rec['quantity']} is negative: {kind} cannot be "
                             "below zero (correct the figure instead of netting it)", row=row,
                             column="quantity", code="quantity_negative",
                             params={"value": rec["quantity"], "kind": kind})
        try:
            parse_unit(rec["unit"])
        except ValueError:
            raise InputError(path, f"unknown unit {rec['unit']!r}", row=row, column="unit",
                             code="unit_unknown", params={"value": rec["unit"]}) from None
        if rec["control"] not in CONTROLS:
            raise InputError(path, f"control must be one of {', '.join(CONTROLS)}, not "
                             f"{rec['control']!r}", row=row, column="control",
                             code="control_unknown",
                             params={"value": rec["control"], "known": ", ".join(CONTROLS)})
        years.append(year)
        quantities.append(qty)
    frame["year"] = np.array(years, dtype=int)
    frame["quantity"] = np.array(quantities, dtype=float)
    frame.insert(0, "kind", kind)
    frame["source_file"] = str(path)
    frame["source_row"] = np.arange(2, len(frame) + 2)
    dup = frame.duplicated(subset=["year", "site", "item", "contract", "control"], keep="first")
    if dup.any():
        pos = int(np.flatnonzero(dup.to_numpy())[0])
        raise InputError(path, f"the same year, site and item appear twice "
                         f"({frame.iloc[pos]['year']}, {frame.iloc[pos]['site']!r}, "
                         f"{frame.iloc[pos]['item']!r})", row=pos + 2, column="site",
                         code="activity_row_twice",
                         params={k: frame.iloc[pos][k] for k in ("year", "site", "item")})
    return frame


def load_activity(directory: str | Path | None, activity_map: ActivityMap) -> pd.DataFrame:
    """Read every <kind>.csv in the directory (none: no activity data); a file whose kind the
    map does not know is an error."""
    frames = []
    if directory is not None and not Path(directory).is_dir():
        raise InputError(directory, "activity data folder not found",
                         code="activity_folder_not_found")
    for path in sorted(Path(directory).glob("*.csv")) if directory is not None else []:
        kind = path.stem
        if kind not in activity_map.kinds():
            raise InputError(path, f"no activity kind '{kind}' in the activity map "
                             f"{activity_map.file} (known: {', '.join(sorted(activity_map.kinds()))})",
                             code="activity_kind_unknown",
                             params={"kind": kind, "map": activity_map.file,
                                     "known": ", ".join(sorted(activity_map.kinds()))})
        frames.append(read_activity_file(path, kind))
    if not frames:
        return pd.DataFrame(columns=["kind", *REQUIRED, *OPTIONAL, "source_file", "source_row"])
    return pd.concat(frames, ignore_index=True)


def _scale(unit: str, factor_unit: str, conversion: str) -> float:
    """kgCO2e per unit of the row under a factor, through the map's conversion when the units
    need it (trips x pkm/trip); a unit that fits neither way raises UnitMismatch."""
    try:
        return emission_scale(unit, factor_unit)
    except UnitMismatch:
        if not conversion:
            raise
        converted = Q_(1.0, unit) * Q_(conversion)
        return float(converted.magnitude) * emission_scale(converted.units, factor_unit)


def activity_emissions(activity: pd.DataFrame, activity_map: ActivityMap, factors: FactorLibrary,
                       year: int, memo_kinds: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Emissions of each activity row of one year, location- and market-based, in kgCO2e.

    Rows of `memo_kinds` are kept with their factor ids but zero emissions and status 'memo'
    (their emissions are counted spend-based this year). Units are checked: a row in kWh
    against a factor per litre raises an error naming both.
    """
    rows = activity[activity["year"] == year].copy()
    out = []
    for rec in rows.to_dict("records"):
        rule = activity_map.lookup(rec["kind"], rec["item"], rec["contract"])
        if rule is None:
            raise InputError(rec["source_file"], f"the activity map has no factor for {rec['kind']} "
                             f"item {rec['item']!r} contract {rec['contract']!r}",
                             row=rec["source_row"], column="item",
                             code="activity_no_factor",
                             params={k: rec[k] for k in ("kind", "item", "contract")})
        factor = factors[rule["factor_id"]]
        market = factors[rule["market_factor_id"]] if rule["market_factor_id"] else factor
        memo = rec["kind"] in memo_kinds
        try:
            loc = 0.0 if memo else rec["quantity"] * factor.value_for(year) * \
                _scale(rec["unit"], factor.unit, rule.get("conversion", ""))
            mkt = 0.0 if memo else rec["quantity"] * market.value_for(year) * \
                _scale(rec["unit"], market.unit, rule.get("conversion", ""))
        except UnitMismatch as exc:
            raise InputError(rec["source_file"], str(exc), row=rec["source_row"], column="unit",
                             code="unit_mismatch", params=exc.units) from None
        scope, category = factor.scope, factor.category
        if rec["control"] == "leased" and scope in (1, 2):
            scope, category = 3, 8
        out.append({**rec, "factor_id": factor.id,
                    "market_factor_id": market.id, "source_group": rule["source_group"],
                    "scope": scope, "ghg_category": category, "method": factor.method,
                    "kgco2e_location": loc, "kgco2e_market": mkt,
                    "status": "memo" if memo else "counted"})
    columns = list(rows.columns) + ["factor_id", "market_factor_id", "source_group", "scope",
                                    "ghg_category", "method", "kgco2e_location", "kgco2e_market",
                                    "status"]
    return pd.DataFrame(out, columns=columns)
