"""The working group's roles and their order (the data: collab/roles.yaml)."""
from __future__ import annotations

from pathlib import Path

import yaml

ROLES_FILE = Path(__file__).with_name("roles.yaml")


def _load() -> tuple[str, ...]:
    with ROLES_FILE.open(encoding="utf-8") as handle:
        return tuple(yaml.safe_load(handle)["roles"])


#: the roles, lowest first
ROLES: tuple[str, ...] = _load()


def rank(role: str) -> int:
    """The role's place in the order (viewer 0); a ValueError for an unknown role."""
    return ROLES.index(role)


def at_least(role: str, needed: str) -> bool:
    """True when `role` is `needed` or above it (an unknown role holds nothing)."""
    return role in ROLES and rank(role) >= rank(needed)
