"""The working group's shared editing, for the workbench and the command line: the year's
status and workflow (draft → approved → published, reopen), the edit rows of indicator values,
facts and chapters, their saves (checked as the command line checks them, merged with changes
made meanwhile or refused as an EditConflict), the history with diffs, and restore.

Every save writes the YAML or Markdown a person would (comments and order kept) and records the
version in the organisation's store, `<org folder>/.vastuu/history.sqlite` (collab/store.py).
Returns results, never prints. Bad input raises carbon.errors.InputError; a published year
YearPublished; a conflicting edit EditConflict."""
from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from collab import chapters as _chapters
from collab import facts as _facts
from collab import indicators as _indicators
from collab import workflow as _workflow
from collab.model import (Change, ChapterEntry, EditConflict, FactEntry, IndicatorEntry,
                          LanguageStatus, SaveResult, YearPublished, YearStatus)
from collab.place import Place
from collab.store import open_store

__all__ = ["Change", "ChapterEntry", "EditConflict", "FactEntry", "IndicatorEntry",
           "LanguageStatus", "SaveResult", "YearPublished", "YearStatus", "status", "editable",
           "indicator_rows", "save_indicator", "facts", "save_fact", "chapters", "chapter_text",
           "save_chapter", "preview_chapter", "history", "restore", "file_versions", "approve",
           "diff_since_approval", "publish", "reopen"]


def status(org_file: str | Path, year: int) -> YearStatus:
    """The year's state (draft, approved, published), who took each step and when, reopened."""
    place = Place.of(org_file)
    with open_store(place) as store:
        return _workflow.status(store, year)


def editable(org_file: str | Path, year: int) -> bool:
    """True unless the year is published (a published year is read-only until reopened)."""
    return status(org_file, year).state != "published"


def indicator_rows(org_file: str | Path, year: int, lang: str = "fi") -> list[IndicatorEntry]:
    """Every indicator of the commitment and the performance agreement with its value of
    `year` (source, note, missing reason), its file and the version read (base_version)."""
    place = Place.of(org_file)
    with open_store(place) as store:
        return _indicators.rows(place, store, year, lang)


def save_indicator(org_file: str | Path, year: int, indicator_id: str, *, value: str | None,
                   unit: str | None = None, source: str | None = None, note: str | None = None,
                   missing_reason: str | dict[str, str] | None = None, author: str,
                   message: str | None = None, base_version: str, lang: str = "fi") -> SaveResult:
    """Set (value given) or remove (value None or "") the year's value of an indicator, with
    its source and note, and/or its missing reason ("" removes it); the value is read as the
    command line reads it (decimal comma, an optional unit that converts to the indicator's).
    A change meanwhile to another indicator of the file is merged; to this one: EditConflict."""
    place = Place.of(org_file)
    with open_store(place) as store:
        return _indicators.save(place, store, year, indicator_id, value=value, unit=unit,
                                source=source, note=note, missing_reason=missing_reason,
                                author=author, message=message, base_version=base_version,
                                lang=lang, refuse=lambda y: _workflow.refuse_published(store, y))


def facts(org_file: str | Path, lang: str = "fi") -> list[FactEntry]:
    """The measured facts of content/<org>/facts.yaml with the version read."""
    place = Place.of(org_file)
    with open_store(place) as store:
        return _facts.rows(place, store, lang)


def save_fact(org_file: str | Path, fact_id: str, *, value: str, decimals: int | str | None = None,
              unit: str | None = None, year: int | str | None = None, source: str | None = None,
              author: str, message: str | None = None, base_version: str,
              lang: str = "fi") -> SaveResult:
    """Set a fact's value (decimal comma accepted), and its decimals, unit, year and source
    where given; a new id adds the fact (then source and year are required). A fact of a
    published year is refused (YearPublished); a change meanwhile to another fact is merged."""
    place = Place.of(org_file)
    with open_store(place) as store:
        return _facts.save(place, store, fact_id, value=value, decimals=decimals, unit=unit,
                           year=year, source=source, author=author, message=message,
                           base_version=base_version, lang=lang,
                           refuse=lambda y: _workflow.refuse_published(store, y))


