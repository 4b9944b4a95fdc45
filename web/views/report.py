"""The report page: what is missing before publishing (indicator values, disclosure datapoints,
unclassified spend above a limit), the build in the background with its progress, and the
built PDF and HTML from out/."""
from __future__ import annotations

from flask import Blueprint, g, render_template, send_from_directory

import app
from ..text import SETTINGS
from .base import context, workbench
from ..auth import require_role

bp = Blueprint("report", __name__)


def report_year() -> int | None:
    """The year the report is built for: the organisation's `report.year`, else the latest."""
    year = (workbench().inputs.org.raw.get("report") or {}).get("year")
    return year if isinstance(year, int) and year in workbench().inputs.years else None


def missing(year: int | None = None) -> dict:
    """What the report of the year would show as missing."""
    wb = workbench()
    year = year if year is not None else report_year()
    with wb.lock:
        fp = app.footprint(wb.inputs, year, g.lang, draws=0)
        ind = app.indicators(wb.inputs, fp.year, g.lang)
        dis = app.disclosure(wb.inputs, fp.year, g.lang)
    cov = fp.coverage.set_index("status")
    share = float(cov["share_pct"].get("unclassified", 0.0))
    eur = float(cov["eur"].get("unclassified", 0.0))
    return {"year": fp.year, "indicators": ind.missing,
            "disclosure": [r for r in dis.records if r.get("missing")],
            "unclassified_share": share, "unclassified_eur": eur,
            "unclassified_over": share > SETTINGS["unclassified_limit_pct"]}


@bp.get("/report")
def report():
    """The report page."""
    return render_template("report.html", **context(miss=missing(), build=workbench().build))


@bp.post("/report/build")
@require_role("contributor")
def build():
    """Start a build (the running one is kept) and show its progress."""
    workbench().start_report(g.lang)
    return render_template("report.html", **context(miss=missing(), build=workbench().build))


@bp.get("/report/status")
def status():
    """The build's state as a fragment of the page (polled by the page's script)."""
    return render_template("_build_status.html", **context(build=workbench().build))


@bp.get("/out/<path:name>")
def out_file(name: str):
    """A file the report build wrote into out/ (nothing outside out/ is served)."""
    return send_from_directory(workbench().out_dir, name)
