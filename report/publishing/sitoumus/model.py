"""The commitment in the Sitoumus 2050 platform's own data model (one record, fi/sv/en).

The platform (public source: weasel-software/sitoumus2050) keeps a commitment with its texts
once per locale (title_fi_FI, title_sv_SE, title_en_US, …), start and end dates, a reporting
interval and goal categories, and ONE level of "operations" (a goal or a measure), each with
meters and reports (per operation, for a report period: the meters' current levels, a
ProgressType value and a text). Our commitment.yaml has goals with sub-goals and actions;
`commitment_record` flattens it: each goal becomes an operation (its sub-goals listed in its
description, its published indicators with both levels as NUMBER meters, else one REALIZED
meter), then each of its actions becomes an operation with one REALIZED (met / not met) meter.
An action's progress comes only from a report recorded for the year in commitment.yaml; without
one it is "none" (the report form cannot send it) and listed as missing.

A text the content does not have in a language is null and listed in `missing`; nothing is
translated or invented. The platform vocabulary and the status mapping are data
(platform.yaml).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from carbon.errors import InputError
from carbon.readers.inputs import Inputs
from carbon.yamlfile import read_mapping

from report.publishing.indicators.commitment import year_span
from report.publishing.indicators.data import IndicatorSet
from report.publishing.indicators.resolve import Resolved, resolve

PLATFORM_FILE = Path(__file__).with_name("platform.yaml")
LANGS = ("fi", "sv", "en")


@lru_cache(maxsize=1)
def platform_doc() -> dict[str, Any]:
    """platform.yaml as read: platform vocabulary, progress mapping, texts."""
    return read_mapping(PLATFORM_FILE, "Sitoumus 2050 model file")


def locale(lang: str) -> str:
    """'fi' -> 'fi_FI': the suffix of the platform's localized fields."""
    return platform_doc()["platform"]["locales"][lang]


def label(key: str, lang: str, **fmt: Any) -> str:
    """One of our texts (`texts` of platform.yaml; a dotted key for a nested one)."""
    entry: Any = platform_doc()["texts"]
    for part in key.split("."):
        entry = entry[part]
    return str(entry[lang]).format(**fmt) if fmt else str(entry[lang])


def content_text(entry: Any, lang: str) -> str | None:
    """A content text in exactly `lang` (no fallback to another language); None if absent."""
    if isinstance(entry, dict):
        value = entry.get(lang)
        return " ".join(str(value).split()) if value else None
    return None


class Missing:
    """Collects what the record leaves empty: item, id, field, languages and the reason (in
    the export's language)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.entries: list[dict[str, Any]] = []
        #: indicators not exported as meters, with the reason (proposals, missing levels)
        self.not_exported: list[dict[str, Any]] = []

    def text(self, item: str, iid: str, field: str, langs: list[str]) -> None:
        names = ", ".join(label(f"language_names.{lang}", self.lang) for lang in langs)
        self.entries.append({"item": item, "id": iid, "field": field, "languages": langs,
                             "reason": label("missing.text", self.lang, languages=names)})

    def value(self, item: str, iid: str, field: str, **fmt: Any) -> None:
        self.entries.append({"item": item, "id": iid, "field": field, "languages": None,
                             "reason": label(f"missing.{field}", self.lang, **fmt)})


def localized(record: dict[str, Any], field: str, values: dict[str, str | None],
              missing: Missing, item: str, iid: str) -> None:
    """record[field_fi_FI] … from values per language; the languages without one listed."""
    for lang in LANGS:
        record[f"{field}_{locale(lang)}"] = values.get(lang)
    absent = [lang for lang in LANGS if not values.get(lang)]
    if absent:
        missing.text(item, iid, field, absent)


def recorded_report(item: dict[str, Any], year: int, file: Any, key: str) -> dict[str, Any] | None:
    """The report recorded for `year` on an action or goal (`reports: [{year, progress,
    realized, text}]`), checked against the form's choices; None if there is none."""
    raw = item.get("reports") or []
    if not isinstance(raw, list):
        raise InputError(file, "reports must be a list of reports (year, progress, realized, text)",
                         key=f"{key}.reports", code="sitoumus_reports_not_list")
    choices = platform_doc()["platform"]["form_progress_values"]
    found = None
    for i, r in enumerate(raw):
        rkey = f"{key}.reports[{i}]"
        if not isinstance(r, dict) or not isinstance(r.get("year"), int):
            raise InputError(file, "a report needs its year", key=f"{rkey}.year",
                             code="sitoumus_report_year")
        if r.get("progress") not in choices:
            raise InputError(file, f"progress must be one of {', '.join(choices)}, not "
                             f"{r.get('progress')!r}", key=f"{rkey}.progress",
                             code="sitoumus_report_progress",
                             params={"known": ", ".join(choices), "value": repr(r.get("progress"))})
        if not isinstance(r.get("realized", False), bool):
            raise InputError(file, "realized must be true or false", key=f"{rkey}.realized",
                             code="sitoumus_report_realized")
        if r["year"] == year:
            found = r
    return found


