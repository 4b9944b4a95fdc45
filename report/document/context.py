"""The report's context: everything the templates stage renders, gathered in one mapping.

Integration point: `add_integrations(context, indicators=..., disclosure=...)` adds the
commitment indicators (report/indicators.py) and the GRI 305 / ESRS E1-6 disclosure
(report/disclosure.py) when the caller has them; the templates render them when present.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from carbon.errors import VastuuError
from carbon.readers.settings import Organisation
from sdg.goals import Goals, localized

from .carbon_results import CarbonResults, in_language, template_variables
from .chapters import Chapter
from .colophon import cover_and_colophon
from report.render.charts import Chart

INDICATOR_KEYS = ("id", "name", "unit", "latest_year", "latest_value", "baseline", "target",
                  "trend", "status")
DISCLOSURE_KEYS = ("code", "esrs", "datapoint", "label", "value", "unit", "note")


def file_stem(title: str, year: int) -> str:
    """Output file name without suffix from the report title: 'vastuullisuusraportti_2021'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_title.lower()).strip("_") or "report"
    return f"{slug}_{year}"


def default_title(strings: dict[str, Any], year: int) -> str:
    """The report's name by the state's guidance in force for the year: a sustainability report
    (kestävyysraportti) from 2024 on, a responsibility report (vastuullisuusraportti) before."""
    d = strings["document"]
    return d["default_title_new"] if year >= int(d["default_title_new_from"]) else d["default_title"]


def build_context(*, org: Organisation, year: int, lang: str, strings: dict[str, Any],
                  results: CarbonResults, charts: dict[str, Chart], chapters: list[Chapter],
                  goals: Goals, commitment: dict[str, Any] | None,
                  content_dir: Path, facts: dict[str, Any] | None = None) -> dict[str, Any]:
    """The context of one report: organisation, year, strings, chapters, carbon figures and
    charts, SDG data and the commitment (indicators and disclosure: see add_integrations)."""
    report_settings = org.raw.get("report") or {}
    title = localized(report_settings.get("title"), lang) or default_title(strings, year)
    org_name = org.name_in(lang)
    return {
        "lang": lang, "strings": strings, "year": year, "org": org, "org_name": org_name,
        "title": strings["document"]["title"].format(title=title, year=year),
        "meta_title": strings["document"]["meta_title"].format(org=org_name, title=title,
                                                               year=year),
        "file_stem": file_stem(title, year),
        "illustrative": org.illustrative_in(lang),
        "chapters": chapters, "content_dir": Path(content_dir), "goals": goals,
        "results": results, "charts": charts,
        "variables": template_variables(results, org_name) | {"facts": facts or {}},
        "commitment": commitment,
        "indicators": None, "disclosure": None, "performance": None,
        "languages": {},  # lang -> language_context, for originals included untranslated
        "publication": cover_and_colophon(org, strings, lang, year=year),
    }


def language_context(*, org: Organisation, results: CarbonResults, groups: dict[str, dict],
                     content_dir: Path, lang: str) -> dict[str, Any]:
    """What an original chapter included untranslated renders its prose with: its language,
    strings, number format and template names (organisation name, source groups, target
    phrases and facts in that language)."""
    from .facts import load_facts
    from .i18n import load_strings

    variables = template_variables(in_language(results, groups, org, lang), org.name_in(lang))
    return {"lang": lang, "strings": load_strings(lang),
            "variables": variables | {"facts": load_facts(content_dir, lang)}}


def add_languages(context: dict[str, Any], results: CarbonResults, groups: dict[str, dict]
                  ) -> dict[str, Any]:
    """A copy of the context with a language context for each language of its chapters other
    than the report's (chapters included in their original language)."""
    others = sorted({c.lang for c in context["chapters"]} - {context["lang"]})
    return context | {"languages": {
        lang: language_context(org=context["org"], results=results, groups=groups,
                               content_dir=context["content_dir"], lang=lang) for lang in others}}


def _records(value: Any, keys: tuple[str, ...], what: str, required: tuple[str, ...]) -> list[dict]:
    if isinstance(value, pd.DataFrame):
        value = value.to_dict("records")
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise VastuuError(f"{what} must be a list of mappings (or a DataFrame), not "
                          f"{type(value).__name__}")
    out = []
    for i, r in enumerate(value):
        missing = [k for k in required if r.get(k) in (None, "")]
        if missing:
            raise VastuuError(f"{what}[{i}] lacks {', '.join(missing)}")
        out.append({k: r.get(k) for k in keys} | {k: v for k, v in r.items() if k not in keys})
    return out


def merge_repeated(rows: list[dict]) -> list[dict]:
    """Consecutive rows with the same code, label and unit as one row whose value is a list (the
    factor sources of the disclosure index, one row instead of one per publisher). Their note
    is kept when the rows share it; notes that differ (each source's factor identifiers) are
    left to the index's CSV (`disclosure` command): in the report they were a column of
    identifiers no reader could use."""
    out: list[dict] = []
    for r in rows:
        prev = out[-1] if out else None
        if prev is not None and all(prev.get(k) == r.get(k) for k in ("code", "esrs", "datapoint", "label", "unit")):
            if not isinstance(prev["value"], list):
                prev["value"], prev["note"] = [prev["value"]], [prev.get("note")]
            prev["value"].append(r.get("value"))
            prev["note"].append(r.get("note"))
        else:
            out.append(dict(r))
    for r in out:
        if isinstance(r["note"], list):
            notes = {n for n in r["note"] if n}
            r["note"] = notes.pop() if len(notes) == 1 else None
    return out


def add_integrations(context: dict[str, Any], *, indicators: Any = None,
                     disclosure: Any = None, performance: dict[str, Any] | None = None) -> dict[str, Any]:
    """A copy of the context with the commitment indicators (list of dicts or DataFrame with
    id, name, unit, latest_year, latest_value, baseline, target, trend, status), the
    disclosure rows (code, label, value, unit, note) and the performance agreement's view
    (report/publishing/indicators/performance.py) added when given."""
    out = dict(context)
    if performance is not None:
        out["performance"] = performance
    if indicators is not None:
        out["indicators"] = _records(indicators, INDICATOR_KEYS, "indicators", ("id", "name"))
    if disclosure is not None:
        out["disclosure"] = merge_repeated(
            _records(disclosure, DISCLOSURE_KEYS, "disclosure", ("label",)))
    return out
