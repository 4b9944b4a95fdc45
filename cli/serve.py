"""Command `serve`: the browser workbench on this machine (web/), its address printed."""
from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

import click

from .common import LANG_OPTION, ORG_OPTION, OUT_OPTION


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
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--no-token", "no_token", is_flag=True, default=False)
@LANG_OPTION
def serve(org_file: Path, out_dir: Path, port: int, host: str, no_token: bool, lang: str) -> None:
    from web.server import make_workbench_server, new_token
    from web.text import web_text
    # a token also on loopback: another account or process on this machine cannot reach the
    # organisation's files; --no-token only for loopback on a single-user machine
    token = None if no_token and _loopback(host) else new_token()
    server = make_workbench_server(org_file, out_dir, host, port, token)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.server_port}/?lang={lang}" + (f"&token={token}" if token else "")
    click.echo(web_text(lang)["serve"].format(url=url))
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
