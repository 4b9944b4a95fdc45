"""The yearly report build: data to tagged PDF and HTML. Imports only light modules at start, so
that the PDF worker (WeasyPrint, matplotlib) starts before pandas and pint are imported."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from carbon.settings import DEFAULT_ORG
from carbon.startup import imports_without_gc
from report.render import timing
from report.render.output import PdfWorker

if TYPE_CHECKING:
    from report.pipeline import BuildResult


def build_report(org_file: str | Path = DEFAULT_ORG, year: int | None = None,
                 out_dir: str | Path = "out", lang: str = "fi",
                 accept_missing_spend: bool = False) -> BuildResult:
    """The report of an organisation and year (default: its `report.year`, else the latest
    with data) written into out_dir as HTML and tagged PDF; returns the paths and page count."""
    with PdfWorker() as worker:  # first, so that WeasyPrint imports while the data is read
        with imports_without_gc():
            from report.pipeline import build_report as build  # pandas, pint: after the worker
        timing.mark("imports")
        result = build(org_file, year, out_dir, lang, worker=worker,
                       accept_missing_spend=accept_missing_spend)
    timing.mark("done")
    return result
