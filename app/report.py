"""The yearly report build: data to tagged PDF and HTML. Imports only light modules at start, so
that the PDF worker (WeasyPrint, matplotlib) starts before pandas and pint are imported."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carbon.readers.settings import DEFAULT_ORG
from carbon.startup import imports_without_gc
from report.render import timing
from report.render.output import PdfWorker

if TYPE_CHECKING:
    from report.pipeline import BuildResult


def build_report(org_file: str | Path = DEFAULT_ORG, year: int | None = None,
                 out_dir: str | Path = "out", lang: str = "fi",
                 accept_missing_spend: bool = False,
                 include_original: bool = False) -> BuildResult:
    """The report of an organisation and year (default: its `report.year`, else the latest
    with data) written into out_dir as HTML and tagged PDF; returns the paths and page count.
    A chapter without a translation into `lang` stops the build (InputError listing them all)
    unless `include_original` includes the original, marked as its language."""
    with PdfWorker() as worker:  # first, so that WeasyPrint imports while the data is read
        with imports_without_gc():
            from report.pipeline import build_report as build  # pandas, pint: after the worker
        timing.mark("imports")
        result = build(org_file, year, out_dir, lang, worker=worker,
                       accept_missing_spend=accept_missing_spend,
                       include_original=include_original)
    timing.mark("done")
    return result


@dataclass(frozen=True)
class ContentStatus:
    """The translation status of an organisation's chapters: the content folder, its original
    language, the languages shown, each original's current fingerprint (by chapter id) and a
    row per chapter and language (report.document.translations.ChapterStatus)."""

    folder: Path
    source_lang: str
    languages: list[str]
    fingerprints: dict[str, str]
    rows: list[Any]
    texts: dict[tuple[str, str], list[str]]  # (data file, language) -> keys without that language

    def state(self, chapter_id: str, lang: str) -> str:
        """`source`, `current`, `stale` or `missing`."""
        return next(r.state for r in self.rows if r.id == chapter_id and r.lang == lang)


def content_status(org_file: str | Path = DEFAULT_ORG) -> ContentStatus:
    """Each chapter in each report language: the original, or its translation current, stale
    (the original changed after it was translated: its fingerprint differs) or missing; and
    the data files' localized texts that lack a language."""
    from carbon.errors import InputError
    from carbon.readers.settings import load_organisation
    from report.document.chapters import load_chapters
    from report.document.i18n import languages
    from report.document.translations import (data_texts, fingerprint, missing_texts,
                                              translation_status)
    from sdg.goals import load_goals

    org = load_organisation(org_file)
    folder = (org.raw.get("report") or {}).get("content")
    if not folder:
        raise InputError(org.file, "required setting is missing", key="report.content",
                         code="setting_missing")
    folder = org.path(folder)
    chapters = load_chapters(folder, load_goals(), org.language)
    order = ("fi", "sv", "en")
    langs = [org.language] + sorted((lang for lang in languages() if lang != org.language),
                                    key=lambda x: (order.index(x) if x in order else 9, x))
    return ContentStatus(folder=folder, source_lang=org.language, languages=langs,
                         fingerprints={c.id: fingerprint(c.file) for c in chapters},
                         rows=translation_status(chapters, folder, langs, org.language),
                         texts={(str(file), lang): missing_texts(doc, lang, org.language)
                                for file, doc in data_texts(org, folder) for lang in langs[1:]})
