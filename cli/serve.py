"""Command `serve`: the browser workbench on this machine (web/), its address printed."""
from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

import click

from .common import LANG_OPTION, ORG_OPTION, OUT_OPTION, app_call


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# Help: cli/help.yaml, "serve".
@click.command("serve")
@ORG_OPTION
@OUT_OPTION
@click.option("--port", type=click.IntRange(0, 65535), default=None, show_default="8000")
@click.option("--host", default=None, show_default="127.0.0.1")
@click.option("--no-token", "no_token", is_flag=True, default=False)
@click.option("--shared", is_flag=True, default=False)
@click.option("--access-log", "access_log", type=click.Path(dir_okay=False, path_type=Path),
              default=None)
@LANG_OPTION
@app_call
def serve(org_file: Path, out_dir: Path, port: int | None, host: str | None, no_token: bool,
          shared: bool, access_log: Path | None, lang: str) -> None:
    from web.server import make_workbench_server, new_token
    from web.text import web_text
    if shared:
        _serve_shared(org_file, out_dir, port, host, access_log, lang)
        return
    host = host or "127.0.0.1"
    port = 8000 if port is None else port
    # a token also on loopback: another account or process on this machine cannot reach the
    # organisation's files; --no-token only for loopback on a single-user machine
    token = None if no_token and _loopback(host) else new_token()
    server = make_workbench_server(org_file, out_dir, host, port, token)
    url = _address(host, server.server_port, lang) + (f"&token={token}" if token else "")
    _run(server, web_text(lang)["serve"].format(url=url))


def _serve_shared(org_file: Path, out_dir: Path, port: int | None, host: str | None,
                  access_log: Path | None, lang: str) -> None:
    """The working group's server: login for every page, an access log, no token; the host and
    port from the options, else the settings' `workbench:`, else 127.0.0.1:8000 (a reverse
    proxy on the same machine)."""
    from app import accounts
    from web.server import make_shared_server
    from .text import cli_text
    server, host, settings, log = make_shared_server(org_file, out_dir, host, port, access_log)
    t = cli_text(lang)["shared"]
    if not accounts.users(org_file) and not settings.trusted_header:
        click.echo(t["no_users"], err=True)
    _run(server, t["serving"].format(url=_address(host, server.server_port, lang), log=log))


def _address(host: str, port: int, lang: str) -> str:
    """The workbench's address as the user opens it (an IPv6 host in brackets)."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?lang={lang}"


def _run(server, address_line: str) -> None:
    """Print where the server listens, then serve until Ctrl+C and close it."""
    click.echo(address_line)
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
