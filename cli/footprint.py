"""Commands `footprint`, `progress` and `trace`: options in, the application layer's results
printed in the user's language."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

import app
from app.options import DEFAULT_DRAWS, DEFAULT_INTERVAL, DEFAULT_SEED, INTERVALS, ROW_FORMATS
from carbon.numbers import format_number, format_pct

from .common import (ACCEPT_MISSING_SPEND_OPTION, LANG_OPTION, ORG_OPTION, OUT_OPTION, app_call,
                     print_findings)
from .freeze import echo_frozen
from .progress import close, terminal_bar
from .text import cli_text

if TYPE_CHECKING:
    from app.calculator import Footprint, InventoryUncertainty


JSON_OPTION = click.option("--json", "as_json", is_flag=True)


def _table(columns: dict | list) -> str:
    """Columns (or rows) as a plain text table (pandas is imported when the first is printed,
    after the ledger has been read: see app.organisation.load)."""
    import pandas as pd

    return pd.DataFrame(columns).to_string(index=False)


# Help: cli/help.yaml, "footprint".
@click.command()
@ORG_OPTION
@click.option("--year", type=int, default=None)
@OUT_OPTION
@LANG_OPTION
@click.option("--draws", type=click.IntRange(0, 1_000_000), default=DEFAULT_DRAWS, show_default=True)
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True)
@click.option("--interval", type=click.Choice([str(i) for i in INTERVALS]),
              default=str(DEFAULT_INTERVAL), show_default=True)
@click.option("--rows", "row_files", type=click.Choice(ROW_FORMATS), default="none", show_default=True)
@JSON_OPTION
@ACCEPT_MISSING_SPEND_OPTION
@app_call
def footprint(org_file: Path, year: int | None, out_dir: Path, lang: str, draws: int,
              seed: int, interval: str, row_files: str, as_json: bool,
              accept_missing_spend: bool) -> None:
    bar = terminal_bar(cli_text(lang)["footprint"]["reading"])
    try:
        inputs = app.load(org_file, accept_missing_spend, bar)
    finally:
        close(bar)
    r = app.footprint(inputs, year, lang, draws=draws, seed=seed, interval=int(interval))
    if as_json:
        click.echo(json.dumps(app.footprint_json(r), ensure_ascii=False, indent=2))
        return
    t = cli_text(lang)
    f = t["footprint"]
    fmt = lambda v, d=1: format_number(v, d, lang)  # noqa: E731
    click.echo(f["title"].format(org=r.org.name_in(lang), year=r.year, basis=t["basis"][r.basis]))
    if r.org.illustrative_in(lang):
        click.echo(f"  ({r.org.illustrative_in(lang)})")
    click.echo("")
    scopes = r.by_scope
    rows = [{f["scope"]: str(s.scope), f["tco2e"]: fmt(s.tco2e), f["location"]: fmt(s.tco2e_location),
             f["market"]: fmt(s.tco2e_market)} for s in scopes.itertuples()]
    rows.append({f["scope"]: f["total"], f["tco2e"]: fmt(r.total),
                 f["location"]: fmt(scopes["tco2e_location"].sum()),
                 f["market"]: fmt(scopes["tco2e_market"].sum())})
    click.echo(_table(rows))
    if r.baseline is not None:
        b = r.baseline
        click.echo(f["vs_base"].format(
            base_year=b.base_year, base=fmt(b.base_total),
            published=fmt(b.published) if b.published else "–",
            change=format_pct(-r.reduction_pct, 1, lang)))
    click.echo("")
    if r.uncertainty is not None:
        _print_uncertainty(r.uncertainty, f, lang)
    if r.trend is not None:
        _echo_trend(r.trend, f, lang)
        click.echo("")
    click.echo(_table({
        f["group"]: r.by_group["name"],
        f["tco2e"]: [fmt(v) for v in r.by_group["tco2e"]],
        f["share"]: [format_pct(v, 1, lang) for v in r.by_group["share_pct"]],
    }))
    _echo_quality(r, f, lang)
    click.echo("")
    click.echo(f["coverage"])
    cov = r.coverage
    click.echo(_table({
        f["status"]: [f["statuses"].get(s, s) for s in cov["status"]],
        f["eur"]: [fmt(v, 0) for v in cov["eur"]], f["lines"]: cov["rows"],
        f["share"]: [format_pct(v, 2, lang) for v in cov["share_pct"]]}))
    missing = r.unclassified
    if len(missing):
        click.echo("")
        click.echo(f["unclassified_top"])
        click.echo(_table({
            f["account"]: missing["account"].astype(str),
            f["product_group"]: missing["product_group"].astype(str),
            f["category"]: missing["category"].astype(str),
            f["supplier"]: [f"{n} {i}".strip() for n, i in zip(missing["supplier_name"].astype(str),
                                                               missing["supplier_id"].astype(str))],
            f["eur"]: [fmt(v, 0) for v in missing["eur"]], f["lines"]: missing["lines"]}))
        click.echo("")
    kinds = t["activity_kinds"]
    for kind, names in r.covering.items():
        click.echo("  - " + f["covering"].format(kind=kinds.get(kind, kind), groups=", ".join(names)))
    for kind in r.memo_kinds:
        click.echo("  - " + f["memo"].format(kind=kinds.get(kind, kind)))
    for file, cols in r.missing_columns.items():
        click.echo("  - " + f["absent"].format(file=file, columns=", ".join(cols)))
    for column, files in r.extra_columns.items():   # each unknown column once
        click.echo("  - " + f["extra"].format(column=column, count=len(files),
                                              files=", ".join(Path(p).name for p in files)))
    if r.findings:  # issue 11: accepted missing spend, lines outside their file's year, outliers
        click.echo("")
        print_findings(r.findings, lang)
    echo_frozen(app.check_frozen(inputs, [r.year], lang), lang)  # a frozen year: why figures differ
    written = app.write_footprint(inputs, r, out_dir, lang, rows=row_files)
    click.echo("")
    click.echo(t["wrote"].format(files=", ".join(str(p) for p in written)))
    if row_files == "none":
        click.echo(t["rows_hint"])


def _percentile(p: float, lang: str) -> str:
    """A percentile as written: 5, 2.5 (2,5 in fi and sv)."""
    return format_number(p, 0 if p == int(p) else 1, lang)


def _echo_trend(tr, f: dict, lang: str) -> None:
    """The reduction since the base year with its interval (the same factor draws both years)."""
    click.echo(f["trend"].format(base_year=tr.base_year, year=tr.year, interval=tr.interval,
                                 recalculated=f["trend_recalculated"]
                                 if tr.measured_from == "recalculated" else "",
                                 reduction=format_pct(tr.reduction_pct, 1, lang),
                                 low=format_pct(tr.low, 1, lang), high=format_pct(tr.high, 1, lang)))


def _print_uncertainty(u: InventoryUncertainty, f: dict, lang: str) -> None:
    fmt = lambda v: format_number(v, 1, lang)  # noqa: E731
    low, high = u.percentiles
    click.echo(f["uncertainty"].format(draws=format_number(u.draws, 0, lang), seed=u.seed,
                                       interval=u.interval, low=_percentile(low, lang),
                                       high=_percentile(high, lang)))
    stats = ("low", "median", "high", "mean")
    rows = [{f["scope"]: str(s.scope), f["central"]: fmt(s.central),
             **{f[k]: fmt(getattr(s, k)) for k in stats}} for s in u.by_scope.itertuples()]
    rows.append({f["scope"]: f["total"], f["central"]: fmt(u.central),
                 **{f[k]: fmt(u.total[k]) for k in stats}})
    click.echo(_table(rows))
    click.echo(f["contributors"])
    c = u.contributors
    click.echo(_table({
        f["factor"]: c["factor_id"], f["groups"]: c["source_groups"],
        f["tco2e"]: [fmt(v) for v in c["tco2e"]], f["gsd"]: [format_number(v, 2, lang) for v in c["gsd"]],
        f["variance_share"]: [format_pct(v, 1, lang) for v in c["variance_share_pct"]]}))
    click.echo("")


def _echo_quality(r: Footprint, f: dict, lang: str) -> None:
    """The shares of tCO2e and of spend by data quality, and the tCO2e from estimated factors."""
    q = r.quality
    click.echo("")
    click.echo(f["quality_title"])
    click.echo(_table({
        f["quality"]: [f["qualities"].get(k, k) for k in q["quality"]],
        f["tco2e"]: [format_number(v, 1, lang) for v in q["tco2e"]],
        f["share"]: [format_pct(v, 1, lang) for v in q["tco2e_share_pct"]],
        f["eur_share"]: [format_pct(v, 1, lang) for v in q["eur_share_pct"]]}))
    click.echo(f["estimated"].format(value=format_number(r.estimated_tco2e, 1, lang),
                                     share=format_pct(r.estimated_share_pct, 1, lang)))


# Help: cli/help.yaml, "progress".
@click.command()
@ORG_OPTION
@click.option("--year", type=int, default=None)
@OUT_OPTION
@LANG_OPTION
@JSON_OPTION
@app_call
def progress(org_file: Path, year: int | None, out_dir: Path, lang: str, as_json: bool) -> None:
    inputs = app.load(org_file)
    r = app.progress(inputs, lang, year)
    if as_json:
        click.echo(json.dumps(app.progress_json(r, inputs, lang), ensure_ascii=False, indent=2))
        return
    org, table, b = r.org, r.table, r.baseline
    t = cli_text(lang)
    p = t["progress"]
    fmt = lambda v, d=1: format_number(v, d, lang)  # noqa: E731
    pct = lambda v, d=1: format_pct(v, d, lang)  # noqa: E731
    click.echo(p["title"].format(org=org.name_in(lang), view_year=r.view_year,
                                 base_year=org.base_year, total=fmt(r.base_total)))
    click.echo(f"  {r.why}")
    click.echo(f"  {p['method']}: {app.method_label(b.method, lang)}")
    for row in r.reported.itertuples():
        click.echo(p["reported"].format(year=row.year, reported=fmt(row.reported, 2),
                                        computed=fmt(row.computed, 2), diff=pct(row.diff_pct, 2)))
        if row.recalculate:
            click.echo(p["recalculate"].format(threshold=pct(org.recalculation_threshold_pct, 0)))
    for f in b.series:
        if not f.in_series:
            click.echo(p["not_in_series"].format(year=f.year, reason=f.reason))
    click.echo("")
    years = table.drop_duplicates("year")
    per = r.intensity.set_index("year").loc[years["year"]]
    figures = {f.year: f for f in b.series}
    restated = [t["yes"] if figures[int(y)].restated else t["no"] for y in years["year"]]
    columns = {
        p["year"]: years["year"], "tCO2e": [fmt(v) for v in years["total_tco2e"]],
        p["vs_base"]: [pct(-v) for v in years["reduction_pct"]]}
    if b.published:
        columns[p["vs_published"]] = [pct(-b.reduction_pct(int(y), b.published))
                                      for y in years["year"]]
    columns |= {p["per_night"]: [fmt(v * 1000, 2) for v in per["tco2e_per_night"]],
                p["per_person_year"]: [fmt(v, 2) for v in per["tco2e_per_person_year"]],
                p["restated_mark"]: restated}
    click.echo(_table(columns))
    if r.restatements:
        click.echo("")
        click.echo(p["restatements"])
        click.echo(_table({
            p["year"]: [x["year"] for x in r.restatements],
            p["original"]: [fmt(x["original_tco2e"]) for x in r.restatements],
            p["original_source"]: [p["sources"][x["original_source"]] for x in r.restatements],
            p["restated"]: [fmt(x["restated_tco2e"]) for x in r.restatements],
            p["difference"]: [fmt(x["difference_tco2e"]) for x in r.restatements],
            p["difference_pct"]: [pct(x["difference_pct"]) for x in r.restatements],
            p["reason"]: [x["reason"] for x in r.restatements]}))
    _echo_sensitivity(b, p, lang)
    both = r.published_table is not None and abs(b.published - r.base_total) > 0.005
    for target in org.targets:
        for frame, head in ((table, "target"), (r.published_table, "target_published")):
            if frame is None or (head == "target_published" and not both):
                continue
            sub = frame[frame["target_year"] == target.year]
            click.echo("")
            click.echo(p[head].format(pct=fmt(target.reduction_pct, 0), year=target.year,
                                      label=target.label.get(lang) or target.label.get("fi", ""),
                                      allowed=fmt(sub["target_tco2e"].iloc[0]),
                                      published=fmt(b.published)))
            click.echo(_table({
                p["year"]: sub["year"], p["gap"]: [fmt(v) for v in sub["gap_tco2e"]],
                p["linear"]: [fmt(v) for v in sub["linear_needed_tco2e_per_year"]],
                p["compound"]: [pct(v) for v in sub["compound_needed_pct_per_year"]],
                p["on_path"]: [t["yes"] if v else t["no"] for v in sub["on_path"]],
            }))
    if r.boundary_table is not None:  # the targets cover less than the inventory
        _echo_boundary(r, p, lang)
    if r.trend is not None:
        click.echo("")
        _echo_trend(r.trend, t["footprint"], lang)
    echo_frozen(app.check_frozen(inputs, None, lang), lang)  # frozen years: why figures differ
    written = app.write_progress(r, out_dir)
    click.echo("")
    click.echo(t["wrote"].format(files=", ".join(str(p) for p in written)))


def _echo_boundary(r, p: dict, lang: str) -> None:
    """Progress on the target boundary, labelled, after the whole inventory's."""
    tb, table = r.org.target_boundary, r.boundary_table
    years = table.drop_duplicates("year")
    click.echo("")
    click.echo(p["boundary"].format(label=tb.label.get(lang) or tb.label.get("fi", ""),
                                    base=format_number(years["total_tco2e"].iloc[0], 1, lang)))
    cols = {p["year"]: years["year"],
            "tCO2e": [format_number(v, 1, lang) for v in years["total_tco2e"]],
            p["vs_base"]: [format_pct(-v, 1, lang) for v in years["reduction_pct"]]}
    for target in r.org.targets:
        sub = table[table["target_year"] == target.year]
        cols[p["boundary_target"].format(pct=format_number(target.reduction_pct, 0, lang),
                                         year=target.year)] = [
            cli_text(lang)["yes"] if v else cli_text(lang)["no"] for v in sub["on_path"]]
    click.echo(_table(cols))


