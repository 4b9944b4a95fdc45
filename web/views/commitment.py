"""The commitment page: the indicator table of a year and the Sitoumus 2050 export files."""
from __future__ import annotations

from flask import Blueprint, Response, g, render_template, request

import app
from carbon.errors import OptionError, VastuuError
from ..text import user_message
from .base import attachment, context, workbench

bp = Blueprint("commitment", __name__)
EXPORT_KINDS = ("json", "csv", "txt")
MIMETYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8",
             "txt": "text/plain; charset=utf-8"}


@bp.get("/commitment")
def commitment():
    """The indicators of a year (?year=, default the latest with a value) and the export."""
    wb = workbench()
    raw = request.args.get("year", "").strip()
    if raw and not (raw.isdigit() and 1990 <= int(raw) <= 2100):
        raise OptionError("year", f"{raw!r} is not a year", code="web_not_year",
                          params={"value": repr(raw)})
    with wb.lock:
        ind = app.indicators(wb.inputs, int(raw) if raw else None, g.lang)
        export_year, summary, error = export_for(ind.year, bool(raw))
    return render_template("commitment.html", **context(
        ind=ind, year=ind.year, years=sorted(set(wb.inputs.years) | {ind.year}),
        export_year=export_year, summary=summary, export_error=error, kinds=EXPORT_KINDS))


def export_for(year: int, exact: bool) -> tuple[int, dict | None, str]:
    """The export of the year, or (not asked for a year) of the first year from it on that the
    commitment covers; with the engine's message when there is none."""
    error = ""
    for candidate in [year] if exact else range(year, year + 6):
        try:
            doc = app.sitoumus_export(workbench().inputs, candidate, g.lang)
        except VastuuError as exc:
            error = error or user_message(exc, g.lang)
            continue
        return candidate, app.sitoumus_summary(doc), ""
    return year, None, error


@bp.get("/commitment/sitoumus2050_<int:year>.<kind>")
def export_file(year: int, kind: str):
    """One of the export files, validated and sent from memory (a GET writes nothing)."""
    if kind not in EXPORT_KINDS:
        raise OptionError("format", f"{kind!r} is not one of {', '.join(EXPORT_KINDS)}",
                          code="web_not_one_of",
                          params={"value": repr(kind), "known": ", ".join(EXPORT_KINDS)})
    if not 1990 <= year <= 2100:
        raise OptionError("year", f"{year} is not a reporting year", code="web_not_report_year",
                          params={"value": year})
    wb = workbench()
    with wb.lock:
        doc = app.sitoumus_export(wb.inputs, year, g.lang)
    name, text = app.sitoumus_file(doc, kind)
    return Response(text.encode("utf-8"), mimetype=MIMETYPES[kind],
                    headers={"Content-Disposition": attachment(name)})
