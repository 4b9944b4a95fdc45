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

from report.document.source_titles import source_line
from .codes import format_datapoints, format_esrs, format_gri, gri_edition

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


def gri_code(item: dict, c: Context) -> str:
    """The row's GRI codes in the edition of the reporting year: GRI 305 items up to 2026; for
    GRI 102 (from 2027), whose codes have not been read, its name marked so."""
    edition = gri_edition(c.year)
    if not item.get("gri"):
        return ""
    if edition.get("codes") == "gri":
        return format_gri(item["gri"])
    return c.text("gri_unread", standard=edition["standard"])


def row(item: dict, c: Context, value: Any, note: str | None = None, **fmt: Any) -> Row:
    """One index row: the item's codes, its label and note filled from `fmt`."""
    fmt = {"base_year": c.org.base_year, "basis": c.basis()} | fmt
    return {"code": gri_code(item, c),
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


def statement(c: Context, key: str) -> dict[str, Any] | None:
    """`disclosure_statements.<key>` of the organisation settings: {value, reason}; None when
    not given. A statement without a reason in fi raises InputError naming the key."""
    raw = c.org.raw.get("disclosure_statements") or {}
    if not isinstance(raw, dict):
        raise InputError(c.org.file, "disclosure_statements must be a mapping of statements (name: value, reason)",
                         key="disclosure_statements", code="disclosure_statements_invalid")
    entry = raw.get(key)
    if entry is None:
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("reason"), dict) \
            or not entry["reason"].get("fi"):
        raise InputError(c.org.file, "the statement needs its reason (reason, fi)",
                         key=f"disclosure_statements.{key}", code="disclosure_statement_reason",
                         params={"key": key})
    return entry


def _stated(item: dict, c: Context) -> list[Row]:
    """A row from the item's statement: its value (a number or a text) and its reason; empty
    with the setting's name when the statement is not given."""
    key = item["statement"]
    entry = statement(c, key)
    if entry is None:
        return [missing(item, c, c.text("no_statement", name=key))]
    value = entry.get("value")
    if isinstance(value, dict):
        value = t(value, c.lang)
    elif value is not None and not isinstance(value, (int, float)):
        value = str(value)
    reason = t(entry["reason"], c.lang)
    return [row(item, c, value, reason) if value is not None else missing(item, c, reason)]


def _consolidation(item: dict, c: Context) -> list[Row]:
    if statement(c, "consolidation_approach") is not None:
        return _stated(item, c)
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
        tag = c.text("estimate")
        f = c.inputs.factors[fid]
        text = source_line(f.source, c.lang) + (f" {tag}" if f.estimate and tag else "")
        by_source.setdefault(text, []).append(fid)
    return [row(item, c, src, factors=", ".join(ids)) for src, ids in by_source.items()]


def used_factors(c: Context) -> list[str]:
    """The ids of the factors the year's inventory used (spend, activity, market-based)."""
    act = c.inv.activity_rows
    market = act.loc[act["status"] == "counted", "market_factor_id"] if len(act) else []
    return sorted(set(c.inv.table["factor_id"]) | {str(f) for f in market if f and str(f) != "nan"})


def _ghg(c: Context, fid: str) -> dict[str, Any]:
    """A factor's `ghg: {gases, gwp}` as its file records it ({} when not recorded)."""
    ghg = c.inputs.factors[fid].extra.get("ghg")
    return ghg if isinstance(ghg, dict) else {}


def _gases(item: dict, c: Context) -> list[Row]:
    """One row per set of gases the used factors cover, as the factor files record it."""
    groups: dict[str, list[str]] = {}
    for fid in used_factors(c):
        gases = _ghg(c, fid).get("gases")
        groups.setdefault(", ".join(gases) if gases else c.text("not_recorded"), []).append(fid)
    return [row(item, c, k, factors=", ".join(v)) for k, v in groups.items()]


def _gwp(item: dict, c: Context) -> list[Row]:
    """One row per GWP set of the used factors (AR4, AR5, …), judged against AR 39 d (AR6)."""
    groups: dict[str, list[str]] = {}
    for fid in used_factors(c):
        groups.setdefault(str(_ghg(c, fid).get("gwp") or ""), []).append(fid)
    out = []
    for gwp, ids in groups.items():
        verdict = c.text("gwp_unknown" if not gwp else "gwp_latest" if gwp == "AR6"
                         else "gwp_not_latest")
        out.append(row(item, c, gwp or c.text("not_recorded"), factors=", ".join(ids),
                       verdict=verdict))
    return out


def _energy(c: Context) -> dict[str, float]:
    """The year's energy in MWh from the activity data: purchased electricity and heat (and
    what of them is under a renewable contract) and fuels (litres at calorific values)."""
    act = c.inputs.activity
    year = act[act["year"] == c.year] if len(act) else act
    energy = year[year["kind"] == "energy"] if len(year) else year
    fuels = year[year["kind"] == "fuels"] if len(year) else year
    kwh = items_doc()["calorific_kwh_per_litre"]
    out = {"electricity": 0.0, "heat": 0.0, "renewable": 0.0, "fuels": 0.0,
           "electricity_contract": 0.0}
    for _, r in energy.iterrows():
        key = "electricity" if r["item"] == "electricity" else "heat"
        out[key] += float(r["quantity"]) / 1000.0
        if str(r.get("contract") or "").strip() == "renewable":
            out["renewable"] += float(r["quantity"]) / 1000.0
            if key == "electricity":
                out["electricity_contract"] += float(r["quantity"]) / 1000.0
    for _, r in fuels.iterrows():
        if r["item"] not in kwh:
            raise InputError(ITEMS_FILE, f"no calorific value for the fuel {r['item']!r}",
                             key="calorific_kwh_per_litre", code="calorific_value_missing",
                             params={"fuel": r["item"]})
        out["fuels"] += float(r["quantity"]) * float(kwh[r["item"]]) / 1000.0
    return out


