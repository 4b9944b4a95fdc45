"""The performance agreement (tulossopimus) as data: its operational targets, their links to
the ministries' strategic goals, the responsibility themes and SDG targets, and its indicators
(the same Indicator model as the commitment's, kind "performance").

The file is named by the organisation settings (`performance: {file: performance.yaml}`); its
schema is described at the top of examples/migri/performance.yaml. Bad input raises InputError
naming the file and the key.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carbon.errors import InputError
from carbon.readers.settings import Organisation
from carbon.yamlfile import read_mapping
from sdg.goals import load_goals

from .data import LANGS, IndicatorSet, localized_text, parse_indicators


@dataclass
class Agreement:
    """The agreement file as read: period, strategic goals, themes and operational targets
    (each a mapping with id, number, title {fi, sv, en}, text, links and indicator ids)."""

    file: Path
    doc: dict[str, Any]
    period: tuple[int, int]
    strategic_goals: list[dict[str, Any]]
    themes: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    #: the years the agreement is in force: from its first year to `valid_until`, or to the
    #: last year a later agreement renewed it (`renewed: [{until, source}]`)
    in_force: tuple[int, int] = (0, 0)

    def theme(self, theme_id: str) -> dict[str, Any] | None:
        """The theme with this id, or None."""
        return next((t for t in self.themes if t["id"] == theme_id), None)


def performance_file(org: Organisation) -> Path | None:
    """The agreement file named by `performance.file` in the settings; None when not set."""
    block = org.raw.get("performance")
    if block is None:
        return None
    if not isinstance(block, dict) or not block.get("file"):
        raise InputError(org.file, "performance must be {file: performance.yaml}",
                         key="performance.file", code="performance_setting_invalid")
    return org.path(block["file"])


def _fail(file: Path, key: str):
    return lambda msg, sub="", code=None, params=None: InputError(
        file, msg, key=f"{key}{'.' + sub if sub else ''}", code=code, params=params)


def _entries(doc: dict[str, Any], name: str, file: Path, required: bool = True) -> list[dict]:
    raw = doc.get(name)
    if raw is None and not required:
        return []
    if not isinstance(raw, list) or not all(isinstance(e, dict) and isinstance(e.get("id"), str)
                                            for e in raw):
        raise InputError(file, f"'{name}' must be a list of mappings, each with an id", key=name,
                         code="agreement_entries_invalid", params={"name": name})
    ids = [e["id"] for e in raw]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise InputError(file, f"id '{twice[0]}' is used twice", key=name,
                         code="agreement_id_twice", params={"id": twice[0]})
    for i, e in enumerate(raw):
        localized_text(e.get("title"), _fail(file, f"{name}[{i}] ({e['id']})"), "title", LANGS)
    return raw


def _period(doc: dict[str, Any], file: Path) -> tuple[int, int]:
    period = doc.get("period")
    if not (isinstance(period, list) and len(period) == 2
            and all(isinstance(y, int) and not isinstance(y, bool) for y in period)
            and period[0] <= period[1]):
        raise InputError(file, f"period must be [first year, last year], not {period!r}",
                         key="period", code="period_invalid", params={"value": repr(period)})
    return int(period[0]), int(period[1])


def _in_force(doc: dict[str, Any], file: Path, period: tuple[int, int]) -> tuple[int, int]:
    """The years the agreement is in force (valid_until, extended by renewals); the period when
    the file does not say."""
    until = doc.get("valid_until", period[1])
    renewals = doc.get("renewed") or []
    if not isinstance(until, int) or isinstance(until, bool) or not period[0] <= until <= period[1]:
        raise InputError(file, f"valid_until must be a year of the period {period[0]}–{period[1]}",
                         key="valid_until", code="agreement_valid_until",
                         params={"first": period[0], "last": period[1]})
    if not isinstance(renewals, list) or not all(
            isinstance(r, dict) and isinstance(r.get("until"), int) and r.get("source")
            for r in renewals):
        raise InputError(file, "renewed must be a list of renewals (until, source)", key="renewed",
                         code="agreement_renewed_invalid")
    last = max([until] + [min(int(r["until"]), period[1]) for r in renewals])
    return period[0], last


def _check_links(agreement: Agreement, indicators: list, file: Path) -> None:
    """Every id an operational target or an indicator names exists; every indicator belongs
    to exactly one operational target; SDG target codes exist in sdg/goals.yaml."""
    goal_ids = {g["id"] for g in agreement.strategic_goals}
    theme_ids = {t["id"] for t in agreement.themes}
    known = {i.id for i in indicators}
    owner: dict[str, str] = {}
    for i, t in enumerate(agreement.targets):
        key = f"targets[{i}] ({t['id']})"
        sgs = t.get("strategic_goals") or []
        if not isinstance(sgs, list):
            raise InputError(file, "strategic_goals must be a list of ids",
                             key=f"{key}.strategic_goals", code="agreement_goals_not_list")
        for j, sg in enumerate(sgs):
            if sg not in goal_ids:
                raise InputError(file, f"unknown strategic goal {sg!r} (known: "
                                 f"{', '.join(sorted(goal_ids))})", key=f"{key}.strategic_goals[{j}]",
                                 code="agreement_goal_unknown",
                                 params={"value": repr(sg), "known": ", ".join(sorted(goal_ids))})
        ids = t.get("indicators") or []
        if not isinstance(ids, list):
            raise InputError(file, "indicators must be a list of indicator ids",
                             key=f"{key}.indicators", code="agreement_indicators_not_list")
        for j, iid in enumerate(ids):
            if iid not in known:
                raise InputError(file, f"indicator '{iid}' is not defined in 'indicators'",
                                 key=f"{key}.indicators[{j}]", code="agreement_indicator_undefined",
                                 params={"id": iid})
            if iid in owner:
                raise InputError(file, f"indicator '{iid}' is also listed by {owner[iid]}",
                                 key=f"{key}.indicators[{j}]", code="agreement_indicator_twice",
                                 params={"id": iid, "other": owner[iid]})
            owner[iid] = t["id"]
    goals = load_goals()
    for ind in indicators:
        if ind.id not in owner:
            raise InputError(file, "no operational target lists this indicator", key=ind.key,
                             code="agreement_indicator_orphan")
        for theme in ind.themes:
            if theme not in theme_ids:
                raise InputError(file, f"unknown theme {theme!r} (known: "
                                 f"{', '.join(sorted(theme_ids))})", key=f"{ind.key}.themes",
                                 code="agreement_theme_unknown",
                                 params={"value": repr(theme), "known": ", ".join(sorted(theme_ids))})
        problems = goals.coded_problems(list(goals.goals), list(ind.sdg_targets))
        if problems:
            code, params, english = problems[0]
            raise InputError(file, english, key=f"{ind.key}.sdg_targets", code=code, params=params)


def load_performance(org: Organisation) -> IndicatorSet:
    """The agreement and its indicators as an indicator set of kind "performance"."""
    file = performance_file(org)
    if file is None:
        raise InputError(org.file, "required setting is missing", key="performance.file",
                         code="setting_missing")
    doc = read_mapping(file, "performance agreement file")
    period = _period(doc, file)
    localized_text(doc.get("title"), _fail(file, ""), "title", LANGS)
    in_force = _in_force(doc, file, period)
    agreement = Agreement(file, doc, period, _entries(doc, "strategic_goals", file, False),
                          _entries(doc, "themes", file), _entries(doc, "targets", file),
                          in_force)
    indicators = parse_indicators(doc, file, period, org, kind="performance", in_force=in_force)
    _check_links(agreement, indicators, file)
    return IndicatorSet(file, indicators, None, kind="performance", agreement=agreement)
