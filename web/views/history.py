"""History: the recorded changes (all, or one indicator's, chapter's or file's) with their diffs
as +/- lines, and a Restore button that brings a version back as a new change."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for

import app.collab as collab
from carbon.errors import OptionError
from ._access import author, require_role
from .base import context, workbench
from .edit.common import published_message

bp = Blueprint("history", __name__)
#: changes the page shows at most (newest first)
PAGE_ROWS = 200


def diff_lines(diff: str) -> list[tuple[str, str]]:
    """A unified diff as (kind, line): "add", "del", "hunk" or "same", for the page to colour
    and to mark with + and − (not by colour alone)."""
    out = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            continue
        kind = "hunk" if line.startswith("@@") else "add" if line.startswith("+") else \
            "del" if line.startswith("-") else "same"
        out.append((kind, line))
    return out


def _page(*, error: str = "", restored: str = "", status: int = 200):
    """The history of ?subject= (an exact subject or a prefix ending in ':' or '/')."""
    subject = request.values.get("subject", "").strip() or None
    if subject and len(subject) > 200:
        raise OptionError("subject", "too long", code="web_field_too_long",
                          params={"field": "subject", "n": len(subject), "max": 200})
    changes = collab.history(workbench().org_file, subject=subject)
    return render_template("history.html", **context(
        changes=changes[:PAGE_ROWS], more=max(0, len(changes) - PAGE_ROWS), subject=subject or "",
        versions=collab.file_versions(workbench().org_file),
        diff_lines=diff_lines, error=error, restored=restored)), status


@bp.get("/history")
def history():
    """The changes, newest first (?subject=indicator:ID or chapter:NAME/ for one)."""
    return _page(restored=request.args.get("restored", ""))


@bp.post("/history/<int:change_id>/restore")
@require_role("contributor")
def restore(change_id: int):
    """Bring the file back to its text after change `change_id` (recorded as a new change)."""
    wb = workbench()
    try:
        result = collab.restore(wb.org_file, change_id, author=author(),
                                message=request.form.get("message") or None,
                                base_version=request.form.get("base_version") or None)
    except collab.YearPublished as exc:
        return _page(error=published_message(exc), status=409)
    except collab.EditConflict as exc:      # the file changed since the page was opened
        ids = ", ".join(str(c.id) for c in exc.changes) or "?"
        return _page(error=g.t["collab"]["restore_conflict"].format(file=exc.file, ids=ids),
                     status=409)
    wb.reload()
    done = result.change.id if result.change else change_id
    return redirect(url_for("history.history", subject=request.form.get("subject") or None,
                            restored=done), code=303)
