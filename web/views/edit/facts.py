"""The measured facts (content/<org>/facts.yaml): each fact's value (decimal comma accepted),
decimals, unit, year and source, one form per fact, and a form that adds a fact."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for

import app.collab as collab
from carbon.errors import InputError
from .._access import author, require_role
from ..base import context, workbench
from .common import field_error, published_message
from .values import shown

bp = Blueprint("edit_facts", __name__)


def _page(*, errors: dict | None = None, which: str = "", posted: dict | None = None,
          saved: str = "", status: int = 200):
    """The facts with one fact's errors and what was posted for it."""
    rows = collab.facts(workbench().org_file, g.lang)
    version = rows[0].version if rows else ""
    return render_template("edit_facts.html", **context(
        rows=rows, version=version, shown=shown, errors=errors or {}, which=which,
        posted=posted or {}, saved=saved)), status


def _which(fact_id: str) -> str:
    """The form a posted fact belongs to: its own, or the new fact's ("__new__")."""
    known = {f.id for f in collab.facts(workbench().org_file, g.lang)}
    return fact_id if fact_id in known else "__new__"


@bp.get("/edit/facts")
def facts():
    """The facts with their forms (?saved=ID says which was saved)."""
    return _page(saved=request.args.get("saved", ""))


@bp.post("/edit/facts/save")
@require_role("contributor")
def save():
    """Save one fact (its id in the form; a new id adds it)."""
    wb = workbench()
    form = request.form
    fact_id = form.get("fact_id", "").strip()[:100]
    try:
        collab.save_fact(wb.org_file, fact_id, value=form.get("value", ""),
                         decimals=form.get("decimals") or None, unit=form.get("unit") or None,
                         year=form.get("year") or None, source=form.get("source") or None,
                         author=author(), message=form.get("message") or None,
                         base_version=form.get("base_version", ""), lang=g.lang)
    except collab.EditConflict as exc:
        from .common import conflict_page
        return conflict_page(exc, kind="fact", action=url_for("edit_facts.save"),
                             back=url_for("edit_facts.facts") + f"#fact-{fact_id}",
                             hidden={k: form.get(k, "") for k in
                                     ("fact_id", "value", "decimals", "unit", "year", "source")})
    except collab.YearPublished as exc:
        return _page(errors={"value": published_message(exc)}, which=_which(fact_id),
                     posted=form.to_dict(), status=409)
    except InputError as exc:
        errors = field_error(exc)
        if exc.code == "collab_fact_id_invalid":      # the id itself: at the id field
            errors = {"fact_id": next(iter(errors.values()))}
        return _page(errors=errors, which=_which(fact_id), posted=form.to_dict(), status=400)
    wb.reload()
    return redirect(url_for("edit_facts.facts", saved=fact_id) + f"#fact-{fact_id}", code=303)
