"""Commands of the carbon calculator: footprint, progress and trace (printing lives here)."""
from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from .common import (ACCEPT_MISSING_SPEND_OPTION, LANG_OPTION, ORG_OPTION, OUT_OPTION, pick_year,
                     print_findings)
from .text import cli_text
from carbon.errors import VastuuError
from carbon.export import write_inventory
from carbon.inputs import Inputs, load_inputs
from carbon.mapping import unclassified_summary
from carbon.numbers import format_number, format_pct
from carbon.progress import intensity_table, progress_table


def _inputs(org_file: Path) -> Inputs:
    return load_inputs(org_file)


def _table(frame: pd.DataFrame) -> str:
    return frame.to_string(index=False)


@click.command()
@ORG_OPTION
@click.option("--year", type=int, default=None, help="Year to calculate (default: the latest).")
@OUT_OPTION
@LANG_OPTION
@ACCEPT_MISSING_SPEND_OPTION
def footprint(org_file: Path, year: int | None, out_dir: Path, lang: str,
              accept_missing_spend: bool) -> None:
    """Print the inventory of a year by scope and source group, with coverage, and write it
    as CSV and XLSX (plus row-level trace files)."""
    inputs = load_inputs(org_file, accept_missing_spend)
    year = pick_year(inputs, year)
    inv = inputs.inventory(year)
    t = cli_text(lang)
    f = t["footprint"]
    fmt = lambda v, d=1: format_number(v, d, lang)  # noqa: E731
    click.echo(f["title"].format(org=inputs.org.name_in(lang), year=year, basis=t["basis"][inv.basis]))
    if inputs.org.illustrative:
        click.echo(f"  ({inputs.org.illustrative})")
    click.echo("")
    scopes = inv.scope_totals()
    rows = [{f["scope"]: str(s), f["tco2e"]: fmt(r["tco2e"]), f["location"]: fmt(r["tco2e_location"]),
             f["market"]: fmt(r["tco2e_market"])} for s, r in scopes.iterrows()]
    rows.append({f["scope"]: f["total"], f["tco2e"]: fmt(inv.total),
                 f["location"]: fmt(scopes["tco2e_location"].sum()),
                 f["market"]: fmt(scopes["tco2e_market"].sum())})
    click.echo(_table(pd.DataFrame(rows)))
    click.echo("")
    groups = inv.by("source_group")
    click.echo(_table(pd.DataFrame({
        f["group"]: [inputs.group_name(g, lang) for g in groups.index],
        f["tco2e"]: [fmt(v) for v in groups.to_numpy()],
        f["share"]: [format_pct(100 * v / inv.total, 1, lang) for v in groups.to_numpy()],
    })))
    click.echo("")
    click.echo(f["coverage"])
    cov = inv.coverage
    click.echo(_table(pd.DataFrame({
        f["status"]: [f["statuses"].get(s, s) for s in cov["status"]],
        f["eur"]: [fmt(v, 0) for v in cov["eur"]], f["lines"]: cov["rows"],
        f["share"]: [format_pct(v, 2, lang) for v in cov["share_pct"]]})))
    missing = unclassified_summary(inv.spend_rows)
    if len(missing):
        click.echo("")
        click.echo(f["unclassified_top"])
        click.echo(_table(pd.DataFrame({
            f["account"]: missing["account"].astype(str),
            f["product_group"]: missing["product_group"].astype(str),
            f["category"]: missing["category"].astype(str),
            f["supplier"]: [f"{n} {i}".strip() for n, i in zip(missing["supplier_name"].astype(str),
                                                               missing["supplier_id"].astype(str))],
            f["eur"]: [fmt(v, 0) for v in missing["eur"]], f["lines"]: missing["lines"]})))
        click.echo("")
    kinds = t["activity_kinds"]
    for kind, replaced in inv.covering.items():
        names = ", ".join(inputs.group_name(g, lang) for g in replaced)
        click.echo("  - " + f["covering"].format(kind=kinds.get(kind, kind), groups=names))
    for kind in inv.memo_kinds:
        click.echo("  - " + f["memo"].format(kind=kinds.get(kind, kind)))
    for file, cols in inputs.ledger.missing_columns.items():
        click.echo("  - " + f["absent"].format(file=file, columns=", ".join(cols)))
    # issue 11: accepted missing spend, lines dated outside their file's year, outlying amounts
    findings = inputs.findings(year)
    if findings:
        click.echo("")
        print_findings(findings, lang)
    written = write_inventory(inv, inputs, out_dir, lang)
    click.echo("")
    click.echo(t["wrote"].format(files=", ".join(str(p) for p in written)))


