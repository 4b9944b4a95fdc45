"""The shared mode's way in: its settings (trusted proxies, the trusted SSO header, cookie
security, session lifetime, access log), the user of a request (session or trusted header),
the rate-limited password login, the proxy headers trusted only from the proxy, and the
access log (one line per request)."""
from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from flask import Flask, Response, g, request, session
from flask.sessions import SecureCookieSessionInterface

from app import accounts

from .auth import User

#: the address the request came from as the server saw it (before any proxy header)
PEER = "vastuu.peer"


@dataclass
class RateLimit:
    """At most `failures` failed logins per account and address in `window` seconds."""

    failures: int = 5
    window: float = 15 * 60
    _seen: dict = field(default_factory=lambda: defaultdict(deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: tuple, now: float) -> deque:
        times = self._seen[key]
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def blocked_for(self, key: tuple, now: float | None = None) -> float:
        """Seconds until `key` may try again (0: it may now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._recent(key, now)
            return times[0] + self.window - now if len(times) >= self.failures else 0.0

    def failed(self, key: tuple, now: float | None = None) -> None:
        """Count a failed login."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._recent(key, now).append(now)

    def clear(self, key: tuple) -> None:
        """A successful login forgets the failures."""
        with self._lock:
            self._seen.pop(key, None)


@dataclass
class AccessConfig:
    """How the workbench lets people in (local mode: shared False, the rest unused)."""

    shared: bool = False
    org_file: Path | None = None
    trusted_header: str | None = None
    trusted_proxies: tuple[str, ...] = ()
    unknown_header_user: str = "refuse"      # "refuse" or "viewer"
    secure_cookies: bool | None = None       # None: Secure when the request came over https
    session_hours: float = 8.0
    access_log: Path | None = None
    rate_limit: RateLimit = field(default_factory=RateLimit)
    _log_lock: threading.Lock = field(default_factory=threading.Lock)

    def portable(self) -> dict[str, Any]:
        """The settings a worker process is made with (web.pool): without this process's locks
        and login counts (logins are answered by the server's own process)."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if not f.name.startswith("_") and f.name != "rate_limit"}


@dataclass(frozen=True)
class LoginOutcome:
    """A login attempt: the user, or why not (limited: too many failures, retry in minutes)."""

    user: User | None
    limited: bool = False
    retry_minutes: int = 0


def peer_address() -> str:
    """The address of the connection (the proxy's when behind one)."""
    return request.environ.get(PEER) or request.remote_addr or ""


def client_address() -> str:
    """The person's address: X-Forwarded-For when the peer is a trusted proxy, else the peer."""
    return request.remote_addr or ""


def _user(account: Any, via: str) -> User:
    return User(account.name, account.display_name, account.role, via)


def user_of_request(config: AccessConfig) -> User | None:
    """The user of this request: the trusted header from a trusted proxy, else the session."""
    if config.trusted_header and peer_address() in config.trusted_proxies:
        name = (request.headers.get(config.trusted_header) or "").strip()
        if name:
            account = accounts.user(config.org_file, name)
            if account is not None:
                return _user(account, "header")
            if config.unknown_header_user == "viewer":
                return User(name, name, "viewer", "header")
            g.header_refused = True
            return None
    name = session.get("user")
    if not name:
        return None
    if time.time() - session.get("since", 0) > config.session_hours * 3600:
        session.clear()
        return None
    account = accounts.user(config.org_file, name)
    return _user(account, "password") if account is not None else None


def log_in(config: AccessConfig, name: str, password: str, address: str) -> LoginOutcome:
    """Check a password login, at most `rate_limit.failures` failures per account and address
    in the window (then refused, even with the right password, until the window has passed)."""
    key = (name.casefold(), address)
    wait = config.rate_limit.blocked_for(key)
    if wait > 0:
        return LoginOutcome(None, True, max(1, int(wait // 60) + (wait % 60 > 0)))
    account = accounts.check_password(config.org_file, name, password)
    if account is None:
        config.rate_limit.failed(key)
        return LoginOutcome(None)
    config.rate_limit.clear(key)
    return LoginOutcome(_user(account, "password"))


class TrustedProxy:
    """WSGI middleware: keeps the connection's address, and applies werkzeug's ProxyFix
    (X-Forwarded-For, -Proto, -Host) only to requests whose peer is a trusted proxy."""

    def __init__(self, app: Callable, proxies: tuple[str, ...]) -> None:
        from werkzeug.middleware.proxy_fix import ProxyFix
        self.app, self.proxies = app, set(proxies)
        self.fixed = ProxyFix(app, x_for=1, x_proto=1, x_host=1)

    def __call__(self, environ: dict, start_response: Callable) -> Any:
        environ[PEER] = environ.get("REMOTE_ADDR", "")
        if environ[PEER] in self.proxies:
            return self.fixed(environ, start_response)
        for name in ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST"):
            environ.pop(name, None)
        return self.app(environ, start_response)


def access_line(status: int, ms: float) -> str:
    """One line of the access log: time, address, user, method, path, status, ms."""
    user = g.get("user")
    when = datetime.now(timezone.utc).isoformat(timespec="seconds")
    path = request.full_path.rstrip("?") if request.query_string else request.path
    return "\t".join([when, client_address() or "-", user.name if user else "-",
                      request.method, path.replace("\t", " "), str(status), f"{ms:.0f}"])


class _SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, Secure when the request came over TLS (the proxy's
    X-Forwarded-Proto counts only from a trusted proxy) unless the settings say."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure as configured, else as the request came."""
        config = app.config["ACCESS"]
        return config.secure_cookies if config.secure_cookies is not None else request.is_secure


def install(web: Flask, config: AccessConfig) -> None:
    """Shared mode on the application: proxy headers from the proxy only, session cookies
    (Secure behind TLS, bounded lifetime), the access log."""
    from datetime import timedelta
    web.config["ACCESS"] = config
    web.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=config.session_hours)
    web.wsgi_app = TrustedProxy(web.wsgi_app, config.trusted_proxies)   # type: ignore[method-assign]

    web.session_interface = _SessionInterface()

    @web.before_request
    def _start() -> None:
        g.started = time.perf_counter()

    @web.after_request
    def _finish(response: Response) -> Response:
        if config.access_log is not None:
            ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
            line = access_line(response.status_code, ms)
            with config._log_lock:
                config.access_log.parent.mkdir(parents=True, exist_ok=True)
                with config.access_log.open("a", encoding="utf-8") as handle:
                    handle.write(line + "\n")
        return response
