"""Who is editing: the name a save is recorded under (web.auth's current user; its role was
checked by require_role before any save)."""
from __future__ import annotations

from web.auth import current_user, has_role, require_role

__all__ = ["author", "has_role", "require_role"]


def author() -> str:
    """The name a save is recorded under (the logged-in user, or the local mode's user)."""
    user = current_user()
    return user.name if user is not None else "?"