def progress_of_goal(indicator_statuses: list[str]) -> str:
    """The least advanced ProgressType of the indicators that can be judged; 'none' if none."""
    mapping, order = platform_doc()["progress"]["indicator"], platform_doc()["progress"]["order"]
    judged = [mapping[s] for s in indicator_statuses if mapping[s] != "none"]
    return min(judged, key=order.index) if judged else "none"


def plain_number(value: float | None, decimals: int) -> str | None:
    """A level as the form's number input takes it: digits and a point, no unit, no grouping."""
    if value is None:
        return None
    text = f"{round(float(value), decimals):.{decimals}f}"
    return "0" if text in ("-0", "") else text


def unit_label(unit: str, lang: str) -> str:
    """The unit as the meter type names it (platform.yaml texts.units; else the unit itself;
    nothing for a dimensionless indicator)."""
    names = platform_doc()["texts"]["units"]
    if unit in names:
        return str(names[unit][lang])
    return "" if unit in ("dimensionless", "") else unit


def exportable(r: Resolved) -> str | None:
    """Why an indicator is not a NUMBER meter of the published commitment (None: it is)."""
    ind = r.indicator
    if ind.origin == "proposal" and not ind.adopted:
        return "proposal"
    if r.baseline is None or r.target is None or ind.target_set_by == "derived":
        return "levels"
    return None


def not_exported(r: Resolved, why: str, lang: str) -> dict[str, Any]:
    """The wrapper's entry for an indicator that is not exported as a meter, with the reason."""
    ind = r.indicator
    fields = []
    if why == "levels":
        if r.baseline is None:
            fields.append(label("not_exported.starting", lang))
        if ind.target_set_by == "derived":
            fields.append(label("not_exported.derived_target", lang))
        elif r.target is None:
            fields.append(label("not_exported.target", lang))
    reason = label(f"not_exported.{why}", lang, fields=", ".join(fields))
    return {"item": "meter", "id": ind.id, "origin": ind.origin, "reason": reason}


def meter(r: Resolved, lang: str, missing: Missing) -> tuple[dict[str, Any], dict[str, Any]]:
    """An indicator as the platform's NUMBER Meter and its ReportMeter for the report year
    (levels plain numbers, the unit in the meter type, the chart type set)."""
    ind, p = r.indicator, platform_doc()["platform"]
    m: dict[str, Any] = {"meterId": ind.id}
    names = {}
    for tl in LANGS:
        name = content_text(ind.name, tl)
        unit = unit_label(ind.unit, tl)
        names[tl] = label("meter_with_unit", tl, name=name, unit=unit) if name and unit else name
    localized(m, "meterType", names, missing, "meter", ind.id)
    m["meterValueType"] = p["meter_value_type"]
    m["startingLevel"] = plain_number(r.baseline, ind.decimals)
    m["targetLevel"] = plain_number(r.target, ind.decimals)
    m["meterChartType"] = p["meter_chart_type"]
    current = r.value_for(r.year)
    rm = {"commitmentOperationMeterRefId": ind.id}
    rm |= {k: v for k, v in m.items() if k.startswith("meterType_")}
    rm |= {"startingLevel": m["startingLevel"], "targetLevel": m["targetLevel"],
           "currentLevel": plain_number(current.value, ind.decimals) if current else None,
           "meterValueType": p["meter_value_type"]}
    if rm["currentLevel"] is None:
        missing.value("meter", ind.id, "currentLevel", year=r.year)
    return m, rm


