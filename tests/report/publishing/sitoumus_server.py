"""A local stand-in for the Sitoumus 2050 JSON API, for tests only (loopback, no network).

It follows the platform's controller code (weasel-software/sitoumus2050,
modules/commitment2050-service/.../api/CommitmentApi.java) where a client can see it:
- routes under /o/commitment2050-service/commitmentapi (the module's contextPath and
  @ApplicationPath): GET / ("It works!"), POST /commitments, POST /reports;
- sign-in: PortalUtil.getUser(request) with Liferay's BasicAuthHeaderAuthVerifier (the
  module's CXF configuration, urls.includes=*): without valid Basic credentials the request
  runs as the default (guest) user, which `isCommitmentAddAllowed` refuses: 401, empty body;
- the organisation check: a new commitment with an organizationName needs the user to be in
  an organisation of that name; an update (the id of an existing article) needs the user in
  the organisation with organizationId, or, without one, to be its creator; a report needs
  the same right on the commitment named by commitmentArticleId (isReportSaveAllowed);
- validation messages: a report without commitmentArticleId fails in getCommitment and the
  API answers 500 with the exception's message ("Report's commitmentArticleId must be given"
  is the method's documented rule).
On top of the API, which does not validate, it runs the web form's required-field rules
(report/publishing/sitoumus/form.py) and answers 400 with them, so that a test can say the
form would take what was sent.
"""
from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from report.publishing.sitoumus.form import commitment_problems, report_problems

ROOT = "/o/commitment2050-service/commitmentapi"


class Platform:
    """The server's state: users (e-mail → password, userId, organisations), articles."""

    def __init__(self) -> None:
        self.users: dict[str, dict[str, Any]] = {}
        self.commitments: dict[str, dict[str, Any]] = {}
        self.reports: dict[str, dict[str, Any]] = {}
        self.received: list[tuple[str, str, dict[str, Any] | None]] = []
        self._next = 500000

    def add_user(self, email: str, password: str, user_id: int,
                 organizations: list[dict[str, Any]]) -> None:
        self.users[email] = {"password": password, "userId": user_id,
                             "organizations": organizations}

    def next_id(self) -> str:
        self._next += 1
        return str(self._next)


def _user(platform: Platform, header: str | None) -> dict[str, Any] | None:
    """The portal user of the request, None for the default (guest) user."""
    if not header or not header.startswith("Basic "):
        return None
    try:
        email, password = base64.b64decode(header[6:]).decode("utf-8").split(":", 1)
    except (ValueError, UnicodeDecodeError):
        return None
    user = platform.users.get(email)
    return user if user and user["password"] == password else None


def _update_allowed(user: dict[str, Any], posted: dict[str, Any], stored: dict[str, Any]) -> bool:
    """isCommitmentUpdateAllowed(posted): the posted organizationId among the user's
    organisations; without one, the stored article's creator must be the user."""
    org_id = posted.get("organizationId")
    if org_id:
        return any(int(org_id) == o["organizationId"] for o in user["organizations"])
    return stored.get("createdByUserId") == user["userId"]


def handler_for(platform: Platform) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _answer(self, status: int, body: Any = None, text: str | None = None) -> None:
            data = (text if text is not None else
                    json.dumps(body, ensure_ascii=False) if body is not None else "").encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain" if text is not None
                             else "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.rstrip("/") == ROOT:
                return self._answer(200, text="It works!")
            return self._answer(404)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length).decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                return self._answer(400, text="not JSON")
            platform.received.append(("POST", self.path, body))
            user = _user(platform, self.headers.get("Authorization"))
            if self.path == ROOT + "/commitments":
                return self._commitment(user, body)
            if self.path == ROOT + "/reports":
                return self._report(user, body)
            return self._answer(404)

        def _commitment(self, user: dict[str, Any] | None, c: dict[str, Any]) -> None:
            if user is None:
                return self._answer(401)
            stored = platform.commitments.get(c.get("id") or "")
            if stored is not None:
                if not _update_allowed(user, c, stored):
                    return self._answer(401)
            elif c.get("organizationName") and not any(
                    c["organizationName"] == o["name"] for o in user["organizations"]):
                return self._answer(401)
            problems = commitment_problems(c)
            if problems:
                return self._answer(400, {"formErrors": problems})
            saved = dict(c)
            if stored is None:
                saved["id"] = platform.next_id()
                saved["createdByUserId"] = user["userId"]
            else:
                saved["createdByUserId"] = stored["createdByUserId"]
                saved["organizationId"] = stored.get("organizationId") or c.get("organizationId")
            platform.commitments[saved["id"]] = saved
            return self._answer(200, saved)

        def _report(self, user: dict[str, Any] | None, r: dict[str, Any]) -> None:
            stored = platform.commitments.get(r.get("commitmentArticleId") or "")
            if stored is None:
                return self._answer(500, text="No JournalArticle exists with the key "
                                    f"{{articleId={r.get('commitmentArticleId')}}}")
            if user is None or not _update_allowed(user, stored, stored):
                return self._answer(401)
            operations = {op["operationId"] for op in stored.get("operations") or []}
            if r.get("commitmentOperationRefId") not in operations:
                return self._answer(400, {"formErrors": [{"path": "commitmentOperationRefId",
                                                          "key": "commitmentOperationRefId"}]})
            problems = report_problems(r)
            if problems:
                return self._answer(400, {"formErrors": problems})
            saved = dict(r, id=platform.next_id(), createdByUserId=user["userId"])
            platform.reports[saved["id"]] = saved
            return self._answer(200, saved)

    return Handler


class Server:
    """The test server on 127.0.0.1 and a free port, in a thread; `url` is its base."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(platform))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
