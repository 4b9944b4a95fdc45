"""Command `freeze`, and what footprint, progress and report print about a frozen year whose
figures have changed since it was frozen."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

import app
from carbon.numbers import format_number, format_pct

from .common import LANG_OPTION, ORG_OPTION, app_call
from .text import cli_text


# Help: cli/help.yaml, "freeze".
@click.command("freeze")
@ORG_OPTION
@click.option("--year", type=int, required=True)
@click.option("--force", is_flag=True)
@LANG_OPTION
@app_call
def freeze(org_file: Path, year: int, force: bool, lang: str) -> None:
    inputs = app.load(org_file)
    r = app.freeze_year(inputs, year)
    path = app.write_freeze(r, force)
    fz = cli_text(lang)["freeze"]
    scopes = ", ".join(f"scope {s}: {format_number(v, 1, lang)}"
                       for s, v in r.record["by_scope"].items())
    click.echo(fz["done"].format(org=inputs.org.name_in(lang), year=r.year,
                                 total=format_number(r.total, 2, lang), scopes=scopes,
                                 files=r.files, path=path))


def _signed(value: float, decimals: int, lang: str) -> str:
    text = format_number(value, decimals, lang)
    return text if text.startswith(("-", "\u2212")) else "+" + text


def echo_frozen(comparisons: list[Any], lang: str) -> None:
    """For each frozen year: one line when its figures still hold; else the difference and its
    reasons (changed files, factors, input files, source groups)."""
    fz = cli_text(lang)["freeze"]
    n = lambda v, d=1: format_number(v, d, lang)  # noqa: E731
    s = lambda v, d=1: _signed(v, d, lang)  # noqa: E731
    for c in comparisons:
        click.echo("")
        if not c.differs:
            click.echo(fz["same"].format(year=c.year, path=c.record))
            continue
        click.echo(fz["differs"].format(year=c.year, date=c.frozen_at[:10], path=c.record,
                                        frozen=n(c.total_frozen, 2), now=n(c.total_now, 2),
                                        diff=s(c.diff, 2), pct=format_pct(c.diff_pct, 2, lang)))
        for row in c.by_scope.itertuples():
            if abs(row.diff) > 0.005:
                click.echo(fz["scope_line"].format(scope=row.scope, frozen=n(row.frozen),
                                                   now=n(row.now), diff=s(row.diff)))
        if len(c.files):
            click.echo(fz["files_title"])
            for row in c.files.itertuples():
                click.echo(fz["file_line"].format(change=fz["changes"].get(row.change, row.change),
                                                  path=row.path,
                                                  role=fz["roles"].get(row.role, row.role)))
        else:
            click.echo(fz["no_file_changed"].format(notes="; ".join(c.notes) or "–"))
        if len(c.factors):
            click.echo(fz["factors_title"])
            for row in c.factors.itertuples():
                value = lambda v: "–" if v is None or v != v else \
                    f"{v:g}".replace(".", "." if lang == "en" else ",")  # noqa: E731
                click.echo(fz["factor_line"].format(
                    id=row.factor_id, file=row.file, old=value(row.value_frozen),
                    new=value(row.value_now), unit=row.unit, frozen=n(row.frozen), now=n(row.now),
                    diff=s(row.diff)))
        if len(c.inputs):
            click.echo(fz["inputs_title"])
            for row in c.inputs.itertuples():
                click.echo(fz["input_line"].format(file=row.file, frozen=n(row.frozen),
                                                   now=n(row.now), diff=s(row.diff)))
        if len(c.by_group):
            click.echo(fz["groups_title"])
            for row in c.by_group.itertuples():
                click.echo(fz["group_line"].format(group=row.name, frozen=n(row.frozen),
                                                   now=n(row.now), diff=s(row.diff)))
        click.echo(fz["refreeze"].format(year=c.year))
