"""The --help pages in the user's language (--lang anywhere on the command line; Finnish when
none is given). The texts are in help.yaml; click's help frame ("Usage:", "Options:", "[default:
...]") is translated by the formatter below.

How it fits into click (public API only, click 8.4 and 8.5): VastuuGroup (cli/common.py) records
the language of the command line in `ctx.meta` and gives every command it resolves the context
class HelpContext. When click shows a help page (`--help`, or a group run without its command)
it calls `ctx.get_help()`: HelpContext first puts the texts of help.yaml into the command (its
`help` and `short_help`, each option's `help`, the short help of a group's commands) and makes
the page with LocalizedFormatter (`ctx.make_formatter()`). help.yaml is read only then."""
from __future__ import annotations

import re
from typing import Any, Sequence

import click

from .text import HELP_FILE, cli_text, help_texts

__all__ = ["HELP_FILE", "HelpContext", "LocalizedFormatter", "help_texts", "localize",
           "option_help", "option_key", "with_help_context"]
#: ctx.meta key of the language of the command line's help pages
LANG_KEY = "vastuu.help_lang"

#: click's section headings (written in English by click) -> their key in help.yaml `frame`
_SECTIONS = {"Options": "options", "Commands": "commands"}
#: the bracket click puts after an option's help: "[default: 10000; 0<=x<=1000000]", "[required]"
_EXTRA = re.compile(r"\[(?P<items>[^\[\]]*)\]$")


def option_key(param: click.Parameter) -> str:
    """An option's key in help.yaml: its longest name without the dashes (`--source-group` ->
    `source-group`, `-h/--help` -> `help`)."""
    return max(param.opts, key=len).lstrip("-")


def command_key(ctx: click.Context) -> str | None:
    """The key in help.yaml of the command of a context: `footprint`, `scenario run`; the root
    group's own key (`help_key`, "build.py"). None for a command line whose root has no key (a
    group of a test): its texts stay as they are."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    root_key = getattr(ctx.command, "help_key", None)
    if root_key is None:
        return None
    return " ".join(reversed(names)) or root_key


def option_help(lang: str, key: str, option: str) -> str | None:
    """The help of an option of a command: the command's own text, else the shared one."""
    texts = help_texts(lang)
    own = texts["commands"].get(key, {}).get("options", {})
    return own.get(option, texts["common"].get(option))


def localize(ctx: click.Context, lang: str) -> None:
    """Put the texts of help.yaml for the context's command into the command: its description,
    each option's help (the help option's too) and, for a group, its commands' short help."""
    key = command_key(ctx)
    if key is None:
        return
    commands = help_texts(lang)["commands"]
    command = ctx.command
    entry = commands.get(key)
    if entry is not None:
        command.help = entry["help"]
        command.short_help = entry.get("short")
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):
            text = option_help(lang, key, option_key(param))
            if text is not None:
                param.help = text
    if isinstance(command, click.Group):
        prefix = "" if ctx.parent is None else f"{key} "
        for name in command.list_commands(ctx):
            sub = commands.get(prefix + name)
            subcommand = command.get_command(ctx, name)
            if sub is not None and subcommand is not None:
                subcommand.help = sub["help"]
                subcommand.short_help = sub.get("short")


class LocalizedFormatter(click.HelpFormatter):
    """click's help formatter with click's own words in the language: the "Usage:" prefix, the
    section headings and the "default"/"required" of an option's bracket."""

    def __init__(self, lang: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.frame = help_texts(lang)["frame"]

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = f"{cli_text(self.lang)['usage']['usage']} "
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        key = _SECTIONS.get(heading)
        super().write_heading(self.frame[key] if key else heading)

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        super().write_dl([(term, self._extra(text)) for term, text in rows], col_max, col_spacing)

    def _extra(self, text: str) -> str:
        match = _EXTRA.search(text)
        if match is None:
            return text
        items = []
        for item in match["items"].split("; "):
            if item.startswith("default: "):
                item = f"{self.frame['default']}: {item[len('default: '):]}"
            elif item == "required":
                item = self.frame["required"]
            items.append(item)
        return f"{text[:match.start()]}[{'; '.join(items)}]"


class HelpContext(click.Context):
    """The context of every vastuu command: its help page in the language of the command line."""

    @property
    def help_lang(self) -> str:
        return self.meta.get(LANG_KEY, "fi")

    def make_formatter(self) -> click.HelpFormatter:
        return LocalizedFormatter(self.help_lang, width=self.terminal_width,
                                  max_width=self.max_content_width)

    def get_help(self) -> str:
        localize(self, self.help_lang)
        return super().get_help()


def with_help_context(command: click.Command) -> click.Command:
    """The command (and a group's commands) with HelpContext as its context class."""
    command.context_class = HelpContext
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            with_help_context(sub)
    return command
