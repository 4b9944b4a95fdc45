"""vastuu command line: carbon footprint, scenarios, indicators and the yearly report.

`python build.py` with no command builds the report of the bundled example into out/.
The commands live in `cli/` (one module per family); this file names them and imports a
command's module only when that command runs, so that a command does not pay for the others'
imports.
"""
from __future__ import annotations

import importlib
import sys

import click

from cli.common import LANG_OPTION, VastuuGroup
from cli.help_text import with_help_context
from carbon.startup import imports_without_gc

#: command name -> "module:attribute" of its click command or group
COMMANDS = {
    "report": "cli.report:report",
    "footprint": "cli.footprint:footprint",
    "progress": "cli.footprint:progress",
    "trace": "cli.footprint:trace",
    "change": "cli.change:change",
    "scenario": "cli.scenario:scenario",
    "indicators": "cli.publishing:indicators",
    "sitoumus": "cli.publishing:sitoumus",
    "disclosure": "cli.publishing:disclosure",
    "factors": "cli.factors:factors",
    "freeze": "cli.freeze:freeze",
    "history": "cli.history:history",
    "serve": "cli.serve:serve",
    "content": "cli.content:content",
    "government": "cli.government:government",
    "suppliers": "cli.suppliers:suppliers",
    "users": "cli.users:users",
}


class LazyGroup(VastuuGroup):
    """A group whose commands are imported on first use (click's lazy-loading pattern). Its help
    and its commands' help are in cli/help.yaml under "build.py" and the command names."""

    help_key = "build.py"

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attr = COMMANDS[cmd_name].split(":")
        with imports_without_gc():
            return with_help_context(getattr(importlib.import_module(module), attr))


def lang_defaults(command: click.Command, lang: str) -> dict:
    """A click default_map giving the command (each command of a group) the --lang `lang`."""
    if isinstance(command, click.Group):
        return {name: lang_defaults(sub, lang) for name, sub in command.commands.items()}
    return {"lang": lang}


# The program's help (and its commands') is in cli/help.yaml: "build.py".
@click.group(cls=LazyGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@LANG_OPTION
@click.version_option(package_name="vastuu", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, lang: str) -> None:
    # --lang before the command (`build.py --lang sv footprint`) is the command's --lang unless
    # the command is given its own; without a command: the report in that language.
    if ctx.invoked_subcommand is None:
        ctx.invoke(cli.get_command(ctx, "report"), lang=lang)
    else:
        command = cli.get_command(ctx, ctx.invoked_subcommand)
        ctx.default_map = {ctx.invoked_subcommand: lang_defaults(command, lang)}


if __name__ == "__main__":
    sys.exit(cli())
