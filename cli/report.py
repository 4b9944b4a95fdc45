"""The `report` command: the yearly responsibility report as PDF and HTML."""
from __future__ import annotations

from pathlib import Path

import click

import app
from report.document.i18n import languages
from report.render import timing

from .common import ACCEPT_MISSING_SPEND_OPTION, ORG_OPTION, OUT_OPTION, print_findings
from .freeze import echo_frozen
from .text import cli_text


# Help: cli/help.yaml, "report".
@click.command("report")
@click.option("--year", type=int, default=None)
@ORG_OPTION
@OUT_OPTION
@click.option("--lang", type=click.Choice(languages()), default="fi", show_default=True)
@ACCEPT_MISSING_SPEND_OPTION
@click.option("--include-original", is_flag=True, default=False)
def report(year: int | None, org_file: Path, out_dir: Path, lang: str,
           accept_missing_spend: bool, include_original: bool) -> None:
    result = app.build_report(org_file, year, out_dir, lang, accept_missing_spend,
                              include_original)
    if timing.enabled():
        click.echo(timing.timeline(), err=True)
    click.echo(cli_text(lang)["report"].format(pdf=result.pdf, pages=result.pages,
                                               html=result.html, year=result.year))
    print_findings(result.findings, lang)  # issue 11: what the input checks found
    frozen = app.check_frozen_year(org_file, result.year, lang)  # a frozen year: why figures differ
    echo_frozen([frozen] if frozen is not None else [], lang)
