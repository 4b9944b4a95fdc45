"""The Flask application of the workbench: language, access token, same-origin check, security
headers and error pages; the pages themselves are in `web.views`.

Listening: 127.0.0.1 by default, with the access token the command prints (also on loopback,
so that another account or process on the machine cannot write the organisation's files;
`--no-token` for a single-user machine); the first request with `?token=` sets a cookie and
is redirected to the address without it. Without a token only requests whose Host is this
machine's loopback name are served (so that another site cannot reach the server through a DNS
name of its own). A form posted from another origin is refused. Served by waitress (pure
Python, Linux and Windows, a thread pool, no global lock in the workbench).
"""
from __future__ import annotations

import hmac
import json
import logging
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from urllib.parse import urlencode

from flask import Flask, Response, g, redirect, render_template, request
from werkzeug.exceptions import HTTPException

from carbon.errors import UnitMismatch, VastuuError
from cli.text import cli_text

from .text import LANGUAGES, SETTINGS, user_message, web_text
from .workbench import Workbench

if TYPE_CHECKING:
    from .access import AccessConfig

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
log = logging.getLogger("vastuu.web")


def create_app(workbench: Workbench, access: "AccessConfig | None" = None) -> Flask:
    """The web application over one workbench object (`access`: the shared mode's settings;
    None: the single-user local mode)."""
    web = Flask(__name__, static_folder="static", template_folder="templates")
    web.config["WORKBENCH"] = workbench
    web.config["MAX_CONTENT_LENGTH"] = 1_000_000
    web.jinja_env.autoescape = True
    web.jinja_env.trim_blocks = web.jinja_env.lstrip_blocks = True
    # JSON in a form field, in the order given (Jinja's tojson sorts keys); escaped as text
    web.jinja_env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False)

    from .views import commitment, compare, overview, plan, report, scenarios, trace
    for module in (overview, trace, scenarios, compare, plan, report, commitment):
        web.register_blueprint(module.bp)
    from .views import suppliers
    web.register_blueprint(suppliers.bp)
    from .views import approval, history
    from .views.edit import chapters as edit_chapters, facts as edit_facts, values as edit_values
    for module in (edit_values, edit_facts, edit_chapters, history, approval):
        web.register_blueprint(module.bp)

    web.before_request(_guard)
    from . import auth
    auth.init_app(web)
    if access is not None and access.shared:
        from .access import install
        install(web, access)
    web.after_request(_headers)
    web.register_error_handler(VastuuError, _input_error)
    web.register_error_handler(UnitMismatch, _input_error)
    web.register_error_handler(HTTPException, _http_error)
    web.register_error_handler(Exception, _unexpected)
    web.context_processor(lambda: {"t": g.t, "ct": g.ct, "lang": g.lang, "languages": LANGUAGES,
                                   "settings": SETTINGS, "lang_url": lang_url})
    return web


#: pages shown after a form was posted, and the page a language link opens instead
POSTED = {"scenarios.recalculate": "scenarios.workbench", "scenarios.save": "scenarios.workbench",
          "report.build": "report.report"}
POSTED["suppliers.request_letters"] = "suppliers.suppliers"
POSTED.update({"edit_values.save": "edit_values.values", "edit_facts.save": "edit_facts.facts",
               "edit_chapters.save": "edit_chapters.chapters",
               "edit_chapters.preview": "edit_chapters.chapters",
               "history.restore": "history.history", "approval.approve": "approval.approval",
               "approval.publish": "approval.approval", "approval.reopen": "approval.approval"})


def lang_url(lang: str) -> str:
    """This page in another language: the same address and query (a posted form's page: the
    page it was posted from)."""
    from flask import url_for
    if request.method != "GET" or request.endpoint is None:
        return url_for(POSTED.get(request.endpoint or "", "overview.overview"), lang=lang)
    args = request.args.to_dict(flat=False)
    args.pop("token", None)
    args["lang"] = [lang]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def _lang() -> str:
    lang = request.args.get("lang") or request.cookies.get("lang") or "fi"
    return lang if lang in LANGUAGES else "fi"


def _guard() -> Response | None:
    """Language of the request; the access token; the Host and Origin checks."""
    g.lang = _lang()
    g.t, g.ct = web_text(g.lang), cli_text(g.lang)
    wb: Workbench = _workbench()
    host = request.host.rsplit(":", 1)[0] if not request.host.endswith("]") else request.host
    if wb.token:
        given = request.args.get("token") or request.cookies.get("token") or \
            request.headers.get("X-Vastuu-Token") or ""
        if not hmac.compare_digest(given.encode(), wb.token.encode()):
            return _page("error.html", 403, title=g.t["forbidden"], message=g.t["forbidden"])
        if request.method == "GET" and "token" in request.args:   # the token out of the address bar
            args = request.args.to_dict(flat=False)
            args.pop("token")
            query = urlencode(args, doseq=True)
            response = redirect(request.path + ("?" + query if query else ""), code=303)
            response.set_cookie("token", wb.token, httponly=True, samesite="Strict")
            return response
    elif host not in LOOPBACK and not _shared():
        return _page("error.html", 403, title=g.t["forbidden"], message=g.t["forbidden"])
    if request.method == "POST":
        origin = request.headers.get("Origin")
        if origin and origin.rstrip("/") != request.host_url.rstrip("/"):
            return _page("error.html", 403, title=g.t["forbidden"], message=g.t["forbidden"])
    return None


