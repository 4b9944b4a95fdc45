"""The login and logout pages of the shared mode (local accounts; a trusted SSO header needs
no page). In the local mode the login page leads to the overview: the OS user is logged in."""
from __future__ import annotations

import secrets
import time

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from .. import auth

bp = Blueprint("auth", __name__)


def _next_url() -> str:
    """Where to go after the login: a path of this site only (never another host)."""
    target = request.args.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else url_for(
        "overview.overview")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The login form; a posted form checked (rate-limited per account and address)."""
    if not auth.shared():
        return redirect(_next_url(), code=303)
    from .. import access
    config = auth._config()
    if request.method == "GET":
        return render_template("login.html", message="", username="", next_url=_next_url())
    username = request.form.get("username", "").strip()
    outcome = access.log_in(config, username, request.form.get("password", ""),
                            access.peer_address())
    if outcome.user is None:
        status = 429 if outcome.limited else 401
        message = (g.t["auth"]["too_many"].format(minutes=outcome.retry_minutes)
                   if outcome.limited else g.t["auth"]["failed"])
        response = render_template("login.html", message=message, username=username,
                                   next_url=_next_url())
        return response, status, ({"Retry-After": str(outcome.retry_minutes * 60)}
                                  if outcome.limited else {})
    session.clear()                          # a new session for the new user (no fixation)
    session.permanent = True
    session["user"] = outcome.user.name
    session["since"] = time.time()
    session["csrf"] = secrets.token_hex(32)
    return redirect(_next_url(), code=303)


@bp.post("/logout")
def logout():
    """End the session (the CSRF token of the form was checked before)."""
    session.clear()
    return redirect(url_for("auth.login") if auth.shared() else url_for("overview.overview"),
                    code=303)
