"""Commands of the commitment work: `indicators`, `sitoumus export|validate` and `disclosure`.

build.py imports this module and calls `register(cli)`.
"""
from __future__ import annotations

import json
from pathlib import Path

import click
import pandas as pd

from .common import LANG_OPTION, ORG_OPTION, OUT_OPTION, pick_year
from .text import cli_text
from carbon.inputs import load_inputs

from report.publishing.disclosure import disclosure_records, write_disclosure
from report.publishing.indicators import default_year, indicator_records, indicator_table
from report.publishing.sitoumus import (check_export, export_summary, sitoumus_export,
                                       write_export)


@click.command("indicators")
@ORG_OPTION
@click.option("--year", type=int, default=None,
              help="Reporting year: values after it are ignored (default: the latest with data).")
@OUT_OPTION
@LANG_OPTION
def indicators(org_file: Path, year: int | None, out_dir: Path, lang: str) -> None:
    """Print each commitment indicator's latest value, trend and status against its target,
    and write indicators_<year>.csv."""
    inputs = load_inputs(org_file)
    year = year if year is not None else default_year(inputs)
    records = indicator_records(inputs, None, year, lang)
    t = cli_text(lang)
    c = t["commitment"]
    click.echo(c["title"].format(org=inputs.org.name_in(lang), year=year))
    if inputs.org.illustrative:
        click.echo(f"  ({inputs.org.illustrative})")
    click.echo("")
    view = pd.DataFrame({
        c["indicator"]: [r["name"] for r in records],
        c["latest"]: [f"{r['latest']} ({r['latest_year']})" if r["latest_year"] else r["latest"]
                      for r in records],
        c["baseline"]: [f"{r['baseline']} ({r['baseline_year']})" for r in records],
        c["target"]: [f"{r['target']} ({r['target_year'] or '–'})" for r in records],
        c["trend"]: [r["trend_label"] for r in records],
        c["status"]: [r["status_label"] for r in records],
    })
    click.echo(view.to_string(index=False))
    missing = [r["name"] for r in records if r["latest_value"] is None]
    if missing:
        click.echo("")
        click.echo(c["missing"].format(n=len(missing), names="; ".join(missing)))
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"indicators_{year}.csv"
    indicator_table(inputs, None, year, lang).to_csv(path, index=False)
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
def export(org_file: Path, year: int, out_dir: Path, lang: str) -> None:
    """Write sitoumus2050_<year>.json, .csv and .txt (validated against
    report/publishing/schemas/sitoumus2050.schema.json); missing values are listed, not estimated."""
    inputs = load_inputs(org_file)
    doc = sitoumus_export(inputs, year, lang)
    paths = write_export(doc, out_dir)
    t = cli_text(lang)
    c = t["commitment"]
    click.echo(c["export"].format(**export_summary(doc)))
    if doc["missing"]:
        click.echo(c["export_missing"].format(n=len(doc["missing"])))
        for m in doc["missing"]:
            langs = f" [{', '.join(m['languages'])}]" if m["languages"] else ""
            click.echo(f"  - {m['id']} {m['field']}{langs}: {m['reason']}")
    click.echo(t["wrote"].format(files=", ".join(str(p) for p in paths)))


@sitoumus.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@LANG_OPTION
def validate(file: Path, lang: str) -> None:
    """Check a sitoumus2050_<year>.json against the schema."""
    check_export(json.loads(file.read_text(encoding="utf-8")))
    click.echo(cli_text(lang)["commitment"]["valid"].format(file=file))


@click.command("disclosure")
@ORG_OPTION
@click.option("--year", type=int, default=None, help="Year (default: the latest with data).")
@OUT_OPTION
@LANG_OPTION
def disclosure(org_file: Path, year: int | None, out_dir: Path, lang: str) -> None:
    """Write the GRI 305 / ESRS E1-6 index of a year's carbon figures as disclosure_<year>.csv."""
    inputs = load_inputs(org_file)
    year = pick_year(inputs, year)
    records = disclosure_records(inputs, year, lang)
    t = cli_text(lang)
    c = t["commitment"]
    click.echo(c["disclosure"].format(org=inputs.org.name_in(lang), year=year))
    click.echo(pd.DataFrame({c["code"]: [r["code"] for r in records],
                             c["esrs"]: [r["esrs"] for r in records],
                             c["datapoint"]: [r["datapoint"] for r in records],
                             c["label"]: [r["label"] for r in records],
                             c["value"]: [r["value"] if r["missing"]
                                          else f"{r['value']} {r['unit']}".strip() for r in records]})
               .to_string(index=False))
    path = write_disclosure(inputs, year, out_dir, lang)
    click.echo("")
    click.echo(t["wrote"].format(files=path))
