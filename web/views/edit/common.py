"""What the edit pages share: the form's errors tied to their fields, the year's status, a
save's outcome (saved, merged, refused as published, or the conflict page)."""
from __future__ import annotations

from typing import Any

from flask import g, render_template

from carbon.errors import InputError
from ...text import user_message
from ..base import context, workbench

#: the last part of an InputError's key that names a form field; anything else is the value
FIELDS = ("source", "note", "missing_reason", "unit", "decimals", "year", "message")


def field_of(exc: InputError) -> str:
    """The form field an input error belongs to (the key's last part), else "value"."""
    last = str(getattr(exc, "key", "") or "").rsplit(".", 1)[-1]
    return last if last in FIELDS else "value"


def field_error(exc: Exception) -> dict[str, str]:
    """{field: message in the page's language} for the form to show at the field."""
    field = field_of(exc) if isinstance(exc, InputError) else "value"
    return {field: user_message(exc, g.lang)}


def year_state(year: int | None) -> Any:
    """The workflow status of `year` (None: no year)."""
    import app.collab as collab
    return collab.status(workbench().org_file, year) if year else None


def conflict_page(exc: Any, *, kind: str, action: str, back: str, hidden: dict[str, Any]) -> Any:
    """The conflict page (409): what changed meanwhile and the merge proposal to edit and save."""
    from ..history import diff_lines
    return render_template("edit_conflict.html", **context(
        c=exc, kind=kind, action=action, back=back, hidden=hidden, diff_lines=diff_lines)), 409


def published_message(exc: Any) -> str:
    """A published year's refusal in the page's language."""
    return g.t["collab"]["published"].format(year=exc.year, by=exc.published_by or "–",
                                               at=(exc.published_at or "–")[:16].replace("T", " "))


def chapter_year() -> int | None:
    """The year the chapters are written for (the settings' report.year), if any."""
    year = (workbench().inputs.org.raw.get("report") or {}).get("year")
    return year if isinstance(year, int) and not isinstance(year, bool) else None
