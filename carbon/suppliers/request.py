"""A request for one supplier's own emissions data: the letter in its language and the
template it returns (CSV text and an XLSX workbook), from carbon/suppliers/request.yaml.
Pure: texts and bytes; the application layer writes the files."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from carbon.numbers import format_number
from carbon.yamlfile import read_mapping

SPEC_FILE = Path(__file__).with_name("request.yaml")


@lru_cache(maxsize=1)
def request_spec() -> dict[str, Any]:
    """The letters, the template's fields and the checks' limits."""
    return read_mapping(SPEC_FILE, "supplier request texts")


@dataclass(frozen=True)
class Letter:
    """One supplier's request: the letter and the template to return."""

    supplier_id: str
    supplier_name: str
    year: int
    lang: str
    subject: str
    text: str
    csv_text: str
    xlsx: bytes


def template_row(supplier_id: str, supplier_name: str, year: int) -> dict[str, Any]:
    """The template's one row, with what the agency already knows filled in."""
    row: dict[str, Any] = {f: "" for f in request_spec()["fields"]}
    row.update({"supplier_id": supplier_id, "supplier_name": supplier_name, "year": year})
    return row


def template_csv(row: dict[str, Any]) -> str:
    """The template as CSV: the field names, then the supplier's row."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(request_spec()["fields"]), lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    return buf.getvalue()


def template_xlsx(row: dict[str, Any], lang: str) -> bytes:
    """The template as a workbook: the answer sheet (field names, the supplier's row) and a
    sheet explaining each field in the supplier's language."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    spec = request_spec()
    texts = spec[lang]
    fields = list(spec["fields"])
    book = Workbook()
    answer = book.active
    answer.title = texts["sheet_answer"]
    answer.append(fields)
    answer.append([row.get(f, "") for f in fields])
    for cell in answer[1]:
        cell.font = Font(bold=True)
    for i, f in enumerate(fields):
        answer.column_dimensions[answer.cell(1, i + 1).column_letter].width = max(14, len(f) + 2)
    help_sheet = book.create_sheet(texts["sheet_help"])
    help_sheet.append([texts["help_title"].format(sheet=texts["sheet_answer"])])
    for f in fields:
        help_sheet.append([f, texts["field_help"][f]])
    help_sheet.column_dimensions["A"].width = 20
    help_sheet.column_dimensions["B"].width = 90
    buf = io.BytesIO()
    book.properties.creator = "vastuu"
    book.save(buf)
    return buf.getvalue()


def letter(supplier: dict[str, Any], org_name: str, year: int, lang: str, deadline: str
           ) -> Letter:
    """The letter and template of one supplier row of the supplier table (id, name, eur,
    tco2e, kg_per_eur, source_groups)."""
    texts = request_spec()[lang]
    fmt = lambda v, d: format_number(v, d, lang)  # noqa: E731
    subject = texts["subject"].format(org=org_name, year=year)
    text = texts["letter"].format(
        org=org_name, year=year, supplier=supplier["supplier_name"],
        supplier_id=supplier["supplier_id"], subject=subject, eur=fmt(supplier["eur"], 0),
        tco2e=fmt(supplier["tco2e"], 1), kg_per_eur=fmt(supplier["kg_per_eur"], 3),
        groups=supplier["source_groups"], deadline=deadline)
    row = template_row(supplier["supplier_id"], supplier["supplier_name"], year)
    return Letter(supplier["supplier_id"], supplier["supplier_name"], year, lang, subject, text,
                  template_csv(row), template_xlsx(row, lang))
