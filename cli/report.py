"""The `report` command: the yearly responsibility report as PDF and HTML."""
from __future__ import annotations

from pathlib import Path

import click

from .common import ACCEPT_MISSING_SPEND_OPTION, ORG_OPTION, OUT_OPTION, print_findings
from .text import cli_text
from carbon.startup import imports_without_gc

from report.render import timing
from report.document.i18n import languages
from report.render.output import PdfWorker


@click.command("report")
@click.option("--year", type=int, default=None,
              help="Report year (default: the organisation's report.year, else the latest "
                   "year with data).")
@ORG_OPTION
@OUT_OPTION
@click.option("--lang", type=click.Choice(languages()), default="fi", show_default=True,
              help="Language of the interface strings and number format.")
@ACCEPT_MISSING_SPEND_OPTION
def report(year: int | None, org_file: Path, out_dir: Path, lang: str,
           accept_missing_spend: bool) -> None:
    """Build the yearly responsibility report (tagged PDF/UA and HTML) into --out."""
    with PdfWorker() as worker:  # first, so that WeasyPrint imports while the data is read
        with imports_without_gc():
            from report.pipeline import build_report  # pandas, pint: after the worker started
        timing.mark("imports")
        result = build_report(org_file, year, out_dir, lang, worker=worker,
                              accept_missing_spend=accept_missing_spend)
    timing.mark("done")
    if timing.enabled():
        click.echo(timing.timeline(), err=True)
    click.echo(cli_text(lang)["report"].format(pdf=result.pdf, pages=result.pages,
                                               html=result.html, year=result.year))
    print_findings(result.findings, lang)  # issue 11: what the input checks found