def chapters(org_file: str | Path) -> list[ChapterEntry]:
    """The chapters in order, each with its languages and their translation status."""
    place = Place.of(org_file)
    with open_store(place) as store:
        return _chapters.entries(place, store)


def chapter_text(org_file: str | Path, name: str, lang: str) -> tuple[str, str]:
    """The text of chapter `name` (e.g. "07_tasa_arvo") in `lang` and its version ("" and the
    version of the empty text when the translation is missing)."""
    place = Place.of(org_file)
    with open_store(place) as store:
        return _chapters.text(place, store, name, lang)


def save_chapter(org_file: str | Path, name: str, lang: str, text: str, *, author: str,
                 message: str | None = None, base_version: str) -> SaveResult:
    """Save a chapter (or its translation) after checking its front matter as the report does;
    a change meanwhile is merged line by line when the edits do not overlap, else EditConflict
    with the three-way proposal (conflict markers). The report year published: YearPublished."""
    place = Place.of(org_file)
    with open_store(place) as store:
        _workflow.refuse_published(store, place.report_year())
        return _chapters.save(place, store, name, lang, text, author=author, message=message,
                              base_version=base_version)


def preview_chapter(org_file: str | Path, name: str, lang: str, text: str) -> str:
    """The chapter's HTML as the report renders it (sandboxed Markdown and Jinja, facts)."""
    return _chapters.preview(Place.of(org_file), name, lang, text)


def history(org_file: str | Path, *, path: str | Path | None = None, subject: str | None = None,
            since: str | datetime.date | datetime.datetime | None = None,
            year: int | None = None) -> list[Change]:
    """The recorded changes, newest first, of one file (`path`), one subject (an exact subject
    or its prefix ending in ":" or "/"), since a date or time; files changed outside the
    workbench are recorded (kind "external") first."""
    place = Place.of(org_file)
    with open_store(place) as store:
        store.observe_all(place.tracked_files())
        return store.history(path=place.key(path) if path is not None else None,
                             subject=subject, since=since, year=year)


def restore(org_file: str | Path, change_id: int, *, author: str,
            message: str | None = None, base_version: str | None = None) -> SaveResult:
    """Bring the file back to its text after change `change_id`, recorded as a new change;
    with `base_version` (the file's version the person saw) an EditConflict when the file
    changed since, never a silent overwrite of that change."""
    place = Place.of(org_file)
    with open_store(place) as store:
        return _workflow.restore(place, store, change_id, author=author, message=message,
                                 base_version=base_version)


def file_versions(org_file: str | Path) -> dict[str, str]:
    """The version the store holds of each tracked file ({file: version}; after `history`,
    which records outside edits first): the base a restore form posts."""
    place = Place.of(org_file)
    with open_store(place) as store:
        return store.versions()


def approve(org_file: str | Path, year: int, *, author: str) -> YearStatus:
    """Approve the year's content (recorded with the approver and time)."""
    place = Place.of(org_file)
    with open_store(place) as store:
        return _workflow.approve(place, store, year, author=author)


def diff_since_approval(org_file: str | Path, year: int) -> list[Change]:
    """The changes made since the year's last approval (all changes when never approved)."""
    place = Place.of(org_file)
    with open_store(place) as store:
        store.observe_all(place.tracked_files())
        return _workflow.since_approval(store, year)


def publish(org_file: str | Path, year: int, *, author: str, out_dir: str | Path = "out",
            lang: str | None = None, build: Any = None) -> YearStatus:
    """Publish an approved year: build the report (app.report.build_report) into out_dir, then
    freeze the year (app.freezing) with the approver, the publisher and their times in the
    frozen record. `build` replaces the report build (a callable taking org_file, year,
    out_dir, lang) where a caller has built it already."""
    place = Place.of(org_file)
    with open_store(place) as store:
        return _workflow.publish(place, store, year, author=author, out_dir=out_dir, lang=lang,
                                 build=build)


def reopen(org_file: str | Path, year: int, *, author: str, reason: str) -> YearStatus:
    """Reopen a published year for edits, recorded with the reason (in the store and in the
    frozen record, so that the next report build says the published year was reopened)."""
    place = Place.of(org_file)
    with open_store(place) as store:
        return _workflow.reopen(place, store, year, author=author, reason=reason)

