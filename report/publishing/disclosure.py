"""GRI 305 (305-1 … 305-5) and ESRS E1-6 disclosure index of one year's carbon figures.

The items, their codes, Finnish labels and notes are data (report/publishing/disclosure_items.yaml); this
module computes the figure of each item from the inventory of the year (and of the base year)
and leaves a figure empty, with a note why, when the data does not give it.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from carbon.errors import InputError
from carbon.inputs import Inputs
from carbon.inventory import Inventory
from carbon.numbers import format_number, format_pct
from carbon.yamlfile import read_mapping

ITEMS_FILE = Path(__file__).with_name("disclosure_items.yaml")
COLUMNS = ["code", "esrs", "label", "value", "unit", "note"]


@lru_cache(maxsize=1)
def items_doc() -> dict[str, Any]:
    return read_mapping(ITEMS_FILE)


def _t(entry: Any, lang: str) -> str:
    if entry is None:
        return ""
    if isinstance(entry, dict):
        return str(entry.get(lang) or entry.get("fi") or "")
    return str(entry)


class _Context:
    """The figures of one year that the items draw on, computed once."""

    def __init__(self, inputs: Inputs, year: int, lang: str) -> None:
        org = inputs.org
        self.inputs, self.org, self.year, self.lang = inputs, org, year, lang
        self.inv: Inventory = inputs.inventory(year)
        self.base: Inventory | None = (inputs.inventory(org.base_year)
                                       if org.base_year in inputs.years else None)
        self.scopes = self.inv.scope_totals()
        self.total = self.inv.total
        self.base_total = self.base.total if self.base is not None else None
        act = inputs.activity
        nights = act[(act["kind"] == "accommodation_nights") & (act["year"] == year)]["quantity"] \
            if len(act) else pd.Series(dtype=float)
        self.nights = float(nights.sum()) if len(nights) else None
        self.person_years = org.person_years.get(year)

    def fmt(self, v: float | None, d: int = 1) -> str:
        return format_number(v, d, self.lang)

    def pct(self, v: float | None, d: int = 1) -> str:
        return format_pct(v, d, self.lang)


def _row(item: dict, lang: str, value: Any, note: str | None = None, **fmt: Any) -> dict[str, Any]:
    return {"code": item.get("code", ""), "esrs": item.get("esrs", ""),
            "label": _t(item["label"], lang).format(**fmt),
            "value": value, "unit": item.get("unit", ""),
            "note": (note if note is not None else _t(item.get("note"), lang).format(**fmt)).strip(),
            "decimals": item.get("decimals", 1)}


def _missing(item: dict, c: _Context, why: str | None = None) -> dict[str, Any]:
    texts = items_doc()["texts"]
    why = why if why is not None else _t(item.get("note"), c.lang)
    return _row(item, c.lang, None, _t(texts["missing"], c.lang).format(why=why))


def _rows_for(item: dict, c: _Context) -> list[dict[str, Any]]:
    lang, doc = c.lang, items_doc()
    m = item["metric"]
    texts = doc["texts"]
    simple = {
        "scope1": lambda: float(c.scopes.loc[1, "tco2e"]),
        "scope2_location": lambda: float(c.scopes.loc[2, "tco2e_location"]),
        "scope2_market": lambda: float(c.scopes.loc[2, "tco2e_market"]),
        "scope3": lambda: float(c.scopes.loc[3, "tco2e"]),
        "total_location": lambda: float(c.scopes["tco2e_location"].sum()),
        "total_market": lambda: float(c.scopes["tco2e_market"].sum()),
    }
    if m in simple:
        return [_row(item, lang, simple[m]())]
    if m == "total":
        basis = _t(doc["basis"][c.inv.basis], lang)
        return [_row(item, lang, c.total, basis=basis)]
    if m in ("gases", "gwp"):
        return [_row(item, lang, _t(item.get("value"), lang))]
    if m == "standards":
        by_method = c.inv.by("method")
        methods = ", ".join(f"{_t(doc['methods'].get(k, k), lang)} {c.pct(100 * v / c.total)}"
                            for k, v in by_method.items()) if c.total else "–"
        return [_row(item, lang, _t(item.get("value"), lang), methods=methods)]
    if m in ("biogenic", "scope1_ets_share", "intensity_revenue"):
        return [_missing(item, c)]
    if m == "consolidation":
        approach = c.org.raw.get("consolidation_approach")
        return [_row(item, lang, str(approach), "")] if approach else [_missing(item, c)]
    if m == "base_year":
        return [_row(item, lang, c.org.base_year)]
    if m == "base_year_total":
        if c.base_total is None:
            return [_missing(item, c, _t(texts["no_base_year"], lang).format(year=c.org.base_year))]
        return [_row(item, lang, c.base_total)]
    if m == "recalculation":
        threshold = c.org.recalculation_threshold_pct
        reported = c.org.reported_totals.get(c.org.base_year)
        if reported is None or c.base_total is None:
            diff, verdict = None, _t(texts["no_reported"], lang)
        else:
            diff = 100.0 * (c.base_total - reported) / reported
            verdict = _t(texts["recalculation_over" if abs(diff) > threshold
                               else "recalculation_within"], lang)
        return [_row(item, lang, threshold, threshold=c.pct(threshold, 0),
                     computed=c.fmt(c.base_total), reported=c.fmt(reported),
                     diff=c.pct(diff, 2), verdict=verdict)]
    if m == "factor_sources":
        act = c.inv.activity_rows
        market = act.loc[act["status"] == "counted", "market_factor_id"] if len(act) else []
        used = sorted(set(c.inv.table["factor_id"]) | {str(f) for f in market if f and str(f) != "nan"})
        by_source: dict[str, list[str]] = {}
        for fid in used:
            by_source.setdefault(c.inputs.factors[fid].source_text(), []).append(fid)
        return [_row(item, lang, src, factors=", ".join(ids)) for src, ids in by_source.items()]
    if m == "scope3_by_category":
        s3 = c.inv.table[c.inv.table["scope"] == 3]
        cats = s3.groupby("ghg_category")["tco2e"].sum().sort_index()
        scope3 = float(s3["tco2e"].sum())
        return [_row(item, lang, float(v), category=int(k),
                     name=_t(doc["scope3_categories"].get(int(k)), lang),
                     share=c.pct(100 * v / scope3 if scope3 else None))
                for k, v in cats.items()]
    if m == "scope3_excluded":
        rows = []
        for ex in c.org.exclusions:
            k = ex.get("category")
            if isinstance(k, int):
                rows.append(_row(item, lang, None, category=k,
                                 name=_t(doc["scope3_categories"].get(k), lang),
                                 reason=_t(ex, lang)))
        return rows
    if m == "intensity_night":
        if not c.nights:
            return [_missing(item, c, _t(texts["no_nights"], lang).format(year=c.year))]
        return [_row(item, lang, 1000.0 * c.total / c.nights, denominator=c.fmt(c.nights, 0))]
    if m == "intensity_person_year":
        if not c.person_years:
            return [_missing(item, c, _t(texts["no_person_years"], lang).format(year=c.year))]
        return [_row(item, lang, c.total / c.person_years, denominator=c.fmt(c.person_years, 0))]
    if m in ("reduction_tco2e", "reduction_pct"):
        if c.base_total is None:
            return [_missing(item, c, _t(texts["no_base_year"], lang).format(year=c.org.base_year))]
        red = c.base_total - c.total
        value = red if m == "reduction_tco2e" else 100.0 * red / c.base_total
        sign = _t(texts["increase"], lang) if red < 0 else ""
        return [_row(item, lang, value, base_year=c.org.base_year, sign=sign)]
    raise InputError(ITEMS_FILE, f"unknown metric '{m}'", key=item.get("code") or item.get("esrs"))


def _rows(inputs: Inputs, year: int, lang: str) -> list[dict[str, Any]]:
    c = _Context(inputs, year, lang)
    return [r for item in items_doc()["items"] for r in _rows_for(item, c)]


def disclosure_index(inputs: Inputs, year: int, lang: str = "fi") -> pd.DataFrame:
    """The index as a table: code, label, value (a number in `unit`, a text, or None when
    the data does not give it), unit, note."""
    return pd.DataFrame([{k: r[k] for k in COLUMNS} for r in _rows(inputs, year, lang)],
                        columns=COLUMNS)


def unit_label(unit: str, lang: str = "fi") -> str:
    labels = items_doc()["unit_labels"]
    return _t(labels[unit], lang) if unit in labels else unit


def format_value(value: Any, unit: str, decimals: int = 1, lang: str = "fi") -> str:
    """A number formatted for the language ('38 269,5'), a text as is, '–' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, str):
        return value
    if unit == "year":
        return str(int(value))
    return format_number(float(value), decimals, lang)


def disclosure_records(inputs: Inputs, year: int, lang: str = "fi") -> list[dict[str, Any]]:
    """The index for a Jinja template: code, label, value (formatted, '–' if missing), unit
    (display label), note, plus missing (bool); code is the GRI 305 code ('' for an ESRS-only
    item), esrs the ESRS E1-6 code of the same datapoint ('' if none)."""
    out = []
    for r in _rows(inputs, year, lang):
        out.append({"code": r["code"], "esrs": r["esrs"], "label": r["label"],
                    "value": format_value(r["value"], r["unit"], r["decimals"], lang),
                    "unit": unit_label(r["unit"], lang), "note": r["note"],
                    "missing": r["value"] is None})
    return out


def write_disclosure(inputs: Inputs, year: int, out_dir: str | Path, lang: str = "fi") -> Path:
    """disclosure_<year>.csv: the index with numbers as plain decimals (3 decimals)."""
    frame = disclosure_index(inputs, year, lang)
    frame["value"] = [round(v, 3) if isinstance(v, float) else v for v in frame["value"]]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"disclosure_{year}.csv"
    frame.to_csv(path, index=False)
    return path
