"""Command `factors import`: an official coefficient table (kgCO2e/EUR by product group) into the
organisation's own factor file and mapping rules; prints what was added or replaced and the
ledger's product groups the table leaves uncovered."""
from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

import app
from carbon.numbers import format_number

from .common import LANG_OPTION, ORG_OPTION, app_call
from .text import cli_text


def _columns(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    """`--column FIELD=COLUMN` options as a mapping."""
    mapping = {}
    for value in values:
        field, sep, column = value.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise click.BadParameter(f"{value!r} is not FIELD=COLUMN", ctx=ctx, param=param)
        mapping[field.strip()] = column.strip()
    return mapping


# Help: cli/help.yaml, "factors".
@click.group("factors")
def factors() -> None:
    pass


# Help: cli/help.yaml, "factors import".
@factors.command("import")
@click.argument("table", type=click.Path(dir_okay=False, path_type=Path))
@ORG_OPTION
@click.option("--column", "columns", multiple=True, callback=_columns, metavar="FIELD=COLUMN")
@click.option("--source", default=None)
@click.option("--unit", default=None)
@click.option("--source-group", default=None)
@click.option("--name", default=None)
@click.option("--year", type=int, default=None)
@click.option("--dry-run", is_flag=True)
@LANG_OPTION
@app_call
def import_table(table: Path, org_file: Path, columns: dict[str, str], source: str | None,
                 unit: str | None, source_group: str | None, name: str | None,
                 year: int | None, dry_run: bool, lang: str) -> None:
    inputs = app.load(org_file)
    r = app.import_factor_table(inputs, table, columns, source=source, unit=unit,
                                source_group=source_group, name=name, year=year)
    t = cli_text(lang)
    f = t["factors"]
    fmt = lambda v: format_number(v, 0, lang)  # noqa: E731
    used = ", ".join(f"{k}={v}" for k, v in r.table.columns.items())
    click.echo(f["read"].format(file=table, n=len(r.table.rows), columns=used))
    click.echo(f["factor_file"].format(file=r.factor_file, n=len(r.factor_ids),
                                       action=f["replaced_file" if r.replaces_factor_file
                                                else "new_file"]))
    counts = {a: sum(c.action == a for c in r.changes) for a in ("added", "replaced", "unchanged")}
    click.echo(f["rules"].format(file=r.mapping_file, **counts))
    for c in r.changes:
        if c.action != "unchanged":
            click.echo(f[c.action].format(group=c.product_group, factor=c.factor_id,
                                          source_group=c.source_group, old=c.old_factor_id))
    if r.without_rule:
        click.echo(f["without_rule"].format(groups=", ".join(r.without_rule)))
    if r.not_in_ledger:
        click.echo(f["not_in_ledger"].format(groups=", ".join(r.not_in_ledger)))
    group = lambda g: g or f["empty_group"]  # noqa: E731
    if len(r.earlier_rules):
        click.echo("")
        click.echo(f["earlier"])
        click.echo(pd.DataFrame({
            f["product_group"]: [group(g) for g in r.earlier_rules["product_group"]],
            f["match"]: [f["matches"].get(m, m) for m in r.earlier_rules["match"]],
            f["eur"]: [fmt(v) for v in r.earlier_rules["eur"]],
            f["lines"]: r.earlier_rules["lines"]}).to_string(index=False))
    years = str(year) if year is not None else f["all_years"]
    click.echo("")
    if len(r.uncovered):
        click.echo(f["uncovered"].format(years=years))
        click.echo(pd.DataFrame({
            f["product_group"]: [group(g) for g in r.uncovered["product_group"]],
            f["eur"]: [fmt(v) for v in r.uncovered["eur"]],
            f["lines"]: r.uncovered["lines"]}).to_string(index=False))
    else:
        click.echo(f["none_uncovered"].format(years=years))
    click.echo("")
    if dry_run:
        click.echo(f["dry_run"])
        return
    written = app.write_factor_import(r, org_file)
    click.echo(t["wrote"].format(files=", ".join(str(p) for p in written)))
