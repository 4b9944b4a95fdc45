"""The year's status and its approval: the changes since the last approval, the publishing
checklist (what the report would show as missing), Approve, Publish (builds the report and
freezes the year) and Reopen with a reason."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for

import app.collab as collab
from carbon.errors import InputError, VastuuError
from ..text import user_message
from ._access import author, require_role
from .base import context, workbench
from .edit.values import _year
from .history import diff_lines
from .report import missing

bp = Blueprint("approval", __name__)


def _page(year: int, *, error: str = "", done: str = "", status: int = 200):
    """The approval page of `year`."""
    wb = workbench()
    try:
        check = missing(year if year in wb.inputs.years else None)
    except VastuuError as exc:
        check, error = None, error or user_message(exc, g.lang)
    return render_template("approval.html", **context(
        year=year, years=sorted(set(wb.inputs.years) | {year}),
        state=collab.status(wb.org_file, year),
        changes=collab.diff_since_approval(wb.org_file, year), diff_lines=diff_lines,
        miss=check, error=error, done=done or request.args.get("done", ""))), status


@bp.get("/approval")
def approval():
    """The year's status, its changes since the last approval and the checklist."""
    return _page(_year())


def _step(action, done: str):
    """Run one workflow step for the year; a refusal is shown on the page."""
    wb = workbench()
    year = _year()
    try:
        action(wb, year)
    except (InputError, VastuuError) as exc:
        return _page(year, error=user_message(exc, g.lang), status=409)
    wb.reload()
    return redirect(url_for("approval.approval", year=year, done=done), code=303)


@bp.post("/approval/approve")
@require_role("approver")
def approve():
    """Approve the year's content."""
    return _step(lambda wb, y: collab.approve(wb.org_file, y, author=author()), "approved")


@bp.post("/approval/publish")
@require_role("approver")
def publish():
    """Build the report and freeze the year."""
    return _step(lambda wb, y: collab.publish(wb.org_file, y, author=author(),
                                              out_dir=wb.out_dir, lang=g.lang), "published")


@bp.post("/approval/reopen")
@require_role("approver")
def reopen():
    """Reopen a published year with a reason (recorded)."""
    reason = request.form.get("reason", "").strip()[:500]
    if not reason:
        return _page(_year(), error=g.t["collab"]["reason_needed"], status=400)
    return _step(lambda wb, y: collab.reopen(wb.org_file, y, author=author(), reason=reason),
                 "reopened")
