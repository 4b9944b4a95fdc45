"""The application layer of the working group's accounts: the command line and the workbench
call these (results returned, nothing printed). The accounts are in
`<org folder>/.vastuu/accounts.sqlite` (collab/accounts.py)."""
from __future__ import annotations

from pathlib import Path

from collab.accounts import Account, AccountStore, accounts_path
from collab.roles import ROLES, at_least
from collab.secret import session_key as _session_key

__all__ = ["Account", "ROLES", "at_least", "store", "add_user", "users", "user",
           "set_role", "reset_password", "remove_user", "check_password", "session_key",
           "server_settings"]


def store(org_file: str | Path) -> AccountStore:
    """The accounts of the organisation whose settings file is `org_file`."""
    return AccountStore(accounts_path(Path(org_file).resolve().parent))


def add_user(org_file: str | Path, name: str, role: str, password: str | None,
             display_name: str = "") -> Account:
    """Add an account (InputError: bad name, unknown role, short password, name taken)."""
    return store(org_file).add(name, role, password, display_name)


def users(org_file: str | Path) -> list[Account]:
    """Every account, by name."""
    return store(org_file).all()


def user(org_file: str | Path, name: str) -> Account | None:
    """One account, or None."""
    return store(org_file).get(name)


def set_role(org_file: str | Path, name: str, role: str) -> Account:
    """Give an account another role."""
    return store(org_file).set_role(name, role)


def reset_password(org_file: str | Path, name: str, password: str) -> Account:
    """A new password for an account."""
    return store(org_file).set_password(name, password)


def remove_user(org_file: str | Path, name: str) -> None:
    """Remove an account."""
    store(org_file).remove(name)


def check_password(org_file: str | Path, name: str, password: str) -> Account | None:
    """The account when the password is right, else None."""
    return store(org_file).verify(name, password)


def session_key(org_file: str | Path) -> bytes:
    """The shared server's session key (`.vastuu/session.key`, made on first use): logins
    survive a restart and every worker process signs with it."""
    return _session_key(Path(org_file).resolve().parent)


def server_settings(org_file: str | Path):
    """The organisation's `workbench:` settings for the shared server (host, port, proxies,
    SSO header, access log); bad settings raise the command line's InputError."""
    from carbon.readers.settings import load_organisation, workbench_settings
    return workbench_settings(load_organisation(org_file))
