"""The footprint of a year, progress against the targets, and the trace behind a figure."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from carbon.readers.checks import Finding
from carbon.errors import InputError
from carbon.records.export import write_inventory
from carbon.readers.inputs import Inputs
from carbon.calculation.inventory import Inventory
from carbon.readers.mapping import unclassified_summary
from carbon.calculation.progress import intensity_table, progress_table
from carbon.calculation.quality import quality_shares, tier_shares
from carbon.calculation.baseline import Baseline
from carbon.calculation.recalculation import BaseYearCheck
from carbon.readers.settings import Organisation
from carbon.calculation.draws import DEFAULT_INTERVAL
from carbon.calculation.uncertainty import (CENTRAL_STATISTIC, DEFAULT_DRAWS, DEFAULT_SEED,
                                           InventoryUncertainty, TrendUncertainty,
                                           inventory_uncertainty, trend_uncertainty)

from report.document.baseline import (baseline as base_year_policy, baseline_json,  # noqa: F401
                                      method_label, policy_sentence, reconciliation)
from .organisation import pick_year


@dataclass
class Footprint:
    """A year's inventory and what the user reads of it: totals by scope (both scope 2
    bases), by source group with names and shares, spend coverage, the largest unclassified
    spend, which activity data replaced which source groups, and ledger columns absent."""

    org: Organisation
    year: int
    inventory: Inventory
    by_scope: pd.DataFrame        # scope, tco2e, tco2e_location, tco2e_market
    by_group: pd.DataFrame        # source_group, name, tco2e, share_pct
    coverage: pd.DataFrame        # status, eur, rows, share_pct
    unclassified: pd.DataFrame    # largest unclassified spend by account/product group/category/supplier
    covering: dict[str, list[str]]  # activity kind -> names of the source groups it replaced
    memo_kinds: list[str]         # activity kinds reported as memo items only
    missing_columns: dict[str, list[str]]  # ledger file -> optional columns it lacks
    quality: pd.DataFrame         # quality, tco2e, tco2e_share_pct, eur, eur_share_pct
    tiers: pd.DataFrame           # tier (published, proxy, estimate), tco2e, share_pct
    uncertainty: InventoryUncertainty | None  # Monte Carlo range (None when draws = 0)
    #: unknown ledger columns (skipped) -> the files that have them
    extra_columns: dict[str, list[str]] = field(default_factory=dict)
    #: what the input checks found (carbon/readers/checks.py): accepted missing spend, lines dated
    #: outside their file's accounting year, outlying amounts
    findings: list[Finding] = field(default_factory=list)
    #: the base-year policy of the year's view (None without base-year data) and its sentence
    baseline: Baseline | None = None
    why: str = ""
    #: the reduction since the base year the policy measures from, with its interval (same
    #: factor draws in both years); None for the base year itself, without draws or base year
    trend: TrendUncertainty | None = None

    @property
    def reduction_pct(self) -> float | None:
        """The year's reduction from the base year the policy measures from, %."""
        return None if self.baseline is None else self.baseline.reduction_pct(self.year)

    @property
    def total(self) -> float:
        """The year's total (tCO2e) on the organisation's scope 2 basis."""
        return self.inventory.total

    @property
    def estimated_tco2e(self) -> float:
        """tCO2e computed with factors whose value for the year is an estimate."""
        return float(self.tiers.loc[self.tiers["tier"] == "estimate", "tco2e"].sum())

    @property
    def estimated_share_pct(self) -> float:
        """The share of the total computed with estimated factors, %."""
        return float(self.tiers.loc[self.tiers["tier"] == "estimate", "share_pct"].sum())

    @property
    def basis(self) -> str:
        """The scope 2 basis of `total`: location or market."""
        return self.inventory.basis


