"""The Sitoumus 2050 form's required-field rules applied to an export's records.

The platform validates in its React form, not in its API (weasel-software/sitoumus2050:
CommitmentCreationForm.js validateAll and validateOperation, Meter.js, reports/Editor.js);
`commitment_problems` and `report_problems` give what that form would refuse, each as
{path, key} with the form's own message key, so that an export can be checked before it is
sent (`sitoumus publish`) and the test server can refuse what the form would. The rules are
data (platform.yaml `form`).
"""
from __future__ import annotations

import re
from typing import Any

from .model import platform_doc

NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def _rules() -> dict[str, Any]:
    return platform_doc()["form"]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def commitment_problems(rec: dict[str, Any]) -> list[dict[str, str]]:
    """What the commitment form would refuse in a Commitment record (empty: none)."""
    rules, out = _rules(), []
    msg, loc = rules["messages"], rules["locale"]
    for field in rules["commitment_required"]:
        if _blank(rec.get(f"{field}_{loc}")):
            out.append({"path": f"{field}_{loc}",
                        "key": msg["required"].format(field=field, locale=loc)})
    for field in rules["commitment_dates"]:
        if _blank(rec.get(field)):
            out.append({"path": field, "key": field})
    short = rec.get(f"shortDescription_{loc}") or ""
    if len(short) > rules["short_description_max"]:
        out.append({"path": f"shortDescription_{loc}", "key": msg["too_long"]})
    goals = {int(g) for g in platform_doc()["categories"]["primary_goals"]}
    if not any(int(i) in goals for i in rec.get("categoryIds") or []):
        out.append({"path": "categoryIds", "key": msg["primary_goal"]})
    ops = rec.get("operations") or []
    if not ops:
        out.append({"path": "operations", "key": msg["no_operations"]})
    for i, op in enumerate(ops):
        out += _operation_problems(op, f"operations[{i}]", loc, msg)
    return out


def _operation_problems(op: dict[str, Any], path: str, loc: str,
                        msg: dict[str, str]) -> list[dict[str, str]]:
    """validateOperation: a title, at least one meter, each meter named, NUMBER levels given."""
    if _blank(op.get(f"operationTitle_{loc}")):
        return [{"path": path, "key": msg["operation_title"]}]
    meters = op.get("meters") or []
    if not meters:
        return [{"path": path, "key": msg["no_meter"]}]
    out = []
    for j, m in enumerate(meters):
        mpath = f"{path}.meters[{j}]"
        if _blank(m.get(f"meterType_{loc}")):
            out.append({"path": mpath, "key": msg["meter_type"]})
        elif m.get("meterValueType") == "NUMBER":
            levels = (m.get("startingLevel"), m.get("targetLevel"))
            if any(_blank(v) for v in levels):
                out.append({"path": mpath, "key": msg["meter_levels"]})
            elif not all(NUMBER.match(str(v)) for v in levels):
                out.append({"path": mpath, "key": msg["meter_number"]})
            if m.get("meterChartType") not in platform_doc()["platform"]["meter_chart_types"]:
                out.append({"path": mpath, "key": msg["meter_chart"]})
        elif m.get("meterValueType") != "REALIZED":
            out.append({"path": mpath, "key": "meterValueType"})
    return out


def report_problems(rep: dict[str, Any]) -> list[dict[str, str]]:
    """What the report editor would refuse in a Report (empty: none)."""
    out = [{"path": f, "key": f} for f in _rules()["report_required"] if _blank(rep.get(f))]
    if rep.get("progress") not in platform_doc()["platform"]["form_progress_values"]:
        out.append({"path": "progress", "key": "progress"})
    realized = set(platform_doc()["platform"]["realized_levels"].values())
    for j, m in enumerate(rep.get("reportMeters") or []):
        level = m.get("currentLevel")
        ok = (level in realized if m.get("meterValueType") == "REALIZED"
              else level is not None and NUMBER.match(str(level)) is not None)
        if not ok:
            out.append({"path": f"reportMeters[{j}].currentLevel", "key": "currentLevel"})
    return out
