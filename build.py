"""vastuu command line: carbon footprint, scenarios, indicators and the yearly report.

`python build.py` with no command builds the report of the bundled example into out/.
Each package keeps its own commands (carbon/cli.py, report/cli.py, ...); this file joins them.
"""
from __future__ import annotations

import sys

import click

from carbon.cli import VastuuGroup, footprint, progress, trace
from carbon.scenario_cli import register as register_scenarios
from report.cli import register as register_report
from report.commitment_cli import register as register_commitment


@click.group(cls=VastuuGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def cli(ctx: click.Context) -> None:
    """vastuu: hiilijalanjälki, skenaariot ja vastuullisuusraportti (carbon footprint,
    scenarios and the yearly responsibility report). Without a command: build the report."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(cli.get_command(ctx, "report"))


for command in (footprint, progress, trace):
    cli.add_command(command)
register_report(cli)
register_scenarios(cli)
register_commitment(cli)


if __name__ == "__main__":
    sys.exit(cli())
