"""The methodology appendix: facts about one inventory (boundaries, methods, factors, data quality)
and their wording in the report's language."""
from __future__ import annotations

from typing import Any

import pandas as pd

from carbon.readers.factors import FactorLibrary
from carbon.calculation.recalculation import BaseYearCheck
from carbon.calculation.inventory import Inventory
from carbon.readers.mapping import EXCLUDED, UNCLASSIFIED
from carbon.numbers import format_number, format_pct
from carbon.readers.provenance import TIERS
from carbon.calculation.quality import quality_shares, tier_shares
from carbon.readers.settings import Coverage
from sdg.goals import localized

from report.render.chart_text import share_text

from .source_titles import source_line
from .text import join_words


def exclusion_items(exclusions: list[dict], s: dict[str, Any], lang: str, conj: str) -> list[str]:
    """One line per excluded thing: exclusions worded the same (one reason for several scope 3
    categories) are one line naming their categories, in the order the settings give them."""
    grouped: dict[str, list] = {}
    for e in exclusions:
        grouped.setdefault(localized(e, lang), []).append(e.get("category"))
    out = []
    for text, cats in grouped.items():
        cats = [str(c) for c in cats if c is not None]
        if len(cats) > 1:
            text = s["exclusion_categories"].format(text=text, categories=join_words(cats, conj))
        out.append(text)
    return out


def _share(part: float, whole: float) -> float:
    return 100.0 * part / whole if whole else 0.0


def factor_sources(inv: Inventory, factors: FactorLibrary) -> pd.DataFrame:
    """The sources of the factors the inventory used: publisher, title, year, how many factors,
    their tCO2e and share, their provenance tiers and whether any of them is an estimate in the
    inventory's year; largest first."""
    by_factor = inv.table.groupby("factor_id")["tco2e"].sum()
    total = float(by_factor.sum())
    rows = []
    for fid, value in by_factor.items():
        f = factors[fid]
        rows.append({"publisher": str(f.source.get("publisher", "")).strip(),
                     "title": str(f.source.get("title", "")).strip(),
                     "year": f.source.get("year"), "factor_id": fid, "tco2e": float(value),
                     "tier": f.tier_for(inv.year),
                     "estimate": f.tier_for(inv.year) == "estimate"})
    frame = pd.DataFrame(rows, columns=["publisher", "title", "year", "factor_id", "tco2e",
                                        "tier", "estimate"])
    g = frame.groupby(["publisher", "year"], dropna=False, sort=False).agg(
        titles=("title", lambda s: sorted(set(s))), count=("factor_id", "size"),
        tco2e=("tco2e", "sum"), estimate=("estimate", "any"),
        tiers=("tier", lambda s: [t for t in TIERS if t in set(s)])).reset_index()
    g["title"] = [t[0] if len(t) == 1 else "" for t in g.pop("titles")]
    g["share_pct"] = [_share(v, total) for v in g["tco2e"]]
    return g.sort_values("tco2e", ascending=False, ignore_index=True)


def hybrid_coverage(inv: Inventory, coverage: list[Coverage]) -> tuple[list[tuple[str, tuple]], list[str]]:
    """(activity kinds counted instead of spend, with the source groups they replace, in the
    order of the coverage rules; activity kinds kept as memo) in the inventory's year."""
    replaced = [(c.activity, inv.covering[c.activity]) for c in coverage if c.activity in inv.covering]
    return replaced, list(inv.memo_kinds)


