"""The value entry page: every indicator of the commitment and the performance agreement with
its value of the chosen year (unit, source, note) or the reason it is missing; one form per
indicator, saved through app.collab (checked as the command line checks it)."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for

import app.collab as collab
from carbon.errors import InputError, OptionError
from carbon.numbers import format_number
from .._access import author, require_role
from ..base import context, workbench
from .common import conflict_page, field_error, published_message, year_state

bp = Blueprint("edit_values", __name__)


def _year() -> int:
    """The year asked for (?year=), default the latest year of the data."""
    raw = request.values.get("year", "").strip()
    if not raw:
        return max(workbench().inputs.years)
    if not (raw.isdigit() and 1990 <= int(raw) <= 2100):
        raise OptionError("year", f"{raw!r} is not a year", code="web_not_year",
                          params={"value": repr(raw)})
    return int(raw)


def shown(entry: collab.IndicatorEntry) -> str:
    """A value as the page's language writes it (decimal comma in fi/sv), every digit kept."""
    if entry.value is None:
        return ""
    text = repr(float(entry.value))
    decimals = 0 if text.endswith(".0") else len(text.split(".")[1]) if "." in text else 0
    return format_number(entry.value, min(decimals, 10), g.lang).replace("\u00a0", "").replace(" ", "")


def _page(year: int, *, errors: dict | None = None, which: str = "", posted: dict | None = None,
          saved: str = "", status: int = 200):
    """The page of `year` with one indicator's errors and what was posted for it."""
    wb = workbench()
    rows = collab.indicator_rows(wb.org_file, year, g.lang)
    years = sorted(set(wb.inputs.years) | {year})
    return render_template("edit_values.html", **context(
        rows=rows, year=year, years=years, state=year_state(year), shown=shown,
        errors=errors or {}, which=which, posted=posted or {}, saved=saved)), status


@bp.get("/edit/values")
def values():
    """The indicators of a year (?year=) with their forms; ?saved=ID says which was saved."""
    return _page(_year(), saved=request.args.get("saved", ""))


@bp.post("/edit/values/<indicator_id>")
@require_role("contributor")
def save(indicator_id: str):
    """Save one indicator's value of the year; errors at the field, a conflict its page."""
    wb = workbench()
    year = _year()
    form = request.form
    try:
        collab.save_indicator(
            wb.org_file, year, indicator_id, value=form.get("value", ""),
            unit=form.get("unit") or None, source=form.get("source", ""),
            note=form.get("note", ""), missing_reason=form.get("missing_reason", ""),
            author=author(), message=form.get("message") or None,
            base_version=form.get("base_version", ""), lang=g.lang)
    except collab.EditConflict as exc:
        return conflict_page(exc, kind="indicator", action=url_for("edit_values.save", indicator_id=indicator_id, year=year),
                             back=url_for("edit_values.values", year=year) + f"#ind-{indicator_id}",
                             hidden={"unit": form.get("unit", ""), "source": form.get("source", ""),
                                     "note": form.get("note", ""), "missing_reason": form.get("missing_reason", ""),
                                     "value": form.get("value", "")})
    except collab.YearPublished as exc:
        return _page(year, errors={"value": published_message(exc)}, which=indicator_id,
                     posted=form.to_dict(), status=409)
    except InputError as exc:
        return _page(year, errors=field_error(exc), which=indicator_id, posted=form.to_dict(),
                     status=400)
    wb.reload()
    return redirect(url_for("edit_values.values", year=year, saved=indicator_id) + f"#ind-{indicator_id}",
                    code=303)
