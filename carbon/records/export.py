"""Writers for inventory results: CSV and XLSX tables and the row-level trace files (the I/O
edge of the calculator)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from carbon.readers.inputs import Inputs
from carbon.calculation.inventory import Inventory
from carbon.calculation.quality import quality_shares, tier_shares

#: The row-level trace files of each form (`rows`): Parquet, CSV as well, or none.
ROW_SUFFIXES = {"parquet": [".parquet"], "csv": [".parquet", ".csv"], "none": []}




def inventory_sheets(inv: Inventory, inputs: Inputs, lang: str = "fi",
                     quality: pd.DataFrame | None = None,
                     tiers: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The inventory as named tables: rows, by scope, by source group, coverage, data quality
    (shares of tCO2e and of spend), tCO2e by factor tier, and the factors used with the
    provenance of the year's value. `quality` and `tiers`, when the caller has them already
    (`quality_shares`, `tier_shares`), are used as they are."""
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
        "quality": quality if quality is not None else quality_shares(inv.spend_rows, inv.activity_rows),
        "factor_tiers": tiers if tiers is not None else tier_shares(inv.spend_rows, inv.activity_rows),
        "factors": factors,
    }


def write_rows(frame: pd.DataFrame, path: Path) -> Path:
    """One row-level trace table as Parquet (path ending .parquet) or CSV; dates as dates.
    (The writers are imported here: the trace files are written on request.)"""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):   # a column of mixed values: written as text
        mixed = {c: frame[c].map(lambda v: None if pd.isna(v) else str(v))
                 for c in frame.columns if frame[c].dtype == object}
        table = pa.Table.from_pandas(frame.assign(**mixed), preserve_index=False)
    if "date" in table.column_names and pa.types.is_timestamp(table.schema.field("date").type):
        i = table.column_names.index("date")
        table = table.set_column(i, "date", pc.cast(table.column("date"), pa.date32()))
    if path.suffix == ".parquet":
        dictionary = [f.name for f in table.schema if pa.types.is_dictionary(f.type)]
        pq.write_table(table, path, use_dictionary=dictionary, write_statistics=False)
    else:
        pacsv.write_csv(table, path)
    return path


def write_inventory(inv: Inventory, inputs: Inputs, out_dir: str | Path, lang: str = "fi",
                    extra_sheets: dict[str, pd.DataFrame] | None = None, rows: str = "none",
                    quality: pd.DataFrame | None = None,
                    tiers: pd.DataFrame | None = None) -> list[Path]:
    """Write footprint_<year>.csv (the tidy table), .xlsx (all sheets, then `extra_sheets`),
    footprint_<year>_quality.csv (the quality shares) and the row-level trace files
    footprint_<year>_spend_rows and _activity_rows (each line with its rule, factor, factor tier,
    quality and kgCO2e) as .parquet with `rows="parquet"`, also as .csv with "csv", or not
    with "none" (the default).
    The trace files are written beside the workbook, in a second thread."""
    if rows not in ROW_SUFFIXES:
        raise ValueError(f"rows must be one of {tuple(ROW_SUFFIXES)}, not {rows!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sheets = inventory_sheets(inv, inputs, lang, quality, tiers) | (extra_sheets or {})
    stem = out / f"footprint_{inv.year}"
    written = [stem.with_suffix(".csv"), stem.with_suffix(".xlsx"),
               out / f"footprint_{inv.year}_quality.csv"]
    tables = {"spend_rows": inv.spend_rows, "activity_rows": inv.activity_rows}
    suffixes = ROW_SUFFIXES[rows]
    with ThreadPoolExecutor(max_workers=1) as pool:
        jobs = [pool.submit(write_rows, frame, out / f"footprint_{inv.year}_{name}{suffix}")
                for suffix in suffixes for name, frame in tables.items()]
        sheets["inventory"].to_csv(written[0], index=False)
        sheets["quality"].to_csv(written[2], index=False)
        with pd.ExcelWriter(written[1], engine="openpyxl") as xl:
            for name, frame in sheets.items():
                frame.to_excel(xl, sheet_name=name, index=False)
        written += [job.result() for job in jobs]
    return written