def footprint(inputs: Inputs, year: int | None = None, lang: str = "fi", *,
              draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
              interval: int = DEFAULT_INTERVAL) -> Footprint:
    """The inventory of `year` (default: the latest with data), with group names in `lang`, its
    uncertainty range (the `interval` %: 95 or 90) from `draws` Monte Carlo draws over the
    factors (0: none) and the uncertainty of the reduction since the base year."""
    year = pick_year(inputs, year)
    inv = inputs.inventory(year)
    base = inputs.baseline(year) if inputs.org.base_year in inputs.years \
        and year >= inputs.org.base_year else None
    groups = inv.by("source_group")
    by_group = pd.DataFrame({
        "source_group": list(groups.index),
        "name": [inputs.group_name(g, lang) for g in groups.index],
        "tco2e": groups.to_numpy(),
        "share_pct": 100.0 * groups.to_numpy() / inv.total,
    })
    return Footprint(
        org=inputs.org, year=year, inventory=inv,
        by_scope=inv.scope_totals().reset_index(), by_group=by_group, coverage=inv.coverage,
        unclassified=unclassified_summary(inv.spend_rows),
        covering={kind: [inputs.group_name(g, lang) for g in replaced]
                  for kind, replaced in inv.covering.items()},
        memo_kinds=list(inv.memo_kinds), missing_columns=dict(inputs.ledger.missing_columns),
        extra_columns=extra_columns(inputs.ledger.extra_columns),
        quality=quality_shares(inv.spend_rows, inv.activity_rows),
        tiers=tier_shares(inv.spend_rows, inv.activity_rows),
        uncertainty=_named(inventory_uncertainty(inv, inputs.factors, draws, seed,
                                                 interval=interval), inputs, lang)
        if draws else None, findings=inputs.findings(year),
        baseline=base, why=policy_sentence(base, inputs, lang) if base is not None else "",
        trend=trend_uncertainty(inputs, base.base_year, year, draws, seed, interval)
        if base is not None and draws and year != base.base_year else None)


def extra_columns(by_file: dict[str, list[str]]) -> dict[str, list[str]]:
    """Unknown ledger columns, each once, with the files that have it (in column order)."""
    named: dict[str, list[str]] = {}
    for file, columns in by_file.items():
        for column in columns:
            named.setdefault(column, []).append(file)
    return named


def _named(u: InventoryUncertainty, inputs: Inputs, lang: str) -> InventoryUncertainty:
    """The contributors' source groups by their display names."""
    u.contributors["source_groups"] = [
        ", ".join(inputs.group_name(g, lang) for g in ids.split(", "))
        for ids in u.contributors["source_groups"]]
    return u


def footprint_json(r: Footprint) -> dict[str, Any]:
    """The footprint as one JSON-ready object (for `footprint --json` and web clients):
    totals by scope and source group, data quality and factor-tier shares (% of tCO2e), the
    share from estimated factors, the uncertainty range and spend coverage."""
    scopes = r.by_scope.set_index("scope")
    cov = r.coverage.set_index("status")
    return {
        "organisation": r.org.id, "year": r.year, "basis": r.basis,
        "total_tco2e": r.total,
        "by_scope": {str(s): float(scopes.loc[s, "tco2e"]) for s in scopes.index},
        "by_scope_location": {str(s): float(scopes.loc[s, "tco2e_location"]) for s in scopes.index},
        "by_scope_market": {str(s): float(scopes.loc[s, "tco2e_market"]) for s in scopes.index},
        "by_source_group": {g: float(v) for g, v in zip(r.by_group["source_group"], r.by_group["tco2e"])},
        "quality": {q: float(v) for q, v in zip(r.quality["quality"], r.quality["tco2e_share_pct"])},
        "factor_tiers": {q: float(v) for q, v in zip(r.tiers["tier"], r.tiers["share_pct"])},
        "estimated_share_pct": r.estimated_share_pct,
        "uncertainty": None if r.uncertainty is None else uncertainty_json(r.uncertainty),
        "trend_uncertainty": None if r.trend is None else trend_json(r.trend),
        "spend_eur": {str(s): float(cov.loc[s, "eur"]) for s in cov.index},
        "unclassified_share_pct": float(cov["share_pct"].get("unclassified", 0.0)),
        "extra_columns": r.extra_columns,
        "findings": [{"code": f.code, "file": f.file, "row": f.row, "column": f.column,
                      "key": f.key, "text": f.english} for f in r.findings],
        "base_year": None if r.baseline is None else {
            "year": r.baseline.base_year, "base_tco2e_used": r.baseline.base_total,
            "published_tco2e": r.baseline.published, "measured_from": r.baseline.measured_from,
            "reduction_pct": r.reduction_pct,
            "reduction_pct_vs_published": r.baseline.reduction_pct(r.year, r.baseline.published)
            if r.baseline.published else None,
            "method": list(r.baseline.method), "why": r.why},
    }


