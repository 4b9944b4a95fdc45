"""What every command shares: the error-reporting group and the common options. Kept free of
pandas and pint so that `build.py` starts quickly (the report's PDF worker starts first)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .text import LANGUAGES
from carbon.errors import UnitMismatch, VastuuError
from carbon.settings import DEFAULT_ORG

if TYPE_CHECKING:
    from carbon.inputs import Inputs

ORG_OPTION = click.option("--org", "org_file", type=click.Path(dir_okay=False, path_type=Path),
                          default=DEFAULT_ORG, show_default=True,
                          help="Organisation settings file (YAML).")
OUT_OPTION = click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                          default=Path("out"), show_default=True, help="Folder for output files.")
LANG_OPTION = click.option("--lang", type=click.Choice(LANGUAGES), default="fi", show_default=True,
                           help="Language of what is printed and of the group names.")


class VastuuGroup(click.Group):
    """A click group that turns input errors into one clear message and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (VastuuError, UnitMismatch) as exc:
            click.secho(f"error: {exc}", err=True, fg="red")
            sys.exit(2)


def pick_year(inputs: Inputs, year: int | None) -> int:
    """The requested year, or the latest with data; a year without data is a usage error."""
    if year is None:
        return max(inputs.years)
    if year not in inputs.years:
        raise click.BadParameter(f"no data for {year}; the data covers "
                                 f"{', '.join(map(str, inputs.years))}", param_hint="--year")
    return year