def methodology_facts(inv: Inventory, factors: FactorLibrary, coverage: list[Coverage],
                      exclusions: list[dict], base_check: BaseYearCheck | None = None) -> dict[str, Any]:
    """The numbers and lists behind the methodology appendix, from the inventory and its inputs
    (and the base-year recalculation check of the report year, when given)."""
    table = inv.table
    total = float(table["tco2e"].sum())
    methods = table.groupby("method")["tco2e"].sum().sort_values(ascending=False)
    cov = inv.coverage.set_index("status")
    spend_total = float(inv.coverage["eur"].sum())

    def status(name: str) -> dict[str, float]:
        eur = float(cov.loc[name, "eur"]) if name in cov.index else 0.0
        rows = int(cov.loc[name, "rows"]) if name in cov.index else 0
        return {"eur": eur, "rows": rows, "share_pct": _share(eur, spend_total)}

    used = [factors[f] for f in table["factor_id"].unique()]
    tiers = tier_shares(inv.spend_rows, inv.activity_rows).set_index("tier")
    replaced, memo = hybrid_coverage(inv, coverage)
    return {
        "year": inv.year, "basis": inv.basis, "total": total,
        "scopes": sorted(int(s) for s in table.loc[table["tco2e"] > 0, "scope"].unique()),
        "categories": sorted(int(c) for c in table["ghg_category"].dropna().unique()),
        "exclusions": list(exclusions),
        "methods": [{"method": m, "tco2e": float(v), "share_pct": _share(v, total)}
                    for m, v in methods.items()],
        "hybrid": replaced, "memo": memo, "covered_spend": status("covered"),
        "sources": factor_sources(inv, factors),
        "price_years": sorted({f.price_year for f in used if f.method == "spend-based"
                               and f.price_year}),
        "estimates": {"tco2e": float(tiers.loc["estimate", "tco2e"]),
                      "share_pct": float(tiers.loc["estimate", "share_pct"])},
        "tiers": {t: float(v) for t, v in tiers["share_pct"].items()},
        "quality": quality_shares(inv.spend_rows, inv.activity_rows),
        "unclassified": status(UNCLASSIFIED), "excluded": status(EXCLUDED),
        "base_check": base_check,
    }


def methodology_items(facts: dict[str, Any], strings: dict[str, Any], lang: str,
                      group_name) -> list[dict[str, Any]]:
    """The box's sections [{title, items}] in the report's language; `group_name(id)` gives a
    source group's display name."""
    s = strings["carbon"]["methodology"]
    unit = strings["document"]["unit_tco2e"]
    t = lambda v: f"{format_number(v, 1, lang)}\u00a0{unit}"  # noqa: E731
    p = lambda v, d=1: format_pct(v, d, lang)  # noqa: E731
    eur = lambda v: s["currency"].format(value=format_number(v, 0, lang))  # noqa: E731
    conj = strings["document"]["and"]
    cats = ", ".join(f"{c} {s['ghg_categories'].get(c, '')}".strip() for c in facts["categories"])
    scopes = join_words([str(x) for x in facts["scopes"]], conj)
    sections = [
        {"title": s["scopes"], "items": [s["scopes_text"].format(scopes=scopes, categories=cats)]},
        {"title": s["exclusions"], "items": exclusion_items(facts["exclusions"], s, lang, conj)
         or [s["none"]]},
        {"title": s["methods"], "items": [
            s["method_item"].format(method=s["methods_names"].get(m["method"], m["method"]),
                                    value=t(m["tco2e"]), share=p(m["share_pct"]))
            for m in facts["methods"]]},
    ]
    hybrid = [s["hybrid_item"].format(activity=s["activity_names"].get(k, k),
                                      groups=join_words([group_name(g) for g in groups], conj))
              for k, groups in facts["hybrid"]]
    hybrid += [s["hybrid_memo"].format(activity=s["activity_names"].get(k, k))
               for k in facts["memo"]]
    if facts["covered_spend"]["eur"]:
        hybrid.append(s["hybrid_spend"].format(eur=eur(facts["covered_spend"]["eur"]),
                                               share=p(facts["covered_spend"]["share_pct"], 2)))
    if hybrid:
        sections.append({"title": s["hybrid"], "items": hybrid})
    sections.append({"title": s["scope2"], "items": [s["scope2_text"][facts["basis"]]]})
    if facts.get("baseline_why"):  # the base-year policy's own sentence (one story)
        section = {"title": s["base_year"], "items": [facts["baseline_why"][lang]]}
        rows = (facts.get("restatements") or {}).get(lang) or []
        if rows:
            section["table"] = restatement_table(rows, s, lang, t)
        sections.append(section)
    elif facts.get("base_check") is not None:
        sections.append({"title": s["base_year"],
                         "items": [base_year_text(facts["base_check"], s, lang, group_name, conj, t)]})
    sources = []
    for r in facts["sources"].itertuples():
        name = source_line({"publisher": r.publisher, "title": r.title,
                            "year": r.year if r.year and not pd.isna(r.year) else None}, lang)
        key = "factor_item_one" if r.count == 1 else "factor_item"
        sources.append(s[key].format(source=name, count=r.count, value=t(r.tco2e),
                                     share=p(r.share_pct))
                       + f"; {', '.join(s['tier_names'][x] for x in r.tiers)}")
    if facts["price_years"]:
        sources.append(s["price"].format(years=join_words([str(y) for y in facts["price_years"]], conj)))
    sources.append(s["estimates"].format(value=t(facts["estimates"]["tco2e"]),
                                         share=share_text(facts["estimates"]["share_pct"], 1, lang)))
    sources.append(s["tiers"].format(**{k: p(v) for k, v in facts["tiers"].items()}))
    sections.append({"title": s["factors"], "items": sources})
    if facts.get("uncertainty"):
        sections.append({"title": s["uncertainty"], "items": facts["uncertainty"]})
    un, ex = facts["unclassified"], facts["excluded"]
    sections.append({"title": s["quality"], "table": quality_table(facts["quality"], s, lang),
                     "items": [
        s["unclassified"].format(eur=eur(un["eur"]), share=p(un["share_pct"], 2), rows=un["rows"]),
        s["excluded"].format(eur=eur(ex["eur"]), share=p(ex["share_pct"], 2)),
    ] + ([s["missing_spend"].format(years=join_words([str(y) for y in facts["missing_spend"]],
                                                     conj))]
         if facts.get("missing_spend") else [])})
    return sections