def progress_frames(inputs: Inputs) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Totals of every year, the progress table and the computed base-year total."""
    totals = {y: inputs.inventory(y).total for y in inputs.years}
    org = inputs.org
    if org.base_year not in totals:
        raise VastuuError(f"no data for the base year {org.base_year}: cannot compute progress")
    table = progress_table(totals, org.base_year, org.targets)
    nights = inputs.activity[inputs.activity["kind"] == "accommodation_nights"] \
        .groupby("year")["quantity"].sum().to_dict() if len(inputs.activity) else {}
    intensity = intensity_table(totals, {"night": nights, "person_year": org.person_years})
    return table, intensity, totals[org.base_year]


@click.command()
@ORG_OPTION
@OUT_OPTION
@LANG_OPTION
def progress(org_file: Path, out_dir: Path, lang: str) -> None:
    """Print every year's reduction from the base year and the distance to each target."""
    inputs = _inputs(org_file)
    org = inputs.org
    table, intensity, base_total = progress_frames(inputs)
    t = cli_text(lang)
    p = t["progress"]
    fmt = lambda v, d=1: format_number(v, d, lang)  # noqa: E731
    pct = lambda v, d=1: format_pct(v, d, lang)  # noqa: E731
    click.echo(p["title"].format(org=org.name_in(lang), base_year=org.base_year, total=fmt(base_total)))
    for year, reported in sorted(org.reported_totals.items()):
        if year in inputs.years:
            computed = inputs.inventory(year).total
            diff = 100.0 * (computed - reported) / reported
            click.echo(p["reported"].format(year=year, reported=fmt(reported, 2),
                                            computed=fmt(computed, 2), diff=pct(diff, 2)))
            if abs(diff) > org.recalculation_threshold_pct:
                click.echo(p["recalculate"].format(threshold=pct(org.recalculation_threshold_pct, 0)))
    click.echo("")
    years = table.drop_duplicates("year")
    per = intensity.set_index("year").loc[years["year"]]
    click.echo(_table(pd.DataFrame({
        p["year"]: years["year"], "tCO2e": [fmt(v) for v in years["total_tco2e"]],
        p["vs_base"]: [pct(-v) for v in years["reduction_pct"]],
        p["per_night"]: [fmt(v * 1000, 2) for v in per["tco2e_per_night"]],
        p["per_person_year"]: [fmt(v, 2) for v in per["tco2e_per_person_year"]],
    })))
    for target in org.targets:
        sub = table[table["target_year"] == target.year]
        click.echo("")
        click.echo(p["target"].format(pct=fmt(target.reduction_pct, 0), year=target.year,
                                      label=target.label.get(lang) or target.label.get("fi", ""),
                                      allowed=fmt(sub["target_tco2e"].iloc[0])))
        click.echo(_table(pd.DataFrame({
            p["year"]: sub["year"], p["gap"]: [fmt(v) for v in sub["gap_tco2e"]],
            p["linear"]: [fmt(v) for v in sub["linear_needed_tco2e_per_year"]],
            p["compound"]: [pct(v) for v in sub["compound_needed_pct_per_year"]],
            p["on_path"]: [t["yes"] if v else t["no"] for v in sub["on_path"]],
        })))
    out_dir.mkdir(parents=True, exist_ok=True)
    table.to_csv(out_dir / "progress.csv", index=False)
    intensity.to_csv(out_dir / "intensity.csv", index=False)
    click.echo("")
    click.echo(t["wrote"].format(files=f"{out_dir / 'progress.csv'}, {out_dir / 'intensity.csv'}"))


@click.command()
@ORG_OPTION
@click.option("--year", type=int, required=True)
@click.option("--source-group", default=None, help="Only this source group.")
@click.option("--factor-id", default=None, help="Only rows that used this factor.")
@click.option("--status", default=None,
              type=click.Choice(["counted", "covered", "excluded", "unclassified", "memo"]))
@click.option("--limit", type=int, default=30, show_default=True, help="Rows to print.")
@LANG_OPTION
def trace(org_file: Path, year: int, source_group: str | None, factor_id: str | None,
          status: str | None, limit: int, lang: str) -> None:
    """Show the input rows (file and row) and factors behind an emission figure."""
    inputs = _inputs(org_file)
    year = pick_year(inputs, year)
    inv = inputs.inventory(year)
    tr = cli_text(lang)["trace"]
    spend = inv.spend_rows
    act = inv.activity_rows
    for col, value in (("source_group", source_group), ("factor_id", factor_id), ("status", status)):
        if value is not None:
            spend = spend[spend[col].astype(str) == value]
            act = act[act[col].astype(str) == value]
    total = (spend["kgco2e"].sum() + act["kgco2e"].sum()) / 1000.0
    click.echo(tr["summary"].format(spend=len(spend), activity=len(act),
                                    total=format_number(total, 3, lang)))
    for fid in sorted(set(spend["factor_id"].dropna().astype(str)) | set(act["factor_id"].astype(str))):
        f = inputs.factors[fid]
        click.echo(tr["factor"].format(id=fid, value=f"{f.value_for(year):g}", unit=f.unit,
                                       source=f.source_text()))
    if len(spend):
        cols = ["source_file", "source_row", "supplier_name", "account", "amount_eur", "status",
                "factor_id", "kgco2e"]
        show = spend.sort_values("kgco2e", ascending=False).head(limit)[cols].copy()
        show["source_file"] = show["source_file"].astype(str).map(lambda p: Path(p).name)
        click.echo(_table(show))
    if len(act):
        cols = ["source_file", "source_row", "site", "item", "quantity", "unit", "status",
                "factor_id", "kgco2e"]
        show = act.head(limit)[cols].copy()
        show["source_file"] = show["source_file"].astype(str).map(lambda p: Path(p).name)
        click.echo(_table(show))
