"""The footprint of a year, progress against the targets, and the trace behind a figure."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from carbon.errors import VastuuError
from carbon.export import ROW_FORMATS, write_inventory
from carbon.inputs import Inputs
from carbon.inventory import Inventory
from carbon.mapping import unclassified_summary
from carbon.progress import intensity_table, progress_table
from carbon.quality import quality_shares, tier_shares
from carbon.settings import Organisation
from carbon.uncertainty import DEFAULT_DRAWS, DEFAULT_SEED, InventoryUncertainty, inventory_uncertainty

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
              draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> Footprint:
    """The inventory of `year` (default: the latest with data), with group names in `lang` and
    its uncertainty range from `draws` Monte Carlo draws over the factors (0: none)."""
    year = pick_year(inputs, year)
    inv = inputs.inventory(year)
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
        quality=quality_shares(inv.spend_rows, inv.activity_rows),
        tiers=tier_shares(inv.spend_rows, inv.activity_rows),
        uncertainty=_named(inventory_uncertainty(inv, inputs.factors, draws, seed), inputs, lang)
        if draws else None)


def _named(u: InventoryUncertainty, inputs: Inputs, lang: str) -> InventoryUncertainty:
    """The contributors' source groups by their display names."""
    u.contributors["source_groups"] = [
        ", ".join(inputs.group_name(g, lang) for g in ids.split(", "))
        for ids in u.contributors["source_groups"]]
    return u


def write_footprint(inputs: Inputs, result: Footprint, out_dir: str | Path,
                    lang: str = "fi", rows: str = "parquet") -> list[Path]:
    """footprint_<year>.csv and .xlsx and the row-level trace files (`rows`: parquet, csv
    as well, or none; see carbon.export.write_inventory), into out_dir; with an uncertainty
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
    """Scopes 1–3 and the total: central (calculated) tCO2e and P5/P50/P95, with the draws
    and seed that reproduce them."""
    total = {"scope": "total", "central": u.central, **u.total}
    frame = pd.concat([u.by_scope.astype({"scope": str}), pd.DataFrame([total])], ignore_index=True)
    frame["draws"], frame["seed"] = u.draws, u.seed
    return frame


@dataclass
class Progress:
    """Every year against the base year and each target, with intensities, and the computed
    totals of the years the organisation published, beside the published figures."""

    org: Organisation
    base_total: float
    table: pd.DataFrame       # progress_table: year x target rows
    intensity: pd.DataFrame   # year, tco2e per night and per person-year
    reported: pd.DataFrame    # year, reported, computed, diff_pct, recalculate


def progress(inputs: Inputs) -> Progress:
    """Totals of every year, the progress table and the reported-versus-computed check."""
    org = inputs.org
    totals = {y: inputs.inventory(y).total for y in inputs.years}
    if org.base_year not in totals:
        raise VastuuError(f"no data for the base year {org.base_year}: cannot compute progress")
    table = progress_table(totals, org.base_year, org.targets)
    act = inputs.activity
    nights = act[act["kind"] == "accommodation_nights"].groupby("year")["quantity"].sum().to_dict() \
        if len(act) else {}
    intensity = intensity_table(totals, {"night": nights, "person_year": org.person_years})
    rows = []
    for year, published in sorted(org.reported_totals.items()):
        if year in totals:
            diff = 100.0 * (totals[year] - published) / published
            rows.append({"year": year, "reported": published, "computed": totals[year],
                         "diff_pct": diff, "recalculate": abs(diff) > org.recalculation_threshold_pct})
    reported = pd.DataFrame(rows, columns=["year", "reported", "computed", "diff_pct", "recalculate"])
    return Progress(org=org, base_total=totals[org.base_year], table=table, intensity=intensity,
                    reported=reported)


def write_progress(result: Progress, out_dir: str | Path) -> list[Path]:
    """progress.csv and intensity.csv into out_dir."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "progress.csv", out / "intensity.csv"]
    result.table.to_csv(paths[0], index=False)
    result.intensity.to_csv(paths[1], index=False)
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
