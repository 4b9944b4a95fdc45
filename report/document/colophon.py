"""The cover's date and the colophon (publisher, approval, contact, address, identifier) from
the organisation's `report:` settings; what is not given is left out rather than invented."""
from __future__ import annotations

import datetime as dt
from typing import Any

from carbon.errors import InputError
from carbon.readers.settings import Organisation
from sdg.goals import localized

#: the colophon's settings under `report.colophon`, in the order shown
FIELDS = ("approved", "contact", "address", "identifier")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def format_date(day: dt.date, lang: str) -> str:
    """A date as the language writes it: 29.4.2022 (fi, sv), 29 April 2022 (en)."""
    if lang == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return f"{day.day}.{day.month}.{day.year}"


def _date(value: Any, org: Organisation, key: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(org.file, f"{key} must be a date (YYYY-MM-DD), not {value!r}", key=key,
                         code="report_date_invalid", params={"value": repr(value)}) from None


def reopened_notes(org: Organisation, year: int | None, strings: dict[str, Any],
                   lang: str) -> list[str]:
    """A sentence for each time the published report of `year` was reopened (its frozen
    record's `publication.reopened`, written by the workbench's reopen), so that a build after
    it says so."""
    if year is None:
        return []
    from carbon.records.freeze import record_path
    from carbon.yamlfile import read_mapping
    path = record_path(org.file, year)
    if not path.is_file():
        return []
    publication = read_mapping(path, "freeze record").get("publication") or {}
    notes = []
    for entry in publication.get("reopened") or [] if isinstance(publication, dict) else []:
        if not isinstance(entry, dict):
            continue
        try:
            day = dt.datetime.fromisoformat(str(entry.get("at"))).date()
        except ValueError:
            continue
        notes.append(strings["colophon"]["reopened"].format(
            year=year, date=format_date(day, lang), by=entry.get("by") or "",
            reason=entry.get("reason") or ""))
    return notes


def cover_and_colophon(org: Organisation, strings: dict[str, Any], lang: str,
                       today: dt.date | None = None, year: int | None = None) -> dict[str, Any]:
    """{date_line, logo, colophon: [(label, value)], reopened: [sentence]}: the publication date when the settings
    give `report.published`, else the day the file was prepared; the logo path (relative to
    the content folder) when given; the colophon rows that have a value."""
    report = org.raw.get("report") or {}
    s = strings["colophon"]
    published = _date(report.get("published"), org, "report.published")
    date_line = s["published"].format(date=format_date(published, lang)) if published else \
        s["prepared"].format(date=format_date(today or dt.date.today(), lang))
    settings = report.get("colophon") or {}
    if not isinstance(settings, dict):
        raise InputError(org.file, "report.colophon must be a mapping", key="report.colophon",
                         code="yaml_not_mapping")
    rows = [(s["publisher"], org.name_in(lang))]
    for key in FIELDS:
        value = settings.get(key)
        if key == "approved":
            day = _date(value, org, "report.colophon.approved")
            value = format_date(day, lang) if day else None
        elif isinstance(value, dict):
            value = localized(value, lang)
        if value:
            rows.append((s[key], str(value)))
    return {"date_line": date_line, "logo": report.get("logo") or None, "colophon": rows,
            "tool_note": s["tool"], "reopened": reopened_notes(org, year, strings, lang)}
