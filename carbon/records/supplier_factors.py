"""What importing suppliers' answers writes: one `supplier-specific` factor per supplier and
answer year in the organisation's own factor folder (kgCO2e/EUR of that year, citing the answer
file and row; earlier years fall back to the factor the supplier's lines had) and a `supplier`
mapping rule per supplier pointing to its latest answer. Pure: texts; app/suppliers.py writes.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from carbon.errors import InputError
from carbon.readers.factors import parse_factor_entry
from carbon.suppliers.answers import Answer
from carbon.suppliers.request import request_spec

from .factor_import import MAPPING_HEADER, slug

FACTOR_FILE = "supplier_answers.yaml"
SUPPLIER = "supplier"


@dataclass(frozen=True)
class SupplierFactor:
    """One answer as a factor: its id, value (kgCO2e/EUR of the year) and what it rests on."""

    answer: Answer
    factor_id: str
    value: float
    eur: float                   # the supplier's spend of the year the value is spread over
    fallback: str                # the factor of years before the answer
    source_group: str
    category: int


def factor_id(supplier_id: str, year: int) -> str:
    """supplier_<business id>_<year>, e.g. supplier_2990037_9_2021."""
    return f"supplier_{slug(supplier_id) or 'x'}_{year}"


def factor_entry(f: SupplierFactor, last_year: int | None, sha: str) -> dict[str, Any]:
    """The factor file entry of one answer (years up to the next answer's, then open)."""
    a = f.answer
    checks = request_spec()["checks"]
    name = a.supplier_name or a.supplier_id
    details = {"supplier_id": a.supplier_id, "file": a.file.name, "row": a.row, "sha256": sha, "basis": a.basis,
               "scopes": list(a.scopes), "gases": a.gases, "verified": a.verified,
               "verifier": a.verifier, "documents": a.documents, "spend_eur": round(f.eur, 2)}
    return {
        "id": f.factor_id,
        "name": {"fi": f"{name}: toimittajan oma luku {a.year}",
                 "sv": f"{name}: leverantörens egen siffra {a.year}",
                 "en": f"{name}: the supplier's own figure {a.year}"},
        "scope": 3, "category": f.category, "method": "supplier-specific", "unit": "kgCO2e/EUR",
        "value": float(f"{f.value:.10g}"), "years": [a.year, last_year], "price_year": a.year,
        "source": {"publisher": f"{name} ({a.supplier_id})",
                   "title": f"Supplier answer {a.file.name}, row {a.row}", "year": a.year},
        "provenance": {"tier": "published", "where": f"{a.file.name}, row {a.row}"},
        "uncertainty": {"gsd": float(checks["gsd_verified" if a.verified else "gsd_unverified"])},
        "fallback_factor": f.fallback,
        "answer": details,
        "note": f"Imported with `build.py suppliers import`: {a.basis}, over the {a.year} spend "
                f"of {f.eur:.2f} EUR; scopes {', '.join(map(str, a.scopes))}; "
                f"{'verified' + (' by ' + a.verifier if a.verifier else '') if a.verified else 'not verified by a third party'}.",
    }


def unit_factor_entry(f: SupplierFactor) -> dict[str, Any] | None:
    """For an answer given per physical unit (kgCO2e/night, /kWh): that intensity as a factor
    of its own (`<id>_per_unit`), for scenarios (the supplier_factor lever's `factor:`); no
    mapping rule points to it."""
    a = f.answer
    if a.intensity is None or not a.intensity_unit:
        return None
    checks = request_spec()["checks"]
    name = a.supplier_name or a.supplier_id
    return {
        "id": f"{f.factor_id}_per_unit",
        "name": {"fi": f"{name}: toimittajan oma intensiteetti {a.year}",
                 "sv": f"{name}: leverantörens egen intensitet {a.year}",
                 "en": f"{name}: the supplier's own intensity {a.year}"},
        "scope": 3, "category": f.category, "method": "supplier-specific",
        "unit": a.intensity_unit, "value": float(f"{a.intensity:.10g}"), "years": [a.year, None],
        "source": {"publisher": f"{name} ({a.supplier_id})",
                   "title": f"Supplier answer {a.file.name}, row {a.row}", "year": a.year},
        "provenance": {"tier": "published", "where": f"{a.file.name}, row {a.row}"},
        "uncertainty": {"gsd": float(checks["gsd_verified" if a.verified else "gsd_unverified"])},
        "answer": {"supplier_id": a.supplier_id, "file": a.file.name, "row": a.row,
                   "per_unit": True},
        "note": "The supplier's stated intensity, for scenarios (supplier_factor lever).",
    }


def factor_file_text(existing: list[dict[str, Any]], new: list[SupplierFactor],
                     shas: dict[Path, str], file: Path) -> str:
    """The supplier factor file: the entries of earlier imports kept, those of the imported
    suppliers' years replaced; each supplier's years chained (a year's factor applies until the
    next answer's year); every entry checked by the factor library's parser."""
    by_id = {e["id"]: e for e in existing}
    for f in new:
        by_id[f.factor_id] = factor_entry(f, None, shas[f.answer.file])
        by_id.pop(f"{f.factor_id}_per_unit", None)
        if (unit := unit_factor_entry(f)) is not None:
            by_id[unit["id"]] = unit
    chains: dict[str, list[dict[str, Any]]] = {}
    entries = [e for e in by_id.values() if e["answer"].get("per_unit")]
    for e in by_id.values():
        if not e["answer"].get("per_unit"):
            chains.setdefault(str(e["answer"]["supplier_id"]), []).append(e)
    for chain in chains.values():
        chain.sort(key=lambda e: e["years"][0])
        for i, e in enumerate(chain):
            e["years"] = [e["years"][0], chain[i + 1]["years"][0] - 1 if i + 1 < len(chain)
                          else None]
            if i > 0:  # the first keeps its own: the factor before any answer
                e["fallback_factor"] = chain[i - 1]["id"]
        entries += chain
    entries.sort(key=lambda e: e["id"])
    for i, entry in enumerate(entries):
        parse_factor_entry(entry, str(file), i)
    header = ("# Supplier-specific emission factors from suppliers' answers, written by\n"
              "# `build.py suppliers import`. Importing the answers again rewrites this file:\n"
              "# correct the answer, not this file.\n")
    return header + yaml.safe_dump({"factors": entries}, allow_unicode=True, sort_keys=False,
                                   width=100)


def mapping_text(text: str, rules: dict[str, tuple[str, str, str]], file: Path
                 ) -> tuple[str, dict[str, str]]:
    """The mapping file with a `supplier` rule per supplier id (factor id, source group, note):
    an existing rule of the supplier replaced in place, a new one appended, every other line
    as it was. Returns the text and what happened to each supplier (added, replaced, unchanged)."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text))
    records, start = [], 0
    for rec in reader:
        records.append((rec, "".join(lines[start:reader.line_num])))
        start = reader.line_num
    if not records:
        records = [(list(MAPPING_HEADER), ",".join(MAPPING_HEADER) + "\n")]
    header = [c.strip() for c in records[0][0]]
    if not all(k in header for k in MAPPING_HEADER[:4]):
        raise InputError(file, f"the mapping file's header is {header}, expected "
                         f"{MAPPING_HEADER}", row=1, code="mapping_header_invalid",
                         params={"header": ", ".join(header),
                                 "expected": ", ".join(MAPPING_HEADER)})
    col = {name: i for i, name in enumerate(header)}

    def line(values: dict[str, str]) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([values.get(h, "") for h in header])
        return buf.getvalue()

    done: dict[str, str] = {}
    out = [records[0][1] if records[0][1].endswith("\n") else records[0][1] + "\n"]
    for rec, raw in records[1:]:
        get = lambda k: rec[col[k]].strip() if col.get(k) is not None and col[k] < len(rec) else ""  # noqa: E731
        key = get("key")
        if get("match") == SUPPLIER and key in rules and key not in done:
            fid, group, note = rules[key]
            same = get("factor_id") == fid and get("source_group") == group
            done[key] = "unchanged" if same else "replaced"
            out.append(raw if same else line({"match": SUPPLIER, "key": key, "factor_id": fid,
                                              "source_group": group, "note": note}))
        else:
            out.append(raw)
    if out and not out[-1].endswith("\n"):
        out[-1] += "\n"
    for key, (fid, group, note) in rules.items():
        if key not in done:
            out.append(line({"match": SUPPLIER, "key": key, "factor_id": fid,
                             "source_group": group, "note": note}))
            done[key] = "added"
    return "".join(out), done
