"""Suppliers' answers (the returned template, CSV or XLSX): each row read and checked (fields,
units with pint, year, coverage) into an `Answer` with the kgCO2e it allocates to the
organisation; `review_notes` sets them against the spend-based figure (plausibility).

Errors raise InputError naming the file, row and column; review notes are Findings (they do
not stop the import)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pint

from carbon.errors import InputError
from carbon.readers.checks import Finding
from carbon.textfile import read_table
from carbon.units import Q_, parse_unit

from .request import request_spec


@dataclass(frozen=True)
class Answer:
    """One supplier's answer for one year, checked."""

    file: Path
    row: int
    supplier_id: str
    supplier_name: str
    year: int
    kgco2e: float | None          # allocated to the organisation (None: an intensity per euro)
    kg_per_eur: float | None      # the intensity per euro of that year, when given so
    basis: str                    # what the figure was given as, in words (English)
    allocation_method: str
    scopes: tuple[int, ...]
    gases: str
    verified: bool | None
    verifier: str
    documents: str
    contact: str
    values: dict[str, str] = field(default_factory=dict)
    #: the intensity per physical unit as stated (kgCO2e/night ...), when answered so
    intensity: float | None = None
    intensity_unit: str = ""


def _fail(file: Path, row: int, column: str, english: str, code: str, **params: Any) -> InputError:
    return InputError(file, english, row=row, column=column, code=code,
                      params={"column": column, **params})


def _number(text: str, file: Path, row: int, column: str) -> float | None:
    """A number as written in fi/sv/en ('1 234,5', '1234.5'); None for an empty cell."""
    raw = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip()
    if not raw:
        return None
    if re.fullmatch(r"-?\d+(,\d+)?", raw):
        raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        raise _fail(file, row, column, f"{text!r} is not a number", "supplier_answer_number",
                    value=text) from None
    if not math.isfinite(value) or value < 0:
        raise _fail(file, row, column, f"{text!r} is not a non-negative number",
                    "supplier_answer_number", value=text)
    return value


def _scopes(text: str, file: Path, row: int) -> tuple[int, ...]:
    """'1, 2, 3' or '1+2' -> (1, 2, 3); the required scopes (1 and 2) must be among them."""
    parts = [p for p in re.split(r"[\s,;+&/]+|\band\b|\bja\b|\boch\b", text.lower()) if p]
    parts = [p.removeprefix("scope") for p in parts if p != "scope"]
    if not parts or not all(p in ("1", "2", "3") for p in parts):
        raise _fail(file, row, "scopes", f"scopes {text!r}: give the scopes covered as 1, 2, 3",
                    "supplier_answer_scopes", value=text)
    scopes = tuple(sorted({int(p) for p in parts}))
    required = tuple(request_spec()["checks"]["required_scopes"])
    missing = [s for s in required if s not in scopes]
    if missing:
        raise _fail(file, row, "scopes", f"the figure covers scopes {', '.join(map(str, scopes))}: "
                    f"it must cover at least scopes {', '.join(map(str, required))}",
                    "supplier_answer_coverage", scopes=", ".join(map(str, scopes)),
                    required=", ".join(map(str, required)))
    return scopes


def _yes_no(text: str, file: Path, row: int) -> bool | None:
    checks = request_spec()["checks"]
    word = text.strip().lower()
    if word in checks["yes_words"]:
        return True
    if word in checks["no_words"]:
        return None if not word else False
    raise _fail(file, row, "verification", f"verification {text!r}: answer yes or no",
                "supplier_answer_yes_no", value=text)


def _kg(rec: dict[str, str], file: Path, row: int) -> tuple[float | None, float | None, str]:
    """(kgCO2e allocated, kgCO2e/EUR, basis) from allocated_tco2e, or from an intensity with
    its unit (times the quantity bought when the unit is not per euro)."""
    allocated = _number(rec.get("allocated_tco2e", ""), file, row, "allocated_tco2e")
    intensity = _number(rec.get("intensity", ""), file, row, "intensity")
    if allocated is not None and intensity is not None:
        raise _fail(file, row, "intensity", "give either allocated_tco2e or an intensity, not both",
                    "supplier_answer_both")
    if allocated is not None:
        if not rec.get("allocation_method", "").strip():
            raise _fail(file, row, "allocation_method", "allocated emissions need their "
                        "allocation method (e.g. share of revenue)", "supplier_answer_field_empty")
        return allocated * 1000.0, None, f"{allocated:g} tCO2e allocated " \
            f"({rec['allocation_method'].strip()})"
    if intensity is None:
        raise _fail(file, row, "allocated_tco2e", "the answer gives neither allocated_tco2e nor "
                    "an intensity", "supplier_answer_no_figure")
    unit_text = rec.get("intensity_unit", "").strip()
    if not unit_text:
        raise _fail(file, row, "intensity_unit", "an intensity needs its unit (e.g. kgCO2e/night)",
                    "supplier_answer_field_empty")
    try:
        unit = parse_unit(unit_text)
    except ValueError:
        raise _fail(file, row, "intensity_unit", f"unknown unit {unit_text!r}",
                    "supplier_answer_unit_unknown", unit=unit_text) from None
    if unit.dimensionality.get("[co2e]", 0) != 1:
        raise _fail(file, row, "intensity_unit", f"{unit_text!r} is not a CO2e mass per unit",
                    "supplier_answer_unit_not_co2e", unit=unit_text)
    try:
        per_eur = float((Q_(intensity, unit) * Q_(1.0, "EUR")).to("kgCO2e").magnitude)
        return None, per_eur, f"{intensity:g} {unit_text}"
    except pint.errors.DimensionalityError:
        pass
    quantity = _number(rec.get("quantity", ""), file, row, "quantity")
    q_unit_text = rec.get("quantity_unit", "").strip()
    if quantity is None or not q_unit_text:
        column = "quantity" if quantity is None else "quantity_unit"
        raise _fail(file, row, column, f"an intensity in {unit_text} needs the quantity bought "
                    "and its unit", "supplier_answer_quantity_missing", unit=unit_text)
    try:
        q_unit = parse_unit(q_unit_text)
    except ValueError:
        raise _fail(file, row, "quantity_unit", f"unknown unit {q_unit_text!r}",
                    "supplier_answer_unit_unknown", unit=q_unit_text) from None
    try:
        kg = float((Q_(intensity, unit) * Q_(quantity, q_unit)).to("kgCO2e").magnitude)
    except pint.errors.DimensionalityError:
        raise _fail(file, row, "quantity_unit", f"{quantity:g} {q_unit_text} times {unit_text} is "
                    "not a CO2e mass", "supplier_answer_unit_mismatch", unit=unit_text,
                    quantity_unit=q_unit_text) from None
    return kg, None, f"{intensity:g} {unit_text} × {quantity:g} {q_unit_text}"


