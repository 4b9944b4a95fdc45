"""Sitoumus 2050 export: the commitment and its report of one year in the platform's own data
model, built from the commitment file and the indicators.

`sitoumus_export(inputs, year, lang)` gives a dict in the structure of
schemas/sitoumus2050.schema.json: a few fields of our own (format, language, report year,
missing …) around `commitment`, the platform's Commitment record in fi, sv and en with its
operations, meters and the year's reports (see sitoumus_model.py for how our goals and
actions become operations). `lang` is the language of the meter levels (numbers are written
in it) and of the paste texts. `check_export` validates against the schema and checks that
every empty field is listed in `missing`; `write_export` writes JSON, CSV (one row per
operation and meter) and the paste texts (sitoumus_text.py).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from carbon.errors import OptionError, VastuuError
from carbon.readers.inputs import Inputs

from report.publishing.indicators.data import load_indicators
from .model import LANGS, Missing, commitment_record, label, locale, platform_doc
from .text import export_text, paste_texts

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "sitoumus2050.schema.json"
FORMAT = "vastuu-sitoumus2050-export"
CSV_COLUMNS = ["type", "operationId", "meterId", "title", "description", "startingLevel",
               "targetLevel", "currentLevel", "progress", "reportText"]


class ExportInvalid(VastuuError):
    """The export does not match the schema (or leaves a value empty without listing it)."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("Sitoumus 2050 export is not valid against "
                         f"{SCHEMA_FILE.name}:\n  " + "\n  ".join(errors))


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def sitoumus_export(inputs: Inputs, year: int, lang: str = "fi",
                    today: dt.date | None = None) -> dict[str, Any]:
    """The export of one reporting year (must be within the commitment period)."""
    org = inputs.org
    iset = load_indicators(org)
    c = iset.commitment
    first, last = c.period
    if not first <= year <= last:
        raise OptionError("year", f"the report year {year} is outside the commitment period "
                          f"{first}–{last} ({c.file})", code="sitoumus_year_outside",
                          params={"year": year, "first": first, "last": last,
                                  "file": Path(c.file).name})
    missing = Missing(lang)
    record = commitment_record(iset, inputs, year, lang, missing)
    return {
        "format": FORMAT, "format_version": 3, "language": lang,
        "generated": (today or dt.date.today()).isoformat(), "report_year": year,
        "organisation": {"id": org.id, "name": org.name_in(lang)},
        "illustrative": org.illustrative_in(lang) or None,
        "url": c.doc.get("url"),
        "commitment": record,
        "missing": missing.entries,
        "not_exported": missing.not_exported,
        "unconfirmed": ([{"field": "categoryIds", "reason": label("unconfirmed.categoryIds", lang)}]
                        if record["categoryIds"] and not platform_doc()["categories"]["confirmed"]
                        else []),
    }


def _empty_fields(doc: dict[str, Any]) -> list[tuple[str, str, str, str | None]]:
    """(JSON path, id, field, language) of every null field of the record."""
    out = []
    suffix = {locale(lang): lang for lang in LANGS}

    def visit(obj: dict[str, Any], path: str, oid: str) -> None:
        for key, value in obj.items():
            if obj.get("meterValueType") == "REALIZED" and key in (
                    "startingLevel", "targetLevel", "meterChartType"):
                continue  # a yes/no meter has no levels (the form clears them)
            if key == "commitmentArticleId":
                continue  # the commitment's id, listed once for the commitment
            if value is None:
                field, lang = key, None
                for loc, code in suffix.items():
                    if key.endswith("_" + loc):
                        field, lang = key[:-len(loc) - 1], code
                out.append((f"{path}.{key}", oid, field, lang))

    rec = doc["commitment"]
    visit(rec, "$.commitment", "commitment")
    for i, op in enumerate(rec["operations"]):
        visit(op, f"$.commitment.operations[{i}]", op["operationId"])
        for j, m in enumerate(op["meters"]):
            visit(m, f"$.commitment.operations[{i}].meters[{j}]", m["meterId"])
        for k, rep in enumerate(op["reports"]):
            for j, m in enumerate(rep["reportMeters"]):
                visit(m, f"$.commitment.operations[{i}].reports[{k}].reportMeters[{j}]",
                      m["commitmentOperationMeterRefId"])
    return out


