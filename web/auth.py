"""Who is asking and what they may do: the current user, role checks on the server, the CSRF
token of every form, login and logout.

Two modes. Local (`build.py serve`, not `--shared`): one person on this machine, guarded by the
access token as before; the user is a local administrator named from the OS login. Shared
(`--shared`): every page needs a login (local account or the organisation's trusted SSO header
from a trusted proxy address), sessions in signed HttpOnly SameSite=Lax cookies.
Every POST, in both modes, carries the session's CSRF token (a form field `csrf_token` or the
header `X-CSRF-Token`), checked in a before_request hook beside the Origin check.
"""
from __future__ import annotations

import getpass
import hmac
import secrets
from dataclasses import dataclass
from functools import wraps
from typing import Any, Callable

from flask import Flask, Response, current_app, g, redirect, request, session, url_for
from markupsafe import Markup, escape

from app import accounts

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
#: endpoints a person who is not logged in may reach in the shared mode
OPEN_ENDPOINTS = {"auth.login", "static"}


@dataclass(frozen=True)
class User:
    """A person using the workbench: account name, name shown and role."""

    name: str
    display_name: str
    role: str
    via: str = "local"        # local (this machine), password, header (trusted SSO)


def local_user() -> User:
    """The single user of the local mode: an administrator named from the OS login."""
    try:
        name = getpass.getuser()
    except Exception:                       # noqa: BLE001 - no login name in this environment
        name = "local"
    return User(name=name, display_name=name, role="administrator", via="local")


def _config():
    """The server's authentication settings (web.access.AccessConfig), local mode if none."""
    return current_app.config.get("ACCESS")


def shared() -> bool:
    """True when the workbench serves a working group (`--shared`)."""
    config = _config()
    return bool(config and config.shared)


def current_user() -> User | None:
    """The user of this request (None when nobody is logged in, in the shared mode)."""
    if "user" in g:
        return g.user
    if not shared():
        g.user = local_user()
        return g.user
    from . import access
    g.user = access.user_of_request(_config())
    return g.user


def has_role(role: str) -> bool:
    """True when the current user holds `role` or a higher one (also in templates)."""
    user = current_user()
    return user is not None and accounts.at_least(user.role, role)


def require_role(role: str) -> Callable:
    """A view decorator: refused on the server unless the user holds `role` (a 403 page in the
    page's language; the login page when nobody is logged in)."""
    if role not in accounts.ROLES:
        raise ValueError(f"unknown role {role!r}")

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            refused = refusal(role)
            return refused if refused is not None else view(*args, **kwargs)
        checked.required_role = role          # type: ignore[attr-defined]
        return checked
    return decorate


def refusal(role: str) -> Response | None:
    """The response refusing this request for want of `role`, or None when it may go on."""
    user = current_user()
    if user is None and g.get("header_refused"):
        from .server import _page
        return _page("error.html", 403, title=g.t["forbidden"], message=g.t["auth"]["header_refused"])
    if user is None:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")), code=303)
    if accounts.at_least(user.role, role):
        return None
    from .server import _page
    return _page("error.html", 403, title=g.t["forbidden"],
                 message=g.t["auth"]["role_needed"].format(role=g.t["auth"]["roles"][role]))


def csrf_token() -> str:
    """This session's CSRF token (made on first use)."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_hex(32)
    return token


def csrf_field() -> Markup:
    """The hidden input every form posts (in templates: `{{ csrf_field() }}`)."""
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(csrf_token())}">')


def csrf_ok() -> bool:
    """True when a POST carries this session's CSRF token."""
    expected = session.get("csrf") or ""
    given = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def check_request() -> Response | None:
    """before_request: a POST without the session's CSRF token is refused (400); in the shared
    mode a page needs a login (viewer at least)."""
    from .server import _page
    if request.method == "POST" and not csrf_ok():
        return _page("error.html", 400, title=g.t["auth"]["csrf_title"],
                     message=g.t["auth"]["csrf"])
    if shared() and request.endpoint not in OPEN_ENDPOINTS:
        return refusal("viewer")
    return None


def init_app(web: Flask) -> None:
    """Register the checks, the login pages and the template helpers on the application."""
    if not web.secret_key:   # the workbench's key, shared with its worker processes (web.pool)
        workbench = web.config.get("WORKBENCH")
        web.secret_key = getattr(workbench, "secret_key", None) or secrets.token_bytes(32)
    web.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_NAME="vastuu_session")
    web.before_request(check_request)
    from .views import login
    web.register_blueprint(login.bp)
    web.context_processor(lambda: {"csrf_field": csrf_field, "has_role": has_role,
                                   "current_user": current_user, "shared_mode": shared()})
