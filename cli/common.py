"""What every command shares: the error-reporting group and the common options. Kept free of
pandas and pint so that `build.py` starts quickly (the report's PDF worker starts first)."""
from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any, Callable, TypeVar

import click

from carbon.errors import OptionError, UnitMismatch, VastuuError
from carbon.settings import DEFAULT_ORG

from .text import LANGUAGES

T = TypeVar("T")

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


def app_call(func: Callable[..., T]) -> Callable[..., T]:
    """A command body that calls the application layer: an OptionError it raises is shown as
    click's usage error against the option (`--year`), exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return func(*args, **kwargs)
        except OptionError as exc:
            raise click.BadParameter(exc.message,
                                     param_hint=f"--{exc.option.replace('_', '-')}") from None
    return wrapper