def uncertainty_json(u: InventoryUncertainty) -> dict[str, Any]:
    """The range of a total as JSON: which interval (its percentiles), low, median, high and
    mean of the draws, and which statistic the calculated figure is (the mean)."""
    low, high = u.percentiles
    return {"interval_pct": u.interval, "percentiles": [low, high],
            "central_tco2e": u.central, "central_statistic": CENTRAL_STATISTIC,
            **u.total, "draws": u.draws, "seed": u.seed}


def trend_json(t: TrendUncertainty) -> dict[str, Any]:
    """The reduction since the base year with its interval as JSON."""
    low, high = t.percentiles
    return {"base_year": t.base_year, "year": t.year, "measured_from": t.measured_from,
            "base_tco2e": t.base_tco2e,
            "tco2e": t.tco2e, "reduction_pct": t.reduction_pct, "interval_pct": t.interval,
            "percentiles": [low, high], "low_pct": t.low, "high_pct": t.high,
            "median_pct": t.median, "mean_pct": t.mean, "correlated": True,
            "draws": t.draws, "seed": t.seed}


def write_footprint(inputs: Inputs, result: Footprint, out_dir: str | Path,
                    lang: str = "fi", rows: str = "none") -> list[Path]:
    """footprint_<year>.csv and .xlsx and, on request, the row-level trace files (`rows`:
    parquet, csv as well, or none; see carbon.records.export.write_inventory), into out_dir;
    with an uncertainty
    range, footprint_<year>_uncertainty.csv and its sheets in the workbook."""
    sheets = {}
    if result.uncertainty is not None:
        sheets = {"uncertainty": uncertainty_table(result.uncertainty),
                  "uncertainty_sources": result.uncertainty.contributors}
    written = write_inventory(result.inventory, inputs, out_dir, lang, extra_sheets=sheets,
                              rows=rows, quality=result.quality, tiers=result.tiers)
    if sheets:
        path = Path(out_dir) / f"footprint_{result.year}_uncertainty.csv"
        sheets["uncertainty"].to_csv(path, index=False)
        written.append(path)
    return written


def uncertainty_table(u: InventoryUncertainty) -> pd.DataFrame:
    """Scopes 1–3 and the total: central (calculated, the mean) tCO2e and the interval's
    bounds, median and mean of the draws, with the interval, draws and seed that reproduce them."""
    total = {"scope": "total", "central": u.central, **u.total}
    frame = pd.concat([u.by_scope.astype({"scope": str}), pd.DataFrame([total])], ignore_index=True)
    low, high = u.percentiles
    frame["interval_pct"], frame["low_percentile"], frame["high_percentile"] = u.interval, low, high
    frame["draws"], frame["seed"] = u.draws, u.seed
    return frame


@dataclass
class Progress:
    """Every year of a view against the base year and each target, on one method (the base-year
    policy of carbon/calculation/baseline.py), beside the published base year, with
    intensities, and the reported-versus-computed check of the published years."""

    org: Organisation
    view_year: int            # the latest year with data up to the year asked for
    baseline: Baseline        # the policy: series, base year used and why
    base_total: float         # the base year figure progress is measured from
    base_check: BaseYearCheck  # the base year under the view's method
    table: pd.DataFrame       # progress_table: year x target rows, from base_total
    published_table: pd.DataFrame | None  # the same against the published base year
    intensity: pd.DataFrame   # year, tco2e per night and per person-year
    reported: pd.DataFrame    # year, reported, computed, diff_pct, recalculate
    group_names: dict[str, str]  # source group id -> display name, for the method changes
    why: str                  # the policy in one sentence
    restatements: list[dict[str, Any]]  # the reconciliation of restated years
    #: the same on the target boundary when the targets cover less than the inventory
    #: (year x target rows, from the boundary's base year), else None
    boundary_table: pd.DataFrame | None = None
    #: the view year's reduction since the base year with its interval (same factor draws in
    #: both years); None in the base year's own view
    trend: Any = None


