"""The figures of the disclosure index: one function per `metric` of items.yaml.

Each function takes the item and the year's context and returns the item's rows (one, or one
per category / source for an item that expands). A figure the data does not give is a row with
value None whose note says why; nothing is estimated.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from carbon.errors import InputError
from carbon.readers.inputs import Inputs
from carbon.calculation.inventory import Inventory
from carbon.readers.settings import Organisation
from carbon.numbers import format_number, format_pct
from carbon.yamlfile import read_mapping

from .codes import format_datapoints, format_esrs, format_gri

ITEMS_FILE = Path(__file__).with_name("items.yaml")
Row = dict[str, Any]


@lru_cache(maxsize=1)
def items_doc() -> dict[str, Any]:
    """items.yaml as read: unit labels, category names, texts and the items."""
    return read_mapping(ITEMS_FILE)


def t(entry: Any, lang: str) -> str:
    """A {fi, en} text in `lang`, Finnish when the language is not there."""
    if entry is None:
        return ""
    if isinstance(entry, dict):
        return str(entry.get(lang) or entry.get("fi") or "")
    return str(entry)


def net_revenue(org: Organisation) -> dict[int, float]:
    """`net_revenue: {year: EUR}` of the organisation settings ({} when not set); a value that
    is not a positive number raises InputError naming the key."""
    raw = org.raw.get("net_revenue")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InputError(org.file, "net_revenue must be a mapping {year: EUR}", key="net_revenue",
                         code="net_revenue_not_mapping")
    out = {}
    for year, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise InputError(org.file, f"net revenue must be a positive number of euros, not "
                             f"{value!r}", key=f"net_revenue.{year}", code="net_revenue_invalid",
                             params={"value": repr(value)})
        out[int(year)] = float(value)
    return out


def _listed(org: Organisation, key: str, needs: str) -> list[dict[str, Any]] | None:
    """A list of mappings, each with `needs`, from the organisation settings (None if not set)."""
    raw = org.raw.get(key)
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(e, dict) and needs in e for e in raw):
        raise InputError(org.file, f"{key} must be a list of mappings with '{needs}'", key=key,
                         code="setting_entries_invalid", params={"name": key, "needs": needs})
    return raw


class Context:
    """The figures of one year (and of the base year) that the items draw on, computed once."""

    def __init__(self, inputs: Inputs, year: int, lang: str) -> None:
        org = inputs.org
        self.inputs, self.org, self.year, self.lang = inputs, org, year, lang
        self.inv: Inventory = inputs.inventory(year)
        self.check = inputs.base_check(year) if org.base_year in inputs.years else None
        self.base: Inventory | None = (None if self.check is None else
                                       self.check.recalculated if self.check.needed
                                       else inputs.inventory(org.base_year))
        self.scopes = self.inv.scope_totals()
        self.total = self.inv.total
        self.base_scopes = self.base.scope_totals() if self.base is not None else None
        self.base_total = self.base.total if self.base is not None else None
        act = inputs.activity
        nights = act[(act["kind"] == "accommodation_nights") & (act["year"] == year)]["quantity"] \
            if len(act) else pd.Series(dtype=float)
        self.nights = float(nights.sum()) if len(nights) else None
        self.person_years = org.person_years.get(year)
        revenue = net_revenue(org).get(year)
        self.net_revenue_meur = revenue / 1e6 if revenue else None

    def fmt(self, v: float | None, d: int = 1) -> str:
        return format_number(v, d, self.lang)

    def pct(self, v: float | None, d: int = 1) -> str:
        return format_pct(v, d, self.lang)

    def text(self, key: str, **fmt: Any) -> str:
        return t(items_doc()["texts"][key], self.lang).format(**fmt)

    def basis(self, basis: str | None = None) -> str:
        return t(items_doc()["basis"][basis or self.inv.basis], self.lang)

    def total_on(self, basis: str) -> float:
        return float(self.scopes[f"tco2e_{basis}"].sum())


def row(item: dict, c: Context, value: Any, note: str | None = None, **fmt: Any) -> Row:
    """One index row: the item's codes, its label and note filled from `fmt`."""
    fmt = {"base_year": c.org.base_year, "basis": c.basis()} | fmt
    return {"code": format_gri(item.get("gri") or []),
            "esrs": format_esrs(item.get("esrs") or []),
            "datapoint": format_datapoints(item.get("datapoints") or []),
            "label": t(item["label"], c.lang).format(**fmt),
            "value": value, "unit": item.get("unit", ""),
            "note": (note if note is not None else t(item.get("note"), c.lang).format(**fmt)).strip(),
            "decimals": item.get("decimals", 1)}


def missing(item: dict, c: Context, why: str | None = None) -> Row:
    """A row without a figure; its note says why (by default the item's own note)."""
    why = why if why is not None else t(item.get("note"), c.lang)
    return row(item, c, None, c.text("missing", why=why))


def _no_base(item: dict, c: Context) -> list[Row]:
    return [missing(item, c, c.text("no_base_year", year=c.org.base_year))]