def _echo_sensitivity(b, p: dict, lang: str) -> None:
    """The restated base year under other derivation periods of a derived factor."""
    by_factor: dict[str, list] = {}
    for s in b.sensitivity:
        by_factor.setdefault(s.factor_id, []).append(s)
    for factor, rows in by_factor.items():
        chosen = next((f"{s.years[0]}–{s.years[1]}" for s in rows if s.chosen), "–")
        click.echo("")
        click.echo(p["sensitivity"].format(factor=factor, chosen=chosen))
        click.echo(_table({
            p["period"]: [f"{s.years[0]}–{s.years[1]}" for s in rows],
            p["per_unit"]: [format_number(s.value, 3, lang) for s in rows],
            p["restated_base"]: [format_number(s.restated, 1, lang) for s in rows],
            p["difference_pct"]: [format_pct(s.diff_pct, 1, lang) for s in rows],
            p["above_threshold"]: [cli_text(lang)["yes"] if abs(s.diff_pct) > b.threshold_pct
                                   else cli_text(lang)["no"] for s in rows]}))


# Help: cli/help.yaml, "trace".
@click.command()
@ORG_OPTION
@click.option("--year", type=int, required=True)
@click.option("--source-group", default=None)
@click.option("--factor-id", default=None)
@click.option("--status", default=None,
              type=click.Choice(["counted", "covered", "excluded", "unclassified", "memo"]))
