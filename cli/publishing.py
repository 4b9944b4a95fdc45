"""Commands `indicators`, `sitoumus export|validate` and `disclosure`: options in, the
application layer's results printed in the user's language."""
from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

import app

from .common import LANG_OPTION, ORG_OPTION, OUT_OPTION, app_call
from .text import cli_text


# Help: cli/help.yaml, "indicators".
@click.command("indicators")
@ORG_OPTION
@click.option("--year", type=int, default=None)
@click.option("--set", "kind", type=click.Choice(["commitment", "performance", "all"]),
              default="commitment", show_default=True)
@OUT_OPTION
@LANG_OPTION
@app_call
def indicators(org_file: Path, year: int | None, kind: str, out_dir: Path, lang: str) -> None:
    r = app.indicators(app.load(org_file), year, lang, kind)
    records = r.records
    t = cli_text(lang)
    c = t["commitment"]
    click.echo(c["titles"][kind].format(org=r.org.name_in(lang), year=r.year))
    if r.org.illustrative_in(lang):
        click.echo(f"  ({r.org.illustrative_in(lang)})")
    if r.agreement_years is not None:
        (first, last), (_, until) = r.agreement_years
        click.echo(c["agreement_in_force"].format(first=first, last=last, until=until))
    click.echo("")
    for group in dict.fromkeys((x["set"], x["goal"]) for x in records):
        rows = [x for x in records if (x["set"], x["goal"]) == group]
        if kind != "commitment":
            first = rows[0]
            number = f"{first['goal_number']}. " if first.get("goal_number") else ""
            click.echo(f"{c['sets'][first['set']]}: {number}{first['goal_title']}")
        click.echo(_indicator_view(rows, c, kind != "commitment").to_string(index=False))
        click.echo("")
    if kind == "commitment" and r.missing:
        click.echo(c["missing"].format(n=len(r.missing), names="; ".join(r.missing)))
    elif r.missing:
        click.echo(c["missing_reasons"].format(n=len(r.missing)))
        missing = [x for x in records if x["missing"] and x["missing_reason"]]
        for reason in dict.fromkeys(x["missing_reason"] for x in missing):
            codes = ", ".join(dict.fromkeys(x["code"] or x["name"] for x in missing
                                            if x["missing_reason"] == reason))
            click.echo(f"  - {reason} ({codes})")
    path = app.write_indicators(r, out_dir)
    click.echo("")
    click.echo(t["wrote"].format(files=path))


def _indicator_view(records: list[dict], c: dict, with_code: bool) -> pd.DataFrame:
    """The printed table of some indicator records (column names in the user's language)."""
    view = {}
    if with_code:
        view[c["code_column"]] = [x["code"] for x in records]
    view |= {
        c["indicator"]: [x["name"] for x in records],
        c["latest"]: [f"{x['latest']} ({x['latest_year']})" if x["latest_year"] else x["latest"]
                      for x in records],
        c["baseline"]: [f"{x['baseline']} ({x['baseline_year']})" if x["baseline_year"]
                        else x["baseline"] for x in records],
        c["target"]: [f"{x['target']} ({x['target_year'] or '–'})" if x["target_year"]
                      else x["target"] for x in records],
        c["trend"]: [x["trend_label"] for x in records],
        c["status"]: [x["status_label"] for x in records],
    }
    return pd.DataFrame(view)


# Help: cli/help.yaml, "sitoumus".
@click.group("sitoumus")
def sitoumus() -> None:
    pass


# Help: cli/help.yaml, "sitoumus export".
@sitoumus.command("export")
@ORG_OPTION
@click.option("--year", type=int, required=True)
@OUT_OPTION
@LANG_OPTION
@app_call
def export(org_file: Path, year: int, out_dir: Path, lang: str) -> None:
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


# Help: cli/help.yaml, "sitoumus publish".
@sitoumus.command("publish")
@ORG_OPTION
@click.option("--year", type=int, required=True)
@click.option("--send", "send", is_flag=True, default=False)
@click.option("--url", type=str, default=None)
@LANG_OPTION
@app_call
def publish(org_file: Path, year: int, send: bool, url: str | None, lang: str) -> None:
    doc = app.sitoumus_export(app.load(org_file), year, lang)
    plan = app.sitoumus_plan(doc, url)
    c = cli_text(lang)["commitment"]
    if send:
        app.sitoumus_send(plan)
        click.echo(c["publish_sent"].format(n=len(plan.requests), url=plan.base_url))
    else:
        for line in app.sitoumus_request_lines(plan):
            click.echo(line)
        click.echo(c["publish_dry"].format(n=len(plan.requests), url=plan.base_url))
    if plan.held_back:
        click.echo(c["publish_held"].format(n=len(plan.held_back)))
        for h in plan.held_back:
            click.echo(f"  - {h['operationId']}: {', '.join(h['fields'])}")


# Help: cli/help.yaml, "sitoumus validate".
@sitoumus.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@LANG_OPTION
@app_call
def validate(file: Path, lang: str) -> None:
    app.validate_sitoumus(file)
    click.echo(cli_text(lang)["commitment"]["valid"].format(file=file))


# Help: cli/help.yaml, "disclosure".
@click.command("disclosure")
@ORG_OPTION
@click.option("--year", type=int, default=None)
@OUT_OPTION
@LANG_OPTION
@app_call
def disclosure(org_file: Path, year: int | None, out_dir: Path, lang: str) -> None:
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
