"""Overview of a year: totals by scope on both scope 2 bases, the trend against the base year
and the target paths, why the total changed since the base year (the waterfall of
`build.py change`), emissions by source group, spend coverage, data quality, and the largest
unclassified spend with the mapping rule that would classify it."""
from __future__ import annotations

import pandas as pd
from flask import Blueprint, g, redirect, render_template, request, url_for

import app
from ..charts import Series, bar_chart, line_chart, waterfall_chart
from .base import context, workbench, year_arg
from ..auth import require_role

bp = Blueprint("overview", __name__)
TARGET_COLOURS = ["#c00000", "#7030a0", "#1f4e79", "#548235"]
WATERFALL_COLOURS = {"total": "#1f4e79", "increase": "#b34700", "decrease": "#3c6e1f"}


def suggested_rule(row: pd.Series) -> str:
    """The mapping.csv line that would classify an unclassified group of spend: by supplier
    when the lines name one, else by product group, else by account (factor and source group
    left for the user: `?`)."""
    for match, column in (("supplier", "supplier_id"), ("product_group", "product_group"),
                          ("account", "account")):
        value = row.get(column)
        if isinstance(value, str) and value.strip():
            note = str(row.get("supplier_name") or "").replace(",", " ")
            return f"{match},{value},?,?,{note}"
    return ""


def trend(progress: app.Progress, t: dict) -> tuple:
    """The yearly totals and one path per target: the chart and its table's rows."""
    table = progress.table
    years = table.drop_duplicates("year")
    base = progress.org.base_year
    series = [Series(t["overview"]["actual"], list(zip(years["year"], years["total_tco2e"])), "#404040")]
    restated = {f.year for f in progress.baseline.series if f.restated}
    rows = {int(y): {"year": int(y), "total": float(v), "reduction_pct": float(r),
                     "restated": int(y) in restated}
            for y, v, r in zip(years["year"], years["total_tco2e"], years["reduction_pct"])}
    base_total = float(years.loc[years["year"] == base, "total_tco2e"].iloc[0])
    for i, tgt in enumerate(table.drop_duplicates("target_year").itertuples()):
        label = t["overview"]["target_path"].format(year=int(tgt.target_year),
                                                    pct=f"{tgt.target_pct:g}")
        series.append(Series(label, [(base, base_total), (int(tgt.target_year), float(tgt.target_tco2e))],
                             TARGET_COLOURS[i % len(TARGET_COLOURS)], dashed=True))
    chart = line_chart(t["overview"]["trend_chart"].format(base=base), series)
    return chart, list(rows.values())


def change_waterfall(r: app.Change, t: dict, ct: dict) -> tuple:
    """The change from the base year as a waterfall (the base year's total, each effect and
    the residual, the year's total) and the steps for the table beside it."""
    d = r.decomposition
    steps = [(str(d.from_year), d.from_total, d.from_total, "total")]
    running = d.from_total
    for name, value in d.steps():
        running += value
        steps.append((ct["change"]["effects"][name], value, running,
                      "increase" if value > 0 else "decrease"))
    steps.append((str(d.to_year), d.to_total, d.to_total, "total"))
    title = t["overview"]["change_chart"].format(start=d.from_year, end=d.to_year)
    return waterfall_chart(title, steps, WATERFALL_COLOURS), steps


def parts(inputs, year: int | None, lang: str, t: dict, ct: dict) -> dict:
    """What the overview of a year shows, computed: the footprint with its intervals, the
    trend, the change since the base year, the charts and the suggested mapping rules (they
    depend only on the inputs, the year and the language: the workbench keeps them per load)."""
    fp = app.footprint(inputs, year, lang)  # with its 95 % interval and the trend's
    prog = app.progress(inputs, lang, fp.year)  # the overview year's view
    change = app.change(inputs, prog.org.base_year, fp.year, lang) \
        if fp.year > prog.org.base_year else None
    chart, trend_rows = trend(prog, t)
    change_chart, change_steps = change_waterfall(change, t, ct) if change else (None, [])
    groups = fp.by_group.sort_values("tco2e", ascending=False)
    group_chart = bar_chart(t["overview"]["groups_chart"].format(year=fp.year),
                            list(zip(groups["name"], groups["tco2e"])))
    unclassified = fp.unclassified.assign(rule=[suggested_rule(r) for _, r in fp.unclassified.iterrows()])
    return dict(
        fp=fp, groups=groups, group_chart=group_chart, trend_chart=chart, trend_rows=trend_rows,
        targets=prog.table.drop_duplicates("target_year"), base_year=prog.org.base_year,
        why=prog.why,
        unclassified=unclassified, year=fp.year, change=change, change_chart=change_chart,
        change_steps=change_steps)


@bp.get("/")
def overview():
    """The overview page of a year (?year=, default the latest with data)."""
    wb, t = workbench(), g.t
    year = year_arg()
    shown = wb.memo(("overview", year, g.lang), lambda: parts(wb.inputs, year, g.lang, t, g.ct))
    return render_template("overview.html", **context(**shown))


@bp.post("/reload")
@require_role("contributor")
def reload():
    """Read the organisation's files again (after editing mapping.csv, say); back to the page."""
    workbench().reload()
    workbench().inputs          # noqa: B018 - bad input now shows its message here
    return redirect(url_for("overview.overview", year=request.form.get("year") or None), code=303)