def check_export(doc: dict[str, Any]) -> None:
    """Validate against the schema, then that every empty field is listed in `missing`.
    Raises ExportInvalid listing every problem (JSON path: message)."""
    validator = jsonschema.Draft202012Validator(schema(),
                                                format_checker=jsonschema.FormatChecker())
    errors = [f"{e.json_path}: {e.message}"
              for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.path))]
    if not errors:
        listed = {(m["id"], m["field"], lang) for m in doc["missing"]
                  for lang in (m["languages"] or [None])}
        for path, oid, field, lang in _empty_fields(doc):
            if (oid, field, lang) not in listed:
                errors.append(f"{path}: empty but not listed in $.missing")
    if errors:
        raise ExportInvalid(errors)


def export_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The record flattened for a spreadsheet, in the export's language: one row per operation
    (with its progress and report text) and one per meter (with its levels)."""
    loc = locale(doc["language"])
    rows = []
    for op in doc["commitment"]["operations"]:
        rep = op["reports"][0] if op["reports"] else {}
        rows.append({"type": "operation", "operationId": op["operationId"],
                     "title": op[f"operationTitle_{loc}"],
                     "description": op[f"operationDescription_{loc}"],
                     "progress": rep.get("progress"), "reportText": rep.get(f"reportText_{loc}")})
        current = {m["commitmentOperationMeterRefId"]: m["currentLevel"]
                   for m in rep.get("reportMeters", [])}
        for m in op["meters"]:
            rows.append({"type": "meter", "operationId": op["operationId"],
                         "meterId": m["meterId"], "title": m[f"meterType_{loc}"],
                         "startingLevel": m["startingLevel"], "targetLevel": m["targetLevel"],
                         "currentLevel": current.get(m["meterId"])})
    return [{k: ("" if r.get(k) is None else r.get(k)) for k in CSV_COLUMNS} for r in rows]


def export_summary(doc: dict[str, Any]) -> dict[str, Any]:
    """What the command prints: title (in the export's language, else Finnish), id, year, and
    the numbers of operations from goals and from actions, and of indicator (NUMBER) meters."""
    rec, lang = doc["commitment"], doc["language"]
    ops = rec["operations"]
    actions = sum(1 for op in ops if "." in op["operationId"])
    return {"title": rec[f"title_{locale(lang)}"] or rec[f"title_{locale('fi')}"] or "",
            "id": rec["id"] or "–", "year": doc["report_year"], "operations": len(ops),
            "goals": len(ops) - actions, "actions": actions,
            "indicators": sum(m["meterValueType"] == "NUMBER" for op in ops for m in op["meters"])}


def export_files(doc: dict[str, Any]) -> dict[str, str]:
    """Validate, then the export's three files as text by their suffix: json, csv and txt."""
    check_export(doc)
    table = io.StringIO(newline="")
    writer = csv.DictWriter(table, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(export_rows(doc))
    return {"json": json.dumps(doc, ensure_ascii=False, indent=2) + "\n",
            "csv": table.getvalue(), "txt": export_text(doc)}


def export_name(doc: dict[str, Any], kind: str) -> str:
    """The file name of one of the export's files: sitoumus2050_<year>.<kind>."""
    return f"sitoumus2050_{doc['report_year']}.{kind}"


def write_export(doc: dict[str, Any], out_dir: str | Path) -> list[Path]:
    """Validate, then write sitoumus2050_<year>.json, .csv and .txt into out_dir."""
    files = export_files(doc)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind, text in files.items():
        path = out / export_name(doc, kind)
        with path.open("w", newline="", encoding="utf-8") as f:
            f.write(text)
        paths.append(path)
    return paths


__all__ = ["sitoumus_export", "check_export", "write_export", "export_files", "export_name", "export_rows", "export_text",
           "export_summary", "paste_texts", "ExportInvalid", "schema"]
