"""The performance agreement as the report shows it: each theme's indicators for the theme
chapters (`performance_theme:` in a chapter's front matter) and every operational target with
its indicators for the appendix, all texts in the report's language."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from carbon.errors import InputError
from carbon.readers.inputs import Inputs
from carbon.readers.settings import Organisation

from .data import load_indicators, text
from .resolve import indicator_records
from .agreement import performance_file


def missing_notes(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The reasons values are missing, each once with the indicators it applies to (their
    agreement numbers, or names when they have none)."""
    missing = [r for r in records if r["missing"] and r["missing_reason"]]
    out = []
    for reason in dict.fromkeys(r["missing_reason"] for r in missing):
        codes = list(dict.fromkeys(r["code"] or r["name"] for r in missing
                                   if r["missing_reason"] == reason))
        out.append({"reason": reason, "codes": codes})
    return out


def _strategic_goal(goal: dict[str, Any], lang: str) -> dict[str, Any]:
    return {"id": goal["id"], "ministry": text(goal.get("ministry"), lang),
            "number": goal.get("number"), "title": text(goal["title"], lang)}


def performance_view(inputs: Inputs, org: Organisation, year: int,
                     lang: str = "fi") -> dict[str, Any] | None:
    """None when the organisation keeps no performance agreement; else its title and period,
    the records of `year` (indicator_records), `themes` {id: {number, title, sdg_targets,
    records, notes}} and `targets` [{number, title, strategic_goals, records}] in order."""
    if performance_file(org) is None:
        return None
    iset = load_indicators(org, "performance")
    records = indicator_records(inputs, org, year, lang, "performance")
    agreement = iset.agreement
    goals = {g["id"]: g for g in agreement.strategic_goals}
    themes = {}
    for t in agreement.themes:
        rows = [r for r in records if t["id"] in r["themes"]]
        themes[t["id"]] = {"id": t["id"], "number": t.get("number"),
                           "title": text(t["title"], lang),
                           "sdg_targets": list(t.get("sdg_targets") or []),
                           "records": rows, "notes": missing_notes(rows),
                           # the theme chapter's table: the indicators with a value; the
                           # others are one line each reason (the appendix has them all)
                           "shown": [r for r in rows if not r["missing"]]}
    targets = []
    for t in agreement.targets:
        ids = list(t.get("indicators") or [])
        targets.append({"id": t["id"], "number": t.get("number"), "title": text(t["title"], lang),
                        "strategic_goals": [_strategic_goal(goals[g], lang)
                                            for g in t.get("strategic_goals") or []],
                        "records": [r for r in records if r["id"] in ids]})
    theme_numbers = {t["id"]: t.get("number") for t in agreement.themes}
    for r in records:
        r["theme_numbers"] = [theme_numbers[t] for t in r["themes"]]
    return {"title": text(agreement.doc["title"], lang), "period": agreement.period,
            "year": year, "lang": lang, "records": records, "themes": themes, "targets": targets,
            "notes": missing_notes(records)}


def check_chapter_themes(chapters: list, org: Organisation) -> None:
    """Every `performance_theme` a chapter names is a theme of the organisation's agreement
    (and the organisation keeps one), or InputError names the chapter file and the key."""
    named = [ch for ch in chapters if getattr(ch, "performance_theme", None)]
    if not named:
        return
    file = performance_file(org)
    if file is None:
        raise InputError(named[0].file, "the chapter names a performance theme but the "
                         "organisation settings have no performance agreement "
                         "(performance: {file: ...})", key="performance_theme",
                         code="performance_theme_no_agreement")
    themes = {t["id"] for t in load_indicators(org, "performance").agreement.themes}
    for ch in named:
        if ch.performance_theme not in themes:
            raise InputError(ch.file, f"unknown performance theme {ch.performance_theme!r} "
                             f"(themes of {Path(file).name}: {', '.join(sorted(themes))})",
                             key="performance_theme", code="performance_theme_unknown",
                             params={"value": repr(ch.performance_theme), "file": Path(file).name,
                                     "known": ", ".join(sorted(themes))})
