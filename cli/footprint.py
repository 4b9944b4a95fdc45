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
    from app.calculator import BaseYearCheck, Footprint, InventoryUncertainty


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
    click.echo("")
    if r.uncertainty is not None:
        _print_uncertainty(r.uncertainty, f, lang)
    if r.trend is not None:
        tr = r.trend
        click.echo(f["trend"].format(base_year=tr.base_year, year=tr.year, interval=tr.interval,
                                     reduction=format_pct(tr.reduction_pct, 1, lang),
                                     low=format_pct(tr.low, 1, lang), high=format_pct(tr.high, 1, lang)))
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
@OUT_OPTION
@LANG_OPTION
@JSON_OPTION
@app_call
def progress(org_file: Path, out_dir: Path, lang: str, as_json: bool) -> None:
    inputs = app.load(org_file)
    r = app.progress(inputs, lang)
    if as_json:
        click.echo(json.dumps(app.progress_json(r), ensure_ascii=False, indent=2))
        return
    org, table = r.org, r.table
    t = cli_text(lang)
    p = t["progress"]
    fmt = lambda v, d=1: format_number(v, d, lang)  # noqa: E731
    pct = lambda v, d=1: format_pct(v, d, lang)  # noqa: E731
    click.echo(p["title"].format(org=org.name_in(lang), base_year=org.base_year, total=fmt(r.base_total)))
    for row in r.reported.itertuples():
        click.echo(p["reported"].format(year=row.year, reported=fmt(row.reported, 2),
                                        computed=fmt(row.computed, 2), diff=pct(row.diff_pct, 2)))
        if row.recalculate:
            click.echo(p["recalculate"].format(threshold=pct(org.recalculation_threshold_pct, 0)))
    _echo_base_check(r.base_check, r.group_names, p, t["activity_kinds"], lang)
    click.echo("")
    years = table.drop_duplicates("year")
    per = r.intensity.set_index("year").loc[years["year"]]
    click.echo(_table({
        p["year"]: years["year"], "tCO2e": [fmt(v) for v in years["total_tco2e"]],
        p["vs_base"]: [pct(-v) for v in years["reduction_pct"]],
        p["per_night"]: [fmt(v * 1000, 2) for v in per["tco2e_per_night"]],
        p["per_person_year"]: [fmt(v, 2) for v in per["tco2e_per_person_year"]],
    }))
    for target in org.targets:
        sub = table[table["target_year"] == target.year]
        click.echo("")
        click.echo(p["target"].format(pct=fmt(target.reduction_pct, 0), year=target.year,
                                      label=target.label.get(lang) or target.label.get("fi", ""),
                                      allowed=fmt(sub["target_tco2e"].iloc[0])))
        click.echo(_table({
            p["year"]: sub["year"], p["gap"]: [fmt(v) for v in sub["gap_tco2e"]],
            p["linear"]: [fmt(v) for v in sub["linear_needed_tco2e_per_year"]],
            p["compound"]: [pct(v) for v in sub["compound_needed_pct_per_year"]],
            p["on_path"]: [t["yes"] if v else t["no"] for v in sub["on_path"]],
        }))
    echo_frozen(app.check_frozen(inputs, None, lang), lang)  # frozen years: why figures differ
    written = app.write_progress(r, out_dir)
    click.echo("")
    click.echo(t["wrote"].format(files=", ".join(str(p) for p in written)))


def _echo_base_check(c: BaseYearCheck, names: dict[str, str], p: dict, kinds: dict,
                     lang: str) -> None:
    """The method changes since the base year and what became of the base year."""
    fmt = lambda v: format_number(v, 1, lang)  # noqa: E731
    threshold = format_pct(c.threshold_pct, 0, lang)
    for m in c.changes:
        click.echo(p["method_change"].format(year=m.year, activity=kinds.get(m.activity, m.activity),
                                             groups=", ".join(names.get(g, g) for g in m.source_groups)))
    if c.changes and not c.comparable:
        click.echo(p["not_comparable"].format(reason=c.reason))
    elif c.changes:
        click.echo(p["recalculated"].format(base_year=c.base_year, year=c.year,
                                            recalculated=fmt(c.recalculated_total),
                                            diff=format_pct(c.diff_pct, 1, lang),
                                            computed=fmt(c.computed)))
        if c.needed:
            click.echo(p["recalc_used"].format(threshold=threshold, total=fmt(c.base_total),
                                               published=fmt(c.published) if c.published else "–"))
        else:
            click.echo(p["recalc_within"].format(threshold=threshold))


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
