"""Sitoumus 2050 export: what the organisation enters on sitoumus2050.fi for its operational
commitment in one reporting year, built from the commitment file and the indicators.

`sitoumus_export(inputs, year)` gives a dict in the structure of
report/publishing/schemas/sitoumus2050.schema.json; `check_export` validates it against that schema (with
jsonschema) and checks that every empty value is listed in `missing`; `write_export` writes it
as JSON, CSV (one row per item) and plain text to paste into the platform's forms.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from carbon.errors import VastuuError
from carbon.inputs import Inputs

from .indicator_data import label, labels, load_indicators, text
from .indicators import Resolved, format_value, resolve

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "sitoumus2050.schema.json"
FORMAT = "vastuu-sitoumus2050-export"
CSV_COLUMNS = ["type", "id", "parent", "number", "title", "text", "years", "status", "unit",
               "year", "value", "baseline_year", "baseline_value", "target_year", "target_value",
               "source", "note"]


class ExportInvalid(VastuuError):
    """The export does not match the schema (or leaves a value empty without listing it)."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("Sitoumus 2050 export is not valid against "
                         f"{SCHEMA_FILE.name}:\n  " + "\n  ".join(errors))


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _num(v: float | None) -> float | None:
    """A JSON number rounded to 4 decimals (no float noise), None when missing."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return round(float(v), 4)


def _sl(group: str, key: str, lang: str, **fmt: Any) -> str:
    s = text(labels()["sitoumus"][group][key], lang)
    return s.format(**fmt) if fmt else s


def _indicator_entry(r: Resolved, goal: str | None, lang: str) -> dict[str, Any]:
    ind, latest, this = r.indicator, r.latest, r.value_for(r.year)
    unit_label = label("units", ind.unit, lang) if ind.unit in labels()["units"] else ind.unit
    return {
        "id": ind.id, "goal": goal, "name": text(ind.name, lang),
        "definition": text(ind.definition, lang), "unit": ind.unit, "unit_label": unit_label,
        "direction": ind.direction, "computed": ind.computed, "decimals": ind.decimals,
        "baseline": {"year": ind.baseline_year, "value": _num(r.baseline),
                     "source": r.baseline_source or None, "note": ind.baseline_note or None},
        "target": {"year": ind.target_year, "value": _num(r.target),
                   "source": r.target_source or None},
        "value": {"year": r.year, "value": _num(this.value) if this else None,
                  "source": this.source if this else None},
        "latest": {"year": latest.year if latest else None,
                   "value": _num(latest.value) if latest else None,
                   "source": latest.source if latest else None},
        "values": [{"year": v.year, "value": _num(v.value), "source": v.source} for v in r.series],
        "trend": r.trend, "status": r.status, "status_label": label("status", r.status, lang),
    }


def _missing(r: Resolved, inputs: Inputs, lang: str) -> list[dict[str, Any]]:
    ind, year, out = r.indicator, r.year, []
    if r.value_for(year) is None:
        if ind.computed:
            reason = label("missing", "value_computed", lang, year=year,
                           years=", ".join(map(str, inputs.years)))
        else:
            reason = label("missing", "value", lang, year=year)
        out.append({"item": "indicator", "id": ind.id, "field": "value", "year": year,
                    "reason": reason})
    if r.baseline is None:
        out.append({"item": "indicator", "id": ind.id, "field": "baseline",
                    "year": ind.baseline_year,
                    "reason": label("missing", "baseline", lang, year=ind.baseline_year)})
    if r.target is None:
        out.append({"item": "indicator", "id": ind.id, "field": "target", "year": ind.target_year,
                    "reason": label("missing", "target", lang)})
    return out


def _progress_text(doc: dict[str, Any], inputs: Inputs, lang: str) -> str:
    year = doc["report_year"]
    actions = [a for g in doc["goals"] for a in g["actions"]]
    scheduled = [a for a in actions if a["scheduled_in_report_year"]]
    count = {s: sum(1 for a in scheduled if a["status"] == s) for s in ("planned", "in_progress", "done")}
    paras = [_sl("progress", "actions", lang, year=year, scheduled=len(scheduled),
                 total=len(actions), **count)]
    inds = doc["indicators"]
    with_value = sum(1 for i in inds if i["value"]["value"] is not None)
    paras.append(_sl("progress", "indicators", lang, year=year, with_value=with_value,
                     total=len(inds), missing_count=len(inds) - with_value))
    lines = []
    for i in inds:
        if i["latest"]["value"] is None:
            continue
        fmt = lambda v: format_value(v, i["unit"], i["decimals"], lang)  # noqa: E731
        lines.append("- " + _sl("progress", "indicator_line", lang, name=i["name"],
                                latest=fmt(i["latest"]["value"]), latest_year=i["latest"]["year"],
                                baseline=f"{fmt(i['baseline']['value'])} ({i['baseline']['year']})",
                                target=f"{fmt(i['target']['value'])} ({i['target']['year'] or '–'})",
                                status=i["status_label"].lower()))
    if lines:
        paras.append("\n".join(lines))
    if doc.get("illustrative"):
        paras.append(_sl("progress", "illustrative", lang, text=doc["illustrative"]))
    return "\n\n".join(paras)


def sitoumus_export(inputs: Inputs, year: int, lang: str = "fi",
                    today: dt.date | None = None) -> dict[str, Any]:
    """The export of one reporting year (must be within the commitment period)."""
    org = inputs.org
    iset = load_indicators(org)
    c = iset.commitment
    first, last = c.period
    if not first <= year <= last:
        raise VastuuError(f"{c.file}: the report year {year} is outside the commitment period "
                          f"{first}–{last}")
    cdoc = c.doc
    goals, missing = [], []
    for g in cdoc["commitments"]:
        actions = [{
            "id": a["id"], "sub_goal": a.get("sub_goal"), "text": text(a.get("text"), lang),
            "years": [int(y) for y in a.get("years") or []], "status": a["status"],
            "status_label": label("action_status", a["status"], lang),
            "scheduled_in_report_year": year in (a.get("years") or []),
        } for a in g.get("actions") or []]
        goals.append({
            "id": g["id"], "number": g.get("number"), "title": text(g.get("title"), lang),
            "summary": text(g.get("summary"), lang) or None, "goal": text(g.get("goal"), lang),
            "sub_goals": [{"id": s["id"], "number": s.get("number"), "title": text(s.get("title"), lang)}
                          for s in g.get("sub_goals") or []],
            "actions": actions, "indicators": list(g.get("indicators") or []),
            "indicators_note": text(g.get("indicators_note"), lang) or None,
        })
        if not g.get("indicators"):
            missing.append({"item": "goal", "id": g["id"], "field": "indicators", "year": None,
                            "reason": label("missing", "indicators", lang)})
    goal_of = c.goal_of()
    indicators = []
    for ind in iset.ordered():
        r = resolve(ind, inputs, year)
        indicators.append(_indicator_entry(r, goal_of.get(ind.id), lang))
        missing += _missing(r, inputs, lang)
    doc: dict[str, Any] = {
        "format": FORMAT, "format_version": 1,
        "platform": text(labels()["sitoumus"]["platform"], lang),
        "language": lang, "generated": (today or dt.date.today()).isoformat(),
        "report_year": year,
        "organisation": {"id": org.id, "name": org.name_in(lang)},
        "illustrative": org.illustrative or None,
        "commitment": {
            "id": cdoc.get("sitoumus2050_id"), "url": cdoc.get("url"),
            "title": text(cdoc.get("title"), lang), "description": text(cdoc.get("description"), lang),
            "source": text(cdoc.get("source"), lang) or None,
            "period": {"start": first, "end": last},
        },
        "goals": goals, "indicators": indicators, "progress_text": "", "missing": missing,
    }
    doc["progress_text"] = _progress_text(doc, inputs, lang)
    return doc


def check_export(doc: dict[str, Any]) -> None:
    """Validate against the schema, then that goal indicators exist and every empty value is
    listed in `missing`. Raises ExportInvalid listing every problem (JSON path: message)."""
    validator = jsonschema.Draft202012Validator(schema(),
                                                format_checker=jsonschema.FormatChecker())
    errors = [f"{e.json_path}: {e.message}"
              for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.path))]
    if not errors:
        ids = {i["id"] for i in doc["indicators"]}
        listed = {(m["id"], m["field"]) for m in doc["missing"]}
        for gi, g in enumerate(doc["goals"]):
            for ii, iid in enumerate(g["indicators"]):
                if iid not in ids:
                    errors.append(f"$.goals[{gi}].indicators[{ii}]: unknown indicator '{iid}'")
        for n, i in enumerate(doc["indicators"]):
            for field in ("value", "baseline", "target"):
                if i[field]["value"] is None and (i["id"], field) not in listed:
                    errors.append(f"$.indicators[{n}].{field}.value: empty but not listed in "
                                  "$.missing")
            if i["value"]["year"] != doc["report_year"]:
                errors.append(f"$.indicators[{n}].value.year: not the report year")
    if errors:
        raise ExportInvalid(errors)


def export_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The export flattened: one row per commitment, goal, sub-goal, action, indicator,
    missing value and the progress text (columns CSV_COLUMNS, raw numbers)."""
    c = doc["commitment"]
    rows = [{"type": "commitment", "id": str(c["id"] or ""), "title": c["title"],
             "text": c["description"], "years": f"{c['period']['start']}-{c['period']['end']}",
             "source": c["source"] or "", "note": c["url"] or ""}]
    for g in doc["goals"]:
        rows.append({"type": "goal", "id": g["id"], "number": g["number"], "title": g["title"],
                     "text": g["goal"], "note": g["indicators_note"] or ""})
        for s in g["sub_goals"]:
            rows.append({"type": "sub_goal", "id": s["id"], "parent": g["id"], "number": s["number"],
                         "title": s["title"]})
        for a in g["actions"]:
            rows.append({"type": "action", "id": a["id"], "parent": a["sub_goal"] or g["id"],
                         "text": a["text"], "years": " ".join(map(str, a["years"])),
                         "status": a["status"]})
    for i in doc["indicators"]:
        rows.append({"type": "indicator", "id": i["id"], "parent": i["goal"] or "",
                     "title": i["name"], "text": i["definition"], "status": i["status"],
                     "unit": i["unit"], "year": i["value"]["year"], "value": i["value"]["value"],
                     "baseline_year": i["baseline"]["year"], "baseline_value": i["baseline"]["value"],
                     "target_year": i["target"]["year"], "target_value": i["target"]["value"],
                     "source": i["value"]["source"] or "",
                     "note": (f"latest {i['latest']['year']}: {i['latest']['value']}"
                              if i["latest"]["value"] is not None and i["value"]["value"] is None else "")})
    for m in doc["missing"]:
        rows.append({"type": "missing", "id": m["id"], "parent": m["item"], "title": m["field"],
                     "year": m["year"], "text": m["reason"]})
    rows.append({"type": "progress", "id": "progress_text", "year": doc["report_year"],
                 "text": doc["progress_text"]})
    return [{k: ("" if r.get(k) is None else r.get(k)) for k in CSV_COLUMNS} for r in rows]