def boundary_totals(inputs: Inputs, year: int | None = None) -> dict[int, float] | None:
    """The view's series on the target boundary (the organisation's `target_boundary`): each
    year's tCO2e less the source groups and scopes the targets leave out; None without one."""
    tb = inputs.org.target_boundary
    if tb is None:
        return None
    out = {}
    for y, inv in inputs.series_inventories(year).items():
        t = inv.table
        keep = ~t["source_group"].astype(str).isin(tb.source_groups) & ~t["scope"].isin(tb.scopes)
        out[y] = float(t.loc[keep, "tco2e"].sum())
    return out


def progress(inputs: Inputs, lang: str = "fi", year: int | None = None) -> Progress:
    """The series up to `year` (default: the latest year with data) on the method of that
    year, the progress table from the base year the policy uses and from the published one,
    and the reported-versus-computed check."""
    org = inputs.org
    if org.base_year not in inputs.years:
        years = ", ".join(map(str, inputs.years))
        raise InputError(org.file, f"no data for the base year {org.base_year} (the data covers "
                         f"{years}): cannot compute progress", key="base_year",
                         code="base_year_no_data", params={"year": org.base_year, "years": years})
    b = inputs.baseline(year)
    check = inputs.base_check(b.view_year)
    totals = b.totals
    table = progress_table(totals, org.base_year, org.targets, base_total=b.base_total)
    published = progress_table(totals, org.base_year, org.targets, base_total=b.published) \
        if b.published else None
    act = inputs.activity
    nights = act[act["kind"] == "accommodation_nights"].groupby("year")["quantity"].sum().to_dict() \
        if len(act) else {}
    intensity = intensity_table(totals, {"night": nights, "person_year": org.person_years})
    rows = []
    for y, value in sorted(org.reported_totals.items()):
        if y in inputs.years:
            computed = inputs.inventory(y).total
            diff = 100.0 * (computed - value) / value
            rows.append({"year": y, "reported": value, "computed": computed,
                         "diff_pct": diff, "recalculate": abs(diff) > org.recalculation_threshold_pct})
    reported = pd.DataFrame(rows, columns=["year", "reported", "computed", "diff_pct", "recalculate"])
    names = {g: inputs.group_name(g, lang) for m in check.changes for g in m.source_groups}
    inside = boundary_totals(inputs, b.view_year)
    boundary = progress_table(inside, org.base_year, org.targets) if inside else None
    trend = trend_uncertainty(inputs, org.base_year, b.view_year) \
        if b.view_year > org.base_year else None
    return Progress(org=org, view_year=b.view_year, baseline=b, base_total=b.base_total,
                    boundary_table=boundary, trend=trend,
                    base_check=check, table=table, published_table=published,
                    intensity=intensity, reported=reported, group_names=names,
                    why=policy_sentence(b, inputs, lang),
                    restatements=reconciliation(b, inputs, lang))


