"""Command `government`: the spend-based footprint of every procurement unit in a year of the
state's open purchase-invoice data; options in, the application layer's results printed."""
from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

import app
from carbon.numbers import format_number, format_pct

from .common import LANG_OPTION, OUT_OPTION, app_call
from .progress import close, terminal_bar
from .text import cli_text


# Help: cli/help.yaml, "government".
@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=int, required=True)
@click.option("--rules", "rule_pairs", multiple=True, metavar="UNIT=ORGANISATION.yaml")
@click.option("--top", type=click.IntRange(1, 1000), default=15, show_default=True)
@OUT_OPTION
@LANG_OPTION
@app_call
def government(files: tuple[Path, ...], year: int, rule_pairs: tuple[str, ...], top: int,
               out_dir: Path, lang: str) -> None:
    t = cli_text(lang)
    g = t["government"]
    bar = terminal_bar(g["reading"])
    try:
        r = app.state_footprint(list(files), year, app.parse_rules(list(rule_pairs)), lang, bar)
    finally:
        close(bar)
    fmt = lambda v, d=1: format_number(v, d, lang)  # noqa: E731
    pct = lambda v: format_pct(v, 1, lang) if pd.notna(v) else ""  # noqa: E731
    click.echo(g["title"].format(year=r.year, units=len(r.units), branches=len(r.branches),
                                 lines=fmt(r.lines, 0), files=len(r.files)))
    click.echo(g["total"].format(tco2e=fmt(r.total_tco2e), eur=fmt(r.total_eur / 1e6, 1),
                                 unclassified=pct(r.unclassified_share_pct)))
    for unit, label in r.rule_sets.items():
        click.echo("  - " + g["own_rules"].format(unit=unit, org=label))
    for other in r.other_years.itertuples():
        click.echo("  - " + g["other_year"].format(lines=fmt(other.lines, 0), year=int(other.year),
                                                    eur=fmt(other.eur, 0)))
    for file, cols in r.extra_columns.items():
        click.echo("  - " + g["extra"].format(file=file, columns=", ".join(cols)))
    click.echo("")
    click.echo(g["largest"].format(top=min(top, len(r.units))))
    click.echo(_table(r.units.head(top), ["unit_id", "unit_name", "branch_id"], g, fmt, pct))
    click.echo("")
    click.echo(g["by_branch"])
    click.echo(_table(r.branches, ["branch_id", "branch", "units"], g, fmt, pct))
    written = app.write_state_footprint(r, out_dir, g["chart_title"].format(top=top, year=r.year),
                                        g["chart_xlabel"], top, lang)
    click.echo("")
    click.echo(t["wrote"].format(files=", ".join(str(p) for p in written)))


def _table(frame: pd.DataFrame, keys: list[str], g: dict, fmt, pct) -> str:
    """Keys, spend (MEUR), tCO2e, per 1,000 EUR, unclassified share and the largest group."""
    out = pd.DataFrame({g["columns"][k]: frame[k].astype(str).str.slice(0, 40) for k in keys})
    out[g["columns"]["meur"]] = [fmt(v / 1e6, 2) for v in frame["eur"]]
    out[g["columns"]["tco2e"]] = [fmt(v) for v in frame["tco2e"]]
    out[g["columns"]["per_keur"]] = [fmt(v, 3) if pd.notna(v) else "" for v in frame["tco2e_per_1000_eur"]]
    out[g["columns"]["unclassified"]] = [pct(v) for v in frame["unclassified_share_pct"]]
    out[g["columns"]["largest_group"]] = [f"{n} {pct(s)}" if isinstance(n, str) else ""
                                          for n, s in zip(frame["group_1"], frame["group_1_share_pct"])]
    return out.to_string(index=False)
