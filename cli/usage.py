"""click's own usage errors (a value that is not a number, an unknown option or command, a missing
option, a bad choice, a file that does not exist) told in the user's language (--lang; strings in
text.yaml, section `usage`). VastuuGroup (cli/common.py) turns every click.UsageError into a
LocalizedUsageError; click then shows it as usual (exit code 2). Imported only on an error.

click writes these messages in English with gettext; the part of a message that click formats
itself (the value, the range, the path) is read back from the English text where the message is
one of click's own, and kept as click wrote it otherwise (a message from vastuu's own code is
already in the user's language: only its frame is translated)."""
from __future__ import annotations

import difflib
import re
import typing as t

import click
from click import (BadArgumentUsage, BadOptionUsage, BadParameter, MissingParameter, NoSuchOption,
                   UsageError)
from click.exceptions import NoSuchCommand

from .text import cli_text

#: click's NoArgsIsHelpError (a group run without a command: its help, not an error message)
NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())

_PATH_PROBLEMS = {"does not exist": "missing", "is a file": "is_file", "is a directory": "is_dir",
                  "is not readable": "unreadable", "is not writable": "unwritable",
                  "is not executable": "not_executable"}
_PATH = re.compile(r"^(?:file|directory|path) (?P<path>.+) (?P<problem>"
                   + "|".join(_PATH_PROBLEMS) + r")\.$", re.IGNORECASE | re.DOTALL)
_NOT_NUMBER = re.compile(r"^(?P<value>.*) is not a valid (?P<kind>integer|float)\.$", re.DOTALL)
_OUT_OF_RANGE = re.compile(r"^(?P<value>.*) is not in the range (?P<range>.+)\.$", re.DOTALL)
_NOT_A_CHOICE = re.compile(r"^(?P<value>.*) is not (?:one of )?.+\.$", re.DOTALL)
_NEEDS_VALUE = re.compile(r"^Option (?P<name>.+) requires an argument\.$")
_NEEDS_VALUES = re.compile(r"^Option (?P<name>.+) requires (?P<n>\d+) arguments\.$")
_TAKES_NO_VALUE = re.compile(r"^Option (?P<name>.+) does not take a value\.$")
_EXTRA_ARGUMENTS = re.compile(r"^Got unexpected extra arguments? \((?P<args>.*)\)$", re.DOTALL)


class LocalizedUsageError(UsageError):
    """A click usage error shown in one language: the same exit code (2) and context as the
    original, which stays available as `original`."""

    def __init__(self, original: UsageError, lang: str) -> None:
        super().__init__(original.message, original.ctx)
        self.original = original
        self.lang = lang
        self.exit_code = original.exit_code

    def format_message(self) -> str:
        return usage_message(self.original, self.lang)

    def show(self, file: t.IO[t.Any] | None = None) -> None:
        text = cli_text(self.lang)["usage"]
        ctx = self.ctx
        color = ctx.color if ctx is not None else None
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                option = max(ctx.command.get_help_option_names(ctx), key=len)
                hint = text["help"].format(command=f"{command_path(ctx)} {option}") + "\n"
            click.echo(f"{usage_line(ctx, text['usage'])}\n{hint}", file=file, err=True,
                       color=color)
        click.echo(text["error"].format(message=self.format_message()), file=file, err=True,
                   color=color)


def localized(exc: UsageError, lang: str) -> UsageError:
    """The error to raise instead of `exc`: the same one when it is already translated or is a
    group's help (no command given)."""
    if isinstance(exc, LocalizedUsageError) or (NO_ARGS_IS_HELP and isinstance(exc, NO_ARGS_IS_HELP)):
        return exc
    return LocalizedUsageError(exc, lang)


def command_path(ctx: click.Context) -> str:
    """The command as the user typed it: `python build.py footprint`."""
    root = ctx.find_root().info_name or ""
    return f"python {ctx.command_path}" if root.endswith(".py") else ctx.command_path


def usage_line(ctx: click.Context, prefix: str) -> str:
    formatter = ctx.make_formatter()
    formatter.write_usage(command_path(ctx), " ".join(ctx.command.collect_usage_pieces(ctx)),
                          prefix=f"{prefix} ")
    return formatter.getvalue().rstrip("\n")


