"""Writers for inventory results: CSV and XLSX tables (the I/O edge of the calculator)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .inputs import Inputs
from .inventory import Inventory
from .quality import quality_shares, tier_shares


def inventory_sheets(inv: Inventory, inputs: Inputs, lang: str = "fi") -> dict[str, pd.DataFrame]:
    """The inventory as named tables: rows, by scope, by source group, coverage, data quality
    (shares of tCO2e and of spend), tCO2e by factor tier, and the factors used with the
    provenance of the year's value."""
    table = inv.table.copy()
    table.insert(4, "source_group_name", [inputs.group_name(g, lang) for g in table["source_group"]])
    act = inv.activity_rows
    used = set(table["factor_id"]) | set(act.loc[act["status"] == "counted", "market_factor_id"]
                                         if len(act) else [])
    factors = inputs.factors.table(inv.year)
    factors = factors[factors["factor_id"].isin(used)]
    by_group = inv.by("source_group").rename("tco2e").reset_index()
    by_group.insert(1, "name", [inputs.group_name(g, lang) for g in by_group["source_group"]])
    by_group["share_pct"] = 100.0 * by_group["tco2e"] / inv.total
    return {
        "inventory": table,
        "by_scope": inv.scope_totals().reset_index(),
        "by_source_group": by_group,
        "coverage": inv.coverage,
        "quality": quality_shares(inv.spend_rows, inv.activity_rows),
        "factor_tiers": tier_shares(inv.spend_rows, inv.activity_rows),
        "factors": factors,
    }


def write_inventory(inv: Inventory, inputs: Inputs, out_dir: str | Path, lang: str = "fi",
                    extra_sheets: dict[str, pd.DataFrame] | None = None) -> list[Path]:
    """Write footprint_<year>.csv (the tidy table), .xlsx (all sheets, then `extra_sheets`), the
    row-level trace files footprint_<year>_spend_rows.csv and footprint_<year>_activity_rows.csv
    (each line with its factor's tier and its quality) and footprint_<year>_quality.csv (the
    quality shares)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sheets = inventory_sheets(inv, inputs, lang) | (extra_sheets or {})
    stem = out / f"footprint_{inv.year}"
    written = [stem.with_suffix(".csv"), stem.with_suffix(".xlsx"),
               out / f"footprint_{inv.year}_spend_rows.csv",
               out / f"footprint_{inv.year}_activity_rows.csv",
               out / f"footprint_{inv.year}_quality.csv"]
    sheets["inventory"].to_csv(written[0], index=False)
    with pd.ExcelWriter(written[1], engine="openpyxl") as xl:
        for name, frame in sheets.items():
            frame.to_excel(xl, sheet_name=name, index=False)
    inv.spend_rows.to_csv(written[2], index=False)
    inv.activity_rows.to_csv(written[3], index=False)
    sheets["quality"].to_csv(written[4], index=False)
    return written