def base_year_text(c: BaseYearCheck, s: dict[str, Any], lang: str, group_name, conj: str,
                   tco2e) -> str:
    """One sentence on the base year: unchanged method, recalculated (used or within the
    threshold), or not comparable."""
    threshold = format_pct(c.threshold_pct, 0, lang)
    if not c.changes:
        return s["base_year_none"].format(base_year=c.base_year, threshold=threshold)
    changes = "; ".join(s["base_year_change"].format(
        activity=s["activity_names"].get(m.activity, m.activity).lower(), year=m.year,
        groups=join_words([group_name(g) for g in m.source_groups], conj)) for m in c.changes)
    if not c.comparable:
        return s["base_year_not_comparable"].format(changes=changes, reason=c.reason)
    key = "base_year_used" if c.needed else "base_year_within"
    return s[key].format(changes=changes, base_year=c.base_year, year=c.year,
                         recalculated=tco2e(c.recalculated_total), computed=tco2e(c.computed),
                         diff=format_pct(c.diff_pct, 1, lang), threshold=threshold)


def restatement_table(rows: list[dict[str, Any]], s: dict[str, Any], lang: str,
                      tco2e) -> dict[str, Any]:
    """The reconciliation of restated years: as originally reported (or calculated), restated,
    difference (GHG Protocol ch. 5); the reason is the section's sentence."""
    q = s["restatement_table"]
    return {"caption": q["caption"],
            "columns": [q["year"], q["original"], q["restated"], q["difference"]],
            "rows": [[str(r["year"]),
                      f"{tco2e(r['original_tco2e'])} ({q['sources'][r['original_source']]})",
                      tco2e(r["restated_tco2e"]),
                      f"{tco2e(r['difference_tco2e'])} ({format_pct(r['difference_pct'], 1, lang)})"]
                     for r in rows]}


def quality_table(quality: pd.DataFrame, s: dict[str, Any], lang: str) -> dict[str, Any]:
    """The box's small table: each data quality with its share of tCO2e and of spend, in the
    report's language; qualities with neither emissions nor spend are left out."""
    q = s["quality_table"]
    shown = quality[(quality["tco2e"] != 0) | (quality["eur"] != 0)]
    return {"caption": q["caption"], "columns": [q["quality"], q["tco2e"], q["eur"]],
            "rows": [[q["names"].get(r.quality, r.quality), format_pct(r.tco2e_share_pct, 1, lang),
                      format_pct(r.eur_share_pct, 1, lang)] for r in shown.itertuples()]}


def uncertainty_items(ranges: Any, trend: Any, strings: dict[str, Any], lang: str) -> list[str]:
    """The technical account of the uncertainty range (Monte Carlo draws, percentiles, method
    and the reduction's interval), for the methodology appendix; the table note says it plainly."""
    s = strings["carbon"]["scopes"]
    lo, hi = ranges.percentiles
    num = lambda v: format_number(v, 0 if v == int(v) else 1, lang)  # noqa: E731
    items = [s["range_note"].format(draws=format_number(ranges.draws, 0, lang),
                                    interval=ranges.interval, low=num(lo), high=num(hi))]
    if trend is not None:
        items.append(s["trend_note"].format(
            base_year=trend.base_year, year=trend.year, interval=trend.interval,
            reduction=format_pct(trend.reduction_pct, 1, lang), low=format_pct(trend.low, 1, lang),
            high=format_pct(trend.high, 1, lang)))
    return items
