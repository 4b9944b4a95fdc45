"""GRI 305 (305-1 … 305-5) and ESRS E1-6 (§44–§55) disclosure index of one year's carbon figures.

The items, their codes (GRI item, ESRS paragraph, EFRAG datapoint id), labels and notes are
data (items.yaml; the valid codes in codes.yaml); metrics.py
computes the figure of each item from the inventory of the year (and of the base year) and
leaves a figure empty, with a note why, when the data does not give it. This module gives the
index as a table, as formatted records and as a CSV.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from carbon.errors import InputError
from carbon.readers.inputs import Inputs
from carbon.numbers import format_number

from . import metrics
from .metrics import ITEMS_FILE, t

COLUMNS = ["code", "esrs", "datapoint", "label", "value", "unit", "note"]


def items_doc() -> dict[str, Any]:
    """items.yaml as read (see metrics.items_doc)."""
    return metrics.items_doc()


def _rows(inputs: Inputs, year: int, lang: str) -> list[dict[str, Any]]:
    c = metrics.Context(inputs, year, lang)
    out = []
    for item in items_doc()["items"]:
        compute = metrics.METRICS.get(item.get("metric"))
        if compute is None:
            raise InputError(ITEMS_FILE, f"unknown metric '{item.get('metric')}'",
                             key=item.get("metric"))
        out += compute(item, c)
    return out


def disclosure_index(inputs: Inputs, year: int, lang: str = "fi") -> pd.DataFrame:
    """The index as a table: code (GRI), esrs, datapoint (EFRAG ids), label, value (a number in
    `unit`, a text, or None when the data does not give it), unit, note."""
    return pd.DataFrame([{k: r[k] for k in COLUMNS} for r in _rows(inputs, year, lang)],
                        columns=COLUMNS)


def unit_label(unit: str, lang: str = "fi") -> str:
    labels = items_doc()["unit_labels"]
    return t(labels[unit], lang) if unit in labels else unit


def format_value(value: Any, unit: str, decimals: int = 1, lang: str = "fi") -> str:
    """A number formatted for the language ('38 269,5'), a text as is, '–' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, str):
        return value
    if unit == "year":
        return str(int(value))
    return format_number(float(value), decimals, lang)


def disclosure_records(inputs: Inputs, year: int, lang: str = "fi") -> list[dict[str, Any]]:
    """The index for a Jinja template: code, label, value (formatted, '–' if missing), unit
    (display label), note, plus missing (bool); code is the GRI 305 code ('' for an ESRS-only
    item), esrs the ESRS E1 code of the same datapoint ('' if none), datapoint its EFRAG id."""
    out = []
    for r in _rows(inputs, year, lang):
        out.append({"code": r["code"], "esrs": r["esrs"], "datapoint": r["datapoint"],
                    "label": r["label"],
                    "value": format_value(r["value"], r["unit"], r["decimals"], lang),
                    "unit": unit_label(r["unit"], lang), "note": r["note"],
                    "missing": r["value"] is None})
    return out


def write_disclosure(inputs: Inputs, year: int, out_dir: str | Path, lang: str = "fi") -> Path:
    """disclosure_<year>.csv: the index with numbers as plain decimals (3 decimals)."""
    frame = disclosure_index(inputs, year, lang)
    frame["value"] = [round(v, 3) if isinstance(v, float) else v for v in frame["value"]]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"disclosure_{year}.csv"
    frame.to_csv(path, index=False)
    return path