@click.option("--limit", type=int, default=30, show_default=True)
@LANG_OPTION
@app_call
def trace(org_file: Path, year: int, source_group: str | None, factor_id: str | None,
          status: str | None, limit: int, lang: str) -> None:
    r = app.trace(app.load(org_file), year, source_group, factor_id, status)
    tr = cli_text(lang)["trace"]
    click.echo(tr["summary"].format(spend=len(r.spend), activity=len(r.activity),
                                    total=format_number(r.total_tco2e, 3, lang)))
    for f in r.factors.itertuples():
        click.echo(tr["factor"].format(id=f.factor_id, value=f"{f.value:g}", unit=f.unit,
                                       tier=tr["tiers"][f.tier], source=f.source))
        click.echo(f"      {f.provenance}")
    if len(r.spend):
        cols = ["source_file", "source_row", "supplier_name", "account", "amount_eur", "status",
                "factor_id", "quality", "kgco2e"]
        show = r.spend.sort_values("kgco2e", ascending=False).head(limit)[cols].copy()
        show["source_file"] = show["source_file"].astype(str).map(lambda p: Path(p).name)
        click.echo(_table(show))
    if len(r.activity):
        cols = ["source_file", "source_row", "site", "item", "quantity", "unit", "status",
                "factor_id", "quality", "kgco2e"]
        show = r.activity.head(limit)[cols].copy()
        show["source_file"] = show["source_file"].astype(str).map(lambda p: Path(p).name)
        click.echo(_table(show))
