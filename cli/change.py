"""Command `change`: why the footprint changed between two years (the application layer's
decomposition printed in the user's language)."""
from __future__ import annotations

import json
from pathlib import Path

import click

import app
from carbon.numbers import format_number, format_pct

from .common import LANG_OPTION, ORG_OPTION, OUT_OPTION, app_call
from .footprint import JSON_OPTION, _table
from .text import cli_text


def signed(value: float, lang: str, decimals: int = 1) -> str:
    """A number with its sign (+ for an increase)."""
    if round(value, decimals) == 0:
        return format_number(0.0, decimals, lang)
    text = format_number(value, decimals, lang)
    return text if text.startswith(("-", "\u2212")) else "+" + text


# Help: cli/help.yaml, "change".
@click.command("change")
@ORG_OPTION
@click.option("--from", "from_year", type=int, default=None)
@click.option("--to", "to_year", type=int, default=None)
@click.option("--method-of", "method_year", type=int, default=None)
@OUT_OPTION
@LANG_OPTION
@JSON_OPTION
@app_call
def change(org_file: Path, from_year: int | None, to_year: int | None, method_year: int | None,
           out_dir: Path, lang: str, as_json: bool) -> None:
    inputs = app.load(org_file)
    r = app.change(inputs, from_year, to_year, lang, method_year)
    if as_json:
        click.echo(json.dumps(app.change_json(r), ensure_ascii=False, indent=2))
        return
    t = cli_text(lang)
    c = t["change"]
    d = r.decomposition
    n = lambda v, dec=1: format_number(v, dec, lang)  # noqa: E731
    click.echo(c["title"].format(org=r.org.name_in(lang), start=r.from_year, end=r.to_year))
    pct = format_pct(100.0 * d.change / d.from_total, 1, lang) if d.from_total else "–"
    click.echo(c["totals"].format(start=r.from_year, end=r.to_year, from_total=n(d.from_total),
                                  to_total=n(d.to_total), change=signed(d.change, lang), pct=pct))
    for year, check in sorted(r.restated.items()):
        groups = ", ".join(r.group_names.get(g, g) for m in check.changes for g in m.source_groups)
        if check.recalculated is None:
            click.echo(c["not_restated"].format(year=year, method_year=r.method_year,
                                                reason=check.reason))
        else:
            click.echo(c["restated"].format(year=year, method_year=r.method_year, groups=groups,
                                            restated=n(check.recalculated_total),
                                            computed=n(check.computed)))
    click.echo("")
    for name, value in d.steps():
        click.echo(c["effect_line"].format(name=c["effects"][name], value=signed(value, lang)))
    click.echo(c["sum_line"].format(total=signed(sum(v for _, v in d.steps()), lang)))
    click.echo("")
    g = d.groups
    units = [c["real_eur"].format(year=r.from_year) if u == "EUR" else u for u in g["unit"]]
    click.echo(_table({
        c["group"]: [r.group_names.get(x, x) for x in g["source_group"]],
        c["unit"]: units,
        f"{c['intensity_col']} {r.from_year}": [n(v, 3) for v in g["from_intensity"]],
        f"{c['intensity_col']} {r.to_year}": [n(v, 3) for v in g["to_intensity"]],
        **{c["effects"][e]: [signed(v, lang) for v in g[f"{e}_tco2e"]]
           for e in ("volume", "intensity", "method", "boundary", "residual", "change")},
        "": [c["statuses"][s] for s in g["status"]],
    }))
    click.echo("")
    click.echo(r.why)
    written = app.write_change(r, out_dir)
    click.echo("")
    click.echo(t["wrote"].format(files=", ".join(str(p) for p in written)))