def _value(get: Callable[[Context], float]) -> Callable[[dict, Context], list[Row]]:
    return lambda item, c: [row(item, c, get(c))]


def _base_value(get: Callable[[pd.DataFrame], float]) -> Callable[[dict, Context], list[Row]]:
    def rows(item: dict, c: Context) -> list[Row]:
        if c.base_scopes is None:
            return _no_base(item, c)
        return [row(item, c, float(get(c.base_scopes)))]
    return rows


def _text_value(item: dict, c: Context) -> list[Row]:
    return [row(item, c, t(item.get("value"), c.lang))]


def _not_given(item: dict, c: Context) -> list[Row]:
    return [missing(item, c)]


def _standards(item: dict, c: Context) -> list[Row]:
    by_method = c.inv.by("method")
    methods = ", ".join(f"{t(items_doc()['methods'].get(k, k), c.lang)} {c.pct(100 * v / c.total)}"
                        for k, v in by_method.items()) if c.total else "–"
    return [row(item, c, t(item.get("value"), c.lang), methods=methods)]


def _consolidation(item: dict, c: Context) -> list[Row]:
    approach = c.org.raw.get("consolidation_approach")
    return [row(item, c, str(approach), "")] if approach else [missing(item, c)]


def _consolidated_group(item: dict, c: Context) -> list[Row]:
    s2 = f"tco2e_{c.inv.basis}"
    return [row(item, c, float(c.scopes.loc[1, "tco2e"] + c.scopes.loc[2, s2]))]


def _investees(item: dict, c: Context) -> list[Row]:
    investees = _listed(c.org, "investees_under_operational_control", "tco2e")
    if investees is None:
        return [missing(item, c, c.text("no_investees"))]
    return [row(item, c, float(sum(float(i.get("tco2e", 0)) for i in investees)))]


def _boundary_changes(item: dict, c: Context) -> list[Row]:
    changes = _listed(c.org, "boundary_changes", "year")
    if changes is None:
        return [missing(item, c, c.text("no_changes_setting"))]
    since = [ch for ch in changes if c.org.base_year < int(ch.get("year", 0)) <= c.year]
    if not since:
        return [row(item, c, c.text("no_boundary_changes", base_year=c.org.base_year))]
    return [row(item, c, str(ch["year"]), t(ch, c.lang)) for ch in since]


def _base_year(item: dict, c: Context) -> list[Row]:
    return [row(item, c, c.org.base_year)]


def _recalculation(item: dict, c: Context) -> list[Row]:
    threshold = c.org.recalculation_threshold_pct
    reported = c.org.reported_totals.get(c.org.base_year)
    computed = c.check.computed if c.check is not None else None
    if reported is None or computed is None:
        diff, verdict = None, c.text("no_reported")
    else:
        diff = 100.0 * (computed - reported) / reported
        verdict = c.text("recalculation_over" if abs(diff) > threshold else "recalculation_within")
    check = c.check
    if check is not None and check.changes:
        years = ", ".join(sorted({str(m.year) for m in check.changes}))
        if not check.comparable:
            verdict += " " + c.text("method_not_comparable", years=years, reason=check.reason)
        else:
            verdict += " " + c.text("method_used" if check.needed else "method_within", years=years,
                                    recalculated=c.fmt(check.recalculated_total),
                                    diff=c.pct(check.diff_pct, 1))
    return [row(item, c, threshold, threshold=c.pct(threshold, 0), computed=c.fmt(computed),
                reported=c.fmt(reported), diff=c.pct(diff, 2), verdict=verdict)]


def _factor_sources(item: dict, c: Context) -> list[Row]:
    act = c.inv.activity_rows
    market = act.loc[act["status"] == "counted", "market_factor_id"] if len(act) else []
    used = sorted(set(c.inv.table["factor_id"]) | {str(f) for f in market if f and str(f) != "nan"})
    by_source: dict[str, list[str]] = {}
    for fid in used:
        by_source.setdefault(c.inputs.factors[fid].source_text(), []).append(fid)
    return [row(item, c, src, factors=", ".join(ids)) for src, ids in by_source.items()]


def _scope3_categories(c: Context) -> pd.Series:
    s3 = c.inv.table[c.inv.table["scope"] == 3]
    return s3.groupby("ghg_category")["tco2e"].sum().sort_index()


def _category_name(k: int, c: Context) -> str:
    return t(items_doc()["scope3_categories"].get(int(k)), c.lang)


def _scope3_by_category(item: dict, c: Context) -> list[Row]:
    cats = _scope3_categories(c)
    scope3 = float(cats.sum())
    return [row(item, c, float(v), category=int(k), name=_category_name(k, c),
                share=c.pct(100 * v / scope3 if scope3 else None)) for k, v in cats.items()]


def _scope3_included(item: dict, c: Context) -> list[Row]:
    cats = [int(k) for k in _scope3_categories(c).index]
    names = "; ".join(f"{k} {_category_name(k, c)}" for k in cats)
    return [row(item, c, ", ".join(map(str, cats)), names=names)]


