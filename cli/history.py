"""Command `history`: the changes recorded in the organisation's version store (who, when,
which file and subject, the message; with --diff the diffs), newest first."""
from __future__ import annotations

from pathlib import Path

import click

from .common import LANG_OPTION, ORG_OPTION, app_call
from .text import cli_text


# Help: cli/help.yaml, "history".
@click.command("history")
@ORG_OPTION
@click.option("--file", "file", type=str, default=None)
@click.option("--since", type=str, default=None)
@click.option("--subject", type=str, default=None)
@click.option("--diff", "show_diff", is_flag=True)
@LANG_OPTION
@app_call
def history(org_file: Path, file: str | None, since: str | None, subject: str | None,
            show_diff: bool, lang: str) -> None:
    from app import collab
    changes = collab.history(org_file, path=file, subject=subject, since=since)
    t = cli_text(lang)["history"]
    if not changes:
        click.echo(t["none"])
        return
    for c in changes:
        click.echo(t["line"].format(id=c.id, time=c.time[:16].replace("T", " "),
                                    author=c.author, kind=t["kinds"].get(c.kind, c.kind),
                                    file=c.file or "–", subject=c.subject))
        if c.message:
            click.echo(t["message"].format(message=c.message))
        if c.note:
            click.echo(t["note"].format(note=c.note))
        if show_diff and c.diff:
            for line in c.diff.splitlines():
                click.echo("    " + line)
    click.echo(t["count"].format(n=len(changes)))
