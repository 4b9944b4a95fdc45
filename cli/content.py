"""The `content` commands: the translation status of the report's chapters."""
from __future__ import annotations

from pathlib import Path

import click

import app

from .common import LANG_OPTION, ORG_OPTION
from .text import cli_text


# Help: cli/help.yaml, "content".
@click.group("content")
def content() -> None:
    pass


# Help: cli/help.yaml, "content status".
@content.command("status")
@ORG_OPTION
@LANG_OPTION
def status(org_file: Path, lang: str) -> None:
    t = cli_text(lang)["content"]
    result = app.content_status(org_file)
    click.echo(t["title"].format(folder=result.folder, lang=result.source_lang))
    ids = list(result.fingerprints)
    width = max(len(i) for i in ids) + 2
    cells = {s: t["states"][s] for s in ("source", "current", "stale", "missing")}
    col = max(len(v) for v in cells.values()) + 2
    click.echo(t["chapter"].ljust(width) + "".join(code.ljust(col) for code in result.languages)
               + t["fingerprint"])
    for cid in ids:
        click.echo(cid.ljust(width)
                   + "".join(cells[result.state(cid, code)].ljust(col)
                             for code in result.languages)
                   + result.fingerprints[cid])
    for (file, code), keys in result.texts.items():
        if keys:
            click.echo(t["texts"].format(file=file, lang=code, n=len(keys),
                                         keys=", ".join(keys[:6]) + (" …" if len(keys) > 6
                                                                     else "")))
    todo = [r for r in result.rows if r.state in ("stale", "missing")]
    if todo:
        click.echo(t["todo"].format(n=len(todo)))
    elif not any(result.texts.values()):
        click.echo(t["done"])
