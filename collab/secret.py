"""The shared server's session key, kept beside the accounts (`<org folder>/.vastuu/session.key`,
readable by its owner only): the working group's logins survive a restart of the server, and
every worker process signs with the same key. Removing the file logs everyone out."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from carbon.errors import InputError

KEY_FILE = "session.key"
KEY_BYTES = 32


def session_key_path(org_folder: str | Path) -> Path:
    """Where the session key of the organisation whose settings are in `org_folder` lives."""
    return Path(org_folder) / ".vastuu" / KEY_FILE


def session_key(org_folder: str | Path) -> bytes:
    """The organisation's session key, made (owner-only, 0600) on first use; a damaged file
    (shorter than the key) is replaced, which only logs everyone out."""
    path = session_key_path(org_folder)
    try:
        key = path.read_bytes()
        if len(key) >= KEY_BYTES:
            return key
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise InputError(path, f"the session key cannot be read: {exc}", code="session_key_unavailable",
                         params={"detail": str(exc)}) from exc
    key = secrets.token_bytes(KEY_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
    except OSError as exc:
        raise InputError(path, f"the session key cannot be written: {exc}", code="session_key_unavailable",
                         params={"detail": str(exc)}) from exc
    return key