def _scope3_excluded(item: dict, c: Context) -> list[Row]:
    return [row(item, c, None, category=k, name=_category_name(k, c), reason=t(ex, c.lang))
            for ex in c.org.exclusions if isinstance(k := ex.get("category"), int)]


def _scope3_unaccounted(item: dict, c: Context) -> list[Row]:
    known = {int(k) for k in _scope3_categories(c).index}
    known |= {ex["category"] for ex in c.org.exclusions if isinstance(ex.get("category"), int)}
    left = [k for k in items_doc()["scope3_categories"] if int(k) not in known]
    if not left:
        return [row(item, c, c.text("none_left"), "")]
    return [row(item, c, ", ".join(map(str, left)))]


def _scope3_primary(item: dict, c: Context) -> list[Row]:
    """The share of scope 3 calculated with the suppliers' own data (supplier-specific factors
    from their answers: `build.py suppliers import`), with its tCO2e and how many suppliers."""
    rows = c.inv.spend_rows
    own = rows[(rows["status"].astype(str) == "counted").to_numpy()
               & (rows["quality"].astype(str) == "supplier-specific").to_numpy()
               & (rows["scope"].fillna(0).to_numpy(dtype=int) == 3)]
    scope3 = float(c.scopes.loc[3, "tco2e"])
    tco2e = float(own["kgco2e"].sum()) / 1000.0
    return [row(item, c, 100.0 * tco2e / scope3 if scope3 else 0.0, tco2e=c.fmt(tco2e),
                suppliers=int(own["supplier_id"].astype(str).nunique()))]


def _per(denominator: Callable[[Context], float | None], scale: float, why: str,
         basis: str | None = None) -> Callable[[dict, Context], list[Row]]:
    """Total emissions (on `basis`, default the organisation's) × scale per the denominator."""
    def rows(item: dict, c: Context) -> list[Row]:
        d = denominator(c)
        if not d:
            return [missing(item, c, c.text(why, year=c.year))]
        total = c.total_on(basis) if basis else c.total
        return [row(item, c, scale * total / d, denominator=c.fmt(d, 2 if basis else 0))]
    return rows


def _net_revenue(item: dict, c: Context) -> list[Row]:
    if not c.net_revenue_meur:
        return [missing(item, c, c.text("no_net_revenue", year=c.year))]
    return [row(item, c, c.net_revenue_meur,
                reconciliation=t(c.org.raw.get("net_revenue_reconciliation"), c.lang))]


def _change(pct: bool) -> Callable[[dict, Context], list[Row]]:
    def rows(item: dict, c: Context) -> list[Row]:
        if c.base_total is None:
            return _no_base(item, c)
        red = c.base_total - c.total
        sign = c.text("increase") if red < 0 else ""
        return [row(item, c, 100.0 * red / c.base_total if pct else red, sign=sign)]
    return rows


METRICS: dict[str, Callable[[dict, Context], list[Row]]] = {
    "scope1": _value(lambda c: float(c.scopes.loc[1, "tco2e"])),
    "scope2_location": _value(lambda c: float(c.scopes.loc[2, "tco2e_location"])),
    "scope2_market": _value(lambda c: float(c.scopes.loc[2, "tco2e_market"])),
    "scope3": _value(lambda c: float(c.scopes.loc[3, "tco2e"])),
    "total_location": _value(lambda c: c.total_on("location")),
    "total_market": _value(lambda c: c.total_on("market")),
    "scope3_by_category": _scope3_by_category,
    "scope3_included": _scope3_included,
    "scope3_excluded": _scope3_excluded,
    "scope3_unaccounted": _scope3_unaccounted,
    "scope3_primary_share": _scope3_primary,
    "consolidated_group": _consolidated_group,
    "investees": _investees,
    "boundary_changes": _boundary_changes,
    "gases": _text_value, "gwp": _text_value,
    "factor_sources": _factor_sources,
    "standards": _standards,
    "biogenic": _not_given, "scope1_ets_share": _not_given, "initiative_reductions": _not_given,
    "consolidation": _consolidation,
    "base_year": _base_year,
    "base_year_scope1": _base_value(lambda s: s.loc[1, "tco2e"]),
    "base_year_scope2_location": _base_value(lambda s: s.loc[2, "tco2e_location"]),
    "base_year_scope2_market": _base_value(lambda s: s.loc[2, "tco2e_market"]),
    "base_year_scope3": _base_value(lambda s: s.loc[3, "tco2e"]),
    "recalculation": _recalculation,
    "change_tco2e": _change(pct=False),
    "change_pct": _change(pct=True),
    "intensity_night": _per(lambda c: c.nights, 1000.0, "no_nights"),
    "intensity_person_year": _per(lambda c: c.person_years, 1.0, "no_person_years"),
    "intensity_revenue_location": _per(lambda c: c.net_revenue_meur, 1.0, "no_net_revenue",
                                       "location"),
    "intensity_revenue_market": _per(lambda c: c.net_revenue_meur, 1.0, "no_net_revenue",
                                     "market"),
    "net_revenue": _net_revenue,
}
