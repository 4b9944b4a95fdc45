"""vastuu command line: carbon footprint, scenarios, indicators and the yearly report.

`python build.py` with no command builds the report of the bundled example into out/.
Each package keeps its own commands (carbon/cli.py, report/cli.py, ...); this file joins them.
"""
from __future__ import annotations

import sys

import click

from carbon.cli import VastuuGroup, footprint, progress, trace


@click.group(cls=VastuuGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def cli(ctx: click.Context) -> None:
    """vastuu: hiilijalanjälki, skenaariot ja vastuullisuusraportti (carbon footprint,
    scenarios and the yearly responsibility report). Without a command: build the report."""
    if ctx.invoked_subcommand is None:
        report_cmd = cli.get_command(ctx, "report")
        if report_cmd is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(report_cmd)


for command in (footprint, progress, trace):
    cli.add_command(command)

for module_name in ("report.cli", "carbon.scenario_cli", "report.commitment_cli"):
    try:
        module = __import__(module_name, fromlist=["register"])
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        continue
    module.register(cli)


if __name__ == "__main__":
    sys.exit(cli())