def usage_message(exc: UsageError, lang: str) -> str:
    """The message of a click usage error in the language (without the "Error:" frame)."""
    text = cli_text(lang)["usage"]
    if isinstance(exc, NoSuchOption):
        return text["no_such_option"].format(name=exc.option_name) + _did_you_mean(
            exc.possibilities, text)
    if isinstance(exc, NoSuchCommand):
        possibilities = exc.possibilities
        if not possibilities and exc.ctx is not None and isinstance(exc.ctx.command, click.Group):
            possibilities = difflib.get_close_matches(
                exc.command_name, exc.ctx.command.list_commands(exc.ctx))
        return text["no_such_command"].format(name=exc.command_name) + _did_you_mean(
            possibilities, text)
    if isinstance(exc, MissingParameter):
        return _missing(exc, text)
    if isinstance(exc, BadParameter):
        name, kind = _param_name(exc)
        detail = _detail(exc, text)
        if name is None:
            return text["invalid_value"].format(detail=detail)
        key = "invalid_argument" if kind == "argument" else "invalid_option"
        return text[key].format(name=name, detail=detail)
    if isinstance(exc, BadOptionUsage):
        if m := _NEEDS_VALUE.match(exc.message):
            return text["needs_value"].format(name=_unquote(m["name"]))
        if m := _NEEDS_VALUES.match(exc.message):
            return text["needs_values"].format(name=_unquote(m["name"]), n=m["n"])
        if m := _TAKES_NO_VALUE.match(exc.message):
            return text["takes_no_value"].format(name=_unquote(m["name"]))
        return exc.format_message()
    if isinstance(exc, BadArgumentUsage):
        return exc.format_message()
    if m := _EXTRA_ARGUMENTS.match(exc.message):
        return text["extra_arguments"].format(args=m["args"])
    if exc.message == "Missing command.":
        return text["missing_command"]
    return exc.format_message()


def _did_you_mean(possibilities: t.Sequence[str] | None, text: dict) -> str:
    if not possibilities:
        return ""
    names = list(possibilities)
    joined = names[0] if len(names) == 1 else \
        f"{', '.join(names[:-1])} {text['or_word']} {names[-1]}"
    return " " + text["did_you_mean"].format(names=joined)


def _unquote(hint: str) -> str:
    """`'--year' / '-y'` → `--year / -y` (click quotes the names it puts in a message)."""
    return re.sub(r"'([^']*)'", r"\1", hint)


def _param_name(exc: BadParameter) -> tuple[str | None, str]:
    """The name of the option or argument the error is about, and its kind."""
    if exc.param_hint is not None:
        hint = exc.param_hint if isinstance(exc.param_hint, str) else " / ".join(exc.param_hint)
        kind = exc.param.param_type_name if exc.param is not None else \
            ("option" if hint.startswith("-") else "argument")
        return hint, kind
    if exc.param is not None:
        return _unquote(exc.param.get_error_hint(exc.ctx)), exc.param.param_type_name
    return None, "parameter"


def _choices(param_type: click.Choice) -> str:
    return ", ".join(str(getattr(choice, "name", choice)) for choice in param_type.choices)


def _detail(exc: BadParameter, text: dict) -> str:
    """The message of a bad value: click's own messages read back and translated; any other (a
    callback's or vastuu's own, already translated) as it is."""
    message = exc.message
    param_type = exc.param.type if exc.param is not None else None
    if isinstance(param_type, click.Choice):
        if m := _NOT_A_CHOICE.match(message):
            return f"{text['not_a_choice'].format(value=m['value'])}; " \
                   f"{text['choose'].format(choices=_choices(param_type))}"
    elif isinstance(param_type, (click.types.IntParamType, click.types.FloatParamType)):
        if m := _NOT_NUMBER.match(message):
            key = "not_integer" if m["kind"] == "integer" else "not_number"
            return text[key].format(value=m["value"])
        if m := _OUT_OF_RANGE.match(message):
            return text["out_of_range"].format(value=m["value"], range=m["range"])
    elif isinstance(param_type, click.Path):
        if m := _PATH.match(message):
            return text["path"][_PATH_PROBLEMS[m["problem"].lower()]].format(path=m["path"])
    return message


def _missing(exc: MissingParameter, text: dict) -> str:
    param = exc.param
    if exc.param_hint is not None:
        hint = exc.param_hint if isinstance(exc.param_hint, str) else " / ".join(exc.param_hint)
    elif param is not None:
        hint = _unquote(param.get_error_hint(exc.ctx))
    else:
        hint = ""
    kind = exc.param_type or (param.param_type_name if param is not None else "parameter")
    key = {"option": "missing_option", "argument": "missing_argument"}.get(kind, "missing_parameter")
    result = text[key].format(name=hint).rstrip(": ")
    if exc.message:
        result += f"; {exc.message}"
    if param is not None and isinstance(param.type, click.Choice):
        result += f"; {text['choose'].format(choices=_choices(param.type))}"
    return result
