"""The commitment in the Sitoumus 2050 platform's own data model (one record, fi/sv/en).

The platform (public source: weasel-software/sitoumus2050) keeps a commitment with its texts
once per locale (title_fi_FI, title_sv_SE, title_en_US, …), start and end dates, a reporting
interval and goal categories, and ONE level of "operations" (a goal or a measure), each with
meters (starting and target level as text) and reports (per operation, for a report period:
the meters' current levels, a ProgressType value and a text). Our commitment.yaml has goals
with sub-goals and actions; `commitment_record` flattens it: each goal becomes an operation
(its sub-goals listed in its description, its indicators as its meters), then each of its
actions becomes an operation (the goal and sub-goal named in the description, no meters).

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
from report.publishing.indicators.resolve import Resolved, format_value, resolve

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


def timing(years: list[int], year: int) -> str:
    """Where `year` lies against an action's years: before, during or after them."""
    return "before" if year < min(years) else "after" if year > max(years) else "during"


def progress_of_action(status: str, years: list[int], year: int) -> str:
    """The ProgressType of an action from its status and where `year` lies against its years."""
    return platform_doc()["progress"]["action"][status][timing(years, year)]


def progress_of_goal(indicator_statuses: list[str]) -> str:
    """The least advanced ProgressType of the indicators that can be judged; 'none' if none."""
    mapping, order = platform_doc()["progress"]["indicator"], platform_doc()["progress"]["order"]
    judged = [mapping[s] for s in indicator_statuses if mapping[s] != "none"]
    return min(judged, key=order.index) if judged else "none"


def _level(value: float | None, year: int | None, r: Resolved, lang: str) -> str | None:
    if value is None or year is None:
        return None
    shown = format_value(value, r.indicator.unit, r.indicator.decimals, lang)
    return label("level", lang, value=shown, year=year)


def meter(r: Resolved, lang: str, missing: Missing) -> tuple[dict[str, Any], dict[str, Any]]:
    """An indicator as the platform's Meter and its ReportMeter for the report year (levels as
    text in `lang`, with the unit and the year written in)."""
    ind, vtype = r.indicator, platform_doc()["platform"]["meter_value_type"]
    m: dict[str, Any] = {"meterId": ind.id}
    localized(m, "meterType", {lang: content_text(ind.name, lang) for lang in LANGS},
              missing, "meter", ind.id)
    m["meterValueType"] = vtype
    m["startingLevel"] = _level(r.baseline, ind.baseline_year, r, lang)
    m["targetLevel"] = _level(r.target, ind.target_year, r, lang)
    if m["startingLevel"] is None:
        missing.value("meter", ind.id, "startingLevel", year=ind.baseline_year)
    if m["targetLevel"] is None:
        missing.value("meter", ind.id, "targetLevel")
    current = r.value_for(r.year)
    rm = {"commitmentOperationMeterRefId": ind.id}
    rm |= {k: v for k, v in m.items() if k.startswith("meterType_")}
    rm |= {"startingLevel": m["startingLevel"], "targetLevel": m["targetLevel"],
           "currentLevel": _level(current.value, r.year, r, lang) if current else None,
           "meterValueType": vtype}
    if rm["currentLevel"] is None:
        missing.value("meter", ind.id, "currentLevel", year=r.year)
    return m, rm


def report(operation_id: str, year: int, meters: list[dict[str, Any]], progress: str,
           texts: dict[str, str]) -> dict[str, Any]:
    """The platform's Report of one operation for the calendar year `year`."""
    out: dict[str, Any] = {"commitmentOperationRefId": operation_id,
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


def _goal_operation(goal: dict[str, Any], resolved: list[Resolved], year: int, lang: str,
                    missing: Missing) -> dict[str, Any]:
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
    pairs = [meter(r, lang, missing) for r in resolved]
    op["meters"] = [m for m, _ in pairs]
    with_value = sum(1 for r in resolved if r.value_for(year) is not None)
    texts = {tl: (label("goal_report", tl, with_value=with_value, total=len(resolved), year=year)
                  if resolved else label("goal_report_no_meters", tl)) for tl in LANGS}
    # judged on the indicators that have a value for the report year, not on older values
    judged = [r.status for r in resolved if r.value_for(year) is not None]
    op["reports"] = [report(goal["id"], year, [rm for _, rm in pairs],
                            progress_of_goal(judged), texts)]
    return op


def _action_operation(goal: dict[str, Any], action: dict[str, Any], year: int,
                      missing: Missing) -> dict[str, Any]:
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
    op["meters"] = []
    progress = progress_of_action(action["status"], years, year)
    when = timing(years, year)
    texts = {lang: label("action_report", lang, status=label(f"action_status.{action['status']}", lang),
                         years=year_span(years), year=year, timing=label(f"timing.{when}", lang))
             for lang in LANGS}
    op["reports"] = [report(oid, year, [], progress, texts)]
    return op


def operations(iset: IndicatorSet, inputs: Inputs, year: int, lang: str,
               missing: Missing) -> list[dict[str, Any]]:
    """The goal → action hierarchy flattened into the platform's operations, in document
    order: a goal, then its actions, then the next goal."""
    by_id = {i.id: i for i in iset.indicators}
    out = []
    for gi, goal in enumerate(iset.commitment.doc["commitments"]):
        for ai, action in enumerate(goal.get("actions") or []):
            if not action.get("years"):
                raise InputError(iset.commitment.file, "an action needs its years for the "
                                 "Sitoumus 2050 report", key=f"commitments[{gi}].actions[{ai}].years",
                                 code="sitoumus_action_years")
        resolved = [resolve(by_id[i], inputs, year) for i in goal.get("indicators") or []]
        out.append(_goal_operation(goal, resolved, year, lang, missing))
        out += [_action_operation(goal, a, year, missing) for a in goal.get("actions") or []]
    return out


def commitment_record(iset: IndicatorSet, inputs: Inputs, year: int, lang: str,
                      missing: Missing) -> dict[str, Any]:
    """The platform's Commitment record: texts in fi/sv/en, dates, interval, operations."""
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
    rec["organizationName"] = org.name_in(org.language)
    rec["categoryIds"] = doc.get("sitoumus2050_category_ids")
    if rec["categoryIds"] is None:
        missing.value("commitment", "commitment", "categoryIds")
    rec["operations"] = operations(iset, inputs, year, lang, missing)
    return rec
