"""Command group `users`: the working group's accounts for `serve --shared` (add, list,
set-role, remove, reset-password), in `<org folder>/.vastuu/accounts.sqlite`."""
from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import click

from app import accounts

from .common import LANG_OPTION, ORG_OPTION, app_call
from .text import cli_text

ROLE_CHOICE = click.Choice(list(accounts.ROLES))
PASSWORD_STDIN = click.option("--password-stdin", "password_stdin", is_flag=True, default=False)


def _password(password_stdin: bool, lang: str) -> str:
    """The password: the first line of standard input, or asked twice (hidden)."""
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    t = cli_text(lang)["users"]
    return click.prompt(t["password"], hide_input=True, confirmation_prompt=t["again"],
                        err=True)


@click.group("users")
def users() -> None:
    # Help: cli/help.yaml, "users".
    pass


@users.command("add")
@click.argument("name")
@click.option("--role", type=ROLE_CHOICE, default="contributor", show_default=True)
@click.option("--display-name", "display_name", default="")
@click.option("--no-password", "no_password", is_flag=True, default=False)
@PASSWORD_STDIN
@ORG_OPTION
@LANG_OPTION
@app_call
def add(name: str, role: str, display_name: str, no_password: bool, password_stdin: bool,
        org_file: Path, lang: str) -> None:
    accounts.store(org_file).check_name(name)            # a bad name before the password
    password = None if no_password else _password(password_stdin, lang)
    account = accounts.add_user(org_file, name, role, password, display_name)
    click.echo(cli_text(lang)["users"]["added"].format(name=account.name,
                                                       role=_role(account.role, lang)))


@users.command("list")
@ORG_OPTION
@LANG_OPTION
@app_call
def list_users(org_file: Path, lang: str) -> None:
    t = cli_text(lang)["users"]
    found = accounts.users(org_file)
    if not found:
        click.echo(t["none"])
        return
    for a in found:
        click.echo(t["line"].format(name=a.name, display=a.display_name,
                                    role=_role(a.role, lang),
                                    login=t["password_set"] if a.has_password else t["sso_only"],
                                    changed=datetime.fromtimestamp(a.changed, timezone.utc)
                                    .strftime("%Y-%m-%d %H:%M")))
    click.echo(t["count"].format(n=len(found)))


@users.command("set-role")
@click.argument("name")
@click.argument("role", type=ROLE_CHOICE)
@ORG_OPTION
@LANG_OPTION
@app_call
def set_role(name: str, role: str, org_file: Path, lang: str) -> None:
    account = accounts.set_role(org_file, name, role)
    click.echo(cli_text(lang)["users"]["role_set"].format(name=account.name,
                                                          role=_role(account.role, lang)))


@users.command("remove")
@click.argument("name")
@ORG_OPTION
@LANG_OPTION
@app_call
def remove(name: str, org_file: Path, lang: str) -> None:
    accounts.remove_user(org_file, name)
    click.echo(cli_text(lang)["users"]["removed"].format(name=name))


@users.command("reset-password")
@click.argument("name")
@PASSWORD_STDIN
@ORG_OPTION
@LANG_OPTION
@app_call
def reset_password(name: str, password_stdin: bool, org_file: Path, lang: str) -> None:
    if accounts.user(org_file, name) is None:
        accounts.store(org_file).need(name)               # the message before the prompt
    accounts.reset_password(org_file, name, _password(password_stdin, lang))
    click.echo(cli_text(lang)["users"]["password_set_for"].format(name=name))


def _role(role: str, lang: str) -> str:
    return cli_text(lang)["users"]["roles"].get(role, role)
