"""`sitoumus publish`: the commitment and its reports of an export, as the requests the
platform's JSON API takes, and sending them.

The API (weasel-software/sitoumus2050, CommitmentApi, @ApplicationPath("/commitmentapi") under
/o/commitment2050-service): POST /commitments with the Commitment (an existing id updates it,
if the signed-in portal user belongs to the commitment's organisation, or created it) and POST
/reports with one Report each (its commitmentArticleId names the commitment; the same check).
The user is the portal's, PortalUtil.getUser(request); the module enables Liferay's HTTP Basic
verifier for every URL, so the script signs in with the user's e-mail address and password,
read from environment variables only (platform.yaml `api`), never from a file.

`plan_requests` builds what would be sent, after the form's rules (form.py): the commitment
must pass them; a report that does not (no observation recorded, a meter without its current
level) is held back and listed with the reason. `send` posts them in order.
"""
from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable

from carbon.errors import OptionError

from .form import commitment_problems, report_problems
from .model import platform_doc


@dataclass
class Plan:
    """What `publish` sends: the requests in order, and the reports held back with why."""

    base_url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    held_back: list[dict[str, Any]] = field(default_factory=list)


def api() -> dict[str, Any]:
    """The API's routes and environment variable names (platform.yaml `api`)."""
    return platform_doc()["platform"]["api"]


def commitment_body(rec: dict[str, Any]) -> dict[str, Any]:
    """The Commitment for POST /commitments: the record with its operations and meters; the
    reports go one by one to POST /reports."""
    body = dict(rec)
    body["operations"] = [{k: v for k, v in op.items() if k != "reports"}
                          for op in rec["operations"]]
    return body


def plan_requests(doc: dict[str, Any], base_url: str | None = None) -> Plan:
    """The requests for an export; OptionError if the commitment fails the form's rules."""
    base = (base_url or os.environ.get(api()["url_variable"]) or api()["base_url"]).rstrip("/")
    rec = doc["commitment"]
    problems = commitment_problems(rec)
    if problems:
        raise OptionError("year", "the export fails the platform form's rules: "
                          + "; ".join(f"{p['path']} ({p['key']})" for p in problems),
                          code="sitoumus_form_rules",
                          params={"problems": "; ".join(f"{p['path']} ({p['key']})"
                                                        for p in problems)})
    root = base + api()["path"]
    plan = Plan(base_url=base)
    plan.requests.append({"method": "POST", "url": root + api()["commitments"],
                          "body": commitment_body(rec)})
    for op in rec["operations"]:
        for rep in op["reports"]:
            problems = report_problems(rep)
            if problems:
                plan.held_back.append({"operationId": op["operationId"],
                                       "fields": [p["path"] for p in problems]})
            else:
                plan.requests.append({"method": "POST", "url": root + api()["reports"],
                                      "body": rep})
    return plan


def credentials() -> tuple[str, str]:
    """The portal user's e-mail and password from the environment (OptionError if unset)."""
    user_var, pass_var = api()["user_variable"], api()["password_variable"]
    user, password = os.environ.get(user_var), os.environ.get(pass_var)
    if not user or not password:
        raise OptionError("send", f"set {user_var} and {pass_var} in the environment to send",
                          code="sitoumus_credentials_missing",
                          params={"user": user_var, "password": pass_var})
    return user, password


Opener = Callable[[urllib.request.Request], Any]


def send(plan: Plan, user: str, password: str, opener: Opener | None = None,
         timeout: float = 30.0) -> list[dict[str, Any]]:
    """POST each request in order with HTTP Basic sign-in; the responses' JSON. The reports
    take the commitment's id from the first response when the export had none."""
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    open_ = opener or (lambda req: urllib.request.urlopen(req, timeout=timeout))  # noqa: S310
    answers: list[dict[str, Any]] = []
    article_id = None
    for req in plan.requests:
        body = dict(req["body"])
        if article_id and "commitmentArticleId" in body and not body["commitmentArticleId"]:
            body["commitmentArticleId"] = article_id
        http = urllib.request.Request(req["url"], method=req["method"],
                                      data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                                      headers={"Content-Type": "application/json",
                                               "Accept": "application/json",
                                               "Authorization": f"Basic {token}"})
        try:
            with open_(http) as resp:
                answer = json.loads(resp.read().decode("utf-8") or "{}")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip() or exc.reason
            code = "sitoumus_refused" if exc.code in (401, 403) else "sitoumus_server_error"
            raise OptionError("send", f"{req['url']}: HTTP {exc.code}: {detail}", code=code,
                              params={"url": req["url"], "status": exc.code,
                                      "detail": detail}) from None
        except (urllib.error.URLError, OSError, json.JSONDecodeError) as exc:
            raise OptionError("send", f"{req['url']}: {exc}", code="sitoumus_unreachable",
                              params={"url": req["url"], "detail": str(exc)}) from None
        if article_id is None and req["url"].endswith(api()["commitments"]):
            article_id = answer.get("id")
        answers.append(answer)
    return answers


def request_lines(plan: Plan) -> list[str]:
    """The requests as a dry run prints them: method, URL, and the body as JSON (no
    credentials: the Authorization header is never shown)."""
    out = []
    for req in plan.requests:
        out.append(f"{req['method']} {req['url']}")
        out.append(json.dumps(req["body"], ensure_ascii=False, indent=2))
    return out
