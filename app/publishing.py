"""The indicators (the commitment's and the performance agreement's), the Sitoumus 2050 export
and the GRI 305 / ESRS E1-6 index."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from carbon.errors import InputError
from carbon.readers.inputs import Inputs
from carbon.readers.settings import Organisation
from report.publishing.disclosure.index import disclosure_records
from report.publishing.disclosure.index import write_disclosure as _write_disclosure
from report.publishing.indicators.data import load_indicators
from report.publishing.indicators.resolve import default_year, indicator_records, indicator_table
from report.publishing.sitoumus.export import (check_export, export_files, export_name, export_summary,
                                               write_export)
from report.publishing.sitoumus.export import sitoumus_export as _sitoumus_export
from report.publishing.sitoumus.publish import Plan, credentials, plan_requests, request_lines, send

from .organisation import pick_year


SETS = ("commitment", "performance")


@dataclass
class Indicators:
    """Each indicator of a set (the commitment's, the performance agreement's, or both) up to a
    reporting year: formatted records (latest value, baseline, target, trend, status and why a
    value is missing, in a language) and the same as a table of codes with a `set` column."""

    org: Organisation
    year: int
    records: list[dict[str, Any]]
    table: pd.DataFrame
    kind: str = "commitment"
    #: the performance agreement's period and the years it is in force (None without it)
    agreement_years: tuple[tuple[int, int], tuple[int, int]] | None = None

    @property
    def missing(self) -> list[str]:
        """Names of the indicators without any value up to the year."""
        return [r["name"] for r in self.records if r["latest_value"] is None]


def indicator_sets(inputs: Inputs) -> list[str]:
    """The indicator sets the organisation keeps (commitment, performance)."""
    raw = inputs.org.raw
    return [s for s, key in (("commitment", "commitment"), ("performance", "performance"))
            if isinstance(raw.get(key), dict) and raw[key].get("indicators" if s == "commitment"
                                                               else "file")]


def indicators(inputs: Inputs, year: int | None = None, lang: str = "fi",
               kind: str = "commitment") -> Indicators:
    """The indicators of the set `kind` ("commitment", "performance" or "all": every set the
    organisation keeps) of `year` (default: the latest year with data or an entered value)."""
    if kind != "all" and kind not in SETS:
        raise ValueError(f"unknown indicator set {kind!r} (known: {', '.join(SETS)}, all)")
    kinds = indicator_sets(inputs) if kind == "all" else [kind]
    year = year if year is not None else max(default_year(inputs, None, k) for k in kinds)
    records = [r for k in kinds for r in indicator_records(inputs, None, year, lang, k)]
    tables = [indicator_table(inputs, None, year, lang, k) for k in kinds]
    table = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
    years = None
    if "performance" in kinds:
        agreement = load_indicators(inputs.org, "performance").agreement
        years = (agreement.period, agreement.in_force)
    return Indicators(org=inputs.org, year=year, records=records, table=table, kind=kind,
                      agreement_years=years)


def write_indicators(result: Indicators, out_dir: str | Path) -> Path:
    """indicators_<year>.csv (the commitment's) or indicators_<set>_<year>.csv into out_dir."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    infix = "" if result.kind == "commitment" else f"{result.kind}_"
    path = out / f"indicators_{infix}{result.year}.csv"
    result.table.to_csv(path, index=False)
    return path


def sitoumus_export(inputs: Inputs, year: int, lang: str = "fi") -> dict[str, Any]:
    """The Sitoumus 2050 progress export of a reporting year, as a JSON-ready document."""
    return _sitoumus_export(inputs, year, lang)


def sitoumus_summary(doc: dict[str, Any]) -> dict[str, Any]:
    """What the export holds: title, id, year, operations (from goals and from actions), meters."""
    return export_summary(doc)


def sitoumus_file(doc: dict[str, Any], kind: str) -> tuple[str, str]:
    """One of the validated export's files (json, csv or txt) as its name and text, written nowhere."""
    return export_name(doc, kind), export_files(doc)[kind]


def write_sitoumus(doc: dict[str, Any], out_dir: str | Path) -> list[Path]:
    """Validate the export, then write sitoumus2050_<year>.json, .csv and .txt into out_dir."""
    return write_export(doc, out_dir)


def validate_sitoumus(path: str | Path) -> dict[str, Any]:
    """Read a sitoumus2050_<year>.json and check it against the schema; returns the document
    (ExportInvalid lists what does not hold)."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"not a readable JSON file: {exc}", code="json_unreadable",
                         params={"detail": exc}) from None
    check_export(doc)
    return doc


def sitoumus_plan(doc: dict[str, Any], base_url: str | None = None) -> Plan:
    """The requests `sitoumus publish` sends for an export (after the form's rules), and the
    reports it holds back with the fields the form would require."""
    check_export(doc)
    return plan_requests(doc, base_url)


def sitoumus_request_lines(plan: Plan) -> list[str]:
    """The requests as printed by a dry run (no credentials)."""
    return request_lines(plan)


def sitoumus_send(plan: Plan) -> list[dict[str, Any]]:
    """Send the requests, signed in with the credentials from the environment."""
    user, password = credentials()
    return send(plan, user, password)


@dataclass
class Disclosure:
    """The GRI 305 / ESRS E1-6 index of a year: one record per datapoint (code, ESRS code,
    label, formatted value, unit, note, missing)."""

    org: Organisation
    year: int
    records: list[dict[str, Any]]


def disclosure(inputs: Inputs, year: int | None = None, lang: str = "fi") -> Disclosure:
    """The index of `year` (default: the latest with data)."""
    year = pick_year(inputs, year)
    return Disclosure(org=inputs.org, year=year, records=disclosure_records(inputs, year, lang))


def write_disclosure(inputs: Inputs, year: int, out_dir: str | Path, lang: str = "fi") -> Path:
    """disclosure_<year>.csv (numbers as plain decimals) into out_dir."""
    return _write_disclosure(inputs, year, out_dir, lang)