def read_answers(path: str | Path, years: range | list[int]) -> list[Answer]:
    """Every filled row of an answer file, checked; a year outside `years` (the years the
    organisation has data for) is an error naming the row and column."""
    path = Path(path)
    frame = read_table(path, "supplier answer file")
    fields = list(request_spec()["fields"])
    missing = [f for f in ("supplier_id", "year", "scopes") if f not in frame.columns]
    if missing:
        raise InputError(path, f"the answer file has no column {missing[0]} (expected the "
                         f"template's columns: {', '.join(fields)})", row=1, column=missing[0],
                         code="supplier_answer_column_missing",
                         params={"column": missing[0], "expected": ", ".join(fields)})
    out = []
    for i, raw in enumerate(frame.to_dict("records")):
        row = i + 2
        rec = {k: str(v).strip() for k, v in raw.items()}
        if not any(rec.get(f) for f in fields if f not in ("supplier_id", "supplier_name", "year")):
            continue  # the template's row, not filled in
        if not rec.get("supplier_id"):
            raise _fail(path, row, "supplier_id", "the business id is empty",
                        "supplier_answer_field_empty")
        year_text = rec.get("year", "")
        if not re.fullmatch(r"\d{4}(\.0)?", year_text) or int(float(year_text)) not in years:
            span = f"{min(years)}–{max(years)}" if years else "–"
            raise _fail(path, row, "year", f"year {year_text!r} is not a year the organisation "
                        f"has data for ({span})", "supplier_answer_year", value=year_text,
                        years=span)
        kg, per_eur, basis = _kg(rec, path, row)
        scopes = _scopes(rec.get("scopes", ""), path, row)
        out.append(Answer(
            file=path, row=row, supplier_id=rec["supplier_id"],
            supplier_name=rec.get("supplier_name", ""), year=int(float(year_text)), kgco2e=kg,
            kg_per_eur=per_eur, basis=basis,
            allocation_method=rec.get("allocation_method", ""), scopes=scopes,
            gases=rec.get("gases", ""), verified=_yes_no(rec.get("verification", ""), path, row),
            verifier=rec.get("verifier", ""), documents=rec.get("documents", ""),
            contact=rec.get("contact", ""), values=rec,
            intensity=_number(rec.get("intensity", ""), path, row, "intensity")
            if kg is not None and rec.get("intensity", "").strip() else None,
            intensity_unit=rec.get("intensity_unit", "").strip()))
    return out


def review_notes(answer: Answer, eur: float, reference_kg: float | None) -> list[Finding]:
    """What to check by hand before accepting an answer: its kgCO2e/EUR beyond the limit (10×
    either way) of the spend-based figure, gases or documents not stated, not verified."""
    notes = []
    where = {"file": str(answer.file), "row": answer.row}
    limit = float(request_spec()["checks"]["ratio_limit"])
    kg = answer.kgco2e if answer.kgco2e is not None else (answer.kg_per_eur or 0.0) * eur
    if reference_kg and reference_kg > 0 and kg > 0:
        ratio = kg / reference_kg
        if ratio > limit or ratio < 1.0 / limit:
            notes.append(Finding("supplier_answer_ratio", english=(
                f"{answer.supplier_id} {answer.year}: {kg / 1000:.1f} tCO2e is {ratio:.3g}× the "
                f"spend-based {reference_kg / 1000:.1f} tCO2e (beyond {limit:g}× either way): "
                "check it before accepting"), column="allocated_tco2e"
                if answer.kgco2e is not None else "intensity",
                params={"supplier": answer.supplier_id, "year": answer.year,
                        "tco2e": f"{kg / 1000:.1f}", "ratio": f"{ratio:.3g}",
                        "spend_based": f"{reference_kg / 1000:.1f}", "limit": f"{limit:g}"},
                **where))
    elif kg == 0:
        notes.append(Finding("supplier_answer_zero", english=(
            f"{answer.supplier_id} {answer.year}: the figure is zero: check it before accepting"),
            column="allocated_tco2e", params={"supplier": answer.supplier_id,
                                              "year": answer.year}, **where))
    for column in ("gases", "documents"):
        if not getattr(answer, column):
            notes.append(Finding("supplier_answer_not_stated", english=(
                f"{answer.supplier_id} {answer.year}: {column} not stated"), column=column,
                params={"supplier": answer.supplier_id, "year": answer.year, "column": column},
                **where))
    return notes
