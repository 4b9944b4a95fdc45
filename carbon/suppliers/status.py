"""The status of each supplier's data request per year (asked, answered, accepted, declined),
kept in a YAML file in the organisation's folder: read here, its new text made here; the
application layer writes it."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from carbon.errors import InputError
from carbon.yamlfile import read_mapping

STATUSES = ("asked", "answered", "accepted", "declined")
HEADER = ("# Supplier data requests: the status of each supplier's request per year (asked,\n"
          "# answered, accepted, declined). Written by `build.py suppliers request`, `import` and\n"
          "# `status`; a status may also be edited here.\n")


def read_status(path: Path) -> dict[str, dict[int, dict[str, Any]]]:
    """supplier id -> year -> {status, date, ...}; an empty record when the file does not exist."""
    if not path.exists():
        return {}
    doc = read_mapping(path, "supplier status file").get("suppliers") or {}
    if not isinstance(doc, dict):
        raise InputError(path, "expected 'suppliers:' mapping business ids to years",
                         key="suppliers", code="supplier_status_invalid",
                         params={"detail": "suppliers"})
    out: dict[str, dict[int, dict[str, Any]]] = {}
    for sid, years in doc.items():
        if not isinstance(years, dict):
            raise InputError(path, f"supplier {sid}: expected years", key=str(sid),
                             code="supplier_status_invalid", params={"detail": str(sid)})
        out[str(sid)] = {}
        for year, rec in years.items():
            if year == "name":
                continue
            if not isinstance(year, int) or not isinstance(rec, dict) \
                    or rec.get("status") not in STATUSES:
                raise InputError(path, f"supplier {sid}, {year}: a status is one of "
                                 f"{', '.join(STATUSES)}", key=f"{sid}.{year}",
                                 code="supplier_status_invalid", params={"detail": f"{sid}.{year}"})
            out[str(sid)][year] = dict(rec)
    return out


def with_status(records: dict[str, dict[int, dict[str, Any]]], supplier_id: str, year: int,
                status: str, **details: Any) -> dict[str, dict[int, dict[str, Any]]]:
    """The records with one supplier's status of a year set (its other details kept)."""
    if status not in STATUSES:
        raise ValueError(status)
    out = {k: {y: dict(r) for y, r in v.items()} for k, v in records.items()}
    rec = out.setdefault(supplier_id, {}).setdefault(year, {})
    rec.update({"status": status, **{k: v for k, v in details.items() if v not in (None, "")}})
    return out


def status_text(records: dict[str, dict[int, dict[str, Any]]], names: dict[str, str]) -> str:
    """The status file's text: suppliers in order of business id, years in order."""
    doc = {sid: {**({"name": names[sid]} if names.get(sid) else {}),
                 **{y: records[sid][y] for y in sorted(records[sid])}}
           for sid in sorted(records)}
    return HEADER + yaml.safe_dump({"suppliers": doc}, allow_unicode=True, sort_keys=False,
                                   width=100)