def export_text(doc: dict[str, Any]) -> str:
    """The export as plain text to paste into the platform, in the export's language."""
    lang, year = doc["language"], doc["report_year"]
    h = lambda key, **f: _sl("headings", key, lang, **f)  # noqa: E731
    lab = lambda key, **f: _sl("labels", key, lang, **f)  # noqa: E731
    c = doc["commitment"]
    out = [c["title"], "=" * len(c["title"]), ""]
    out += [f"{h('commitment')}: {c['id'] or '–'}  {c['url'] or ''}".rstrip(),
            f"{h('period')}: {c['period']['start']}–{c['period']['end']}", ""]
    out += [h("description"), c["description"], ""]
    out += [h("goals"), ""]
    for g in doc["goals"]:
        num = f"{g['number']}. " if g["number"] is not None else ""
        out += [f"{num}{g['title']}", f"{h('goal')}: {g['goal']}"]
        subs = {s["id"]: s for s in g["sub_goals"]}
        current = None
        for a in g["actions"]:
            if a["sub_goal"] and a["sub_goal"] != current:
                s = subs.get(a["sub_goal"], {"number": None, "title": a["sub_goal"]})
                out.append(f"  {s['number'] or ''}{'. ' if s['number'] else ''}{s['title']}")
                current = a["sub_goal"]
            years = ", ".join(map(str, a["years"]))
            out.append(f"  - {a['text']} ({lab('years')} {years}; {a['status_label']})")
        if g["indicators_note"]:
            out.append(f"  {g['indicators_note']}")
        out.append("")
    out += [h("indicators"), ""]
    for i in doc["indicators"]:
        fmt = lambda v: format_value(v, i["unit"], i["decimals"], lang)  # noqa: E731
        value = fmt(i["value"]["value"]) if i["value"]["value"] is not None else lab("missing_value")
        out.append(f"- {i['name']}")
        out.append(f"    {lab('value', year=year)}: {value}")
        if i["value"]["value"] is None and i["latest"]["value"] is not None:
            out.append(f"    {lab('latest')}: {fmt(i['latest']['value'])} ({i['latest']['year']})")
        out.append(f"    {lab('baseline')}: {fmt(i['baseline']['value'])} ({i['baseline']['year']})")
        target_year = i["target"]["year"] or "–"
        out.append(f"    {lab('target')}: {fmt(i['target']['value'])} ({target_year})")
        out.append(f"    {lab('status')}: {i['status_label']}; {lab('trend')}: "
                   f"{label('trend', i['trend'], lang)}")
        if i["value"]["source"]:
            out.append(f"    {lab('source')}: {i['value']['source']}")
    out += ["", h("progress", year=year), "", doc["progress_text"], ""]
    if doc["missing"]:
        out += [h("missing"), ""]
        names = {i["id"]: i["name"] for i in doc["indicators"]}
        names |= {g["id"]: g["title"] for g in doc["goals"]}
        for m in doc["missing"]:
            out.append(f"- {names.get(m['id'], m['id'])} ({m['field']}): {m['reason']}")
        out.append("")
    return "\n".join(out)


def write_export(doc: dict[str, Any], out_dir: str | Path) -> list[Path]:
    """Validate, then write sitoumus2050_<year>.json, .csv and .txt into out_dir."""
    check_export(doc)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"sitoumus2050_{doc['report_year']}"
    paths = [stem.with_suffix(".json"), stem.with_suffix(".csv"), stem.with_suffix(".txt")]
    paths[0].write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with paths[1].open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(export_rows(doc))
    paths[2].write_text(export_text(doc), encoding="utf-8")
    return paths


__all__ = ["sitoumus_export", "check_export", "write_export", "export_rows", "export_text",
           "ExportInvalid", "schema"]
