"""What every command shares: the error-reporting group and the common options. Kept free of
pandas and pint so that `build.py` starts quickly (the report's PDF worker starts first)."""
from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any, Callable, TypeVar

import click

from carbon.errors import OptionError, UnitMismatch, VastuuError
from carbon.readers.settings import DEFAULT_ORG

from .help_text import LANG_KEY, HelpContext, with_help_context
from .text import LANGUAGES

T = TypeVar("T")

# The help of every option and command is in help.yaml (cli/help_text.py), in each language.
ORG_OPTION = click.option("--org", "org_file", type=click.Path(dir_okay=False, path_type=Path),
                          default=DEFAULT_ORG, show_default=True)
OUT_OPTION = click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                          default=Path("out"), show_default=True)
LANG_OPTION = click.option("--lang", type=click.Choice(LANGUAGES), default="fi", show_default=True)

ACCEPT_MISSING_SPEND_OPTION = click.option("--accept-missing-spend", is_flag=True, default=False)


def lang_of(args: list[str]) -> str:
    """The --lang a command line asks for (Finnish when none or an unknown one): the language of
    the error message, read from the arguments because the error may come before or after the
    command has parsed them."""
    lang = "fi"
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            lang = args[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in LANGUAGES else "fi"


class VastuuGroup(click.Group):
    """A click group that turns input errors into one clear message (in the language of --lang,
    naming the file, row and column: carbon/messages.yaml) and exit code 2.

    click's own usage errors (a bad value, an unknown option or command, a missing option) are
    raised while the group or a command parses its arguments, i.e. in `make_context` (the group's
    own options) and `invoke` (the command's name and options, and a BadParameter from the command
    body: `app_call`). Both are caught here and raised again as a LocalizedUsageError
    (cli/usage.py), which click's `main` shows in the language of --lang, exit code 2.

    Help pages are in the language of --lang too: the root group records it in `ctx.meta` before
    parsing (an eager --help is acted on while parsing), and every command it resolves gets the
    context class HelpContext, which puts the texts of help.yaml into the page (cli/help_text.py).
    `help_key` is the root group's key in help.yaml (None: a group without texts there)."""

    context_class = HelpContext
    help_key: str | None = None

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        lang = lang_of(list(args))  # before parsing, which consumes the list
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            from .usage import localized  # imported only on an error

            raise localized(exc, lang) from None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            ctx.meta[LANG_KEY] = lang_of(list(args))
        return super().parse_args(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        return with_help_context(command) if command is not None else None

    def invoke(self, ctx: click.Context):
        args = [*getattr(ctx, "_protected_args", []), *ctx.args]
        if not any(a == "--lang" or a.startswith("--lang=") for a in args) and LANG_KEY in ctx.meta:
            args = [*args, "--lang", ctx.meta[LANG_KEY]]  # `build.py --lang sv footprint`: the root's --lang
        try:
            return super().invoke(ctx)
        except (VastuuError, UnitMismatch) as exc:
            from carbon.messages import error_text  # reads the catalogue only on an error

            click.secho(error_text(exc, lang_of(args)), err=True, fg="red")
            sys.exit(2)
        except click.UsageError as exc:
            from .usage import localized  # imported only on an error

            raise localized(exc, lang_of(args)) from None


def app_call(func: Callable[..., T]) -> Callable[..., T]:
    """A command body that calls the application layer: an OptionError it raises is shown as
    click's usage error against the option (`--year`), in the command's --lang, exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return func(*args, **kwargs)
        except OptionError as exc:
            from carbon.messages import option_text  # reads the catalogue only on an error

            raise click.BadParameter(option_text(exc, kwargs.get("lang")),
                                     param_hint=f"--{exc.option.replace('_', '-')}") from None
    return wrapper


def print_findings(findings: list, lang: str) -> None:
    """The checks' findings about the input (carbon/readers/checks.py), one line each, in the language."""
    from carbon.messages import finding_text

    for finding in findings:
        click.echo(finding_text(finding, lang))

