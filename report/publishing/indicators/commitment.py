"""The Sitoumus 2050 commitment (commitment.yaml) as the commitment chapter shows it."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from carbon.errors import InputError
from carbon.yamlfile import read_mapping
from sdg.goals import localized

STATUSES = ("planned", "in_progress", "done")


def read_commitment(path: Path) -> dict[str, Any]:
    """The commitment file's data; a missing file or broken YAML raises InputError."""
    path = Path(path)
    doc = read_mapping(path, "commitment file")
    if not isinstance(doc.get("commitments"), list) or not doc["commitments"]:
        raise InputError(path, "expected a mapping with a 'commitments' list", key="commitments",
                         code="commitments_not_list")
    period = doc.get("period")
    if not (isinstance(period, list) and len(period) == 2 and all(isinstance(y, int) for y in period)
            and period[0] <= period[1]):
        raise InputError(path, f"period must be [first year, last year], not {period!r}",
                         key="period", code="period_invalid", params={"value": repr(period)})
    for i, c in enumerate(doc["commitments"]):
        if not isinstance(c, dict) or not c.get("id") or not isinstance(c.get("title"), dict):
            raise InputError(path, "each commitment needs an id and a title {fi: ...}",
                             key=f"commitments[{i}]", code="commitment_invalid")
        for j, a in enumerate(c.get("actions") or []):
            if a.get("status") not in STATUSES:
                raise InputError(path, f"status must be {', '.join(STATUSES)}, not "
                                 f"{a.get('status')!r}",
                                 key=f"commitments[{i}].actions[{j}].status",
                                 code="action_status_invalid",
                                 params={"value": repr(a.get("status")),
                                         "known": ", ".join(STATUSES)})
    return doc


def year_span(years: list[int]) -> str:
    """'2023–2024' for consecutive years, '2023, 2025' otherwise."""
    ys = sorted(set(int(y) for y in years))
    if not ys:
        return ""
    if len(ys) > 1 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}–{ys[-1]}"
    return ", ".join(map(str, ys))


def commitment_view(doc: dict[str, Any], file: Path, lang: str) -> dict[str, Any]:
    """The commitment localized and grouped for display: each commitment with its goal, its
    sub-goals with their actions, the actions without a sub-goal, and its indicator ids."""
    items = []
    for i, c in enumerate(doc["commitments"]):
        key = f"commitments[{i}]"
        if not isinstance(c, dict) or not c.get("id") or not isinstance(c.get("title"), dict):
            raise InputError(file, "a commitment needs an id and a title {fi: ...}", key=key,
                             code="commitment_invalid")
        subs = {s["id"]: {"id": s["id"], "number": s.get("number"),
                          "title": localized(s.get("title"), lang), "actions": []}
                for s in c.get("sub_goals") or []}
        loose = []
        for j, a in enumerate(c.get("actions") or []):
            akey = f"{key}.actions[{j}]"
            if not isinstance(a, dict) or not isinstance(a.get("text"), dict):
                raise InputError(file, "an action needs a text {fi: ...}", key=akey,
                                 code="action_text_missing")
            years = a.get("years") or []
            if not isinstance(years, list) or not all(isinstance(y, int) for y in years):
                raise InputError(file, "years must be an explicit list of years",
                                 key=akey + ".years", code="action_years_invalid")
            status = a.get("status", "planned")
            if status not in STATUSES:
                raise InputError(file, f"status must be one of {', '.join(STATUSES)}, not "
                                       f"{status!r}", key=akey + ".status",
                                       code="action_status_invalid",
                                       params={"value": repr(status), "known": ", ".join(STATUSES)})
            action = {"id": a.get("id"), "text": localized(a["text"], lang),
                      "years": year_span(years), "year_count": len(set(years)), "status": status}
            if a.get("sub_goal"):
                if a["sub_goal"] not in subs:
                    raise InputError(file, f"unknown sub_goal {a['sub_goal']!r}",
                                     key=akey + ".sub_goal",
                                     code="sub_goal_unknown", params={"value": repr(a["sub_goal"])})
                subs[a["sub_goal"]]["actions"].append(action)
            else:
                loose.append(action)
        items.append({"id": c["id"], "number": c.get("number"),
                      "title": localized(c["title"], lang),
                      "summary": localized(c.get("summary"), lang) if c.get("summary") else "",
                      "goal": localized(c.get("goal"), lang) if c.get("goal") else "",
                      "sub_goals": list(subs.values()), "actions": loose,
                      "indicators": list(c.get("indicators") or []),
                      "indicators_note": localized(c.get("indicators_note"), lang)
                      if c.get("indicators_note") else ""})
    period = doc.get("period") or []
    return {"title": localized(doc.get("title"), lang),
            "period": f"{period[0]}–{period[-1]}" if len(period) == 2 else "",
            "first_year": int(period[0]) if len(period) == 2 else None,
            "sitoumus2050_id": doc.get("sitoumus2050_id"), "url": doc.get("url", ""),
            "commitments": items}
