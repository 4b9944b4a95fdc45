"""Who is editing and what they may do, from web.auth (accounts, roles, CSRF) when it is there;
without it (the single-user local mode before accounts exist) the local user, an
administrator named from the OS login, and no extra CSRF field (the server's Origin check)."""
from __future__ import annotations

import getpass
from typing import Any, Callable

from flask import current_app

try:                                    # auth25's module: the server-side role checks
    from web.auth import csrf_field, current_user, has_role, require_role  # type: ignore
except ImportError:                     # pragma: no cover - only until web.auth is merged
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class _Local:
        """The one local user of a workbench without accounts."""

        name: str
        display_name: str
        role: str = "administrator"

    def current_user() -> Any:
        """The local user (the workbench serves one person on one machine)."""
        name = getpass.getuser() or "local"
        return _Local(name, name)

    def has_role(role: str) -> bool:
        """The local user may do everything."""
        return True

    def require_role(role: str) -> Callable:
        """No accounts: nothing to check beyond the server's own guard."""
        return lambda view: view

    def csrf_field() -> str:
        """No session to tie a token to: the server's Origin check guards the forms."""
        return ""


def author() -> str:
    """The name a save is recorded under."""
    return current_user().name


def install(web: Any) -> None:
    """csrf_field and has_role in every template (when web.auth has not put them there)."""
    from markupsafe import Markup
    env = web.jinja_env.globals
    env.setdefault("csrf_field", lambda: Markup(csrf_field()))
    env.setdefault("has_role", has_role)
    env.setdefault("current_user", current_user)


__all__ = ["author", "csrf_field", "current_user", "has_role", "install", "require_role",
           "current_app"]