def _energy_total(item: dict, c: Context) -> list[Row]:
    e = _energy(c)
    calorific = ", ".join(f"{k} {c.fmt(v, 1)} kWh/l"
                          for k, v in items_doc()["calorific_kwh_per_litre"].items())
    return [row(item, c, e["electricity"] + e["heat"] + e["fuels"], electricity=c.fmt(e["electricity"]),
                heat=c.fmt(e["heat"]), fuels=c.fmt(e["fuels"]), calorific=calorific)]


def _energy_part(part: str) -> Callable[[dict, Context], list[Row]]:
    def rows(item: dict, c: Context) -> list[Row]:
        e, why = _energy(c), c.text("grid_unsplit")
        if part == "nuclear":
            return [missing(item, c, why)]
        return [row(item, c, e["fuels"] if part == "fossil" else e["renewable"], why=why)]
    return rows


def _contractual_share(item: dict, c: Context) -> list[Row]:
    e = _energy(c)
    if not e["electricity"]:
        return [missing(item, c, c.text("missing", why="kWh"))]
    return [row(item, c, 100.0 * e["electricity_contract"] / e["electricity"],
                contract=c.fmt(1000 * e["electricity_contract"], 0),
                total=c.fmt(1000 * e["electricity"], 0))]


def _primary_data_share(item: dict, c: Context) -> list[Row]:
    s3 = c.inv.table[c.inv.table["scope"] == 3]
    total = float(s3["tco2e"].sum())
    if not total:
        return [missing(item, c, "")]
    by = s3.groupby("method")["tco2e"].sum()
    share = lambda m: 100.0 * float(by.get(m, 0.0)) / total  # noqa: E731
    return [row(item, c, share("supplier-specific"), activity=c.pct(share("activity-based")),
                spend=c.pct(share("spend-based")))]


def group_name(c: Context, group: str) -> str:
    """A source group's display name in the report's language (its id only without one)."""
    return t((c.inputs.source_groups.get(group) or {}).get("name"), c.lang) or group


def _scope3_methods(item: dict, c: Context) -> list[Row]:
    s3 = c.inv.table[c.inv.table["scope"] == 3]
    out = []
    for cat, part in s3.groupby("ghg_category"):
        methods = part.groupby("method")["tco2e"].sum()
        value = ", ".join(f"{t(items_doc()['methods'].get(m, m), c.lang)} "
                          f"{c.pct(100 * v / part['tco2e'].sum())}" for m, v in methods.items())
        sources = ", ".join(sorted(group_name(c, g) for g in set(part["source_group"].astype(str))))
        out.append(row(item, c, value, category=int(cat), sources=sources))
    return out


def _targets(item: dict, c: Context) -> list[Row]:
    base = c.base_total
    out = []
    for tg in c.org.targets:
        level = c.fmt(base * (1 - tg.reduction_pct / 100.0)) if base is not None else "–"
        out.append(row(item, c, tg.reduction_pct, year=tg.year, label=t(tg.label, c.lang),
                       base=c.fmt(base), level=level, source=tg.source))
    return out


def _target_2030(item: dict, c: Context) -> list[Row]:
    by_year = {tg.year: tg for tg in c.org.targets}
    if 2030 in by_year:
        return [row(item, c, by_year[2030].reduction_pct)]
    years = ", ".join(str(y) for y in sorted(by_year)) or "–"
    return [missing(item, c, c.text("no_target_value", year=2030, years=years))]


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
            reason = _not_applicable(c) if why == "no_net_revenue" else None
            return [missing(item, c, reason or c.text(why, year=c.year))]
        total = c.total_on(basis) if basis else c.total
        return [row(item, c, scale * total / d, denominator=c.fmt(d, 2 if basis else 0))]
    return rows


def _not_applicable(c: Context) -> str | None:
    """The reason a net revenue does not apply (disclosure_statements.net_revenue), if given."""
    entry = statement(c, "net_revenue") if not c.net_revenue_meur else None
    return t(entry["reason"], c.lang) if entry else None


def _net_revenue(item: dict, c: Context) -> list[Row]:
    if not c.net_revenue_meur:
        why = _not_applicable(c)
        return [missing(item, c, why or c.text("no_net_revenue", year=c.year))]
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
    "gases": _gases, "gwp": _gwp,
    "factor_sources": _factor_sources,
    "standards": _standards,
    "biogenic": _not_given, "scope1_ets_share": _stated, "initiative_reductions": _not_given,
    "removals": _stated, "carbon_pricing": _stated,
    "contractual_share": _contractual_share, "primary_data_share": _primary_data_share,
    "scope3_methods": _scope3_methods,
    "energy_total": _energy_total, "energy_fossil": _energy_part("fossil"),
    "energy_nuclear": _energy_part("nuclear"), "energy_renewable": _energy_part("renewable"),
    "targets": _targets, "target_2030": _target_2030,
    "targets_science_based": _not_given, "targets_levers": _text_value,
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
