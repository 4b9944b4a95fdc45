"""Commands `indicators`, `sitoumus export|validate` and `disclosure`: options in, the
application layer's results printed in the user's language."""
from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

import app

from .common import LANG_OPTION, ORG_OPTION, OUT_OPTION, app_call
from .text import cli_text


@click.command("indicators")
@ORG_OPTION
@click.option("--year", type=int, default=None,
              help="Reporting year: values after it are ignored (default: the latest with data).")
@OUT_OPTION
@LANG_OPTION
@app_call
def indicators(org_file: Path, year: int | None, out_dir: Path, lang: str) -> None:
    """Print each commitment indicator's latest value, trend and status against its target,
    and write indicators_<year>.csv."""
    r = app.indicators(app.load(org_file), year, lang)
    records = r.records
    t = cli_text(lang)
    c = t["commitment"]
    click.echo(c["title"].format(org=r.org.name_in(lang), year=r.year))
    if r.org.illustrative_in(lang):
        click.echo(f"  ({r.org.illustrative_in(lang)})")
    click.echo("")
    view = pd.DataFrame({
        c["indicator"]: [x["name"] for x in records],
        c["latest"]: [f"{x['latest']} ({x['latest_year']})" if x["latest_year"] else x["latest"]
                      for x in records],
        c["baseline"]: [f"{x['baseline']} ({x['baseline_year']})" for x in records],
        c["target"]: [f"{x['target']} ({x['target_year'] or '–'})" for x in records],
        c["trend"]: [x["trend_label"] for x in records],
        c["status"]: [x["status_label"] for x in records],
    })
    click.echo(view.to_string(index=False))
    if r.missing:
        click.echo("")
        click.echo(c["missing"].format(n=len(r.missing), names="; ".join(r.missing)))
    path = app.write_indicators(r, out_dir)
    click.echo("")
    click.echo(t["wrote"].format(files=path))


@click.group("sitoumus")
def sitoumus() -> None:
    """Sitoumus 2050 (sitoumus2050.fi): the commitment's progress export."""


@sitoumus.command("export")
@ORG_OPTION
@click.option("--year", type=int, required=True, help="Reporting year within the commitment period.")
@OUT_OPTION
@LANG_OPTION
@app_call
def export(org_file: Path, year: int, out_dir: Path, lang: str) -> None:
    """Write sitoumus2050_<year>.json, .csv and .txt (validated against
    report/publishing/schemas/sitoumus2050.schema.json); missing values are listed, not estimated."""
    doc = app.sitoumus_export(app.load(org_file), year, lang)
    paths = app.write_sitoumus(doc, out_dir)
    t = cli_text(lang)
    c = t["commitment"]
    click.echo(c["export"].format(**app.sitoumus_summary(doc)))
    if doc["missing"]:
        click.echo(c["export_missing"].format(n=len(doc["missing"])))
        for m in doc["missing"]:
            langs = f" [{', '.join(m['languages'])}]" if m["languages"] else ""
            click.echo(f"  - {m['id']} {m['field']}{langs}: {m['reason']}")
    click.echo(t["wrote"].format(files=", ".join(str(p) for p in paths)))


@sitoumus.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@LANG_OPTION
@app_call
def validate(file: Path, lang: str) -> None:
    """Check a sitoumus2050_<year>.json against the schema."""
    app.validate_sitoumus(file)
    click.echo(cli_text(lang)["commitment"]["valid"].format(file=file))


@click.command("disclosure")
@ORG_OPTION
@click.option("--year", type=int, default=None, help="Year (default: the latest with data).")
@OUT_OPTION
@LANG_OPTION
@app_call
def disclosure(org_file: Path, year: int | None, out_dir: Path, lang: str) -> None:
    """Write the GRI 305 / ESRS E1-6 index of a year's carbon figures as disclosure_<year>.csv."""
    inputs = app.load(org_file)
    r = app.disclosure(inputs, year, lang)
    t = cli_text(lang)
    c = t["commitment"]
    click.echo(c["disclosure"].format(org=r.org.name_in(lang), year=r.year))
    click.echo(pd.DataFrame({c["code"]: [x["code"] for x in r.records],
                             c["esrs"]: [x["esrs"] for x in r.records],
                             c["datapoint"]: [x["datapoint"] for x in r.records],
                             c["label"]: [x["label"] for x in r.records],
                             c["value"]: [x["value"] if x["missing"]
                                          else f"{x['value']} {x['unit']}".strip() for x in r.records]})
               .to_string(index=False))
    path = app.write_disclosure(inputs, r.year, out_dir, lang)
    click.echo("")
    click.echo(t["wrote"].format(files=path))