def realized_meter(oid: str, observed: dict[str, Any] | None, year: int, missing: Missing
                   ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The REALIZED (met / not met) meter of an operation and its ReportMeter: the current level
    from the recorded report, else null (listed)."""
    mid = f"{oid}.realized"
    m: dict[str, Any] = {"meterId": mid}
    m |= {f"meterType_{locale(tl)}": label("realized_meter", tl) for tl in LANGS}
    m |= {"meterValueType": "REALIZED", "startingLevel": None, "targetLevel": None,
          "meterChartType": None}
    levels = platform_doc()["platform"]["realized_levels"]
    current = None if observed is None else levels[bool(observed.get("realized", False))]
    rm = {"commitmentOperationMeterRefId": mid}
    rm |= {k: v for k, v in m.items() if k.startswith("meterType_")}
    rm |= {"startingLevel": None, "targetLevel": None, "currentLevel": current,
           "meterValueType": "REALIZED"}
    if current is None:
        missing.value("meter", mid, "currentLevel", year=year)
    return m, rm


def report(operation_id: str, year: int, meters: list[dict[str, Any]], progress: str,
           texts: dict[str, str], article_id: str | None = None) -> dict[str, Any]:
    """The platform's Report of one operation for the calendar year `year` (POST /reports
    requires `commitmentArticleId`, the commitment's id)."""
    out: dict[str, Any] = {"commitmentArticleId": article_id,
                           "commitmentOperationRefId": operation_id,
                           "reportStartDate": f"{year}-01-01", "reportEndDate": f"{year}-12-31"}
    out |= {f"reportTitle_{locale(lang)}": label("report_title", lang, year=year) for lang in LANGS}
    out |= {"reportMeters": meters, "progress": progress}
    out |= {f"reportText_{locale(lang)}": texts[lang] for lang in LANGS}
    return out


def _goal_name(goal: dict[str, Any], lang: str) -> str | None:
    title = content_text(goal.get("title"), lang)
    if title is None:
        return None
    return f"{goal['number']}. {title}" if goal.get("number") is not None else title


def _progress_texts(observed: dict[str, Any] | None, year: int, generated: dict[str, str]
                    ) -> dict[str, str]:
    """A report's texts: the recorded text where given (per language), else ours."""
    given = (observed or {}).get("text") or {}
    return {tl: content_text(given, tl) or generated[tl] for tl in LANGS}


def _goal_operation(goal: dict[str, Any], resolved: list[Resolved], year: int, lang: str,
                    missing: Missing, ctx: dict[str, Any]) -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": goal["id"]}
    localized(op, "operationTitle", {tl: _goal_name(goal, tl) for tl in LANGS},
              missing, "operation", goal["id"])
    descriptions = {}
    subs = goal.get("sub_goals") or []
    for tl in LANGS:  # not `lang`: that is the language of the levels below
        paras = [content_text(goal.get(k), tl) for k in ("summary", "goal") if goal.get(k)]
        sub_titles = [content_text(s.get("title"), tl) for s in subs]
        if any(p is None for p in paras + sub_titles) or not paras:
            descriptions[tl] = None
            continue
        if subs:
            lines = [f"{s.get('number') or ''}{'. ' if s.get('number') else ''}{t}"
                     for s, t in zip(subs, sub_titles)]
            paras.append(label("sub_goals", tl) + "\n" + "\n".join(lines))
        descriptions[tl] = "\n\n".join(p for p in paras if p)
    localized(op, "operationDescription", descriptions, missing, "operation", goal["id"])
    meters = []
    for r in resolved:
        why = exportable(r)
        if why is None:
            meters.append(r)
        else:
            missing.not_exported.append(not_exported(r, why, lang))
    observed = recorded_report(goal, year, ctx["file"], ctx["key"])
    if meters:
        pairs = [meter(r, lang, missing) for r in meters]
        with_value = sum(1 for r in meters if r.value_for(year) is not None)
        generated = {tl: label("goal_report", tl, with_value=with_value, total=len(meters),
                               year=year) for tl in LANGS}
        # judged on the indicators that have a value for the report year, not on older values
        judged = [r.status for r in meters if r.value_for(year) is not None]
        progress = progress_of_goal(judged)
        if progress == "none" and observed is not None:
            progress = observed["progress"]
    else:
        pairs = [realized_meter(goal["id"], observed, year, missing)]
        generated = {tl: label("goal_report_no_meters", tl) for tl in LANGS}
        progress = observed["progress"] if observed else "none"
    if progress == "none":
        missing.value("operation", goal["id"], "progress", year=year)
    op["meters"] = [m for m, _ in pairs]
    op["reports"] = [report(goal["id"], year, [rm for _, rm in pairs], progress,
                            _progress_texts(observed, year, generated), ctx["article_id"])]
    return op


def _action_operation(goal: dict[str, Any], action: dict[str, Any], year: int,
                      missing: Missing, ctx: dict[str, Any]) -> dict[str, Any]:
    oid = f"{goal['id']}.{action['id']}"
    op: dict[str, Any] = {"operationId": oid}
    localized(op, "operationTitle", {lang: content_text(action.get("text"), lang) for lang in LANGS},
              missing, "operation", oid)
    subs = {s["id"]: s for s in goal.get("sub_goals") or []}
    sub = subs.get(action.get("sub_goal") or "")
    years = [int(y) for y in action.get("years") or []]
    descriptions = {}
    for lang in LANGS:
        name = _goal_name(goal, lang)
        if sub is not None:
            sub_title = content_text(sub.get("title"), lang)
            number = (f"{goal['number']}.{sub['number']} " if goal.get("number") is not None
                      and sub.get("number") is not None else "")
            name = None if name is None or sub_title is None else f"{name} – {number}{sub_title}"
        descriptions[lang] = None if name is None else \
            label("action_context", lang, goal=name, years=year_span(years))
    localized(op, "operationDescription", descriptions, missing, "operation", oid)
    observed = recorded_report(action, year, ctx["file"], ctx["key"])
    m, rm = realized_meter(oid, observed, year, missing)
    op["meters"] = [m]
    if observed is None:
        progress = "none"
        missing.value("operation", oid, "progress", year=year)
        generated = {tl: label("action_unobserved", tl, year=year) for tl in LANGS}
    else:
        progress = observed["progress"]
        generated = {tl: label("action_observed", tl, year=year,
                               progress=label(f"progress_labels.{progress}", tl)) for tl in LANGS}
    op["reports"] = [report(oid, year, [rm], progress, _progress_texts(observed, year, generated),
                            ctx["article_id"])]
    return op


def operations(iset: IndicatorSet, inputs: Inputs, year: int, lang: str,
               missing: Missing, article_id: str | None = None) -> list[dict[str, Any]]:
    """The goal → action hierarchy flattened into the platform's operations, in document
    order: a goal, then its actions, then the next goal."""
    by_id = {i.id: i for i in iset.indicators}
    file = iset.commitment.file
    out = []
    for gi, goal in enumerate(iset.commitment.doc["commitments"]):
        for ai, action in enumerate(goal.get("actions") or []):
            if not action.get("years"):
                raise InputError(file, "an action needs its years for the "
                                 "Sitoumus 2050 report", key=f"commitments[{gi}].actions[{ai}].years",
                                 code="sitoumus_action_years")
        resolved = [resolve(by_id[i], inputs, year) for i in goal.get("indicators") or []]
        ctx = {"file": file, "key": f"commitments[{gi}]", "article_id": article_id}
        out.append(_goal_operation(goal, resolved, year, lang, missing, ctx))
        out += [_action_operation(goal, a, year, missing,
                                  ctx | {"key": f"commitments[{gi}].actions[{ai}]"})
                for ai, a in enumerate(goal.get("actions") or [])]
    return out


def category_ids(doc: dict[str, Any], file: Any) -> list[int] | None:
    """The commitment's categoryIds as the form sets them: the primary goal's Agenda 2030 ids,
    then the primary goal (platform.yaml categories); None without a primary goal."""
    primary = doc.get("sitoumus2050_primary_goal")
    if primary is None:
        return None
    goals = platform_doc()["categories"]["primary_goals"]
    if primary not in goals:
        raise InputError(file, f"sitoumus2050_primary_goal must be one of "
                         f"{', '.join(str(g) for g in goals)}, not {primary!r}",
                         key="sitoumus2050_primary_goal", code="sitoumus_primary_goal",
                         params={"known": ", ".join(str(g) for g in goals), "value": repr(primary)})
    return [int(i) for i in goals[primary]["agenda2030"]] + [int(primary)]


def commitment_record(iset: IndicatorSet, inputs: Inputs, year: int, lang: str,
                      missing: Missing) -> dict[str, Any]:
    """The platform's Commitment record: texts in fi/sv/en, dates, interval, organisation,
    categories, operations."""
    doc, org = iset.commitment.doc, inputs.org
    first, last = iset.commitment.period
    cid = doc.get("sitoumus2050_id")
    rec: dict[str, Any] = {"id": str(cid) if cid is not None else None}
    if cid is None:
        missing.value("commitment", "commitment", "id")
    for field, key in (("title", "title"), ("shortDescription", "description"),
                       ("backgroundInformation", "background"), ("innovation", "innovation")):
        localized(rec, field, {lang: content_text(doc.get(key), lang) for lang in LANGS},
                  missing, "commitment", "commitment")
    rec["startDate"] = str(doc.get("start_date") or f"{first}-01-01")
    rec["endDate"] = str(doc.get("end_date") or f"{last}-12-31")
    rec["reportingInterval"] = platform_doc()["platform"]["reporting_interval"]
    rec["commitmentType"] = "COMMITMENT"
    rec["organizationName"] = org.name_in(org.language)
    oid = doc.get("sitoumus2050_organization_id")
    rec["organizationId"] = str(oid) if oid is not None else None
    if oid is None:
        missing.value("commitment", "commitment", "organizationId")
    rec["categoryIds"] = category_ids(doc, iset.commitment.file)
    if rec["categoryIds"] is None:
        missing.value("commitment", "commitment", "categoryIds")
    rec["operations"] = operations(iset, inputs, year, lang, missing, rec["id"])
    return rec
