"""The working group's accounts: name, name shown, role and an argon2id password hash, in an
SQLite file beside the version store (`<org folder>/.vastuu/accounts.sqlite`). No password is
stored as text; a wrong name costs the same hash as a wrong password."""
from __future__ import annotations

import re
import sqlite3
import threading
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from carbon.errors import InputError

from .roles import ROLES

ACCOUNTS_FILE = "accounts.sqlite"
#: an account name: letters, digits and . _ @ - (an SSO user name such as maija.m@virasto.fi)
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$")
MIN_PASSWORD = 10

_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("not a password of anyone")
_LOCK = threading.Lock()

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    name TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT,
    created REAL NOT NULL,
    changed REAL NOT NULL
)"""


@dataclass(frozen=True)
class Account:
    """One account as stored (without its hash)."""

    name: str
    display_name: str
    role: str
    has_password: bool
    created: float
    changed: float


def accounts_path(org_folder: str | Path) -> Path:
    """The accounts file of the organisation whose settings are in `org_folder`."""
    return Path(org_folder) / ".vastuu" / ACCOUNTS_FILE


class AccountStore:
    """The accounts of one organisation (opened per call: safe across threads and processes)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    # -- storage -----------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=10)
            connection.execute(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise InputError(self.path, f"the accounts file cannot be opened: {exc}",
                             code="accounts_unavailable", params={"detail": str(exc)}) from exc
        return connection

    def _row(self, name: str) -> tuple | None:
        with closing(self._connect()) as db:
            return db.execute("SELECT name, display_name, role, password_hash, created, changed "
                              "FROM accounts WHERE name = ?", (name,)).fetchone()

    @staticmethod
    def _account(row: tuple) -> Account:
        return Account(row[0], row[1], row[2], bool(row[3]), row[4], row[5])

    # -- checks ------------------------------------------------------------------------------
    def check_name(self, name: str) -> None:
        if not NAME.match(name or ""):
            raise InputError(self.path, f"{name!r} is not an account name (letters, digits, "
                             ". _ @ -, at most 80)", key="name", code="account_name_invalid",
                             params={"name": name})

    def _check_role(self, role: str) -> None:
        if role not in ROLES:
            raise InputError(self.path, f"unknown role {role!r}; the roles are "
                             f"{', '.join(ROLES)}", key="role", code="account_role_unknown",
                             params={"role": role, "roles": ", ".join(ROLES)})

    def _check_password(self, password: str | None) -> None:
        if password is not None and len(password) < MIN_PASSWORD:
            raise InputError(self.path, f"the password is shorter than {MIN_PASSWORD} "
                             "characters", key="password", code="account_password_short",
                             params={"min": MIN_PASSWORD})

    def need(self, name: str) -> tuple:
        row = self._row(name)
        if row is None:
            raise InputError(self.path, f"no account {name!r}", key="name",
                             code="account_unknown", params={"name": name})
        return row

    # -- operations --------------------------------------------------------------------------
    def add(self, name: str, role: str, password: str | None, display_name: str = "") -> Account:
        """A new account (without a password: it can only come in by the trusted header)."""
        self.check_name(name)
        self._check_role(role)
        self._check_password(password)
        hashed = _HASHER.hash(password) if password is not None else None
        now = time.time()
        with _LOCK, closing(self._connect()) as db:
            try:
                with db:
                    db.execute("INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?)",
                               (name, display_name or name, role, hashed, now, now))
            except sqlite3.IntegrityError:
                raise InputError(self.path, f"the account {name!r} exists already", key="name",
                                 code="account_exists", params={"name": name}) from None
        return self.get(name)

    def get(self, name: str) -> Account | None:
        """The account `name`, or None."""
        row = self._row(name)
        return self._account(row) if row else None

    def all(self) -> list[Account]:
        """Every account, by name."""
        with closing(self._connect()) as db:
            rows = db.execute("SELECT name, display_name, role, password_hash, created, changed "
                              "FROM accounts ORDER BY name").fetchall()
        return [self._account(row) for row in rows]

    def set_role(self, name: str, role: str) -> Account:
        """Give the account another role."""
        self._check_role(role)
        self.need(name)
        with _LOCK, closing(self._connect()) as db, db:
            db.execute("UPDATE accounts SET role = ?, changed = ? WHERE name = ?",
                       (role, time.time(), name))
        return self.get(name)

    def set_password(self, name: str, password: str) -> Account:
        """A new password for the account."""
        self._check_password(password)
        self.need(name)
        with _LOCK, closing(self._connect()) as db, db:
            db.execute("UPDATE accounts SET password_hash = ?, changed = ? WHERE name = ?",
                       (_HASHER.hash(password), time.time(), name))
        return self.get(name)

    def remove(self, name: str) -> None:
        """Remove the account (its changes in the history keep its name)."""
        self.need(name)
        with _LOCK, closing(self._connect()) as db, db:
            db.execute("DELETE FROM accounts WHERE name = ?", (name,))

    def verify(self, name: str, password: str) -> Account | None:
        """The account when `password` is its password, else None (the same work either way)."""
        row = self._row(name) if NAME.match(name or "") else None
        stored = row[3] if row and row[3] else _DUMMY_HASH
        try:
            _HASHER.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if row is None or not row[3]:
            return None
        if _HASHER.check_needs_rehash(stored):
            with _LOCK, closing(self._connect()) as db, db:
                db.execute("UPDATE accounts SET password_hash = ? WHERE name = ?",
                           (_HASHER.hash(password), name))
        return self._account(row)
