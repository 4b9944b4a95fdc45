"""Drill-down: source group -> factors (source, tier, uncertainty) -> the invoice and activity
lines behind them, paged, searchable and downloadable; the trace command's rows."""
from __future__ import annotations

import math

import pandas as pd
from flask import Blueprint, g, render_template, request

import app
from carbon.errors import OptionError
from ..text import SETTINGS
from .base import context, csv_response, workbench, year_arg

bp = Blueprint("trace", __name__)
SPEND_COLUMNS = ["source_file", "source_row", "date", "supplier_name", "account", "product_group",
                 "amount_eur", "factor_id", "status", "kgco2e"]
ACTIVITY_COLUMNS = ["source_file", "source_row", "kind", "site", "item", "quantity", "unit",
                    "factor_id", "status", "kgco2e"]
STATUSES = ("counted", "covered", "excluded", "unclassified", "memo")


def search(frame: pd.DataFrame, query: str) -> pd.DataFrame:
    """The rows any of whose cells contain the query (case-insensitive, plain text, no pattern)."""
    if not query:
        return frame
    text = frame.astype(str).apply(lambda col: col.str.contains(query, case=False, regex=False))
    return frame[text.any(axis=1)]


def _page_of(frame: pd.DataFrame, page: int) -> tuple[pd.DataFrame, int, int]:
    size = SETTINGS["page_rows"]
    pages = max(1, math.ceil(len(frame) / size))
    page = min(max(page, 1), pages)
    return frame.iloc[(page - 1) * size: page * size], page, pages


@bp.get("/trace")
def trace():
    """The trace of a year and source group (?group=, ?status=, ?q=, ?page=, ?kind=,
    ?format=csv for the rows as a file)."""
    wb = workbench()
    year = year_arg()
    group = request.args.get("group") or None
    status = request.args.get("status") or None
    if status is not None and status not in STATUSES:
        raise OptionError("status", f"{status!r} is not one of {', '.join(STATUSES)}",
                          code="web_not_one_of",
                          params={"value": repr(status), "known": ", ".join(STATUSES)})
    query = request.args.get("q", "").strip()[:100]
    kind = request.args.get("kind", "spend")
    page_raw = request.args.get("page", "1")
    page = int(page_raw) if page_raw.isdigit() else 1
    with wb.lock:
        fp = app.footprint(wb.inputs, year, g.lang, draws=0)
        names = dict(zip(fp.by_group["source_group"], fp.by_group["name"]))
        if group is not None and group not in names:
            raise OptionError("group", f"no source group {group!r} in {fp.year} "
                              f"(known: {', '.join(sorted(names))})", code="web_group_unknown",
                              params={"value": repr(group), "year": fp.year,
                                      "known": ", ".join(sorted(names))})
        tr = app.trace(wb.inputs, fp.year, source_group=group, status=status)
        gsd = {fid: wb.inputs.factors[fid].gsd for fid in tr.factors["factor_id"]}
    spend = search(tr.spend[[c for c in SPEND_COLUMNS if c in tr.spend]], query)
    activity = search(tr.activity[[c for c in ACTIVITY_COLUMNS if c in tr.activity]], query)
    if request.args.get("format") == "csv":
        rows = activity if kind == "activity" else spend
        return csv_response(rows, f"trace_{fp.year}_{group or 'all'}_{kind}.csv")
    spend_page, spend_no, spend_pages = _page_of(spend, page if kind == "spend" else 1)
    act_page, act_no, act_pages = _page_of(activity, page if kind == "activity" else 1)
    return render_template("trace.html", **context(
        year=fp.year, group=group, status=status, query=query, names=names, tr=tr, gsd=gsd,
        spend=spend, spend_page=spend_page, spend_no=spend_no, spend_pages=spend_pages,
        activity=activity, act_page=act_page, act_no=act_no, act_pages=act_pages,
        page_rows=SETTINGS["page_rows"], group_name=names.get(group, g.t["trace"]["all_groups"])))