def progress_json(r: Progress, inputs: Inputs | None = None, lang: str = "fi") -> dict[str, Any]:
    """Progress as one JSON-ready object (for `progress --json`): the base-year policy (the
    published, calculated and restated base year, which is used and why, each year's method),
    each year's total and reduction from the base year used and from the published one, and
    the targets on both bases."""
    c = r.base_check
    years = r.table.drop_duplicates("year")

    def targets(table: pd.DataFrame | None) -> list[dict[str, Any]] | None:
        if table is None:
            return None
        return [{"year": int(t.target_year), "reduction_pct": float(t.target_pct),
                 "allowed_tco2e": float(t.target_tco2e)}
                for t in table.drop_duplicates("target_year").itertuples()]

    b = r.baseline
    method = {f.year: list(f.method) for f in b.series}
    doc = {
        "organisation": r.org.id, "base_year": r.org.base_year, "view_year": r.view_year,
        "base_tco2e_published": b.published, "base_tco2e_computed": b.computed,
        "base_tco2e_recalculated": b.restated if b.significant else None,
        "base_tco2e_restated": b.restated,
        "recalculation_needed": b.significant, "comparable": b.comparable,
        "method_changes": [{"year": m.year, "activity": m.activity,
                            "source_groups": list(m.source_groups)} for m in c.changes],
        "recalculation_diff_pct": b.diff_pct, "threshold_pct": b.threshold_pct,
        "base_tco2e_used": b.base_total, "measured_from": b.measured_from, "why": r.why,
        "years": [{"year": int(y.year), "tco2e": float(y.total_tco2e),
                   "reduction_pct": float(y.reduction_pct),
                   "reduction_pct_vs_published": b.reduction_pct(int(y.year), b.published)
                   if b.published else None,
                   "method": method.get(int(y.year), []),
                   "restated": any(f.restated for f in b.series if f.year == int(y.year))}
                  for y in years.itertuples()],
        "not_in_series": [{"year": f.year, "reason": f.reason} for f in b.series if not f.in_series],
        "targets": targets(r.table), "targets_vs_published": targets(r.published_table),
        "restatements": r.restatements,
        "trend_uncertainty": None if r.trend is None else trend_json(r.trend),
        "inventory_boundary": "the whole inventory",
        "target_boundary": None if r.boundary_table is None else {
            "label": r.org.target_boundary.label,
            "excluded_source_groups": list(r.org.target_boundary.source_groups),
            "excluded_scopes": list(r.org.target_boundary.scopes),
            "base_tco2e": float(r.boundary_table.loc[
                r.boundary_table["year"] == r.org.base_year, "total_tco2e"].iloc[0]),
            "years": [{"year": int(y.year), "tco2e": float(y.total_tco2e),
                       "reduction_pct": float(y.reduction_pct)}
                      for y in r.boundary_table.drop_duplicates("year").itertuples()],
            "targets": targets(r.boundary_table)},
    }
    if inputs is not None:
        doc["baseline"] = baseline_json(b, inputs, lang)
    return doc


def write_progress(result: Progress, out_dir: str | Path) -> list[Path]:
    """progress.csv and intensity.csv into out_dir."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "progress.csv", out / "intensity.csv"]
    result.table.to_csv(paths[0], index=False)
    result.intensity.to_csv(paths[1], index=False)
    if result.published_table is not None:
        paths.append(out / "progress_vs_published.csv")
        result.published_table.to_csv(paths[-1], index=False)
    if result.boundary_table is not None:
        paths.append(out / "progress_target_boundary.csv")
        result.boundary_table.to_csv(paths[-1], index=False)
    if result.restatements:
        paths.append(out / "restatements.csv")
        pd.DataFrame(result.restatements).to_csv(paths[-1], index=False)
    return paths


@dataclass
class Trace:
    """The ledger lines and activity rows behind a figure, and the factors they used."""

    year: int
    spend: pd.DataFrame      # row-level spend results (source_file, source_row, ..., kgco2e)
    activity: pd.DataFrame   # row-level activity results
    factors: pd.DataFrame    # factor_id, value (for the year), unit, tier, provenance, source

    @property
    def total_tco2e(self) -> float:
        """The emissions of the selected rows (tCO2e)."""
        return (self.spend["kgco2e"].sum() + self.activity["kgco2e"].sum()) / 1000.0


def trace(inputs: Inputs, year: int | None, source_group: str | None = None,
          factor_id: str | None = None, status: str | None = None) -> Trace:
    """The rows of `year` that match every filter given (source group, factor, status)."""
    year = pick_year(inputs, year)
    inv = inputs.inventory(year)
    spend, act = inv.spend_rows, inv.activity_rows
    for col, value in (("source_group", source_group), ("factor_id", factor_id), ("status", status)):
        if value is not None:
            spend = spend[spend[col].astype(str) == value]
            act = act[act[col].astype(str) == value]
    ids = sorted(set(spend["factor_id"].dropna().astype(str)) | set(act["factor_id"].astype(str)))
    rows = []
    for fid in ids:
        f = inputs.factors[fid]
        prov = f.provenance_for(year)
        rows.append({"factor_id": fid, "value": f.value_for(year), "unit": f.unit,
                     "tier": prov.tier, "provenance": prov.text(), "source": f.source_text()})
    factors = pd.DataFrame(rows, columns=["factor_id", "value", "unit", "tier", "provenance",
                                          "source"])
    return Trace(year=year, spend=spend, activity=act, factors=factors)