def _headers(response: Response) -> Response:
    """No framing, no outside resources, no sniffing; remember the language and token."""
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"   # "no-referrer" makes Origin null
    if "lang" in request.args and getattr(g, "lang", None):
        response.set_cookie("lang", g.lang, samesite="Strict")
    wb = _workbench()
    if wb.token and request.args.get("token") == wb.token:
        response.set_cookie("token", wb.token, httponly=True, samesite="Strict")
    return response


def _shared() -> bool:
    from .auth import shared
    return shared()


def _workbench() -> Workbench:
    from flask import current_app
    return current_app.config["WORKBENCH"]


def _page(template: str, status: int, **context: Any) -> Response:
    if not hasattr(g, "t"):
        g.lang = _lang()
        g.t, g.ct = web_text(g.lang), cli_text(g.lang)
    return Response(render_template(template, **context), status=status,
                    mimetype="text/html")


def _input_error(exc: Exception) -> Response:
    """Bad input: the engine's message (file, row, key) under a heading in the user's language."""
    return _page("error.html", 400, title=g.t["error_title"], message=user_message(exc, g.lang),
                 hint=g.t["error_hint"])


def _http_error(exc: HTTPException) -> Response:
    """404, 405, 413 and 400 in the page's language (others with their code and name)."""
    if not hasattr(g, "t"):
        g.lang = _lang()
        g.t, g.ct = web_text(g.lang), cli_text(g.lang)
    ux = g.t["ux"]
    message = {404: g.t["not_found"], 405: ux["method_not_allowed"], 413: ux["too_large"],
               400: ux["bad_request"]}.get(exc.code or 0, f"{exc.code} {exc.name}")
    return _page("error.html", exc.code or 400, title=message, message=message)


def _unexpected(exc: Exception) -> Response:
    log.exception("unexpected error")
    return _page("error.html", 500, title=g.t["server_error"], message=g.t["server_error"])


def new_token() -> str:
    """A fresh access token (printed by the command, as Jupyter does)."""
    return secrets.token_urlsafe(24)


class WaitressServer:
    """A waitress server with the calls the command uses (server_port, serve_forever,
    server_close)."""

    def __init__(self, server: Any, pooled: Any = None) -> None:
        self.server, self.pooled = server, pooled
        self.server_port = server.effective_port

    def serve_forever(self) -> None:
        """Serve until interrupted."""
        self.server.run()

    def server_close(self) -> None:
        """Stop listening (and the worker processes)."""
        self.server.close()
        if self.pooled is not None:
            self.pooled.close()


#: waitress: a thread per concurrent request (the Python-heavy pages wait there for a worker
#: process, web.pool), a timeout for idle or half-sent connections, the same body limit as
#: Flask's, no Server header
SERVER_OPTIONS = {"threads": 8, "channel_timeout": 30, "max_request_body_size": 1_000_000,
                  "ident": "vastuu", "connection_limit": 200}


def make_workbench_server(org_file: str | Path, out_dir: str | Path, host: str, port: int,
                          token: str | None, access: "AccessConfig | None" = None,
                          secret_key: bytes | None = None):
    """The workbench's WSGI server (waitress), bound but not yet serving (`serve_forever`),
    the overview and the scenario runs answered by one worker process per core (web.pool),
    each with the server's session key and access settings.
    The organisation is read first: bad input stops here with the command line's message,
    before anything listens; a port in use stops with the operating system's message."""
    from waitress import create_server
    from .pool import PooledApp, worker_count
    workbench = Workbench(org_file, out_dir, token=token, secret_key=secret_key)
    workbench.context          # noqa: B018 - read and validate the data, build the scenario context
    server = create_server(create_app(workbench, access), host=host, port=port, **SERVER_OPTIONS)
    pooled = PooledApp(server.application, workbench, worker_count(), access)
    server.application = pooled
    return WaitressServer(server, pooled)


def make_shared_server(org_file: str | Path, out_dir: str | Path, host: str | None,
                       port: int | None, access_log: str | Path | None) -> tuple:
    """The working group's server (`serve --shared`): login for every page and an access log;
    host and port from the arguments, else the settings' `workbench:`, else 127.0.0.1:8000 (a
    reverse proxy on the same machine). Returns the server, the host, the settings and the log."""
    from app import accounts
    from .access import AccessConfig
    settings = accounts.server_settings(org_file)
    host = host or settings.host or "127.0.0.1"
    port = port if port is not None else (settings.port if settings.port is not None else 8000)
    log = Path(access_log or settings.access_log or Path(out_dir) / "access.log").resolve()
    config = AccessConfig(shared=True, org_file=Path(org_file).resolve(),
                          trusted_header=settings.trusted_header,
                          trusted_proxies=settings.trusted_proxies,
                          unknown_header_user=settings.unknown_header_user,
                          secure_cookies=settings.secure_cookies,
                          session_hours=settings.session_hours, access_log=log)
    server = make_workbench_server(org_file, out_dir, host, port, None, access=config,
                                   secret_key=accounts.session_key(org_file))
    return server, host, settings, log
