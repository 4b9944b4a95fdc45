"""The suppliers page: each supplier's emissions, intensity, source groups, shares, the quality
of its figure, its change and its request's status; a CSV download; a button that writes the
request letters and templates to the largest suppliers (POST)."""
from __future__ import annotations

from flask import Blueprint, g, render_template, request

import app
from carbon.errors import OptionError
from .base import context, csv_response, workbench, year_arg
from ..auth import require_role

bp = Blueprint("suppliers", __name__)
#: rows the page shows (the CSV has every supplier)
PAGE_ROWS = 50


def _top() -> int:
    """The number of suppliers the request goes to (?top=, 1–50; default 10)."""
    raw = request.values.get("top", "10").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= PAGE_ROWS:
        raise OptionError("top", f"{raw!r} is not a number 1–{PAGE_ROWS}", code="web_not_number",
                          params={"value": repr(raw)})
    return int(raw)


def _page(written: list[str] | None = None, pack=None):
    """The page of the year asked for, with what a request wrote."""
    wb = workbench()
    year = year_arg()
    with wb.lock:
        r = app.supplier_emissions(wb.inputs, year, g.lang)
    if request.method == "GET" and request.args.get("format") == "csv":
        return csv_response(r.table, f"suppliers_{r.year}.csv")
    return render_template("suppliers.html", **context(
        r=r, year=r.year, rows=r.table.head(PAGE_ROWS), more=max(0, len(r.table) - PAGE_ROWS),
        written=written or [], pack=pack, top=request.values.get("top", "10")))


@bp.get("/suppliers")
def suppliers():
    """The suppliers of a year (?year=, ?format=csv for every supplier as a file)."""
    return _page()


@bp.post("/suppliers/request")
@require_role("contributor")
def request_letters():
    """Write the letters and templates to the `top` largest suppliers of the year into out/."""
    wb = workbench()
    top = _top()
    with wb.lock:
        pack = app.request_pack(wb.inputs, year_arg(), top)
        written = app.write_requests(pack, wb.out_dir)
    names = [str(p.relative_to(wb.out_dir)) if p.is_relative_to(wb.out_dir) else str(p)
             for p in written]
    return _page(names, pack)
